package wawptest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wawp-go/wawp"
)

// Values reported in every webhook envelope.
const (
	engineName    = "GOWS"
	engineVersion = "2025.11.2"
	engineTier    = "PLUS"
)

// Delivery attempts: a failed attempt (connection error or 5xx) is retried
// after a pause that doubles from firstRetryPause, at most maxAttempts tries
// in all (pauses of 50 and 100 ms).
const (
	maxAttempts     = 3
	firstRetryPause = 50 * time.Millisecond
)

// Event is a webhook event the server produced, whether or not a webhook
// was configured to receive it.
type Event struct {
	// ID is the envelope id, "evt_" and 26 lower-case letters and digits.
	ID string
	// Name is the event name, such as "message.any".
	Name string
	// Session is the session name of the instance the event belongs to.
	Session string
	// Body is the exact JSON posted, the bytes the HMAC signs.
	Body []byte
}

// Delivery is one attempt to post an event to the webhook URL.
type Delivery struct {
	// Event is the event name.
	Event string
	// ID is the envelope id, the same on every attempt of one event.
	ID string
	// Status is the receiver's HTTP status; 0 when no answer arrived.
	Status int
	// Attempt counts from 1.
	Attempt int
	// Err is the transport error; nil when an answer arrived.
	Err error
}

// envelope is the WAHA webhook envelope.
type envelope struct {
	ID          string            `json:"id"`
	Timestamp   int64             `json:"timestamp"`
	Event       string            `json:"event"`
	Session     string            `json:"session"`
	Metadata    map[string]string `json:"metadata,omitempty"`
	Engine      string            `json:"engine"`
	Me          *wawp.MeInfo      `json:"me,omitempty"`
	Payload     any               `json:"payload"`
	Environment environment       `json:"environment"`
}

type environment struct {
	Version string  `json:"version"`
	Engine  string  `json:"engine"`
	Tier    string  `json:"tier"`
	Browser *string `json:"browser"`
}

// SetWebhook makes the server post every following event to url, signed
// with hmacKey (unsigned when the key is empty). An empty url stops posting;
// events stay visible through Events. The first call starts the delivery
// goroutine, which Close stops.
func (s *Server) SetWebhook(url, hmacKey string) {
	s.hooks.configure(url, hmacKey)
}

// Deliveries returns every delivery attempt so far, in order.
func (s *Server) Deliveries() []Delivery {
	return s.hooks.attempts()
}

// Events returns every event produced so far, in order, delivered or not.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, len(s.events))
	for i, e := range s.events {
		out[i] = e
		out[i].Body = append([]byte(nil), e.Body...)
	}
	return out
}

// WaitIdle blocks until every queued event has been delivered or given up
// on, or ctx ends. Do not call it from a webhook receiver of this server:
// the receiver's own delivery would never finish.
func (s *Server) WaitIdle(ctx context.Context) error {
	if err := s.hooks.waitIdle(ctx); err != nil {
		return err
	}
	return s.v2.delivery.waitIdle(ctx)
}

// emit builds an event for inst, records it and queues it for delivery. The
// caller holds s.mu; delivery happens later, without that lock.
func (s *Server) emit(inst *instance, name string, payload any) {
	env := envelope{
		ID:          "evt_" + strings.ToLower(rand.Text()),
		Timestamp:   time.Now().UnixMilli(),
		Event:       name,
		Session:     inst.name,
		Metadata:    inst.metadata,
		Engine:      engineName,
		Payload:     payload,
		Environment: environment{Version: engineVersion, Engine: engineName, Tier: engineTier},
	}
	if inst.status == wawp.SessionWorking {
		me := inst.me
		env.Me = &me
	}
	body, err := marshal(env)
	if err != nil {
		return
	}
	ev := Event{ID: env.ID, Name: name, Session: inst.name, Body: body}
	s.events = append(s.events, ev)
	s.hooks.enqueue(ev)
	s.v2.deliver(inst, ev)
}

// queued is an event bound to the webhook that was configured when it was produced.
type queued struct {
	event    Event
	url, key string
}

