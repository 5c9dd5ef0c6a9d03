package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed static
var staticFS embed.FS

// asset is one static file served under a checksummed name.
type asset struct {
	name        string // logical name, e.g. app.css
	hashedName  string // app.3f2a1b9c.css
	contentType string
	data        []byte
}

// assets maps logical names to their checksummed form and serves them. URLs
// change whenever content does, so responses can be cached forever.
type assets struct {
	byLogical map[string]*asset
	byHashed  map[string]*asset
}

// loadAssets reads every embedded static file plus generated ones (the
// syntax-highlighting stylesheet).
func loadAssets(extra map[string][]byte) (*assets, error) {
	a := &assets{byLogical: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading asset %s: %w", p, err)
		}
		a.add(strings.TrimPrefix(p, "static/"), data)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading assets: %w", err)
	}
	for name, data := range extra {
		a.add(name, data)
	}
	return a, nil
}

func (a *assets) add(name string, data []byte) {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
	ct := mime.TypeByExtension(ext)
	if ct == "" {
		ct = "application/octet-stream"
	}
	as := &asset{name: name, hashedName: hashed, contentType: ct, data: data}
	a.byLogical[name] = as
	a.byHashed[hashed] = as
}

// URL returns the checksummed URL of a logical asset name.
func (a *assets) URL(name string) string {
	if as, ok := a.byLogical[name]; ok {
		return "/static/" + as.hashedName
	}
	return "/static/" + name
}

// serve answers /static/:name with the asset and a long cache lifetime.
func (a *assets) serve(c echo.Context) error {
	as, ok := a.byHashed[c.Param("name")]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Stream(http.StatusOK, as.contentType, bytes.NewReader(as.data))
}
