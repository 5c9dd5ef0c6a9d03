package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// ErrNotFound reports that the row asked for does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict reports a write that would break a uniqueness rule, such as a
// second user or org with the same name.
var ErrConflict = errors.New("already exists")

// ErrSchemaTooNew reports a database written by a newer patchbay than this
// binary; Open refuses it rather than risk damaging it.
var ErrSchemaTooNew = errors.New("database schema is newer than this patchbay")

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is patchbay's database. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	sec *sealer
	now func() time.Time
}

// Open opens (creating if needed) the SQLite database at path, in WAL mode
// with a busy timeout and foreign keys on, and brings its schema up to date.
// key (KeySize bytes, see LoadOrCreateKey) encrypts tokens and secret
// settings; a key that cannot open the secrets already stored gives a
// *KeyMismatchError.
func Open(ctx context.Context, path string, key []byte) (*Store, error) {
	sec, err := newSealer(key)
	if err != nil {
		return nil, err
	}
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if err := ownerOnly(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, sec: sec, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.checkKey(ctx, key); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.fillSpecNames(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.fillDescriptions(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// ownerOnly creates the database file, when it does not exist yet, readable
// and writable by its owner only, and takes group and other permissions off
// an existing one and its -wal and -shm files. SQLite creates a database
// 0644 and gives its WAL and shared-memory files the database file's
// permissions, so creating the file first is what keeps all three 0600, like
// the key file: they hold password hashes and encrypted tokens.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, fi.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("store: make %s private to its owner: %w", p, err)
			}
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: name must start with a number and _", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	// Numbers are handed out to work done in parallel, so a build may lack
	// some numbers below its newest; each is applied once, whatever order
	// they arrived in (see apply).
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("store: migrations %s and %s have the same number", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest schema version this binary knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies each pending migration in its own transaction and records
// its version; it refuses a database whose version is past the newest known.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return s.apply(ctx, ms)
}

// apply brings the schema up to the last of ms.
func (s *Store) apply(ctx context.Context, ms []migration) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	current, err := s.schemaVersion(ctx, s.db)
	if err != nil {
		return err
	}
	newest := 0
	if len(ms) > 0 {
		newest = ms[len(ms)-1].version
	}
	if current > newest {
		return fmt.Errorf("store: %w: database is at version %d, this binary knows up to %d", ErrSchemaTooNew, current, newest)
	}
	for _, m := range ms {
		if err := s.applyOne(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) schemaVersion(ctx context.Context, q queryer) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: read schema version: %w", err)
	}
	return v, nil
}

func (s *Store) applyOne(ctx context.Context, m migration) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		// Applied before, or by another process since we looked.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, toMicros(s.now())); err != nil {
			return fmt.Errorf("store: record migration %s: %w", m.name, err)
		}
		return nil
	})
}

// tx runs fn in a transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

func toMicros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromNullMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMicros(v.Int64)
}

// notFound turns sql.ErrNoRows into ErrNotFound naming what was missing.
func notFound(err error, what string, key any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s %v: %w", what, key, ErrNotFound)
	}
	return fmt.Errorf("store: %s %v: %w", what, key, err)
}

// conflict wraps a unique-constraint violation as ErrConflict.
func conflict(err error, what string) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) {
		return fmt.Errorf("store: %s: %w", what, ErrConflict)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// checkAffected returns ErrNotFound when an update or delete touched no row.
func checkAffected(res sql.Result, what string, key any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s %v: %w", what, key, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s %v: %w", what, key, ErrNotFound)
	}
	return nil
}
