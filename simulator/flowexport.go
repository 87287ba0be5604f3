package simulator

// Architect flow export jobs, as the Platform API and its SDKs (ArchitectApi
// postFlowsExportJobs and getFlowsExportJob) describe them:
//
//	POST /api/v2/flows/export/jobs          RegisterArchitectExportJob
//	    {"flows": [{"flow": {"id"|"name"+"type", "version"}, "fileName", "exportType"}]}
//	    -> RegisterArchitectExportJobResponse {id, status, totalFlows, selfUri}
//	GET  /api/v2/flows/export/jobs/{jobId}?expand=messages
//	    -> ArchitectExportJobStateResponse {id, status, command, downloadUrl, messages, selfUri}
//
// status is Registered, Started, Success or Failure. On Success, downloadUrl
// is a signed URL of the exported file: the YAML of a single flow, or a zip
// archive of one YAML file per flow when the job exports several. The
// simulator's downloadUrl points at the simulator itself and, like a
// presigned object-store URL, needs its signature but no bearer token.
//
// Faults of type "flow" apply to these requests too. A fault without an id
// applies to every one of them. A fault with the id of a flow applies to
// the polls and downloads of every job that exports that flow, as well as
// to the flow's get-by-id, so a fault
// {"type": "flow", "id": ..., "status": 429, "retryAfter": 2, "times": 1}
// makes the first poll of such a job return 429 with Retry-After 2. Polls
// and registrations count against the token's rate limit; downloads carry
// no token and do not.

import (
	"archive/zip"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"weak"

	"go.yaml.in/yaml/v3"
)

const (
	flowExportJobsPath = "/api/v2/flows/export/jobs"
	// flowExportDownloadPath is the simulator's stand-in for the object
	// store that real download URLs point at. It is not a Platform API path.
	flowExportDownloadPath = "/downloads/flowexports/"
	// maxRequestBytes is the API's default request.bytes.max.
	maxRequestBytes = 512000
	// defaultStartedPolls is FlowExportOptions.StartedPolls until
	// SetFlowExportOptions is called.
	defaultStartedPolls = 2
)

// Export job statuses, as the API spells them.
const (
	exportRegistered = "Registered"
	exportStarted    = "Started"
	exportSuccess    = "Success"
	exportFailure    = "Failure"
)

// fileNamePattern is the documented rule for ExportDetails.fileName:
// "Must contain only alphanumeric characters, underscores, or hyphens."
var fileNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// zipModified is the modification time of every zip entry, so that the
// archive bytes depend only on the flows.
var zipModified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// FlowExportOptions configures the Architect flow export jobs of a Server.
// A job reports Started until it finishes, and it finishes at the first
// poll that comes after StartedPolls polls or at least StartedFor after its
// registration by the server's clock, whichever is first. A zero field
// takes no part, and with both zero a job finishes at its first poll.
type FlowExportOptions struct {
	StartedPolls int
	StartedFor   time.Duration
	// FailingFlows maps flow ids to an error text. A job that exports such a
	// flow ends in Failure, with one Error message per failing flow.
	FailingFlows map[string]string
}

// SetFlowExportOptions replaces the export-job options. It applies to jobs
// that have not finished yet. Until it is called, a job reports Started to
// its first two polls and no flow fails.
func (s *Server) SetFlowExportOptions(o FlowExportOptions) error {
	if o.StartedPolls < 0 || o.StartedFor < 0 {
		return errors.New("simulator: FlowExportOptions.StartedPolls and StartedFor must not be negative")
	}
	for _, id := range sortedKeys(o.FailingFlows) {
		if s.index[typeFlow][id] == nil {
			return fmt.Errorf("simulator: FlowExportOptions.FailingFlows: no flow with id %q", id)
		}
	}
	fe := s.flowExports()
	fe.mu.Lock()
	defer fe.mu.Unlock()
	o.FailingFlows = maps.Clone(o.FailingFlows)
	fe.opts = o
	return nil
}

