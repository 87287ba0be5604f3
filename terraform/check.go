package terraform

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/gcexport/gcexport/catalog"
)

// validLabel is the form of the labels Write gives blocks: Terraform's
// identifier syntax restricted to ASCII.
var validLabel = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "terraform"},
	{Type: "locals"},
}}

// rootsWithoutBlocks are traversal roots that name no resource.
var rootsWithoutBlocks = map[string]bool{
	"path": true, "local": true, "count": true, "each": true,
	"self": true, "terraform": true, "module": true,
}

// Check parses configuration files and verifies them: .tf.json files with
// the JSON parser, .tf and .tfvars files with the native parser, other
// files not at all. Every resource and data block must have valid labels
// and be declared once, and every reference must point at a declared
// resource, data source or variable. The references between blocks must
// form no cycle. Check returns every problem found, joined and sorted.
func Check(files map[string][]byte) error {
	decl := declare(files)
	problems := decl.problems

	edges := map[string][]string{}
	for _, b := range decl.blocks {
		trs, diags := referencesIn(b.body)
		problems = appendDiags(problems, diags)
		seen := map[string]bool{}
		for _, tr := range trs {
			target, ok := referencedAddress(tr)
			if !ok {
				continue
			}
			if !decl.declared[target] {
				problems = append(problems, fmt.Sprintf("%s: %s references %s, which is not declared", b.file, b.addr, target))
				continue
			}
			if !strings.HasPrefix(target, "var.") && !seen[target] {
				seen[target] = true
				edges[b.addr] = append(edges[b.addr], target)
			}
		}
	}
	for _, cycle := range stringCycles(edges) {
		problems = append(problems, "reference cycle: "+strings.Join(cycle, " -> "))
	}

	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = errors.New("terraform: " + p)
	}
	return errors.Join(errs...)
}

// declaredBlock is a resource or data block found by declare.
type declaredBlock struct {
	addr string
	file string
	body hcl.Body
}

// declarations are the blocks and variables of a set of files, and the
// problems found while parsing them.
type declarations struct {
	blocks   []declaredBlock
	declared map[string]bool
	problems []string
}

// declare parses every file and collects its resource, data and variable
// declarations.
func declare(files map[string][]byte) *declarations {
	parser := hclparse.NewParser()
	d := &declarations{declared: map[string]bool{}}
	for _, name := range sortedKeys(files) {
		var f *hcl.File
		var diags hcl.Diagnostics
		switch {
		case strings.HasSuffix(name, ".tf.json"):
			f, diags = parser.ParseJSON(files[name], name)
		case strings.HasSuffix(name, ".tf"):
			f, diags = parser.ParseHCL(files[name], name)
		case strings.HasSuffix(name, ".tfvars"), strings.HasSuffix(name, ".tfvars.example"):
			f, diags = parser.ParseHCL(files[name], name)
			if !diags.HasErrors() {
				_, diags = f.Body.JustAttributes()
			}
			d.problems = appendDiags(d.problems, diags)
			continue
		default:
			continue
		}
		if diags.HasErrors() {
			d.problems = appendDiags(d.problems, diags)
			continue
		}
		content, diags := f.Body.Content(topSchema)
		d.problems = appendDiags(d.problems, diags)
		if content != nil {
			for _, b := range content.Blocks {
				d.add(name, b)
			}
		}
	}
	return d
}

// add records one top-level block of a file.
func (d *declarations) add(file string, b *hcl.Block) {
	var addr string
	switch b.Type {
	case "resource", "data":
		for _, l := range b.Labels {
			if !validLabel.MatchString(l) {
				d.problems = append(d.problems, fmt.Sprintf("%s: %s block label %q is not a valid label", file, b.Type, l))
			}
		}
		addr = b.Labels[0] + "." + b.Labels[1]
		if b.Type == "data" {
			addr = "data." + addr
		}
		d.blocks = append(d.blocks, declaredBlock{addr: addr, file: file, body: b.Body})
	case "variable":
		addr = "var." + b.Labels[0]
	default:
		return
	}
	if d.declared[addr] {
		d.problems = append(d.problems, fmt.Sprintf("%s: %s is declared twice", file, addr))
	}
	d.declared[addr] = true
}

func appendDiags(problems []string, diags hcl.Diagnostics) []string {
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			problems = append(problems, d.Error())
		}
	}
	return problems
}

// referencedAddress returns the block address a traversal points into,
// such as "genesyscloud_user.jane" or "var.secret", or false for roots that
// name no block.
func referencedAddress(tr hcl.Traversal) (string, bool) {
	root := tr.RootName()
	if rootsWithoutBlocks[root] {
		return "", false
	}
	want := 2
	if root == "data" {
		want = 3
	}
	parts := []string{root}
	for _, step := range tr[1:] {
		if len(parts) == want {
			break
		}
		attr, ok := step.(hcl.TraverseAttr)
		if !ok {
			break
		}
		parts = append(parts, attr.Name)
	}
	if len(parts) < want {
		return strings.Join(parts, "."), true
	}
	return strings.Join(parts[:want], "."), true
}

// referencesIn returns every traversal in a block's body, nested blocks
// included. depends_on entries are read as Terraform reads them: as
// traversals, which JSON syntax writes as plain strings.
func referencesIn(body hcl.Body) ([]hcl.Traversal, hcl.Diagnostics) {
	if native, ok := body.(*hclsyntax.Body); ok {
		return nativeReferences(native, true)
	}
	attrs, diags := body.JustAttributes()
	var out []hcl.Traversal
	for _, name := range sortedKeys(attrs) {
		a := attrs[name]
		if name == "depends_on" {
			trs, d := dependsOn(a.Expr)
			out = append(out, trs...)
			diags = append(diags, d...)
			continue
		}
		out = append(out, a.Expr.Variables()...)
	}
	return out, diags
}

func nativeReferences(b *hclsyntax.Body, top bool) ([]hcl.Traversal, hcl.Diagnostics) {
	var out []hcl.Traversal
	var diags hcl.Diagnostics
	for name, a := range b.Attributes {
		if top && name == "depends_on" {
			trs, d := dependsOn(a.Expr)
			out = append(out, trs...)
			diags = append(diags, d...)
			continue
		}
		out = append(out, a.Expr.Variables()...)
	}
	for _, blk := range b.Blocks {
		trs, d := nativeReferences(blk.Body, false)
		out = append(out, trs...)
		diags = append(diags, d...)
	}
	return out, diags
}

func dependsOn(expr hcl.Expression) ([]hcl.Traversal, hcl.Diagnostics) {
	exprs, diags := hcl.ExprList(expr)
	var out []hcl.Traversal
	for _, e := range exprs {
		tr, d := hcl.AbsTraversalForExpr(e)
		diags = append(diags, d...)
		if !d.HasErrors() {
			out = append(out, tr)
		}
	}
	return out, diags
}

// stringCycles returns the strongly connected components of more than one
// node, or of one node with an edge to itself, each sorted, in a fixed order.
func stringCycles(edges map[string][]string) [][]string {
	var out [][]string
	comps := catalog.StronglyConnected(sortedKeys(edges), func(v string) []string { return edges[v] })
	for _, comp := range comps {
		if len(comp) > 1 || containsString(edges[comp[0]], comp[0]) {
			out = append(out, comp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
