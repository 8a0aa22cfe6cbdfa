package wawpredis_test

// The Redis block of the core module's README.md, compiled and run; the
// core's TestREADMEGoBlocksAreHere checks that it stands here word for word.

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
	"github.com/wawp-go/wawp/wawptest"
)

// runReplica receives deliveries on ln and works through them until ctx
// ends. Every replica runs it against the same Redis.
func runReplica(ctx context.Context, rdb *redis.Client, ln net.Listener, secret string) error {
	// One send budget per WhatsApp number, shared by every replica.
	lim, err := wawpredis.NewLimiter(rdb, wawpredis.Rate{Events: 20, Per: time.Minute, Burst: 5}, wawpredis.LimiterOptions{})
	if err != nil {
		return err
	}
	client, err := wawp.NewClientFromEnv(wawp.WithInstanceRateLimiter(lim.For))
	if err != nil {
		return err
	}

	// Receiving: store each verified delivery and answer Wawp at once.
	inbox, err := wawpredis.NewInbox(rdb, wawpredis.InboxOptions{})
	if err != nil {
		return err
	}
	receiver, err := wawp.NewWebhookHandler(secret, wawp.WithEventQueue(inbox))
	if err != nil {
		return err
	}
	server := &http.Server{Handler: receiver}
	go func() { _ = server.Serve(ln) }() // it ends with ErrServerClosed when closed below
	defer server.Close()

	// Working: run the callbacks, each event once across every replica.
	dedup, err := wawpredis.NewDeduplicator(rdb, wawpredis.DedupOptions{})
	if err != nil {
		return err
	}
	worker, err := wawp.NewWebhookHandler(secret, wawp.WithDeduplicator(dedup))
	if err != nil {
		return err
	}
	worker.OnMessage(func(ctx context.Context, e *wawp.Event, m *wawp.Message) error {
		_, err := client.Messages.SendText(ctx, m.From, wawp.SendTextParams{Text: "Hello!"})
		return err // an error retries the event with backoff, then dead-letters it
	})
	return inbox.Run(ctx, worker)
}

func TestREADMERunReplica(t *testing.T) {
	rdb := startRedis(t).client(t)
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runReplica(ctx, rdb, ln, "s3cret") }()

	require.NoError(t, srv.SetWebhook("http://"+ln.Addr().String()+"/", "s3cret"))
	_, err = srv.Receive("447441429009@c.us", "hi")
	require.NoError(t, err)
	require.NoError(t, srv.WaitIdle(ctx))
	require.Eventually(t, func() bool {
		for _, m := range srv.Sent() {
			if m.Body == "Hello!" {
				return true
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond, "a worker answers the queued message")
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
}
