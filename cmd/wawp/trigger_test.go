package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
)

// eventRecorder is a webhook handler that keeps every event it accepted.
type eventRecorder struct {
	mu     sync.Mutex
	events []*wawp.Event
}

func (r *eventRecorder) all() []*wawp.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*wawp.Event(nil), r.events...)
}

// recordingHandler serves an SDK webhook handler with secret that records
// every event, of any type.
func recordingHandler(t *testing.T, secret string) (*httptest.Server, *eventRecorder) {
	t.Helper()
	rec := &eventRecorder{}
	h, err := newEventReceiver(secret, func(e *wawp.Event) {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.events = append(rec.events, e)
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, rec
}

func TestTriggerSignedMessage(t *testing.T) {
	srv, rec := recordingHandler(t, "right")

	r := runWawp(t, nil, "trigger", "message", "-to", srv.URL, "-secret", "right", "-from", "+49 151 12345678", "-text", "hello bot")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "message "+srv.URL+": 200 OK\n", r.stdout)

	r = runWawp(t, nil, "trigger", "-to", srv.URL, "-secret", "right", "message")
	require.Equal(t, exitOK, r.code, r.stderr)

	events := rec.all()
	require.Len(t, events, 2)
	first, second := events[0], events[1]
	assert.Equal(t, wawp.EventMessage, first.Type)
	m := first.Message()
	require.NotNil(t, m)
	assert.Equal(t, wawp.ChatID("4915112345678@c.us"), m.From)
	assert.Equal(t, "hello bot", m.Body)
	parts, err := m.ID.Parts()
	require.NoError(t, err)
	assert.Equal(t, wawp.ChatID("4915112345678@c.us"), parts.Chat, "the message ID names the sender's chat")

	assert.Equal(t, "Hi, is my order on its way?", second.Message().Body, "the sample's text without -text")
	assert.NotEqual(t, first.ID, second.ID, "each delivery has a fresh event id")
	assert.NotEqual(t, first.Message().ID, second.Message().ID, "and a fresh message id")
	for _, e := range events {
		assert.True(t, strings.HasPrefix(e.ID, "evt_"), e.ID)
		assert.WithinDuration(t, time.Now(), e.Timestamp.Time, time.Minute)
		assert.WithinDuration(t, time.Now(), e.Message().Timestamp.Time, time.Minute)
	}
}

func TestTriggerWrongSecret(t *testing.T) {
	srv, rec := recordingHandler(t, "right")
	r := runWawp(t, nil, "trigger", "message", "-to", srv.URL, "-secret", "wrong")
	assert.Equal(t, exitFailure, r.code)
	assert.Equal(t, "message "+srv.URL+": 401 Unauthorized\n", r.stdout)
	assert.Contains(t, r.stderr, "the handler answered 401 Unauthorized")
	assert.Empty(t, rec.all())
}

// TestTriggerWawpHeader checks -header wawp against a receiver that verifies
// X-Wawp-Signature as Wawp documents it: hex HMAC-SHA256 of the body.
func TestTriggerWawpHeader(t *testing.T) {
	const secret = "wawp-secret"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get(wawp.HeaderWebhookHMAC) != "" ||
			wawp.VerifyHMAC(body, r.Header.Get("X-Wawp-Signature"), secret, wawp.AlgorithmSHA256) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	r := runWawp(t, nil, "trigger", "call.received", "-header", "wawp", "-to", srv.URL, "-secret", secret)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "call.received "+srv.URL+": 204 No Content\n", r.stdout)

	r = runWawp(t, nil, "trigger", "call.received", "-header", "wawp", "-to", srv.URL, "-secret", "other")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stdout, "401 Unauthorized")
}

// TestTriggerEveryEvent sends each event type of the catalog and checks that
// the SDK decodes it to that type's typed payload.
func TestTriggerEveryEvent(t *testing.T) {
	catalog := catalogEvents(t)
	available := eventTypes()
	for _, event := range catalog {
		assert.Contains(t, available, event, "no sample for %s", event)
	}

	srv, rec := recordingHandler(t, "s")
	for _, event := range available {
		r := runWawp(t, nil, "trigger", event, "-to", srv.URL, "-secret", "s")
		require.Equal(t, exitOK, r.code, "%s: %s", event, r.stderr)
	}
	events := rec.all()
	require.Len(t, events, len(available))
	for i, e := range events {
		assert.Equal(t, wawp.EventType(available[i]), e.Type)
		assert.True(t, e.Type.IsKnown(), e.Type)
		assert.NotEqual(t, "*wawp.UnknownEvent", fmt.Sprintf("%T", e.Payload), e.Type)
	}
}

