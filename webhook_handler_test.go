package wawp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testWebhookSecret signs every test delivery; it is unusual so a leak is easy to spot.
const testWebhookSecret = "whsec-TEST-7c1e9b2a"

// delivery builds a POST of body signed with the test secret.
func delivery(body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/wawp", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(HeaderWebhookHMAC, SignWebhook(body, testWebhookSecret, AlgorithmSHA512))
	r.Header.Set(HeaderWebhookHMACAlgorithm, AlgorithmSHA512)
	return r
}

// deliver serves r and returns the recorded answer.
func deliver(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type ctxKey struct{}

func TestWebhookHandlerTypedCallbacks(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var mu sync.Mutex
	got := map[EventType]any{}
	record := func(ctx context.Context, e *Event, p any) error {
		if ctx.Value(ctxKey{}) != "request" {
			return errors.New("callback did not get the request context")
		}
		mu.Lock()
		defer mu.Unlock()
		got[e.Type] = p
		return nil
	}
	h.OnSessionStatus(func(ctx context.Context, e *Event, p *SessionStatusEvent) error { return record(ctx, e, p) })
	h.OnMessage(func(ctx context.Context, e *Event, p *Message) error { return record(ctx, e, p) })
	h.OnMessageAny(func(ctx context.Context, e *Event, p *Message) error { return record(ctx, e, p) })
	h.OnReaction(func(ctx context.Context, e *Event, p *ReactionEvent) error { return record(ctx, e, p) })
	h.OnAck(func(ctx context.Context, e *Event, p *AckEvent) error { return record(ctx, e, p) })
	h.OnRevoked(func(ctx context.Context, e *Event, p *RevokedEvent) error { return record(ctx, e, p) })
	h.OnEdited(func(ctx context.Context, e *Event, p *EditedMessage) error { return record(ctx, e, p) })
	h.OnGroupJoin(func(ctx context.Context, e *Event, p *GroupJoinEvent) error { return record(ctx, e, p) })
	h.OnGroupLeave(func(ctx context.Context, e *Event, p *GroupLeaveEvent) error { return record(ctx, e, p) })
	h.OnGroupUpdate(func(ctx context.Context, e *Event, p *GroupUpdateEvent) error { return record(ctx, e, p) })
	h.OnGroupParticipants(func(ctx context.Context, e *Event, p *GroupParticipantsEvent) error { return record(ctx, e, p) })
	h.OnPresence(func(ctx context.Context, e *Event, p *ChatPresences) error { return record(ctx, e, p) })
	h.OnPollVote(func(ctx context.Context, e *Event, p *PollVoteEvent) error { return record(ctx, e, p) })
	h.OnPollVoteFailed(func(ctx context.Context, e *Event, p *PollVoteEvent) error { return record(ctx, e, p) })
	h.OnChatArchive(func(ctx context.Context, e *Event, p *ChatArchiveEvent) error { return record(ctx, e, p) })
	h.OnCallReceived(func(ctx context.Context, e *Event, p *CallEvent) error { return record(ctx, e, p) })
	h.OnCallAccepted(func(ctx context.Context, e *Event, p *CallEvent) error { return record(ctx, e, p) })
	h.OnCallRejected(func(ctx context.Context, e *Event, p *CallEvent) error { return record(ctx, e, p) })
	h.OnLabelUpsert(func(ctx context.Context, e *Event, p *Label) error { return record(ctx, e, p) })
	h.OnLabelDeleted(func(ctx context.Context, e *Event, p *Label) error { return record(ctx, e, p) })
	h.OnLabelChatAdded(func(ctx context.Context, e *Event, p *LabelChatEvent) error { return record(ctx, e, p) })
	h.OnLabelChatDeleted(func(ctx context.Context, e *Event, p *LabelChatEvent) error { return record(ctx, e, p) })
	h.OnEventResponse(func(ctx context.Context, e *Event, p *EventResponseEvent) error { return record(ctx, e, p) })
	h.OnEventResponseFailed(func(ctx context.Context, e *Event, p *EventResponseEvent) error { return record(ctx, e, p) })
	h.OnEngineEvent(func(ctx context.Context, e *Event, p *EngineEvent) error { return record(ctx, e, p) })
	h.On(EventMessageAckGroup, func(ctx context.Context, e *Event) error { return record(ctx, e, e.Payload) })
	h.On(EventMessageWaiting, func(ctx context.Context, e *Event) error { return record(ctx, e, e.Payload) })

	for _, typ := range knownEventTypes() {
		body := fixture(t, "webhooks/"+string(typ)+".json")
		r := delivery(body)
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "request"))
		w := deliver(h, r)
		require.Equal(t, http.StatusOK, w.Code, "%s: %s", typ, w.Body)

		want, err := ParseEvent(body)
		require.NoError(t, err)
		mu.Lock()
		assert.Equal(t, want.Payload, got[typ], typ)
		mu.Unlock()
	}
	assert.Len(t, got, len(knownEventTypes()), "one typed callback per event type")
}

