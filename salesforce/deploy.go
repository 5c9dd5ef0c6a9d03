package salesforce

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// MaxZipSize is the Metadata API's limit on a deploy zip (39 MB).
const MaxZipSize = 39 << 20

// Deploy starts a Metadata API deploy of zip (a package.xml with its
// folders, optionally under one top-level folder) and returns the deploy id
// (0Af…). It uses the client's protocol. The request is not retried once
// sent unless the server answered 502/503/504, so a deploy is never started
// twice by the client.
func (c *Client) Deploy(ctx context.Context, zip []byte, opts DeployOptions) (string, error) {
	if len(zip) == 0 {
		return "", fmt.Errorf("salesforce: deploy: empty zip: %w", ErrInvalidRequest)
	}
	if len(zip) > MaxZipSize {
		return "", fmt.Errorf("salesforce: deploy: zip is %d bytes, over the 39 MB limit: %w", len(zip), ErrInvalidRequest)
	}
	if c.opts.Protocol == ProtocolREST {
		return c.deployREST(ctx, zip, opts)
	}
	return c.deploySOAP(ctx, zip, opts)
}

// QuickDeploy deploys a validation (a successful check-only deploy with
// tests) without running the tests again and returns the new deploy id.
func (c *Client) QuickDeploy(ctx context.Context, validatedID string) (string, error) {
	if validatedID == "" {
		return "", fmt.Errorf("salesforce: quick deploy: no validation id: %w", ErrInvalidRequest)
	}
	if c.opts.Protocol == ProtocolREST {
		body, _ := json.Marshal(map[string]string{"validatedDeployRequestId": validatedID})
		data, _, err := c.do(ctx, request{op: "quick deploy", method: http.MethodPost, path: c.dataPath("/metadata/deployRequest"), body: body, contentType: "application/json"})
		if err != nil {
			return "", err
		}
		return restDeployID(data)
	}
	var out struct {
		Result string `xml:"Body>deployRecentValidationResponse>result"`
	}
	if err := c.soapCall(ctx, "quick deploy", false, "<deployRecentValidation><validationId>"+xmlEscape(validatedID)+"</validationId></deployRecentValidation>", &out); err != nil {
		return "", err
	}
	if out.Result == "" {
		return "", &APIError{Kind: ErrInvalidRequest, Op: "quick deploy", Message: "no id in response"}
	}
	return strings.TrimSpace(out.Result), nil
}

// DeployStatus returns the deploy's current state with details (component
// successes and failures, test results).
func (c *Client) DeployStatus(ctx context.Context, id string) (*DeployResult, error) {
	if id == "" {
		return nil, fmt.Errorf("salesforce: deploy status: no id: %w", ErrInvalidRequest)
	}
	var w wireDeployResult
	if c.opts.Protocol == ProtocolREST {
		data, _, err := c.do(ctx, request{op: "deploy status", method: http.MethodGet, path: c.dataPath("/metadata/deployRequest/" + url.PathEscape(id) + "?includeDetails=true"), idempotent: true})
		if err != nil {
			return nil, err
		}
		var resp struct {
			ID           string           `json:"id"`
			DeployResult wireDeployResult `json:"deployResult"`
		}
		if err := json.Unmarshal(data, &resp); err != nil {
			return nil, &APIError{Kind: ErrTransient, Op: "deploy status", Message: "unreadable response: " + err.Error()}
		}
		w = resp.DeployResult
		if w.ID == "" {
			w.ID = resp.ID
		}
	} else {
		var out struct {
			Result *wireDeployResult `xml:"Body>checkDeployStatusResponse>result"`
		}
		body := "<checkDeployStatus><asyncProcessId>" + xmlEscape(id) + "</asyncProcessId><includeDetails>true</includeDetails></checkDeployStatus>"
		if err := c.soapCall(ctx, "deploy status", true, body, &out); err != nil {
			return nil, err
		}
		if out.Result == nil {
			return nil, &APIError{Kind: ErrTransient, Op: "deploy status", Message: "no result in response"}
		}
		w = *out.Result
	}
	r := w.result()
	if r.ID == "" {
		r.ID = id
	}
	return r, nil
}

