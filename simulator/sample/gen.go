// Package sample generates the simulator's bundled sample org, a fixture of
// several hundred linked objects across every catalogue type, and larger
// orgs of the same shape for benchmarks and tests.
//
// The simulator embeds the generated file org.json. To regenerate it after
// changing the generator, run
//
//	go test ./simulator/sample -update
//
// The same test fails while org.json differs from what Generate returns.
//
// Objects follow the API's get-by-id shapes. People's details are invented:
// addresses use example.com and phone numbers the 555-01xx range. Every
// reference points at an object of the fixture, and objects listed under a
// parent name it in the fixture-only field _parentId.
//
// The sample contains the cases an exporter must survive. Names repeat and
// use many scripts, and data table row keys hold spaces, slashes and
// non-Latin letters. Two users manage each other, some users are inactive,
// and some wrap-up codes are in every division ("*"). An OAuth client, a
// credential and an integration refer to each other in a cycle, and the
// integration has a 409 fault. Two integrations share a name and a type, and
// two data actions a name and an integration. A row key repeats in two
// tables, and the external organizations' scan meets empty pages. Flows
// consume queues, data actions, prompts and other flows, and two inbound
// flows transfer to each other, a cycle that only dependency tracking shows.
//
// Config sizes larger orgs: Scale multiplies the growing types, and
// ActiveUsers, InactiveUsers and DataTableRows give exact counts for the
// cases that need them, such as 12,000 inactive users past the list's
// 10,000 cap.
package sample

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gcexport/gcexport/simulator"
)

// Config sizes a generated org.
type Config struct {
	// Seed determines ids and choices, so the same Config always gives the
	// same org.
	Seed uint64
	// Scale multiplies the number of users, groups, skills, wrap-up codes,
	// queues, external contacts and phones. Zero means 1, the size of the
	// bundled sample.
	Scale int
	// ActiveUsers and InactiveUsers, when either is positive, replace the
	// scaled user count: the org has exactly this many users of each state,
	// with the inactive ones spread evenly among the active ones. An org has
	// at least 12 users, so a smaller total is made up with active users.
	ActiveUsers, InactiveUsers int
	// DataTableRows, when positive, gives the "VIP Customers" data table
	// exactly this many rows. Other tables keep their few rows.
	DataTableRows int
}

// SampleConfig is the Config of the bundled sample org.
var SampleConfig = Config{Seed: 20260101, Scale: 1}

// Per-scale counts of the types that grow with an org.
const (
	usersPerScale       = 64
	groupsPerScale      = 15
	skillsPerScale      = 30
	wrapupCodesPerScale = 25
	queuesPerScale      = 25
	contactsPerScale    = 30
	orgsPerScale        = 12
)

// generator builds one org. Ids are a hash of seed, type and index, so any
// builder can refer to an object before that object is built.
type generator struct {
	cfg   Config
	seed  uint64
	scale int
	rng   *rand.Rand
	names map[string][]string
	// groupMembers holds the user indexes of each group index, and
	// roleUsers those of each role index, for member and user counts.
	groupMembers map[int][]int
	roleUsers    map[int][]int
	// userIndex maps a user's id to its index.
	userIndex map[string]int
	// flowLatest holds each flow's latest version number, for its
	// versions.
	flowLatest []int
}

// baseTime anchors the generated timestamps, so they do not depend on when
// the generator runs.
var baseTime = time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)

