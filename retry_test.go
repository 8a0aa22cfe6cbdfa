package wawp

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordWaits replaces the client's sleep with one that records each delay.
func recordWaits(c *Client) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	c.wait = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		return ctx.Err()
	}
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), waits...)
	}
}

// failThen answers failures with status, then succeeds with body.
func failThen(failures int32, status int, header http.Header, body string) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) <= failures {
			for k, v := range header {
				w.Header()[k] = v
			}
			w.WriteHeader(status)
			return
		}
		_, _ = w.Write([]byte(body))
	}
}

func TestReadRetriedOn503(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t)
	waits := recordWaits(c)
	ts.handle(failThen(2, http.StatusServiceUnavailable, nil, string(fixture(t, "sessions/info.json"))))
	s, err := c.Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Equal(t, SessionWorking, s.Status)
	assert.Equal(t, 3, ts.count())
	got := waits()
	require.Len(t, got, 2)
	assert.LessOrEqual(t, got[0], time.Millisecond, "first backoff stays under the base delay")
	assert.LessOrEqual(t, got[1], 2*time.Millisecond, "second backoff stays under twice the base delay")
}

func TestReadGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t)
	ts.reply(http.StatusBadGateway, `{"statusCode":502,"message":"down","error":"Bad Gateway"}`)
	_, err := c.Sessions.Info(context.Background())
	require.ErrorIs(t, err, ErrUpstream)
	assert.Equal(t, 3, ts.count())
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Minute}))
	waits := recordWaits(c)
	ts.handle(failThen(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"7"}}, string(fixture(t, "sessions/info.json"))))
	_, err := c.Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, ts.count())
	assert.Equal(t, []time.Duration{7 * time.Second}, waits())
}

func TestRetryAfterBeyondMaxDelayIsNotAwaited(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second}))
	waits := recordWaits(c)
	ts.setHeader("Retry-After", "3600")
	ts.reply(http.StatusTooManyRequests, `{"code":"rate_limited","message":"slow down","data":{"status":429}}`)
	_, err := c.Sessions.Info(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.Equal(t, 1, ts.count())
	assert.Empty(t, waits())
}

func TestSendRetriedOn429(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Minute}))
	waits := recordWaits(c)
	ts.handle(failThen(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"2"}}, `{"code":"ABCD-1234"}`))
	code, err := c.Auth.RequestCode(context.Background(), "447441429009")
	require.NoError(t, err)
	assert.Equal(t, "ABCD-1234", code.Code)
	assert.Equal(t, 2, ts.count(), "429 means the server refused the send, so it is safe to repeat")
	assert.Equal(t, []time.Duration{2 * time.Second}, waits())
}

func TestSendNotRetriedOnAmbiguousStatus(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusInternalServerError} {
		c, ts := newWireTestClient(t)
		ts.reply(status, "")
		_, err := c.Auth.RequestCode(context.Background(), "447441429009")
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Equal(t, 1, ts.count(), "a POST send answered %d is never repeated", status)
	}
}

func TestSendNotRetriedAfterTimeoutOnceWritten(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, err := NewClient(testInstance, testToken, WithBaseURL(srv.URL), WithTimeout(50*time.Millisecond),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)

	_, err = c.Auth.RequestCode(context.Background(), "447441429009")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	var netErr net.Error
	require.ErrorAs(t, err, &netErr)
	assert.True(t, netErr.Timeout())
	assert.Equal(t, int32(1), seen.Load(), "the server saw the send once and must not see it again")

	// The same failure on a read is retried.
	_, err = c.Sessions.Info(context.Background())
	require.Error(t, err)
	assert.Equal(t, int32(4), seen.Load(), "three attempts for the read")
}

func TestSendRetriedAfterDialError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"code":"ABCD-1234"}`))
	}))
	t.Cleanup(srv.Close)
	var dials atomic.Int32
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
	c, err := NewClient(testInstance, testToken, WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: transport}),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)
	code, err := c.Auth.RequestCode(context.Background(), "447441429009")
	require.NoError(t, err, "a send that never reached the server is safe to retry")
	assert.Equal(t, "ABCD-1234", code.Code)
	assert.Equal(t, int32(2), dials.Load())
}

func TestCancelEndsBackoffWaitAtOnce(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan struct{})
	c.wait = func(ctx context.Context, d time.Duration) error {
		close(waiting)
		return sleepContext(ctx, d)
	}
	go func() {
		<-waiting
		cancel()
	}()
	ts.setHeader("Retry-After", "1800")
	ts.reply(http.StatusServiceUnavailable, "")
	start := time.Now()
	_, err := c.Sessions.Info(ctx)
	require.ErrorIs(t, err, context.Canceled)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the last server answer stays available")
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.Less(t, time.Since(start), 10*time.Second, "the half-hour wait ended with the context")
	assert.Equal(t, 1, ts.count())
}

func TestCancelledContextBeforeSend(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Sessions.Info(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, ts.count())
}

type countingLimiter struct{ calls atomic.Int32 }

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.calls.Add(1)
	return ctx.Err()
}

type refusingLimiter struct{}

func (refusingLimiter) Wait(context.Context) error { return errors.New("budget exhausted") }

func TestRateLimiterPacesSendsOnly(t *testing.T) {
	t.Parallel()
	limiter := &countingLimiter{}
	c, ts := newWireTestClient(t, WithRateLimiter(limiter))
	ts.reply(http.StatusOK, `{"id":"true_447441429009@c.us_AAAA","code":"ABCD-1234","name":"x","status":"WORKING"}`)
	_, err := c.Messages.SendText(context.Background(), "447441429009", SendTextParams{Text: "hi"})
	require.NoError(t, err)
	_, err = c.Auth.RequestCode(context.Background(), "447441429009")
	require.NoError(t, err)
	_, err = c.Sessions.Info(context.Background())
	require.NoError(t, err)
	_, err = c.Sessions.Start(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int32(1), limiter.calls.Load(), "only the send waits for the limiter")

	refused, ts2 := newWireTestClient(t, WithRateLimiter(refusingLimiter{}))
	_, err = refused.Messages.SendText(context.Background(), "447441429009", SendTextParams{Text: "hi"})
	require.ErrorContains(t, err, "budget exhausted")
	assert.Equal(t, 0, ts2.count())
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: 400 * time.Millisecond}
	for range 200 {
		assert.LessOrEqual(t, p.backoff(1), 100*time.Millisecond)
		assert.LessOrEqual(t, p.backoff(2), 200*time.Millisecond)
		assert.LessOrEqual(t, p.backoff(9), 400*time.Millisecond)
		assert.GreaterOrEqual(t, p.backoff(9), time.Duration(0))
	}
	var spread bool
	first := p.backoff(3)
	for range 50 {
		if p.backoff(3) != first {
			spread = true
		}
	}
	assert.True(t, spread, "delays are jittered")
}

func TestNoRouteFallbackNotUsedForOtherErrors(t *testing.T) {
	t.Parallel()
	c, ts := newWireTestClient(t)
	ts.reply(http.StatusNotFound, string(fixture(t, "errors/wordpress_instance.json")))
	_, err := c.Sessions.Logout(context.Background())
	require.ErrorIs(t, err, ErrInstanceNotFound)
	assert.Equal(t, 1, ts.count(), "only rest_no_route triggers the alternate method")
}
