package sfsim

import (
	"encoding/base64"
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/patchbay/patchbay/salesforce"
)

var soapPath = regexp.MustCompile(`^/services/Soap/m/(\d+\.\d)(/.*)?$`)

func isSOAP(p string) bool { return strings.HasPrefix(p, "/services/Soap/") }

// soapFault writes a SOAP 1.1 fault, as Salesforce does with HTTP 500.
func soapFault(rc *reqCtx, status int, code, msg string) {
	rc.w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	rc.w.WriteHeader(status)
	var w xmlWriter
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><soapenv:Fault>`)
	w.el("faultcode", code)
	w.el("faultstring", msg)
	w.WriteString(`</soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
	_, _ = io.WriteString(rc.w, w.String())
}

func soapOK(rc *reqCtx, body string) {
	rc.w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	rc.w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(rc.w, `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`+body+`</soapenv:Body></soapenv:Envelope>`)
}

type soapDeployOptions struct {
	CheckOnly       string   `xml:"checkOnly"`
	IgnoreWarnings  string   `xml:"ignoreWarnings"`
	RollbackOnError string   `xml:"rollbackOnError"`
	RunTests        []string `xml:"runTests"`
	SinglePackage   string   `xml:"singlePackage"`
	TestLevel       string   `xml:"testLevel"`
}

type soapEnvelope struct {
	Header struct {
		SessionID string `xml:"SessionHeader>sessionId"`
	} `xml:"Header"`
	Body struct {
		Deploy *struct {
			ZipFile string            `xml:"ZipFile"`
			Options soapDeployOptions `xml:"DeployOptions"`
		} `xml:"deploy"`
		Check *struct {
			ID             string `xml:"asyncProcessId"`
			IncludeDetails string `xml:"includeDetails"`
		} `xml:"checkDeployStatus"`
		Cancel *struct {
			String string `xml:"String"`
			ID     string `xml:"id"`
		} `xml:"cancelDeploy"`
		Recent *struct {
			ValidationID string `xml:"validationId"`
		} `xml:"deployRecentValidation"`
		Inner []byte `xml:",innerxml"`
	} `xml:"Body"`
}

func isTrue(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "true") }

func (s *Server) handleSOAP(rc *reqCtx) {
	m := soapPath.FindStringSubmatch(rc.path)
	if rc.r.Method != http.MethodPost || m == nil || !s.versionOK(m[1]) {
		soapFault(rc, http.StatusNotFound, "sf:UNSUPPORTED_API_VERSION", "UNSUPPORTED_API_VERSION: no Metadata API SOAP endpoint at "+rc.path)
		return
	}
	var env soapEnvelope
	if err := xml.NewDecoder(io.LimitReader(rc.r.Body, 60<<20)).Decode(&env); err != nil {
		soapFault(rc, http.StatusInternalServerError, "soapenv:Client", "Could not parse the SOAP request: "+err.Error())
		return
	}
	ss := s.sessionFor(rc, strings.TrimSpace(env.Header.SessionID))
	if ss == nil {
		soapFault(rc, http.StatusInternalServerError, "sf:INVALID_SESSION_ID", "INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session")
		return
	}
	rc.sess = ss
	b := env.Body
	switch {
	case b.Deploy != nil:
		zipData, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b.Deploy.ZipFile), ""))
		if err != nil {
			soapFault(rc, http.StatusInternalServerError, "soapenv:Client", "ZipFile is not valid base64")
			return
		}
		o := b.Deploy.Options
		opts := salesforce.DeployOptions{
			CheckOnly: isTrue(o.CheckOnly), IgnoreWarnings: isTrue(o.IgnoreWarnings), RollbackOnError: isTrue(o.RollbackOnError),
			SinglePackage: isTrue(o.SinglePackage), TestLevel: strings.TrimSpace(o.TestLevel), RunTests: o.RunTests,
		}
		s.mu.Lock()
		j := s.startDeployLocked(ss.user, zipData, opts, "soap")
		s.mu.Unlock()
		soapOK(rc, `<deployResponse><result><done>false</done><id>`+j.id+`</id><state>Queued</state></result></deployResponse>`)
	case b.Check != nil:
		if s.pollExpires(env.Header.SessionID) {
			soapFault(rc, http.StatusInternalServerError, "sf:INVALID_SESSION_ID", "INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session")
			return
		}
		s.mu.Lock()
		j := s.deploys[strings.TrimSpace(b.Check.ID)]
		if j == nil || j.org != ss.user.org {
			s.mu.Unlock()
			soapFault(rc, http.StatusInternalServerError, "sf:INVALID_ID_FIELD", "INVALID_ID_FIELD: invalid deploy id")
			return
		}
		r := s.resultLocked(j)
		var w xmlWriter
		w.WriteString("<checkDeployStatusResponse><result>")
		s.soapDeployResult(&w, j, r, isTrue(b.Check.IncludeDetails))
		w.WriteString("</result></checkDeployStatusResponse>")
		s.mu.Unlock()
		soapOK(rc, w.String())
	case b.Cancel != nil:
		id := strings.TrimSpace(b.Cancel.String)
		if id == "" {
			id = strings.TrimSpace(b.Cancel.ID)
		}
		s.mu.Lock()
		j := s.deploys[id]
		if j == nil || j.org != ss.user.org {
			s.mu.Unlock()
			soapFault(rc, http.StatusInternalServerError, "sf:INVALID_ID_FIELD", "INVALID_ID_FIELD: invalid deploy id")
			return
		}
		canceling := s.cancelLocked(j)
		s.mu.Unlock()
		done := "false"
		if !canceling {
			done = "true"
		}
		soapOK(rc, `<cancelDeployResponse><result><done>`+done+`</done><id>`+id+`</id></result></cancelDeployResponse>`)
	case b.Recent != nil:
		s.mu.Lock()
		j, problem := s.quickDeployLocked(ss.user, strings.TrimSpace(b.Recent.ValidationID), "soap")
		s.mu.Unlock()
		if j == nil {
			soapFault(rc, http.StatusInternalServerError, "sf:INVALID_ID_FIELD", "INVALID_ID_FIELD: "+problem)
			return
		}
		soapOK(rc, `<deployRecentValidationResponse><result>`+j.id+`</result></deployRecentValidationResponse>`)
	default:
		op := "unknown"
		d := xml.NewDecoder(strings.NewReader(string(b.Inner)))
		for {
			t, err := d.Token()
			if err != nil {
				break
			}
			if se, ok := t.(xml.StartElement); ok {
				op = se.Name.Local
				break
			}
		}
		soapFault(rc, http.StatusInternalServerError, "soapenv:Client", "No operation available for request {http://soap.sforce.com/2006/04/metadata}"+op)
	}
}
