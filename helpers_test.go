package wawp

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Credentials used by every test client. The token is long and unusual so a
// leak is easy to spot in any output.
const (
	testInstance = "INST0123ABCD"
	testToken    = "tok-SECRET-9f8e7d6c5b4a"
	testBasePath = "/wp-json/awp/v1"
)

// recordedRequest is what the test server saw, credentials split out.
type recordedRequest struct {
	Method string
	// Path is the escaped path below the API root, such as "/chats/1%40c.us".
	Path string
	// Query holds the operation parameters, without instance_id and access_token.
	Query       url.Values
	InstanceID  []string
	AccessToken []string
	// RawQuery is the query string exactly as sent.
	RawQuery string
	Header   http.Header
	Body     []byte
}

// testServer records every request and answers with a canned reply or a
// custom handler. It serves through an httpmock transport of the client's
// own (newTestClient) or, where a real connection is the point (timeouts,
// dial errors, other hosts), through a loopback listener (newWireTestClient).
type testServer struct {
	t *testing.T
	// url is the server's root: the mock's host, or the listener's URL.
	url string

	mu       sync.Mutex
	requests []recordedRequest
	status   int
	body     []byte
	header   http.Header
	handler  http.HandlerFunc
}

// newTestClient returns a client whose requests a recording testServer
// answers through an httpmock transport of the client's own. Retries wait
// no time; extra options apply after the defaults.
func newTestClient(t *testing.T, opts ...Option) (*Client, *testServer) {
	t.Helper()
	ts := newTestServer(t, "https://wawp.test")
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		ts.serve(rec, r)
		resp := rec.Result()
		resp.Request = r
		return resp, nil
	})
	return ts.client(append([]Option{WithHTTPClient(&http.Client{Transport: mock})}, opts...)), ts
}

// newWireTestClient is newTestClient over a real loopback connection, for
// the tests where the connection itself is the point.
func newWireTestClient(t *testing.T, opts ...Option) (*Client, *testServer) {
	t.Helper()
	server := httptest.NewUnstartedServer(nil)
	ts := newTestServer(t, "")
	server.Config.Handler = http.HandlerFunc(ts.serve)
	server.Start()
	t.Cleanup(server.Close)
	ts.url = server.URL
	return ts.client(opts), ts
}

func newTestServer(t *testing.T, url string) *testServer {
	return &testServer{t: t, url: url, status: http.StatusOK, body: []byte(`{}`), header: http.Header{}}
}

// client builds a client bound to ts: v1 under testBasePath, v2 under /v2.
func (ts *testServer) client(opts []Option) *Client {
	ts.t.Helper()
	all := append([]Option{
		WithBaseURL(ts.url + testBasePath),
		WithV2BaseURL(ts.url + "/v2"),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second}),
	}, opts...)
	c, err := NewClient(testInstance, testToken, all...)
	require.NoError(ts.t, err)
	c.wait = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return c
}

func (ts *testServer) serve(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil { // a client request without a body has none
		body, _ = io.ReadAll(r.Body)
	}
	q := r.URL.Query()
	rec := recordedRequest{
		Method:      r.Method,
		Path:        strings.TrimPrefix(r.URL.EscapedPath(), testBasePath),
		InstanceID:  q["instance_id"],
		AccessToken: q["access_token"],
		RawQuery:    r.URL.RawQuery,
		Header:      r.Header.Clone(),
		Body:        body,
	}
	q.Del("instance_id")
	q.Del("access_token")
	rec.Query = q
	ts.mu.Lock()
	ts.requests = append(ts.requests, rec)
	handler, status, reply, header := ts.handler, ts.status, ts.body, ts.header.Clone()
	ts.mu.Unlock()
	if handler != nil {
		handler(w, r)
		return
	}
	for k, v := range header {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = w.Write(reply)
}

// reply sets the status and body of every following answer.
func (ts *testServer) reply(status int, body string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.status, ts.body, ts.handler = status, []byte(body), nil
}

// replyFixture answers 200 with testdata/<name>.
func (ts *testServer) replyFixture(name string) {
	ts.t.Helper()
	ts.reply(http.StatusOK, string(fixture(ts.t, name)))
}

// setHeader adds a header to every following canned answer.
func (ts *testServer) setHeader(key, value string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.header.Set(key, value)
}

// handle replaces the canned answer with a custom handler.
func (ts *testServer) handle(h http.HandlerFunc) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.handler = h
}

// requestsSeen returns a copy of everything recorded so far.
func (ts *testServer) requestsSeen() []recordedRequest {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]recordedRequest(nil), ts.requests...)
}

// count returns how many requests arrived.
func (ts *testServer) count() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.requests)
}

