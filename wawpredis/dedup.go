package wawpredis

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wawp-go/wawp"
)

// Deduplicator defaults.
const (
	// DefaultPrefix starts every key the module writes.
	DefaultPrefix = "wawp:"
	// DefaultLease is how long a claim outlives the process holding it.
	DefaultLease = 30 * time.Second
	// DefaultRetention is how long a processed event ID is remembered.
	DefaultRetention = 24 * time.Hour
)

// cleanupTimeout bounds Done and Release when the caller's context is
// already cancelled: a worker being stopped must still give its claim back,
// or the event waits for the lease to expire.
const cleanupTimeout = 5 * time.Second

// minLease keeps the renewal period, a third of the lease, at least the
// millisecond that Redis expiries count in.
const minLease = 3 * time.Millisecond

// doneValue marks a processed event; claim tokens are hex and never equal it.
const doneValue = "done"

// DedupOptions configures a Deduplicator. The zero value uses the defaults.
type DedupOptions struct {
	// Prefix starts every key (DefaultPrefix when empty).
	Prefix string
	// Lease is how long a claim lasts without its holder: the holder renews
	// it while the callbacks run, so a claim whose process died expires
	// within Lease and a redelivery is processed (DefaultLease when zero).
	// It must be shorter than the inbox's MinIdle (see InboxOptions).
	Lease time.Duration
	// Retention is how long a processed event ID is remembered, which
	// should cover Wawp's redelivery window (DefaultRetention when zero).
	Retention time.Duration
}

// Deduplicator is a wawp.Deduplicator whose claims live in Redis, so that
// every replica sharing the Redis sees them. A claim is a SET NX of a
// random token with a lease that the claiming process renews while the
// callbacks run; Done replaces it with a marker kept for the retention, and
// Release deletes it only while it still holds this process's token. It is
// safe for concurrent use.
type Deduplicator struct {
	rdb       redis.UniversalClient
	prefix    string
	lease     time.Duration
	retention time.Duration

	mu     sync.Mutex
	claims map[string]*claim
}

// claim is one event ID this process holds, renewed until Done or Release.
type claim struct {
	token string
	stop  chan struct{}
}

var _ wawp.Deduplicator = (*Deduplicator)(nil)

// NewDeduplicator returns a Deduplicator on rdb. A nil rdb, a negative
// duration in opts or a lease under 3ms is reported as a
// *wawp.ValidationError.
func NewDeduplicator(rdb redis.UniversalClient, opts DedupOptions) (*Deduplicator, error) {
	if rdb == nil {
		return nil, &wawp.ValidationError{Field: "redis client", Reason: "must not be nil"}
	}
	if opts.Lease < 0 || (opts.Lease > 0 && opts.Lease < minLease) {
		return nil, &wawp.ValidationError{Field: "lease", Reason: "must be zero or at least 3ms"}
	}
	if opts.Retention < 0 {
		return nil, &wawp.ValidationError{Field: "retention", Reason: "must not be negative"}
	}
	return &Deduplicator{
		rdb:       rdb,
		prefix:    cmp.Or(opts.Prefix, DefaultPrefix),
		lease:     cmp.Or(opts.Lease, DefaultLease),
		retention: cmp.Or(opts.Retention, DefaultRetention),
		claims:    map[string]*claim{},
	}, nil
}

// Claim takes id for this process. It reports false when id was processed
// within the retention or another delivery holds it now.
func (d *Deduplicator) Claim(ctx context.Context, id string) (bool, error) {
	token, err := newToken()
	if err != nil {
		return false, err
	}
	claimed, err := d.rdb.SetNX(ctx, d.key(id), token, d.lease).Result()
	if err != nil {
		return false, fmt.Errorf("wawpredis: claim event %s: %w", id, err)
	}
	if !claimed {
		return false, nil
	}
	c := &claim{token: token, stop: make(chan struct{})}
	d.mu.Lock()
	d.claims[id] = c
	d.mu.Unlock()
	go d.renew(id, c)
	return true, nil
}

// Done remembers id as processed for the retention, whoever holds it now.
func (d *Deduplicator) Done(ctx context.Context, id string) error {
	d.forget(id)
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	if err := d.rdb.Set(ctx, d.key(id), doneValue, d.retention).Err(); err != nil {
		return fmt.Errorf("wawpredis: mark event %s done: %w", id, err)
	}
	return nil
}

// Release gives up this process's claim of id so that the next delivery is
// processed. It leaves alone a claim this process does not hold, such as
// one taken by another replica after this one's lease expired.
func (d *Deduplicator) Release(ctx context.Context, id string) error {
	c := d.forget(id)
	if c == nil {
		return nil
	}
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	if err := releaseScript.Run(ctx, d.rdb, []string{d.key(id)}, c.token).Err(); err != nil {
		return fmt.Errorf("wawpredis: release event %s: %w", id, err)
	}
	return nil
}

// releaseScript deletes a claim only while it holds the caller's token.
var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// renewScript extends a claim only while it holds the caller's token.
var renewScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`)

// renew extends the claim every third of the lease until it is given up or
// lost, so that a slow callback keeps it while a dead process does not.
func (d *Deduplicator) renew(id string, c *claim) {
	ticker := time.NewTicker(d.lease / 3)
	defer ticker.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-ticker.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), d.lease/3)
		held, err := renewScript.Run(ctx, d.rdb, []string{d.key(id)}, c.token, d.lease.Milliseconds()).Int()
		cancel()
		if (err == nil && held == 0) || errors.Is(err, redis.ErrClosed) {
			return
		}
	}
}

// forget stops renewing id and returns its claim, or nil when this process
// does not hold it.
func (d *Deduplicator) forget(id string) *claim {
	d.mu.Lock()
	c := d.claims[id]
	delete(d.claims, id)
	d.mu.Unlock()
	if c != nil {
		close(c.stop)
	}
	return c
}

func (d *Deduplicator) key(id string) string { return d.prefix + "dedup:" + id }

// cleanupContext keeps ctx's values but not its cancellation, within
// cleanupTimeout.
func cleanupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
}

// newToken returns a random hex string that identifies one claim or consumer.
func newToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("wawpredis: random token: %w", err)
	}
	return hex.EncodeToString(b), nil
}