func TestWebhookHandlerStatusCodes(t *testing.T) {
	t.Parallel()
	message := fixture(t, "webhooks/message.json")
	failing := func(h *WebhookHandler) {
		h.OnMessage(func(context.Context, *Event, *Message) error { return errors.New("database down") })
	}
	panicking := func(h *WebhookHandler) {
		h.OnMessage(func(context.Context, *Event, *Message) error { panic("secret panic value 0xdeadbeef") })
	}
	cases := []struct {
		name     string
		secret   string
		opts     []WebhookOption
		register func(*WebhookHandler)
		request  func() *http.Request
		want     int
	}{
		{name: "handled", secret: testWebhookSecret, register: func(h *WebhookHandler) {
			h.OnMessage(func(context.Context, *Event, *Message) error { return nil })
		}, request: func() *http.Request { return delivery(message) }, want: http.StatusOK},
		{name: "nothing registered", secret: testWebhookSecret,
			request: func() *http.Request { return delivery(message) }, want: http.StatusOK},
		{name: "malformed JSON", secret: testWebhookSecret,
			request: func() *http.Request { return delivery([]byte(`{"event":"message",`)) }, want: http.StatusBadRequest},
		{name: "no event type", secret: testWebhookSecret,
			request: func() *http.Request { return delivery([]byte(`{"session":"default"}`)) }, want: http.StatusBadRequest},
		{name: "empty body", secret: testWebhookSecret,
			request: func() *http.Request { return delivery(nil) }, want: http.StatusBadRequest},
		{name: "bad signature", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Header.Set(HeaderWebhookHMAC, SignWebhook(message, "another-secret", AlgorithmSHA512))
			return r
		}, want: http.StatusUnauthorized},
		{name: "missing signature", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Header.Del(HeaderWebhookHMAC)
			return r
		}, want: http.StatusUnauthorized},
		{name: "unsupported algorithm", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Header.Set(HeaderWebhookHMACAlgorithm, "md5")
			return r
		}, want: http.StatusUnauthorized},
		{name: "sha256 signature", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Header.Set(HeaderWebhookHMAC, SignWebhook(message, testWebhookSecret, AlgorithmSHA256))
			r.Header.Set(HeaderWebhookHMACAlgorithm, AlgorithmSHA256)
			return r
		}, want: http.StatusOK},
		{name: "X-Wawp-Signature alone", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Header.Del(HeaderWebhookHMAC)
			r.Header.Del(HeaderWebhookHMACAlgorithm)
			r.Header.Set(HeaderWawpSignature, SignWebhook(message, testWebhookSecret, AlgorithmSHA256))
			return r
		}, want: http.StatusOK},
		{name: "X-Wawp-Signature with another secret", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Header.Del(HeaderWebhookHMAC)
			r.Header.Set(HeaderWawpSignature, SignWebhook(message, "another-secret", AlgorithmSHA256))
			return r
		}, want: http.StatusUnauthorized},
		{name: "empty secret fails closed", secret: "", request: func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(message))
			r.Header.Set(HeaderWebhookHMAC, SignWebhook(message, "", AlgorithmSHA512))
			return r
		}, want: http.StatusUnauthorized},
		{name: "verification switched off", secret: "", opts: []WebhookOption{WithoutSignatureVerification()},
			request: func() *http.Request { return httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(message)) },
			want:    http.StatusOK},
		{name: "GET", secret: testWebhookSecret,
			request: func() *http.Request { return httptest.NewRequest(http.MethodGet, "/", nil) }, want: http.StatusMethodNotAllowed},
		{name: "PUT", secret: testWebhookSecret, request: func() *http.Request {
			r := delivery(message)
			r.Method = http.MethodPut
			return r
		}, want: http.StatusMethodNotAllowed},
		{name: "too large", secret: testWebhookSecret, opts: []WebhookOption{WithMaxBodySize(int64(len(message) - 1))},
			request: func() *http.Request { return delivery(message) }, want: http.StatusRequestEntityTooLarge},
		{name: "too large, length not declared", secret: testWebhookSecret, opts: []WebhookOption{WithMaxBodySize(int64(len(message) - 1))},
			request: func() *http.Request {
				r := delivery(message)
				r.ContentLength = -1
				return r
			}, want: http.StatusRequestEntityTooLarge},
		{name: "longer than declared, over the limit", secret: testWebhookSecret, opts: []WebhookOption{WithMaxBodySize(int64(len(message) - 1))},
			request: func() *http.Request {
				r := delivery(message)
				r.ContentLength = 10
				return r
			}, want: http.StatusRequestEntityTooLarge},
		{name: "longer than declared, read in full", secret: testWebhookSecret,
			request: func() *http.Request {
				r := delivery(message)
				r.ContentLength = 10
				return r
			}, want: http.StatusOK},
		{name: "exactly at the limit", secret: testWebhookSecret, opts: []WebhookOption{WithMaxBodySize(int64(len(message)))},
			request: func() *http.Request { return delivery(message) }, want: http.StatusOK},
		{name: "callback error", secret: testWebhookSecret, register: failing,
			request: func() *http.Request { return delivery(message) }, want: http.StatusInternalServerError},
		{name: "callback panic", secret: testWebhookSecret, register: panicking,
			request: func() *http.Request { return delivery(message) }, want: http.StatusInternalServerError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newTestHandler(t, tc.secret, tc.opts...)
			if tc.register != nil {
				tc.register(h)
			}
			w := deliver(h, tc.request())
			assert.Equal(t, tc.want, w.Code, w.Body.String())
			if tc.want == http.StatusOK {
				assert.Empty(t, w.Body.String())
			} else {
				assert.Equal(t, http.StatusText(tc.want), strings.TrimSpace(w.Body.String()), "the body is only the status text")
			}
			assert.NotContains(t, w.Body.String(), testWebhookSecret)
			if tc.want == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, w.Header().Get("Allow"))
			}
		})
	}
}

