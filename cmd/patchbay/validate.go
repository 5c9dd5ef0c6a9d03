package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/patchbay/patchbay/generator"
)

func runValidate(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "validate", "validate SPEC.yaml [SPEC.yaml...]   (- reads standard input)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errSilent}
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
		fmt.Fprintf(env.stdout, "%s: valid (%s: %d flows, %d systems)\n", f, s.Name, len(s.Flows), len(s.Systems))
	}
	if failed {
		return &exitError{code: 1, err: errSilent}
	}
	return nil
}
