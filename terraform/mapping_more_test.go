package terraform

import (
	"strings"
	"testing"
)

func TestWriteSampleFileForEveryMappedType(t *testing.T) {
	resources := sampleResources(t)
	files, _ := write(t, fixtureSource(t, resources), Options{})
	merged := mergedTypes()
	for _, typ := range MappedTypes() {
		if len(resources[typ]) == 0 {
			continue
		}
		if _, ok := merged[typ]; ok {
			continue
		}
		if _, ok := files[typ+".tf.json"]; !ok {
			t.Errorf("sample holds %s objects but no %s.tf.json was written", typ, typ)
		}
	}
}

// emailSource is a backup of two domains: a subdomain with a route that
// replies from itself and a route that replies from another domain's route.
func emailSource() *memSource {
	src := &memSource{}
	src.add("routing_email_domain", "acme.mypurecloud.com",
		map[string]any{"id": "acme.mypurecloud.com", "name": "acme.mypurecloud.com", "subDomain": true})
	src.add("routing_email_domain", "example.com",
		map[string]any{"id": "example.com", "name": "example.com", "subDomain": false})
	src.add("routing_email_route", "acme.mypurecloud.com_r1", map[string]any{
		"id": "r1", "name": "support@acme", "pattern": "support", "fromName": "Support",
		"replyEmailAddress": map[string]any{
			"domain": map[string]any{"id": "acme.mypurecloud.com"},
			"route":  map[string]any{"id": "r1"},
		},
	})
	src.add("routing_email_route", "example.com_r2", map[string]any{
		"id": "r2", "name": "sales@example", "pattern": "sales", "fromName": "Sales",
		"replyEmailAddress": map[string]any{
			"domain": map[string]any{"id": "acme.mypurecloud.com"},
			"route":  map[string]any{"id": "r1"},
		},
	})
	return src
}

func TestWriteEmailRoutes(t *testing.T) {
	files, rep := write(t, emailSource(), Options{})
	if err := Check(files); err != nil {
		t.Fatalf("Check: %v", err)
	}
	domains := resourceBlocks(decodeJSONFile(t, files, "routing_email_domain.tf.json"), "resource", "genesyscloud_routing_email_domain")
	if got := domains["acme_mypurecloud_com"]["domain_id"]; got != "acme" {
		t.Errorf("subdomain domain_id = %v, want acme", got)
	}
	if got := domains["example_com"]["domain_id"]; got != "example.com" {
		t.Errorf("domain_id = %v, want example.com", got)
	}

	routes := resourceBlocks(decodeJSONFile(t, files, "routing_email_route.tf.json"), "resource", "genesyscloud_routing_email_route")
	if got := routes["support_acme"]["domain_id"]; got != "${genesyscloud_routing_email_domain.acme_mypurecloud_com.id}" {
		t.Errorf("route domain_id = %v, want a reference to its parent domain", got)
	}
	self := firstBlock(t, routes["support_acme"], "reply_email_address")
	if self["self_reference_route"] != true {
		t.Errorf("self reply block = %v, want self_reference_route", self)
	}
	if _, ok := self["route_id"]; ok {
		t.Errorf("self reply block names route_id: %v", self)
	}
	other := firstBlock(t, routes["sales_example"], "reply_email_address")
	if got := other["route_id"]; got != "${genesyscloud_routing_email_route.support_acme.id}" {
		t.Errorf("reply route_id = %v, want a reference found by the route's API id", got)
	}
	if len(rep.Dangling) != 0 || len(rep.SelfRefsDropped) != 0 {
		t.Errorf("dangling %v, self references %v, want none", rep.Dangling, rep.SelfRefsDropped)
	}
}

func TestWriteChildIDSharedStaysDangling(t *testing.T) {
	src := emailSource()
	// A second route with the API id r1, under the other domain, makes r1
	// ambiguous.
	src.add("routing_email_route", "example.com_r1", map[string]any{
		"id": "r1", "name": "twin@example", "pattern": "twin", "fromName": "Twin"})
	files, rep := write(t, src, Options{})
	routes := resourceBlocks(decodeJSONFile(t, files, "routing_email_route.tf.json"), "resource", "genesyscloud_routing_email_route")
	if got := firstBlock(t, routes["sales_example"], "reply_email_address")["route_id"]; got != "r1" {
		t.Errorf("route_id = %v, want the raw id r1", got)
	}
	if len(rep.Dangling) != 1 || rep.Dangling[0].Reason != ReasonMissing {
		t.Errorf("dangling = %v, want one missing reference", rep.Dangling)
	}
}

