package web

import (
	"path"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/web/view"
)

// generatePreview generates a version's files and shows one of them
// (?path=, by default the first Apex class) highlighted.
func (s *Server) generatePreview(c echo.Context) error {
	in, sv, err := s.versionParam(c)
	if err != nil {
		return err
	}
	b, err := s.generateText(sv.Text)
	if err != nil {
		return err
	}
	if len(b.Files) == 0 {
		return badRequest("This spec generated no files.")
	}
	sel := pickFile(b, c.QueryParam("path"))
	if sel == nil {
		return notFound("that file in this version")
	}
	html, err := s.hl.highlight(sel.Path, sel.Data)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	return s.ok(c, view.Files(s.chrome(c, "Generated files"), view.FilesData{
		Integration: in, Version: sv, Tree: fileTree(b, sel.Path), Count: len(b.Files), Path: sel.Path,
		Size: len(sel.Data), Highlighted: html, CanDeploy: can(u, permEdit),
	}))
}

// pickFile returns the file at p, or when p is empty the first Apex class.
func pickFile(b *generator.Bundle, p string) *generator.File {
	for i := range b.Files {
		f := &b.Files[i]
		if p != "" && f.Path == p {
			return f
		}
	}
	if p != "" {
		return nil
	}
	for i := range b.Files {
		if strings.HasSuffix(b.Files[i].Path, ".cls") {
			return &b.Files[i]
		}
	}
	return &b.Files[0]
}

// fileTree lists the files grouped under folder headings: the project
// root first, then each folder in path order.
func fileTree(b *generator.Bundle, current string) []view.TreeEntry {
	files := slices.Clone(b.Files)
	slices.SortStableFunc(files, func(x, y generator.File) int {
		dx, dy := path.Dir(x.Path), path.Dir(y.Path)
		if (dx == ".") != (dy == ".") {
			if dx == "." {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Path, y.Path)
	})
	var out []view.TreeEntry
	lastDir := "\x00"
	for _, f := range files {
		dir := path.Dir(f.Path)
		if dir != lastDir {
			label := dir
			if dir == "." {
				label = "project root"
			}
			out = append(out, view.TreeEntry{Dir: strings.TrimPrefix(label, "force-app/main/default/")})
			lastDir = dir
		}
		out = append(out, view.TreeEntry{Path: f.Path, Name: path.Base(f.Path), Current: f.Path == current})
	}
	return out
}
