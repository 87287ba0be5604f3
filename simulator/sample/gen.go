// Package sample generates the simulator's bundled sample org, a fixture of
// a few hundred linked objects across every catalogue type, and larger orgs
// of the same shape for benchmarks.
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
// reference points at an object of the fixture.
//
// The sample contains the cases an exporter must survive. Names repeat and
// use many scripts. Two users manage each other, some users are inactive,
// and some wrap-up codes are in every division ("*"). An OAuth client, a
// credential and an integration refer to each other in a cycle, and the
// integration has a 409 fault.
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
	// Scale multiplies the number of users, groups, skills, wrap-up codes
	// and queues. Zero means 1, the size of the bundled sample.
	Scale int
}

// SampleConfig is the Config of the bundled sample org.
var SampleConfig = Config{Seed: 20260101, Scale: 1}

// Per-scale counts of the types that grow with an org.
const (
	usersPerScale       = 140
	groupsPerScale      = 15
	skillsPerScale      = 30
	wrapupCodesPerScale = 25
	queuesPerScale      = 25
)

// generator builds one org. Ids are a hash of seed, type and index, so any
// builder can refer to an object before that object is built.
type generator struct {
	seed  uint64
	scale int
	rng   *rand.Rand
	names map[string][]string
	// groupMembers holds the user indexes of each group index, and
	// roleUsers those of each role index, for member and user counts.
	groupMembers map[int][]int
	roleUsers    map[int][]int
}

// baseTime anchors the generated timestamps, so they do not depend on when
// the generator runs.
var baseTime = time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)

// Generate builds an org from cfg.
func Generate(cfg Config) *simulator.Fixture {
	scale := max(cfg.Scale, 1)
	g := &generator{
		seed:         cfg.Seed,
		scale:        scale,
		rng:          rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		names:        map[string][]string{},
		groupMembers: map[int][]int{},
		roleUsers:    map[int][]int{},
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
	return &simulator.Fixture{
		Org: simulator.Org{
			ID:     g.uuid("org", 0),
			Name:   "Northwind Contact Center (sample)",
			Region: "mypurecloud.com",
		},
		Resources: resources,
		Faults: []simulator.Fault{
			// The cycle-case integration is locked for its first five reads.
			{Type: typeIntegration, ID: g.id(typeIntegration, integrationDataActions), Status: 409, Times: 5},
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
)

// selfPaths gives the path before the id of each type's selfUri.
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
	g.names[typeUser] = g.userNames(usersPerScale * g.scale)
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
}
