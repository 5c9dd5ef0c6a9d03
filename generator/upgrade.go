package generator

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/patchbay/patchbay/spec"
)

// GlobalAPI lists the global Apex a bundle declares, one entry per global
// class and global member: "Class.Inner: declaration" with the declaration
// as written (signature and type, without its body). Installed orgs, and
// Flow Builder in them, depend on every entry of a released version.
func GlobalAPI(b *Bundle) []string {
	var out []string
	for _, f := range b.Files {
		if !strings.HasSuffix(f.Path, ".cls") {
			continue
		}
		class := strings.TrimSuffix(path.Base(f.Path), ".cls")
		inner := ""
		for _, line := range strings.Split(string(f.Data), "\n") {
			trimmed := strings.TrimSpace(line)
			if !strings.HasPrefix(trimmed, "global ") {
				continue
			}
			indent := len(line) - len(strings.TrimLeft(line, " "))
			decl := strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(trimmed, "{")), ";")
			owner := class
			switch {
			case indent == 0:
				inner = ""
			case indent == 4 && strings.Contains(" "+decl+" ", " class "):
				inner = decl[strings.Index(decl, " class ")+len(" class "):]
				inner = strings.Fields(inner)[0]
			case indent == 4:
				inner = ""
			case inner != "":
				owner += "." + inner
			}
			out = append(out, owner+": "+decl)
		}
	}
	slices.Sort(out)
	return out
}

// CheckUpgrade refuses next as the successor of prev when prev says its
// version was released (package.released) and next would break the orgs
// that installed it: the same or a lower version number, another
// namespace, or a global Apex class or member of prev that next no longer
// declares as it was (a removed or renamed action, input, output or
// webhook, a changed type). Both specs must be valid.
func CheckUpgrade(prev, next *spec.Spec) error {
	if prev == nil || prev.Package == nil || !prev.Package.Released {
		return nil
	}
	p := prev.Package
	var np spec.Package
	if next.Package != nil {
		np = *next.Package
	}
	if np.Namespace != p.Namespace {
		return fmt.Errorf("package.namespace: version %s was released with namespace %q; a package keeps its namespace", p.Version, p.Namespace)
	}
	if !versionAfter(np.Version, p.Version) {
		return fmt.Errorf("package.version: version %s was released; give this one a higher version number (got %q)", p.Version, np.Version)
	}
	pb, err := Generate(prev)
	if err != nil {
		return fmt.Errorf("generating released version %s: %w", p.Version, err)
	}
	nb, err := Generate(next)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, g := range GlobalAPI(nb) {
		have[g] = true
	}
	var lost []string
	for _, g := range GlobalAPI(pb) {
		if !have[g] {
			lost = append(lost, g)
		}
	}
	if len(lost) > 0 {
		more := ""
		if len(lost) > 5 {
			more = fmt.Sprintf(" and %d more", len(lost)-5)
			lost = lost[:5]
		}
		return fmt.Errorf("version %s was released, and this spec removes or changes its global Apex, which installed orgs use: %s%s; keep those flows, inputs, outputs and webhooks as they were (add new ones instead)", p.Version, strings.Join(lost, "; "), more)
	}
	return nil
}

// versionAfter reports whether major.minor.patch a is higher than b.
func versionAfter(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	if len(pa) != 3 || len(pb) != 3 {
		return false
	}
	for i := range 3 {
		x, err1 := strconv.Atoi(pa[i])
		y, err2 := strconv.Atoi(pb[i])
		if err1 != nil || err2 != nil {
			return false
		}
		if x != y {
			return x > y
		}
	}
	return false
}