// FlowExportJobIDs returns the ids of the registered export jobs in the
// order they were registered.
func (s *Server) FlowExportJobIDs() []string {
	fe := s.flowExports()
	fe.mu.Lock()
	defer fe.mu.Unlock()
	return slices.Clone(fe.order)
}

// FlowExportPolls returns the time, by the server's clock, of every poll of
// the job with a valid token, faulted and rate-limited ones included.
func (s *Server) FlowExportPolls(jobID string) []time.Time {
	fe := s.flowExports()
	fe.mu.Lock()
	defer fe.mu.Unlock()
	if job := fe.jobs[jobID]; job != nil {
		return slices.Clone(job.pollTimes)
	}
	return nil
}

// flowExports is the export-job state of one Server.
type flowExports struct {
	mu    sync.Mutex
	opts  FlowExportOptions
	key   []byte // signs download URLs
	jobs  map[string]*exportJob
	order []string // job ids in registration order
}

type exportJob struct {
	id         string
	flows      []exportedFlow
	registered time.Time
	pollTimes  []time.Time
	served     int // polls served with the job's status
	status     string
	finished   time.Time
	messages   []jobMessage
	// file is the name of the downloadable file once the job succeeded.
	file string
}

type exportedFlow struct {
	flow     map[string]any
	fileName string
}

// jobMessage is an ArchitectJobMessage.
type jobMessage struct {
	DateTime string `json:"dateTime"`
	Type     string `json:"type"`
	Text     string `json:"text"`
}

// The export-job state of each Server is kept in this registry, under a
// weak key, and dropped by a cleanup once the Server is collected.
// TODO: make it a field of Server.
var flowExportRegistry = struct {
	mu     sync.Mutex
	states map[weak.Pointer[Server]]*flowExports
}{states: map[weak.Pointer[Server]]*flowExports{}}

func (s *Server) flowExports() *flowExports {
	key := weak.Make(s)
	flowExportRegistry.mu.Lock()
	defer flowExportRegistry.mu.Unlock()
	if fe := flowExportRegistry.states[key]; fe != nil {
		return fe
	}
	fe := &flowExports{
		opts: FlowExportOptions{StartedPolls: defaultStartedPolls},
		key:  make([]byte, 32),
		jobs: map[string]*exportJob{},
	}
	_, _ = rand.Read(fe.key) // crypto/rand.Read never returns an error
	flowExportRegistry.states[key] = fe
	runtime.AddCleanup(s, func(key weak.Pointer[Server]) {
		flowExportRegistry.mu.Lock()
		defer flowExportRegistry.mu.Unlock()
		delete(flowExportRegistry.states, key)
	}, key)
	return fe
}

// isFlowExportPath reports whether serveFlowExport handles path.
func isFlowExportPath(path string) bool {
	return path == flowExportJobsPath || strings.HasPrefix(path, flowExportJobsPath+"/") ||
		strings.HasPrefix(path, flowExportDownloadPath)
}

// serveFlowExport handles the export-job requests in the order serveAPI
// handles the others: token, rate limit, path, method, query and body
// before faults.
func (s *Server) serveFlowExport(w http.ResponseWriter, r *http.Request) *apiError {
	if strings.HasPrefix(r.URL.Path, flowExportDownloadPath) {
		return s.serveExportDownload(w, r)
	}
	token, err := s.authenticate(r)
	if err != nil {
		return err
	}
	if err := s.faults.limit(token); err != nil {
		return err
	}
	query, parseErr := url.ParseQuery(r.URL.RawQuery)
	if parseErr != nil {
		return badRequest(fmt.Sprintf("Invalid query string: %v", parseErr))
	}

	if r.URL.Path == flowExportJobsPath {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			return errorForStatus(http.StatusMethodNotAllowed)
		}
		if err := validateQuery("POST "+flowExportJobsPath, nil, query); err != nil {
			return err
		}
		return s.registerExportJob(w, r)
	}

	jobID := strings.TrimPrefix(r.URL.Path, flowExportJobsPath+"/")
	if jobID == "" || strings.Contains(jobID, "/") {
		return notFound(fmt.Sprintf("The requested resource was not found: no operation at %s", r.URL.Path))
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		return errorForStatus(http.StatusMethodNotAllowed)
	}
	operation := "GET " + flowExportJobsPath + "/{jobId}"
	if err := validateQuery(operation, []param{arrayParam("expand")}, query); err != nil {
		return err
	}
	expandMessages := false
	for _, v := range listValues(query, "expand") {
		if !strings.EqualFold(v, "messages") {
			return &apiError{status: http.StatusBadRequest, code: "invalid.value",
				message: fmt.Sprintf("Value [%s] is not valid for field type [expand]. Allowable values are: messages", v)}
		}
		expandMessages = true
	}
	return s.pollExportJob(w, r, jobID, expandMessages)
}

