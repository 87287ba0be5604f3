package sample

import "slices"

var groupNames = []string{
	"Tier 1 Support", "Tier 2 Support", "Escalations", "Sales — EMEA", "Ventas LATAM",
	"東京チーム", "Группа поддержки", "فريق الدعم", `Team "Night Owls"`, "Supervisors",
	"Supervisors", "All Agents", "Billing & Payments", "VIP/Platinum", "Ops (on-call)",
}

func (g *generator) groups() []map[string]any {
	n := len(g.names[typeGroup])
	out := make([]map[string]any, n)
	for i := range n {
		owners := []any{}
		for _, o := range g.pick(1+g.rng.IntN(2), len(g.names[typeUser])) {
			owners = append(owners, g.idRef(typeUser, o))
		}
		group := map[string]any{
			"id":            g.id(typeGroup, i),
			"name":          g.name(typeGroup, i),
			"description":   "Sample group " + g.name(typeGroup, i),
			"dateModified":  g.timestamp(),
			"memberCount":   len(g.groupMembers[i]),
			"state":         "active",
			"version":       1 + g.rng.IntN(4),
			"type":          "official",
			"addresses":     []any{},
			"rulesVisible":  true,
			"visibility":    []string{"public", "members", "owners"}[i%3],
			"rolesEnabled":  i%2 == 0,
			"includeOwners": false,
			"callsEnabled":  false,
			"owners":        owners,
			"selfUri":       g.selfURI(typeGroup, i),
		}
		if i == 0 {
			group["addresses"] = []any{map[string]any{
				"address": "+13175550199", "display": "+1 317-555-0199", "type": "GROUPRING", "mediaType": "PHONE",
			}}
		}
		out[i] = group
	}
	return out
}

// addPeople adds group members, the role grants of users and groups, and
// teams with their members.
func (g *generator) addPeople(resources map[string][]map[string]any) {
	resources[typeGroupMember] = g.groupMemberEntries(resources[typeGroup])
	resources[typeUserRoles] = g.userSubjects()
	resources[typeGroupRoles] = g.groupSubjects()
	resources[typeTeam] = g.teams()
	resources[typeTeamMember] = g.teamMembers()
}

// memberEntry is a user as the group members list returns it: without the
// fields that only expand adds.
func (g *generator) memberEntry(u int) map[string]any {
	state := "active"
	if g.userInactive(u) {
		state = "inactive"
	}
	return map[string]any{
		"id":       g.id(typeUser, u),
		"name":     g.name(typeUser, u),
		"division": g.ref(typeDivision, divisionHome),
		"state":    state,
		"version":  1,
		"selfUri":  g.selfURI(typeUser, u),
	}
}

// groupMemberEntries lists every group's members: the users whose groups
// name the group, and its owners, which GET /api/v2/groups/{id}/members
// includes too.
func (g *generator) groupMemberEntries(groups []map[string]any) []map[string]any {
	var out []map[string]any
	for gr := range g.names[typeGroup] {
		members := slices.Clone(g.groupMembers[gr])
		for _, owner := range groups[gr]["owners"].([]any) {
			id := owner.(map[string]any)["id"].(string)
			members = append(members, g.userIndex[id])
		}
		slices.Sort(members)
		for _, u := range slices.Compact(members) {
			out = append(out, withParent(g.memberEntry(u), g.id(typeGroup, gr)))
		}
	}
	return out
}

// grant is one role granted in one division; division -1 is every division.
type grant struct{ role, division int }

func (g *generator) subject(typ string, i int, grants []grant) map[string]any {
	subjectID := g.id(typ, i)
	list := make([]any, len(grants))
	for j, gr := range grants {
		division := map[string]any{"id": "*", "name": "All divisions"}
		if gr.division >= 0 {
			division = map[string]any{"id": g.id(typeDivision, gr.division), "name": divisionNames[gr.division]}
		}
		list[j] = map[string]any{
			"subjectId":   subjectID,
			"division":    division,
			"role":        map[string]any{"id": g.id(typeRole, gr.role), "name": g.name(typeRole, gr.role)},
			"grantMadeAt": g.timestamp(),
		}
	}
	return map[string]any{
		"id":      subjectID,
		"name":    g.name(typ, i),
		"grants":  list,
		"version": 1,
		"selfUri": "/api/v2/authorization/subjects/" + subjectID,
	}
}

// userSubjects grants each user's roles in the home division, the custom
// roles in the divisions they are for, and the director's Master Admin in
// every division.
func (g *generator) userSubjects() []map[string]any {
	n := len(g.names[typeUser])
	out := make([]map[string]any, n)
	for i := range n {
		var grants []grant
		for _, r := range g.userRoles(i) {
			switch {
			case i == userDirector && r == roleMasterAdmin:
				grants = append(grants, grant{r, -1})
			case r == roleQueueSupervisorTokyo:
				grants = append(grants, grant{r, divisionJapan})
			case r == roleQueueAdminMoscow:
				grants = append(grants, grant{r, 4}, grant{r, divisionHome})
			default:
				grants = append(grants, grant{r, divisionHome})
			}
		}
		out[i] = g.subject(typeUser, i, grants)
	}
	return out
}

// groupSubjects grants roles to the groups whose roles are enabled; the
// others have no grants.
func (g *generator) groupSubjects() []map[string]any {
	n := len(g.names[typeGroup])
	out := make([]map[string]any, n)
	for i := range n {
		var grants []grant
		if i%2 == 0 {
			grants = append(grants, grant{roleReporting, i % len(divisionNames)})
			if i%4 == 0 {
				grants = append(grants, grant{roleSupervisor, divisionHome})
			}
		}
		out[i] = g.subject(typeGroup, i, grants)
	}
	return out
}

var teamNames = []string{"Team Ωmega", "Équipe Paris", "東京チーム", "Night Owls 🦉", "Team Ωmega"}

func (g *generator) teams() []map[string]any {
	out := make([]map[string]any, len(teamNames))
	for i, name := range teamNames {
		out[i] = map[string]any{
			"id":           g.id(typeTeam, i),
			"name":         name,
			"division":     g.ref(typeDivision, i%len(divisionNames)),
			"description":  "Team " + name,
			"dateCreated":  g.timestamp(),
			"dateModified": g.timestamp(),
			"memberCount":  len(g.teamUsers(i)),
			"selfUri":      g.selfURI(typeTeam, i),
		}
	}
	return out
}

// teamUsers returns the users of team i: a user belongs to at most one
// team, and every fourth user to none.
func (g *generator) teamUsers(team int) []int {
	var users []int
	for u := range g.names[typeUser] {
		if u%4 != 3 && u%len(teamNames) == team {
			users = append(users, u)
		}
	}
	return users
}

func (g *generator) teamMembers() []map[string]any {
	var out []map[string]any
	for t := range teamNames {
		for _, u := range g.teamUsers(t) {
			out = append(out, withParent(map[string]any{
				"id": g.id(typeUser, u), "name": g.name(typeUser, u), "selfUri": g.selfURI(typeUser, u),
			}, g.id(typeTeam, t)))
		}
	}
	return out
}
