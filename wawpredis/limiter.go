package wawpredis

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wawp-go/wawp"
)

// Rate is a send budget: Events per Per on average, and at most Burst at
// once after a quiet spell.
type Rate struct {
	// Events is how many sends Per allows; it must be positive.
	Events int
	// Per is the period Events are spread over; it must be positive, and
	// Per/Events at least a microsecond, the unit the limiter counts in.
	Per time.Duration
	// Burst is how many sends may go at once after a quiet spell (1 when
	// zero); it must not be negative.
	Burst int
}

// LimiterOptions configures a Limiter. The zero value uses the defaults.
type LimiterOptions struct {
	// Prefix starts every key (DefaultPrefix when empty).
	Prefix string
}

// Limiter hands out one shared budget per WhatsApp instance: every process
// whose limiter names the same instance, Redis and prefix draws from the
// same budget. The decision is one Lua script run on Redis's clock (the
// generic cell rate algorithm), so that the clocks of the processes do not
// matter and concurrent callers never overspend. It is safe for concurrent
// use.
type Limiter struct {
	rdb      redis.UniversalClient
	prefix   string
	interval time.Duration
	burst    int
}

// NewLimiter returns a Limiter that gives each instance the budget r. A nil
// rdb or a bad r is reported as a *wawp.ValidationError.
func NewLimiter(rdb redis.UniversalClient, r Rate, opts LimiterOptions) (*Limiter, error) {
	if rdb == nil {
		return nil, &wawp.ValidationError{Field: "redis client", Reason: "must not be nil"}
	}
	if r.Events <= 0 || r.Per <= 0 {
		return nil, &wawp.ValidationError{Field: "rate", Reason: "events and period must be positive"}
	}
	interval := r.Per / time.Duration(r.Events)
	if interval < time.Microsecond {
		return nil, &wawp.ValidationError{Field: "rate", Reason: "must allow at most one event per microsecond"}
	}
	if r.Burst < 0 {
		return nil, &wawp.ValidationError{Field: "burst", Reason: "must not be negative"}
	}
	return &Limiter{rdb: rdb, prefix: cmp.Or(opts.Prefix, DefaultPrefix), interval: interval, burst: max(r.Burst, 1)}, nil
}

// For returns the limiter of one instance. Its signature is a
// wawp.RateLimiterFunc, so that wawp.WithInstanceRateLimiter(lim.For)
// paces every instance a client acts for.
func (l *Limiter) For(instanceID string) wawp.RateLimiter {
	return &instanceLimiter{limiter: l, key: l.prefix + "rate:" + instanceID}
}

// instanceLimiter is the budget of one instance.
type instanceLimiter struct {
	limiter *Limiter
	key     string
}

// gcraScript spends one unit of a budget if it can. The key holds the
// theoretical arrival time (TAT) in microseconds of Redis's clock: each
// grant moves it one interval on, and a request is granted while the TAT
// stays within burst intervals of now. It returns 0 for a grant, or how
// many microseconds to wait before asking again.
var gcraScript = redis.NewScript(`
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call("GET", KEYS[1])) or now
if tat < now then
	tat = now
end
local next_tat = tat + interval
local allowed_at = next_tat - burst * interval
if now < allowed_at then
	return allowed_at - now
end
redis.call("SET", KEYS[1], string.format("%.0f", next_tat), "PX", math.ceil((next_tat - now) / 1000) + 1)
return 0`)

// Wait blocks until the instance's budget allows one send, or until ctx is
// done, in which case it returns an error that wraps ctx.Err(). A Redis
// failure is returned too, so that the send is not made unpaced.
func (il *instanceLimiter) Wait(ctx context.Context) error {
	l := il.limiter
	args := []any{l.interval.Microseconds(), l.burst}
	for {
		wait, err := gcraScript.Run(ctx, l.rdb, []string{il.key}, args...).Int64()
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return fmt.Errorf("wawpredis: rate limit wait: %w", ctxErr)
			}
			return fmt.Errorf("wawpredis: rate limit: %w", err)
		}
		if wait == 0 {
			return nil
		}
		if err := sleep(ctx, time.Duration(wait)*time.Microsecond); err != nil {
			return fmt.Errorf("wawpredis: rate limit wait: %w", err)
		}
	}
}

// sleep waits for d or until ctx is done, returning ctx.Err() then.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
