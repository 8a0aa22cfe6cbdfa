package wawp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// Webhook handler defaults.
const (
	// DefaultMaxWebhookBody caps a delivery's body at 10 MiB.
	DefaultMaxWebhookBody = 10 << 20
	// DefaultDedupSize is how many event IDs the default deduplicator keeps.
	DefaultDedupSize = 10000
	// DefaultDedupBytes is how many bytes of event IDs the default
	// deduplicator keeps: 1 MiB, room for DefaultDedupSize hash keys.
	DefaultDedupBytes = 1 << 20
)

// EventFunc handles one webhook event. Returning an error makes the handler
// answer 500 so that the sender delivers the event again.
type EventFunc func(ctx context.Context, e *Event) error

// Deduplicator makes each event's callbacks run once, however many copies of
// the event arrive and however many processes receive them. The handler
// claims an event's key before its callbacks run, marks it done when they
// succeed and releases it when they fail, so that a redelivery is processed.
// The key is the event's id, or for an event without one "sha256:" and the
// hex SHA-256 of the event's raw JSON (see Event.Raw). Implementations must
// be safe for concurrent use; a shared store (such as the wawpredis module's)
// extends the guarantee across processes. An error from Claim or Done makes
// the handler answer 500, so that the sender delivers again.
type Deduplicator interface {
	// Claim atomically takes id for processing. It reports false when id was
	// processed already or another delivery holds it now.
	Claim(ctx context.Context, id string) (bool, error)
	// Done records that id was processed, so that later claims of it fail.
	Done(ctx context.Context, id string) error
	// Release gives up a claim whose callbacks failed, so that the next
	// delivery of id is processed.
	Release(ctx context.Context, id string) error
}

// WebhookOption configures a WebhookHandler. An option given a bad value
// makes NewWebhookHandler fail with a *ValidationError.
type WebhookOption func(*webhookConfig) error

type webhookConfig struct {
	maxBody    int64
	verify     bool
	maxAge     time.Duration
	now        func() time.Time
	dedup      Deduplicator
	skipFromMe bool
	log        *slog.Logger
	queue      EventQueue
}

// EventQueue keeps verified deliveries for workers to process later, so that
// a slow callback does not hold the sender's request open. The wawpredis
// module's inbox is one.
type EventQueue interface {
	// Enqueue stores one verified delivery body durably; the handler answers
	// 2xx only once it returned nil.
	Enqueue(ctx context.Context, body []byte) error
}

// WithEventQueue makes the handler verify each delivery, check that it
// decodes, append its body to q and answer 200 at once, without running any
// callback. Workers then call WebhookHandler.Process with each queued body.
// A failed Enqueue answers 503, so that the sender delivers again.
func WithEventQueue(q EventQueue) WebhookOption {
	return func(c *webhookConfig) error {
		if q == nil {
			return &ValidationError{Field: "event queue", Reason: "must not be nil"}
		}
		c.queue = q
		return nil
	}
}

// WithMaxBodySize caps the request body at n bytes (default 10 MiB); larger
// deliveries get 413. n must be positive.
func WithMaxBodySize(n int64) WebhookOption {
	return func(c *webhookConfig) error {
		if n <= 0 {
			return &ValidationError{Field: "max body size", Reason: "must be positive"}
		}
		c.maxBody = n
		return nil
	}
}

// WithoutSignatureVerification accepts deliveries without checking their
// HMAC. Use it only behind another guard, such as a secret in the URL or a
// private network: anyone who can reach the endpoint can then forge events.
func WithoutSignatureVerification() WebhookOption {
	return func(c *webhookConfig) error {
		c.verify = false
		return nil
	}
}

// WithMaxAge rejects deliveries whose X-Webhook-Timestamp is missing,
// malformed, or more than d away from now in either direction (stale
// replays and clocks far in the future), with 401 like a bad signature.
// The timestamp is not covered by the HMAC, so this limits replays only
// together with event deduplication. d == 0 turns the check off (the
// default); a negative d is an error.
func WithMaxAge(d time.Duration) WebhookOption {
	return func(c *webhookConfig) error {
		if d < 0 {
			return &ValidationError{Field: "max age", Reason: "must not be negative"}
		}
		c.maxAge = d
		return nil
	}
}

