package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length in bytes of the key that encrypts secrets at rest.
const KeySize = 32

// ParseKey decodes a 32-byte key written as standard or URL-safe base64
// (padded or not) or as hex. Surrounding whitespace is ignored.
func ParseKey(text string) ([]byte, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, errors.New("key is empty")
	}
	if len(s) == 2*KeySize {
		if k, err := hex.DecodeString(s); err == nil {
			return k, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != KeySize {
				return nil, fmt.Errorf("key decodes to %d bytes, want %d", len(k), KeySize)
			}
			return k, nil
		}
	}
	return nil, fmt.Errorf("key is neither base64 nor hex of %d bytes", KeySize)
}

// LoadOrCreateKey returns the encryption key. A non-empty envValue (the
// content of PATCHBAY_SECRET_KEY) wins and must hold a base64 or hex key.
// Otherwise the key is read from the file at path; when that file does not
// exist, a random key is written there, base64 encoded, with 0600
// permissions. A key file readable by group or others is refused.
func LoadOrCreateKey(envValue, path string) ([]byte, error) {
	if strings.TrimSpace(envValue) != "" {
		k, err := ParseKey(envValue)
		if err != nil {
			return nil, fmt.Errorf("secret key from environment: %w", err)
		}
		return k, nil
	}
	if path == "" {
		return nil, errors.New("no secret key given and no key file path")
	}
	data, err := os.ReadFile(path)
	if err == nil {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("key file %s has permissions %v; want 0600", path, fi.Mode().Perm())
		}
		k, err := ParseKey(string(data))
		if err != nil {
			return nil, fmt.Errorf("key file %s: %w", path, err)
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("key file: %w", err)
	}
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("key file directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process created it first: use its key.
			return LoadOrCreateKey("", path)
		}
		return nil, fmt.Errorf("create key file: %w", err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("write key file: %w", err)
	}
	return k, nil
}

// sealer encrypts and decrypts secret columns with AES-256-GCM. Each value
// is nonce||ciphertext; the additional data names the column so a value
// copied into another column does not decrypt.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (*sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("store: encryption key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return &sealer{aead: aead}, nil
}

// seal encrypts plaintext for the column named by purpose. An empty
// plaintext is stored as nil so "not set" stays visible without decrypting.
func (s *sealer) seal(purpose, plaintext string) ([]byte, error) {
	if plaintext == "" {
		return nil, nil
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("store: nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, []byte(plaintext), []byte(purpose)), nil
}

// ErrDecrypt reports a secret that the configured key cannot decrypt,
// usually because the key changed since it was written.
var ErrDecrypt = errors.New("store: cannot decrypt secret (was the secret key changed?)")

func (s *sealer) open(purpose string, sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return "", ErrDecrypt
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(purpose))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}
