package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/patchbay/patchbay/salesforce/sfsim"
)

// runSfsim serves simulated orgs until interrupted and prints, per org, what
// a client needs to connect: login and instance URL, client id, username and
// an access token for `sf org login access-token`.
func runSfsim(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "sfsim", "sfsim [--orgs N] [--addr 127.0.0.1:PORT] [--deploy-time 1s] [--sandboxes N]")
	n := fs.Int("orgs", 2, "number of simulated orgs")
	sandboxes := fs.Int("sandboxes", 0, "how many of the orgs are sandboxes (the last ones)")
	addr := fs.String("addr", "127.0.0.1:6600", "listen address (loopback only)")
	deployTime := fs.Duration("deploy-time", time.Second, "how long a simulated deploy takes")
	autoApprove := fs.Bool("auto-approve", false, "approve OAuth authorize requests without the login form")
	verbose := fs.Bool("v", false, "log every request (method, path, org, status; never tokens) to stderr")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *n < 1 || *n > 100 {
		return &exitError{code: 2, err: fmt.Errorf("--orgs must be between 1 and 100")}
	}
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) || err != nil {
		// Every simulated password and token is public: never serve it
		// beyond this machine.
		return &exitError{code: 2, err: fmt.Errorf("--addr %q: sfsim listens on a loopback address only (127.0.0.1:PORT)", *addr)}
	}
	var orgs []sfsim.OrgOptions
	for i := 1; i <= *n; i++ {
		orgs = append(orgs, sfsim.OrgOptions{Alias: fmt.Sprintf("org%d", i), Sandbox: i > *n-*sandboxes})
	}
	opts := sfsim.Options{Orgs: orgs, DeployDuration: *deployTime, AutoApprove: *autoApprove}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(env.stderr, nil))
	}
	srv := sfsim.New(opts)
	base, err := srv.Start(*addr)
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(env.stdout, "sfsim listening on %s\n", base)
	fmt.Fprintf(env.stdout, "login URL: %s   client id: %s   client secret: %s\n", base, sfsim.DefaultClientID, sfsim.DefaultClientSecret)
	fmt.Fprintf(env.stdout, "faults:    curl -X POST %s/_sfsim/faults -d '{\"unavailable\":3}'\n\n", base)
	for _, o := range srv.Orgs() {
		tok, err := srv.IssueToken(o.Alias, "")
		if err != nil {
			return err
		}
		kind := "production"
		if o.Sandbox {
			kind = "sandbox"
		}
		fmt.Fprintf(env.stdout, "%s (%s, %s)\n", o.Alias, o.ID, kind)
		fmt.Fprintf(env.stdout, "  instance URL: %s\n", tok.InstanceURL)
		fmt.Fprintf(env.stdout, "  username:     %s (password %s)\n", o.Usernames[0], sfsim.DefaultPassword)
		// The simulator's own throwaway token, printed on purpose so the sf
		// CLI can log in; it is valid only against this process.
		fmt.Fprintf(env.stdout, "  sf login:     SF_ACCESS_TOKEN='%s' sf org login access-token --instance-url %s --no-prompt --alias %s\n\n", tok.AccessToken, tok.InstanceURL, o.Alias)
	}
	<-ctx.Done()
	return nil
}