// webhookQueue posts events one at a time, in order, from one goroutine.
type webhookQueue struct {
	client *http.Client
	ctx    context.Context
	cancel context.CancelFunc
	wake   chan struct{}
	done   chan struct{}

	mu         sync.Mutex
	url, key   string
	pending    []queued
	busy       bool
	idle       chan struct{} // closed while nothing is pending or in flight
	started    bool
	closed     bool
	deliveries []Delivery
}

func newWebhookQueue() *webhookQueue {
	ctx, cancel := context.WithCancel(context.Background())
	idle := make(chan struct{})
	close(idle)
	return &webhookQueue{
		client: &http.Client{Timeout: 10 * time.Second},
		ctx:    ctx,
		cancel: cancel,
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
		idle:   idle,
	}
}

func (q *webhookQueue) configure(url, key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.url, q.key = url, key
	if url != "" && !q.started && !q.closed {
		q.started = true
		go q.run()
	}
}

func (q *webhookQueue) currentURL() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.url
}

// enqueue adds an event when a webhook is configured.
func (q *webhookQueue) enqueue(ev Event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.url == "" || q.closed {
		return
	}
	if len(q.pending) == 0 && !q.busy {
		q.idle = make(chan struct{})
	}
	q.pending = append(q.pending, queued{event: ev, url: q.url, key: q.key})
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *webhookQueue) run() {
	defer close(q.done)
	for {
		item, ok := q.next()
		if !ok {
			return
		}
		q.deliver(item)
		q.finish()
	}
}

// next waits for an event and marks the queue busy with it.
func (q *webhookQueue) next() (queued, bool) {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return queued{}, false
		}
		if len(q.pending) > 0 {
			item := q.pending[0]
			q.pending = q.pending[1:]
			q.busy = true
			q.mu.Unlock()
			return item, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-q.ctx.Done():
			return queued{}, false
		}
	}
}

func (q *webhookQueue) finish() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.busy = false
	if len(q.pending) == 0 && !q.closed {
		close(q.idle)
	}
}

// deliver posts one event, retrying connection errors and 5xx answers.
func (q *webhookQueue) deliver(item queued) {
	for attempt := 1; ; attempt++ {
		status, err := q.post(item)
		q.mu.Lock()
		q.deliveries = append(q.deliveries, Delivery{Event: item.event.Name, ID: item.event.ID, Status: status, Attempt: attempt, Err: err})
		q.mu.Unlock()
		if err == nil && status < http.StatusInternalServerError {
			return
		}
		if attempt == maxAttempts || !q.pause(firstRetryPause<<(attempt-1)) {
			return
		}
	}
}

// pause sleeps for d; it reports false when the queue was closed meanwhile.
func (q *webhookQueue) pause(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-q.ctx.Done():
		return false
	}
}

func (q *webhookQueue) post(item queued) (int, error) {
	req, err := http.NewRequestWithContext(q.ctx, http.MethodPost, item.url, bytes.NewReader(item.event.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "WAHA/"+engineVersion)
	req.Header.Set("X-Webhook-Request-Id", item.event.ID)
	req.Header.Set("X-Webhook-Timestamp", strconv.FormatInt(time.Now().UnixMilli(), 10))
	if item.key != "" {
		req.Header.Set("X-Webhook-Hmac", Sign(item.event.Body, item.key))
		req.Header.Set("X-Webhook-Hmac-Algorithm", "sha512")
	}
	resp, err := q.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// Sign returns the X-Webhook-Hmac value for body: the lower-case hex
// HMAC-SHA512 of the exact bytes, keyed with key.
func Sign(body []byte, key string) string {
	mac := hmac.New(sha512.New, []byte(key))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func (q *webhookQueue) attempts() []Delivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]Delivery(nil), q.deliveries...)
}

func (q *webhookQueue) waitIdle(ctx context.Context) error {
	q.mu.Lock()
	idle := q.idle
	q.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close drops pending events, interrupts the delivery in flight and waits
// for the goroutine to end.
func (q *webhookQueue) close() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.closed = true
	q.pending = nil
	started := q.started
	if !isClosed(q.idle) {
		close(q.idle)
	}
	q.mu.Unlock()
	q.cancel()
	if started {
		<-q.done
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
