package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// consumedResourcesPath lists the resources that one version of an
// Architect object, such as a flow, consumes. Its shapes follow the SDK
// model docs ConsumedResourcesEntityListing and Dependency
// (MyPureCloud/platform-client-sdk-java build/docs) and its parameters the
// CLI's "architect dependencytracking consumedresources list"
// (MyPureCloud/platform-client-sdk-cli docs): id, version and objectType are
// required, resourceType repeats, and pageNumber and pageSize default to 1
// and 25. The API has no list of every flow's dependencies, so a client
// sends one request per flow (and per page).
const consumedResourcesPath = "/api/v2/architect/dependencytracking/consumedresources"

// DependencyFaultType is the Fault.Type of faults on GET
// /api/v2/architect/dependencytracking/consumedresources, which has no
// catalogue type of its own. A fault with an ID applies to the requests for
// that flow only. Only status faults take this type, such as a 403 with
// Permission "architect:dependencyTracking:view".
const DependencyFaultType = "architect_dependencytracking"

// maxConsumedResourcesPageSize is the largest pageSize the endpoint accepts.
// NOTE: the API reference states no maximum. 100 is the page size that
// Genesys' own exporter (CX as Code) sends, and this simulator rejects
// larger pages, so an exporter that requests more is caught here.
const maxConsumedResourcesPageSize = maxPageSizeSmall

// dependencyTypes are the values of Dependency.type, from the Java SDK's
// build/docs/Dependency.md, without the SDK-only OutdatedSdkVersion.
var dependencyTypes = []string{
	"ACDLANGUAGE", "ACDSKILL", "ACDWRAPUPCODE", "AUDIOCONNECTORBOT", "BOTCONNECTORBOT",
	"BOTCONNECTORINTEGRATION", "BOTFLOW", "BRIDGEACTION", "COMMONMODULEFLOW", "COMPOSERSCRIPT",
	"CONTACTLIST", "DATAACTION", "DATATABLE", "DIALOGENGINEBOT", "DIALOGENGINEBOTVERSION",
	"DIALOGFLOWAGENT", "DIALOGFLOWCXAGENT", "DIGITALBOTFLOW", "EMAILROUTE", "EMERGENCYGROUP",
	"FLOWACTION", "FLOWDATATYPE", "FLOWMILESTONE", "FLOWOUTCOME", "GRAMMAR", "GROUP", "IMAGE",
	"INBOUNDCALLFLOW", "INBOUNDCHATFLOW", "INBOUNDEMAILFLOW", "INBOUNDSHORTMESSAGEFLOW",
	"INQUEUECALLFLOW", "INQUEUEEMAILFLOW", "INQUEUESHORTMESSAGEFLOW", "IVRCONFIGURATION",
	"KNOWLEDGEBASE", "KNOWLEDGEBASEDOCUMENT", "LANGUAGE", "LEXBOT", "LEXBOTALIAS", "LEXV2BOT",
	"LEXV2BOTALIAS", "NLUDOMAIN", "NUANCEMIXBOT", "NUANCEMIXINTEGRATION", "OAUTHCLIENT",
	"OUTBOUNDCALLFLOW", "QUEUE", "RECORDINGPOLICY", "RESPONSE", "SCHEDULE", "SCHEDULEGROUP",
	"SECUREACTION", "SECURECALLFLOW", "STTENGINE", "SURVEYINVITEFLOW", "SYSTEMPROMPT", "TTSENGINE",
	"TTSVOICE", "USER", "USERPROMPT", "UTILIZATIONLABEL", "VOICEFLOW", "VOICEMAILFLOW", "WIDGET",
	"WORKFLOW", "WORKITEMFLOW",
}

// flowObjectTypes maps a flow's type to its dependency-tracking object type,
// as Genesys' own exporter does (terraform-provider-genesyscloud,
// genesyscloud/dependent_consumers/dependent_consumers.go).
var flowObjectTypes = map[string]string{
	"BOT": "BOTFLOW", "COMMONMODULE": "COMMONMODULEFLOW", "DIGITALBOT": "DIGITALBOTFLOW",
	"INBOUNDCALL": "INBOUNDCALLFLOW", "INBOUNDCHAT": "INBOUNDCHATFLOW",
	"INBOUNDEMAIL": "INBOUNDEMAILFLOW", "INBOUNDSHORTMESSAGE": "INBOUNDSHORTMESSAGEFLOW",
	"INQUEUECALL": "INQUEUECALLFLOW", "INQUEUEEMAIL": "INQUEUEEMAILFLOW",
	"INQUEUESHORTMESSAGE": "INQUEUESHORTMESSAGEFLOW", "OUTBOUNDCALL": "OUTBOUNDCALLFLOW",
	"SECURECALL": "SECURECALLFLOW", "SURVEYINVITE": "SURVEYINVITEFLOW", "VOICE": "VOICEFLOW",
	"VOICEMAIL": "VOICEMAILFLOW", "WORKFLOW": "WORKFLOW", "WORKITEM": "WORKITEMFLOW",
}

var consumedResourcesParams = []param{
	stringParam("id"), stringParam("version"),
	enumParam("objectType", dependencyTypes...),
	{name: "resourceType", kind: paramArray},
	intParam("pageNumber"), intParam("pageSize"),
}

// Dependency is one resource that a flow consumes, in the shape of the
// API's Dependency model. Deleted marks a resource deleted since the flow
// was published, Updated one changed since, and StateUnknown one whose state
// dependency tracking could not determine.
type Dependency struct {
	Type         string `json:"type"`
	ID           string `json:"id"`
	Name         string `json:"name"`
	Version      string `json:"version,omitempty"`
	Deleted      bool   `json:"deleted,omitempty"`
	Updated      bool   `json:"updated,omitempty"`
	StateUnknown bool   `json:"stateUnknown,omitempty"`
}

