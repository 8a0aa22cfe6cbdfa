package wawp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression tests of the request path at its edges: what an echoing
// server, a redirect, a lying Content-Length or an overflowing header does.

// urlEchoingTransport fails every request with an error whose own text
// carries the full URL, as some proxies and custom RoundTrippers do.
type urlEchoingTransport struct{}

func (urlEchoingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("proxy refused %s: %w", r.URL, io.ErrUnexpectedEOF)
}

func TestTransportErrorChainHidesTokenAndQuery(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testInstance, testToken, WithHTTPClient(&http.Client{Transport: urlEchoingTransport{}}),
		WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, err = c.Messages.SendText(context.Background(), leakChat, SendTextParams{Text: leakText})
	var transportErr *TransportError
	require.ErrorAs(t, err, &transportErr)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "the cause still matches")
	depth := 0
	for e := error(err); e != nil; e = errors.Unwrap(e) {
		depth++
		for _, out := range []string{e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e)} {
			assertNoToken(t, out, depth)
			assert.NotContains(t, out, leakText, "depth %d: message text stays out of errors", depth)
		}
	}
	assert.GreaterOrEqual(t, depth, 3, "the chain is kept, sanitized")
	assert.Equal(t, `wawp: POST /send: Post "https://wawp.net/wp-json/awp/v1/send": proxy refused https://wawp.net/wp-json/awp/v1/send: unexpected EOF`, err.Error())
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	c, ts := newWireTestClient(t)
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	})

	_, err := c.Messages.SendText(context.Background(), leakChat, SendTextParams{Text: "once"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
	assert.Equal(t, 1, ts.count(), "a send answered by a redirect is not repeated")
	_, err = c.Sessions.Info(context.Background())
	require.Error(t, err)
	assert.Equal(t, int32(0), elsewhere.Load(), "no request, so no token, reaches the other host")

	// The caller's own client is copied with the same policy, and left as it was.
	own := &http.Client{}
	c2, err := NewClient(testInstance, testToken, WithBaseURL(ts.url+testBasePath), WithHTTPClient(own))
	require.NoError(t, err)
	_, err = c2.Sessions.Info(context.Background())
	require.ErrorAs(t, err, &apiErr)
	assert.Nil(t, own.CheckRedirect)
	assert.Equal(t, int32(0), elsewhere.Load())
}

func TestRetryAfterOverflowSaturates(t *testing.T) {
	t.Parallel()
	d, ok := parseRetryAfter("18446744074", time.Now())
	require.True(t, ok)
	assert.Equal(t, time.Duration(math.MaxInt64), d)
	d, ok = parseRetryAfter("99999999999999999999999", time.Now())
	require.True(t, ok, "beyond uint64 too")
	assert.Equal(t, time.Duration(math.MaxInt64), d)

	c, ts := newTestClient(t)
	ts.setHeader("Retry-After", "18446744074")
	ts.reply(http.StatusTooManyRequests, `{"code":"rate_limited","message":"slow down","data":{"status":429}}`)
	_, err := c.Sessions.Info(context.Background())
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Duration(math.MaxInt64), apiErr.RetryAfter)
	assert.Equal(t, 1, ts.count(), "a wait beyond the policy's longest ends the call at once")
}

// lyingBody declares a huge Content-Length and sends a few bytes.
type lyingBody struct{ io.Reader }

func TestDeclaredLengthReservesNoMemory(t *testing.T) {
	// Not parallel: it reads the allocation counter.
	const declared = 64 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 16 {
		body, err := readBody(lyingBody{strings.NewReader(`{"id":"x"}`)}, declared, DefaultMaxResponseBytes)
		require.NoError(t, err)
		require.Equal(t, `{"id":"x"}`, string(body))
	}
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4<<20), "16 calls declaring 64 MiB each allocate far less than one of them")
}

func TestResponseOverLimitIsTypedError(t *testing.T) {
	t.Parallel()
	const limit = 1 << 10
	big := `{"id":"` + strings.Repeat("x", 2*limit) + `"}`
	for name, header := range map[string]bool{"declared": true, "chunked": false} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t, WithMaxResponseBytes(limit))
			ts.handle(func(w http.ResponseWriter, _ *http.Request) {
				if !header {
					w.Header().Set("Transfer-Encoding", "chunked")
				}
				_, _ = io.WriteString(w, big)
			})
			_, err := c.Sessions.Info(context.Background())
			var tooLarge *ResponseTooLargeError
			require.ErrorAs(t, err, &tooLarge)
			assert.Equal(t, int64(limit), tooLarge.Limit)
			assert.Equal(t, "wawp: GET /session/info: response body exceeds the 1024-byte limit", err.Error())

			_, err = c.Auth.Screenshot(context.Background())
			require.ErrorAs(t, err, &tooLarge, "an image over the limit is an error, never a cut image")
		})
	}
	_, err := NewClient(testInstance, testToken, WithMaxResponseBytes(0))
	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
}

