package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// SObjectInfo is one object of describeGlobal.
type SObjectInfo struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	LabelPlural string `json:"labelPlural"`
	KeyPrefix   string `json:"keyPrefix,omitempty"`
	Custom      bool   `json:"custom"`
	Createable  bool   `json:"createable"`
	Updateable  bool   `json:"updateable"`
	Queryable   bool   `json:"queryable"`
	Triggerable bool   `json:"triggerable"`
}

// Field is one field of an sobject describe: what patchbay checks specs
// against.
type Field struct {
	Name               string          `json:"name"`
	Label              string          `json:"label"`
	Type               string          `json:"type"` // string, picklist, reference, double, date, ...
	Length             int             `json:"length,omitempty"`
	Precision          int             `json:"precision,omitempty"`
	Scale              int             `json:"scale,omitempty"`
	Digits             int             `json:"digits,omitempty"`
	Nillable           bool            `json:"nillable"`
	Createable         bool            `json:"createable"`
	Updateable         bool            `json:"updateable"`
	DefaultedOnCreate  bool            `json:"defaultedOnCreate"`
	Calculated         bool            `json:"calculated"`
	AutoNumber         bool            `json:"autoNumber"`
	Custom             bool            `json:"custom"`
	ExternalID         bool            `json:"externalId"`
	RestrictedPicklist bool            `json:"restrictedPicklist"`
	ReferenceTo        []string        `json:"referenceTo,omitempty"`
	RelationshipName   string          `json:"relationshipName,omitempty"`
	PicklistValues     []PicklistValue `json:"picklistValues,omitempty"`
}

// PicklistValue is one value of a picklist field.
type PicklistValue struct {
	Value        string `json:"value"`
	Label        string `json:"label"`
	Active       bool   `json:"active"`
	DefaultValue bool   `json:"defaultValue"`
}

// SObject is an object's describe.
type SObject struct {
	SObjectInfo
	Fields []Field `json:"fields"`
}

// Global is describeGlobal's answer.
type Global struct {
	Objects []SObjectInfo
	// LastModified is the Last-Modified header, zero when absent.
	LastModified time.Time
}

// describeWire is the part of the REST describe we read; relationshipName
// is null for most fields.
type describeWire struct {
	SObjectInfo
	Fields []struct {
		Field
		RelationshipName *string `json:"relationshipName"`
	} `json:"fields"`
}

func ifModifiedSince(since time.Time) map[string]string {
	if since.IsZero() {
		return nil
	}
	return map[string]string{"If-Modified-Since": since.UTC().Format(http.TimeFormat)}
}

func notModifiedOK(s int) bool { return (s >= 200 && s < 300) || s == http.StatusNotModified }

