package main

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/patchbay/patchbay/salesforce/sfsim"
)

// syncBuffer is an io.Writer safe to read while a command writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cliWorld is a simulator and the environment of a patchbay process that
// uses it, with its own database.
type cliWorld struct {
	srv  *sfsim.Server
	base string
	vars map[string]string
}

func newCLIWorld(t *testing.T, opts sfsim.Options) *cliWorld {
	t.Helper()
	srv := sfsim.New(opts)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	dir := t.TempDir()
	return &cliWorld{srv: srv, base: base, vars: map[string]string{
		"PATCHBAY_DB":                   dir + "/patchbay.db",
		"PATCHBAY_SF_CLIENT_ID":         sfsim.DefaultClientID,
		"PATCHBAY_SF_CLIENT_SECRET":     sfsim.DefaultClientSecret,
		"PATCHBAY_DEPLOY_POLL_INTERVAL": "20ms",
	}}
}

// run runs one patchbay command line in-process.
func (w *cliWorld) run(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errb syncBuffer
	code = w.runWith(ctx, &out, &errb, args...)
	return code, out.String(), errb.String()
}

func (w *cliWorld) runWith(ctx context.Context, out, errb *syncBuffer, args ...string) int {
	env := &environment{stdin: bytes.NewReader(nil), stdout: out, stderr: errb, getenv: envOf(w.vars)}
	return run(ctx, env, args)
}