// WithWebhookClock sets the clock WithMaxAge compares against; tests use it.
func WithWebhookClock(now func() time.Time) WebhookOption {
	return func(c *webhookConfig) error {
		if now == nil {
			return &ValidationError{Field: "clock", Reason: "must not be nil"}
		}
		c.now = now
		return nil
	}
}

// WithDeduplicator replaces the default in-memory deduplicator,
// NewMemoryDeduplicator(DefaultDedupSize, DefaultDedupBytes). nil turns
// deduplication off.
func WithDeduplicator(d Deduplicator) WebhookOption {
	return func(c *webhookConfig) error {
		c.dedup = d
		return nil
	}
}

// WithSkipFromMe skips message and message.any events for messages the
// session sent itself, answering 200 without calling any callback. A bot
// that replies to what it receives needs it when subscribed to message.any,
// or its own replies come back and it answers itself forever. It is off by
// default because message.any exists precisely to report your own messages.
func WithSkipFromMe() WebhookOption {
	return func(c *webhookConfig) error {
		c.skipFromMe = true
		return nil
	}
}

// WithErrorLog logs callback errors and panics (with their stack) at Error
// level, and rejected deliveries at Debug level. The secret and signatures
// are never logged. Without it nothing is logged.
func WithErrorLog(l *slog.Logger) WebhookOption {
	return func(c *webhookConfig) error {
		c.log = l
		return nil
	}
}

// WebhookHandler is an http.Handler that receives Wawp webhook deliveries,
// checks them and passes each event to the callbacks registered for its
// type. It answers:
//
//   - 200 when every event was handled, skipped as a duplicate or echo, or
//     had no callback;
//   - 400 for a body that is not a valid event or array of events;
//   - 401 for a missing or wrong signature, an empty secret (see
//     NewWebhookHandler), or a timestamp outside WithMaxAge;
//   - 405 for methods other than POST;
//   - 413 for bodies over the size limit;
//   - 500 when a callback returned an error or panicked, or the
//     Deduplicator failed, so that the sender delivers again. Panics are
//     recovered and their value never reaches the client.
//
// Callbacks run in registration order with the request's context; for an
// array of events, a failed event does not stop the others.
//
// Each event's callbacks run once however many copies of it arrive, even
// at the same moment: the Deduplicator claims the event before they run, and
// a copy that finds it claimed or done is answered 200 without running
// anything. An event without an id is known by the hash of its bytes, so an
// exact copy of it is a duplicate too. A failed event is released, so its
// redelivery runs the callbacks again. With WithDeduplicator(nil), or when
// the deduplicator has forgotten an old event, a redelivery runs them
// again. Registering callbacks is safe at any time, including while serving.
type WebhookHandler struct {
	secret *secret
	cfg    webhookConfig

	mu        sync.RWMutex
	callbacks map[EventType][]EventFunc
	unknown   []EventFunc
}

