// Package catalog describes the Genesys Cloud resource types that gcexport
// exports: their list and get endpoints, paging styles, page sizes and the
// API field paths through which one object references another. It is plain
// data and pure functions, with no HTTP and no Temporal, so the planner, the
// activities and the tests all read the same declarations.
package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Paging names how a list endpoint is paged.
type Paging string

const (
	// PagingPageNumber is the pageNumber/pageSize style of most configuration
	// lists: page 1 returns pageCount, so later pages can run in parallel.
	PagingPageNumber Paging = "pageNumber"
	// PagingAfter is the after/pageSize style of the credentials listing,
	// where `after` is the id of the last entity of the previous page.
	PagingAfter Paging = "after"
	// PagingCursor is the cursor/pageSize style of /api/v2/users/query.
	PagingCursor Paging = "cursor"
	// PagingScan is the limit/cursor style of the external contacts scan
	// endpoints, whose next cursor is cursors.after.
	PagingScan Paging = "scan"
	// PagingNone is a list that returns every entity in one envelope.
	PagingNone Paging = "none"
	// PagingObject is a path that returns one object, not a listing: the
	// authorization subject of a user or group, under its parent's id.
	PagingObject Paging = "object"
)

// Partition is one slice of a type's listing with its own query parameters.
// A type whose endpoint filters by default (users list only active users
// unless asked) is listed once per partition so that nothing is missed.
type Partition struct {
	// Name identifies the partition in plans, progress and reports.
	Name string
	// Query holds the partition's own query parameters.
	Query map[string][]string
}

// Ref declares that the values at Path in an object of the declaring type
// are ids of objects of type To.
//
// Path is a dot-separated list of JSON field names. A segment ending in "[]"
// steps into every element of an array, and a "*" segment steps into every
// value of an object. A path whose last segment ends in "[]" takes the array's
// string elements as ids.
//
// With SchemaURI set, the reference is a JSON Schema "$ref" anywhere in the
// document at Path: every "$ref" whose URI path starts with SchemaURI names
// the object whose id is the next path segment. Data action contracts
// point at custom schemas this way, as "/api/v2/<type's list path>/{id}",
// optionally absolute (https://api.<region>/...) or versioned
// (".../{id}/versions/{n}").
type Ref struct {
	Path      string
	To        string
	SchemaURI string
	// Where, as "field=value", limits the reference to objects whose
	// top-level field has that string value. It serves fields whose target
	// type depends on another field: a role grant's subject is a user or a
	// group by its type. "" means every object.
	Where string
}

// Type is one exportable resource type.
type Type struct {
	// Name is the Terraform resource type without the "genesyscloud_" prefix.
	Name string
	// ListPath is the path of the list endpoint.
	ListPath string
	// GetPath is the path of the get-by-id endpoint, with "{id}" for the id.
	GetPath string
	Paging  Paging
	// PageSize is the page size asked for; 0 for PagingNone.
	PageSize int
	// ListQuery holds query parameters sent with every list request.
	ListQuery map[string][]string
	// Partitions, when set, lists the type once per partition; nil means one
	// listing with ListQuery alone.
	Partitions []Partition
	// GetEach marks types whose list entries lack fields a restore needs, so
	// every listed object is read again by id: one extra call per object.
	GetEach bool
	// GetQuery holds query parameters sent with every get-by-id request.
	GetQuery map[string][]string
	// Refs lists the fields that reference other types.
	Refs []Ref

	// Parent names the type whose objects this type is listed under, for
	// types with no list endpoint of their own (data table rows, queue
	// members). ListPath and GetPath then contain "{parentId}", the type is
	// listed once per exported parent object, and it depends on its parent.
	Parent string
	// ParentField is the parent object's field that fills "{parentId}";
	// "" means "id".
	ParentField string
	// IDField is the entity field that identifies an object; "" means "id".
	// An object of a parent-listed type is stored as "<parentId>_<value>",
	// because such values are unique only within their parent.
	IDField string
	// OwnedBy names the types whose objects own this type's objects
	// through its references, as a role grant belongs to its subject
	// (user or group) more than to its role. A filtered export keeps an
	// object only when an object it references of one of these types is in
	// the export, and an export with its dependencies that selects one of
	// them exports this type too.
	OwnedBy []string
	// Singleton marks an org-wide settings object: GetPath, without "{id}",
	// returns the one object, which is stored under the type's name.
	Singleton bool
	// Note explains a cost above one request per page, such as a call per
	// object or per parent that no list parameter avoids.
	Note string
}

// ParentToken is the placeholder of the parent's id in a parent-listed
// type's paths.
const ParentToken = "{parentId}"

