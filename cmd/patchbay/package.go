package main

import (
	archivezip "archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
)

func runPackage(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "package", "package SPEC.yaml -o FILE.zip [--format mdapi|sfdx]")
	out := fs.String("o", "", "zip file to write")
	format := fs.String("format", "mdapi", "mdapi: Metadata API zip with package.xml at the root, for deploys; sfdx: the SFDX project, for building a managed 2GP package")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 || *out == "" {
		fs.Usage()
		return &exitError{code: 2, err: errSilent}
	}
	if *format != "mdapi" && *format != "sfdx" {
		return &exitError{code: 2, err: fmt.Errorf("--format is %q; use mdapi or sfdx", *format)}
	}
	b, err := generateSpecFile(env, files[0])
	if err != nil {
		return failOnSpecError(env, err)
	}
	var zip []byte
	if *format == "sfdx" {
		zip, err = b.ProjectZip()
	} else {
		zip, err = b.MetadataZip()
	}
	if err != nil {
		return fmt.Errorf("zip %s: %w", files[0], err)
	}
	// The count is read back from the zip written, not from the project:
	// the two layouts hold different sets of files.
	zr, err := archivezip.NewReader(bytes.NewReader(zip), int64(len(zip)))
	if err != nil {
		return fmt.Errorf("zip %s: reading it back: %w", files[0], err)
	}
	if err := os.WriteFile(*out, zip, 0o644); err != nil {
		return fmt.Errorf("write zip: %w", err)
	}
	fmt.Fprintf(env.stdout, "wrote %s (%s, %d files, %d bytes)\n", *out, *format, len(zr.File), len(zip))
	return nil
}