// Generate builds an org from cfg.
func Generate(cfg Config) *simulator.Fixture {
	scale := max(cfg.Scale, 1)
	g := &generator{
		cfg:          cfg,
		seed:         cfg.Seed,
		scale:        scale,
		rng:          rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		names:        map[string][]string{},
		groupMembers: map[int][]int{},
		roleUsers:    map[int][]int{},
		userIndex:    map[string]int{},
	}
	g.planNames()

	// Users come first because group member counts and role user counts
	// are taken from the users' expand fields.
	users := g.users()
	resources := map[string][]map[string]any{
		typeUser:          users,
		typeDivision:      g.divisions(),
		typeRole:          g.roles(),
		typeGroup:         g.groups(),
		typeSkill:         g.skills(),
		typeLanguage:      g.languages(),
		typeWrapupCode:    g.wrapupCodes(),
		typeQueue:         g.queues(),
		typeSchedule:      g.schedules(),
		typeScheduleGroup: g.scheduleGroups(),
		typeDataTable:     g.dataTables(),
		typeFlow:          g.flows(),
		typeCredential:    g.credentials(),
		typeIntegration:   g.integrations(),
		typeAction:        g.actions(),
		typeOAuthClient:   g.oauthClients(),
	}
	g.addArchitect(resources)
	g.addRouting(resources)
	g.addPeople(resources)
	g.addExternalContacts(resources)
	g.addOutbound(resources)
	g.addTelephony(resources)
	g.addSchemas(resources)
	return &simulator.Fixture{
		Org: simulator.Org{
			ID:     g.uuid("org", 0),
			Name:   "Northwind Contact Center (sample)",
			Region: "mypurecloud.com",
		},
		Resources:    resources,
		Dependencies: g.dependencies(),
		Faults: []simulator.Fault{
			// The cycle-case integration is locked for its first two reads,
			// which the exporter's short retry of one object absorbs.
			{Type: typeIntegration, ID: g.id(typeIntegration, integrationDataActions), Status: 409, Times: 2},
		},
	}
}

// Catalogue type names.
const (
	typeDivision      = "auth_division"
	typeRole          = "auth_role"
	typeUser          = "user"
	typeGroup         = "group"
	typeSkill         = "routing_skill"
	typeLanguage      = "routing_language"
	typeWrapupCode    = "routing_wrapupcode"
	typeQueue         = "routing_queue"
	typeSchedule      = "architect_schedules"
	typeScheduleGroup = "architect_schedulegroups"
	typeDataTable     = "architect_datatable"
	typeFlow          = "flow"
	typeCredential    = "integration_credential"
	typeIntegration   = "integration"
	typeAction        = "integration_action"
	typeOAuthClient   = "oauth_client"

	typeEmergencyGroup = "architect_emergencygroup"
	typeIVR            = "architect_ivr"
	typePrompt         = "architect_user_prompt"
	typeDataTableRow   = "architect_datatable_row"
	typeFlowVersion    = "flow_version"

	typeEmailDomain      = "routing_email_domain"
	typeEmailRoute       = "routing_email_route"
	typeSkillGroup       = "routing_skill_group"
	typeUtilizationLabel = "routing_utilization_label"
	typeQueueMember      = "routing_queue_member"
	typeQueueWrapupCode  = "routing_queue_wrapupcode"

	typeGroupMember = "group_member"
	typeGroupRoles  = "group_roles"
	typeUserRoles   = "user_roles"
	typeTeam        = "team"
	typeTeamMember  = "team_member"

	typeExternalOrganization = "externalcontacts_organization"
	typeExternalContact      = "externalcontacts_contact"

	typeContactList = "outbound_contact_list"
	typeCampaign    = "outbound_campaign"
	typeScript      = "script"

	typeLocation      = "location"
	typeSite          = "telephony_providers_edges_site"
	typePhone         = "telephony_providers_edges_phone"
	typePhoneBase     = "telephony_providers_edges_phonebasesettings"
	typeTrunkBase     = "telephony_providers_edges_trunkbasesettings"
	typeTrunk         = "telephony_providers_edges_trunk"
	typeEdgeGroup     = "telephony_providers_edges_edge_group"
	typeExtensionPool = "telephony_providers_edges_extension_pool"
	typeDIDPool       = "telephony_providers_edges_did_pool"

	typeContactSchema    = "externalcontacts_contact_schema"
	typeOrgSchema        = "externalcontacts_organization_schema"
	typeUserSchema       = "user_customattributes_schema"
	typeWorkitemSchema   = "task_management_workitem_schema"
	typeAttributesSchema = "conversations_customattributes_schema"
	typeRulesSchema      = "business_rules_schema"
	typeCoreType         = "dataextensions_coretype"
)

// parentKey is the fixture-only field through which an object of a type
// listed under a parent names its parent (see simulator.Fixture).
const parentKey = "_parentId"

