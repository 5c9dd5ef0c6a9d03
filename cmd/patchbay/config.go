package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/patchbay/patchbay/store"
	"github.com/patchbay/patchbay/web"
)

// config is patchbay's configuration, read once from the environment by
// loadConfig and passed down to what needs it. Print it with String, which
// hides secrets.
type config struct {
	DBPath             string        // PATCHBAY_DB
	SecretKey          string        // PATCHBAY_SECRET_KEY (secret)
	SecretKeyFile      string        // PATCHBAY_SECRET_KEY_FILE; default: beside the database
	SFClientID         string        // PATCHBAY_SF_CLIENT_ID
	SFClientSecret     string        // PATCHBAY_SF_CLIENT_SECRET(_FILE) (secret)
	LLMBaseURL         string        // PATCHBAY_LLM_BASE_URL
	LLMModel           string        // PATCHBAY_LLM_MODEL
	OpenAIAPIKey       string        // OPENAI_API_KEY(_FILE) (secret)
	AdminPassword      string        // PATCHBAY_ADMIN_PASSWORD (secret)
	BaseURL            string        // PATCHBAY_BASE_URL
	DeployPollInterval time.Duration // PATCHBAY_DEPLOY_POLL_INTERVAL
	TrustedProxies     []*net.IPNet  // PATCHBAY_TRUSTED_PROXIES
	trustedProxiesText string
	BundleCacheBytes   int64         // PATCHBAY_BUNDLE_CACHE_MB
	SchemaMaxAge       time.Duration // PATCHBAY_SCHEMA_MAX_AGE

	// problems are what loading found wrong; Validate reports them.
	problems []error
}

// configVar is one environment variable patchbay reads.
type configVar struct {
	name   string
	def    string
	secret bool // never printed; for the *_FILE kind, also read from NAME_FILE
	file   bool // NAME_FILE may hold the value instead
	help   string
	set    func(c *config, v string) error
}

// configVars is the table of every variable: name, default, whether it is
// a secret, and where it goes.
var configVars = []configVar{
	{name: "PATCHBAY_DB", def: "patchbay.db", help: "SQLite database file",
		set: func(c *config, v string) error { c.DBPath = v; return nil }},
	{name: "PATCHBAY_SECRET_KEY", secret: true, help: "32-byte key (base64 or hex) encrypting tokens and secret settings",
		set: func(c *config, v string) error { c.SecretKey = v; return nil }},
	{name: "PATCHBAY_SECRET_KEY_FILE", help: "key file, created with mode 0600 on first start when missing (default: the database name with .key)",
		set: func(c *config, v string) error { c.SecretKeyFile = v; return nil }},
	{name: "PATCHBAY_SF_CLIENT_ID", help: "Salesforce Connected App (or External Client App) consumer key",
		set: func(c *config, v string) error { c.SFClientID = v; return nil }},
	{name: "PATCHBAY_SF_CLIENT_SECRET", secret: true, file: true, help: "its consumer secret",
		set: func(c *config, v string) error { c.SFClientSecret = v; return nil }},
	{name: "PATCHBAY_LLM_BASE_URL", help: "OpenAI-compatible endpoint for the LLM planner (empty: offline rule planner)",
		set: func(c *config, v string) error { c.LLMBaseURL = v; return nil }},
	{name: "PATCHBAY_LLM_MODEL", help: "model name for the LLM planner",
		set: func(c *config, v string) error { c.LLMModel = v; return nil }},
	{name: "OPENAI_API_KEY", secret: true, file: true, help: "API key for the LLM endpoint",
		set: func(c *config, v string) error { c.OpenAIAPIKey = v; return nil }},
	{name: "PATCHBAY_ADMIN_PASSWORD", secret: true, help: "password of the first admin account (default: generated and printed once)",
		set: func(c *config, v string) error { c.AdminPassword = v; return nil }},
	{name: "PATCHBAY_BASE_URL", help: "public URL of the web app (default: http:// plus the listen address)",
		set: func(c *config, v string) error { c.BaseURL = v; return nil }},
	{name: "PATCHBAY_DEPLOY_POLL_INTERVAL", def: "1s", help: "first delay between deploy status polls",
		set: func(c *config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%q is not a positive duration such as 1s or 500ms", v)
			}
			c.DeployPollInterval = d
			return nil
		}},
	{name: "PATCHBAY_TRUSTED_PROXIES", help: "reverse proxies (IPs or CIDR networks, comma separated) whose X-Forwarded-For gives the client address; default: none, the header is ignored",
		set: func(c *config, v string) error {
			n, err := web.ParseTrustedProxies(v)
			if err != nil {
				return fmt.Errorf("%w (write addresses such as 10.0.0.5 or 10.0.0.0/8, separated by commas)", err)
			}
			c.TrustedProxies, c.trustedProxiesText = n, v
			return nil
		}},
	{name: "PATCHBAY_BUNDLE_CACHE_MB", def: "64", help: "memory, in MiB, for generated packages kept for the files, diff and download pages",
		set: func(c *config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1<<20 {
				return fmt.Errorf("%q is not a number of MiB from 1 to 1048576", v)
			}
			c.BundleCacheBytes = int64(n) << 20
			return nil
		}},
	{name: "PATCHBAY_SCHEMA_MAX_AGE", def: "24h", help: "how old an org's cached objects and fields may be before they are read again",
		set: func(c *config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%q is not a positive duration such as 24h or 30m", v)
			}
			c.SchemaMaxAge = d
			return nil
		}},
}