func TestWriteTelephonyObjects(t *testing.T) {
	src := &memSource{}
	src.add("telephony_providers_edges_trunkbasesettings", "tb-phone", map[string]any{
		"id": "tb-phone", "name": "Genesys Cloud - CDM WebRTC Phone Trunk", "managed": true,
		"trunkType": "PHONE", "trunkMetabase": map[string]any{"id": "phone_connections_webrtc.json"}})
	src.add("telephony_providers_edges_trunkbasesettings", "tb-sip", map[string]any{
		"id": "tb-sip", "name": "Carrier", "managed": false, "trunkType": "EXTERNAL",
		"trunkMetabase": map[string]any{"id": "external_sip.json"},
		"properties":    map[string]any{"trunk_label": map[string]any{"value": map[string]any{"instance": "Carrier"}}}})
	src.add("telephony_providers_edges_edge_group", "eg", map[string]any{
		"id": "eg", "name": "Group", "phoneTrunkBases": []any{map[string]any{"id": "tb-phone"}}})
	src.add("telephony_providers_edges_trunk", "t-group", map[string]any{
		"id": "t-group", "name": "Carrier - Group", "trunkBase": map[string]any{"id": "tb-sip"},
		"edgeGroup": map[string]any{"id": "eg"}, "edge": map[string]any{"id": "edge-1"}})
	src.add("telephony_providers_edges_trunk", "t-edge", map[string]any{
		"id": "t-edge", "name": "Carrier - Edge", "trunkBase": map[string]any{"id": "tb-sip"},
		"edge": map[string]any{"id": "edge-1"}})
	files, _ := write(t, src, Options{Format: FormatJSON})
	if err := Check(files); err != nil {
		t.Fatalf("Check: %v", err)
	}

	bases := decodeJSONFile(t, files, "telephony_providers_edges_trunkbasesettings.tf.json")
	const tbType = "genesyscloud_telephony_providers_edges_trunkbasesettings"
	if _, ok := resourceBlocks(bases, "data", tbType)["Genesys_Cloud_-_CDM_WebRTC_Phone_Trunk"]; !ok {
		t.Error("the managed trunk base settings are not a data source")
	}
	sip := resourceBlocks(bases, "resource", tbType)["Carrier"]
	if sip["properties"] != `{"trunk_label":{"value":{"instance":"Carrier"}}}` {
		t.Errorf("properties = %v, want the JSON of the API properties", sip["properties"])
	}

	groups := resourceBlocks(decodeJSONFile(t, files, "telephony_providers_edges_edge_group.tf.json"), "resource",
		"genesyscloud_telephony_providers_edges_edge_group")
	ids, _ := groups["Group"]["phone_trunk_base_ids"].([]any)
	if len(ids) != 1 || ids[0] != "${data."+tbType+".Genesys_Cloud_-_CDM_WebRTC_Phone_Trunk.id}" {
		t.Errorf("phone_trunk_base_ids = %v, want the data source", ids)
	}

	trunks := resourceBlocks(decodeJSONFile(t, files, "telephony_providers_edges_trunk.tf.json"), "resource",
		"genesyscloud_telephony_providers_edges_trunk")
	if _, ok := trunks["Carrier_-_Group"]["edge_id"]; ok {
		t.Error("a trunk with an edge group also names its edge")
	}
	if got := trunks["Carrier_-_Edge"]["edge_id"]; got != "edge-1" {
		t.Errorf("edge_id = %v, want edge-1", got)
	}
	if _, ok := trunks["Carrier_-_Edge"]["name"]; ok {
		t.Error("a trunk's read-only name is written")
	}
}

func TestWriteOutboundObjects(t *testing.T) {
	files, rep := write(t, fixtureSource(t, sampleResources(t)), Options{})
	campaigns := resourceBlocks(decodeJSONFile(t, files, "outbound_campaign.tf.json"), "resource", "genesyscloud_outbound_campaign")
	if len(campaigns) == 0 {
		t.Fatal("no campaign written")
	}
	for label, c := range campaigns {
		if _, ok := c["campaign_status"]; ok {
			t.Errorf("campaign %s sets campaign_status", label)
		}
		if id, _ := c["contact_list_id"].(string); !strings.HasPrefix(id, "${genesyscloud_outbound_contact_list.") {
			t.Errorf("campaign %s contact_list_id = %q, want a reference", label, id)
		}
		if id, _ := c["script_id"].(string); id != "" && !strings.HasPrefix(id, "${data.genesyscloud_script.") {
			t.Errorf("campaign %s script_id = %q, want a script data source", label, id)
		}
	}
	scripts := decodeJSONFile(t, files, "script.tf.json")
	if len(resourceBlocks(scripts, "resource", "genesyscloud_script")) != 0 {
		t.Error("a script is written as a resource")
	}
	if len(resourceBlocks(scripts, "data", "genesyscloud_script")) == 0 {
		t.Error("no script data source written")
	}
	for _, d := range rep.Dangling {
		if d.From.Type == "outbound_campaign" || d.From.Type == "routing_email_route" {
			t.Errorf("dangling reference in the sample: %+v", d)
		}
	}
}

