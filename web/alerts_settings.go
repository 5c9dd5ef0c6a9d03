package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/alerts"
	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// alertSettingsPage shows the alert settings; secrets only as set or not.
func (s *Server) alertSettingsPage(c echo.Context) error {
	cfg, err := alerts.Load(c.Request().Context(), s.store)
	if err != nil {
		return err
	}
	return s.ok(c, view.AlertSettings(s.chrome(c, "Alerts"), s.alertSettingsData(c.Request().Context(), cfg)))
}

func (s *Server) alertSettingsData(ctx context.Context, cfg alerts.Config) view.AlertSettingsData {
	d := view.AlertSettingsData{Enabled: cfg.Enabled, Threshold: strconv.Itoa(cfg.Threshold), Window: strconv.Itoa(int(cfg.Window / time.Minute)),
		Interval: strconv.Itoa(int(cfg.Interval / time.Minute)), Reserve: strconv.Itoa(cfg.Reserve), SMTPHost: cfg.Email.Host,
		SMTPPort: strconv.Itoa(cfg.Email.Port), SMTPUser: cfg.Email.Username, From: cfg.Email.From, To: strings.Join(cfg.Email.To, ", ")}
	d.PasswordSet = s.settingSet(ctx, alerts.SettingSMTPPassword)
	d.WebhookSet = s.settingSet(ctx, alerts.SettingWebhookURL)
	return d
}

// settingSet reports whether a (secret) setting has a value.
func (s *Server) settingSet(ctx context.Context, key string) bool {
	v, err := s.store.SettingValue(ctx, key)
	return err == nil && v != ""
}

// alertSettingsSave checks and stores the alert settings; problems go back
// into the form beside their field and nothing is saved.
func (s *Server) alertSettingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	stored, err := alerts.Load(ctx, s.store)
	if err != nil {
		return err
	}
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(c.FormValue(field)))
		if err != nil {
			return -1
		}
		return n
	}
	cfg := alerts.Config{Enabled: c.FormValue("enabled") == "1", Threshold: num("threshold"),
		Window: time.Duration(num("window")) * time.Minute, Interval: time.Duration(num("interval")) * time.Minute, Reserve: num("reserve"),
		Email: alerts.Email{Host: strings.TrimSpace(c.FormValue("smtp_host")), Port: num("smtp_port"), Username: strings.TrimSpace(c.FormValue("smtp_username")),
			Password: c.FormValue("smtp_password"), From: strings.TrimSpace(c.FormValue("email_from")), To: splitList(c.FormValue("email_to"))},
		WebhookURL: strings.TrimSpace(c.FormValue("webhook_url"))}
	clear := c.FormValue("clear_secrets") == "1"
	// Secrets left empty keep the stored ones: validate with them.
	check := cfg
	if !clear {
		if check.Email.Password == "" {
			check.Email.Password = stored.Email.Password
		}
		if check.WebhookURL == "" {
			check.WebhookURL = stored.WebhookURL
		}
	}
	if problems := check.Validate(); len(problems) > 0 {
		d := s.alertSettingsData(ctx, stored)
		d.Enabled, d.Threshold, d.Window, d.Interval, d.Reserve = cfg.Enabled, c.FormValue("threshold"), c.FormValue("window"), c.FormValue("interval"), c.FormValue("reserve")
		d.SMTPHost, d.SMTPPort, d.SMTPUser, d.From, d.To = cfg.Email.Host, c.FormValue("smtp_port"), cfg.Email.Username, cfg.Email.From, c.FormValue("email_to")
		d.Problems = map[string]string{}
		for _, p := range problems {
			if _, ok := d.Problems[p.Field]; !ok {
				d.Problems[p.Field] = p.Message
			}
		}
		d.Notice = "Nothing was saved: fix the fields marked below."
		return s.render(c, http.StatusUnprocessableEntity, view.AlertSettings(s.chrome(c, "Alerts"), d))
	}
	if err := alerts.Save(ctx, s.store, cfg, clear); err != nil {
		return err
	}
	detail := "alerts " + map[bool]string{true: "on", false: "off"}[cfg.Enabled] + ", threshold " + strconv.Itoa(cfg.Threshold) +
		" in " + strconv.Itoa(int(cfg.Window/time.Minute)) + " min"
	if cfg.Email.Password != "" || cfg.WebhookURL != "" || clear {
		detail += "; secrets changed"
	}
	s.audit(c, "alerts.settings", "settings:alerts", detail)
	s.flash(c, "alerts-saved")
	return c.Redirect(http.StatusSeeOther, "/settings/alerts")
}

// alertTest sends a test alert with the saved settings, so that an admin
// sees they work before a real failure does.
func (s *Server) alertTest(c echo.Context) error {
	ctx := c.Request().Context()
	cfg, err := alerts.Load(ctx, s.store)
	if err != nil {
		return err
	}
	notifiers := alerts.Notifiers(cfg, s.opts.HTTPClient)
	d := s.alertSettingsData(ctx, cfg)
	if len(notifiers) == 0 {
		d.Notice = "Nothing to send to: save an email server and address, or a webhook, first."
		return s.render(c, http.StatusUnprocessableEntity, view.AlertSettings(s.chrome(c, "Alerts"), d))
	}
	a := alerts.Alert{Org: "(test)", Integration: "patchbay test alert", Failures: cfg.Threshold, Threshold: cfg.Threshold, Window: cfg.Window, At: time.Now(),
		Latest: store.RunLog{ID: "test", CreatedAt: time.Now(), Flow: "none", Message: "This is a test sent from Settings → Alerts."}}
	var errs []error
	for _, n := range notifiers {
		errs = append(errs, n.Notify(ctx, a))
	}
	if err := errors.Join(errs...); err != nil {
		s.log.Warn("test alert", "err", err)
		s.audit(c, "alerts.test", "settings:alerts", "failed")
		d.Notice = "The test alert was not delivered: " + err.Error()
		return s.render(c, http.StatusBadGateway, view.AlertSettings(s.chrome(c, "Alerts"), d))
	}
	s.audit(c, "alerts.test", "settings:alerts", "sent")
	s.flash(c, "alerts-test-sent")
	return c.Redirect(http.StatusSeeOther, "/settings/alerts")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' }) {
		out = append(out, p)
	}
	return out
}