func TestWebhookHandlerDefaultBodyLimit(t *testing.T) {
	t.Parallel()
	body := make([]byte, DefaultMaxWebhookBody+1)
	for i := range body {
		body[i] = ' '
	}
	w := deliver(newTestHandler(t, testWebhookSecret), delivery(body))
	assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
}

func TestWebhookOptionsRejectBadValues(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]WebhookOption{
		"zero body size":     WithMaxBodySize(0),
		"negative body size": WithMaxBodySize(-1),
		"negative max age":   WithMaxAge(-time.Second),
		"nil clock":          WithWebhookClock(nil),
	} {
		h, err := NewWebhookHandler(testWebhookSecret, opt)
		var verr *ValidationError
		assert.ErrorAs(t, err, &verr, name)
		assert.Nil(t, h, name)
	}
}

func TestWebhookHandlerDropsDuplicates(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var calls atomic.Int32
	h.OnMessage(func(context.Context, *Event, *Message) error {
		calls.Add(1)
		return nil
	})
	body := fixture(t, "webhooks/message.json")
	for range 3 {
		assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	}
	assert.Equal(t, int32(1), calls.Load(), "a redelivered event is handled once")

	// The same event re-serialized (another attempt) is still a duplicate.
	compact := &bytes.Buffer{}
	require.NoError(t, json.Compact(compact, body))
	assert.Equal(t, http.StatusOK, deliver(h, delivery(compact.Bytes())).Code)
	assert.Equal(t, int32(1), calls.Load())
}

