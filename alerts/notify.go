package alerts

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/patchbay/patchbay/store"
)

// Alert is one notice that an integration keeps failing in an org.
type Alert struct {
	Org         string
	Integration string
	Failures    int
	Threshold   int
	Window      time.Duration
	// Latest is the newest failure.
	Latest store.RunLog
	At     time.Time
}

// Subject is the alert's one-line summary.
func (a Alert) Subject() string {
	return fmt.Sprintf("patchbay: %s failed %d times in %s in the last %s", clean(a.Integration, 80), a.Failures, clean(a.Org, 80), windowWords(a.Window))
}

// Text is the alert's body: the summary, the threshold and the newest
// failure as the org logged it.
func (a Alert) Text() string {
	var b strings.Builder
	b.WriteString(a.Subject())
	fmt.Fprintf(&b, " (alert threshold: %d).\n", a.Threshold)
	l := a.Latest
	if l.ID != "" {
		fmt.Fprintf(&b, "Newest failure, %s: flow %s", l.CreatedAt.UTC().Format("2006-01-02 15:04:05 MST"), clean(l.Flow, 80))
		if l.RecordID != "" {
			fmt.Fprintf(&b, ", record %s", clean(l.RecordID, 40))
		}
		if l.StatusCode != 0 {
			fmt.Fprintf(&b, ", HTTP %d", l.StatusCode)
		}
		if msg := clean(l.Message, 300); msg != "" {
			fmt.Fprintf(&b, ": %s", msg)
		}
		b.WriteString(".\n")
	}
	b.WriteString("See them with: patchbay runs " + clean(a.Integration, 80) + " --org '" + strings.ReplaceAll(clean(a.Org, 80), "'", "") + "' --status failure\n")
	return b.String()
}

// clean keeps the first line of s, control characters turned to spaces,
// cut to n characters: text from an org goes into mail headers and chat.
func clean(s string, n int) string {
	first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	first = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, first)
	first = strings.Join(strings.Fields(first), " ")
	if r := []rune(first); len(r) > n {
		first = string(r[:n-1]) + "…"
	}
	return first
}

func windowWords(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// Notifier sends an alert somewhere.
type Notifier interface {
	Notify(ctx context.Context, a Alert) error
}

// Notifiers builds the notifiers c configures: email and webhook.
func Notifiers(c Config, hc *http.Client) []Notifier {
	var out []Notifier
	if c.Email.Configured() {
		out = append(out, Mailer{Email: c.Email})
	}
	if c.WebhookURL != "" {
		out = append(out, Webhook{URL: c.WebhookURL, Client: hc})
	}
	return out
}

// Mailer sends alerts by SMTP: STARTTLS when the server offers it (and
// required before a password is sent, except to a loopback server).
type Mailer struct {
	Email Email
	// Timeout bounds one send; 0 means 30 s.
	Timeout time.Duration
}

// Notify sends the alert as a plain-text email.
func (m Mailer) Notify(ctx context.Context, a Alert) error {
	e := m.Email
	timeout := m.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if strings.ContainsAny(e.Host+e.From+strings.Join(e.To, ""), "\r\n") {
		return errors.New("alerts: an email address or host holds a line break")
	}
	addr := net.JoinHostPort(e.Host, strconv.Itoa(e.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("alerts: connecting to the SMTP server %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, e.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("alerts: SMTP server %s: %w", addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: e.Host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("alerts: SMTP STARTTLS with %s: %w", addr, err)
		}
	}
	if e.Username != "" {
		// smtp.PlainAuth refuses to send the password over a connection
		// without TLS unless the server is on this machine.
		if err := c.Auth(smtp.PlainAuth("", e.Username, e.Password, e.Host)); err != nil {
			return fmt.Errorf("alerts: SMTP sign-in as %s: %w", e.Username, err)
		}
	}
	if err := c.Mail(e.From); err != nil {
		return fmt.Errorf("alerts: SMTP sender %s: %w", e.From, err)
	}
	for _, to := range e.To {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("alerts: SMTP recipient %s: %w", to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("alerts: SMTP data: %w", err)
	}
	msg := "From: " + e.From + "\r\nTo: " + strings.Join(e.To, ", ") + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", a.Subject()) +
		"\r\nDate: " + a.At.UTC().Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		strings.ReplaceAll(a.Text(), "\n", "\r\n")
	if _, err := io.WriteString(w, msg); err != nil {
		return fmt.Errorf("alerts: SMTP data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("alerts: SMTP data: %w", err)
	}
	return c.Quit()
}

// Webhook posts alerts as Slack-compatible JSON ({"text": …}).
type Webhook struct {
	URL    string
	Client *http.Client
}

// Notify posts the alert; any 2xx answer is success.
func (h Webhook) Notify(ctx context.Context, a Alert) error {
	body, err := json.Marshal(map[string]string{"text": a.Text()})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return errors.New("alerts: the webhook address is not usable")
	}
	req.Header.Set("Content-Type", "application/json")
	hc := h.Client
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		// The address is a secret: only its host is named.
		return fmt.Errorf("alerts: posting to the webhook at %s failed", req.URL.Host)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("alerts: the webhook at %s answered %s", req.URL.Host, resp.Status)
	}
	return nil
}
