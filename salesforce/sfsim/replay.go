package sfsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Apex REST in the simulator. Apex does not run here: of the Apex REST
// resources a deploy brings, sfsim answers only the replay resource patchbay
// generates (templates/apex/replay.cls.tmpl), and only by SIMULATION: it
// checks the request as that class does, records the call (Replays), and
// writes the Integration_Log__c rows the runtime would write once the
// re-enqueued job ran, each saying in its message that sfsim simulated it.
// It does not model permission set assignments: the caller is taken to
// hold the integration's permission set.

// ReplayCall is one call of a replay resource that sfsim accepted.
type ReplayCall struct {
	At          time.Time
	Integration string
	Flow        string
	RecordIDs   []string
	JobID       string
}

// SimulatedReplayMessage is the Message__c of the log rows sfsim writes for
// a replay, so that no one takes them for rows a real runtime wrote.
const SimulatedReplayMessage = "Simulated by sfsim: Apex does not run in the simulator, so this row stands for the one the runtime writes when the replayed run succeeds."

var (
	restResourceRE = regexp.MustCompile(`@RestResource\(\s*urlMapping\s*=\s*'([^']*)'\s*\)`)
	replayPathRE   = regexp.MustCompile(`^/patchbay/([A-Za-z][A-Za-z0-9_]*)/replay$`)
	// replayFlowRE reads the replayable flows and their objects from the
	// generated replay class: when 'Flow' { ids = recordIds(given, Object.SObjectType);
	replayFlowRE = regexp.MustCompile(`when '([^']+)' \{\s*ids = recordIds\(given, (\w+)\.SObjectType\)`)
)

// maxReplayRecords is the generated class's MAX_RECORDS.
const maxReplayRecords = 200

// Replays lists the replay calls an org accepted, oldest first.
func (s *Server) Replays(alias string) []ReplayCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.orgs[alias]
	if o == nil {
		return nil
	}
	return append([]ReplayCall(nil), o.replays...)
}

// handleApexREST routes /services/apexrest/… to a deployed class mapped to
// the path; only the replay resource is simulated.
func (s *Server) handleApexREST(rc *reqCtx) {
	if !s.authREST(rc) {
		return
	}
	mapping := strings.TrimPrefix(rc.path, "/services/apexrest")
	o := rc.sess.user.org
	s.mu.Lock()
	var src string
	for _, c := range o.components {
		if c.Type != "ApexClass" {
			continue
		}
		if m := restResourceRE.FindSubmatch(c.Content); m != nil && string(m[1]) == mapping {
			src = string(c.Content)
		}
	}
	s.mu.Unlock()
	if src == "" {
		rc.restError(http.StatusNotFound, "NOT_FOUND", "Could not find a match for URL")
		return
	}
	pm := replayPathRE.FindStringSubmatch(mapping)
	if pm == nil {
		rc.restError(http.StatusNotImplemented, "UNKNOWN_EXCEPTION", "sfsim runs no Apex: only patchbay's replay resource is simulated")
		return
	}
	if rc.r.Method != http.MethodPost {
		rc.restError(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+rc.r.Method+"' not allowed. Allowed are POST")
		return
	}
	s.simulateReplay(rc, pm[1], src)
}

// simulateReplay checks a replay request as the generated class does and,
// when it would enqueue a job, writes the rows that job would log.
func (s *Server) simulateReplay(rc *reqCtx, integration, src string) {
	answer := func(status int, msg string) {
		rc.json(status, map[string]string{"error": msg})
	}
	var body struct {
		Flow      *string `json:"flow"`
		RecordIDs []any   `json:"recordIds"`
	}
	raw, _ := io.ReadAll(io.LimitReader(rc.r.Body, 1<<20))
	if err := json.Unmarshal(raw, &body); err != nil || body.Flow == nil || body.RecordIDs == nil {
		answer(http.StatusBadRequest, "Send a JSON object with flow and recordIds.")
		return
	}
	if len(body.RecordIDs) == 0 || len(body.RecordIDs) > maxReplayRecords {
		answer(http.StatusBadRequest, fmt.Sprintf("recordIds must list 1 to %d record ids.", maxReplayRecords))
		return
	}
	flow, object := *body.Flow, ""
	for _, m := range replayFlowRE.FindAllStringSubmatch(src, -1) {
		if m[1] == flow {
			object = m[2]
		}
	}
	if object == "" {
		answer(http.StatusBadRequest, "The flow "+flow+" cannot be replayed: only flows started by a record change can.")
		return
	}
	o := rc.sess.user.org
	s.mu.Lock()
	objs, _ := s.schemaLocked(o)
	d, logObj := lookupObject(objs, object), lookupObject(objs, "Integration_Log__c")
	var ids []string
	for _, v := range body.RecordIDs {
		id, ok := v.(string)
		if !ok || d == nil || (len(id) != 15 && len(id) != 18) || !strings.HasPrefix(id, d.KeyPrefix) {
			s.mu.Unlock()
			answer(http.StatusBadRequest, "Every record id must be an id of the object that starts the flow "+flow+".")
			return
		}
		ids = append(ids, id)
	}
	jobID := s.nextIDLocked("707")
	o.replays = append(o.replays, ReplayCall{At: s.now().UTC(), Integration: integration, Flow: flow, RecordIDs: ids, JobID: jobID})
	if logObj != nil {
		data := s.dataLocked(o)
		for _, id := range ids {
			// The job runs the flow from its first step; the row names the
			// step of the record's last logged outcome, as the runtime's
			// last step would.
			step := any(nil)
			for _, r := range data.records[logObj.Name] {
				if r["Record_Id__c"] == id && r["Flow__c"] == flow && r["Integration__c"] == integration {
					step = r["Step__c"]
				}
			}
			s.insertLocked(o, logObj, map[string]any{
				"Integration__c": integration, "Flow__c": flow, "Step__c": step, "Status__c": "Success",
				"Status_Code__c": float64(200), "Message__c": SimulatedReplayMessage, "Record_Id__c": id, "Attempt__c": float64(1),
			}, rc.sess.user.ID)
		}
	}
	s.mu.Unlock()
	rc.json(http.StatusAccepted, map[string]any{"flow": flow, "enqueued": len(ids), "jobId": jobID})
}
