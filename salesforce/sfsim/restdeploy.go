package sfsim

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/patchbay/patchbay/salesforce"
)

// handleRESTDeploy serves /metadata/deployRequest[/{id}].
func (s *Server) handleRESTDeploy(rc *reqCtx, id string) {
	u := rc.sess.user
	switch {
	case id == "" && rc.r.Method == http.MethodPost:
		mt, _, _ := mime.ParseMediaType(rc.r.Header.Get("Content-Type"))
		if mt == "application/json" {
			var in struct {
				ValidatedDeployRequestID string `json:"validatedDeployRequestId"`
			}
			if err := json.NewDecoder(io.LimitReader(rc.r.Body, 1<<16)).Decode(&in); err != nil || in.ValidatedDeployRequestID == "" {
				rc.restError(http.StatusBadRequest, "INVALID_INPUT", "A JSON body needs validatedDeployRequestId; a deploy needs multipart/form-data.")
				return
			}
			s.mu.Lock()
			j, problem := s.quickDeployLocked(u, in.ValidatedDeployRequestID, "rest")
			var out map[string]any
			if j != nil {
				out = s.restDeployResult(j, s.resultLocked(j), false)
			}
			s.mu.Unlock()
			if j == nil {
				rc.restError(http.StatusBadRequest, "INVALID_ID_FIELD", problem)
				return
			}
			rc.json(http.StatusCreated, out)
			return
		}
		if mt != "multipart/form-data" {
			rc.restError(http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be multipart/form-data")
			return
		}
		if err := rc.r.ParseMultipartForm(64 << 20); err != nil {
			rc.restError(http.StatusBadRequest, "INVALID_MULTIPART_REQUEST", "Could not parse the multipart request: "+err.Error())
			return
		}
		form := rc.r.MultipartForm
		var rawJSON []byte
		for _, name := range []string{"json", "entity_content"} {
			if v := form.Value[name]; len(v) > 0 {
				rawJSON = []byte(v[0])
				break
			}
			if f := form.File[name]; len(f) > 0 {
				fh, err := f[0].Open()
				if err == nil {
					rawJSON, _ = io.ReadAll(io.LimitReader(fh, 1<<20))
					fh.Close()
				}
				break
			}
		}
		files := form.File["file"]
		if rawJSON == nil || len(files) == 0 {
			rc.restError(http.StatusBadRequest, "INVALID_MULTIPART_REQUEST", "The request needs a JSON part (json or entity_content) and a zip part named file.")
			return
		}
		var in struct {
			DeployOptions struct {
				CheckOnly       looseBool `json:"checkOnly"`
				IgnoreWarnings  looseBool `json:"ignoreWarnings"`
				RollbackOnError looseBool `json:"rollbackOnError"`
				SinglePackage   looseBool `json:"singlePackage"`
				TestLevel       string    `json:"testLevel"`
				RunTests        []string  `json:"runTests"`
			} `json:"deployOptions"`
		}
		if err := json.Unmarshal(rawJSON, &in); err != nil {
			rc.restError(http.StatusBadRequest, "JSON_PARSER_ERROR", "Invalid JSON in the deploy options: "+err.Error())
			return
		}
		fh, err := files[0].Open()
		if err != nil {
			rc.restError(http.StatusBadRequest, "INVALID_MULTIPART_REQUEST", "Could not read the zip part.")
			return
		}
		zipData, _ := io.ReadAll(io.LimitReader(fh, 64<<20))
		fh.Close()
		o := in.DeployOptions
		opts := salesforce.DeployOptions{CheckOnly: bool(o.CheckOnly), IgnoreWarnings: bool(o.IgnoreWarnings), RollbackOnError: bool(o.RollbackOnError),
			SinglePackage: bool(o.SinglePackage), TestLevel: o.TestLevel, RunTests: o.RunTests}
		s.mu.Lock()
		j := s.startDeployLocked(u, zipData, opts, "rest")
		out := s.restDeployResult(j, s.resultLocked(j), false)
		s.mu.Unlock()
		rc.json(http.StatusCreated, out)
	case id != "" && rc.r.Method == http.MethodGet:
		if s.pollExpires(bearer(rc.r)) {
			rc.restError(http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
			return
		}
		s.mu.Lock()
		j := s.deploys[id]
		if j == nil || j.org != u.org {
			s.mu.Unlock()
			rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
			return
		}
		out := s.restDeployResult(j, s.resultLocked(j), rc.r.URL.Query().Get("includeDetails") == "true")
		s.mu.Unlock()
		rc.json(http.StatusOK, out)
	case id != "" && rc.r.Method == http.MethodPatch:
		var in struct {
			DeployResult struct {
				Status string `json:"status"`
			} `json:"deployResult"`
		}
		if err := json.NewDecoder(io.LimitReader(rc.r.Body, 1<<16)).Decode(&in); err != nil || in.DeployResult.Status != salesforce.StatusCanceling {
			rc.restError(http.StatusBadRequest, "INVALID_INPUT", `The body must be {"deployResult":{"status":"Canceling"}}`)
			return
		}
		s.mu.Lock()
		j := s.deploys[id]
		if j == nil || j.org != u.org {
			s.mu.Unlock()
			rc.restError(http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
			return
		}
		ok := s.cancelLocked(j)
		out := s.restDeployResult(j, s.resultLocked(j), false)
		s.mu.Unlock()
		if !ok {
			rc.restError(http.StatusBadRequest, "INVALID_STATUS", "The deploy has already finished and can't be canceled.")
			return
		}
		rc.json(http.StatusAccepted, out)
	default:
		rc.restError(http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '"+rc.r.Method+"' not allowed.")
	}
}

// looseBool accepts true and "true", as Salesforce's own samples quote
// booleans.
type looseBool bool

// UnmarshalJSON accepts true, "true", false, "false" and null.
func (b *looseBool) UnmarshalJSON(data []byte) error {
	*b = looseBool(isTrue(strings.Trim(string(data), `"`)))
	return nil
}