// Catalog is a set of types indexed by name.
type Catalog struct {
	types map[string]*Type
	names []string
}

// New builds a catalogue from declarations and checks them: names are
// unique, endpoints and paging are set, and every Ref points at a declared
// type.
func New(types []Type) (*Catalog, error) {
	c := &Catalog{types: make(map[string]*Type, len(types))}
	for i := range types {
		t := types[i]
		if t.Name == "" {
			return nil, fmt.Errorf("catalog: type %d has no name", i)
		}
		if _, dup := c.types[t.Name]; dup {
			return nil, fmt.Errorf("catalog: type %q declared twice", t.Name)
		}
		if err := t.check(); err != nil {
			return nil, err
		}
		c.types[t.Name] = &t
		c.names = append(c.names, t.Name)
	}
	sort.Strings(c.names)
	for _, name := range c.names {
		if p := c.types[name].Parent; p != "" {
			if _, ok := c.types[p]; !ok {
				return nil, fmt.Errorf("catalog: %s has unknown parent type %q", name, p)
			}
		}
		for _, owner := range c.types[name].OwnedBy {
			if !slices.ContainsFunc(c.types[name].Refs, func(r Ref) bool { return r.To == owner }) {
				return nil, fmt.Errorf("catalog: %s is owned by %q but has no reference to it", name, owner)
			}
		}
		for _, r := range c.types[name].Refs {
			if _, ok := c.types[r.To]; !ok {
				return nil, fmt.Errorf("catalog: %s ref %q points at unknown type %q", name, r.Path, r.To)
			}
		}
	}
	return c, nil
}

func (t *Type) check() error {
	if err := t.checkEndpoints(); err != nil {
		return err
	}
	for _, r := range t.Refs {
		if _, err := parsePath(r.Path); err != nil {
			return fmt.Errorf("catalog: %s: %w", t.Name, err)
		}
		if r.Where != "" {
			if field, _, ok := strings.Cut(r.Where, "="); !ok || field == "" || strings.ContainsAny(field, ".[]*") {
				return fmt.Errorf("catalog: %s ref %q: where %q must be field=value with a top-level field", t.Name, r.Path, r.Where)
			}
		}
		if r.SchemaURI != "" && (!strings.HasPrefix(r.SchemaURI, "/api/v2/") || !strings.HasSuffix(r.SchemaURI, "/")) {
			return fmt.Errorf("catalog: %s ref %q: schema URI %q must start with /api/v2/ and end with /", t.Name, r.Path, r.SchemaURI)
		}
	}
	return nil
}

func (t *Type) checkEndpoints() error {
	if t.Singleton {
		if t.GetPath == "" || strings.Contains(t.GetPath, "{id}") || t.Parent != "" {
			return fmt.Errorf("catalog: singleton %s needs a get endpoint without {id} and no parent", t.Name)
		}
		return nil
	}
	if t.ListPath == "" || t.GetPath == "" {
		return fmt.Errorf("catalog: %s needs both a list and a get endpoint", t.Name)
	}
	if (t.Parent != "") != strings.Contains(t.ListPath, ParentToken) {
		return fmt.Errorf("catalog: %s: the list path must contain %s if and only if the type has a parent", t.Name, ParentToken)
	}
	if t.Paging == PagingObject && t.Parent == "" {
		return fmt.Errorf("catalog: %s: paging %s is for parent-listed types only", t.Name, PagingObject)
	}
	switch t.Paging {
	case PagingPageNumber, PagingAfter, PagingCursor, PagingScan:
		if t.PageSize <= 0 {
			return fmt.Errorf("catalog: %s is paged by %s but has no page size", t.Name, t.Paging)
		}
	case PagingNone, PagingObject:
	default:
		return fmt.Errorf("catalog: %s has unknown paging %q", t.Name, t.Paging)
	}
	return nil
}

// Names returns every type name, sorted.
func (c *Catalog) Names() []string {
	return append([]string(nil), c.names...)
}

// Type returns the named type, or false when the catalogue has none.
func (c *Catalog) Type(name string) (*Type, bool) {
	t, ok := c.types[name]
	return t, ok
}

// PartitionsOf returns the type's partitions; a type without declared
// partitions has one, named "all", with no extra query.
func (t *Type) PartitionsOf() []Partition {
	if len(t.Partitions) == 0 {
		return []Partition{{Name: "all"}}
	}
	return t.Partitions
}

// Partition returns the named partition of the type.
func (t *Type) Partition(name string) (Partition, bool) {
	for _, p := range t.PartitionsOf() {
		if p.Name == name {
			return p, true
		}
	}
	return Partition{}, false
}