// selfPaths gives the path before the id of each type's selfUri, for the
// types whose objects have one id-based path of their own.
var selfPaths = map[string]string{
	typeDivision:      "/api/v2/authorization/divisions/",
	typeRole:          "/api/v2/authorization/roles/",
	typeUser:          "/api/v2/users/",
	typeGroup:         "/api/v2/groups/",
	typeSkill:         "/api/v2/routing/skills/",
	typeLanguage:      "/api/v2/routing/languages/",
	typeWrapupCode:    "/api/v2/routing/wrapupcodes/",
	typeQueue:         "/api/v2/routing/queues/",
	typeSchedule:      "/api/v2/architect/schedules/",
	typeScheduleGroup: "/api/v2/architect/schedulegroups/",
	typeDataTable:     "/api/v2/flows/datatables/",
	typeFlow:          "/api/v2/flows/",
	typeCredential:    "/api/v2/integrations/credentials/",
	typeIntegration:   "/api/v2/integrations/",
	typeAction:        "/api/v2/integrations/actions/",
	typeOAuthClient:   "/api/v2/oauth/clients/",

	typeEmergencyGroup:       "/api/v2/architect/emergencygroups/",
	typeIVR:                  "/api/v2/architect/ivrs/",
	typePrompt:               "/api/v2/architect/prompts/",
	typeSkillGroup:           "/api/v2/routing/skillgroups/",
	typeUtilizationLabel:     "/api/v2/routing/utilization/labels/",
	typeTeam:                 "/api/v2/teams/",
	typeExternalOrganization: "/api/v2/externalcontacts/organizations/",
	typeExternalContact:      "/api/v2/externalcontacts/contacts/",
	typeContactList:          "/api/v2/outbound/contactlists/",
	typeCampaign:             "/api/v2/outbound/campaigns/",
	typeScript:               "/api/v2/scripts/",
	typeLocation:             "/api/v2/locations/",
	typeSite:                 "/api/v2/telephony/providers/edges/sites/",
	typePhone:                "/api/v2/telephony/providers/edges/phones/",
	typePhoneBase:            "/api/v2/telephony/providers/edges/phonebasesettings/",
	typeTrunkBase:            "/api/v2/telephony/providers/edges/trunkbasesettings/",
	typeTrunk:                "/api/v2/telephony/providers/edges/trunks/",
	typeEdgeGroup:            "/api/v2/telephony/providers/edges/edgegroups/",
	typeExtensionPool:        "/api/v2/telephony/providers/edges/extensionpools/",
	typeDIDPool:              "/api/v2/telephony/providers/edges/didpools/",
	typeContactSchema:        "/api/v2/externalcontacts/contacts/schemas/",
	typeOrgSchema:            "/api/v2/externalcontacts/organizations/schemas/",
	typeUserSchema:           "/api/v2/users/customattributes/schemas/",
	typeWorkitemSchema:       "/api/v2/taskmanagement/workitems/schemas/",
	typeAttributesSchema:     "/api/v2/conversations/customattributes/schemas/",
	typeRulesSchema:          "/api/v2/businessrules/schemas/",
}