// NewWebhookHandler returns a handler that checks every delivery's HMAC with
// secretKey (see VerifySignature). With an empty key it fails closed and
// rejects every delivery with 401, unless WithoutSignatureVerification is
// given. A bad option value is reported as a *ValidationError.
func NewWebhookHandler(secretKey string, opts ...WebhookOption) (*WebhookHandler, error) {
	cfg := webhookConfig{
		maxBody: DefaultMaxWebhookBody,
		verify:  true,
		now:     time.Now,
		dedup:   NewMemoryDeduplicator(DefaultDedupSize, DefaultDedupBytes),
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	return &WebhookHandler{
		secret:    &secret{value: secretKey},
		cfg:       cfg,
		callbacks: make(map[EventType][]EventFunc),
	}, nil
}

// String describes the handler without its secret.
func (h *WebhookHandler) String() string {
	return fmt.Sprintf("wawp.WebhookHandler{verify: %t, secret: %s}", h.cfg.verify, h.secret)
}

// GoString is String, so %#v hides the secret too.
func (h *WebhookHandler) GoString() string { return h.String() }

// On registers fn for events of type t, known or not. Several callbacks for
// one type run in registration order; the first error stops the rest.
func (h *WebhookHandler) On(t EventType, fn EventFunc) {
	if fn == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.callbacks[t] = append(h.callbacks[t], fn)
}

// OnUnknown registers fn for events of types the SDK does not decode (their
// payload is *UnknownEvent) and that have no callback registered with On.
func (h *WebhookHandler) OnUnknown(fn EventFunc) {
	if fn == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unknown = append(h.unknown, fn)
}

// onPayload registers a callback that receives the typed payload of t.
func onPayload[T any](h *WebhookHandler, t EventType, fn func(context.Context, *Event, *T) error) {
	if fn == nil {
		return
	}
	h.On(t, func(ctx context.Context, e *Event) error {
		p, ok := e.Payload.(*T)
		if !ok {
			return fmt.Errorf("wawp: %s event has a %T payload, want %T", t, e.Payload, p)
		}
		return fn(ctx, e, p)
	})
}

// OnMessage registers fn for message events: messages received.
func (h *WebhookHandler) OnMessage(fn func(ctx context.Context, e *Event, m *Message) error) {
	onPayload(h, EventMessage, fn)
}

// OnMessageAny registers fn for message.any events: every message, the
// session's own included.
func (h *WebhookHandler) OnMessageAny(fn func(ctx context.Context, e *Event, m *Message) error) {
	onPayload(h, EventMessageAny, fn)
}

// OnAck registers fn for message.ack events: delivery and read receipts.
func (h *WebhookHandler) OnAck(fn func(ctx context.Context, e *Event, a *AckEvent) error) {
	onPayload(h, EventMessageAck, fn)
}

// OnReaction registers fn for message.reaction events.
func (h *WebhookHandler) OnReaction(fn func(ctx context.Context, e *Event, r *ReactionEvent) error) {
	onPayload(h, EventMessageReaction, fn)
}

// OnRevoked registers fn for message.revoked events: messages deleted for everyone.
func (h *WebhookHandler) OnRevoked(fn func(ctx context.Context, e *Event, r *RevokedEvent) error) {
	onPayload(h, EventMessageRevoked, fn)
}

// OnEdited registers fn for message.edited events.
func (h *WebhookHandler) OnEdited(fn func(ctx context.Context, e *Event, m *EditedMessage) error) {
	onPayload(h, EventMessageEdited, fn)
}

// OnSessionStatus registers fn for session.status events, the legacy flat
// form included.
func (h *WebhookHandler) OnSessionStatus(fn func(ctx context.Context, e *Event, s *SessionStatusEvent) error) {
	onPayload(h, EventSessionStatus, fn)
}

// OnGroupJoin registers fn for group.v2.join events.
func (h *WebhookHandler) OnGroupJoin(fn func(ctx context.Context, e *Event, g *GroupJoinEvent) error) {
	onPayload(h, EventGroupJoin, fn)
}

// OnGroupLeave registers fn for group.v2.leave events.
func (h *WebhookHandler) OnGroupLeave(fn func(ctx context.Context, e *Event, g *GroupLeaveEvent) error) {
	onPayload(h, EventGroupLeave, fn)
}

// OnGroupUpdate registers fn for group.v2.update events.
func (h *WebhookHandler) OnGroupUpdate(fn func(ctx context.Context, e *Event, g *GroupUpdateEvent) error) {
	onPayload(h, EventGroupUpdate, fn)
}

// OnGroupParticipants registers fn for group.v2.participants events.
func (h *WebhookHandler) OnGroupParticipants(fn func(ctx context.Context, e *Event, g *GroupParticipantsEvent) error) {
	onPayload(h, EventGroupParticipants, fn)
}

// OnPresence registers fn for presence.update events.
func (h *WebhookHandler) OnPresence(fn func(ctx context.Context, e *Event, p *ChatPresences) error) {
	onPayload(h, EventPresenceUpdate, fn)
}

// OnPollVote registers fn for poll.vote events.
func (h *WebhookHandler) OnPollVote(fn func(ctx context.Context, e *Event, v *PollVoteEvent) error) {
	onPayload(h, EventPollVote, fn)
}

// OnPollVoteFailed registers fn for poll.vote.failed events.
func (h *WebhookHandler) OnPollVoteFailed(fn func(ctx context.Context, e *Event, v *PollVoteEvent) error) {
	onPayload(h, EventPollVoteFailed, fn)
}

// OnChatArchive registers fn for chat.archive events.
func (h *WebhookHandler) OnChatArchive(fn func(ctx context.Context, e *Event, a *ChatArchiveEvent) error) {
	onPayload(h, EventChatArchive, fn)
}

// OnCallReceived registers fn for call.received events.
func (h *WebhookHandler) OnCallReceived(fn func(ctx context.Context, e *Event, c *CallEvent) error) {
	onPayload(h, EventCallReceived, fn)
}

// OnCallAccepted registers fn for call.accepted events.
func (h *WebhookHandler) OnCallAccepted(fn func(ctx context.Context, e *Event, c *CallEvent) error) {
	onPayload(h, EventCallAccepted, fn)
}

// OnCallRejected registers fn for call.rejected events.
func (h *WebhookHandler) OnCallRejected(fn func(ctx context.Context, e *Event, c *CallEvent) error) {
	onPayload(h, EventCallRejected, fn)
}

// OnLabelUpsert registers fn for label.upsert events.
func (h *WebhookHandler) OnLabelUpsert(fn func(ctx context.Context, e *Event, l *Label) error) {
	onPayload(h, EventLabelUpsert, fn)
}

// OnLabelDeleted registers fn for label.deleted events.
func (h *WebhookHandler) OnLabelDeleted(fn func(ctx context.Context, e *Event, l *Label) error) {
	onPayload(h, EventLabelDeleted, fn)
}

// OnLabelChatAdded registers fn for label.chat.added events.
func (h *WebhookHandler) OnLabelChatAdded(fn func(ctx context.Context, e *Event, l *LabelChatEvent) error) {
	onPayload(h, EventLabelChatAdded, fn)
}

// OnLabelChatDeleted registers fn for label.chat.deleted events.
func (h *WebhookHandler) OnLabelChatDeleted(fn func(ctx context.Context, e *Event, l *LabelChatEvent) error) {
	onPayload(h, EventLabelChatDeleted, fn)
}

// OnEventResponse registers fn for event.response events.
func (h *WebhookHandler) OnEventResponse(fn func(ctx context.Context, e *Event, r *EventResponseEvent) error) {
	onPayload(h, EventEventResponse, fn)
}

// OnEventResponseFailed registers fn for event.response.failed events.
func (h *WebhookHandler) OnEventResponseFailed(fn func(ctx context.Context, e *Event, r *EventResponseEvent) error) {
	onPayload(h, EventEventResponseFailed, fn)
}

// OnEngineEvent registers fn for engine.event events.
func (h *WebhookHandler) OnEngineEvent(fn func(ctx context.Context, e *Event, ee *EngineEvent) error) {
	onPayload(h, EventEngineEvent, fn)
}

// Reasons a delivery is refused before decoding. They are logged, never sent.
var (
	errTimestampMissing = errors.New("wawp: webhook timestamp missing or malformed")
	errTimestampWindow  = errors.New("wawp: webhook timestamp outside the allowed window")
)

// ServeHTTP receives one delivery.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(r.Context(), w, http.StatusMethodNotAllowed, nil)
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		status := http.StatusBadRequest
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		h.refuse(r.Context(), w, status, err)
		return
	}
	if err := h.authenticate(r.Header, body); err != nil {
		h.refuse(r.Context(), w, http.StatusUnauthorized, err)
		return
	}
	events, err := parseEvents(body)
	if err != nil {
		h.refuse(r.Context(), w, http.StatusBadRequest, err)
		return
	}
	if h.cfg.queue != nil {
		if err := h.cfg.queue.Enqueue(r.Context(), body); err != nil {
			h.refuse(r.Context(), w, http.StatusServiceUnavailable, err)
			return
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	if !h.handleAll(r.Context(), events) {
		writeStatus(w, http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// readBody reads at most maxBody bytes, refusing a declared larger body
// before reading any of it.
func (h *WebhookHandler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > h.cfg.maxBody {
		return nil, &http.MaxBytesError{Limit: h.cfg.maxBody}
	}
	if r.Body == nil {
		return nil, nil
	}
	// MaxBytesReader fails the read that passes the limit, with an
	// *http.MaxBytesError, and has the server close the connection rather
	// than read the rest; readLimited never sees a longer body.
	body, _, err := readLimited(http.MaxBytesReader(w, r.Body, h.cfg.maxBody), r.ContentLength, h.cfg.maxBody)
	return body, err
}

// authenticate checks the signature and, when asked, the delivery time.
func (h *WebhookHandler) authenticate(header http.Header, body []byte) error {
	if h.cfg.verify {
		if err := VerifySignature(body, header, h.secret.value); err != nil {
			return err
		}
	}
	if h.cfg.maxAge > 0 {
		return h.checkFresh(header.Get(HeaderWebhookTimestamp))
	}
	return nil
}

// checkFresh accepts a millisecond timestamp within maxAge of now.
func (h *WebhookHandler) checkFresh(value string) error {
	ms, err := strconv.ParseInt(value, 10, 64)
	if err != nil || ms <= 0 {
		return errTimestampMissing
	}
	skew := h.cfg.now().Sub(time.UnixMilli(ms))
	if skew > h.cfg.maxAge || skew < -h.cfg.maxAge {
		return errTimestampWindow
	}
	return nil
}

// Process runs the callbacks for one delivery body that was verified when it
// was received, such as one taken from an EventQueue: it decodes the body,
// skips duplicates and echoes as ServeHTTP does, and returns an error when
// the body does not decode or any callback failed, so that the caller can
// retry it later.
func (h *WebhookHandler) Process(ctx context.Context, body []byte) error {
	if ctx == nil {
		return &ValidationError{Field: "ctx", Reason: "must not be nil"}
	}
	events, err := parseEvents(body)
	if err != nil {
		return err
	}
	var errs []error
	for _, ev := range events {
		if err := h.handle(ctx, ev); err != nil {
			h.logEventError(ctx, ev, err)
			errs = append(errs, fmt.Errorf("wawp: event %s %s: %w", ev.Type, ev.ID, err))
		}
	}
	return errors.Join(errs...)
}

// handleAll handles every event and reports whether all succeeded.
func (h *WebhookHandler) handleAll(ctx context.Context, events []*Event) bool {
	ok := true
	for _, ev := range events {
		if err := h.handle(ctx, ev); err != nil {
			ok = false
			h.logEventError(ctx, ev, err)
		}
	}
	return ok
}

// handle runs the callbacks of one event unless it is a duplicate or an
// echo, and remembers it once they succeeded.
func (h *WebhookHandler) handle(ctx context.Context, ev *Event) error {
	dedup := h.cfg.dedup
	if dedup == nil {
		return h.runCallbacks(ctx, ev)
	}
	key := dedupKey(ev)
	claimed, err := dedup.Claim(ctx, key)
	if err != nil {
		return &dedupError{op: "claim", err: err}
	}
	if !claimed {
		return nil
	}
	if err := h.runCallbacks(ctx, ev); err != nil {
		if rerr := dedup.Release(ctx, key); rerr != nil {
			err = errors.Join(err, &dedupError{op: "release", err: rerr})
		}
		return err
	}
	if err := dedup.Done(ctx, key); err != nil {
		// The claim is not released: the callbacks did run, and a store
		// that still holds the claim drops the redelivery this answer asks for.
		return &dedupError{op: "done", err: err}
	}
	return nil
}

// runCallbacks runs the event's callbacks unless it is an echo, stopping at
// the first error.
func (h *WebhookHandler) runCallbacks(ctx context.Context, ev *Event) error {
	if h.isEcho(ev) {
		return nil
	}
	for _, fn := range h.callbacksFor(ev) {
		if err := callSafely(ctx, fn, ev); err != nil {
			return err
		}
	}
	return nil
}

// dedupKeyHashPrefix starts the key of an event without an id.
const dedupKeyHashPrefix = "sha256:"

// dedupKey is the key an event is deduplicated by: its id, or the hash of
// its raw JSON when it has none. Copies of one delivery have the same bytes.
func dedupKey(ev *Event) string {
	if ev.ID != "" {
		return ev.ID
	}
	sum := sha256.Sum256(ev.Raw)
	return dedupKeyHashPrefix + hex.EncodeToString(sum[:])
}

// dedupError is a failure of the Deduplicator, as opposed to a callback.
type dedupError struct {
	op  string
	err error
}

func (e *dedupError) Error() string {
	return "wawp: webhook deduplicator " + e.op + ": " + e.err.Error()
}

func (e *dedupError) Unwrap() error { return e.err }

// isEcho reports a message the session sent itself, when those are skipped.
func (h *WebhookHandler) isEcho(ev *Event) bool {
	if !h.cfg.skipFromMe || (ev.Type != EventMessage && ev.Type != EventMessageAny) {
		return false
	}
	m := ev.Message()
	return m != nil && m.FromMe
}

func (h *WebhookHandler) callbacksFor(ev *Event) []EventFunc {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if fns := h.callbacks[ev.Type]; len(fns) > 0 {
		return fns
	}
	if _, unknown := ev.Payload.(*UnknownEvent); unknown {
		return h.unknown
	}
	return nil
}

// callbackPanic is a recovered panic of a callback.
type callbackPanic struct {
	value any
	stack []byte
}

func (p *callbackPanic) Error() string {
	return fmt.Sprintf("wawp: webhook callback panicked: %v", p.value)
}

// callSafely runs fn, turning a panic into an error.
func callSafely(ctx context.Context, fn EventFunc, ev *Event) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &callbackPanic{value: v, stack: debug.Stack()}
		}
	}()
	return fn(ctx, ev)
}

// logEventError logs why an event failed: a callback's error or panic, or
// the Deduplicator's error.
func (h *WebhookHandler) logEventError(ctx context.Context, ev *Event, err error) {
	if h.cfg.log == nil {
		return
	}
	attrs := []any{"event", string(ev.Type), "id", ev.ID}
	var p *callbackPanic
	var d *dedupError
	switch {
	case errors.As(err, &p):
		h.cfg.log.ErrorContext(ctx, "wawp: webhook callback panicked", append(attrs, "panic", fmt.Sprint(p.value), "stack", string(p.stack))...)
	case errors.As(err, &d) && d.op != "release":
		h.cfg.log.ErrorContext(ctx, "wawp: webhook deduplicator failed", append(attrs, "error", err)...)
	default:
		h.cfg.log.ErrorContext(ctx, "wawp: webhook callback failed", append(attrs, "error", err)...)
	}
}

// refuse answers a rejected delivery with a bare status text.
func (h *WebhookHandler) refuse(ctx context.Context, w http.ResponseWriter, status int, reason error) {
	if h.cfg.log != nil {
		h.cfg.log.DebugContext(ctx, "wawp: webhook delivery rejected", "status", status, "reason", reason)
	}
	writeStatus(w, status)
}

func writeStatus(w http.ResponseWriter, status int) {
	http.Error(w, http.StatusText(status), status)
}

// memoryDeduplicator remembers the most recently processed keys, forgetting
// the oldest when it holds more than maxIDs keys or more than maxBytes bytes
// of them, so its memory is bounded; keys being processed are held apart
// until Done or Release.
type memoryDeduplicator struct {
	mu         sync.Mutex
	maxIDs     int
	maxBytes   int
	processing map[string]struct{}
	done       map[string]struct{}
	// order holds the done keys from order[head], oldest first.
	order []string
	head  int
	bytes int
}

// NewMemoryDeduplicator returns a Deduplicator that remembers processed
// event keys in memory, at most maxIDs of them and at most maxBytes bytes of
// key text (map overhead aside), forgetting the oldest first. A value <= 0
// takes the default, DefaultDedupSize or DefaultDedupBytes. A key longer
// than maxBytes is not remembered, so its event may run again. It is safe
// for concurrent use, within one process.
func NewMemoryDeduplicator(maxIDs, maxBytes int) Deduplicator {
	if maxIDs <= 0 {
		maxIDs = DefaultDedupSize
	}
	if maxBytes <= 0 {
		maxBytes = DefaultDedupBytes
	}
	return &memoryDeduplicator{
		maxIDs:     maxIDs,
		maxBytes:   maxBytes,
		processing: map[string]struct{}{},
		done:       map[string]struct{}{},
	}
}

func (d *memoryDeduplicator) Claim(_ context.Context, id string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.done[id]; ok {
		return false, nil
	}
	if _, ok := d.processing[id]; ok {
		return false, nil
	}
	d.processing[id] = struct{}{}
	return true, nil
}

func (d *memoryDeduplicator) Release(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.processing, id)
	return nil
}

func (d *memoryDeduplicator) Done(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.processing, id)
	if _, ok := d.done[id]; ok || len(id) > d.maxBytes {
		return nil
	}
	d.done[id] = struct{}{}
	d.order = append(d.order, id)
	d.bytes += len(id)
	for len(d.done) > d.maxIDs || d.bytes > d.maxBytes {
		d.forgetOldest()
	}
	return nil
}

// forgetOldest drops the oldest done key.
func (d *memoryDeduplicator) forgetOldest() {
	id := d.order[d.head]
	d.order[d.head] = ""
	d.head++
	delete(d.done, id)
	d.bytes -= len(id)
	// Move the live keys down once half the slice is spent, so that it
	// does not grow forever; each key moves O(1) times on average.
	if d.head >= len(d.order)/2 {
		d.order = append(d.order[:0], d.order[d.head:]...)
		d.head = 0
	}
}