func TestHugeErrorMessageIsCapped(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusInternalServerError, `{"code":"boom","message":"`+strings.Repeat("m", 8<<20)+`","data":{"status":500}}`)
	_, err := c.Messages.SendText(context.Background(), leakChat, SendTextParams{Text: "hi"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.LessOrEqual(t, len(err.Error()), 4<<10, "Error() stays a few KiB")
	assert.LessOrEqual(t, len(apiErr.Body), maxErrorBody, "only what is kept is read")
}

func TestSuccessWithCodeAndMessageIsNotAnError(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"id":"true_447441429009@c.us_3EB0AAAA","code":"sent","message":"Message queued"}`)
	m, err := c.Messages.SendText(context.Background(), leakChat, SendTextParams{Text: "hi"})
	require.NoError(t, err, "a delivered send must not look failed: the app would resend it")
	assert.Equal(t, MessageID("true_447441429009@c.us_3EB0AAAA"), m.ID)

	for body, isError := range map[string]bool{
		`{"code":"ABCD-1234","message":"Enter this code"}`:                   false,
		`{"code":"x","message":"y","data":{"status":200}}`:                   false,
		`{"code":"x","message":"y","data":{"status":400}}`:                   true,
		`{"statusCode":502,"message":"upstream","error":"Bad Gateway"}`:      true,
		`{"status":403,"message":"Upgrade","error":"subscription_required"}`: true,
		`{"code":"invalid_instance","message":"Instance not found."}`:        true,
		`{"code":"rest_no_route","message":"No route"}`:                      true,
	} {
		assert.Equal(t, isError, errorEnvelopeIn([]byte(body)), body)
	}
}

func TestIteratorsRejectNilContext(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	//lint:ignore SA1012 a nil context is what this test is about
	for _, err := range c.Chats.ListIter(nil, nil) {
		var verr *ValidationError
		require.ErrorAs(t, err, &verr)
		assert.Equal(t, "ctx", verr.Field)
	}
	assert.Zero(t, mock.GetTotalCallCount())
}

func TestOnlySendsArePacedPerInstance(t *testing.T) {
	t.Parallel()
	limiters := map[string]*countingLimiter{}
	c, ts := newTestClient(t, WithInstanceRateLimiter(func(id string) RateLimiter {
		l := &countingLimiter{}
		limiters[id] = l
		return l
	}))
	ts.reply(http.StatusOK, `{"id":"true_447441429009@c.us_AAAA","code":"ABCD-1234","name":"x","status":"WORKING"}`)
	ctx := context.Background()
	_, err := c.Sessions.Create(ctx, "bot")
	require.NoError(t, err)
	_, err = c.Groups.Create(ctx, GroupCreateParams{Subject: "Team", Participants: []ChatID{leakChat}})
	require.NoError(t, err)
	_, err = c.Labels.Create(ctx, LabelCreateParams{Name: "Lead", Color: Ptr(1)})
	require.NoError(t, err)
	_, err = c.Auth.RequestCode(ctx, "+"+leakPhone)
	require.NoError(t, err)
	assert.Equal(t, int32(0), limiters[testInstance].calls.Load(), "creating things is not a send")

	_, err = c.Messages.SendText(ctx, leakChat, SendTextParams{Text: "hi"})
	require.NoError(t, err)
	other := c.WithInstance("OTHER0000001")
	_, err = other.Messages.SendText(ctx, leakChat, SendTextParams{Text: "hi"})
	require.NoError(t, err)
	_, err = c.WithInstance("OTHER0000001").Messages.SendText(ctx, leakChat, SendTextParams{Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, int32(1), limiters[testInstance].calls.Load())
	assert.Equal(t, int32(2), limiters["OTHER0000001"].calls.Load(), "each number has its own budget, kept across WithInstance")

	shared := &countingLimiter{}
	c, _ = newTestClient(t, WithRateLimiter(shared))
	_, _ = c.Messages.SendText(ctx, leakChat, SendTextParams{Text: "hi"})
	_, _ = c.WithInstance("OTHER0000001").Messages.SendText(ctx, leakChat, SendTextParams{Text: "hi"})
	assert.Equal(t, int32(2), shared.calls.Load(), "one limiter shared on purpose paces every instance")
}

func TestFallbackOnMissingRouteOnly(t *testing.T) {
	t.Parallel()
	v1 := endpoint{route: route{http.MethodPost, "/x"}}
	v2 := endpoint{route: route{http.MethodPost, "/x"}, version: apiV2}
	cases := []struct {
		err    error
		v1, v2 bool
	}{
		{&APIError{StatusCode: 404, Code: CodeNoRoute}, true, true},
		{&APIError{StatusCode: 405}, true, true},
		{&APIError{StatusCode: 404, Code: CodeInvalidInstance}, false, true},
		{&APIError{StatusCode: 500}, false, false},
		{&TransportError{Err: io.EOF}, false, false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.v1, v1.routeMissing(tc.err), "%v", tc.err)
		assert.Equal(t, tc.v2, v2.routeMissing(tc.err), "%v", tc.err)
	}
}

func TestShortTokenRedactionLeavesOtherTextAlone(t *testing.T) {
	t.Parallel()
	r := newRedactor("ab1")
	assert.Equal(t, "tab1e ab12 [redacted] x=[redacted]", r.text("tab1e ab12 ab1 x=ab1"))
	assert.Equal(t, "Are you sure? yes", r.cleanText("Are you sure? yes"), "a question mark in prose is not a query")
	assert.Equal(t, "GET /p: failed", r.cleanText("GET /p?access_token=ab1&chatId=1: failed"))
	var empty redactor
	assert.Equal(t, "ab1", empty.text("ab1"))
}
