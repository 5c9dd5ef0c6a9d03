package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/patchbay/patchbay/alerts"
)

func TestAlertSettingsAreForAdminsCheckedAndKeepTheWebhookSecret(t *testing.T) {
	a := newTestApp(t)
	var mu sync.Mutex
	var posts []string
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var in struct {
			Text string `json:"text"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		mu.Lock()
		posts = append(posts, in.Text)
		mu.Unlock()
		io.WriteString(rw, "ok")
	}))
	defer hook.Close()
	secretURL := hook.URL + "/services/T0/B0/very-secret-token"

	wantStatus(t, a.as("eddie").get("/settings/alerts"), http.StatusForbidden)
	c := a.as("ada")
	wantStatus(t, c.get("/settings/alerts"), http.StatusOK)

	form := url.Values{"enabled": {"1"}, "threshold": {"0"}, "window": {"60"}, "interval": {"5"}, "reserve": {"20"}, "smtp_port": {"587"}, "webhook_url": {"ftp://x"}}
	rec := c.post("/settings/alerts", form)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	d := doc(t, rec)
	for _, f := range []string{"threshold", "webhook_url"} {
		if testid(d, "problem-"+f).Length() != 1 {
			t.Errorf("no problem shown beside %s", f)
		}
	}
	if cfg, _ := alerts.Load(context.Background(), a.st); cfg.Enabled {
		t.Fatal("an invalid form was saved")
	}
	if rec := c.post("/settings/alerts", url.Values{"_csrf": {""}, "enabled": {"1"}}); rec.Code == http.StatusSeeOther {
		t.Fatal("saved without the CSRF token")
	}

	form.Set("threshold", "3")
	form.Set("webhook_url", secretURL)
	wantStatus(t, c.post("/settings/alerts", form), http.StatusSeeOther)
	cfg, err := alerts.Load(context.Background(), a.st)
	if err != nil || !cfg.Enabled || cfg.Threshold != 3 || cfg.WebhookURL != secretURL {
		t.Fatalf("saved: %+v %v", cfg, err)
	}
	page := c.get("/settings/alerts").Body.String()
	if strings.Contains(page, "very-secret-token") {
		t.Fatal("the webhook address is shown")
	}
	// Saving again without retyping it keeps it.
	form.Set("webhook_url", "")
	form.Set("threshold", "4")
	wantStatus(t, c.post("/settings/alerts", form), http.StatusSeeOther)
	if cfg, _ := alerts.Load(context.Background(), a.st); cfg.WebhookURL != secretURL || cfg.Threshold != 4 {
		t.Fatalf("after a save without the secret: %+v", cfg)
	}
	entries, _ := a.st.AuditLog(context.Background(), 10, 0)
	if len(entries) == 0 || entries[0].Action != "alerts.settings" || strings.Contains(entries[0].Detail, "secret-token") {
		t.Errorf("audit: %+v", entries)
	}

	wantStatus(t, c.post("/settings/alerts/test", nil), http.StatusSeeOther)
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 || !strings.Contains(posts[0], "patchbay test alert") {
		t.Errorf("test alert: %q", posts)
	}
}
