package wawpredis_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
)

// Timing of the inbox tests: a dead worker's delivery is reclaimed after
// testMinIdle, above one and a half times the claims' testLease.
const (
	testLease   = 100 * time.Millisecond
	testMinIdle = 300 * time.Millisecond
)

func newInbox(tb testing.TB, rdb redis.UniversalClient, opts wawpredis.InboxOptions) *wawpredis.Inbox {
	tb.Helper()
	in, err := wawpredis.NewInbox(rdb, opts)
	require.NoError(tb, err)
	return in
}

// startWorker runs in.Run in the background and returns the function that
// stops it and reports what Run returned; cleanup stops it too.
func startWorker(tb testing.TB, in *wawpredis.Inbox, h *wawp.WebhookHandler) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- in.Run(ctx, h) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-result
		})
		return err
	}
	tb.Cleanup(func() { _ = stop() })
	return stop
}

// pendingCount is how many deliveries of stream the workers hold, or -1
// before the group exists.
func pendingCount(ctx context.Context, rdb redis.UniversalClient, stream string) int64 {
	pending, err := rdb.XPending(ctx, stream, "workers").Result()
	if err != nil {
		return -1
	}
	return pending.Count
}

// A worker stopped in the middle of an event, without acknowledging it,
// leaves it pending; another worker reclaims it and runs the callback.
func TestInboxReclaimsWhatAStoppedWorkerHeld(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	rdb := s.client(t)
	opts := wawpredis.InboxOptions{MinIdle: testMinIdle}

	started := make(chan struct{})
	killed, err := wawp.NewWebhookHandler(testSecret, wawp.WithDeduplicator(newDedup(t, s, wawpredis.DedupOptions{Lease: testLease})))
	require.NoError(t, err)
	killed.OnMessage(func(ctx context.Context, _ *wawp.Event, _ *wawp.Message) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	opts.Consumer = "killed"
	stopKilled := startWorker(t, newInbox(t, rdb, opts), killed)

	receiver := newInbox(t, rdb, wawpredis.InboxOptions{})
	require.NoError(t, receiver.Enqueue(ctx, eventBody(t, "evt_reclaim")))
	<-started
	require.ErrorIs(t, stopKilled(), context.Canceled)
	pending, err := rdb.XPending(ctx, "wawp:inbox", "workers").Result()
	require.NoError(t, err)
	require.Equal(t, int64(1), pending.Count)
	require.Equal(t, map[string]int64{"killed": 1}, pending.Consumers)

	counter := newEventCounter()
	opts.Consumer = "survivor"
	startWorker(t, newInbox(t, rdb, opts), countingHandler(t, newDedup(t, s, wawpredis.DedupOptions{Lease: testLease}), counter))
	require.Eventually(t, func() bool { return counter.count("evt_reclaim") == 1 }, 5*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool {
		return rdb.XLen(ctx, "wawp:inbox").Val() == 0 && pendingCount(ctx, rdb, "wawp:inbox") == 0
	}, 2*time.Second, 10*time.Millisecond, "the processed delivery must be acknowledged and deleted")
}

// A delivery whose callback keeps failing is run MaxAttempts times and
// then moved to the dead-letter stream with its body and the reason.
func TestInboxDeadLettersAfterMaxAttempts(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	rdb := s.client(t)
	var calls atomic.Int32
	h, err := wawp.NewWebhookHandler(testSecret, wawp.WithDeduplicator(newDedup(t, s, wawpredis.DedupOptions{})))
	require.NoError(t, err)
	h.OnMessage(func(context.Context, *wawp.Event, *wawp.Message) error {
		calls.Add(1)
		return errors.New("crm unavailable")
	})
	in := newInbox(t, rdb, wawpredis.InboxOptions{Prefix: "bot:", MaxAttempts: 3, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	body := eventBody(t, "evt_dead")
	require.NoError(t, in.Enqueue(ctx, body))
	startWorker(t, in, h)

	var dead []redis.XMessage
	require.Eventually(t, func() bool {
		dead = rdb.XRange(ctx, "bot:inbox:dead", "-", "+").Val()
		return len(dead) == 1
	}, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, int32(3), calls.Load())
	assert.Equal(t, string(body), dead[0].Values["body"])
	assert.Equal(t, "3", dead[0].Values["attempts"])
	assert.Contains(t, dead[0].Values["error"], "crm unavailable")
	assert.Contains(t, dead[0].Values["error"], "evt_dead")
	assert.Zero(t, rdb.XLen(ctx, "bot:inbox").Val())
	assert.Zero(t, pendingCount(ctx, rdb, "bot:inbox"))
	assert.Zero(t, rdb.Exists(ctx, "bot:inbox:attempts").Val())
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, int32(3), calls.Load(), "a dead-lettered delivery must not run again")
}

// A failed delivery runs again after a backoff and is acknowledged once it
// succeeds, without reaching the dead-letter stream.
func TestInboxRetriesFailedDelivery(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	rdb := s.client(t)
	var calls atomic.Int32
	var times []time.Time
	h, err := wawp.NewWebhookHandler(testSecret, wawp.WithDeduplicator(newDedup(t, s, wawpredis.DedupOptions{})))
	require.NoError(t, err)
	h.OnMessage(func(context.Context, *wawp.Event, *wawp.Message) error {
		times = append(times, time.Now())
		if calls.Add(1) < 3 {
			return errors.New("try again")
		}
		return nil
	})
	in := newInbox(t, rdb, wawpredis.InboxOptions{MaxAttempts: 5, MinBackoff: 40 * time.Millisecond})
	require.NoError(t, in.Enqueue(ctx, eventBody(t, "evt_retry")))
	stop := startWorker(t, in, h)
	require.Eventually(t, func() bool {
		return calls.Load() == 3 && rdb.XLen(ctx, "wawp:inbox").Val() == 0
	}, 5*time.Second, 10*time.Millisecond)
	require.ErrorIs(t, stop(), context.Canceled)

	assert.GreaterOrEqual(t, times[1].Sub(times[0]), 40*time.Millisecond, "first backoff")
	assert.GreaterOrEqual(t, times[2].Sub(times[1]), 80*time.Millisecond, "the backoff doubles")
	assert.Zero(t, rdb.XLen(ctx, "wawp:inbox:dead").Val())
	assert.Zero(t, rdb.Exists(ctx, "wawp:inbox:attempts").Val())
}

// A slow callback keeps its delivery: the worker renews its hold, so no
// other worker reclaims it while it runs.
func TestInboxSlowCallbackIsNotReclaimed(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	rdb := s.client(t)
	counter := newEventCounter()
	dedup := newDedup(t, s, wawpredis.DedupOptions{Lease: testLease})
	h, err := wawp.NewWebhookHandler(testSecret, wawp.WithDeduplicator(dedup))
	require.NoError(t, err)
	h.OnMessage(func(_ context.Context, e *wawp.Event, _ *wawp.Message) error {
		time.Sleep(4 * testMinIdle)
		counter.add(e.ID)
		return nil
	})
	require.NoError(t, newInbox(t, rdb, wawpredis.InboxOptions{}).Enqueue(ctx, eventBody(t, "evt_slow_worker")))
	startWorker(t, newInbox(t, rdb, wawpredis.InboxOptions{MinIdle: testMinIdle, Consumer: "slow"}), h)
	require.Eventually(t, func() bool { return pendingCount(ctx, rdb, "wawp:inbox") == 1 }, time.Second, 5*time.Millisecond)

	other := newEventCounter()
	startWorker(t, newInbox(t, rdb, wawpredis.InboxOptions{MinIdle: testMinIdle, Consumer: "other"}),
		countingHandler(t, newDedup(t, s, wawpredis.DedupOptions{Lease: testLease}), other))
	require.Eventually(t, func() bool { return counter.count("evt_slow_worker") == 1 }, 5*time.Second, 10*time.Millisecond)
	time.Sleep(testMinIdle)
	assert.Empty(t, other.snapshot(), "the other worker must not take over a live worker's delivery")
	assert.Zero(t, rdb.XLen(ctx, "wawp:inbox").Val())
}

// A failed Enqueue makes the receiving handler answer 503, so that Wawp
// delivers again; a stored one answers 200 at once.
func TestEnqueueFailureAnswers503(t *testing.T) {
	s := startRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: s.addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { _ = rdb.Close() })
	h, err := wawp.NewWebhookHandler(testSecret, wawp.WithEventQueue(newInbox(t, rdb, wawpredis.InboxOptions{})))
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	status, err := post(t.Context(), srv.Client(), srv.URL, eventBody(t, "evt_stored"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	entries := rdb.XRange(t.Context(), "wawp:inbox", "-", "+").Val()
	require.Len(t, entries, 1)
	assert.Equal(t, string(eventBody(t, "evt_stored")), entries[0].Values["body"])

	s.kill()
	status, err = post(t.Context(), srv.Client(), srv.URL, eventBody(t, "evt_lost"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, status)
}

// With append-only persistence, a Redis that crashes and restarts in the
// middle of a run loses no delivery the receiver answered 2xx for: the
// workers process every one of them.
func TestNoAcceptedDeliveryLostAcrossRedisRestart(t *testing.T) {
	s := startRedis(t, "--appendonly", "yes", "--appendfsync", "always")
	newClient := func() *redis.Client {
		rdb := redis.NewClient(&redis.Options{Addr: s.addr, DialTimeout: 200 * time.Millisecond, MaxRetries: 1})
		t.Cleanup(func() { _ = rdb.Close() })
		return rdb
	}
	receiver, err := wawp.NewWebhookHandler(testSecret, wawp.WithEventQueue(newInbox(t, newClient(), wawpredis.InboxOptions{})))
	require.NoError(t, err)
	srv := httptest.NewServer(receiver)
	defer srv.Close()

	counter := newEventCounter()
	for i := range 2 {
		rdb := newClient()
		dedup, err := wawpredis.NewDeduplicator(rdb, wawpredis.DedupOptions{Lease: testLease})
		require.NoError(t, err)
		startWorker(t, newInbox(t, rdb, wawpredis.InboxOptions{MinIdle: testMinIdle, Consumer: fmt.Sprintf("worker-%d", i)}),
			countingHandler(t, dedup, counter))
	}

	const events = 600
	var mu sync.Mutex
	var accepted []string
	refused := 0
	ids := make(chan string)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id := range ids {
				status, err := post(t.Context(), srv.Client(), srv.URL, eventBody(t, id))
				mu.Lock()
				if err == nil && status == http.StatusOK {
					accepted = append(accepted, id)
				} else {
					refused++
				}
				mu.Unlock()
			}
		})
	}
	restarted := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		s.kill()
		time.Sleep(400 * time.Millisecond)
		restarted <- s.start()
	}()
	began := time.Now()
	for i := range events {
		ids <- fmt.Sprintf("evt_restart_%03d", i)
		time.Sleep(2 * time.Millisecond)
	}
	close(ids)
	wg.Wait()
	require.NoError(t, <-restarted)
	t.Logf("%d deliveries accepted, %d refused while Redis was down, in %v", len(accepted), refused, time.Since(began))
	require.Greater(t, len(accepted), events/2)

	require.Eventually(t, func() bool {
		for _, id := range accepted {
			if counter.count(id) == 0 {
				return false
			}
		}
		return true
	}, 20*time.Second, 50*time.Millisecond, "every delivery answered 200 must be processed")
	t.Logf("all processed %v after the first delivery", time.Since(began))
}

func TestNewInboxRejectsBadOptions(t *testing.T) {
	s := startRedis(t)
	for field, opts := range map[string]wawpredis.InboxOptions{
		"min idle":     {MinIdle: time.Millisecond},
		"max attempts": {MaxAttempts: -1},
		"backoff":      {MinBackoff: time.Second, MaxBackoff: time.Millisecond},
		"batch":        {Batch: -1},
	} {
		_, err := wawpredis.NewInbox(s.client(t), opts)
		var verr *wawp.ValidationError
		require.ErrorAs(t, err, &verr, field)
		assert.Equal(t, field, verr.Field)
	}
	in := newInbox(t, s.client(t), wawpredis.InboxOptions{})
	assert.Regexp(t, `-\d+-[0-9a-f]{8}$`, in.Consumer())
	var verr *wawp.ValidationError
	require.ErrorAs(t, in.Run(t.Context(), nil), &verr)
	assert.Equal(t, "handler", verr.Field)
}
