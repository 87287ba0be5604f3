package terraform

// Constructors that keep the mapping tables short. Each returns an Attr of
// one kind; fields not given stay zero.

func str(name, path string) Attr     { return Attr{Name: name, Path: path, Kind: KindString} }
func num(name, path string) Attr     { return Attr{Name: name, Path: path, Kind: KindNumber} }
func boolean(name, path string) Attr { return Attr{Name: name, Path: path, Kind: KindBool} }
func set(name, path string) Attr     { return Attr{Name: name, Path: path, Kind: KindSet} }
func list(name, path string) Attr    { return Attr{Name: name, Path: path, Kind: KindList} }
func jsonAttr(name, path string) Attr {
	return Attr{Name: name, Path: path, Kind: KindJSON}
}

// required returns a with Required set.
func required(a Attr) Attr {
	a.Required = true
	return a
}

// ref is a string attribute holding the id of an object of type to.
func ref(name, path, to string) Attr {
	return Attr{Name: name, Path: path, Kind: KindString, Ref: to}
}

// refSet is a set of ids of objects of type to, each at elem inside the
// elements at path.
func refSet(name, path, elem, to string) Attr {
	return Attr{Name: name, Path: path, Elem: elem, Kind: KindSet, Ref: to}
}

// refList is refSet for an ordered list.
func refList(name, path, elem, to string) Attr {
	return Attr{Name: name, Path: path, Elem: elem, Kind: KindList, Ref: to}
}

// block is a nested block per element at path.
func block(name, path string, attrs ...Attr) Attr {
	return Attr{Name: name, Path: path, Kind: KindBlock, Attrs: attrs}
}

// objects is a list or set of objects per element at path.
func objects(name, path string, attrs ...Attr) Attr {
	return Attr{Name: name, Path: path, Kind: KindObjects, Attrs: attrs}
}

// nameAttr is the required name most resources have.
var nameAttr = required(str("name", "name"))

// divisionAttr is the division_id of a divisioned object.
var divisionAttr = ref("division_id", "division.id", "auth_division")

// isTrue reports whether obj's field is the boolean true.
func isTrue(obj map[string]any, field string) bool {
	v, _ := obj[field].(bool)
	return v
}

// mappings holds every mapping by catalogue type.
var mappings = indexMappings(peopleMappings, routingMappings, architectMappings,
	integrationMappings, telephonyMappings, promptMappings, emailMappings, edgeMappings,
	outboundMappings, externalContactMappings, schemaMappings)

func indexMappings(groups ...[]*Mapping) map[string]*Mapping {
	out := map[string]*Mapping{}
	for _, g := range groups {
		for _, m := range g {
			if out[m.Type] != nil {
				panic("terraform: two mappings for " + m.Type)
			}
			out[m.Type] = m
		}
	}
	return out
}

// MappedTypes returns the catalogue types that have a mapping, sorted.
func MappedTypes() []string { return sortedKeys(mappings) }
