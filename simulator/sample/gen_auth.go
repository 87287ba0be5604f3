package sample

import (
	"fmt"
	"slices"
)

// Division indexes that builders refer to.
const (
	divisionHome = iota
	divisionSales
	divisionSupport
	divisionJapan
)

var divisionNames = []string{
	"Home", "Sales — EMEA", "Soporte Técnico", "営業本部", "Отдел продаж", "Back Office & Finance",
}

var divisionDescriptions = []string{
	"Home Division",
	"Sales teams in Europe, the Middle East and Africa",
	"Technical support for Spanish-speaking customers",
	"Tokyo sales office",
	"Russian-language sales",
	"Billing, payments & finance operations",
}

func (g *generator) divisions() []map[string]any {
	out := make([]map[string]any, len(divisionNames))
	for i := range divisionNames {
		out[i] = map[string]any{
			"id":           g.id(typeDivision, i),
			"name":         divisionNames[i],
			"description":  divisionDescriptions[i],
			"homeDivision": i == divisionHome,
			"selfUri":      g.selfURI(typeDivision, i),
		}
	}
	return out
}

// policySpec is one permission policy of a role. condition, when set, makes
// the policy conditional and names what its resource condition refers to.
type policySpec struct {
	domain, entity string
	actions        []string
	condition      func(g *generator) map[string]any
}

type roleSpec struct {
	name, description string
	defaultRoleID     string // empty for custom roles
	base              bool
	policies          []policySpec
}

// Role indexes that builders refer to.
const (
	roleMasterAdmin = iota
	roleAdmin
	roleEmployee
	roleSupervisor
	roleUser
	roleQueueSupervisorTokyo = 8
	roleTeamLead             = 9
	roleReporting            = 10
	roleDataActions          = 11
	roleBackup               = 12
	roleQueueAdminMoscow     = 13
)

// roleSpecs lists the built-in roles an org starts with (default true),
// then custom roles. The conditions refer to queues 4, 5 and 6 and to user
// 1, which exist at every scale.
var roleSpecs = []roleSpec{
	{name: "Master Admin", description: "Grants every permission in the organization.", defaultRoleID: "Master Admin", base: true,
		policies: []policySpec{{domain: "*", entity: "*", actions: []string{"*"}}}},
	{name: "admin", description: "Administers users, routing and telephony.", defaultRoleID: "admin",
		policies: []policySpec{
			{domain: "directory", entity: "user", actions: []string{"add", "edit", "view"}},
			{domain: "routing", entity: "queue", actions: []string{"add", "edit", "view"}},
			{domain: "authorization", entity: "role", actions: []string{"view"}},
		}},
	{name: "employee", description: "Default role for every person in the organization.", defaultRoleID: "employee", base: true,
		policies: []policySpec{{domain: "directory", entity: "user", actions: []string{"view"}}}},
	{name: "Supervisor", description: "Monitors queues and agents.", defaultRoleID: "Supervisor",
		policies: []policySpec{
			{domain: "analytics", entity: "queueObservation", actions: []string{"view"}},
			{domain: "routing", entity: "queue", actions: []string{"view"}},
		}},
	{name: "User", description: "Handles interactions as an agent.", defaultRoleID: "User",
		policies: []policySpec{{domain: "conversation", entity: "communication", actions: []string{"view"}}}},
	{name: "Contact Center Manager", description: "Manages contact center configuration.", defaultRoleID: "Contact Center Manager",
		policies: []policySpec{{domain: "routing", entity: "skill", actions: []string{"manage"}}}},
	{name: "Quality Evaluator", description: "Evaluates recorded interactions.", defaultRoleID: "Quality Evaluator",
		policies: []policySpec{{domain: "quality", entity: "evaluation", actions: []string{"editScore", "view"}}}},
	{name: "Telephony Admin", description: "Administers sites, phones and trunks.", defaultRoleID: "Telephony Admin",
		policies: []policySpec{{domain: "telephony", entity: "plugin", actions: []string{"all"}}}},
	{name: "Queue Supervisor — 東京", description: "Supervises the Tokyo queues only.",
		policies: []policySpec{{domain: "routing", entity: "queue", actions: []string{"edit", "view"},
			condition: func(g *generator) map[string]any {
				return map[string]any{
					"conjunction": "AND",
					"terms": []any{map[string]any{
						"variableName": "Queue.id",
						"operator":     "EQ",
						"operands":     []any{queueOperand(g, 4)},
					}},
				}
			}}}},
	{name: "Team Lead (own reports)", description: "Views conversations of one team lead's reports.",
		policies: []policySpec{{domain: "analytics", entity: "conversationDetail", actions: []string{"view"},
			condition: func(g *generator) map[string]any {
				return map[string]any{
					"variableName": "Participant.userId",
					"operator":     "EQ",
					"operands": []any{map[string]any{
						"type": "USER",
						"user": g.idRef(typeUser, 1),
					}},
				}
			}}}},
	{name: "Reporting – read only", description: "Reads reports & dashboards; changes nothing.",
		policies: []policySpec{{domain: "analytics", entity: "conversationAggregate", actions: []string{"view"}}}},
	{name: "Data Actions Invoker", description: "Runs Genesys Cloud data actions.",
		policies: []policySpec{
			{domain: "directory", entity: "user", actions: []string{"view"}},
			{domain: "routing", entity: "queue", actions: []string{"view"}},
		}},
	{name: "gcexport Backup (read-only)", description: "Reads all configuration for nightly DR backups.",
		policies: []policySpec{
			{domain: "authorization", entity: "role", actions: []string{"view"}},
			{domain: "directory", entity: "user", actions: []string{"view"}},
			{domain: "integrations", entity: "integration", actions: []string{"view"}},
			{domain: "routing", entity: "queue", actions: []string{"view"}},
		}},
	{name: "Администратор очередей", description: "Queue administration for two Moscow queues.",
		policies: []policySpec{{domain: "routing", entity: "queue", actions: []string{"edit"},
			condition: func(g *generator) map[string]any {
				return map[string]any{
					"variableName": "Queue.id",
					"operator":     "IN",
					"operands":     []any{queueOperand(g, 5), queueOperand(g, 6)},
				}
			}}}},
}

