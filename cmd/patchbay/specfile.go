package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/patchbay/patchbay/generator"
	"github.com/patchbay/patchbay/spec"
)

// readSpecFile reads a spec from a file, or from standard input when path
// is "-", and returns it decoded and validated. Problems come back as a
// specFileError that lists every one of them with the file name.
func readSpecFile(env *environment, path string) (*spec.Spec, error) {
	data, path, err := readSpecData(env, path)
	if err != nil {
		return nil, err
	}
	s, err := spec.Load(data)
	if err != nil {
		return nil, &specFileError{file: path, err: err}
	}
	return s, nil
}

// specFileError is a spec that failed to decode or validate, named by file.
type specFileError struct {
	file string
	err  error
}

func (e *specFileError) Error() string { return e.file + ": " + e.err.Error() }

func (e *specFileError) Unwrap() error { return e.err }

// printSpecErrors writes every problem of a spec, one a line, in the
// file:line: path: message form editors and CI logs link to.
func printSpecErrors(w io.Writer, err error) {
	var sfe *specFileError
	if !errors.As(err, &sfe) {
		fmt.Fprintln(w, err)
		return
	}
	var list spec.Errors
	if !errors.As(sfe.err, &list) {
		fmt.Fprintf(w, "%s: %v\n", sfe.file, sfe.err)
		return
	}
	for _, e := range list {
		loc := sfe.file
		if e.Line > 0 {
			loc = fmt.Sprintf("%s:%d", sfe.file, e.Line)
		}
		if e.Path != "" {
			fmt.Fprintf(w, "%s: %s: %s\n", loc, e.Path, e.Msg)
		} else {
			fmt.Fprintf(w, "%s: %s\n", loc, e.Msg)
		}
	}
}

// failOnSpecError turns a spec problem into exit status 1 after printing
// every problem; other errors pass through.
func failOnSpecError(env *environment, err error) error {
	var sfe *specFileError
	if errors.As(err, &sfe) {
		printSpecErrors(env.stderr, err)
		return &exitError{code: 1, err: errSilent}
	}
	return err
}

// generateSpecFile reads, validates and generates a spec file. A spec that
// does not validate comes back as a specFileError for failOnSpecError.
func generateSpecFile(env *environment, path string) (*generator.Bundle, error) {
	s, err := readSpecFile(env, path)
	if err != nil {
		return nil, err
	}
	b, err := generator.Generate(s)
	var limit *generator.LimitError
	if errors.As(err, &limit) {
		return nil, &specFileError{file: path, err: limit}
	}
	if err != nil {
		return nil, fmt.Errorf("generate %s: %w", path, err)
	}
	return b, nil
}

// readSpecData reads a spec file's bytes, or standard input's when path is
// "-", and returns the name to report problems under.
func readSpecData(env *environment, path string) ([]byte, string, error) {
	var (
		data []byte
		err  error
	)
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(env.stdin, 2<<20))
		path = "<stdin>"
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, path, fmt.Errorf("read spec: %w", err)
	}
	return data, path, nil
}
