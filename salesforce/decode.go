package salesforce

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBody bounds how much of a response is read.
const maxBody = 64 << 20

func readLimited(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, maxBody))
	return b
}

// flexInt decodes a JSON number, a quoted number, null or an empty string,
// and XML text the same way.
type flexInt int

// UnmarshalJSON accepts 3, "3", null and "".
func (n *flexInt) UnmarshalJSON(b []byte) error {
	return n.UnmarshalText(bytes.Trim(b, `"`))
}

// UnmarshalText accepts "3", "3.0", "" and "null".
func (n *flexInt) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = flexInt(i)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	*n = flexInt(f)
	return nil
}

// flexFloat is flexInt for fractional values (test times).
type flexFloat float64

// UnmarshalJSON accepts 1.5, "1.5", null and "".
func (f *flexFloat) UnmarshalJSON(b []byte) error { return f.UnmarshalText(bytes.Trim(b, `"`)) }

// UnmarshalText accepts "1.5", "" and "null".
func (f *flexFloat) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	*f = flexFloat(v)
	return nil
}

// flexBool decodes true, "true", null and "" (false).
type flexBool bool

// UnmarshalJSON accepts true, "true", null and "".
func (v *flexBool) UnmarshalJSON(b []byte) error { return v.UnmarshalText(bytes.Trim(b, `"`)) }

// UnmarshalText accepts "true"/"false" in any case, "1"/"0", "" and "null".
func (v *flexBool) UnmarshalText(b []byte) error {
	switch strings.ToLower(strings.TrimSpace(string(b))) {
	case "true", "1":
		*v = true
	default:
		*v = false
	}
	return nil
}

// oneOrMany decodes a JSON array, a single object (as SOAP-to-JSON
// converters render one-item lists) or null.
type oneOrMany[T any] []T

// UnmarshalJSON accepts [x, y], x and null.
func (l *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*l = nil
		return nil
	}
	if b[0] == '[' {
		var s []T
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	var one T
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = []T{one}
	return nil
}

// restError is one entry of a REST error array.
type restError struct {
	Message   string `json:"message"`
	ErrorCode string `json:"errorCode"`
}

// errorFromResponse builds an APIError from a failed HTTP response: a REST
// error array, an OAuth error object, a SOAP fault or an HTML/text page.
func errorFromResponse(op string, resp *http.Response, body []byte) error {
	e := &APIError{Op: op, StatusCode: resp.StatusCode}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '[':
		var errs []restError
		if json.Unmarshal(trimmed, &errs) == nil && len(errs) > 0 {
			e.Code, e.Message = errs[0].ErrorCode, errs[0].Message
		}
	case len(trimmed) > 0 && trimmed[0] == '{':
		var oe struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
			ErrorCode   string `json:"errorCode"`
			Message     string `json:"message"`
		}
		if json.Unmarshal(trimmed, &oe) == nil {
			e.Code, e.Message = oe.Error, oe.Description
			if e.Code == "" {
				e.Code, e.Message = oe.ErrorCode, oe.Message
			}
		}
	case bytes.Contains(trimmed, []byte("Fault>")):
		if f, ok := parseSOAPFault(trimmed); ok {
			// Salesforce sends every SOAP fault with HTTP 500; the fault
			// code, not the status, says what kind of failure it is.
			e.Code, e.Message = f.Code, f.String
			e.Kind = kindForCode(0, f.Code)
		}
	}
	if e.Code == "" && e.Message == "" && len(trimmed) > 0 {
		if isHTML(resp, trimmed) {
			e.Message = "HTML page instead of an API response"
			if resp.StatusCode < 500 {
				// An outage page served with 200 or 4xx is still an outage.
				e.Kind = ErrTransient
			}
		} else {
			e.Message = string(trimmed)
		}
	}
	if e.Kind == nil {
		e.Kind = kindForCode(resp.StatusCode, e.Code)
	}
	e.Code, e.Message = ScrubText(e.Code), ScrubText(e.Message)
	return e
}

func isHTML(resp *http.Response, body []byte) bool {
	if strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		return true
	}
	lower := bytes.ToLower(body[:min(len(body), 512)])
	return bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html"))
}

// soapFault is a SOAP 1.1 fault.
type soapFault struct {
	Code   string `xml:"faultcode"`
	String string `xml:"faultstring"`
}

func parseSOAPFault(body []byte) (soapFault, bool) {
	var env struct {
		Body struct {
			Fault *soapFault `xml:"Fault"`
		} `xml:"Body"`
	}
	if err := xml.Unmarshal(body, &env); err != nil || env.Body.Fault == nil {
		return soapFault{}, false
	}
	return *env.Body.Fault, true
}
