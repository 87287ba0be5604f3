package terraform

import (
	"bytes"
	"testing"
)

// typeFile renders one type's file of data sources and resources with a
// typeFileWriter, for tests that check how values are written.
func typeFile(format Format, tfType string, data, resources []*object, bodies map[*object]*body) ([]byte, error) {
	var buf bytes.Buffer
	f := newTypeFileWriter(&buf, format, tfType)
	for _, o := range data {
		if err := f.add("data", o.label, bodies[o]); err != nil {
			return nil, err
		}
	}
	for _, o := range resources {
		if err := f.add("resource", o.label, bodies[o]); err != nil {
			return nil, err
		}
	}
	if err := f.finish(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func hclTypeFile(tfType string, data, resources []*object, bodies map[*object]*body) ([]byte, error) {
	return typeFile(FormatHCL, tfType, data, resources, bodies)
}

func jsonTypeFile(tfType string, data, resources []*object, bodies map[*object]*body) ([]byte, error) {
	return typeFile(FormatJSON, tfType, data, resources, bodies)
}

// TestTypeFileWriterJSON checks that a JSON file written block by block
// encodes like the whole file marshalled at once.
func TestTypeFileWriterJSON(t *testing.T) {
	full := newBody()
	full.attrs["name"] = litNode{"<Sales & Support>"}
	full.attrs["ids"] = listNode{elems: []node{litNode{"a"}, traversalNode{[]string{"genesyscloud_user", "x", "id"}}}}
	full.attrs["m"] = mapNode{"k": litNode{true}}
	inner := newBody()
	inner.attrs["n"] = litNode{"1"}
	full.blocks["nested"] = []*body{inner, newBody()}
	bodies := map[*object]*body{}
	var data, resources []*object
	for i, label := range []string{"d1", "d2", "r1", "r2", "r3"} {
		o := &object{label: label}
		bodies[o] = full
		if i%2 == 0 {
			bodies[o] = newBody()
		}
		if label[0] == 'd' {
			data = append(data, o)
		} else {
			resources = append(resources, o)
		}
	}
	cases := []struct {
		name            string
		data, resources []*object
	}{
		{"empty", nil, nil},
		{"data only", data, nil},
		{"resources only", nil, resources},
		{"both", data, resources},
	}
	for _, c := range cases {
		got, err := jsonTypeFile("genesyscloud_t", c.data, c.resources, bodies)
		if err != nil {
			t.Fatal(err)
		}
		root := map[string]any{}
		for kind, objs := range map[string][]*object{"data": c.data, "resource": c.resources} {
			if len(objs) == 0 {
				continue
			}
			blocks := map[string]any{}
			for _, o := range objs {
				blocks[o.label] = jsonBody(bodies[o])
			}
			root[kind] = map[string]any{"genesyscloud_t": blocks}
		}
		want, err := marshalJSON(root)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: got\n%s\nwant\n%s", c.name, got, want)
		}
	}
}
