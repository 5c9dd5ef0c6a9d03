package web

import (
	"fmt"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// versionDiff compares two versions (?from=&to=, by default the latest and
// the one before it): a line diff of their specs and of each generated file.
func (s *Server) versionDiff(c echo.Context) error {
	in, err := s.integrationParam(c)
	if err != nil {
		return err
	}
	to, err := s.versionFromQuery(c, in, "to", 0)
	if err != nil {
		return err
	}
	from, err := s.versionFromQuery(c, in, "from", max(to.Version-1, 1))
	if err != nil {
		return err
	}
	d := view.DiffData{Integration: in, From: from, To: to, Spec: fileDiff("spec.yaml", from.Text, to.Text, true, true)}
	switch {
	case !from.Valid || !to.Valid:
		d.FilesNote = "Files are compared only between valid versions; fix the problems in the spec to see its files."
	default:
		a, aerr := s.generateText(from.Text)
		b, berr := s.generateText(to.Text)
		if aerr != nil || berr != nil {
			return fmt.Errorf("generating files to compare: %w", firstErr(aerr, berr))
		}
		d.Files, d.Unchanged = bundleDiff(a, b)
	}
	return s.ok(c, view.VersionDiff(s.chrome(c, "Compare versions"), d))
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// versionFromQuery reads a version number from the query; def 0 means the
// latest version.
func (s *Server) versionFromQuery(c echo.Context, in store.Integration, key string, def int) (store.SpecVersion, error) {
	ctx := c.Request().Context()
	n := def
	if q := c.QueryParam(key); q != "" {
		v, err := strconv.Atoi(q)
		if err != nil || v <= 0 {
			return store.SpecVersion{}, badRequest("Choose two versions to compare from the list of versions.")
		}
		n = v
	}
	if n == 0 {
		return s.store.LatestSpecVersion(ctx, in.ID)
	}
	return s.store.SpecVersion(ctx, in.ID, n)
}

// bundleDiff diffs two bundles file by file; it returns the changed files
// and how many were unchanged.
func bundleDiff(a, b *generator.Bundle) ([]view.FileDiff, int) {
	old := map[string]string{}
	for _, f := range a.Files {
		old[f.Path] = string(f.Data)
	}
	seen := map[string]bool{}
	var out []view.FileDiff
	unchanged := 0
	for _, f := range b.Files {
		seen[f.Path] = true
		prev, ok := old[f.Path]
		switch {
		case !ok:
			out = append(out, fileDiff(f.Path, "", string(f.Data), false, true))
		case prev != string(f.Data):
			out = append(out, fileDiff(f.Path, prev, string(f.Data), true, true))
		default:
			unchanged++
		}
	}
	for _, f := range a.Files {
		if !seen[f.Path] {
			out = append(out, fileDiff(f.Path, string(f.Data), "", true, false))
		}
	}
	return out, unchanged
}

// fileDiff renders the line diff of one file.
func fileDiff(path, oldText, newText string, existed, exists bool) view.FileDiff {
	fd := view.FileDiff{Path: path, Status: "changed"}
	switch {
	case !existed:
		fd.Status = "added"
	case !exists:
		fd.Status = "removed"
	}
	ops, ok := lineDiff(oldText, newText)
	if !ok {
		fd.TooDifferent, fd.Old, fd.New = true, oldText, newText
		return fd
	}
	for _, h := range hunks(ops, 3) {
		vh := view.DiffHunk{Header: fmt.Sprintf("@@ old line %d, new line %d @@", h.OldStart, h.NewStart)}
		for _, op := range h.Ops {
			r := view.DiffRow{Text: op.Text, Kind: "same", Sign: " "}
			switch op.Kind {
			case '+':
				r.Kind, r.Sign = "add", "+"
			case '-':
				r.Kind, r.Sign = "del", "−"
			}
			if op.OldNum > 0 {
				r.OldNum = strconv.Itoa(op.OldNum)
			}
			if op.NewNum > 0 {
				r.NewNum = strconv.Itoa(op.NewNum)
			}
			vh.Rows = append(vh.Rows, r)
		}
		fd.Hunks = append(fd.Hunks, vh)
	}
	return fd
}
