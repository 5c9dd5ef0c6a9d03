package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

func runGenerate(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "generate", "generate SPEC.yaml -o DIR")
	out := fs.String("o", "", "folder to write the SFDX project to (created; must be empty if it exists)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 || *out == "" {
		fs.Usage()
		return &exitError{code: 2, err: errSilent}
	}
	b, err := generateSpecFile(env, files[0])
	if err != nil {
		return failOnSpecError(env, err)
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: choose a new folder so no file of yours is overwritten", *out)
	}
	for _, f := range b.Files {
		p := filepath.Join(*out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write project: %w", err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return fmt.Errorf("write project: %w", err)
		}
	}
	fmt.Fprintf(env.stdout, "wrote %d files to %s\n", len(b.Files), *out)
	return nil
}
