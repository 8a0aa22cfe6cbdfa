package wawpredis_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
)

// deliveryMaker builds signed deliveries of the message fixture, each with a
// new event ID so that deduplication never short-circuits.
type deliveryMaker struct {
	template []byte
	next     atomic.Int64
}

const templateID = "evt_bench_template"

func newDeliveryMaker(tb testing.TB) *deliveryMaker {
	return &deliveryMaker{template: eventBody(tb, templateID)}
}

// make returns the next delivery and its event ID.
func (d *deliveryMaker) make() (*http.Request, string) {
	id := fmt.Sprintf("evt_bench_%d", d.next.Add(1))
	body := bytes.Replace(d.template, []byte(templateID), []byte(id), 1)
	req := httptest.NewRequest(http.MethodPost, "/webhook", bytes.NewReader(body))
	req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, testSecret, wawp.AlgorithmSHA512))
	return req, id
}

// serve hands one delivery to h and fails unless it was answered 200.
func serve(b *testing.B, h http.Handler, req *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d", rec.Code)
	}
}

// inboxPipeline is a receiving handler that queues to an inbox and workers
// that run the callback, which reports each event ID it ran on done.
type inboxPipeline struct {
	receiver *wawp.WebhookHandler
	done     chan string
}

func newInboxPipeline(b *testing.B, workers int) *inboxPipeline {
	s := startRedis(b)
	rdb := s.client(b)
	inbox, err := wawpredis.NewInbox(rdb, wawpredis.InboxOptions{})
	require.NoError(b, err)
	receiver, err := wawp.NewWebhookHandler(testSecret, wawp.WithEventQueue(inbox))
	require.NoError(b, err)
	p := &inboxPipeline{receiver: receiver, done: make(chan string, 1024)}
	for range workers {
		dedup, err := wawpredis.NewDeduplicator(rdb, wawpredis.DedupOptions{})
		require.NoError(b, err)
		worker, err := wawp.NewWebhookHandler(testSecret, wawp.WithDeduplicator(dedup))
		require.NoError(b, err)
		worker.OnMessage(func(_ context.Context, e *wawp.Event, _ *wawp.Message) error {
			p.done <- e.ID
			return nil
		})
		startWorker(b, inbox, worker)
	}
	return p
}

// BenchmarkDeliveryLatency is the time from a delivery reaching the
// handler until its callback has run, one delivery at a time: in memory
// (the handler runs the callback before answering) and through the Redis
// inbox (the handler answers once the delivery is stored; a worker reads
// it, claims its ID, runs the callback, marks it done and acknowledges it).
func BenchmarkDeliveryLatency(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		deliveries := newDeliveryMaker(b)
		h, err := wawp.NewWebhookHandler(testSecret)
		require.NoError(b, err)
		ran := 0
		h.OnMessage(func(context.Context, *wawp.Event, *wawp.Message) error {
			ran++
			return nil
		})
		for b.Loop() {
			req, _ := deliveries.make()
			serve(b, h, req)
		}
		if ran != b.N {
			b.Fatalf("callback ran %d times for %d deliveries", ran, b.N)
		}
	})
	b.Run("redis-inbox", func(b *testing.B) {
		deliveries := newDeliveryMaker(b)
		p := newInboxPipeline(b, 1)
		for b.Loop() {
			req, id := deliveries.make()
			serve(b, p.receiver, req)
			if got := <-p.done; got != id {
				b.Fatalf("worker ran %s, want %s", got, id)
			}
		}
	})
}

// BenchmarkDeliveryThroughput is how many deliveries per second the
// handler takes in and has run the callback for, with deliveries arriving
// concurrently: in memory, and through the Redis inbox with two workers.
func BenchmarkDeliveryThroughput(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		deliveries := newDeliveryMaker(b)
		h, err := wawp.NewWebhookHandler(testSecret)
		require.NoError(b, err)
		var ran atomic.Int64
		h.OnMessage(func(context.Context, *wawp.Event, *wawp.Message) error {
			ran.Add(1)
			return nil
		})
		began := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req, _ := deliveries.make()
				serve(b, h, req)
			}
		})
		b.ReportMetric(float64(ran.Load())/time.Since(began).Seconds(), "events/s")
	})
	b.Run("redis-inbox", func(b *testing.B) {
		deliveries := newDeliveryMaker(b)
		p := newInboxPipeline(b, 2)
		b.ResetTimer()
		began := time.Now()
		processed := make(chan int)
		go func() {
			n := 0
			for range b.N {
				<-p.done
				n++
			}
			processed <- n
		}()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req, _ := deliveries.make()
				serve(b, p.receiver, req)
			}
		})
		n := <-processed
		b.ReportMetric(float64(n)/time.Since(began).Seconds(), "events/s")
	})
}
