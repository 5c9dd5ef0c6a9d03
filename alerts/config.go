// Package alerts tells people when an integration keeps failing in an org:
// a background poller reads each org's new Integration_Log__c rows (package
// runs), counts the failures in a window, and past a threshold sends one
// alert per window by email (SMTP) or to a Slack-compatible webhook. Its API
// use is bounded: it reads the org's /limits first and backs off while the
// daily API requests left are below a reserve.
//
// It imports health, runs, salesforce and store; never web or cmd.
package alerts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/store"
)

// Setting keys of the alert configuration.
const (
	SettingEnabled      = "alerts.enabled"
	SettingThreshold    = "alerts.threshold"
	SettingWindow       = "alerts.window_minutes"
	SettingInterval     = "alerts.interval_minutes"
	SettingReserve      = "alerts.reserve_percent"
	SettingSMTPHost     = "alerts.smtp_host"
	SettingSMTPPort     = "alerts.smtp_port"
	SettingSMTPUser     = "alerts.smtp_username"
	SettingSMTPPassword = "alerts.smtp_password" // secret
	SettingEmailFrom    = "alerts.email_from"
	SettingEmailTo      = "alerts.email_to"
	SettingWebhookURL   = "alerts.webhook_url" // secret: a Slack incoming webhook's address is its key
)

// Defaults of the configuration.
const (
	DefaultThreshold = 5
	DefaultWindow    = time.Hour
	DefaultInterval  = 5 * time.Minute
	DefaultReserve   = 20 // percent of DailyApiRequests
	// MinInterval bounds how often one org is polled.
	MinInterval = time.Minute
)

// Config is how alerts are sent.
type Config struct {
	Enabled bool
	// Threshold failures of one integration in one org within Window
	// send an alert; one alert per Window at most.
	Threshold int
	Window    time.Duration
	// Interval is how often each org is polled while it has API requests
	// to spare.
	Interval time.Duration
	// Reserve is the percentage of the org's daily API requests the poller
	// leaves to everything else: below it, it backs off.
	Reserve int
	Email   Email
	// WebhookURL receives Slack-compatible JSON ({"text": …}).
	WebhookURL string
}

// Email is the SMTP server and addresses alerts go to.
type Email struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	To       []string
}

// Configured reports whether email alerts can be sent.
func (e Email) Configured() bool { return e.Host != "" && e.From != "" && len(e.To) > 0 }

// SettingsStore is where the configuration is kept.
type SettingsStore interface {
	SettingValue(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string, secret bool) error
	DeleteSetting(ctx context.Context, key string) error
}

// Load reads the configuration; unset values take their defaults.
func Load(ctx context.Context, st SettingsStore) (Config, error) {
	c := Config{Threshold: DefaultThreshold, Window: DefaultWindow, Interval: DefaultInterval, Reserve: DefaultReserve, Email: Email{Port: 587}}
	get := func(key string) (string, error) {
		v, err := st.SettingValue(ctx, key)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil
		}
		return v, err
	}
	num := func(key string, set func(int)) error {
		v, err := get(key)
		if err != nil || v == "" {
			return err
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("setting %s: %q is not a number", key, v)
		}
		set(n)
		return nil
	}
	var errs []error
	v, err := get(SettingEnabled)
	errs = append(errs, err)
	c.Enabled = v == "true"
	errs = append(errs,
		num(SettingThreshold, func(n int) { c.Threshold = n }),
		num(SettingWindow, func(n int) { c.Window = time.Duration(n) * time.Minute }),
		num(SettingInterval, func(n int) { c.Interval = time.Duration(n) * time.Minute }),
		num(SettingReserve, func(n int) { c.Reserve = n }),
		num(SettingSMTPPort, func(n int) { c.Email.Port = n }))
	for key, dst := range map[string]*string{SettingSMTPHost: &c.Email.Host, SettingSMTPUser: &c.Email.Username,
		SettingSMTPPassword: &c.Email.Password, SettingEmailFrom: &c.Email.From, SettingWebhookURL: &c.WebhookURL} {
		v, err := get(key)
		errs = append(errs, err)
		*dst = v
	}
	to, err := get(SettingEmailTo)
	errs = append(errs, err)
	c.Email.To = splitAddresses(to)
	return c, errors.Join(errs...)
}

