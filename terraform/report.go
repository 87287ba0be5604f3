package terraform

import (
	"sort"
	"strings"
)

// Reasons a reference is dangling.
const (
	// ReasonMissing is a reference to an object the backup does not hold.
	ReasonMissing = "missing"
	// ReasonUnwritten is a reference to an object the backup holds but the
	// writer did not write: its type has no mapping, or it was skipped.
	ReasonUnwritten = "unwritten"
)

// ObjectRef names one object of the backup.
type ObjectRef struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	// Label is the object's label, or "" when it was not written.
	Label string `json:"label,omitempty"`
}

// Ref is one reference between two objects, by provider attribute path.
type Ref struct {
	From ObjectRef `json:"from"`
	Attr string    `json:"attr"`
	To   ObjectRef `json:"to"`
}

// Dangling is a reference that points outside what was written.
type Dangling struct {
	Ref
	Reason string `json:"reason"`
	// Omitted reports whether the value was left out; false means the raw
	// id was written.
	Omitted bool `json:"omitted"`
}

// Cycle is a reference cycle between objects, and the reference dropped to
// break it. A restore needs a second apply with that reference put back.
type Cycle struct {
	Objects []ObjectRef `json:"objects"`
	Broken  Ref         `json:"broken"`
}

// Problem is an object that could not be written as it is.
type Problem struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Message string `json:"message"`
}

// TypeSummary counts what was written for one type.
type TypeSummary struct {
	Type        string `json:"type"`
	File        string `json:"file"`
	Resources   int    `json:"resources"`
	DataSources int    `json:"dataSources"`
	// Merged lists the child types whose objects are written inside this
	// type's resources, such as a queue's members.
	Merged []string `json:"merged,omitempty"`
}

// Report describes what Write wrote and what it could not. Every list is
// sorted.
type Report struct {
	Format Format        `json:"format"`
	Files  []string      `json:"files"`
	Types  []TypeSummary `json:"types"`
	// NotWritten lists the types present in the backup that have no
	// mapping and are not merged into another type.
	NotWritten      []string   `json:"notWritten"`
	Dangling        []Dangling `json:"dangling"`
	Cycles          []Cycle    `json:"cycles"`
	SelfRefsDropped []Ref      `json:"selfRefsDropped"`
	// UnmappedDependencies counts, by the DependencySource's type name,
	// the dependencies left out of depends_on because no catalogue type
	// matches them (see UnmappedCounter).
	UnmappedDependencies map[string]int `json:"unmappedDependencies"`
	// DataSources lists the addresses of the data sources written for
	// built-in objects.
	DataSources []string `json:"dataSources"`
	// Variables lists the input variables declared for secrets.
	Variables []string  `json:"variables"`
	Problems  []Problem `json:"problems"`
}

// sort orders every list and turns nil lists into empty ones, so the
// report encodes the same way whatever was found.
func (r *Report) sort() {
	for _, l := range []*[]string{&r.Files, &r.NotWritten, &r.DataSources, &r.Variables} {
		if *l == nil {
			*l = []string{}
		}
	}
	if r.Types == nil {
		r.Types = []TypeSummary{}
	}
	if r.Dangling == nil {
		r.Dangling = []Dangling{}
	}
	if r.Cycles == nil {
		r.Cycles = []Cycle{}
	}
	if r.SelfRefsDropped == nil {
		r.SelfRefsDropped = []Ref{}
	}
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	if r.UnmappedDependencies == nil {
		r.UnmappedDependencies = map[string]int{}
	}
	refKey := func(x Ref) string {
		return strings.Join([]string{x.From.Type, x.From.Label, x.From.ID, x.Attr, x.To.Type, x.To.ID}, "\x00")
	}
	sort.Strings(r.NotWritten)
	sort.Strings(r.DataSources)
	sort.Strings(r.Variables)
	sort.Slice(r.Types, func(i, j int) bool { return r.Types[i].Type < r.Types[j].Type })
	sort.Slice(r.Dangling, func(i, j int) bool { return refKey(r.Dangling[i].Ref) < refKey(r.Dangling[j].Ref) })
	sort.Slice(r.SelfRefsDropped, func(i, j int) bool { return refKey(r.SelfRefsDropped[i]) < refKey(r.SelfRefsDropped[j]) })
	sort.Slice(r.Cycles, func(i, j int) bool { return refKey(r.Cycles[i].Broken) < refKey(r.Cycles[j].Broken) })
	sort.Slice(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Message < b.Message
	})
}