// loadConfig reads every variable of configVars through getenv, applying
// defaults and reading NAME_FILE variants. It never fails: problems are
// kept for Validate, so that commands needing only part of the
// configuration still run.
func loadConfig(getenv func(string) string) config {
	var c config
	for _, v := range configVars {
		val := getenv(v.name)
		if v.file {
			if path := getenv(v.name + "_FILE"); path != "" {
				if val != "" {
					c.problems = append(c.problems, fmt.Errorf("%s and %s_FILE are both set: set only one", v.name, v.name))
				} else if b, err := os.ReadFile(path); err != nil {
					c.problems = append(c.problems, fmt.Errorf("%s_FILE: %w", v.name, err))
				} else {
					val = strings.TrimRight(string(b), "\r\n")
				}
			}
		}
		if val == "" {
			val = v.def
		}
		if val == "" {
			continue
		}
		if err := v.set(&c, val); err != nil {
			c.problems = append(c.problems, fmt.Errorf("%s: %w", v.name, err))
		}
	}
	return c
}

// Validate reports every problem in the configuration, each naming the
// variable to set or fix.
func (c config) Validate() error {
	problems := append([]error(nil), c.problems...)
	if strings.TrimSpace(c.DBPath) == "" {
		problems = append(problems, errors.New("PATCHBAY_DB: empty database path"))
	}
	if c.SecretKey != "" {
		if _, err := store.ParseKey(c.SecretKey); err != nil {
			problems = append(problems, fmt.Errorf("PATCHBAY_SECRET_KEY: %w (generate one with: openssl rand -base64 32)", err))
		}
	}
	if c.SFClientSecret != "" && c.SFClientID == "" {
		problems = append(problems, errors.New("PATCHBAY_SF_CLIENT_ID must be set when PATCHBAY_SF_CLIENT_SECRET is"))
	}
	if c.LLMBaseURL != "" {
		if u, err := url.Parse(c.LLMBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Errorf("PATCHBAY_LLM_BASE_URL: %q is not an http(s) URL", c.LLMBaseURL))
		}
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Errorf("PATCHBAY_BASE_URL: %q is not an http(s) URL", c.BaseURL))
		}
	}
	return errors.Join(problems...)
}

// requireSalesforceApp reports a missing Connected App client id, which the
// OAuth web-server flow needs.
func (c config) requireSalesforceApp() error {
	if c.SFClientID == "" {
		return errors.New("PATCHBAY_SF_CLIENT_ID is not set: set it to your Connected App's consumer key (and PATCHBAY_SF_CLIENT_SECRET to its secret)")
	}
	return nil
}

