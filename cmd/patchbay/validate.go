package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/orgschema"
)

func runValidate(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "validate", "validate SPEC.yaml [SPEC.yaml...] [--org ALIAS]...   (- reads standard input)")
	var orgs orgFlags
	fs.Var(&orgs, "org", "also check against this connected org's schema (repeatable)")
	maxAge := fs.Duration("max-age", 0, "refresh an org's cached schema when older than this (default PATCHBAY_SCHEMA_MAX_AGE, 24h)")
	dbPath := fs.String("db", "", "SQLite database file (default PATCHBAY_DB), with --org")
	releasedPath := fs.String("released", "", "the spec of the last released version (package.released: true): refuse a version number that is not higher and removed or changed global Apex")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errSilent}
	}
	if len(orgs) > 0 {
		cfg := loadConfig(env.getenv)
		if *dbPath != "" {
			cfg.DBPath = *dbPath
		}
		if *maxAge <= 0 {
			*maxAge = cfg.SchemaMaxAge
		}
		if *maxAge <= 0 {
			*maxAge = orgschema.DefaultMaxAge
		}
		failed, err := validateAgainstOrgs(ctx, env, cfg, files, orgs, *maxAge)
		if err != nil {
			return err
		}
		if failed {
			return &exitError{code: 1, err: errSilent}
		}
		return nil
	}
	failed := false
	for _, f := range files {
		s, err := readSpecFile(env, f)
		if err != nil {
			if ferr := failOnSpecError(env, err); ferr != nil {
				if _, ok := ferr.(*exitError); !ok {
					return ferr
				}
			}
			failed = true
			continue
		}
		// Generating checks what only the files show: that the package
		// stays within Salesforce's deploy limits.
		if _, err := generator.Generate(s); err != nil {
			var limit *generator.LimitError
			if !errors.As(err, &limit) {
				return fmt.Errorf("generate %s: %w", f, err)
			}
			name := f
			if f == "-" {
				name = "<stdin>"
			}
			printSpecErrors(env.stderr, &specFileError{file: name, err: limit})
			failed = true
			continue
		}
		if *releasedPath != "" {
			prev, err := readSpecFile(env, *releasedPath)
			if err != nil {
				return fmt.Errorf("--released %s: %w", *releasedPath, err)
			}
			if err := generator.CheckUpgrade(prev, s); err != nil {
				fmt.Fprintf(env.stderr, "%s: %v\n", f, err)
				failed = true
				continue
			}
		}
		fmt.Fprintf(env.stdout, "%s: valid (%s: %d flows, %d systems; checked against the spec's rules and Salesforce's deploy limits, not against an org: add --org ALIAS)\n", f, s.Name, len(s.Flows), len(s.Systems))
	}
	if failed {
		return &exitError{code: 1, err: errSilent}
	}
	return nil
}