func TestWebhookHandlerRedeliveryAfterFailure(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var calls atomic.Int32
	h.OnMessage(func(context.Context, *Event, *Message) error {
		if calls.Add(1) == 1 {
			return errors.New("temporary failure")
		}
		return nil
	})
	body := fixture(t, "webhooks/message.json")
	assert.Equal(t, http.StatusInternalServerError, deliver(h, delivery(body)).Code)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code, "the redelivery is processed")
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	assert.Equal(t, int32(2), calls.Load(), "once failed, once succeeded, then deduplicated")
}

func TestWebhookHandlerRedeliveryAfterPanic(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var calls atomic.Int32
	h.OnMessage(func(context.Context, *Event, *Message) error {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		return nil
	})
	body := fixture(t, "webhooks/message.json")
	assert.Equal(t, http.StatusInternalServerError, deliver(h, delivery(body)).Code)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	assert.Equal(t, int32(2), calls.Load())

	err := callSafely(context.Background(), func(context.Context, *Event) error { panic("direct") }, &Event{})
	assert.EqualError(t, err, "wawp: webhook callback panicked: direct")
}

func TestWebhookHandlerDedupesEventsWithoutIDByTheirBytes(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var bodies []string
	var mu sync.Mutex
	h.OnMessage(func(_ context.Context, _ *Event, m *Message) error {
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, m.ID.String())
		return nil
	})
	body := fixture(t, "webhooks/message_null_ack.json") // no event id
	for range 2 {
		assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	}
	other := bytes.Replace(body, []byte("3EB0A11AC00000000001"), []byte("3EB0A11AC00000000002"), 1)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(other)).Code)
	assert.Equal(t, []string{"false_447441429009@c.us_3EB0A11AC00000000001", "false_447441429009@c.us_3EB0A11AC00000000002"}, bodies,
		"an exact copy is a duplicate, another event is not")

	// The key is the hash of the event's own bytes: the whole body for one
	// event, each element of an array.
	d := &recordingDedup{seen: map[string]bool{}}
	h = newTestHandler(t, testWebhookSecret, WithDeduplicator(d))
	compact := &bytes.Buffer{}
	require.NoError(t, json.Compact(compact, body))
	batch := []byte(`[` + compact.String() + `, {"event":"message.ack","payload":{}}]`)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(batch)).Code)
	hashKey := func(b []byte) string {
		sum := sha256.Sum256(b)
		return "sha256:" + hex.EncodeToString(sum[:])
	}
	assert.Equal(t, []string{
		"claim " + hashKey(body), "done " + hashKey(body),
		"claim " + hashKey(compact.Bytes()), "done " + hashKey(compact.Bytes()),
		"claim " + hashKey([]byte(`{"event":"message.ack","payload":{}}`)), "done " + hashKey([]byte(`{"event":"message.ack","payload":{}}`)),
	}, d.calls)
}

func TestWebhookHandlerRunsConcurrentCopiesOnce(t *testing.T) {
	t.Parallel()
	const copies = 300
	h := newTestHandler(t, testWebhookSecret)
	body := fixture(t, "webhooks/message.json")
	var calls, answered atomic.Int32
	othersAnswered := make(chan struct{})
	h.OnMessage(func(context.Context, *Event, *Message) error {
		calls.Add(1)
		// Hold the claim until every other copy has been answered, so that
		// they all arrive while this one is running.
		select {
		case <-othersAnswered:
		case <-time.After(10 * time.Second):
			t.Error("the other copies were not answered while the first ran")
		}
		return nil
	})
	start := make(chan struct{})
	codes := make([]int, copies)
	var wg sync.WaitGroup
	for i := range copies {
		r := delivery(body)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = deliver(h, r).Code
			if answered.Add(1) == copies-1 {
				close(othersAnswered)
			}
		}()
	}
	close(start)
	wg.Wait()
	assert.Equal(t, int32(1), calls.Load(), "one signed delivery, %d copies at once: the callback ran once", copies)
	for i, code := range codes {
		assert.Equal(t, http.StatusOK, code, "copy %d", i)
	}
}

// failingDedup is a Deduplicator whose store fails at one step: "claim",
// "done" or "release".
type failingDedup struct {
	recordingDedup
	failAt string
}

var errStoreDown = errors.New("dedup store unreachable")

