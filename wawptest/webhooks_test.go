package wawptest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

func TestSignMatchesWAHAVector(t *testing.T) {
	t.Parallel()
	got := Sign([]byte(`{"event":"message","session":"default","engine":"WEBJS"}`), "my-secret-key")
	assert.Equal(t, "208f8a55dde9e05519e898b10b89bf0d0b3b0fdf11fdbf09b6b90476301b98d8097c462b2b17a6ce93b6b47a136cf2e78a33a63f6752c2c1631777076153fa89", got)
}

func TestWebhookSignedDelivery(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	const key = "s3cret-key"
	setWebhook(t, srv, hooks.server.URL, key)
	before := time.Now().UnixMilli()
	sent := api(t, srv).sendText(alice, "hello")
	waitIdle(t, srv)

	got := hooks.requests()
	require.Len(t, got, 2)
	events := srv.Events()
	require.Len(t, events, 2)
	for i, name := range []string{"message.any", "message.ack"} {
		req := got[i]
		assert.Equal(t, events[i].Body, req.Body, "the posted body is the recorded one")
		mac := hmac.New(sha512.New, []byte(key))
		mac.Write(req.Body)
		assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), req.Header.Get("X-Webhook-Hmac"), "HMAC-SHA512 over the exact body")
		assert.Equal(t, "sha512", req.Header.Get("X-Webhook-Hmac-Algorithm"))
		assert.Equal(t, "application/json", req.Header.Get("Content-Type"))

		env := envelopeOf(t, req.Body)
		assert.Equal(t, name, env.Event)
		assert.Equal(t, events[i].ID, env.ID)
		assert.Equal(t, name, events[i].Name)
		assert.Regexp(t, `^evt_[a-z0-9]{26}$`, env.ID)
		assert.Equal(t, env.ID, req.Header.Get("X-Webhook-Request-Id"))
		stamp, err := strconv.ParseInt(req.Header.Get("X-Webhook-Timestamp"), 10, 64)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, stamp, before)
		assert.GreaterOrEqual(t, env.Timestamp, before)
		assert.Equal(t, DefaultSessionName, env.Session)
		assert.Equal(t, DefaultSessionName, events[i].Session)
		assert.Equal(t, "GOWS", env.Engine)
		require.NotNil(t, env.Me)
		assert.Equal(t, DefaultMeID, env.Me.ID)
		assert.Equal(t, DefaultInstanceID, env.Metadata["instance_id"])
		assert.Equal(t, map[string]any{"version": "2025.11.2", "engine": "GOWS", "tier": "PLUS", "browser": nil}, env.Environment)
	}
	var any wawp.Message
	require.NoError(t, jsonUnmarshal(envelopeOf(t, got[0].Body).Payload, &any))
	assert.Equal(t, sent.ID, any.ID)
	assert.Equal(t, "hello", any.Body)
	var ack struct {
		ID  wawp.MessageID `json:"id"`
		Ack wawp.Ack       `json:"ack"`
	}
	require.NoError(t, jsonUnmarshal(envelopeOf(t, got[1].Body).Payload, &ack))
	assert.Equal(t, sent.ID, ack.ID)
	assert.Equal(t, wawp.AckServer, ack.Ack)

	_, err := srv.AdvanceAck(sent.ID)
	require.NoError(t, err)
	waitIdle(t, srv)
	require.Len(t, hooks.requests(), 3)
	require.NoError(t, jsonUnmarshal(envelopeOf(t, hooks.requests()[2].Body).Payload, &ack))
	assert.Equal(t, wawp.AckDevice, ack.Ack)

	for _, d := range srv.Deliveries() {
		assert.Equal(t, http.StatusOK, d.Status)
		assert.Equal(t, 1, d.Attempt)
		assert.NoError(t, d.Err)
	}
}

func TestWebhookWithoutKeyIsUnsigned(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	setWebhook(t, srv, hooks.server.URL, "")
	receive(t, srv, alice, "hi")
	waitIdle(t, srv)
	got := hooks.requests()
	require.Len(t, got, 2)
	for _, req := range got {
		assert.Empty(t, req.Header.Values("X-Webhook-Hmac"))
		assert.Empty(t, req.Header.Values("X-Webhook-Hmac-Algorithm"))
		assert.NotEmpty(t, req.Header.Get("X-Webhook-Request-Id"))
	}
}

func TestReceiveProducesMessageEvent(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	setWebhook(t, srv, hooks.server.URL, "k")
	m := receive(t, srv, "447441429009", "ping")
	waitIdle(t, srv)

	got := hooks.requests()
	require.Len(t, got, 2)
	assert.Equal(t, []string{"message", "message.any"}, []string{envelopeOf(t, got[0].Body).Event, envelopeOf(t, got[1].Body).Event})
	var payload wawp.Message
	require.NoError(t, jsonUnmarshal(envelopeOf(t, got[0].Body).Payload, &payload))
	assert.Equal(t, m.ID, payload.ID)
	assert.Equal(t, alice, payload.From)
	assert.Equal(t, DefaultMeID, payload.To)
	assert.False(t, payload.FromMe)
	assert.Equal(t, "ping", payload.Body)
	assert.Empty(t, payload.Source)
}

func TestWebhookRetriesServerErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t, http.StatusServiceUnavailable, http.StatusInternalServerError)
	setWebhook(t, srv, hooks.server.URL, "k")
	receive(t, srv, alice, "hi")
	waitIdle(t, srv)

	deliveries := srv.Deliveries()
	require.Len(t, deliveries, 4, "three attempts for the first event, one for the second")
	first := srv.Events()[0]
	for i, want := range []int{503, 500, 200} {
		assert.Equal(t, Delivery{Event: "message", ID: first.ID, Status: want, Attempt: i + 1}, deliveries[i])
	}
	assert.Equal(t, Delivery{Event: "message.any", ID: srv.Events()[1].ID, Status: 200, Attempt: 1}, deliveries[3])
	got := hooks.requests()
	require.Len(t, got, 4)
	assert.Equal(t, got[0].Body, got[2].Body, "a retry posts the same body")
	assert.Equal(t, got[0].Header.Get("X-Webhook-Request-Id"), got[2].Header.Get("X-Webhook-Request-Id"))
}

func TestWebhookGivesUp(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t, 500, 502, 504, http.StatusBadRequest)
	setWebhook(t, srv, hooks.server.URL, "")
	receive(t, srv, alice, "hi")
	err := waitFailed(t, srv)
	var statuses []int
	for _, d := range srv.Deliveries() {
		statuses = append(statuses, d.Status)
	}
	assert.Equal(t, []int{500, 502, 504, 400}, statuses, "three tries, then the next event; a 4xx is not retried")
	events := srv.Events()
	want := []DeliveryError{
		{Event: "message", ID: events[0].ID, URL: hooks.server.URL, Status: 504, Attempts: 3},
		{Event: "message.any", ID: events[1].ID, URL: hooks.server.URL, Status: 400, Attempts: 1},
	}
	assert.Equal(t, want, srv.DeliveryErrors())
	assert.Equal(t, "wawptest: webhook message "+events[0].ID+" to "+hooks.server.URL+": status 504 after 3 attempt(s)\n"+
		"wawptest: webhook message.any "+events[1].ID+" to "+hooks.server.URL+": status 400 after 1 attempt(s)", err.Error())

	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	other := newServer(t, WithAutoLogin())
	setWebhook(t, other, "http://user:pass@"+strings.TrimPrefix(deadURL, "http://")+"/hook?secret=abc", "")
	receive(t, other, alice, "hi")
	err = waitFailed(t, other)
	d := other.Deliveries()
	require.Len(t, d, 6)
	for i := range 3 {
		assert.Equal(t, i+1, d[i].Attempt)
		assert.Equal(t, 0, d[i].Status)
		assert.Error(t, d[i].Err, "connection refused")
	}
	failed := other.DeliveryErrors()
	require.Len(t, failed, 2)
	for _, f := range failed {
		assert.Equal(t, deadURL+"/hook", f.URL, "user info and query are left out")
		assert.Equal(t, 0, f.Status)
		assert.Equal(t, 3, f.Attempts)
		var urlErr *url.Error
		require.ErrorAs(t, f.Err, &urlErr, "the transport error is kept")
		assert.Equal(t, deadURL+"/hook", urlErr.URL)
	}
	var de *DeliveryError
	require.ErrorAs(t, err, &de)
	var urlErr *url.Error
	assert.ErrorAs(t, err, &urlErr, "DeliveryError unwraps to the transport error")
	for _, secret := range []string{"pass", "secret=abc"} {
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, d[0].Err.Error(), secret)
	}
}

func TestWebhookFailuresReportedOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t, http.StatusForbidden, http.StatusOK, http.StatusOK, http.StatusMovedPermanently)
	setWebhook(t, srv, hooks.server.URL, "")
	receive(t, srv, alice, "one")
	err := waitFailed(t, srv)
	var de *DeliveryError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, http.StatusForbidden, de.Status)
	waitIdle(t, srv) // already reported
	receive(t, srv, alice, "two")
	err = waitFailed(t, srv)
	require.ErrorAs(t, err, &de)
	assert.Equal(t, http.StatusMovedPermanently, de.Status, "only 2xx is accepted")
	assert.Equal(t, srv.Events()[3].ID, de.ID)
	assert.Len(t, srv.DeliveryErrors(), 2)
}

