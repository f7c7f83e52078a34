package order

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"dangjian/internal/apperr"
	"dangjian/internal/audit"
	"dangjian/internal/clock"
	"dangjian/internal/db"
)

// Client is an Open311 API client (a hotline system, a WeChat mini
// program, 商鹿通). Its key is shown once, when it is made; only a hash is
// kept.
type Client struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	KeyPrefix string    `json:"key_prefix"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

func hashKey(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:])
}

// NewClient makes a client and returns its key. A fixed key (the demo's)
// may be given; otherwise a random one is made.
func NewClient(ctx context.Context, d *db.DB, name, key string) (Client, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 60 {
		return Client{}, "", apperr.InvalidField("name", "err.name_length")
	}
	if key == "" {
		b := make([]byte, 20)
		_, _ = rand.Read(b)
		key = "dj_" + hex.EncodeToString(b)
	}
	if len(key) < 16 {
		return Client{}, "", apperr.InvalidField("key", "err.order.api_key_short")
	}
	c := Client{Name: name, KeyPrefix: key[:8], CreatedAt: clock.Func(nil).Stamp()}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		id, err := db.InsertID(ctx, tx, `INSERT INTO api_clients (name, key_hash, key_prefix, created_at) VALUES (?,?,?,?)`,
			c.Name, hashKey(key), c.KeyPrefix, c.CreatedAt)
		if errors.Is(err, db.ErrUnique) {
			return apperr.InvalidField("key", "err.code_taken").With("code", c.KeyPrefix)
		} else if err != nil {
			return apperr.Wrap(err, "api client")
		}
		c.ID = id
		return audit.Record(ctx, tx, "api_client.create", "api_client", id, map[string]any{"name": c.Name, "key_prefix": c.KeyPrefix})
	})
	return c, key, err
}

// ClientByKey returns the enabled client a key belongs to, or an
// unauthorized error.
func ClientByKey(ctx context.Context, q db.Querier, key string) (Client, error) {
	if key == "" {
		return Client{}, apperr.ErrUnauthorized
	}
	var c Client
	err := q.QueryRowContext(ctx, `SELECT id, name, key_prefix, disabled, created_at FROM api_clients WHERE key_hash = ?`, hashKey(key)).
		Scan(&c.ID, &c.Name, &c.KeyPrefix, &c.Disabled, &c.CreatedAt)
	if errors.Is(db.Normalize(err), db.ErrNoRows) || (err == nil && c.Disabled) {
		return Client{}, apperr.ErrUnauthorized
	}
	return c, apperr.Wrap(err, "api client")
}

// Clients lists the API clients.
func Clients(ctx context.Context, q db.Querier) ([]Client, error) {
	var out []Client
	err := db.Each(ctx, q, `SELECT id, name, key_prefix, disabled, created_at FROM api_clients ORDER BY id`, nil,
		func(r db.Scanner) (Client, error) {
			var c Client
			return c, r.Scan(&c.ID, &c.Name, &c.KeyPrefix, &c.Disabled, &c.CreatedAt)
		}, func(c Client) error { out = append(out, c); return nil })
	return out, apperr.Wrap(err, "api clients")
}
