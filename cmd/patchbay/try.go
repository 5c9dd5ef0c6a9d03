package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/patchbay/patchbay/dryrun"
)

// maxSampleFile bounds each sample file a dry run reads.
const maxSampleFile = 4 << 20

func runTry(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "try", "try SPEC.yaml [--flow NAME] [--record FILE] [--prior FILE] [--event FILE] [--request FILE] [--input FILE] [--responses FILE] [--json]")
	flow := fs.String("flow", "", "the flow to run (default: the spec's first)")
	record := fs.String("record", "", "JSON file: the triggering record, related records as nested objects")
	prior := fs.String("prior", "", "JSON file: the record before the update (leave out for a create)")
	event := fs.String("event", "", "JSON file: the platform event's fields")
	request := fs.String("request", "", `JSON file: the inbound call, {"body": ..., "headers": {...}, "query": {...}}`)
	inputs := fs.String("input", "", "JSON file: the values Flow Builder passes in")
	responses := fs.String("responses", "", `JSON file: each call's canned answer by step id, {"invoice": {"status": 200, "body": {...}}}`)
	asJSON := fs.Bool("json", false, "print what would happen as JSON")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return &exitError{code: 2, err: errSilent}
	}
	s, err := readSpecFile(env, files[0])
	if err != nil {
		return failOnSpecError(env, err)
	}
	in := dryrun.Input{Flow: *flow}
	for _, f := range []struct {
		path string
		into any
	}{{*record, &in.Record}, {*prior, &in.Prior}, {*event, &in.Event}, {*request, &in.Request}, {*inputs, &in.Input}, {*responses, &in.Responses}} {
		if err := readJSONFile(f.path, f.into); err != nil {
			return err
		}
	}
	tr, err := dryrun.Run(s, in, time.Now())
	if err != nil {
		return fmt.Errorf("dry run: %w", err)
	}
	if *asJSON {
		return writeJSON(env.stdout, tr)
	}
	printTrace(env.stdout, tr)
	return nil
}

// readJSONFile decodes a sample file into v; an empty path reads nothing.
func readJSONFile(path string, v any) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read sample: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSampleFile+1))
	if err != nil {
		return fmt.Errorf("read sample: %w", err)
	}
	if len(data) > maxSampleFile {
		return fmt.Errorf("%s: larger than %d MiB", path, maxSampleFile>>20)
	}
	if err := json.Unmarshal(data, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("%s: not JSON at byte %d: %w", path, se.Offset, err)
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// printTrace writes what a dry run found, for a person.
func printTrace(w io.Writer, tr *dryrun.Trace) {
	fmt.Fprintf(w, "Flow %s: when %s\n", tr.Flow, tr.Trigger)
	for _, c := range tr.Conditions {
		verdict := "holds"
		if !c.Holds {
			verdict = "does not hold"
		}
		actual, ok := dryrun.Text(c.Actual)
		if !ok {
			actual = "empty"
		}
		fmt.Fprintf(w, "  condition %s: %s (the record has %s)\n", c.Text, verdict, actual)
	}
	for _, st := range tr.Steps {
		label := st.ID
		if st.Item != nil {
			label = fmt.Sprintf("%s, item %d", st.ID, *st.Item)
		}
		switch {
		case st.Skipped != "":
			fmt.Fprintf(w, "  %s: %s\n", label, st.Skipped)
		case st.Call != nil:
			c := st.Call
			fmt.Fprintf(w, "  %s: %s %s\n", label, c.Method, c.URL)
			for _, h := range c.Headers {
				fmt.Fprintf(w, "      %s: %s\n", h.Name, h.Value)
			}
			if c.Body != "" {
				fmt.Fprintf(w, "      body: %s\n", c.Body)
			}
			resp, _ := json.Marshal(c.Response)
			fmt.Fprintf(w, "      answered %d %s\n", c.Status, resp)
		case st.Record != nil || st.Publish != nil:
			ch := st.Record
			if ch == nil {
				ch = st.Publish
			}
			what := ch.Operation + " " + ch.Object
			if ch.ID != "" {
				what += " " + ch.ID
			}
			if ch.MatchOn != "" {
				what += " matching on " + ch.MatchOn
			}
			fmt.Fprintf(w, "  %s: %s\n", label, what)
			for _, f := range ch.Fields {
				v, ok := dryrun.Text(f.Value)
				if !ok {
					v = "(empty)"
				}
				fmt.Fprintf(w, "      %s = %s\n", f.Field, v)
			}
		case st.Reply != nil:
			body, _ := json.Marshal(st.Reply.Body)
			fmt.Fprintf(w, "  %s: reply %d %s\n", label, st.Reply.Status, body)
		}
		if st.Failed != "" {
			fmt.Fprintf(w, "      failed: %s\n", st.Failed)
		}
	}
	fmt.Fprintln(w, strings.TrimSpace(tr.Outcome))
	for _, n := range tr.Notes {
		fmt.Fprintln(w, "note: "+n)
	}
}
