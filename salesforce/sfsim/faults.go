package sfsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Faults make the API misbehave. Counts are consumed by the API requests
// (/services/data…, /services/Soap…, userinfo) that follow; OAuth token
// calls and the admin API are never affected.
type Faults struct {
	// Org restricts the faults to one org alias; empty means every org.
	Org string `json:"org,omitempty"`
	// Latency is added before every API response.
	Latency time.Duration `json:"-"`
	// Unavailable is how many requests get a 503 HTML maintenance page.
	Unavailable int `json:"unavailable,omitempty"`
	// LimitExceeded is how many requests get 403 REQUEST_LIMIT_EXCEEDED.
	LimitExceeded int `json:"limitExceeded,omitempty"`
	// DropConnections is how many requests have their connection closed
	// without any response.
	DropConnections int `json:"dropConnections,omitempty"`
	// DropResponses is how many requests are carried out and then have
	// their connection closed before the response is written: the request
	// took effect (a deploy was started) but its caller cannot know.
	DropResponses int `json:"dropResponses,omitempty"`
	// ExpireSessionAfterPolls revokes the access token used for the Kth
	// deploy status poll from now (that poll answers INVALID_SESSION_ID;
	// the refresh token keeps working). 0 means never.
	ExpireSessionAfterPolls int `json:"expireSessionAfterPolls,omitempty"`
}

// MarshalJSON writes Latency as a duration string ("250ms").
func (f Faults) MarshalJSON() ([]byte, error) {
	type plain Faults
	out := struct {
		plain
		Latency string `json:"latency,omitempty"`
	}{plain: plain(f)}
	if f.Latency > 0 {
		out.Latency = f.Latency.String()
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads Latency as a duration string ("250ms").
func (f *Faults) UnmarshalJSON(b []byte) error {
	type plain Faults
	var in struct {
		plain
		Latency string `json:"latency,omitempty"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*f = Faults(in.plain)
	if in.Latency != "" {
		d, err := time.ParseDuration(in.Latency)
		if err != nil {
			return fmt.Errorf("latency: %w", err)
		}
		f.Latency = d
	}
	return nil
}

// SetFaults replaces the current faults.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.polls = 0
}

// CurrentFaults returns what is left of the faults.
func (s *Server) CurrentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// applyFaults injects the configured faults; it reports whether the request
// was answered (or dropped) already.
func (s *Server) applyFaults(rc *reqCtx) bool {
	alias := rc.alias
	if alias == "" {
		if ss := s.sessionFor(rc, bearer(rc.r)); ss != nil {
			alias = ss.user.org.Alias
		}
	}
	s.mu.Lock()
	f := &s.faults
	if f.Org != "" && f.Org != alias {
		s.mu.Unlock()
		return false
	}
	latency := f.Latency
	var action string
	switch {
	case f.DropConnections > 0:
		f.DropConnections--
		action = "drop"
	case f.DropResponses > 0:
		f.DropResponses--
		action = "drop after"
	case f.Unavailable > 0:
		f.Unavailable--
		action = "503"
	case f.LimitExceeded > 0:
		f.LimitExceeded--
		action = "limit"
	}
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-rc.r.Context().Done():
		}
	}
	switch action {
	case "drop after":
		rc.dropResponse = true
		return false
	case "drop":
		if conn, _, err := http.NewResponseController(rc.w).Hijack(); err == nil {
			rc.hijacked = true
			conn.Close()
			return true
		}
		rc.w.WriteHeader(http.StatusBadGateway)
		return true
	case "503":
		rc.w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		rc.w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(rc.w, "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Salesforce is down for maintenance</h1></body></html>")
		return true
	case "limit":
		if isSOAP(rc.path) {
			soapFault(rc, http.StatusInternalServerError, "sf:REQUEST_LIMIT_EXCEEDED", "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.")
			return true
		}
		rc.restError(http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
		return true
	}
	return false
}

// api serves an API request after applying the faults; a request whose
// response is to be dropped is carried out with its response discarded,
// then its connection is closed.
func (s *Server) api(rc *reqCtx, handle func(*reqCtx)) {
	if s.applyFaults(rc) {
		return
	}
	if !rc.dropResponse {
		handle(rc)
		return
	}
	real := rc.w.ResponseWriter
	rc.w.ResponseWriter = discardWriter{h: http.Header{}}
	handle(rc)
	rc.w.ResponseWriter = real
	if conn, _, err := http.NewResponseController(real).Hijack(); err == nil {
		rc.hijacked = true
		conn.Close()
		return
	}
	real.WriteHeader(http.StatusBadGateway)
}

// discardWriter is a response nobody will read.
type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// pollExpires counts a deploy status poll and reports whether its session
// must expire now.
func (s *Server) pollExpires(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[tok]
	if s.faults.ExpireSessionAfterPolls <= 0 || ss == nil || (s.faults.Org != "" && s.faults.Org != ss.user.org.Alias) {
		return false
	}
	s.polls++
	if s.polls < s.faults.ExpireSessionAfterPolls {
		return false
	}
	s.faults.ExpireSessionAfterPolls = 0
	s.polls = 0
	delete(s.sessions, tok)
	return true
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	if t, ok := strings.CutPrefix(h, "OAuth "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// handleAdmin serves the admin API:
//
//	GET  /_sfsim/faults        the current faults
//	POST /_sfsim/faults        replace them (JSON Faults; latency as "250ms")
//	GET  /_sfsim/orgs          orgs and their instance URLs
//	GET  /_sfsim/orgs/<alias>/deployed   components deployed to an org
func (s *Server) handleAdmin(rc *reqCtx) {
	switch {
	case rc.path == "/_sfsim/faults" && rc.r.Method == http.MethodGet:
		rc.json(http.StatusOK, s.CurrentFaults())
	case rc.path == "/_sfsim/faults" && rc.r.Method == http.MethodPost:
		var f Faults
		if err := json.NewDecoder(http.MaxBytesReader(rc.w, rc.r.Body, 1<<16)).Decode(&f); err != nil {
			rc.json(http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetFaults(f)
		rc.json(http.StatusOK, f)
	case rc.path == "/_sfsim/orgs" && rc.r.Method == http.MethodGet:
		type orgOut struct {
			OrgInfo
			InstanceURL string
			DeployCount int
		}
		var out []orgOut
		for _, o := range s.Orgs() {
			out = append(out, orgOut{OrgInfo: o, InstanceURL: rc.base() + "/org/" + o.Alias, DeployCount: len(s.Deploys(o.Alias))})
		}
		rc.json(http.StatusOK, out)
	default:
		if rest, ok := strings.CutPrefix(rc.path, "/_sfsim/orgs/"); ok && rc.r.Method == http.MethodGet {
			if alias, ok := strings.CutSuffix(rest, "/deployed"); ok {
				rc.json(http.StatusOK, s.Deployed(alias))
				return
			}
		}
		http.NotFound(rc.w, rc.r)
	}
}