func (d *failingDedup) Claim(ctx context.Context, id string) (bool, error) {
	if d.failAt == "claim" {
		return false, errStoreDown
	}
	return d.recordingDedup.Claim(ctx, id)
}

func (d *failingDedup) Done(ctx context.Context, id string) error {
	if d.failAt == "done" {
		return errStoreDown
	}
	return d.recordingDedup.Done(ctx, id)
}

func (d *failingDedup) Release(ctx context.Context, id string) error {
	if d.failAt == "release" {
		return errStoreDown
	}
	return d.recordingDedup.Release(ctx, id)
}

func TestWebhookHandlerAnswers500OnDeduplicatorErrors(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhooks/message.json")
	const id = "evt_01jq8x3m5k7w2r9t4v6y8z0m02"
	for name, tc := range map[string]struct {
		failAt    string
		fail      bool
		wantCalls int32
		wantLog   string
	}{
		"claim fails":   {failAt: "claim", wantCalls: 0, wantLog: "webhook deduplicator failed"},
		"done fails":    {failAt: "done", wantCalls: 1, wantLog: "webhook deduplicator failed"},
		"release fails": {failAt: "release", fail: true, wantCalls: 1, wantLog: "webhook callback failed"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			newHandler := func(logs io.Writer) (*WebhookHandler, *atomic.Int32) {
				d := &failingDedup{recordingDedup: recordingDedup{seen: map[string]bool{}}, failAt: tc.failAt}
				h := newTestHandler(t, testWebhookSecret, WithDeduplicator(d), WithErrorLog(newDebugLogger(logs)))
				calls := new(atomic.Int32)
				h.OnMessage(func(context.Context, *Event, *Message) error {
					calls.Add(1)
					if tc.fail {
						return errors.New("callback failed")
					}
					return nil
				})
				return h, calls
			}

			var logs bytes.Buffer
			h, calls := newHandler(&logs)
			w := deliver(h, delivery(body))
			assert.Equal(t, http.StatusInternalServerError, w.Code, "the sender delivers again")
			assert.Equal(t, http.StatusText(http.StatusInternalServerError), strings.TrimSpace(w.Body.String()))
			assert.Equal(t, tc.wantCalls, calls.Load())
			assert.Contains(t, logs.String(), tc.wantLog)
			assert.Contains(t, logs.String(), errStoreDown.Error())

			h, calls = newHandler(io.Discard)
			err := h.Process(context.Background(), body)
			assert.ErrorIs(t, err, errStoreDown, "Process reports it too")
			assert.Contains(t, err.Error(), id)
			assert.Equal(t, tc.wantCalls, calls.Load())
		})
	}
}

// recordingDedup is a Deduplicator that logs its calls.
type recordingDedup struct {
	mu    sync.Mutex
	seen  map[string]bool
	calls []string
}

func (d *recordingDedup) Claim(_ context.Context, id string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "claim "+id)
	if d.seen[id] {
		return false, nil
	}
	d.seen[id] = true
	return true, nil
}

func (d *recordingDedup) Done(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "done "+id)
	return nil
}

func (d *recordingDedup) Release(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "release "+id)
	delete(d.seen, id)
	return nil
}

func TestWebhookHandlerCustomDeduplicator(t *testing.T) {
	t.Parallel()
	d := &recordingDedup{seen: map[string]bool{}}
	h := newTestHandler(t, testWebhookSecret, WithDeduplicator(d))
	fail := true
	h.OnMessage(func(context.Context, *Event, *Message) error {
		if fail {
			return errors.New("no")
		}
		return nil
	})
	body := fixture(t, "webhooks/message.json")
	assert.Equal(t, http.StatusInternalServerError, deliver(h, delivery(body)).Code)
	fail = false
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	const id = "evt_01jq8x3m5k7w2r9t4v6y8z0m02"
	assert.Equal(t, []string{"claim " + id, "release " + id, "claim " + id, "done " + id, "claim " + id}, d.calls)

	// nil turns deduplication off.
	var calls atomic.Int32
	off := newTestHandler(t, testWebhookSecret, WithDeduplicator(nil))
	off.OnMessage(func(context.Context, *Event, *Message) error {
		calls.Add(1)
		return nil
	})
	deliver(off, delivery(body))
	deliver(off, delivery(body))
	assert.Equal(t, int32(2), calls.Load())
}

func TestMemoryDeduplicatorIsBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	claimDone := func(d Deduplicator, id string) bool {
		ok, err := d.Claim(ctx, id)
		require.NoError(t, err)
		if ok {
			require.NoError(t, d.Done(ctx, id))
		}
		return ok
	}

	t.Run("in count", func(t *testing.T) {
		t.Parallel()
		d := NewMemoryDeduplicator(3, 1<<20)
		for _, id := range []string{"a", "b", "c"} {
			assert.True(t, claimDone(d, id), id)
		}
		assert.False(t, claimDone(d, "b"), "a processed ID is not claimed again")
		assert.True(t, claimDone(d, "d"))
		assert.True(t, claimDone(d, "a"), "the oldest ID is forgotten")
		assert.False(t, claimDone(d, "c"), "the others are kept")
		assert.False(t, claimDone(d, "d"))
	})

	t.Run("in bytes", func(t *testing.T) {
		t.Parallel()
		d := NewMemoryDeduplicator(1000, 10)
		for _, id := range []string{"aaaa", "bbbb"} {
			assert.True(t, claimDone(d, id), id)
		}
		assert.True(t, claimDone(d, "cc"), "exactly 10 bytes fit")
		assert.False(t, claimDone(d, "aaaa"))
		assert.True(t, claimDone(d, "ddd"), "13 bytes do not: the oldest goes")
		assert.True(t, claimDone(d, "aaaa"), "the oldest ID is forgotten")
		assert.False(t, claimDone(d, "ddd"), "the newest are kept")
		assert.True(t, claimDone(d, "bbbb"), "and each older one went to make room")

		long := strings.Repeat("x", 11)
		assert.True(t, claimDone(d, long))
		assert.True(t, claimDone(d, long), "a key over the byte bound is not remembered")
		assert.False(t, claimDone(d, "aaaa"), "and evicts nothing")
	})

	t.Run("many evictions keep the newest", func(t *testing.T) {
		t.Parallel()
		d := NewMemoryDeduplicator(100, 1<<20)
		for i := range 10000 {
			require.True(t, claimDone(d, strconv.Itoa(i)), i)
		}
		assert.False(t, claimDone(d, "9999"))
		assert.False(t, claimDone(d, "9900"))
		assert.True(t, claimDone(d, "9899"))
		m := d.(*memoryDeduplicator)
		assert.LessOrEqual(t, len(m.order), 2*100+1, "the order list does not grow without bound")
	})

	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		m := NewMemoryDeduplicator(0, -1).(*memoryDeduplicator)
		assert.Equal(t, DefaultDedupSize, m.maxIDs)
		assert.Equal(t, DefaultDedupBytes, m.maxBytes)
	})

	t.Run("claims held apart until done or released", func(t *testing.T) {
		t.Parallel()
		d := NewMemoryDeduplicator(10, 100)
		ok, err := d.Claim(ctx, "e")
		require.NoError(t, err)
		require.True(t, ok)
		ok, _ = d.Claim(ctx, "e")
		assert.False(t, ok, "a claimed ID is not claimed twice")
		require.NoError(t, d.Release(ctx, "e"))
		assert.True(t, claimDone(d, "e"), "a released ID is claimed again")
		assert.False(t, claimDone(d, "e"))
	})
}

func TestWebhookHandlerSkipFromMe(t *testing.T) {
	t.Parallel()
	mine := fixture(t, "webhooks/message.any.json") // fromMe: true
	theirs := bytes.Replace(fixture(t, "webhooks/message.json"), []byte(`"event": "message"`), []byte(`"event": "message.any"`), 1)

	count := func(opts ...WebhookOption) int32 {
		var calls atomic.Int32
		h := newTestHandler(t, testWebhookSecret, opts...)
		h.OnMessageAny(func(_ context.Context, _ *Event, m *Message) error {
			calls.Add(1)
			return nil
		})
		assert.Equal(t, http.StatusOK, deliver(h, delivery(mine)).Code)
		assert.Equal(t, http.StatusOK, deliver(h, delivery(theirs)).Code)
		return calls.Load()
	}
	assert.Equal(t, int32(1), count(WithSkipFromMe()), "own messages are skipped")
	assert.Equal(t, int32(2), count(), "off by default")

	// Only message events are filtered: acks of own messages still arrive.
	var acks atomic.Int32
	h := newTestHandler(t, testWebhookSecret, WithSkipFromMe())
	h.OnAck(func(context.Context, *Event, *AckEvent) error {
		acks.Add(1)
		return nil
	})
	assert.Equal(t, http.StatusOK, deliver(h, delivery(fixture(t, "webhooks/message.ack.json"))).Code)
	assert.Equal(t, int32(1), acks.Load())
}

