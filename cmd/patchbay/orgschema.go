package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/patchbay/patchbay/orgschema"
	"github.com/patchbay/patchbay/salesforce"
	"github.com/patchbay/patchbay/spec"
	"github.com/patchbay/patchbay/store"
)

// orgList is a repeatable --org flag.
type orgFlags []string

func (o *orgFlags) String() string { return strings.Join(*o, ",") }

// Set adds one alias.
func (o *orgFlags) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("empty org alias")
	}
	*o = append(*o, strings.TrimSpace(v))
	return nil
}

// connectOrg returns a client for a stored org that refreshes its access
// token with the Connected App and stores refreshed tokens.
func connectOrg(ctx context.Context, cfg config, st *store.Store, org store.Org) (*salesforce.Client, error) {
	tokens, err := st.OrgTokens(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	loopback := isLoopbackURL(org.InstanceURL)
	opts := salesforce.Options{AllowLoopback: loopback, APIVersion: org.APIVersion,
		OnTokenRefresh: func(t salesforce.Token) {
			_ = st.SetOrgTokens(ctx, org.ID, store.Tokens{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken})
		}}
	if cfg.SFClientID != "" {
		loginURL := org.LoginURL
		if loginURL == "" {
			loginURL = org.InstanceURL
		}
		opts.Refresher = &salesforce.OAuthConfig{ClientID: cfg.SFClientID, ClientSecret: cfg.SFClientSecret, LoginURL: loginURL, AllowLoopback: loopback}
	}
	return salesforce.New(salesforce.Token{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken, InstanceURL: org.InstanceURL}, opts)
}

// orgRefresh is `patchbay org refresh ALIAS...`: describe each org now and
// store its schema.
func orgRefresh(ctx context.Context, env *environment, cfg config, args []string) error {
	fs := newFlagSet(env, "org refresh", "org refresh ALIAS... [--db FILE]")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return usageError(err)
	}
	if len(pos) == 0 {
		return &exitError{code: 2, err: errors.New("usage: patchbay org refresh ALIAS...")}
	}
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	failed := false
	for _, alias := range pos {
		org, err := st.OrgByAlias(ctx, alias)
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(env.stderr, "%s: no such org (see patchbay org list)\n", alias)
			failed = true
			continue
		}
		if err != nil {
			return err
		}
		cl, err := connectOrg(ctx, cfg, st, org)
		if err != nil {
			return err
		}
		c, err := orgschema.Refresh(ctx, st, org.ID, cl, time.Now)
		if err != nil {
			failed = true
			fmt.Fprintf(env.stderr, "%s: schema refresh failed: %s", alias, orgschema.FailureMessage(err))
			if c.Schema != nil {
				fmt.Fprintf(env.stderr, " (keeping the schema %s)", c.AgeLabel(time.Now()))
			}
			fmt.Fprintln(env.stderr)
			continue
		}
		fields := 0
		for _, o := range c.Schema.Objects {
			fields += len(o.Fields)
		}
		fmt.Fprintf(env.stdout, "%s: %d objects, %d fields\n", alias, len(c.Schema.Objects), fields)
	}
	if failed {
		return &exitError{code: 1, err: errSilent}
	}
	return nil
}

// readSpecLines reads and loads a spec with the line of each path.
func readSpecLines(env *environment, path string) (*spec.Spec, spec.Lines, error) {
	data, path, err := readSpecData(env, path)
	if err != nil {
		return nil, nil, err
	}
	s, lines, err := spec.LoadLines(data)
	if err != nil {
		return nil, nil, &specFileError{file: path, err: err}
	}
	return s, lines, nil
}

// orgSchemas loads the schema of each named org, refreshing those older
// than maxAge; a stale schema (its refresh failed) is used with a warning
// naming its age, a missing one is an error.
func orgSchemas(ctx context.Context, env *environment, cfg config, aliases []string, maxAge time.Duration) (map[string]*salesforce.OrgSchema, *store.Store, error) {
	st, err := cfg.openDB(ctx)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]*salesforce.OrgSchema{}
	var problems []string
	for _, alias := range aliases {
		org, err := st.OrgByAlias(ctx, alias)
		if errors.Is(err, store.ErrNotFound) {
			problems = append(problems, alias+": no such org (see patchbay org list)")
			continue
		}
		if err != nil {
			st.Close()
			return nil, nil, err
		}
		cl, err := connectOrg(ctx, cfg, st, org)
		if err != nil {
			st.Close()
			return nil, nil, err
		}
		c, err := orgschema.Get(ctx, st, org.ID, cl, maxAge, time.Now)
		if err != nil || c.Schema == nil {
			msg := c.Error
			if msg == "" && err != nil {
				msg = orgschema.FailureMessage(err)
			}
			problems = append(problems, alias+": no schema to check against: "+msg)
			continue
		}
		if c.Error != "" {
			fmt.Fprintf(env.stderr, "warning: %s: checking against a stale schema, %s (refresh failed: %s)\n", alias, c.AgeLabel(time.Now()), c.Error)
		}
		out[alias] = c.Schema
	}
	if len(problems) > 0 {
		st.Close()
		return nil, nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, st, nil
}

// validateAgainstOrgs checks each file against each org, printing problems
// in the file:line: path: message form; it reports whether any was found.
func validateAgainstOrgs(ctx context.Context, env *environment, cfg config, files, aliases []string, maxAge time.Duration) (bool, error) {
	if err := cfg.Validate(); err != nil {
		return false, err
	}
	schemas, st, err := orgSchemas(ctx, env, cfg, aliases, maxAge)
	if err != nil {
		return false, err
	}
	defer st.Close()
	failed := false
	for _, f := range files {
		s, lines, err := readSpecLines(env, f)
		if err != nil {
			if ferr := failOnSpecError(env, err); ferr != nil {
				if _, ok := ferr.(*exitError); !ok {
					return false, ferr
				}
			}
			failed = true
			continue
		}
		name := f
		if f == "-" {
			name = "<stdin>"
		}
		clean := true
		for _, alias := range aliases {
			errs := orgschema.Check(s, lines, schemas[alias], alias)
			if len(errs) > 0 {
				clean = false
				printSpecErrors(env.stderr, &specFileError{file: name, err: errs})
			}
		}
		if !clean {
			failed = true
			continue
		}
		fmt.Fprintf(env.stdout, "%s: valid in %s (%s: %d flows, %d systems)\n", name, strings.Join(aliases, ", "), s.Name, len(s.Flows), len(s.Systems))
	}
	return failed, nil
}
