package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/patchbay/patchbay/store"
)

func runUser(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "user", "user add NAME [--role admin|editor|viewer] [--email E] | user list | user passwd NAME   (--db FILE)\n\nPasswords are read from standard input (first line) or PATCHBAY_USER_PASSWORD.")
	dbPath := fs.String("db", "", "SQLite database file (default $PATCHBAY_DB or ./patchbay.db)")
	role := fs.String("role", string(store.RoleEditor), "role for user add: admin, editor or viewer")
	email := fs.String("email", "", "email for user add")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return &exitError{code: 2, err: errSilent}
	}
	if len(pos) == 0 {
		fs.Usage()
		return &exitError{code: 2, err: errSilent}
	}
	cfg := loadConfig(env.getenv)
	if *dbPath != "" {
		cfg.DBPath = *dbPath
	}
	if err := cfg.Validate(); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("configuration:\n%w", err)}
	}
	st, err := cfg.openDB(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	switch pos[0] {
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tEMAIL\tCREATED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Username, u.Role, u.Email, u.CreatedAt.Format("2006-01-02"))
		}
		return tw.Flush()
	case "add":
		if len(pos) != 2 {
			return &exitError{code: 2, err: errors.New("usage: patchbay user add NAME [--role R] [--email E]")}
		}
		r := store.Role(*role)
		if !r.Valid() {
			return &exitError{code: 2, err: fmt.Errorf("unknown role %q: use admin, editor or viewer", *role)}
		}
		pw, err := readPassword(env, pos[1])
		if err != nil {
			return err
		}
		u, err := st.CreateUser(ctx, pos[1], *email, pw, r)
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("a user called %q already exists", pos[1])
		}
		if err != nil {
			return err
		}
		if _, err := st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "user.create", Target: "user:" + u.Username, Detail: "role " + string(r)}); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "added %s (%s)\n", u.Username, u.Role)
		return nil
	case "passwd":
		if len(pos) != 2 {
			return &exitError{code: 2, err: errors.New("usage: patchbay user passwd NAME")}
		}
		u, err := st.UserByName(ctx, pos[1])
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no user called %q", pos[1])
		}
		if err != nil {
			return err
		}
		pw, err := readPassword(env, u.Username)
		if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, u.ID, pw); err != nil {
			return err
		}
		if _, err := st.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "user.passwd", Target: "user:" + u.Username}); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "password changed for %s\n", u.Username)
		return nil
	}
	fs.Usage()
	return &exitError{code: 2, err: errSilent}
}

// readPassword takes PATCHBAY_USER_PASSWORD or the first line of standard
// input, and checks it against the password rules for username.
func readPassword(env *environment, username string) (string, error) {
	pw := env.getenv("PATCHBAY_USER_PASSWORD")
	if pw == "" {
		fmt.Fprintf(env.stderr, "Password (at least %d characters, not a common one): ", store.MinPasswordLength)
		line, err := bufio.NewReader(env.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("reading the password from standard input: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := store.CheckPassword(username, pw); err != nil {
		return "", &exitError{code: 2, err: fmt.Errorf("password refused: %w", err)}
	}
	return pw, nil
}
