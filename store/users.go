package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do.
type Role string

// Roles, most powerful first.
const (
	RoleAdmin  Role = "admin"  // everything, including users, orgs and settings
	RoleEditor Role = "editor" // build, edit and deploy integrations
	RoleViewer Role = "viewer" // read only
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleEditor || r == RoleViewer }

// User is a person who signs in to the web app.
type User struct {
	ID        int64
	Username  string
	Email     string
	Role      Role
	CreatedAt time.Time
}

// ErrBadCredentials reports a sign-in with an unknown user or a wrong
// password; it does not say which.
var ErrBadCredentials = errors.New("wrong username or password")

// hashPassword checks a new password against the rules (CheckPassword)
// and returns its bcrypt hash.
func hashPassword(username, password string) (string, error) {
	if err := CheckPassword(username, password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return string(h), nil
}

// CreateUser adds a user with a bcrypt hash of password. A username already
// taken (case-insensitively) gives ErrConflict; a password the rules refuse
// gives a *PasswordError.
func (s *Store) CreateUser(ctx context.Context, username, email, password string, role Role) (User, error) {
	username = strings.TrimSpace(username)
	if username == "" {
		return User{}, errors.New("store: username is empty")
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("store: unknown role %q", role)
	}
	hash, err := hashPassword(username, password)
	if err != nil {
		return User{}, err
	}
	u := User{Username: username, Email: strings.TrimSpace(email), Role: role, CreatedAt: fromMicros(toMicros(s.now()))}
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (username, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.Username, u.Email, hash, string(u.Role), toMicros(u.CreatedAt))
	if err != nil {
		return User{}, conflict(err, "create user "+username)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return User{}, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

const userColumns = `id, username, email, role, created_at`

func scanUser(row rowScanner) (User, error) {
	var u User
	var role string
	var created int64
	if err := row.Scan(&u.ID, &u.Username, &u.Email, &role, &created); err != nil {
		return User{}, err
	}
	u.Role, u.CreatedAt = Role(role), fromMicros(created)
	return u, nil
}

// User returns the user with the given id.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return User{}, notFound(err, "user", id)
	}
	return u, nil
}

// UserByName returns the user with the given username (case-insensitive).
func (s *Store) UserByName(ctx context.Context, username string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, strings.TrimSpace(username)))
	if err != nil {
		return User{}, notFound(err, "user", username)
	}
	return u, nil
}

// Users lists every user by username.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	return queryList(ctx, s, "users", `SELECT `+userColumns+` FROM users ORDER BY username`, scanUser)
}

// CountUsers returns how many users exist (zero on a fresh install).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// Authenticate returns the user whose username and password match, or
// ErrBadCredentials. It spends a bcrypt comparison even for unknown users so
// timing does not reveal which usernames exist.
func (s *Store) Authenticate(ctx context.Context, username, password string) (User, error) {
	if len(password) > MaxPasswordBytes {
		// No password this long can be set; bcrypt would compare only its
		// first 72 bytes.
		return User{}, ErrBadCredentials
	}
	var hash string
	u, err := scanUserWithHash(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE username = ?`, strings.TrimSpace(username)), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return User{}, ErrBadCredentials
	}
	return u, nil
}

// dummyHash is a bcrypt hash of a fixed password at the default cost,
// computed on the first sign-in with an unknown username rather than at
// package init, which would cost every patchbay process (even `patchbay
// package`) one bcrypt hash.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("patchbay-timing-equaliser"), bcrypt.DefaultCost)
	return h
})

func scanUserWithHash(row *sql.Row, hash *string) (User, error) {
	var u User
	var role string
	var created int64
	if err := row.Scan(&u.ID, &u.Username, &u.Email, &role, &created, hash); err != nil {
		return User{}, err
	}
	u.Role, u.CreatedAt = Role(role), fromMicros(created)
	return u, nil
}

// SetPassword replaces a user's password and ends all their sessions; a
// password the rules refuse gives a *PasswordError.
func (s *Store) SetPassword(ctx context.Context, userID int64, password string) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	hash, err := hashPassword(u.Username, password)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if err := checkAffected(res, "user", userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		return nil
	})
}

// SetRole changes a user's role.
func (s *Store) SetRole(ctx context.Context, userID int64, role Role) error {
	if !role.Valid() {
		return fmt.Errorf("store: unknown role %q", role)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(role), userID)
	if err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	return checkAffected(res, "user", userID)
}

// DeleteUser removes a user and their sessions.
func (s *Store) DeleteUser(ctx context.Context, userID int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID)
	if err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	return checkAffected(res, "user", userID)
}

// Session is a signed-in browser. The token the browser holds is never
// stored: only its SHA-256.
type Session struct {
	User       User
	CSRFSecret string // random, base64url; for deriving or comparing CSRF tokens
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

const purposeCSRF = "sessions.csrf_secret"

// CreateSession starts a session for userID lasting ttl and returns the
// token to put in the cookie; only its hash is kept.
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, Session, error) {
	if ttl <= 0 {
		return "", Session{}, errors.New("store: session lifetime must be positive")
	}
	u, err := s.User(ctx, userID)
	if err != nil {
		return "", Session{}, err
	}
	token, err := randomToken(32)
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := randomToken(32)
	if err != nil {
		return "", Session{}, err
	}
	sealed, err := s.sec.seal(purposeCSRF, csrf)
	if err != nil {
		return "", Session{}, err
	}
	now := fromMicros(toMicros(s.now()))
	sess := Session{User: u, CSRFSecret: csrf, CreatedAt: now, ExpiresAt: fromMicros(toMicros(now.Add(ttl)))}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_secret, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hashToken(token), userID, sealed, toMicros(sess.CreatedAt), toMicros(sess.ExpiresAt)); err != nil {
		return "", Session{}, fmt.Errorf("store: create session: %w", err)
	}
	return token, sess, nil
}

// Session returns the live session for a cookie token. Unknown and expired
// tokens give ErrNotFound.
func (s *Store) Session(ctx context.Context, token string) (Session, error) {
	var sess Session
	var sealed []byte
	var role string
	var userCreated, created, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.username, u.email, u.role, u.created_at, s.csrf_secret, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`,
		hashToken(token), toMicros(s.now())).Scan(&sess.User.ID, &sess.User.Username, &sess.User.Email, &role, &userCreated, &sealed, &created, &expires)
	if err != nil {
		return Session{}, notFound(err, "session", "")
	}
	sess.User.Role, sess.User.CreatedAt = Role(role), fromMicros(userCreated)
	sess.CreatedAt, sess.ExpiresAt = fromMicros(created), fromMicros(expires)
	if sess.CSRFSecret, err = s.sec.open(purposeCSRF, sealed); err != nil {
		return Session{}, fmt.Errorf("store: session: %w", err)
	}
	return sess, nil
}

// DeleteSession ends the session with the given token (sign-out). Deleting
// an unknown token is not an error.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry and returns how
// many it removed.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, toMicros(s.now()))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return n, nil
}
