package wawptest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"net/url"
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

// ErrDeliveryFailed is matched (errors.Is) by every *DeliveryError: an event
// the webhook receiver did not accept.
var ErrDeliveryFailed = errors.New("wawptest: webhook delivery failed")

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

// DeliveryError is an event the webhook receiver did not accept: its last
// attempt answered a status outside 2xx, or got no answer. Events dropped
// by Close are not delivery errors.
type DeliveryError struct {
	// Event is the event name, such as "message".
	Event string
	// ID is the envelope id.
	ID string
	// URL is the webhook URL without user info, query or fragment, which
	// may hold secrets.
	URL string
	// Status is the last answer's HTTP status; 0 when none arrived.
	Status int
	// Attempts is how many posts were tried.
	Attempts int
	// Err is the transport error of the last attempt; nil when an answer arrived.
	Err error
}

// Error names the event, the URL and what went wrong.
func (e *DeliveryError) Error() string {
	cause := fmt.Sprintf("status %d", e.Status)
	if e.Err != nil {
		cause = e.Err.Error()
	}
	return fmt.Sprintf("wawptest: webhook %s %s to %s: %s after %d attempt(s)", e.Event, e.ID, e.URL, cause, e.Attempts)
}

// Unwrap returns the transport error, if any.
func (e *DeliveryError) Unwrap() error { return e.Err }

// Is reports whether target is ErrDeliveryFailed.
func (e *DeliveryError) Is(target error) bool { return target == ErrDeliveryFailed }

// SignatureScheme says how the server signs webhook posts.
type SignatureScheme string

// Signature schemes; every post is signed over its exact body, keyed with
// the webhook's HMAC key, and the value is lower-case hex.
const (
	// SignatureWAHA sends X-Webhook-Hmac (HMAC-SHA512, see Sign) with
	// X-Webhook-Hmac-Algorithm sha512. It is the default.
	SignatureWAHA SignatureScheme = "waha"
	// SignatureWawp sends Wawp's own X-Wawp-Signature (HMAC-SHA256).
	SignatureWawp SignatureScheme = "wawp"
)

// String returns the scheme's name, such as "wawp".
func (sc SignatureScheme) String() string { return string(sc) }

// IsKnown reports whether sc is one of the schemes above.
func (sc SignatureScheme) IsKnown() bool {
	return sc == SignatureWAHA || sc == SignatureWawp
}

// WebhookOption configures the webhook set by SetWebhook.
type WebhookOption func(*webhookConfig) error

// webhookConfig is where and how events are posted.
type webhookConfig struct {
	url, key string
	scheme   SignatureScheme
}

// WithSignature signs the webhook's posts with scheme instead of
// SignatureWAHA. An unknown scheme makes SetWebhook fail.
func WithSignature(scheme SignatureScheme) WebhookOption {
	return func(c *webhookConfig) error {
		if !scheme.IsKnown() {
			return invalid("WithSignature", "scheme", fmt.Sprintf("%q is not waha or wawp", scheme))
		}
		c.scheme = scheme
		return nil
	}
}

// SetWebhook makes the server post every following event to url, signed
// with hmacKey (unsigned when the key is empty) in the scheme of
// WithSignature, SignatureWAHA by default. An empty url stops posting;
// events stay visible through Events. The first call starts the delivery
// goroutine, which Close stops.
//
// url must be an absolute http or https URL. A bad url or option returns an
// error wrapping *wawp.ValidationError and keeps the webhook as it was.
func (s *Server) SetWebhook(url, hmacKey string, opts ...WebhookOption) error {
	cfg := webhookConfig{url: url, key: hmacKey, scheme: SignatureWAHA}
	if err := checkWebhookURL(url); err != nil {
		return err
	}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return err
		}
	}
	s.hooks.configure(cfg)
	return nil
}

func checkWebhookURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("SetWebhook", "url", "must be an absolute http or https URL")
	}
	return nil
}

// DeliveryErrors returns every event the receiver did not accept so far,
// in order, whether or not WaitIdle reported it already.
func (s *Server) DeliveryErrors() []DeliveryError {
	return s.hooks.failures()
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
// on, or ctx ends, and then reports the events the receiver did not accept
// since the previous WaitIdle: the error joins one *DeliveryError per event
// and matches ErrDeliveryFailed. A test that expects nothing to go wrong
// thus needs only require.NoError(t, srv.WaitIdle(ctx)). When ctx ends
// first, the error is ctx's and the failures stay for the next call.
//
// Do not call it from a webhook receiver of this server: the receiver's own
// delivery would never finish.
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
	event Event
	hook  webhookConfig
}

