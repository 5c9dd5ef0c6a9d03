package dryrun

import (
	"strings"
	"testing"
)

func TestScrub(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"email", `{"error":"customer jane.doe+vip@example.co.uk exists"}`, `{"error":"customer [email] exists"}`},
		{"card with spaces", "card 4242 4242 4242 4242 declined", "card [number] declined"},
		{"card with dashes", "pan=4000-0566-5566-5556", "pan=[number]"},
		{"short number kept", "order 12345 failed", "order 12345 failed"},
		{"bearer", "Authorization: Bearer abc.def-ghi", `Authorization: "[redacted]" [redacted]`},
		{"json secret", `{"api_key": "sk_live_123", "ok": false}`, `{"api_key": "[redacted]", "ok": false}`},
		{"form secret", "password=hunter2&user=x", `password="[redacted]"&user=x`},
		{"long token", "session 0123456789abcdef0123456789abcdef expired", "session [token] expired"},
		{"plain", "Service Unavailable", "Service Unavailable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Scrub(c.in); got != c.want {
				t.Errorf("Scrub(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestScrubCutsLongMessages(t *testing.T) {
	got := Scrub(strings.Repeat("x ", 10000))
	if n := len([]rune(got)); n != MaxLogMessage {
		t.Fatalf("scrubbed length %d, want %d", n, MaxLogMessage)
	}
	if Scrub("") != "" {
		t.Fatal("empty message changed")
	}
}
