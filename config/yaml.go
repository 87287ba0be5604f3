package config

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gcexport/gcexport/internal/typehint"
)

// checkYAML checks the shape of a config file before viper reads it, because
// viper accepts unknown keys silently and flattens letter case. It returns
// one error per unknown key, duplicate key or value of the wrong shape, and
// the lower-case paths of the keys whose values must not be validated
// further. A syntax error, a duplicate key or a top level that is not a
// mapping is fatal.
func checkYAML(data []byte, file string) (problems []error, badKeys map[string]bool, fatal error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("config: cannot parse %s: %w", file, err)
	}
	badKeys = map[string]bool{}
	if len(doc.Content) == 0 {
		return nil, badKeys, nil // empty file or only comments
	}

	root := doc.Content[0]
	if isNull(root) {
		return nil, badKeys, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("config: %s (line %d): the top level must be a mapping with keys such as genesys, temporal and output",
			file, root.Line)
	}

	checker := &yamlChecker{file: file, badKeys: badKeys}
	checker.walk(root, "")
	if checker.duplicates {
		// viper rejects the file too, with a less helpful message, so stop
		// here with every problem of the file.
		return nil, nil, joinSorted(checker.problems)
	}
	return checker.problems, badKeys, nil
}

type yamlChecker struct {
	file       string
	problems   []error
	badKeys    map[string]bool
	duplicates bool
}

func (c *yamlChecker) report(format string, args ...any) {
	c.problems = append(c.problems, fmt.Errorf(format, args...))
}

func (c *yamlChecker) walk(mapping *yaml.Node, prefix string) {
	seen := map[string]int{} // lower-case key to the line it first appeared on
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		keyNode, value := mapping.Content[i], mapping.Content[i+1]
		key := keyNode.Value
		if prefix != "" {
			key = prefix + "." + keyNode.Value
		}
		lower := strings.ToLower(key)

		if first, ok := seen[lower]; ok {
			c.report("config: duplicate key %q in %s (lines %d and %d)", key, c.file, first, keyNode.Line)
			c.duplicates = true
			continue
		}
		seen[lower] = keyNode.Line

		if value.Kind == yaml.AliasNode && value.Alias != nil {
			value = value.Alias
		}
		switch {
		case isSection(key):
			c.walkSection(key, value)
		case isLeaf(key):
			if value.Kind != yaml.ScalarNode {
				c.report("config: %s: must be a single value, not a list or mapping (%s line %d)", key, c.file, value.Line)
				c.badKeys[lower] = true
			}
		default:
			c.report("config: unknown key %q in %s (line %d)%s", key, c.file, keyNode.Line, suggestion(key))
		}
	}
}

func (c *yamlChecker) walkSection(section string, value *yaml.Node) {
	switch {
	case value.Kind == yaml.MappingNode:
		c.walk(value, section)
	case isNull(value):
		// "genesys:" with nothing under it sets nothing.
	default:
		c.report("config: %s: must be a mapping with keys %s (%s line %d)",
			section, strings.Join(sectionKeys(section), ", "), c.file, value.Line)
		for _, name := range sectionKeys(section) {
			c.badKeys[strings.ToLower(section+"."+name)] = true
		}
	}
}

func isLeaf(key string) bool {
	_, ok := lookupSetting(key)
	return ok
}

func isNull(node *yaml.Node) bool {
	return node.Kind == yaml.ScalarNode && node.Tag == "!!null"
}

// suggestion returns ` (did you mean "x"?)` for the known key closest to an
// unknown one, when it is at most two edits away.
func suggestion(unknown string) string {
	var candidates []string
	for _, s := range settings {
		candidates = append(candidates, s.key)
	}
	candidates = append(candidates, sections...)
	sort.Strings(candidates)

	best, bestDistance := "", 3
	for _, candidate := range candidates {
		if d := typehint.EditDistance(strings.ToLower(unknown), strings.ToLower(candidate)); d < bestDistance {
			best, bestDistance = candidate, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