// catalogEvents reads the event names of the repository's testdata/events.tsv.
func catalogEvents(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../testdata/events.tsv")
	require.NoError(t, err)
	defer f.Close()
	var events []string
	lines := bufio.NewScanner(f)
	lines.Scan() // header
	for lines.Scan() {
		if name, _, ok := strings.Cut(lines.Text(), "\t"); ok {
			events = append(events, name)
		}
	}
	require.NoError(t, lines.Err())
	require.NotEmpty(t, events)
	return events
}

func TestBuildEvent(t *testing.T) {
	now := time.Date(2025, 3, 6, 10, 0, 0, 0, time.UTC)

	body, err := buildEvent("message.reaction", "447700900123@c.us", "👍", now)
	require.NoError(t, err)
	e, err := wawp.ParseEvent(body)
	require.NoError(t, err)
	reaction := e.Payload.(*wawp.ReactionEvent)
	assert.Equal(t, wawp.ChatID("447700900123@c.us"), reaction.From)
	assert.Equal(t, "👍", reaction.Reaction.Text)
	assert.Equal(t, now, e.Timestamp.Time)
	assert.Equal(t, now, reaction.Timestamp.Time)

	body, err = buildEvent("poll.vote", "447700900123@c.us", "", now)
	require.NoError(t, err)
	e, err = wawp.ParseEvent(body)
	require.NoError(t, err)
	vote := e.Payload.(*wawp.PollVoteEvent)
	assert.Equal(t, wawp.ChatID("447700900123@c.us"), vote.Vote.Participant)
	assert.Equal(t, wawp.ChatID("120363041234567890@g.us"), vote.Vote.From, "the group stays the chat")

	_, err = buildEvent("nope", "", "", now)
	var usage *usageError
	require.ErrorAs(t, err, &usage)
	assert.Contains(t, err.Error(), "message.ack")
	_, err = buildEvent("label.upsert", "447700900123@c.us", "", now)
	require.ErrorAs(t, err, &usage)
	_, err = buildEvent("call.received", "", "text", now)
	require.ErrorAs(t, err, &usage)
}

func TestTriggerUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"trigger"},
		{"trigger", "message"},
		{"trigger", "message", "-to", "http://127.0.0.1:1/"},
		{"trigger", "message", "-to", "http://127.0.0.1:1/", "-secret", "s", "-header", "md5"},
		{"trigger", "nope", "-to", "http://127.0.0.1:1/", "-secret", "s"},
		{"trigger", "message", "call.received", "-to", "http://127.0.0.1:1/", "-secret", "s"},
		{"trigger", "message", "-to", "http://127.0.0.1:1/", "-secret", "s", "-from", "x@y"},
		{"trigger", "group.v2.leave", "-to", "http://127.0.0.1:1/", "-secret", "s", "-from", "447441429009"},
		{"trigger", "message", "-bogus"},
	} {
		r := runWawp(t, nil, args...)
		assert.Equal(t, exitUsage, r.code, "%q: %s", args, r.stderr)
		assert.NotEmpty(t, r.stderr, "%q", args)
	}

	// Nobody listens: a failure, not a usage error.
	r := runWawp(t, nil, "trigger", "message", "-to", "http://"+freeAddr(t)+"/", "-secret", "s")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "posting to the handler")
}

// TestSamplesMatchTestdata keeps the embedded samples identical to the
// repository's fixtures they were copied from.
func TestSamplesMatchTestdata(t *testing.T) {
	for _, event := range eventTypes() {
		embedded, err := samples.ReadFile("events/" + event + ".json")
		require.NoError(t, err)
		fixture, err := os.ReadFile("../../testdata/webhooks/" + event + ".json")
		require.NoError(t, err)
		assert.Equal(t, string(fixture), string(embedded), "cmd/wawp/events/%s.json differs from testdata/webhooks", event)
	}
}
