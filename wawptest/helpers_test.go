package wawptest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

// newServer starts a server that the test closes.
func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// reply is a raw answer of the server.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// wpError is the WordPress error body.
type wpError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Status int             `json:"status"`
		Params json.RawMessage `json:"params"`
	} `json:"data"`
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), "body: %s", r.Body)
}

// wpError decodes an error answer and checks its status matches the envelope.
func (r reply) wpError(t *testing.T) wpError {
	t.Helper()
	var e wpError
	r.decode(t, &e)
	require.Equal(t, r.Status, e.Data.Status, "data.status must repeat the HTTP status")
	return e
}

// caller sends raw HTTP requests with chosen credentials.
type caller struct {
	t          *testing.T
	srv        *Server
	instanceID string
	token      string
}

// api returns a caller for the default instance.
func api(t *testing.T, srv *Server) caller {
	return caller{t: t, srv: srv, instanceID: srv.InstanceID(), token: srv.AccessToken()}
}

func (c caller) as(instanceID, token string) caller {
	c.instanceID, c.token = instanceID, token
	return c
}

// do sends method to path (already escaped, below BasePath, with a leading
// slash), with the operation query and a JSON body when body is not empty.
func (c caller) do(method, path string, query url.Values, body string) reply {
	c.t.Helper()
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if c.instanceID != "" {
		q.Set("instance_id", c.instanceID)
	}
	if c.token != "" {
		q.Set("access_token", c.token)
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.srv.URL+strings.TrimSuffix(BasePath, "/")+path+"?"+q.Encode(), rd)
	require.NoError(c.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// ok sends and requires a 200 answer.
func (c caller) ok(method, path string, query url.Values, body string) reply {
	c.t.Helper()
	r := c.do(method, path, query, body)
	require.Equal(c.t, http.StatusOK, r.Status, "%s %s: %s", method, path, r.Body)
	return r
}

// sendText sends a text message and returns it as answered.
func (c caller) sendText(chat wawp.ChatID, text string) wawp.Message {
	c.t.Helper()
	var m wawp.Message
	c.ok(http.MethodPost, "/send", vals("chatId", string(chat), "message", text), "").decode(c.t, &m)
	return m
}

// messages lists a chat's messages.
func (c caller) messages(chat wawp.ChatID, query url.Values) []wawp.Message {
	c.t.Helper()
	var out []wawp.Message
	c.ok(http.MethodGet, "/chats/"+url.PathEscape(string(chat))+"/messages", query, "").decode(c.t, &out)
	return out
}

// vals builds url.Values from key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// esc escapes one path segment.
func esc(s string) string { return url.PathEscape(s) }

// hookRecorder is a webhook receiver that records what it gets and answers
// with the statuses queued in replies (200 once they run out).
type hookRecorder struct {
	server *httptest.Server

	mu       sync.Mutex
	received []hookRequest
	replies  []int
}

type hookRequest struct {
	Header http.Header
	Body   []byte
}

func newHookRecorder(t *testing.T, replies ...int) *hookRecorder {
	t.Helper()
	h := &hookRecorder{replies: replies}
	h.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.received = append(h.received, hookRequest{Header: r.Header.Clone(), Body: body})
		status := http.StatusOK
		if len(h.replies) > 0 {
			status, h.replies = h.replies[0], h.replies[1:]
		}
		h.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(h.server.Close)
	return h
}

func (h *hookRecorder) requests() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookRequest(nil), h.received...)
}

// envelopeOf decodes a webhook body.
type testEnvelope struct {
	ID          string            `json:"id"`
	Timestamp   int64             `json:"timestamp"`
	Event       string            `json:"event"`
	Session     string            `json:"session"`
	Metadata    map[string]string `json:"metadata"`
	Engine      string            `json:"engine"`
	Me          *wawp.MeInfo      `json:"me"`
	Payload     json.RawMessage   `json:"payload"`
	Environment map[string]any    `json:"environment"`
}

func envelopeOf(t *testing.T, body []byte) testEnvelope {
	t.Helper()
	var env testEnvelope
	require.NoError(t, json.Unmarshal(body, &env), "body: %s", body)
	return env
}

// eventNames lists the names of events, optionally only those in keep.
func eventNames(events []Event, keep ...string) []string {
	var out []string
	for _, e := range events {
		if len(keep) == 0 || slices.Contains(keep, e.Name) {
			out = append(out, e.Name)
		}
	}
	return out
}

// payloadOf decodes the payload of an event.
func payloadOf(t *testing.T, e Event, v any) {
	t.Helper()
	env := envelopeOf(t, e.Body)
	require.NoError(t, json.Unmarshal(env.Payload, v), "payload: %s", env.Payload)
}

// lastEvent returns the last event named name.
func lastEvent(t *testing.T, srv *Server, name string) Event {
	t.Helper()
	events := srv.Events()
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Name == name {
			return events[i]
		}
	}
	require.Failf(t, "no event", "no %s event among %v", name, eventNames(events))
	return Event{}
}

// waitIdle waits for webhook delivery with a generous bound.
func waitIdle(t *testing.T, srv *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitIdle(ctx))
}

// waitFailed waits for webhook delivery and requires failed deliveries.
func waitFailed(t *testing.T, srv *Server) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.WaitIdle(ctx)
	require.ErrorIs(t, err, ErrDeliveryFailed)
	return err
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func decodeJSON(r *http.Request, v any) error { return json.NewDecoder(r.Body).Decode(v) }

// receive delivers a text message to the default instance and requires it stored.
func receive(t *testing.T, srv *Server, from wawp.ChatID, text string) wawp.Message {
	t.Helper()
	m, err := srv.Receive(from, text)
	require.NoError(t, err)
	return m
}

// setWebhook points the server's webhook at url and requires it accepted.
func setWebhook(t *testing.T, srv *Server, url, key string, opts ...WebhookOption) {
	t.Helper()
	require.NoError(t, srv.SetWebhook(url, key, opts...))
}