func TestWebhookHandlerMaxAge(t *testing.T) {
	t.Parallel()
	now := time.UnixMilli(1741249702485)
	h := newTestHandler(t, testWebhookSecret, WithMaxAge(5*time.Minute), WithWebhookClock(func() time.Time { return now }))
	body := fixture(t, "webhooks/message.json")
	at := func(ts string) *http.Request {
		r := delivery(body)
		if ts != "" {
			r.Header.Set(HeaderWebhookTimestamp, ts)
		}
		return r
	}
	ms := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).UnixMilli(), 10) }
	for name, tc := range map[string]struct {
		ts   string
		want int
	}{
		"fresh":               {ms(-2 * time.Second), http.StatusOK},
		"at the limit":        {ms(-5 * time.Minute), http.StatusOK},
		"stale":               {ms(-5*time.Minute - time.Millisecond), http.StatusUnauthorized},
		"an hour old":         {ms(-time.Hour), http.StatusUnauthorized},
		"slightly ahead":      {ms(time.Minute), http.StatusOK},
		"far in the future":   {ms(10 * time.Minute), http.StatusUnauthorized},
		"missing":             {"", http.StatusUnauthorized},
		"not a number":        {"yesterday", http.StatusUnauthorized},
		"seconds, not millis": {strconv.FormatInt(now.Unix(), 10), http.StatusUnauthorized},
	} {
		assert.Equal(t, tc.want, deliver(h, at(tc.ts)).Code, name)
	}
	// Without WithMaxAge the header is not needed.
	assert.Equal(t, http.StatusOK, deliver(newTestHandler(t, testWebhookSecret), at("")).Code)
}

func TestWebhookHandlerArray(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var messages, acks atomic.Int32
	h.OnMessage(func(_ context.Context, _ *Event, m *Message) error {
		messages.Add(1)
		return nil
	})
	h.OnAck(func(context.Context, *Event, *AckEvent) error {
		if acks.Add(1) == 1 {
			return errors.New("first ack fails")
		}
		return nil
	})
	body := fixture(t, "webhooks/array.json")
	assert.Equal(t, http.StatusInternalServerError, deliver(h, delivery(body)).Code, "one failed event fails the delivery")
	assert.Equal(t, int32(1), messages.Load(), "the other event was still handled")
	assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
	assert.Equal(t, int32(1), messages.Load(), "the handled event is not handled again")
	assert.Equal(t, int32(2), acks.Load(), "the failed event is")
}

func TestWebhookHandlerUnknownAndGenericCallbacks(t *testing.T) {
	t.Parallel()
	unknownBody := fixture(t, "webhooks/unknown_event.json")
	var order []string
	h := newTestHandler(t, testWebhookSecret)
	h.OnUnknown(func(_ context.Context, e *Event) error {
		u, ok := e.Payload.(*UnknownEvent)
		if !ok {
			return fmt.Errorf("payload %T", e.Payload)
		}
		order = append(order, "unknown "+string(u.Type))
		return nil
	})
	h.On(EventMessage, func(context.Context, *Event) error {
		order = append(order, "generic")
		return nil
	})
	h.OnMessage(func(context.Context, *Event, *Message) error {
		order = append(order, "typed")
		return nil
	})
	h.On(EventMessage, nil)
	h.OnMessage(nil)
	h.OnUnknown(nil)

	assert.Equal(t, http.StatusOK, deliver(h, delivery(unknownBody)).Code)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(fixture(t, "webhooks/message.json"))).Code)
	assert.Equal(t, http.StatusOK, deliver(h, delivery(fixture(t, "webhooks/label.upsert.json"))).Code, "known, unregistered")
	assert.Equal(t, []string{"unknown group.v2.participants.join_request", "generic", "typed"}, order)

	// A callback for the exact type takes precedence over OnUnknown.
	order = nil
	const joinRequest EventType = "group.v2.participants.join_request"
	h2 := newTestHandler(t, testWebhookSecret)
	h2.OnUnknown(func(context.Context, *Event) error {
		order = append(order, "unknown")
		return nil
	})
	h2.On(joinRequest, func(context.Context, *Event) error {
		order = append(order, "specific")
		return nil
	})
	assert.Equal(t, http.StatusOK, deliver(h2, delivery(unknownBody)).Code)
	assert.Equal(t, []string{"specific"}, order)
}

