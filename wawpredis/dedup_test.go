package wawpredis_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
)

func newDedup(tb testing.TB, s *redisServer, opts wawpredis.DedupOptions) *wawpredis.Deduplicator {
	tb.Helper()
	d, err := wawpredis.NewDeduplicator(s.client(tb), opts)
	require.NoError(tb, err)
	return d
}

// Three replicas, each with its own Deduplicator and Redis connection,
// receive every event several times in a random order, concurrently: each
// event's callback runs exactly once.
func TestReplicasRunEachEventOnce(t *testing.T) {
	s := startRedis(t)
	counter := newEventCounter()
	replicas := make([]*wawp.WebhookHandler, 3)
	for i := range replicas {
		replicas[i] = countingHandler(t, newDedup(t, s, wawpredis.DedupOptions{}), counter)
	}
	const events, copies = 200, 5
	bodies := make(map[string][]byte, events)
	var deliveries []string
	for i := range events {
		id := fmt.Sprintf("evt_replica_%03d", i)
		bodies[id] = eventBody(t, id)
		for range copies {
			deliveries = append(deliveries, id)
		}
	}
	rand.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })

	work := make(chan string)
	statuses := make(chan int, len(deliveries))
	var wg sync.WaitGroup
	for range 24 {
		wg.Go(func() {
			for id := range work {
				req, err := signedRequest(t.Context(), "/webhook", bodies[id])
				if !assert.NoError(t, err) {
					continue
				}
				rec := httptest.NewRecorder()
				replicas[rand.IntN(len(replicas))].ServeHTTP(rec, req)
				statuses <- rec.Code
			}
		})
	}
	for _, id := range deliveries {
		work <- id
	}
	close(work)
	wg.Wait()
	close(statuses)

	for status := range statuses {
		require.Equal(t, http.StatusOK, status)
	}
	runs := counter.snapshot()
	require.Len(t, runs, events)
	for id := range bodies {
		assert.Equal(t, 1, runs[id], "callback runs of %s", id)
	}
}

// A claim whose holder died (its connection gone, so nothing renews it)
// expires with its lease, and the redelivery is processed.
func TestLeaseExpiryLetsRedeliveryThrough(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	lease := 200 * time.Millisecond
	dyingClient := s.client(t)
	dying, err := wawpredis.NewDeduplicator(dyingClient, wawpredis.DedupOptions{Lease: lease})
	require.NoError(t, err)
	other := newDedup(t, s, wawpredis.DedupOptions{Lease: lease})

	claimed, err := dying.Claim(ctx, "evt_lease")
	require.NoError(t, err)
	require.True(t, claimed)
	require.NoError(t, dyingClient.Close())

	claimed, err = other.Claim(ctx, "evt_lease")
	require.NoError(t, err)
	assert.False(t, claimed, "a live claim must hold off a redelivery")

	require.Eventually(t, func() bool {
		claimed, err := other.Claim(ctx, "evt_lease")
		return err == nil && claimed
	}, 5*lease, 20*time.Millisecond, "the redelivery must be claimable once the lease expired")
}

// A live holder renews its claim, so a callback slower than the lease is
// not run a second time by a redelivery.
func TestClaimOutlivesLeaseWhileHolderLives(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	lease := 150 * time.Millisecond
	holder := newDedup(t, s, wawpredis.DedupOptions{Lease: lease})
	other := newDedup(t, s, wawpredis.DedupOptions{Lease: lease})

	claimed, err := holder.Claim(ctx, "evt_slow")
	require.NoError(t, err)
	require.True(t, claimed)
	time.Sleep(4 * lease)
	claimed, err = other.Claim(ctx, "evt_slow")
	require.NoError(t, err)
	assert.False(t, claimed)

	require.NoError(t, holder.Done(ctx, "evt_slow"))
	claimed, err = other.Claim(ctx, "evt_slow")
	require.NoError(t, err)
	assert.False(t, claimed, "a processed event must not be claimed again")
}

// Done keeps the event ID for the retention.
func TestDoneKeepsIDForRetention(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	d := newDedup(t, s, wawpredis.DedupOptions{Prefix: "bot:", Retention: time.Hour})
	claimed, err := d.Claim(ctx, "evt_done")
	require.NoError(t, err)
	require.True(t, claimed)
	require.NoError(t, d.Done(ctx, "evt_done"))

	rdb := s.client(t)
	assert.Equal(t, "done", rdb.Get(ctx, "bot:dedup:evt_done").Val())
	ttl := rdb.TTL(ctx, "bot:dedup:evt_done").Val()
	assert.InDelta(t, time.Hour.Seconds(), ttl.Seconds(), 5)
}

// Release removes only the releasing process's own claim.
func TestReleaseOnlyByHolder(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	holder := newDedup(t, s, wawpredis.DedupOptions{})
	other := newDedup(t, s, wawpredis.DedupOptions{})

	claimed, err := holder.Claim(ctx, "evt_release")
	require.NoError(t, err)
	require.True(t, claimed)

	require.NoError(t, other.Release(ctx, "evt_release"))
	claimed, err = other.Claim(ctx, "evt_release")
	require.NoError(t, err)
	assert.False(t, claimed, "a release by a process that does not hold the claim must not free it")

	require.NoError(t, holder.Release(ctx, "evt_release"))
	claimed, err = other.Claim(ctx, "evt_release")
	require.NoError(t, err)
	assert.True(t, claimed, "the holder's release must free the claim")
}

// A holder whose claim was taken over (its lease expired and another
// process claimed the event) leaves the new claim alone on Release.
func TestReleaseAfterTakeoverKeepsNewClaim(t *testing.T) {
	s := startRedis(t)
	ctx := t.Context()
	rdb := s.client(t)
	holder := newDedup(t, s, wawpredis.DedupOptions{})
	claimed, err := holder.Claim(ctx, "evt_taken")
	require.NoError(t, err)
	require.True(t, claimed)

	require.NoError(t, rdb.Set(ctx, "wawp:dedup:evt_taken", "another-holder", time.Minute).Err())
	require.NoError(t, holder.Release(ctx, "evt_taken"))
	assert.Equal(t, "another-holder", rdb.Get(ctx, "wawp:dedup:evt_taken").Val())
}

// Release still frees the claim when the caller's context is already
// cancelled, as it is for a worker being stopped.
func TestReleaseWithCancelledContext(t *testing.T) {
	s := startRedis(t)
	holder := newDedup(t, s, wawpredis.DedupOptions{})
	claimed, err := holder.Claim(t.Context(), "evt_cancel")
	require.NoError(t, err)
	require.True(t, claimed)

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	require.NoError(t, holder.Release(cancelled, "evt_cancel"))
	assert.Zero(t, s.client(t).Exists(t.Context(), "wawp:dedup:evt_cancel").Val())
}

func TestNewDeduplicatorRejectsBadOptions(t *testing.T) {
	s := startRedis(t)
	for name, opts := range map[string]wawpredis.DedupOptions{
		"lease":     {Lease: -time.Second},
		"retention": {Retention: -time.Second},
	} {
		_, err := wawpredis.NewDeduplicator(s.client(t), opts)
		var verr *wawp.ValidationError
		require.ErrorAs(t, err, &verr, name)
		assert.Equal(t, name, verr.Field)
	}
	_, err := wawpredis.NewDeduplicator(s.client(t), wawpredis.DedupOptions{Lease: time.Millisecond})
	var verr *wawp.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "lease", verr.Field)
	_, err = wawpredis.NewDeduplicator(nil, wawpredis.DedupOptions{})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "redis client", verr.Field)
}