// webhookQueue delivers events to the webhook SetWebhook configured: it
// signs them as configured, retries per maxAttempts and keeps the
// failures that waitIdle reports.
type webhookQueue struct {
	*deliveryQueue[queued]
	client *http.Client

	mu         sync.Mutex // guards the fields below; the queue has its own lock
	hook       webhookConfig
	deliveries []Delivery
	failed     []DeliveryError
	reported   int // failed[:reported] were returned by waitIdle
}

func newWebhookQueue() *webhookQueue {
	q := &webhookQueue{client: &http.Client{Timeout: deliveryTimeout}}
	q.deliveryQueue = newDeliveryQueue(q.deliver)
	return q
}

// configure sets the webhook of the events produced from now on. The
// goroutine starts with the first URL rather than the first event, as
// SetWebhook documents.
func (q *webhookQueue) configure(hook webhookConfig) {
	q.mu.Lock()
	q.hook = hook
	q.mu.Unlock()
	if hook.url != "" {
		q.start()
	}
}

func (q *webhookQueue) currentURL() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.hook.url
}

// enqueue queues ev, bound to the webhook configured now, when there is one.
func (q *webhookQueue) enqueue(ev Event) {
	q.mu.Lock()
	hook := q.hook
	q.mu.Unlock()
	if hook.url != "" {
		q.deliveryQueue.enqueue(queued{event: ev, hook: hook})
	}
}

// deliver posts one event, retrying connection errors and 5xx answers, and
// records a DeliveryError when the last attempt was not accepted. Attempts
// cut short by Close are not failures of the receiver.
func (q *webhookQueue) deliver(ctx context.Context, item queued) {
	for attempt := 1; ; attempt++ {
		status, err := q.post(ctx, item)
		err = redactURLError(err, item.hook.url)
		q.record(Delivery{Event: item.event.Name, ID: item.event.ID, Status: status, Attempt: attempt, Err: err})
		retry := err != nil || status >= http.StatusInternalServerError
		if retry && attempt < maxAttempts && sleepUnlessDone(ctx, firstRetryPause<<(attempt-1)) {
			continue
		}
		accepted := err == nil && status >= 200 && status < 300
		if !accepted && ctx.Err() == nil {
			q.fail(DeliveryError{Event: item.event.Name, ID: item.event.ID, URL: redactURL(item.hook.url), Status: status, Attempts: attempt, Err: err})
		}
		return
	}
}

func (q *webhookQueue) record(d Delivery) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.deliveries = append(q.deliveries, d)
}

func (q *webhookQueue) fail(e DeliveryError) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.failed = append(q.failed, e)
}

func (q *webhookQueue) failures() []DeliveryError {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]DeliveryError(nil), q.failed...)
}

// unreported returns the failures waitIdle has not returned yet, joined,
// and marks them returned.
func (q *webhookQueue) unreported() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	errs := make([]error, 0, len(q.failed)-q.reported)
	for i := q.reported; i < len(q.failed); i++ {
		e := q.failed[i]
		errs = append(errs, &e)
	}
	q.reported = len(q.failed)
	return errors.Join(errs...)
}

// redactURL keeps the scheme, host and path of a webhook URL: user info
// and query strings often carry the receiver's secrets.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// redactURLError replaces the URL that net/http puts in its errors with the
// redacted one.
func redactURLError(err error, raw string) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	redacted := *ue
	redacted.URL = redactURL(raw)
	return &redacted
}

// post sends one attempt with the headers WAHA sends, signed in the
// webhook's scheme.
func (q *webhookQueue) post(ctx context.Context, item queued) (int, error) {
	header := http.Header{}
	header.Set("User-Agent", "WAHA/"+engineVersion)
	header.Set("X-Webhook-Timestamp", strconv.FormatInt(time.Now().UnixMilli(), 10))
	if key := item.hook.key; key != "" {
		switch item.hook.scheme {
		case SignatureWawp:
			header.Set("X-Wawp-Signature", hexHMAC(sha256.New, item.event.Body, key))
		default:
			header.Set("X-Webhook-Hmac", Sign(item.event.Body, key))
			header.Set("X-Webhook-Hmac-Algorithm", "sha512")
		}
	}
	return postEvent(ctx, q.client, item.hook.url, item.event, header)
}

// Sign returns the X-Webhook-Hmac value for body: the lower-case hex
// HMAC-SHA512 of the exact bytes, keyed with key.
func Sign(body []byte, key string) string {
	return hexHMAC(sha512.New, body, key)
}

func hexHMAC(h func() hash.Hash, body []byte, key string) string {
	mac := hmac.New(h, []byte(key))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func (q *webhookQueue) attempts() []Delivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]Delivery(nil), q.deliveries...)
}

// waitIdle waits as the queue does and then reports the failures since
// the previous call, which is what Server.WaitIdle promises for webhooks.
func (q *webhookQueue) waitIdle(ctx context.Context) error {
	if err := q.deliveryQueue.waitIdle(ctx); err != nil {
		return err
	}
	return q.unreported()
}
