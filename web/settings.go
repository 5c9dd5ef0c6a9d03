package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web/view"
)

// settingsPage shows the Salesforce app and LLM settings; secrets only as
// set or not set.
func (s *Server) settingsPage(c echo.Context) error {
	d, err := s.settingsData(c.Request().Context())
	if err != nil {
		return err
	}
	return s.ok(c, view.Settings(s.chrome(c, "Settings"), d))
}

func (s *Server) settingsData(ctx context.Context) (view.SettingsData, error) {
	list, err := s.store.Settings(ctx)
	if err != nil {
		return view.SettingsData{}, err
	}
	d := view.SettingsData{Callback: strings.TrimRight(s.opts.BaseURL, "/") + "/oauth/callback"}
	for _, st := range list {
		switch st.Key {
		case SettingSalesforceClientID:
			d.ClientID = st.Value
		case SettingSalesforceClientSecret:
			d.ClientSecretSet = st.IsSet
		case SettingLLMBaseURL:
			d.LLMBaseURL = st.Value
		case SettingLLMModel:
			d.LLMModel = st.Value
		case SettingLLMAPIKey:
			d.LLMKeySet = st.IsSet
		}
	}
	return d, nil
}

// secretSettings are the write-only settings: their form field, and what
// the audit log calls them.
var secretSettings = []struct{ key, field, words string }{
	{SettingSalesforceClientSecret, "client_secret", "the Salesforce consumer secret"},
	{SettingLLMAPIKey, "llm_api_key", "the language model's API key"},
}

// settingsSave stores the settings. Empty secret fields keep the stored
// secret; secrets are encrypted by the store.
func (s *Server) settingsSave(c echo.Context) error {
	ctx := c.Request().Context()
	llmURL := strings.TrimSpace(c.FormValue("llm_base_url"))
	if llmURL != "" {
		if u, err := url.Parse(llmURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			d, derr := s.settingsData(ctx)
			if derr != nil {
				return derr
			}
			d.Error = "The language model endpoint must be a web address such as https://api.openai.com/v1. Nothing was saved."
			return s.render(c, http.StatusUnprocessableEntity, view.Settings(s.chrome(c, "Settings"), d))
		}
	}
	plain := map[string]string{
		SettingSalesforceClientID: strings.TrimSpace(c.FormValue("client_id")),
		SettingLLMBaseURL:         llmURL,
		SettingLLMModel:           strings.TrimSpace(c.FormValue("llm_model")),
	}
	for k, v := range plain {
		if err := s.store.SetSetting(ctx, k, v, false); err != nil {
			return fmt.Errorf("saving setting %s: %w", k, err)
		}
	}
	var changed []string
	for _, sec := range secretSettings {
		if v := c.FormValue(sec.field); v != "" {
			if err := s.store.SetSetting(ctx, sec.key, v, true); err != nil {
				return fmt.Errorf("saving secret setting %s: %w", sec.key, err)
			}
			changed = append(changed, "changed "+sec.words)
		}
	}
	if c.FormValue("clear_llm_api_key") != "" && c.FormValue("llm_api_key") == "" {
		if err := s.store.DeleteSetting(ctx, SettingLLMAPIKey); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("clearing the language model's API key: %w", err)
		}
		changed = append(changed, "cleared the language model's API key")
	}
	detail := "no secret changed"
	if len(changed) > 0 {
		detail = strings.Join(changed, "; ")
	}
	s.audit(c, "settings.save", "settings", detail)
	s.flash(c, "settings-saved")
	return c.Redirect(http.StatusSeeOther, "/settings")
}
