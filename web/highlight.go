package web

import (
	"bytes"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// highlightStyle is the chroma style generated files are shown in.
const highlightStyle = "github"

// highlighter renders generated files as HTML with CSS classes only (the
// CSP forbids inline styles). Chroma has no Apex lexer; Apex is close enough
// to Java for highlighting, so .cls and .trigger use the Java lexer.
type highlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	// cache holds highlighted files by name and content.
	cache *lru[template.HTML]
}

// highlightCacheBytes bounds the memory of highlighted files kept.
const highlightCacheBytes = 32 << 20

func newHighlighter() *highlighter {
	return &highlighter{
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(true), chromahtml.TabWidth(4)),
		style:     styles.Get(highlightStyle),
		cache:     newLRU(highlightCacheBytes, func(h template.HTML) int64 { return int64(len(h)) }),
	}
}

// css returns the stylesheet for the highlighting classes, served as an
// embedded asset.
func (h *highlighter) css() []byte {
	var buf bytes.Buffer
	_ = h.formatter.WriteCSS(&buf, h.style)
	return buf.Bytes()
}

// lexerFor picks a lexer by file name.
func lexerFor(name string) chroma.Lexer {
	base := path.Base(name)
	switch {
	case strings.HasSuffix(base, ".cls"), strings.HasSuffix(base, ".trigger"):
		return lexers.Get("java")
	case strings.HasSuffix(base, ".xml"):
		return lexers.Get("xml")
	case strings.HasSuffix(base, ".json"):
		return lexers.Get("json")
	case strings.HasSuffix(base, ".md"):
		return lexers.Get("markdown")
	case strings.HasSuffix(base, ".yaml"), strings.HasSuffix(base, ".yml"):
		return lexers.Get("yaml")
	}
	if l := lexers.Match(base); l != nil {
		return l
	}
	return lexers.Fallback
}

// highlight returns the file's contents as highlighted HTML.
func (h *highlighter) highlight(name string, data []byte) (template.HTML, error) {
	key := name + "\x00" + string(data)
	if html, ok := h.cache.get(key); ok {
		return html, nil
	}
	l := chroma.Coalesce(lexerFor(name))
	it, err := l.Tokenise(nil, string(data))
	if err != nil {
		return "", fmt.Errorf("highlighting %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := h.formatter.Format(&buf, h.style, it); err != nil {
		return "", fmt.Errorf("highlighting %s: %w", name, err)
	}
	html := template.HTML(buf.String()) //nolint:gosec // chroma escapes the text it formats
	h.cache.put(key, html)
	return html, nil
}