func TestWebhookHandlerFirstErrorStopsLaterCallbacks(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var second atomic.Int32
	h.OnMessage(func(context.Context, *Event, *Message) error { return errors.New("first fails") })
	h.OnMessage(func(context.Context, *Event, *Message) error {
		second.Add(1)
		return nil
	})
	assert.Equal(t, http.StatusInternalServerError, deliver(h, delivery(fixture(t, "webhooks/message.json"))).Code)
	assert.Equal(t, int32(0), second.Load())
}

func TestWebhookHandlerLogsWithoutSecrets(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := newTestHandler(t, testWebhookSecret, WithErrorLog(logger))
	h.OnMessage(func(context.Context, *Event, *Message) error { panic("kaboom-42") })
	h.OnAck(func(context.Context, *Event, *AckEvent) error { return errors.New("ack store unavailable") })

	body := fixture(t, "webhooks/message.json")
	w := deliver(h, delivery(body))
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.NotContains(t, w.Body.String(), "kaboom-42", "the panic value never reaches the client")
	assert.Equal(t, http.StatusInternalServerError, deliver(h, delivery(fixture(t, "webhooks/message.ack.json"))).Code)
	bad := delivery(body)
	bad.Header.Set(HeaderWebhookHMAC, strings.Repeat("ab", 64))
	assert.Equal(t, http.StatusUnauthorized, deliver(h, bad).Code)

	out := logs.String()
	assert.Contains(t, out, "webhook callback panicked")
	assert.Contains(t, out, "kaboom-42")
	assert.Contains(t, out, "evt_01jq8x3m5k7w2r9t4v6y8z0m02")
	assert.Contains(t, out, "ack store unavailable")
	assert.Contains(t, out, "webhook delivery rejected")
	assert.Contains(t, out, ErrSignatureMismatch.Error())
	assert.NotContains(t, out, testWebhookSecret)
	assert.NotContains(t, out, SignWebhook(body, testWebhookSecret, AlgorithmSHA512))
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", h, h, h), testWebhookSecret, "printing the handler hides the secret")
}

func TestWebhookHandlerRegistrationWhileServing(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret, WithDeduplicator(nil))
	body := fixture(t, "webhooks/message.json")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				h.OnMessage(func(context.Context, *Event, *Message) error { return nil })
				return
			}
			assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
		}()
	}
	wg.Wait()
}

func TestWebhookHandlerConcurrentDeliveries(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	var calls atomic.Int32
	h.OnMessage(func(context.Context, *Event, *Message) error {
		calls.Add(1)
		return nil
	})
	var wg sync.WaitGroup
	for i := range 20 {
		body := bytes.Replace(fixture(t, "webhooks/message.json"), []byte("evt_01jq8x3m5k7w2r9t4v6y8z0m02"), fmt.Appendf(nil, "evt_concurrent_%02d", i), 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Equal(t, http.StatusOK, deliver(h, delivery(body)).Code)
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(20), calls.Load())
}

func TestWebhookHandlerAsHTTPServer(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, testWebhookSecret)
	got := make(chan *Message, 1)
	h.OnMessage(func(_ context.Context, _ *Event, m *Message) error {
		got <- m
		return nil
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	body := fixture(t, "webhooks/message.json")
	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set(HeaderWebhookHMAC, SignWebhook(body, testWebhookSecret, ""))
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	m := <-got
	assert.Equal(t, "Hi, is my order on its way?", m.Body)
}
