package web

import (
	"net"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// Sign-in attempts allowed per username and client address: a burst, then
// a steady rate per second.
const (
	loginBurst = 10
	loginRate  = 0.2
)

// signinLimiter slows password guessing. Its buckets are keyed by the
// username tried and the client's address together, so a client that
// guesses one account's password locks only itself out of that account:
// not the account for everyone else, and not everyone behind the same
// proxy. Buckets unused for ten minutes are dropped.
type signinLimiter struct {
	mu sync.Mutex
	// buckets are the token buckets by username and address, with when each
	// was last used; at most maxBuckets are kept.
	buckets map[string]*signinBucket
	// reported holds when each locked-out bucket was last written to the
	// audit log, so a client hammering a locked account writes one row a
	// minute, not one per request.
	reported map[string]time.Time
}

// signinBucket is one username-and-address bucket.
type signinBucket struct {
	lim  *rate.Limiter
	used time.Time
}

// maxBuckets bounds the limiter's memory; past it, buckets unused for ten
// minutes are dropped, and if none is, all are (at worst a guesser gets a
// fresh burst).
const maxBuckets = 100_000

func newSigninLimiter() *signinLimiter {
	return &signinLimiter{buckets: map[string]*signinBucket{}, reported: map[string]time.Time{}}
}

// allow takes one attempt from the bucket of username at addr. When none
// is left it reports ok false, and report true if this lockout has not been
// written to the audit log in the last minute.
func (l *signinLimiter) allow(username, addr string, now time.Time) (ok, report bool) {
	key := strings.ToLower(strings.TrimSpace(username)) + "\x00" + addr
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			for k, old := range l.buckets {
				if now.Sub(old.used) > 10*time.Minute {
					delete(l.buckets, k)
				}
			}
			if len(l.buckets) >= maxBuckets {
				clear(l.buckets)
			}
		}
		b = &signinBucket{lim: rate.NewLimiter(rate.Limit(loginRate), loginBurst)}
		l.buckets[key] = b
	}
	b.used = now
	// The time is the caller's, so the buckets follow the clock the
	// server is given (tests freeze it), not how fast requests arrive.
	if b.lim.AllowN(now, 1) {
		return true, false
	}
	if now.Sub(l.reported[key]) < time.Minute {
		return false, false
	}
	if len(l.reported) >= 10_000 {
		clear(l.reported) // bounded: at worst a lockout is reported again
	}
	l.reported[key] = now
	return false, true
}

// clientIPExtractor reads the client's address from the connection, or,
// when the connection comes from one of the trusted proxies, from the
// X-Forwarded-For header those proxies append to (walking it from the
// right past trusted hops). Without trusted proxies the header is ignored:
// anyone could forge it to dodge the sign-in limit or blame another
// address.
func clientIPExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// ParseTrustedProxies reads a list of proxy addresses and networks
// separated by commas or spaces ("10.0.0.5, 192.168.1.0/24, ::1"), as
// PATCHBAY_TRUSTED_PROXIES holds them.
func ParseTrustedProxies(text string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if !strings.Contains(f, "/") {
			ip := net.ParseIP(f)
			if ip == nil {
				return nil, &net.ParseError{Type: "IP address or CIDR network", Text: f}
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, &net.ParseError{Type: "IP address or CIDR network", Text: f}
		}
		out = append(out, n)
	}
	return out, nil
}

// now is the server's clock: Options.Now, or time.Now.
func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}