// DescribeGlobal lists the org's objects. With a non-zero since it sends
// If-Modified-Since, and notModified reports a 304 (the global is then
// empty).
func (c *Client) DescribeGlobal(ctx context.Context, since time.Time) (g Global, notModified bool, err error) {
	body, status, err := c.do(ctx, request{op: "describe global", method: http.MethodGet, path: c.dataPath("/sobjects"),
		header: ifModifiedSince(since), idempotent: true, ok: notModifiedOK})
	if err != nil {
		return Global{}, false, err
	}
	if status == http.StatusNotModified {
		return Global{}, true, nil
	}
	var wire struct {
		Sobjects []SObjectInfo `json:"sobjects"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return Global{}, false, &APIError{Kind: ErrTransient, Op: "describe global", Err: fmt.Errorf("decoding: %w", err)}
	}
	return Global{Objects: wire.Sobjects}, false, nil
}

// DescribeSObject describes one object; with a non-zero since a 304 gives
// notModified.
func (c *Client) DescribeSObject(ctx context.Context, name string, since time.Time) (o SObject, notModified bool, err error) {
	op := "describe " + name
	body, status, err := c.do(ctx, request{op: op, method: http.MethodGet, path: c.dataPath("/sobjects/" + url.PathEscape(name) + "/describe"),
		header: ifModifiedSince(since), idempotent: true, ok: notModifiedOK})
	if err != nil {
		return SObject{}, false, err
	}
	if status == http.StatusNotModified {
		return SObject{}, true, nil
	}
	var w describeWire
	if err := json.Unmarshal(body, &w); err != nil {
		return SObject{}, false, &APIError{Kind: ErrTransient, Op: op, Err: fmt.Errorf("decoding: %w", err)}
	}
	o.SObjectInfo = w.SObjectInfo
	o.Fields = make([]Field, len(w.Fields))
	for i, f := range w.Fields {
		o.Fields[i] = f.Field
		if f.RelationshipName != nil {
			o.Fields[i].RelationshipName = *f.RelationshipName
		}
	}
	return o, false, nil
}

// OrgSchema is an org's objects and fields as of FetchedAt.
type OrgSchema struct {
	FetchedAt time.Time `json:"fetchedAt"`
	Objects   []SObject `json:"objects"` // sorted by name
}

// Object returns the object named name (case-insensitively), or nil.
func (s OrgSchema) Object(name string) *SObject {
	i := sort.Search(len(s.Objects), func(i int) bool { return s.Objects[i].Name >= name })
	if i < len(s.Objects) && s.Objects[i].Name == name {
		return &s.Objects[i]
	}
	for i := range s.Objects {
		if strings.EqualFold(s.Objects[i].Name, name) {
			return &s.Objects[i]
		}
	}
	return nil
}

// Field returns the field named name (case-insensitively), or nil.
func (o SObject) Field(name string) *Field {
	for i := range o.Fields {
		if strings.EqualFold(o.Fields[i].Name, name) {
			return &o.Fields[i]
		}
	}
	return nil
}

// DescribeOptions bound DescribeOrg.
type DescribeOptions struct {
	// Include chooses the objects to describe; nil means every object that
	// can be queried, less the history, share, feed and change-event
	// companions Salesforce adds to each object.
	Include func(SObjectInfo) bool
	// MaxObjects caps how many objects are described (0: 3000), so an org
	// cannot make the stored schema unbounded.
	MaxObjects int
	// Concurrency is how many describes run at once (0: 4).
	Concurrency int
}

// defaultInclude skips the companion objects Salesforce generates. Platform
// events (__e) are kept though they cannot be queried: flows publish and
// subscribe to them.
func defaultInclude(o SObjectInfo) bool {
	if strings.HasSuffix(o.Name, "__e") {
		return true
	}
	if !o.Queryable {
		return false
	}
	for _, suf := range []string{"History", "Share", "Feed", "ChangeEvent", "__Tag", "__hd"} {
		if strings.HasSuffix(o.Name, suf) {
			return false
		}
	}
	return true
}

// DescribeOrg reads describeGlobal and each chosen object's describe. With
// prev (the schema fetched before), describes are conditional on its
// FetchedAt and objects Salesforce reports unchanged (304) are kept from
// prev.
func (c *Client) DescribeOrg(ctx context.Context, prev *OrgSchema, opts DescribeOptions) (OrgSchema, error) {
	start := time.Now().UTC()
	g, _, err := c.DescribeGlobal(ctx, time.Time{})
	if err != nil {
		return OrgSchema{}, err
	}
	include := opts.Include
	if include == nil {
		include = defaultInclude
	}
	maxObjects := opts.MaxObjects
	if maxObjects <= 0 {
		maxObjects = 3000
	}
	conc := opts.Concurrency
	if conc <= 0 {
		conc = 4
	}
	var names []SObjectInfo
	for _, o := range g.Objects {
		if include(o) && len(names) < maxObjects {
			names = append(names, o)
		}
	}
	out := make([]SObject, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, conc)
	for i, info := range names {
		var since time.Time
		var old *SObject
		if prev != nil {
			if old = prev.Object(info.Name); old != nil {
				since = prev.FetchedAt
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			o, nm, err := c.DescribeSObject(ctx, info.Name, since)
			switch {
			case err != nil:
				errs[i] = err
			case nm:
				out[i] = *old
			default:
				out[i] = o
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return OrgSchema{}, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return OrgSchema{FetchedAt: start, Objects: out}, nil
}