// Cancel asks Salesforce to cancel a deploy in progress. The deploy then
// passes through Canceling to Canceled; a finalizing deploy can't be
// cancelled and finishes normally.
func (c *Client) Cancel(ctx context.Context, id string) error {
	if id == "" {
		return fmt.Errorf("salesforce: cancel deploy: no id: %w", ErrInvalidRequest)
	}
	if c.opts.Protocol == ProtocolREST {
		body := []byte(`{"deployResult":{"status":"Canceling"}}`)
		_, _, err := c.do(ctx, request{op: "cancel deploy", method: http.MethodPatch, path: c.dataPath("/metadata/deployRequest/" + url.PathEscape(id)), body: body, contentType: "application/json", idempotent: true})
		return err
	}
	var out struct {
		Done flexBool `xml:"Body>cancelDeployResponse>result>done"`
	}
	return c.soapCall(ctx, "cancel deploy", true, "<cancelDeploy><String>"+xmlEscape(id)+"</String></cancelDeploy>", &out)
}

// PollOptions control WaitDeploy.
type PollOptions struct {
	// Interval is the first delay between polls; 0 means 1s. It grows by
	// half on each poll up to MaxInterval (0 means 10s).
	Interval    time.Duration
	MaxInterval time.Duration
	// OnStatus, if set, sees every status read, done or not.
	OnStatus func(*DeployResult)
	// MaxTransient is how many consecutive transient failures (after the
	// client's own retries) are tolerated; 0 means 5.
	MaxTransient int
}

// WaitDeploy polls DeployStatus until the deploy is done or ctx ends.
// Unknown statuses are tolerated; only DeployResult.Done stops polling.
func (c *Client) WaitDeploy(ctx context.Context, id string, po PollOptions) (*DeployResult, error) {
	interval := po.Interval
	if interval <= 0 {
		interval = time.Second
	}
	maxInterval := po.MaxInterval
	if maxInterval <= 0 {
		maxInterval = 10 * time.Second
	}
	maxTransient := po.MaxTransient
	if maxTransient <= 0 {
		maxTransient = 5
	}
	transient := 0
	for {
		r, err := c.DeployStatus(ctx, id)
		switch {
		case err == nil:
			transient = 0
			if po.OnStatus != nil {
				po.OnStatus(r)
			}
			if r.Done {
				return r, nil
			}
		case errors.Is(err, ErrTransient) && transient < maxTransient:
			transient++
		default:
			return nil, fmt.Errorf("salesforce: wait for deploy %s: %w", id, err)
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("salesforce: wait for deploy %s: %w", id, ctx.Err())
		case <-t.C:
		}
		interval = min(interval+interval/2, maxInterval)
	}
}

func (c *Client) deployREST(ctx context.Context, zip []byte, opts DeployOptions) (string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="json"`)
	h.Set("Content-Type", "application/json")
	pw, _ := mw.CreatePart(h)
	if err := json.NewEncoder(pw).Encode(map[string]any{"deployOptions": opts}); err != nil {
		return "", fmt.Errorf("salesforce: deploy: %w", err)
	}
	h = textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="deploy.zip"`)
	h.Set("Content-Type", "application/zip")
	pw, _ = mw.CreatePart(h)
	_, _ = pw.Write(zip)
	if err := mw.Close(); err != nil {
		return "", fmt.Errorf("salesforce: deploy: %w", err)
	}
	data, _, err := c.do(ctx, request{op: "deploy", method: http.MethodPost, path: c.dataPath("/metadata/deployRequest"), body: buf.Bytes(), contentType: mw.FormDataContentType()})
	if err != nil {
		return "", err
	}
	return restDeployID(data)
}

func restDeployID(data []byte) (string, error) {
	var resp struct {
		ID           string `json:"id"`
		DeployResult struct {
			ID string `json:"id"`
		} `json:"deployResult"`
	}
	if err := json.Unmarshal(data, &resp); err != nil {
		return "", &APIError{Kind: ErrInvalidRequest, Op: "deploy", Message: "unreadable response: " + err.Error()}
	}
	if resp.ID == "" {
		resp.ID = resp.DeployResult.ID
	}
	if resp.ID == "" {
		return "", &APIError{Kind: ErrInvalidRequest, Op: "deploy", Message: "no deploy id in response"}
	}
	return resp.ID, nil
}

