package sample

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
