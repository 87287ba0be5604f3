package terraform

import "sort"

// Attribute names follow the provider's documentation pages
// docs/resources/<type>.md (MyPureCloud/terraform-provider-genesyscloud).
// Attributes whose values come from other endpoints (a user's utilization
// and voicemail policies, a role's default_role_id) are left out.
var peopleMappings = []*Mapping{
	{
		Type:  "auth_division",
		Attrs: []Attr{nameAttr, str("description", "description")},
		// The home division exists in every org and cannot be created.
		DataSource: func(obj map[string]any) bool { return isTrue(obj, "homeDivision") },
		DataAttrs:  []Attr{nameAttr},
	},
	{
		Type: "auth_role",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			set("permissions", "permissions[]"),
			block("permission_policies", "permissionPolicies[]",
				required(str("domain", "domain")),
				required(str("entity_name", "entityName")),
				required(set("action_set", "actionSet[]")),
				Attr{Name: "conditions", Build: roleConditions},
			),
		},
		// Base and default roles come with the org; default roles could be
		// managed through default_role_id, but a restore only needs to name
		// them.
		DataSource: func(obj map[string]any) bool { return isTrue(obj, "base") || isTrue(obj, "default") },
		DataAttrs:  []Attr{nameAttr},
	},
	{
		Type: "user",
		Attrs: []Attr{
			required(str("email", "email")),
			nameAttr,
			divisionAttr,
			str("state", "state"),
			str("title", "title"),
			str("department", "department"),
			ref("manager", "manager.id", "user"),
			boolean("acd_auto_answer", "acdAutoAnswer"),
			set("profile_skills", "profileSkills[]"),
			set("certifications", "certifications[]"),
			objects("addresses", "",
				Attr{Name: "other_emails", Path: "addresses[]", Kind: KindObjects, Where: "mediaType=EMAIL",
					Attrs: []Attr{str("address", "address"), str("type", "type")}},
				Attr{Name: "phone_numbers", Path: "addresses[]", Kind: KindObjects, Where: "mediaType!=EMAIL",
					Attrs: []Attr{str("number", "address"), str("media_type", "mediaType"),
						str("type", "type"), str("extension", "extension")}},
			),
			objects("routing_skills", "skills[]",
				required(ref("skill_id", "id", "routing_skill")), num("proficiency", "proficiency")),
			objects("routing_languages", "languages[]",
				required(ref("language_id", "id", "routing_language")), num("proficiency", "proficiency")),
			objects("locations", "locations[]",
				required(ref("location_id", "locationDefinition.id", "location")), str("notes", "notes")),
			objects("employer_info", "employerInfo",
				str("official_name", "officialName"), str("employee_id", "employeeId"),
				str("employee_type", "employeeType"), str("date_hire", "dateHire")),
		},
		// Genesys' own exporter labels users by email, which is unique.
		Label: func(_ *labelSource, o *object) string { return stringField(o.raw, "email") },
	},
	{
		Type: "user_roles",
		Attrs: []Attr{
			required(ref("user_id", "@id", "user")),
			{Name: "roles", Build: subjectRoles},
		},
		Label: subjectLabel("user"),
	},
	{
		Type: "group",
		Attrs: []Attr{
			nameAttr,
			str("description", "description"),
			str("type", "type"),
			str("visibility", "visibility"),
			boolean("rules_visible", "rulesVisible"),
			boolean("calls_enabled", "callsEnabled"),
			boolean("roles_enabled", "rolesEnabled"),
			refList("owner_ids", "owners[]", "id", "user"),
			{Name: "member_ids", Child: "group_member", Path: "id", Kind: KindSet, Ref: "user"},
			block("addresses", "addresses[]",
				str("number", "address"), str("extension", "extension"), required(str("type", "type"))),
		},
	},
	{
		Type: "group_roles",
		Attrs: []Attr{
			required(ref("group_id", "@id", "group")),
			{Name: "roles", Build: subjectRoles},
		},
		Label: subjectLabel("group"),
	},
	{
		Type: "team",
		Attrs: []Attr{
			nameAttr,
			required(divisionAttr),
			str("description", "description"),
			{Name: "member_ids", Child: "team_member", Path: "id", Kind: KindSet, Ref: "user"},
		},
	},
}

// subjectLabel labels an authorization subject like the user or group it
// belongs to, whose id it shares.
func subjectLabel(typ string) func(*labelSource, *object) string {
	return func(l *labelSource, o *object) string {
		if owner := l.object(typ, o.id); owner != nil {
			return l.text(owner)
		}
		return stringField(o.raw, "name")
	}
}

// subjectRoles turns an authorization subject's grants, one per role and
// division, into roles blocks with the divisions of each role. Grants the
// subject holds through a group name another subjectId and are left to
// that group's group_roles.
func subjectRoles(b *builder, obj map[string]any) node {
	divisions := map[string][]string{}
	for _, g := range walkPath(obj, "grants[]") {
		if subject := stringField(g.v, "subjectId"); subject != "" && subject != b.obj.id {
			continue
		}
		role := stringField(g.v, "role.id")
		if role == "" {
			continue
		}
		divisions[role] = append(divisions[role], stringField(g.v, "division.id"))
	}
	roles := sortedKeys(divisions)
	var out blockList
	for _, role := range roles {
		blk := newBody()
		blk.required["role_id"] = true
		b.nested("role_id", func() { blk.attrs["role_id"] = b.ref("auth_role", role, false) })
		ids := listNode{set: true}
		b.nested("division_ids", func() {
			divs := divisions[role]
			sort.Strings(divs)
			for _, d := range divs {
				switch d {
				case "":
				case "*":
					ids.elems = append(ids.elems, litNode{"*"})
				default:
					ids.elems = append(ids.elems, b.ref("auth_division", d, false))
				}
			}
		})
		if len(ids.elems) > 0 {
			blk.attrs["division_ids"] = ids
		}
		out = append(out, blk)
	}
	return out
}

// roleConditions turns a permission policy's resourceConditionNode into
// the conditions block. The provider models a condition as a conjunction of
// terms; a node that is itself a single comparison becomes one term joined
// with "AND".
func roleConditions(b *builder, policy map[string]any) node {
	vals := walkPath(policy, "resourceConditionNode")
	if len(vals) == 0 {
		return nil
	}
	root, ok := vals[0].v.(map[string]any)
	if !ok {
		return nil
	}
	terms := walkPath(root, "terms[]")
	if len(terms) == 0 && stringField(root, "variableName") != "" {
		terms = []elem{{v: root}}
	}
	cond := newBody()
	cond.required["conjunction"] = true
	cond.required["terms"] = true
	conj := stringField(root, "conjunction")
	if conj == "" {
		conj = "AND"
	}
	cond.attrs["conjunction"] = litNode{conj}
	b.nested("terms", func() {
		for _, t := range terms {
			cond.blocks["terms"] = append(cond.blocks["terms"], b.buildBody(conditionTerm, t.v, ""))
		}
	})
	return blockList{cond}
}

var conditionTerm = []Attr{
	required(str("variable_name", "variableName")),
	required(str("operator", "operator")),
	required(block("operands", "operands[]",
		required(str("type", "type")),
		str("value", "value"),
		ref("queue_id", "queue.id", "routing_queue"),
		ref("user_id", "user.id", "user"),
	)),
}