func splitAddresses(s string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		out = append(out, a)
	}
	return out
}

// Problem is one invalid field of a configuration.
type Problem struct {
	Field, Message string
}

// Validate lists what is wrong with c, field by field.
func (c Config) Validate() []Problem {
	var out []Problem
	add := func(f, m string) { out = append(out, Problem{f, m}) }
	if c.Threshold < 1 || c.Threshold > 100000 {
		add("threshold", "The threshold is a number of failures from 1 to 100000.")
	}
	if c.Window < time.Minute || c.Window > 7*24*time.Hour {
		add("window", "The window is from 1 minute to 7 days (10080 minutes).")
	}
	if c.Interval < MinInterval || c.Interval > 24*time.Hour {
		add("interval", "Poll each org every 1 to 1440 minutes.")
	}
	if c.Reserve < 0 || c.Reserve > 90 {
		add("reserve", "The reserve is a percentage from 0 to 90.")
	}
	e := c.Email
	if e.Host != "" || e.From != "" || len(e.To) > 0 {
		if e.Host == "" || strings.ContainsAny(e.Host, " /:@") {
			add("smtp_host", "Give the SMTP server's host name, like smtp.example.com.")
		}
		if e.Port < 1 || e.Port > 65535 {
			add("smtp_port", "The SMTP port is a number from 1 to 65535 (587 for STARTTLS).")
		}
		if a, err := mail.ParseAddress(e.From); err != nil || a.Name != "" {
			add("email_from", "Give the sender as a plain address, like patchbay@example.com.")
		}
		if len(e.To) == 0 {
			add("email_to", "Give at least one address to send alerts to.")
		}
		for _, to := range e.To {
			if a, err := mail.ParseAddress(to); err != nil || a.Name != "" {
				add("email_to", "\""+to+"\" is not an email address.")
				break
			}
		}
	}
	if c.WebhookURL != "" {
		u, err := url.Parse(c.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			add("webhook_url", "The webhook is a web address such as https://hooks.slack.com/services/….")
		}
	}
	if c.Enabled && !e.Configured() && c.WebhookURL == "" {
		add("enabled", "Set up email or a webhook before turning alerts on.")
	}
	return out
}

// Save stores c. An empty password or webhook address keeps the stored
// one (they are write-only); clearSecrets forgets both.
func Save(ctx context.Context, st SettingsStore, c Config, clearSecrets bool) error {
	plain := map[string]string{
		SettingEnabled: strconv.FormatBool(c.Enabled), SettingThreshold: strconv.Itoa(c.Threshold),
		SettingWindow: strconv.Itoa(int(c.Window / time.Minute)), SettingInterval: strconv.Itoa(int(c.Interval / time.Minute)),
		SettingReserve: strconv.Itoa(c.Reserve), SettingSMTPHost: c.Email.Host, SettingSMTPPort: strconv.Itoa(c.Email.Port),
		SettingSMTPUser: c.Email.Username, SettingEmailFrom: c.Email.From, SettingEmailTo: strings.Join(c.Email.To, ", "),
	}
	for k, v := range plain {
		if err := st.SetSetting(ctx, k, v, false); err != nil {
			return err
		}
	}
	for k, v := range map[string]string{SettingSMTPPassword: c.Email.Password, SettingWebhookURL: c.WebhookURL} {
		if v == "" {
			if !clearSecrets {
				continue
			}
			if err := st.DeleteSetting(ctx, k); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			continue
		}
		if err := st.SetSetting(ctx, k, v, true); err != nil {
			return err
		}
	}
	return nil
}
