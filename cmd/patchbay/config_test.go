package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigLoadsDefaultsFilesAndNamesTheVariableInEveryProblem(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "sf-secret")
	if err := os.WriteFile(secretFile, []byte("from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	goodKey := base64.StdEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		name      string
		env       map[string]string
		check     func(t *testing.T, c config)
		wantError []string // substrings of Validate's error; none means valid
	}{
		{
			name: "defaults",
			env:  map[string]string{},
			check: func(t *testing.T, c config) {
				if c.DBPath != "patchbay.db" || c.DeployPollInterval != time.Second || c.keyFile() != "patchbay.key" {
					t.Errorf("defaults: db %q, poll %s, key file %q", c.DBPath, c.DeployPollInterval, c.keyFile())
				}
			},
		},
		{
			name: "a secret read from its _FILE variant",
			env:  map[string]string{"PATCHBAY_SF_CLIENT_ID": "id", "PATCHBAY_SF_CLIENT_SECRET_FILE": secretFile, "PATCHBAY_DB": "/data/x.db"},
			check: func(t *testing.T, c config) {
				if c.SFClientSecret != "from-a-file" || c.keyFile() != "/data/x.key" {
					t.Errorf("secret %q, key file %q", c.SFClientSecret, c.keyFile())
				}
			},
		},
		{
			name: "every field from the environment",
			env: map[string]string{"PATCHBAY_SECRET_KEY": goodKey, "PATCHBAY_LLM_BASE_URL": "http://127.0.0.1:11434/v1", "PATCHBAY_LLM_MODEL": "llama3",
				"OPENAI_API_KEY": "sk-x", "PATCHBAY_ADMIN_PASSWORD": "pw", "PATCHBAY_BASE_URL": "https://patchbay.example", "PATCHBAY_DEPLOY_POLL_INTERVAL": "250ms"},
			check: func(t *testing.T, c config) {
				if c.SecretKey != goodKey || c.LLMModel != "llama3" || c.OpenAIAPIKey != "sk-x" || c.AdminPassword != "pw" || c.DeployPollInterval != 250*time.Millisecond {
					t.Errorf("config = %s", c)
				}
			},
		},
		{
			name:      "both a value and its _FILE",
			env:       map[string]string{"OPENAI_API_KEY": "a", "OPENAI_API_KEY_FILE": secretFile},
			wantError: []string{"OPENAI_API_KEY and OPENAI_API_KEY_FILE are both set"},
		},
		{
			name:      "a missing _FILE",
			env:       map[string]string{"PATCHBAY_SF_CLIENT_ID": "id", "PATCHBAY_SF_CLIENT_SECRET_FILE": filepath.Join(dir, "nope")},
			wantError: []string{"PATCHBAY_SF_CLIENT_SECRET_FILE"},
		},
		{
			name:      "a bad key, URL and duration together",
			env:       map[string]string{"PATCHBAY_SECRET_KEY": "short", "PATCHBAY_LLM_BASE_URL": "localhost:11434", "PATCHBAY_DEPLOY_POLL_INTERVAL": "soon"},
			wantError: []string{"PATCHBAY_SECRET_KEY:", "PATCHBAY_LLM_BASE_URL:", "PATCHBAY_DEPLOY_POLL_INTERVAL:"},
		},
		{
			name: "the bundle cache in MiB, 64 by default",
			env:  map[string]string{"PATCHBAY_BUNDLE_CACHE_MB": "16"},
			check: func(t *testing.T, c config) {
				if c.BundleCacheBytes != 16<<20 || loadConfig(envOf(nil)).BundleCacheBytes != 64<<20 {
					t.Errorf("bundle cache bytes = %d, default %d", c.BundleCacheBytes, loadConfig(envOf(nil)).BundleCacheBytes)
				}
			},
		},
		{
			name: "the schema's maximum age",
			env:  map[string]string{"PATCHBAY_SCHEMA_MAX_AGE": "90m"},
			check: func(t *testing.T, c config) {
				if c.SchemaMaxAge != 90*time.Minute {
					t.Errorf("SchemaMaxAge = %v", c.SchemaMaxAge)
				}
				if d := loadConfig(envOf(nil)).SchemaMaxAge; d != 24*time.Hour {
					t.Errorf("default SchemaMaxAge = %v", d)
				}
			},
		},
		{
			name:      "a bundle cache that is not a size",
			env:       map[string]string{"PATCHBAY_BUNDLE_CACHE_MB": "0"},
			wantError: []string{"PATCHBAY_BUNDLE_CACHE_MB:"},
		},
		{
			name:      "a bad schema age",
			env:       map[string]string{"PATCHBAY_SCHEMA_MAX_AGE": "a while"},
			wantError: []string{"PATCHBAY_SCHEMA_MAX_AGE:"},
		},
		{
			name:      "a client secret without its client id",
			env:       map[string]string{"PATCHBAY_SF_CLIENT_SECRET": "s"},
			wantError: []string{"PATCHBAY_SF_CLIENT_ID must be set"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loadConfig(envOf(tt.env))
			err := c.Validate()
			if len(tt.wantError) == 0 && err != nil {
				t.Fatalf("Validate: %v", err)
			}
			for _, want := range tt.wantError {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Validate = %v; want it to contain %q", err, want)
				}
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestConfigNeverPrintsASecret(t *testing.T) {
	c := loadConfig(envOf(map[string]string{"PATCHBAY_SECRET_KEY": "KEY-PLAINTEXT", "PATCHBAY_SF_CLIENT_SECRET": "SF-PLAINTEXT",
		"OPENAI_API_KEY": "OPENAI-PLAINTEXT", "PATCHBAY_ADMIN_PASSWORD": "ADMIN-PLAINTEXT", "PATCHBAY_LLM_MODEL": "visible-model"}))
	for _, s := range []string{c.String(), c.GoString()} {
		if !strings.Contains(s, "visible-model") || !strings.Contains(s, "PATCHBAY_SF_CLIENT_SECRET=(set)") || !strings.Contains(s, "PATCHBAY_SF_CLIENT_ID=") {
			t.Errorf("config text lacks what it should show:\n%s", s)
		}
		if strings.Contains(s, "PLAINTEXT") {
			t.Errorf("config text shows a secret:\n%s", s)
		}
	}
}