// validateDependencies checks that every key of Fixture.Dependencies is a
// flow of the fixture and that each entry has a known type, an id and a
// name, once per flow.
func (f *Fixture) validateDependencies(flows map[string]bool) error {
	for _, flowID := range sortedKeys(f.Dependencies) {
		if !flows[flowID] {
			return fmt.Errorf("fixture: dependencies: %q is not a flow of the fixture", flowID)
		}
		seen := map[[2]string]int{}
		for i, d := range f.Dependencies[flowID] {
			where := fmt.Sprintf("fixture: dependencies[%q][%d]", flowID, i)
			switch {
			case !slices.Contains(dependencyTypes, d.Type):
				return fmt.Errorf("%s: invalid type %q (expected a Dependency type such as QUEUE, DATAACTION or INQUEUECALLFLOW)",
					where, d.Type)
			case d.ID == "":
				return fmt.Errorf("%s: missing id", where)
			case d.Name == "":
				return fmt.Errorf("%s: missing name", where)
			}
			key := [2]string{d.Type, d.ID}
			if first, dup := seen[key]; dup {
				return fmt.Errorf("%s: duplicate %s %q (also at index %d)", where, d.Type, d.ID, first)
			}
			seen[key] = i
		}
	}
	return nil
}

// validateDependencyFault checks a fault of DependencyFaultType.
func validateDependencyFault(fault Fault, flows map[string]bool) error {
	if fault.Kind != "" {
		return fmt.Errorf("type %s takes only status faults, not kind %q", DependencyFaultType, fault.Kind)
	}
	if fault.ID != "" && !flows[fault.ID] {
		return fmt.Errorf("id %q is not a flow of the fixture", fault.ID)
	}
	return nil
}

// dependencyEntity returns a Dependency as the API returns it.
// NOTE: selfUri is left out because no public example shows its form.
func dependencyEntity(d Dependency) map[string]any {
	entity := map[string]any{
		"id": d.ID, "name": d.Name, "type": d.Type,
		"deleted": d.Deleted, "updated": d.Updated, "stateUnknown": d.StateUnknown,
	}
	if d.Version != "" {
		entity["version"] = d.Version
	}
	return entity
}

// serveConsumedResources writes one page of a flow's consumed resources,
// sorted by type and id, optionally only those of the resourceType values.
func (s *Server) serveConsumedResources(w http.ResponseWriter, r *http.Request, query url.Values) *apiError {
	operation := "GET " + consumedResourcesPath
	for _, name := range []string{"id", "version", "objectType"} {
		if strings.TrimSpace(query.Get(name)) == "" {
			return badRequest(fmt.Sprintf("Missing required query parameter [%s] for %s", name, operation))
		}
	}
	for _, t := range listValues(query, "resourceType") {
		if !containsFold(dependencyTypes, t) {
			return &apiError{status: http.StatusBadRequest, code: "invalid.value",
				message: fmt.Sprintf("Value [%s] is not valid for field type [resourceType]. Allowable values are: %s",
					t, strings.Join(dependencyTypes, ", "))}
		}
	}
	page, err := parsePageRequest(query, maxConsumedResourcesPageSize, operation)
	if err != nil {
		return err
	}

	id, version, objectType := query.Get("id"), query.Get("version"), query.Get("objectType")
	if err := s.faults.match(DependencyFaultType, id); err != nil {
		return err
	}
	flow := s.index[typeFlow][id]
	if flow == nil || s.faults.hidden(typeFlow, id) {
		return notFound(fmt.Sprintf("The requested resource was not found: no flow with id [%s]", id))
	}
	if want := flowObjectTypes[stringAt(flow, "type")]; !strings.EqualFold(objectType, want) {
		return notFound(fmt.Sprintf("The requested resource was not found: flow [%s] is not of objectType [%s]",
			id, objectType))
	}
	if !slices.Contains(s.flowVersionIDs(id, flow), version) {
		return notFound(fmt.Sprintf("The requested resource was not found: flow [%s] has no version [%s]", id, version))
	}

	requested := listValues(query, "resourceType")
	var entities []map[string]any
	for _, d := range s.dependencies[id] {
		if len(requested) == 0 || containsFold(requested, d.Type) {
			entities = append(entities, dependencyEntity(d))
		}
	}
	writeOK(w, listPage(consumedResourcesPath, r.URL.RawQuery, page, entities))
	return nil
}

// flowVersionIDs returns the versions a flow has: those its published,
// checked-in and saved versions name, and those listed under it.
// NOTE: every version of a flow consumes the same resources here, because a
// fixture gives one list per flow.
func (s *Server) flowVersionIDs(id string, flow map[string]any) []string {
	var out []string
	for _, field := range []string{"publishedVersion", "checkedInVersion", "savedVersion"} {
		if v := stringAt(flow, field, "id"); v != "" {
			out = append(out, v)
		}
	}
	for _, v := range s.children[typeFlowVersion][id] {
		out = append(out, stringAt(v, "id"))
	}
	return out
}

// sortedDependencies returns a copy of a fixture's dependencies with each
// flow's list sorted by type and id, the order the server lists them in.
func sortedDependencies(in map[string][]Dependency) map[string][]Dependency {
	out := make(map[string][]Dependency, len(in))
	for flowID, list := range in {
		sorted := slices.Clone(list)
		slices.SortFunc(sorted, func(a, b Dependency) int {
			if c := strings.Compare(a.Type, b.Type); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		out[flowID] = sorted
	}
	return out
}
