package web

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestTextColoursMeetContrast reads the colour variables of app.css and
// checks every pair of text and background the stylesheet uses against
// WCAG 2.1's 4.5:1 for normal text (success criterion 1.4.3).
func TestTextColoursMeetContrast(t *testing.T) {
	css, err := os.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	pairs := []struct{ text, bg string }{
		{"ink", "bg"}, {"ink", "card"}, {"ink-soft", "bg"}, {"ink-soft", "card"}, {"ink-soft", "line-soft"},
		{"muted", "bg"}, {"muted", "card"}, {"accent", "card"}, {"accent", "bg"}, {"accent", "info-bg"},
		{"ok", "ok-bg"}, {"warn", "warn-bg"}, {"bad", "bad-bg"}, {"brand-ink", "brand"},
	}
	// Rules whose text colour is written out rather than a variable: the
	// colour and background as the rule gives them (a variable or #rrggbb),
	// the background defaulting to the card's.
	for _, sel := range []string{".nav-link", ".whoami", ".gutter", ".preview .chroma .lnt, .preview .chroma .ln", ".diff .num"} {
		rule := regexp.MustCompile(regexp.QuoteMeta(sel) + ` \{([^}]*)\}`).FindStringSubmatch(string(css))
		if rule == nil {
			t.Errorf("app.css has no rule %q", sel)
			continue
		}
		get := func(prop, def string) string {
			m := regexp.MustCompile(`(?:^|;)\s*` + prop + `:\s*(#[0-9a-fA-F]{6}|var\(--([a-z-]+)\))`).FindStringSubmatch(rule[1])
			switch {
			case m == nil:
				return def
			case m[2] != "":
				return vars[m[2]]
			}
			return m[1]
		}
		fg, bg := get("color", ""), get("background", vars["card"])
		if sel == ".nav-link" || sel == ".whoami" {
			bg = vars["brand"] // they sit on the top bar
		}
		if fg == "" {
			t.Errorf("rule %q sets no colour", sel)
			continue
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("%s: %s on %s: contrast %.2f:1, want at least 4.5:1", sel, fg, bg, r)
		}
	}
	for _, p := range pairs {
		fg, bg := vars[p.text], vars[p.bg]
		if fg == "" || bg == "" {
			t.Errorf("app.css has no --%s or --%s", p.text, p.bg)
			continue
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("--%s (%s) on --%s (%s): contrast %.2f:1, want at least 4.5:1", p.text, fg, p.bg, bg, r)
		}
	}
}

// contrast is WCAG 2.1's contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range 3 {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
