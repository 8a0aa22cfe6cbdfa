package wawp

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy says how often and how patiently a call is retried.
//
// Reads and idempotent calls (GET, PUT, DELETE, session lifecycle) are retried
// on connection errors and on 429, 502, 503 and 504. Message sends are retried
// only when the server provably never saw them (a dial error) or answered 429:
// a duplicate WhatsApp message is worse than an error.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the backoff ceiling after the first failure; it doubles
	// with every attempt, and the actual wait is drawn at random below it.
	BaseDelay time.Duration
	// MaxDelay caps each wait. A Retry-After longer than MaxDelay is not
	// waited for: the error is returned with APIError.RetryAfter set.
	MaxDelay time.Duration
}

// DefaultRetryPolicy is 3 attempts, backoff from 500 ms, waits capped at 30 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1:
		return &ValidationError{Field: "RetryPolicy.MaxAttempts", Reason: "must be at least 1"}
	case p.BaseDelay < 0:
		return &ValidationError{Field: "RetryPolicy.BaseDelay", Reason: "must not be negative"}
	case p.MaxDelay < p.BaseDelay:
		return &ValidationError{Field: "RetryPolicy.MaxDelay", Reason: "must not be below BaseDelay"}
	}
	return nil
}

// delay decides whether the failed attempt is retried and after how long.
func (p RetryPolicy) delay(req *request, attempt int, err error) (time.Duration, bool) {
	if attempt >= p.MaxAttempts || req.ctx.Err() != nil {
		return 0, false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return p.delayForStatus(req, attempt, apiErr)
	}
	var transportErr *TransportError
	if !errors.As(err, &transportErr) {
		return 0, false // a local failure, such as the rate limiter giving up
	}
	if req.ep.class.retriesAmbiguous() || neverReachedServer(err) {
		return p.backoff(attempt), true
	}
	return 0, false
}

func (p RetryPolicy) delayForStatus(req *request, attempt int, e *APIError) (time.Duration, bool) {
	switch e.StatusCode {
	case http.StatusTooManyRequests:
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !req.ep.class.retriesAmbiguous() {
			return 0, false
		}
	default:
		return 0, false
	}
	if e.RetryAfter > 0 {
		if e.RetryAfter > p.MaxDelay {
			return 0, false
		}
		return e.RetryAfter, true
	}
	return p.backoff(attempt), true
}

// backoff is exponential backoff with full jitter.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	ceiling := p.BaseDelay
	for i := 1; i < attempt && ceiling < p.MaxDelay; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.MaxDelay)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// neverReachedServer reports failures that happened before a connection
// existed, so the request cannot have been seen: dial and DNS errors.
func neverReachedServer(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// Saturate: a delay too long to represent is as good as forever,
		// and must not wrap around to a short one.
		const maxSecs = uint64(math.MaxInt64 / int64(time.Second))
		if err != nil || secs > maxSecs {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// sleepContext waits for d or until ctx ends, whichever is first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
