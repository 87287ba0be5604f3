package terraform

import "encoding/json"

// node is one value of the configuration being built: litNode, *refNode,
// listNode, mapNode, varNode or callNode. Blocks are kept in body.blocks.
type node interface{}

// litNode is a string, json.Number or bool value.
type litNode struct{ v any }

// listNode is a list or set value. A set's elements are sorted when it is
// rendered.
type listNode struct {
	elems []node
	set   bool
}

// mapNode is a map of string keys to values.
type mapNode map[string]node

// varNode is a reference to an input variable.
type varNode struct{ v *variable }

// callNode is a function call with string literal arguments, such as
// filesha256("../flows/x.yaml").
type callNode struct {
	fn   string
	args []string
}

// traversalNode is a resolved reference, such as
// genesyscloud_user.jane.id or data.genesyscloud_auth_division.Home.id.
type traversalNode struct{ parts []string }

// refNode is a reference from one object to another before resolution.
// Resolution turns it into a traversalNode, keeps the raw id, or drops it.
type refNode struct {
	from *object
	// attr is the dotted provider attribute path, such as "members.user_id".
	attr   string
	toType string
	toID   string
	// topRequired marks a required attribute of the resource itself, which
	// is never dropped because the resource would be invalid without it.
	topRequired bool
	// dependsOn marks an entry of depends_on rather than an attribute value.
	dependsOn bool

	// target is the written object the reference resolves to, of which
	// only the fields that make its address are set.
	target *object
	drop   bool
}

// body is a resource, data source or nested block.
type body struct {
	attrs  map[string]node
	blocks map[string][]*body
	// required names the attributes and block types without which the
	// body is invalid.
	required map[string]bool
}

func newBody() *body {
	return &body{attrs: map[string]node{}, blocks: map[string][]*body{}, required: map[string]bool{}}
}

// object is one raw API object while the writer reads it, and what the
// writer makes of it. The index keeps none of it once the object is done.
type object struct {
	// num is the object's number in the index.
	num int32
	typ string
	id  string
	raw map[string]any
	// parent is the parent object's id for a type listed under a parent.
	parent string
	// children caches, per child type, the objects listed under this one,
	// read when the object's body needs them.
	children map[string][]*object

	mapping *Mapping
	data    bool
	label   string
	refs    []*refNode
}

// address returns the object's Terraform address, such as
// "genesyscloud_user.jane" or "data.genesyscloud_auth_role.employee".
func (o *object) address() string {
	a := resourcePrefix + o.typ + "." + o.label
	if o.data {
		return "data." + a
	}
	return a
}

// numberOf returns v as a JSON number when it is one, from either a float64
// or a json.Number decoding.
func numberOf(v any) (json.Number, bool) {
	switch n := v.(type) {
	case json.Number:
		return n, true
	case float64:
		b, err := json.Marshal(n)
		if err != nil {
			return "", false
		}
		return json.Number(b), true
	case int:
		b, _ := json.Marshal(n)
		return json.Number(b), true
	case int64:
		b, _ := json.Marshal(n)
		return json.Number(b), true
	}
	return "", false
}