// registerArchitectExportJob is the RegisterArchitectExportJob body.
type registerArchitectExportJob struct {
	Flows []exportDetails `json:"flows"`
}

type exportDetails struct {
	Flow       *architectFlowReference `json:"flow"`
	FileName   string                  `json:"fileName"`
	ExportType string                  `json:"exportType"`
}

type architectFlowReference struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Version string `json:"version"`
}

func (s *Server) registerExportJob(w http.ResponseWriter, r *http.Request) *apiError {
	flows, err := s.readExportRequest(w, r)
	if err != nil {
		return err
	}
	if err := s.faults.match(typeFlow, ""); err != nil {
		return err
	}

	fe := s.flowExports()
	fe.mu.Lock()
	job := &exportJob{id: newUUID(), flows: flows, registered: s.now(), status: exportRegistered}
	fe.jobs[job.id] = job
	fe.order = append(fe.order, job.id)
	fe.mu.Unlock()

	s.log.Debug("flow export job registered", "jobId", job.id, "flows", len(flows))
	writeOK(w, map[string]any{
		"id":         job.id,
		"status":     exportRegistered,
		"totalFlows": len(flows),
		"selfUri":    flowExportJobsPath + "/" + job.id,
	})
	return nil
}

// readExportRequest decodes and checks a RegisterArchitectExportJob body
// and returns the flows it names, each with its file name. The API
// documents no response to unknown fields, duplicate flows or an unknown
// version. The simulator rejects all three with 400, so that the exporter
// must send exactly what the API describes.
func (s *Server) readExportRequest(w http.ResponseWriter, r *http.Request) ([]exportedFlow, *apiError) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" {
		return nil, errorForStatus(http.StatusUnsupportedMediaType)
	}
	data, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if readErr != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(readErr, &tooLarge) {
			return nil, &apiError{status: http.StatusRequestEntityTooLarge, code: "request.entity.too.large",
				message: fmt.Sprintf("The request is over the size limit. Maximum bytes: %d", maxRequestBytes)}
		}
		return nil, badRequest(fmt.Sprintf("Cannot read the request body: %v", readErr))
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var body registerArchitectExportJob
	if err := dec.Decode(&body); err != nil {
		return nil, badRequest(fmt.Sprintf("Invalid request body for POST %s: %v", flowExportJobsPath, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, badRequest("Invalid request body: data after the JSON object")
	}
	if len(body.Flows) == 0 {
		return nil, badRequest("The field [flows] must list at least one flow to export")
	}

	flows := make([]exportedFlow, 0, len(body.Flows))
	seen := map[string]int{}
	for i, details := range body.Flows {
		flow, err := s.exportedFlow(i, details)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[flow.fileName]; dup {
			return nil, badRequest(fmt.Sprintf("flows[%d] and flows[%d] both export to the file name [%s]",
				first, i, flow.fileName))
		}
		seen[flow.fileName] = i
		flows = append(flows, flow)
	}
	return flows, nil
}

// exportedFlow resolves entry i of the flows field.
func (s *Server) exportedFlow(i int, details exportDetails) (exportedFlow, *apiError) {
	ref := details.Flow
	if ref == nil {
		return exportedFlow{}, badRequest(fmt.Sprintf("flows[%d]: the field [flow] is required", i))
	}
	var flow map[string]any
	switch {
	case ref.ID != "":
		flow = s.index[typeFlow][ref.ID]
		if flow == nil {
			return exportedFlow{}, badRequest(fmt.Sprintf("flows[%d]: no flow with id [%s]", i, ref.ID))
		}
	case ref.Name != "" && ref.Type != "":
		var err *apiError
		if flow, err = s.flowByName(i, ref.Name, ref.Type); err != nil {
			return exportedFlow{}, err
		}
	default:
		return exportedFlow{}, badRequest(fmt.Sprintf(
			"flows[%d].flow: give the flow's id, or both its name and type", i))
	}
	if ref.Version != "" && ref.Version != stringAt(flow, "checkedInVersion", "id") &&
		ref.Version != stringAt(flow, "publishedVersion", "id") {
		return exportedFlow{}, badRequest(fmt.Sprintf("flows[%d]: flow [%s] has no version [%s]",
			i, stringAt(flow, "id"), ref.Version))
	}

	switch {
	case details.ExportType == "" || strings.EqualFold(details.ExportType, "Yaml"):
	case strings.EqualFold(details.ExportType, "Architect"):
		e := errorForStatus(http.StatusNotImplemented)
		e.message = fmt.Sprintf("flows[%d]: the simulator exports only exportType [Yaml], not [Architect]", i)
		return exportedFlow{}, e
	default:
		return exportedFlow{}, &apiError{status: http.StatusBadRequest, code: "invalid.value",
			message: fmt.Sprintf("Value [%s] is not valid for field type [exportType]. Allowable values are: Architect, Yaml",
				details.ExportType)}
	}

	// NOTE: the file name of a flow exported without fileName is not
	// documented. The simulator uses the flow id.
	fileName := stringAt(flow, "id")
	if details.FileName != "" {
		if !fileNamePattern.MatchString(details.FileName) {
			return exportedFlow{}, badRequest(fmt.Sprintf(
				"flows[%d]: fileName [%s] must contain only alphanumeric characters, underscores, or hyphens",
				i, details.FileName))
		}
		fileName = details.FileName
	}
	return exportedFlow{flow: flow, fileName: fileName}, nil
}

func (s *Server) flowByName(i int, name, flowType string) (map[string]any, *apiError) {
	var found []map[string]any
	for _, obj := range s.objects[typeFlow] {
		if stringAt(obj, "name") == name && strings.EqualFold(stringAt(obj, "type"), flowType) {
			found = append(found, obj)
		}
	}
	switch len(found) {
	case 0:
		return nil, badRequest(fmt.Sprintf("flows[%d]: no flow named [%s] of type [%s]", i, name, flowType))
	case 1:
		return found[0], nil
	default:
		return nil, badRequest(fmt.Sprintf("flows[%d]: %d flows are named [%s] with type [%s]. Give the flow id instead",
			i, len(found), name, flowType))
	}
}

func (s *Server) pollExportJob(w http.ResponseWriter, r *http.Request, jobID string, expandMessages bool) *apiError {
	fe := s.flowExports()
	fe.mu.Lock()
	job := fe.jobs[jobID]
	if job == nil {
		fe.mu.Unlock()
		return notFound(fmt.Sprintf("The requested resource was not found: no export job with id [%s]", jobID))
	}
	job.pollTimes = append(job.pollTimes, s.now())
	fe.mu.Unlock()

	if err := s.matchJobFaults(job); err != nil {
		return err
	}

	base, err := ownBaseURL(r)
	if err != nil {
		return err
	}
	fe.mu.Lock()
	fe.advance(job, s.now())
	body := map[string]any{
		"id":      job.id,
		"status":  job.status,
		"command": "Export",
		"selfUri": flowExportJobsPath + "/" + job.id,
	}
	if job.status == exportSuccess {
		body["downloadUrl"] = base + flowExportDownloadPath + job.id + "/" + job.file +
			"?signature=" + fe.signature(job.id)
	}
	if expandMessages {
		body["messages"] = slices.Clone(job.messages)
		if job.messages == nil {
			body["messages"] = []jobMessage{}
		}
	}
	fe.mu.Unlock()
	writeOK(w, body)
	return nil
}

// matchJobFaults applies the flow faults to a request about job: the first
// active fault that matches any of its flows responds.
func (s *Server) matchJobFaults(job *exportJob) *apiError {
	for _, f := range job.flows {
		if err := s.faults.match(typeFlow, stringAt(f.flow, "id")); err != nil {
			return err
		}
	}
	return nil
}

// advance counts a served poll and finishes the job when its time has come.
// The caller holds fe.mu.
func (fe *flowExports) advance(job *exportJob, now time.Time) {
	if job.status == exportSuccess || job.status == exportFailure {
		return
	}
	job.served++
	byPolls := fe.opts.StartedPolls > 0 && job.served > fe.opts.StartedPolls
	byTime := fe.opts.StartedFor > 0 && now.Sub(job.registered) >= fe.opts.StartedFor
	immediate := fe.opts.StartedPolls == 0 && fe.opts.StartedFor == 0
	if !byPolls && !byTime && !immediate {
		job.status = exportStarted
		return
	}

	job.finished = now
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	for _, f := range job.flows {
		if text, failing := fe.opts.FailingFlows[stringAt(f.flow, "id")]; failing {
			job.messages = append(job.messages, jobMessage{DateTime: stamp, Type: "Error", Text: text})
		}
	}
	if len(job.messages) > 0 {
		job.status = exportFailure
		return
	}
	job.status = exportSuccess
	if len(job.flows) == 1 {
		job.file = job.flows[0].fileName + ".yaml"
	} else {
		job.file = job.id + ".zip"
	}
}

// signature returns the hex HMAC-SHA256 of a job id, which makes its
// download URL work without a token.
func (fe *flowExports) signature(jobID string) string {
	mac := hmac.New(sha256.New, fe.key)
	mac.Write([]byte(jobID))
	return hex.EncodeToString(mac.Sum(nil))
}

// ownBaseURL returns the base URL of the listener that received r, so that
// a download URL can only point at this server. A client that connected to
// a loopback listener as "localhost" gets "localhost" back, so the URL has
// the host of the client's API base URL.
func ownBaseURL(r *http.Request) (string, *apiError) {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		e := errorForStatus(http.StatusInternalServerError)
		e.message = "The simulator cannot build a download URL: the request did not arrive through a listener"
		return "", e
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := local.String()
	localHost, localPort, err := net.SplitHostPort(host)
	if err != nil {
		return scheme + "://" + host, nil
	}
	reqHost, reqPort, err := net.SplitHostPort(r.Host)
	if err == nil && strings.EqualFold(reqHost, "localhost") && reqPort == localPort {
		if ip := net.ParseIP(localHost); ip != nil && ip.IsLoopback() {
			host = net.JoinHostPort("localhost", localPort)
		}
	}
	return scheme + "://" + host, nil
}

// serveExportDownload serves the file of a successful job. Like a presigned
// URL, it needs the signature in its query but no Authorization header.
func (s *Server) serveExportDownload(w http.ResponseWriter, r *http.Request) *apiError {
	jobID, file, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, flowExportDownloadPath), "/")
	if !ok || jobID == "" || file == "" || strings.Contains(file, "/") {
		return notFound(fmt.Sprintf("The requested resource was not found: no download at %s", r.URL.Path))
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		return errorForStatus(http.StatusMethodNotAllowed)
	}
	query, parseErr := url.ParseQuery(r.URL.RawQuery)
	if parseErr != nil {
		return badRequest(fmt.Sprintf("Invalid query string: %v", parseErr))
	}
	if err := validateQuery("GET download URL", []param{stringParam("signature")}, query); err != nil {
		return err
	}

	fe := s.flowExports()
	want := fe.signature(jobID)
	if subtle.ConstantTimeCompare([]byte(query.Get("signature")), []byte(want)) != 1 {
		return &apiError{status: http.StatusForbidden, code: "not.authorized",
			message: "The download URL's signature is missing or invalid"}
	}
	fe.mu.Lock()
	job := fe.jobs[jobID]
	var flows []exportedFlow
	if job != nil && job.status == exportSuccess && job.file == file {
		flows = job.flows
	}
	fe.mu.Unlock()
	if flows == nil {
		return notFound(fmt.Sprintf("The requested resource was not found: no file [%s] for export job [%s]",
			file, jobID))
	}
	if err := s.matchJobFaults(job); err != nil {
		return err
	}

	contentType, data := "application/x-yaml", flowYAML(flows[0].flow)
	if len(flows) > 1 {
		contentType, data = "application/zip", flowArchive(flows)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
	return nil
}