// uuid returns a version 4 UUID made from the seed, a kind and an index.
func (g *generator) uuid(kind string, i int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d/%s/%d", g.seed, kind, i))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// id returns the id of object i of a type.
func (g *generator) id(typ string, i int) string { return g.uuid(typ, i) }

func (g *generator) selfURI(typ string, i int) string { return selfPaths[typ] + g.id(typ, i) }

func (g *generator) name(typ string, i int) string { return g.names[typ][i] }

// ref returns {id, name, selfUri}, the API's usual reference.
func (g *generator) ref(typ string, i int) map[string]any {
	return map[string]any{"id": g.id(typ, i), "name": g.name(typ, i), "selfUri": g.selfURI(typ, i)}
}

// idRef returns {id, selfUri}, as user managers and groups are given.
func (g *generator) idRef(typ string, i int) map[string]any {
	return map[string]any{"id": g.id(typ, i), "selfUri": g.selfURI(typ, i)}
}

// timestamp returns a time within about a year after baseTime in the API's
// ISO-8601 form with milliseconds.
func (g *generator) timestamp() string {
	offset := time.Duration(g.rng.Int64N(int64(365 * 24 * time.Hour / time.Millisecond)))
	return baseTime.Add(offset * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
}

// pick returns n distinct indexes below limit, in increasing order.
func (g *generator) pick(n, limit int) []int {
	n = min(n, limit)
	seen := make(map[int]bool, n)
	chosen := make([]int, 0, n)
	for len(chosen) < n {
		if i := g.rng.IntN(limit); !seen[i] {
			seen[i] = true
			chosen = append(chosen, i)
		}
	}
	slices.Sort(chosen)
	return chosen
}

// scaledNames repeats a pool of names up to n entries, numbering the
// repeats so that they stay unique: "Billing", ..., "Billing 2".
func scaledNames(pool []string, n int) []string {
	names := make([]string, n)
	for i := range n {
		names[i] = pool[i%len(pool)]
		if round := i / len(pool); round > 0 {
			names[i] = fmt.Sprintf("%s %d", names[i], round+1)
		}
	}
	return names
}

// planNames fixes every object's name before any object is built, so that
// references can carry names.
func (g *generator) planNames() {
	g.names[typeDivision] = divisionNames
	g.names[typeRole] = roleNames()
	g.names[typeUser] = g.userNames(g.userCount())
	g.names[typeGroup] = scaledNames(groupNames, groupsPerScale*g.scale)
	g.names[typeSkill] = scaledNames(skillNames, skillsPerScale*g.scale)
	g.names[typeLanguage] = languageNames
	g.names[typeWrapupCode] = scaledNames(wrapupCodeNames, wrapupCodesPerScale*g.scale)
	g.names[typeQueue] = scaledNames(queueNames, queuesPerScale*g.scale)
	g.names[typeSchedule] = scheduleNames()
	g.names[typeScheduleGroup] = scheduleGroupNames()
	g.names[typeDataTable] = dataTableNames()
	g.names[typeFlow] = flowNames()
	g.names[typeCredential] = credentialNames()
	g.names[typeIntegration] = integrationNames()
	g.names[typeAction] = actionNames()
	g.names[typeOAuthClient] = oauthClientNames()

	g.names[typeEmergencyGroup] = specNames(emergencyGroupSpecs, func(s emergencyGroupSpec) string { return s.name })
	g.names[typeIVR] = specNames(ivrSpecs, func(s ivrSpec) string { return s.name })
	g.names[typePrompt] = specNames(promptSpecs, func(s promptSpec) string { return s.name })
	g.names[typeSkillGroup] = specNames(skillGroupSpecs, func(s skillGroupSpec) string { return s.name })
	g.names[typeUtilizationLabel] = utilizationLabelNames
	g.names[typeTeam] = teamNames
	g.names[typeExternalOrganization] = scaledNames(organizationNames, orgsPerScale*g.scale)
	g.names[typeContactList] = specNames(contactListSpecs, func(s contactListSpec) string { return s.name })
	g.names[typeCampaign] = specNames(campaignSpecs, func(s campaignSpec) string { return s.name })
	g.names[typeScript] = scriptNames
	g.names[typeLocation] = specNames(locationSpecs, func(s locationSpec) string { return s.name })
	g.names[typeSite] = specNames(siteSpecs, func(s siteSpec) string { return s.name })
	g.names[typePhoneBase] = specNames(phoneBaseSpecs, func(s phoneBaseSpec) string { return s.name })
	g.names[typeTrunkBase] = specNames(trunkBaseSpecs, func(s trunkBaseSpec) string { return s.name })
	g.names[typeEdgeGroup] = specNames(edgeGroupSpecs, func(s edgeGroupSpec) string { return s.name })
}

// specNames returns the names of a list of specs.
func specNames[S any](specs []S, name func(S) string) []string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = name(s)
	}
	return names
}

// withParent marks an object of a type listed under a parent with the
// parent's key, as fixtures do.
func withParent(obj map[string]any, parent string) map[string]any {
	obj[parentKey] = parent
	return obj
}
