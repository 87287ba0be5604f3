// Package filter compiles the include, exclude and divisions lists of an
// export request into a Set, which decides which types are exported and
// which of their objects are kept.
//
// # Filter strings
//
// Each entry of include and exclude is one filter string:
//
//	routing_queue                            every object of the type
//	routing_queue::Sales.*                   objects whose name matches
//	routing_queue::id:6f1b0c2e-...           the object with that id
//	integration::integrationType.id=webhook  objects whose field has the value
//	user::skills[].id!=s1                    objects whose field lacks it
//
// The type is a catalogue type name. A regex uses Go's RE2 syntax and must
// match the whole name: it is compiled as ^(?:regex)$, so "Sales" does not
// match "Sales EMEA". The name is the object's "name" field, or the field
// that the type's catalog.Type.IDField names when it is set. Only string
// names match. An id filter compares the same IDField (or "id") with the
// id.
//
// A field filter's path follows the catalogue's reference path syntax (see
// catalog.Ref): field names joined by ".", a "[]" suffix to visit every
// element of an array and "*" to visit every value of an object. Values are
// read with catalog.ExtractScalars: strings as they are, booleans and
// numbers as their JSON text ("false", "15"). "path=value" keeps an object when any value at the path equals
// value. "path!=value" is its negation: it keeps an object when no value at
// the path equals value, including an object without the field.
//
// The text after "::" is read in this order. Text starting with "id:",
// after any whitespace, is an id filter. Text whose part before the first
// "=" (less a trailing "!") is empty or made only of letters, digits, the
// characters _-.* and closed pairs of [ and ] is a field filter. Anything
// else is a regex. To match "=" or a leading "id:" in a name, write them as
// [=] or [i]d: in the regex.
//
// # Whitespace
//
// Whitespace around the type, the "id:" prefix, an id, a field path and a
// division id is trimmed, because these never contain spaces and comma-separated
// command-line lists often carry a space after each comma. A regex or a
// field value that starts or ends with whitespace is rejected rather than
// trimmed, because spaces are significant in names: a stray space would
// otherwise make the filter match nothing without saying so. Write a wanted
// edge space as [ ] or \s.
//
// # Combining filters
//
// An empty include list selects every catalogue type. An object is kept when
// its type is selected, at least one include filter of its type matches (a
// bare type matches every object), no exclude filter matches and the
// division rule keeps it. Exclude therefore wins over include, and a bare
// type in exclude removes the type whatever include lists, with the types
// listed under it (such as group_member under group), since listing those
// would export the parents. Repeated filters are tolerated and count once.
//
// # Divisions
//
// A non-empty divisions list keeps an object whose division.id is one of
// the listed ids, and drops an object whose division.id is another id. An
// object whose division.id is the "*" wildcard, which wrap-up codes carry
// when they belong to every division, is kept. An object without a division
// id is kept, unless its type declares a "division.id" reference in the
// catalogue: such a type is divisioned, so an object of it without a
// division cannot be shown to be in a listed division and is dropped.
//
// A Set is read-only after Compile and safe for concurrent use.
package filter