func (c *Client) deploySOAP(ctx context.Context, zip []byte, opts DeployOptions) (string, error) {
	var b strings.Builder
	b.WriteString("<deploy><ZipFile>")
	b.WriteString(base64.StdEncoding.EncodeToString(zip))
	b.WriteString("</ZipFile><DeployOptions>")
	// WSDL order.
	fmt.Fprintf(&b, "<allowMissingFiles>false</allowMissingFiles><autoUpdatePackage>false</autoUpdatePackage><checkOnly>%t</checkOnly><ignoreWarnings>%t</ignoreWarnings><performRetrieve>false</performRetrieve><purgeOnDelete>false</purgeOnDelete><rollbackOnError>%t</rollbackOnError>", opts.CheckOnly, opts.IgnoreWarnings, opts.RollbackOnError)
	for _, t := range opts.RunTests {
		b.WriteString("<runTests>" + xmlEscape(t) + "</runTests>")
	}
	fmt.Fprintf(&b, "<singlePackage>%t</singlePackage>", opts.SinglePackage)
	if opts.TestLevel != "" {
		b.WriteString("<testLevel>" + xmlEscape(opts.TestLevel) + "</testLevel>")
	}
	b.WriteString("</DeployOptions></deploy>")
	var out struct {
		Result struct {
			ID         string `xml:"id"`
			State      string `xml:"state"`
			StatusCode string `xml:"statusCode"`
			Message    string `xml:"message"`
		} `xml:"Body>deployResponse>result"`
	}
	if err := c.soapCall(ctx, "deploy", false, b.String(), &out); err != nil {
		return "", err
	}
	if out.Result.State == "Error" {
		return "", &APIError{Kind: kindForCode(0, out.Result.StatusCode), Op: "deploy", Code: out.Result.StatusCode, Message: out.Result.Message}
	}
	if out.Result.ID == "" {
		return "", &APIError{Kind: ErrInvalidRequest, Op: "deploy", Message: "no deploy id in response"}
	}
	return out.Result.ID, nil
}