// keyFile is where the encryption key is read from or created: the
// configured file, or the database's name with .key beside it.
func (c config) keyFile() string {
	if c.SecretKeyFile != "" {
		return c.SecretKeyFile
	}
	base := strings.TrimSuffix(filepath.Base(c.DBPath), filepath.Ext(c.DBPath))
	return filepath.Join(filepath.Dir(c.DBPath), base+".key")
}

// openDB opens the configured database with its encryption key. A key that
// cannot open the secrets already in the database is refused with what to
// restore; a key file created just now for such a database is removed
// again, so restoring the old one is a plain copy.
func (c config) openDB(ctx context.Context) (*store.Store, error) {
	keyPath := c.keyFile()
	_, statErr := os.Stat(keyPath)
	created := strings.TrimSpace(c.SecretKey) == "" && errors.Is(statErr, fs.ErrNotExist)
	key, err := store.LoadOrCreateKey(c.SecretKey, keyPath)
	if err != nil {
		return nil, fmt.Errorf("secret key (set PATCHBAY_SECRET_KEY or PATCHBAY_SECRET_KEY_FILE): %w", err)
	}
	st, err := store.Open(ctx, c.DBPath, key)
	var km *store.KeyMismatchError
	if errors.As(err, &km) {
		if created {
			os.Remove(keyPath)
		}
		return nil, c.keyMismatch(km, created)
	}
	if err != nil {
		return nil, fmt.Errorf("database %s (PATCHBAY_DB): %w", c.DBPath, err)
	}
	return st, nil
}

// keyMismatch explains a refused key: which key the database needs, where
// the given one came from, and what to restore. No secret was changed.
func (c config) keyMismatch(km *store.KeyMismatchError, created bool) error {
	needed := "the key they were written with"
	if km.Want != "" {
		needed = "the key they were written with (key id " + km.Want + ")"
	}
	var what string
	switch {
	case strings.TrimSpace(c.SecretKey) != "":
		what = fmt.Sprintf("PATCHBAY_SECRET_KEY holds key id %s, which cannot open them. Set PATCHBAY_SECRET_KEY to %s, or unset it to use the key file %s", km.Got, needed, c.keyFile())
	case created:
		what = fmt.Sprintf("the key file %s is missing. Restore it from your backup: it must hold %s; or set PATCHBAY_SECRET_KEY (or PATCHBAY_SECRET_KEY_FILE) to that key", c.keyFile(), needed)
	default:
		what = fmt.Sprintf("the key file %s (PATCHBAY_SECRET_KEY_FILE) holds key id %s, which cannot open them. Restore the key file that was used with this database: it must hold %s", c.keyFile(), km.Got, needed)
	}
	return fmt.Errorf("database %s (PATCHBAY_DB) holds %d encrypted secrets (org tokens, API keys, remembered credentials), and %s. patchbay did not start; the secrets are untouched: %w", c.DBPath, km.Secrets, what, km)
}

// String lists the configuration one variable a line, secrets shown only as
// set or not set.
func (c config) String() string {
	values := map[string]string{
		"PATCHBAY_DB": c.DBPath, "PATCHBAY_SECRET_KEY": c.SecretKey, "PATCHBAY_SECRET_KEY_FILE": c.keyFile(),
		"PATCHBAY_SF_CLIENT_ID": c.SFClientID, "PATCHBAY_SF_CLIENT_SECRET": c.SFClientSecret,
		"PATCHBAY_LLM_BASE_URL": c.LLMBaseURL, "PATCHBAY_LLM_MODEL": c.LLMModel, "OPENAI_API_KEY": c.OpenAIAPIKey,
		"PATCHBAY_ADMIN_PASSWORD": c.AdminPassword, "PATCHBAY_BASE_URL": c.BaseURL,
		"PATCHBAY_DEPLOY_POLL_INTERVAL": c.DeployPollInterval.String(), "PATCHBAY_TRUSTED_PROXIES": c.trustedProxiesText,
	}
	var b strings.Builder
	for _, v := range configVars {
		val := values[v.name]
		if v.secret {
			if val == "" {
				val = "(not set)"
			} else {
				val = "(set)"
			}
		}
		fmt.Fprintf(&b, "%s=%s\n", v.name, val)
	}
	return b.String()
}

// GoString is String, so %#v cannot print a secret either.
func (c config) GoString() string { return c.String() }