// flowArchive returns a zip archive of each flow's YAML as
// <fileName>.yaml, in file-name order, with fixed timestamps.
func flowArchive(flows []exportedFlow) []byte {
	sorted := slices.Clone(flows)
	slices.SortFunc(sorted, func(a, b exportedFlow) int { return strings.Compare(a.fileName, b.fileName) })
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range sorted {
		entry, err := zw.CreateHeader(&zip.FileHeader{
			Name: f.fileName + ".yaml", Method: zip.Deflate, Modified: zipModified,
		})
		if err == nil {
			_, err = entry.Write(flowYAML(f.flow))
		}
		if err != nil {
			// Writes to a bytes.Buffer do not fail.
			panic(fmt.Sprintf("simulator: building a zip archive: %v", err))
		}
	}
	if err := zw.Close(); err != nil {
		panic(fmt.Sprintf("simulator: building a zip archive: %v", err))
	}
	return buf.Bytes()
}

// archyKeys maps flow types to the top-level key of an Archy YAML flow
// document.
var archyKeys = map[string]string{
	"BOT": "bot", "COMMONMODULE": "commonModule", "DIGITALBOT": "digitalBot",
	"INBOUNDCALL": "inboundCall", "INBOUNDCHAT": "inboundChat", "INBOUNDEMAIL": "inboundEmail",
	"INBOUNDSHORTMESSAGE": "inboundShortMessage", "INQUEUECALL": "inQueueCall",
	"INQUEUEEMAIL": "inQueueEmail", "INQUEUESHORTMESSAGE": "inQueueShortMessage",
	"OUTBOUNDCALL": "outboundCall", "SECURECALL": "secureCall", "SURVEYINVITE": "surveyInvite",
	"VOICEMAIL": "voicemail", "VOICESURVEY": "voiceSurvey", "WORKFLOW": "workflow", "WORKITEM": "workitem",
}

// flowYAML returns a flow's export document, built from its metadata only.
// NOTE: a real export holds the whole flow configuration. This document
// has only the name, description, division and a default language under
// the flow type's key, so that it resembles Archy YAML in shape and has
// bytes that depend only on the fixture.
func flowYAML(flow map[string]any) []byte {
	flowType := stringAt(flow, "type")
	key, ok := archyKeys[strings.ToUpper(flowType)]
	if !ok {
		key = strings.ToLower(flowType)
	}
	fields := &yaml.Node{Kind: yaml.MappingNode}
	add := func(name, value string) {
		if value != "" {
			fields.Content = append(fields.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Value: name},
				&yaml.Node{Kind: yaml.ScalarNode, Value: value})
		}
	}
	add("name", stringAt(flow, "name"))
	add("description", stringAt(flow, "description"))
	add("division", stringAt(flow, "division", "name"))
	add("defaultLanguage", "en-us")
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: key}, fields,
	}}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		// The document holds only string scalars, which always encode.
		panic(fmt.Sprintf("simulator: encoding a flow's YAML: %v", err))
	}
	_ = enc.Close()
	return buf.Bytes()
}