// soapCall posts a Metadata API SOAP request and decodes the envelope.
func (c *Client) soapCall(ctx context.Context, op string, idempotent bool, body string, out any) error {
	build := func(token string) []byte {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
		b.WriteString(`<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><CallOptions><client>patchbay</client></CallOptions><SessionHeader><sessionId>`)
		b.WriteString(xmlEscape(token))
		b.WriteString(`</sessionId></SessionHeader></soapenv:Header><soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata">`)
		b.WriteString(body)
		b.WriteString(`</soapenv:Body></soapenv:Envelope>`)
		return b.Bytes()
	}
	data, status, err := c.do(ctx, request{
		op: op, method: http.MethodPost, path: "/services/Soap/m/" + c.opts.APIVersion,
		soapBody: build, contentType: "text/xml; charset=utf-8", idempotent: idempotent,
		ok: func(s int) bool { return s == http.StatusOK },
	})
	if err != nil {
		return err
	}
	if f, ok := parseSOAPFault(data); ok {
		return &APIError{Kind: kindForCode(status, f.Code), Op: op, StatusCode: status, Code: f.Code, Message: f.String}
	}
	if err := xml.Unmarshal(data, out); err != nil {
		return &APIError{Kind: ErrTransient, Op: op, StatusCode: status, Message: "unreadable SOAP response: " + err.Error()}
	}
	return nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// wireDeployResult is a DeployResult as both REST (JSON) and SOAP (XML)
// send it, decoded leniently.
type wireDeployResult struct {
	ID                       string       `json:"id" xml:"id"`
	Status                   string       `json:"status" xml:"status"`
	Done                     flexBool     `json:"done" xml:"done"`
	Success                  flexBool     `json:"success" xml:"success"`
	CheckOnly                flexBool     `json:"checkOnly" xml:"checkOnly"`
	StateDetail              string       `json:"stateDetail" xml:"stateDetail"`
	ErrorMessage             string       `json:"errorMessage" xml:"errorMessage"`
	ErrorStatusCode          string       `json:"errorStatusCode" xml:"errorStatusCode"`
	NumberComponentsTotal    flexInt      `json:"numberComponentsTotal" xml:"numberComponentsTotal"`
	NumberComponentsDeployed flexInt      `json:"numberComponentsDeployed" xml:"numberComponentsDeployed"`
	NumberComponentErrors    flexInt      `json:"numberComponentErrors" xml:"numberComponentErrors"`
	NumberTestsTotal         flexInt      `json:"numberTestsTotal" xml:"numberTestsTotal"`
	NumberTestsCompleted     flexInt      `json:"numberTestsCompleted" xml:"numberTestsCompleted"`
	NumberTestErrors         flexInt      `json:"numberTestErrors" xml:"numberTestErrors"`
	Details                  *wireDetails `json:"details" xml:"details"`
}

type wireDetails struct {
	ComponentSuccesses oneOrMany[wireMessage] `json:"componentSuccesses" xml:"componentSuccesses"`
	ComponentFailures  oneOrMany[wireMessage] `json:"componentFailures" xml:"componentFailures"`
	RunTestResult      *wireRunTests          `json:"runTestResult" xml:"runTestResult"`
}

type wireMessage struct {
	ComponentType string   `json:"componentType" xml:"componentType"`
	FullName      string   `json:"fullName" xml:"fullName"`
	FileName      string   `json:"fileName" xml:"fileName"`
	Problem       string   `json:"problem" xml:"problem"`
	ProblemType   string   `json:"problemType" xml:"problemType"`
	LineNumber    flexInt  `json:"lineNumber" xml:"lineNumber"`
	ColumnNumber  flexInt  `json:"columnNumber" xml:"columnNumber"`
	Success       flexBool `json:"success" xml:"success"`
	Created       flexBool `json:"created" xml:"created"`
	Changed       flexBool `json:"changed" xml:"changed"`
}

type wireRunTests struct {
	NumTestsRun          flexInt                     `json:"numTestsRun" xml:"numTestsRun"`
	NumFailures          flexInt                     `json:"numFailures" xml:"numFailures"`
	Successes            oneOrMany[wireTestSuccess]  `json:"successes" xml:"successes"`
	Failures             oneOrMany[wireTestFailure]  `json:"failures" xml:"failures"`
	CodeCoverageWarnings oneOrMany[wireCoverageWarn] `json:"codeCoverageWarnings" xml:"codeCoverageWarnings"`
}

type wireTestSuccess struct {
	Name       string    `json:"name" xml:"name"`
	MethodName string    `json:"methodName" xml:"methodName"`
	Time       flexFloat `json:"time" xml:"time"`
}

type wireTestFailure struct {
	Name       string    `json:"name" xml:"name"`
	MethodName string    `json:"methodName" xml:"methodName"`
	Message    string    `json:"message" xml:"message"`
	StackTrace string    `json:"stackTrace" xml:"stackTrace"`
	Time       flexFloat `json:"time" xml:"time"`
}

type wireCoverageWarn struct {
	Name    string `json:"name" xml:"name"`
	Message string `json:"message" xml:"message"`
}

func (w *wireDeployResult) result() *DeployResult {
	r := &DeployResult{
		ID: w.ID, Status: w.Status, Done: bool(w.Done), Success: bool(w.Success), CheckOnly: bool(w.CheckOnly),
		StateDetail: w.StateDetail, ErrorMessage: w.ErrorMessage, ErrorStatusCode: w.ErrorStatusCode,
		NumberComponentsTotal: int(w.NumberComponentsTotal), NumberComponentsDeployed: int(w.NumberComponentsDeployed),
		NumberComponentErrors: int(w.NumberComponentErrors), NumberTestsTotal: int(w.NumberTestsTotal),
		NumberTestsCompleted: int(w.NumberTestsCompleted), NumberTestErrors: int(w.NumberTestErrors),
	}
	if w.Details == nil {
		return r
	}
	conv := func(m wireMessage) ComponentMessage {
		return ComponentMessage{
			ComponentType: m.ComponentType, FullName: m.FullName, FileName: m.FileName,
			Problem: m.Problem, ProblemType: m.ProblemType, LineNumber: int(m.LineNumber), ColumnNumber: int(m.ColumnNumber),
			Success: bool(m.Success), Created: bool(m.Created), Changed: bool(m.Changed),
		}
	}
	for _, m := range w.Details.ComponentSuccesses {
		r.ComponentSuccesses = append(r.ComponentSuccesses, conv(m))
	}
	for _, m := range w.Details.ComponentFailures {
		r.ComponentFailures = append(r.ComponentFailures, conv(m))
	}
	if rt := w.Details.RunTestResult; rt != nil {
		for _, s := range rt.Successes {
			r.TestSuccesses = append(r.TestSuccesses, TestSuccess{Name: s.Name, MethodName: s.MethodName, Time: float64(s.Time)})
		}
		for _, f := range rt.Failures {
			r.TestFailures = append(r.TestFailures, TestFailure{Name: f.Name, MethodName: f.MethodName, Message: f.Message, StackTrace: f.StackTrace, Time: float64(f.Time)})
		}
		for _, cw := range rt.CodeCoverageWarnings {
			r.CodeCoverageWarnings = append(r.CodeCoverageWarnings, CoverageWarning{Name: cw.Name, Message: cw.Message})
		}
	}
	return r
}