func queueOperand(g *generator, queue int) map[string]any {
	return map[string]any{"type": "QUEUE", "queue": g.idRef(typeQueue, queue)}
}

func roleNames() []string {
	names := make([]string, len(roleSpecs))
	for i, spec := range roleSpecs {
		names[i] = spec.name
	}
	return names
}

// rolePermissions returns a role's permissions as "domain:entity:action"
// strings, sorted.
func rolePermissions(role int) []string {
	var perms []string
	for _, p := range roleSpecs[role].policies {
		for _, action := range p.actions {
			perms = append(perms, fmt.Sprintf("%s:%s:%s", p.domain, p.entity, action))
		}
	}
	slices.Sort(perms)
	return perms
}

func (g *generator) roles() []map[string]any {
	out := make([]map[string]any, len(roleSpecs))
	for i, spec := range roleSpecs {
		policies := make([]any, len(spec.policies))
		for j, p := range spec.policies {
			// DomainPermissionPolicy has no id (Java SDK 212.0.0 and Python
			// SDK 258.0.0 model docs).
			policy := map[string]any{
				"domain":          p.domain,
				"entityName":      p.entity,
				"policyName":      fmt.Sprintf("%s-%s", p.domain, p.entity),
				"actionSet":       slices.Clone(p.actions),
				"allowConditions": p.condition != nil,
			}
			if p.condition != nil {
				policy["resourceConditionNode"] = p.condition(g)
			}
			policies[j] = policy
		}
		role := map[string]any{
			"id":                 g.id(typeRole, i),
			"name":               spec.name,
			"description":        spec.description,
			"permissions":        rolePermissions(i),
			"permissionPolicies": policies,
			"userCount":          len(g.roleUsers[i]),
			"base":               spec.base,
			"default":            spec.defaultRoleID != "",
			"selfUri":            g.selfURI(typeRole, i),
		}
		if spec.defaultRoleID != "" {
			role["defaultRoleId"] = spec.defaultRoleID
		}
		out[i] = role
	}
	return out
}