func TestWriteExternalContacts(t *testing.T) {
	src := &memSource{}
	src.add("externalcontacts_organization", "o1", map[string]any{
		"id": "o1", "name": "Acme", "customFields": map[string]any{"tier_text": "Gold"},
		"schema":    map[string]any{"id": "s1", "version": 2.0},
		"twitterId": map[string]any{"id": "42", "name": "Acme", "screenName": "acme"}})
	src.add("externalcontacts_contact", "c1", map[string]any{
		"id": "c1", "firstName": "Dana", "lastName": "Whitfield",
		"externalOrganization": map[string]any{"id": "o1"},
		"workPhone":            map[string]any{"e164": "+13175550100", "acceptsSMS": true},
		"whatsAppId": map[string]any{"displayName": "Dana",
			"phoneNumber": map[string]any{"e164": "+13175550100"}}})
	files, rep := write(t, src, Options{})
	if err := Check(files); err != nil {
		t.Fatalf("Check: %v", err)
	}
	contacts := resourceBlocks(decodeJSONFile(t, files, "externalcontacts_contact.tf.json"), "resource", "genesyscloud_externalcontacts_contact")
	c, ok := contacts["Dana_Whitfield"]
	if !ok {
		t.Fatalf("contact labels = %v, want Dana_Whitfield", sortedLabels(contacts))
	}
	if c["external_organization_id"] != "${genesyscloud_externalcontacts_organization.Acme.id}" {
		t.Errorf("external_organization_id = %v", c["external_organization_id"])
	}
	if firstBlock(t, c, "work_phone")["accepts_sms"] != true {
		t.Errorf("work_phone = %v, want accepts_sms", c["work_phone"])
	}
	whatsapp := firstBlock(t, c, "whatsapp_id")
	if firstBlock(t, whatsapp, "phone_number")["e164"] != "+13175550100" {
		t.Errorf("whatsapp_id = %v", whatsapp)
	}

	org := resourceBlocks(decodeJSONFile(t, files, "externalcontacts_organization.tf.json"), "resource", "genesyscloud_externalcontacts_organization")["Acme"]
	if org["custom_fields"] != `{"tier_text":"Gold"}` {
		t.Errorf("custom_fields = %v", org["custom_fields"])
	}
	if firstBlock(t, org, "twitter")["screen_name"] != "acme" {
		t.Errorf("twitter = %v", org["twitter"])
	}
	if firstBlock(t, org, "schema")["schema_id"] != "s1" {
		t.Errorf("schema = %v, want the raw schema id", org["schema"])
	}
	if len(rep.Dangling) != 1 || rep.Dangling[0].To.Type != "externalcontacts_organization_schema" {
		t.Errorf("dangling = %v, want the organization schema", rep.Dangling)
	}
}

func TestWriteCustomFieldSchema(t *testing.T) {
	src := &memSource{}
	src.add("task_management_workitem_schema", "s1", map[string]any{
		"id": "s1", "name": "Claim", "enabled": true,
		"jsonSchema": map[string]any{"description": "Claim fields", "title": "Claim",
			"properties": map[string]any{"amount_number": map[string]any{"title": "Amount"}}}})
	files, _ := write(t, src, Options{})
	s := resourceBlocks(decodeJSONFile(t, files, "task_management_workitem_schema.tf.json"), "resource",
		"genesyscloud_task_management_workitem_schema")["Claim"]
	if s["description"] != "Claim fields" {
		t.Errorf("description = %v, want the JSON schema's description", s["description"])
	}
	if s["properties"] != `{"amount_number":{"title":"Amount"}}` {
		t.Errorf("properties = %v", s["properties"])
	}
	if s["enabled"] != true {
		t.Errorf("enabled = %v", s["enabled"])
	}
}

// firstBlock returns the first nested block of a decoded JSON body, which
// the JSON syntax writes as a list of objects.
func firstBlock(t *testing.T, body map[string]any, name string) map[string]any {
	t.Helper()
	list, _ := body[name].([]any)
	if len(list) == 0 {
		t.Fatalf("no %s block in %v", name, body)
	}
	blk, _ := list[0].(map[string]any)
	return blk
}
