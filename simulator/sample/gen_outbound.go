package sample

// Script names repeat "Retention Offer" and use several scripts.
var scriptNames = []string{"Retention Offer", "Guion de ventas — 2026", "カスタマー対応スクリプト", "Survey / NPS (v2)", "Retention Offer"}

type contactListSpec struct {
	name     string
	division int
	columns  []string
	phones   []string
}

var contactListSpecs = []contactListSpec{
	{"Renewals Q3", divisionSales, []string{"FirstName", "LastName", "Phone", "AccountId"}, []string{"Phone"}},
	{"Encuesta de satisfacción", divisionSupport, []string{"Nombre", "Teléfono", "Móvil"}, []string{"Teléfono", "Móvil"}},
	{"顧客リスト", divisionJapan, []string{"氏名", "電話番号"}, []string{"電話番号"}},
}

type campaignSpec struct {
	name, dialingMode string
	contactList       int
	script            int
	edgeGroup, site   int // -1: none
	division          int
}

// One campaign dials through an edge group and one through a site, as a
// campaign takes either.
var campaignSpecs = []campaignSpec{
	{"Renewals — Preview", "preview", 0, 0, 0, -1, divisionSales},
	{"Encuesta NPS (agentless)", "agentless", 1, 3, -1, siteIndianapolis, divisionSupport},
	{"顧客フォロー", "progressive", 2, 2, 1, -1, divisionJapan},
}

// addOutbound adds contact lists, campaigns and scripts.
func (g *generator) addOutbound(resources map[string][]map[string]any) {
	resources[typeContactList] = g.contactLists()
	resources[typeCampaign] = g.campaigns()
	resources[typeScript] = g.scripts()
}

func (g *generator) contactLists() []map[string]any {
	out := make([]map[string]any, len(contactListSpecs))
	for i, spec := range contactListSpecs {
		columns := make([]any, len(spec.columns))
		for j, c := range spec.columns {
			columns[j] = c
		}
		phones := make([]any, len(spec.phones))
		for j, c := range spec.phones {
			phones[j] = map[string]any{"columnName": c, "type": []string{"Home", "Cell"}[j%2]}
		}
		out[i] = map[string]any{
			"id":                        g.id(typeContactList, i),
			"name":                      spec.name,
			"division":                  g.ref(typeDivision, spec.division),
			"dateCreated":               g.timestamp(),
			"dateModified":              g.timestamp(),
			"version":                   1 + g.rng.IntN(4),
			"columnNames":               columns,
			"phoneColumns":              phones,
			"emailColumns":              []any{},
			"previewModeColumnName":     "",
			"previewModeAcceptedValues": []any{},
			"automaticTimeZoneMapping":  false,
			"trimWhitespace":            true,
			"selfUri":                   g.selfURI(typeContactList, i),
		}
	}
	return out
}

func (g *generator) campaigns() []map[string]any {
	out := make([]map[string]any, len(campaignSpecs))
	for i, spec := range campaignSpecs {
		c := map[string]any{
			"id":                    g.id(typeCampaign, i),
			"name":                  spec.name,
			"division":              g.ref(typeDivision, spec.division),
			"dateCreated":           g.timestamp(),
			"dateModified":          g.timestamp(),
			"version":               1 + g.rng.IntN(4),
			"contactList":           g.ref(typeContactList, spec.contactList),
			"script":                g.ref(typeScript, spec.script),
			"dialingMode":           spec.dialingMode,
			"campaignStatus":        []string{"off", "on", "stopping"}[i%3],
			"phoneColumns":          []any{map[string]any{"columnName": contactListSpecs[spec.contactList].phones[0]}},
			"abandonRate":           3.0,
			"dncLists":              []any{},
			"ruleSets":              []any{},
			"contactListFilters":    []any{},
			"callerName":            "Northwind",
			"callerAddress":         "+13175550100",
			"outboundLineCount":     5 + 5*i,
			"skipPreviewDisabled":   false,
			"previewTimeOutSeconds": 300,
			"alwaysRunning":         false,
			"noAnswerTimeout":       30,
			"callAnalysisLanguage":  "en-US",
			"priority":              5,
			"selfUri":               g.selfURI(typeCampaign, i),
		}
		if spec.dialingMode != "agentless" {
			c["queue"] = g.ref(typeQueue, queueOutbound)
		}
		if spec.edgeGroup >= 0 {
			c["edgeGroup"] = g.ref(typeEdgeGroup, spec.edgeGroup)
		}
		if spec.site >= 0 {
			c["site"] = g.ref(typeSite, spec.site)
		}
		out[i] = c
	}
	return out
}

func (g *generator) scripts() []map[string]any {
	out := make([]map[string]any, len(scriptNames))
	for i, name := range scriptNames {
		id := g.id(typeScript, i)
		out[i] = map[string]any{
			"id":            id,
			"name":          name,
			"division":      g.ref(typeDivision, i%len(divisionNames)),
			"versionId":     g.uuid("scriptVersion", i),
			"createdDate":   g.timestamp(),
			"modifiedDate":  g.timestamp(),
			"publishedDate": g.timestamp(),
			"startPageId":   g.uuid("scriptPage", i),
			"startPageName": "Start",
			"features":      map[string]any{"dialing": map[string]any{"enabled": i%2 == 0}},
			"variables":     map[string]any{},
			"customActions": map[string]any{},
			"selfUri":       g.selfURI(typeScript, i),
		}
	}
	return out
}
