package sample

import "fmt"

// organizationNames repeat "Acme Corp" and mix scripts and punctuation.
var organizationNames = []string{
	"Acme Corp", "Acme Corp", "Société Générale d'Exemple", "株式会社サンプル", "ООО «Пример»",
	"شركة المثال", "O'Malley & Sons, Ltd.", "Müller GmbH", "Example Health (EMEA)",
	"Contoso — Retail", "Fabrikam/Logistics", "Northwind Traders",
}

var industries = []string{"Retail", "Finance", "Health", "Logistics", "Manufacturing", "Public Sector"}

// addExternalContacts adds external organizations and contacts. Every
// third organization and every fourth contact uses a custom field schema.
func (g *generator) addExternalContacts(resources map[string][]map[string]any) {
	resources[typeExternalOrganization] = g.externalOrganizations()
	resources[typeExternalContact] = g.externalContacts()
}

func (g *generator) externalOrganizations() []map[string]any {
	n := len(g.names[typeExternalOrganization])
	out := make([]map[string]any, n)
	for i := range n {
		org := map[string]any{
			"id":          g.id(typeExternalOrganization, i),
			"name":        g.name(typeExternalOrganization, i),
			"division":    g.ref(typeDivision, divisionHome),
			"companyType": "Customer",
			"industry":    industries[i%len(industries)],
			"address": map[string]any{
				"address1": fmt.Sprintf("%d Example Street", 10+i), "city": "Indianapolis",
				"state": "IN", "postalCode": "46204", "countryCode": "US",
			},
			"phoneNumber":   phoneNumber(200 + i%100),
			"websites":      []any{fmt.Sprintf("https://org%d.example.com", i)},
			"tickers":       []any{},
			"tags":          []any{industries[i%len(industries)]},
			"employeeCount": 10 * (1 + g.rng.IntN(500)),
			"createDate":    g.timestamp(),
			"modifyDate":    g.timestamp(),
			"selfUri":       g.selfURI(typeExternalOrganization, i),
		}
		if i%3 == 0 {
			org["schema"] = g.schemaRef(typeOrgSchema, 0)
			org["customFields"] = map[string]any{"accountTier_text": []string{"Gold", "Silver"}[i%2]}
		}
		out[i] = org
	}
	return out
}

var contactTitles = []string{"Buyer", "CFO", "Office Manager", "IT Lead", "担当者", "Директор"}

func (g *generator) externalContacts() []map[string]any {
	n := contactsPerScale * g.scale
	orgs := len(g.names[typeExternalOrganization])
	out := make([]map[string]any, n)
	for i := range n {
		first := firstNames[g.rng.IntN(len(firstNames))]
		last := lastNames[g.rng.IntN(len(lastNames))]
		if i < len(specialUserNames) && i%3 == 0 {
			first, last = specialUserNames[i], ""
		}
		contact := map[string]any{
			"id":           g.id(typeExternalContact, i),
			"division":     g.ref(typeDivision, divisionHome),
			"firstName":    first,
			"lastName":     last,
			"title":        contactTitles[i%len(contactTitles)],
			"workPhone":    phoneNumber(300 + i%100),
			"workEmail":    fmt.Sprintf("contact%03d@example.com", i),
			"type":         "Curated",
			"surveyOptOut": i%7 == 0,
			"createDate":   g.timestamp(),
			"modifyDate":   g.timestamp(),
			"selfUri":      g.selfURI(typeExternalContact, i),
		}
		if i%5 != 4 {
			o := g.rng.IntN(orgs)
			contact["externalOrganization"] = map[string]any{
				"id": g.id(typeExternalOrganization, o), "name": g.name(typeExternalOrganization, o),
				"selfUri": g.selfURI(typeExternalOrganization, o),
			}
		}
		if i%4 == 0 {
			contact["schema"] = g.schemaRef(typeContactSchema, i/4%2)
			contact["customFields"] = map[string]any{"loyaltyTier_enum": []string{"Gold", "Silver", "Bronze"}[i%3]}
		}
		out[i] = contact
	}
	return out
}

// phoneNumber returns a PhoneNumber in the 555-01xx range.
func phoneNumber(n int) map[string]any {
	n = 100 + n%100
	return map[string]any{
		"display":     fmt.Sprintf("+1 317-555-%04d", n),
		"e164":        fmt.Sprintf("+1317555%04d", n),
		"countryCode": "US",
	}
}
