package wawpredis_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
	"github.com/wawp-go/wawp/wawptest"
)

// A replica deduplicates through Redis: a delivery Wawp makes twice,
// whichever replica receives each copy, runs the callback once.
func ExampleNewDeduplicator() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()
	dedup, err := wawpredis.NewDeduplicator(rdb, wawpredis.DedupOptions{Prefix: "example-dedup:"})
	if err != nil {
		fmt.Println(err)
		return
	}
	handler, err := wawp.NewWebhookHandler("webhook-secret", wawp.WithDeduplicator(dedup))
	if err != nil {
		fmt.Println(err)
		return
	}
	handler.OnMessage(func(_ context.Context, e *wawp.Event, m *wawp.Message) error {
		fmt.Println("handled", e.ID+":", m.Body)
		return nil
	})

	body := []byte(`{"id":"evt_1","event":"message","session":"default","payload":{"id":"msg_1","body":"hello"}}`)
	for range 2 {
		req := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
		req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, "webhook-secret", wawp.AlgorithmSHA512))
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Println("answered", rec.Code)
	}
	// Output:
	// handled evt_1: hello
	// answered 200
	// answered 200
}

// Every replica's client draws each instance's sends from one budget.
func ExampleLimiter_For() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()
	lim, err := wawpredis.NewLimiter(rdb, wawpredis.Rate{Events: 20, Per: time.Second, Burst: 5},
		wawpredis.LimiterOptions{Prefix: "example-rate:"})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client(wawp.WithInstanceRateLimiter(lim.For))

	msg, err := client.Messages.SendText(context.Background(), "447441429009", wawp.SendTextParams{Text: "paced"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sent:", msg.Body)
	// Output:
	// sent: paced
}

// The receiving replica stores each delivery and answers at once; a worker,
// here in the same process, runs the callbacks.
func ExampleInbox() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()
	inbox, err := wawpredis.NewInbox(rdb, wawpredis.InboxOptions{Prefix: "example-inbox:"})
	if err != nil {
		fmt.Println(err)
		return
	}
	receiver, err := wawp.NewWebhookHandler("webhook-secret", wawp.WithEventQueue(inbox))
	if err != nil {
		fmt.Println(err)
		return
	}
	dedup, err := wawpredis.NewDeduplicator(rdb, wawpredis.DedupOptions{Prefix: "example-inbox:"})
	if err != nil {
		fmt.Println(err)
		return
	}
	worker, err := wawp.NewWebhookHandler("webhook-secret", wawp.WithDeduplicator(dedup))
	if err != nil {
		fmt.Println(err)
		return
	}
	handled := make(chan string)
	worker.OnMessage(func(_ context.Context, _ *wawp.Event, m *wawp.Message) error {
		handled <- m.Body
		return nil
	})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go func() { _ = inbox.Run(ctx, worker) }()

	body := []byte(`{"id":"evt_2","event":"message","session":"default","payload":{"id":"msg_2","body":"queued"}}`)
	req := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
	req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, "webhook-secret", wawp.AlgorithmSHA512))
	rec := httptest.NewRecorder()
	receiver.ServeHTTP(rec, req)
	fmt.Println("answered", rec.Code)
	fmt.Println("worker handled:", <-handled)
	// Output:
	// answered 200
	// worker handled: queued
}