func TestWebhookReceiverMayCallBack(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var env testEnvelope
		if err := decodeJSON(r, &env); err == nil && env.Event == "message" {
			var m wawp.Message
			if jsonUnmarshal(env.Payload, &m) == nil {
				_ = postSend(srv, string(m.From), "echo: "+m.Body)
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(bot.Close)
	setWebhook(t, srv, bot.URL, "k")
	receive(t, srv, alice, "marco")
	waitIdle(t, srv)
	sent := srv.Sent()
	require.Len(t, sent, 1)
	assert.Equal(t, "echo: marco", sent[0].Body)
	assert.Equal(t, []string{"message", "message.any", "message.any", "message.ack"}, eventNames(srv.Events()))
	assert.Len(t, srv.Deliveries(), 4)
}

func TestWebhookOrder(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	setWebhook(t, srv, hooks.server.URL, "")
	for i := range 20 {
		receive(t, srv, alice, strconv.Itoa(i))
	}
	waitIdle(t, srv)
	events := srv.Events()
	got := hooks.requests()
	require.Len(t, got, len(events))
	for i := range events {
		assert.Equal(t, events[i].ID, envelopeOf(t, got[i].Body).ID)
	}
}

func TestEventsWithoutWebhook(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	receive(t, srv, alice, "hi")
	require.NoError(t, srv.WaitIdle(context.Background()), "nothing to deliver")
	assert.Equal(t, []string{"message", "message.any"}, eventNames(srv.Events()))
	assert.Empty(t, srv.Deliveries())
}

func TestCloseStopsDelivery(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithAutoLogin())
	arrived := make(chan struct{}, 1)
	blocking := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the sender leaving
		arrived <- struct{}{}
		<-r.Context().Done() // hold the delivery until the sender gives up
	}))
	t.Cleanup(blocking.Close)
	setWebhook(t, srv, blocking.URL, "")
	receive(t, srv, alice, "one")
	receive(t, srv, alice, "two")
	<-arrived

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, srv.WaitIdle(ctx), context.DeadlineExceeded, "a delivery is in flight")

	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return while a delivery was in flight")
	}
	assert.True(t, isClosed(srv.hooks.done), "the delivery goroutine has ended")
	require.NoError(t, srv.WaitIdle(context.Background()), "nothing is left after Close")
	d := srv.Deliveries()
	require.Len(t, d, 1, "the queued event was dropped")
	assert.Error(t, d[0].Err)
	srv.Close() // a second Close does nothing
}

func TestCloseWithoutWebhook(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	srv.Close()
	assert.False(t, isClosed(srv.hooks.done), "no goroutine was ever started")
	setWebhook(t, srv, "http://127.0.0.1:1/", "")
	assert.False(t, srv.hooks.started, "a closed server starts no delivery")
}

func TestWebhookSignedWithWawpSignature(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	const key = "wawp-key"
	setWebhook(t, srv, hooks.server.URL, key, WithSignature(SignatureWawp))
	receive(t, srv, alice, "hi")
	waitIdle(t, srv)

	got := hooks.requests()
	require.Len(t, got, 2)
	for _, req := range got {
		mac := hmac.New(sha256.New, []byte(key))
		mac.Write(req.Body)
		assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), req.Header.Get("X-Wawp-Signature"), "hex HMAC-SHA256 over the exact body")
		assert.Empty(t, req.Header.Values("X-Webhook-Hmac"), "one scheme at a time")
		assert.Empty(t, req.Header.Values("X-Webhook-Hmac-Algorithm"))
		assert.NotEmpty(t, req.Header.Get("X-Webhook-Request-Id"))
	}

	// Back to the default scheme; without a key nothing is signed.
	setWebhook(t, srv, hooks.server.URL, key)
	receive(t, srv, alice, "again")
	setWebhook(t, srv, hooks.server.URL, "", WithSignature(SignatureWawp))
	receive(t, srv, alice, "unsigned")
	waitIdle(t, srv)
	got = hooks.requests()
	require.Len(t, got, 6)
	assert.Equal(t, Sign(got[2].Body, key), got[2].Header.Get("X-Webhook-Hmac"))
	assert.Empty(t, got[2].Header.Values("X-Wawp-Signature"))
	assert.Empty(t, got[4].Header.Values("X-Wawp-Signature"))
	assert.Empty(t, got[4].Header.Values("X-Webhook-Hmac"))
}

func TestSetWebhookRejectsBadValues(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	setWebhook(t, srv, hooks.server.URL, "k")
	cases := []struct {
		url   string
		opts  []WebhookOption
		field string
	}{
		{url: "example.com/hook", field: "url"},
		{url: "ftp://example.com/hook", field: "url"},
		{url: "http:///hook", field: "url"},
		{url: "http://exa mple.com/", field: "url"},
		{url: "http://example.com/", opts: []WebhookOption{WithSignature("sha1")}, field: "scheme"},
		{url: "http://example.com/", opts: []WebhookOption{WithSignature("")}, field: "scheme"},
	}
	for _, tc := range cases {
		err := srv.SetWebhook(tc.url, "k", tc.opts...)
		var ve *wawp.ValidationError
		require.ErrorAs(t, err, &ve, tc.url)
		assert.Equal(t, tc.field, ve.Field, tc.url)
	}
	receive(t, srv, alice, "hi")
	waitIdle(t, srv)
	assert.Len(t, hooks.requests(), 2, "the webhook set before is kept")
	assert.Equal(t, Sign(hooks.requests()[0].Body, "k"), hooks.requests()[0].Header.Get("X-Webhook-Hmac"))
}

func TestSignatureScheme(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "waha", SignatureWAHA.String())
	assert.Equal(t, "wawp", SignatureWawp.String())
	assert.True(t, SignatureWAHA.IsKnown())
	assert.True(t, SignatureWawp.IsKnown())
	assert.False(t, SignatureScheme("sha256").IsKnown())
}
