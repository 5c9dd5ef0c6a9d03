package salesforce

import (
	"errors"
	"fmt"
)

// Error kinds. Every error this package returns from a network call matches
// at most one of them with errors.Is.
var (
	// ErrAuthExpired means the access token was rejected
	// (INVALID_SESSION_ID) and could not be refreshed.
	ErrAuthExpired = errors.New("salesforce: session expired or invalid")
	// ErrReconnectRequired means the refresh token or JWT grant was refused
	// (invalid_grant): a person has to connect the org again.
	ErrReconnectRequired = errors.New("salesforce: org must be reconnected")
	// ErrLimitExceeded means the org's API request limit was reached
	// (REQUEST_LIMIT_EXCEEDED).
	ErrLimitExceeded = errors.New("salesforce: request limit exceeded")
	// ErrTransient means Salesforce was unavailable (5xx, an HTML outage
	// page, a dropped connection) even after the bounded retries.
	ErrTransient = errors.New("salesforce: service temporarily unavailable")
	// ErrInvalidRequest means Salesforce refused the request as malformed or
	// not allowed; retrying the same request will not help.
	ErrInvalidRequest = errors.New("salesforce: invalid request")
	// ErrNotFound means the resource (a deploy id, a credential) does not
	// exist.
	ErrNotFound = errors.New("salesforce: not found")
	// ErrInvalidHost means a login or instance URL is not a Salesforce
	// domain (nor an allowed loopback host).
	ErrInvalidHost = errors.New("salesforce: not a Salesforce host")
)

// APIError is an error response from Salesforce: the HTTP status, the
// Salesforce error code (INVALID_SESSION_ID, sf:INVALID_SESSION_ID, ...) and
// message. It unwraps to its Kind, one of the Err* sentinels.
type APIError struct {
	// Kind is the sentinel this error matches.
	Kind error
	// Op names what was attempted, e.g. "deploy" or "refresh token".
	Op string
	// StatusCode is the HTTP status code, or 0 when no response arrived.
	StatusCode int
	// Code is Salesforce's error code (errorCode, SOAP faultcode or OAuth
	// error).
	Code string
	// Message is Salesforce's message, cut to a readable length.
	Message string
	// Err is the underlying transport error, if any.
	Err error
}

// Error describes the failure without any token: Salesforce's code and
// message pass through ScrubText.
func (e *APIError) Error() string {
	s := "salesforce: " + e.Op
	if e.StatusCode != 0 {
		s += fmt.Sprintf(": HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		s += ": " + ScrubText(e.Code)
	}
	if e.Message != "" {
		s += ": " + ScrubText(e.Message)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the kind and the transport error, so errors.Is matches both.
func (e *APIError) Unwrap() []error {
	errs := []error{e.Kind}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// kindForCode maps a Salesforce error code to an error kind.
func kindForCode(status int, code string) error {
	switch trimSFPrefix(code) {
	case "INVALID_SESSION_ID":
		return ErrAuthExpired
	case "REQUEST_LIMIT_EXCEEDED":
		return ErrLimitExceeded
	case "invalid_grant":
		return ErrReconnectRequired
	case "NOT_FOUND", "INVALID_ID_FIELD", "INVALID_CROSS_REFERENCE_KEY":
		if status == 404 || trimSFPrefix(code) == "NOT_FOUND" {
			return ErrNotFound
		}
		return ErrInvalidRequest
	case "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION":
		return ErrTransient
	}
	switch {
	case status == 401:
		return ErrAuthExpired
	case status == 404:
		return ErrNotFound
	case status == 429:
		return ErrLimitExceeded
	case status >= 500:
		return ErrTransient
	}
	return ErrInvalidRequest
}

func trimSFPrefix(code string) string {
	if len(code) > 3 && code[:3] == "sf:" {
		return code[3:]
	}
	return code
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
