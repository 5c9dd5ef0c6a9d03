package main

import (
	"context"

	"github.com/patchbay/patchbay/spec"
)

func runSchema(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "schema", "schema")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	_, err := env.stdout.Write(spec.Schema())
	return err
}