// last returns the most recent request and fails the test if there is none.
func (ts *testServer) last() recordedRequest {
	ts.t.Helper()
	reqs := ts.requestsSeen()
	require.NotEmpty(ts.t, reqs, "no request reached the server")
	return reqs[len(reqs)-1]
}

// fixture reads testdata/<name>.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// endpointCase is one request test: call a method against a fixture reply,
// then check exactly what went over the wire and what was decoded.
type endpointCase struct {
	// endpoint is the catalog row covered, "METHOD /path/{param}" exactly as
	// in testdata/endpoints.tsv; a coverage test reads these literals.
	endpoint string
	// fixture is the testdata file served with 200; empty serves "{}".
	fixture string
	// call invokes the SDK method and returns its result.
	call func(ctx context.Context, c *Client) (any, error)
	// path is the expected escaped path, such as "/chats/1%40c.us/messages".
	path string
	// query is the exact expected operation query (credentials excluded).
	query url.Values
	// body is the exact expected JSON body; empty means no body at all.
	body string
	// accountLevel calls carry the access token but no instance_id.
	accountLevel bool
	// check asserts the decoded result; nil for methods returning only an error.
	check func(t *testing.T, got any)
}

// runEndpointCases runs each case against a fresh server.
func runEndpointCases(t *testing.T, cases []endpointCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.endpoint+" "+tc.path, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			if tc.fixture != "" {
				ts.replyFixture(tc.fixture)
			}
			got, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			require.Equal(t, 1, ts.count(), "exactly one request must be sent")
			assertRequest(t, tc, ts.last())
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

func assertRequest(t *testing.T, tc endpointCase, req recordedRequest) {
	t.Helper()
	method, template, _ := strings.Cut(tc.endpoint, " ")
	assert.Equal(t, method, req.Method, "method")
	assert.Equal(t, tc.path, req.Path, "path")
	assert.Regexp(t, templatePattern(template), req.Path, "path must match the catalog template")
	want := tc.query
	if want == nil {
		want = url.Values{}
	}
	assert.Equal(t, want, req.Query, "query")
	assert.Equal(t, []string{testToken}, req.AccessToken, "access_token")
	if tc.accountLevel {
		assert.Empty(t, req.InstanceID, "instance_id must not be sent")
	} else {
		assert.Equal(t, []string{testInstance}, req.InstanceID, "instance_id")
	}
	if tc.body == "" {
		assert.Empty(t, req.Body, "body")
		assert.Empty(t, req.Header.Get("Content-Type"), "Content-Type without a body")
	} else {
		assert.JSONEq(t, tc.body, string(req.Body), "body")
		assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	}
	assert.Equal(t, "wawp-go/"+Version, req.Header.Get("User-Agent"))
}

// templatePattern turns "/chats/{chatId}/messages" into an anchored regexp.
func templatePattern(template string) *regexp.Regexp {
	quoted := regexp.QuoteMeta(template)
	return regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]*\\\}`).ReplaceAllString(quoted, `[^/]+`) + "$")
}

// assertNoRequest runs call and checks it fails with a ValidationError naming
// field, without anything reaching the server.
func assertNoRequest(t *testing.T, field string, call func(ctx context.Context, c *Client) error) {
	t.Helper()
	c, ts := newTestClient(t)
	err := call(context.Background(), c)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, field, ve.Field)
	assert.Equal(t, 0, ts.count(), "nothing may be sent on invalid input")
}

// vals builds url.Values from key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// safeBuffer is a bytes.Buffer safe for concurrent writers, for log output.
type safeBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newDebugLogger logs JSON lines at debug level into w.
func newDebugLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newTestHandler builds a webhook handler and fails the test on a bad option.
func newTestHandler(t testing.TB, secretKey string, opts ...WebhookOption) *WebhookHandler {
	t.Helper()
	h, err := NewWebhookHandler(secretKey, opts...)
	require.NoError(t, err)
	return h
}

// newMockClient returns a client whose requests go to a fresh httpmock
// transport of its own (never the global one, so tests run in parallel).
// Retries wait no time. Register responders on the returned transport.
func newMockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	all := append([]Option{
		WithBaseURL(mockBaseURL),
		WithHTTPClient(&http.Client{Transport: mock}),
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second}),
	}, opts...)
	c, err := NewClient(testInstance, testToken, all...)
	require.NoError(t, err)
	c.wait = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return c, mock
}

// mockBaseURL is the API root of clients made by newMockClient.
const mockBaseURL = "https://wawp.test" + testBasePath + "/"

// fixtureResponder answers 200 with testdata/<name> as JSON.
func fixtureResponder(t testing.TB, name string) httpmock.Responder {
	t.Helper()
	resp := httpmock.NewBytesResponder(http.StatusOK, fixture(t, name))
	return resp.HeaderSet(http.Header{"Content-Type": {"application/json"}})
}
