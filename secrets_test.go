package wawp

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leakChecks renders an error every way a program might print or inspect it.
func leakChecks(err error) []string {
	out := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	for e := err; e != nil; e = errors.Unwrap(e) {
		out = append(out, e.Error(), fmt.Sprintf("%+v", e))
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		out = append(out, urlErr.URL, urlErr.Error())
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		out = append(out, string(apiErr.Body), apiErr.Message)
	}
	var decodeErr *DecodeError
	if errors.As(err, &decodeErr) {
		out = append(out, decodeErr.Snippet)
	}
	return out
}

func TestAccessTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	echoURL := func(w http.ResponseWriter, r *http.Request, status int, asJSON bool) {
		if asJSON {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = fmt.Fprintf(w, `{"code":"bad","message":"cannot serve %s","data":{"status":%d}}`, r.URL.String(), status)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "<html><head><title>Error at %s</title></head><body>%s</body></html>", html.EscapeString(r.URL.String()), r.URL.RawQuery)
	}
	cases := []struct {
		name    string
		handler http.HandlerFunc
		opts    []Option
		call    func(ctx context.Context, c *Client) error
	}{
		{
			name: "API error",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, string(fixtureBytes("errors/wordpress.json")), http.StatusUnauthorized)
			},
		},
		{
			name:    "HTML error page echoing the URL",
			handler: func(w http.ResponseWriter, r *http.Request) { echoURL(w, r, http.StatusBadGateway, false) },
		},
		{
			name:    "JSON error echoing the URL",
			handler: func(w http.ResponseWriter, r *http.Request) { echoURL(w, r, http.StatusBadRequest, true) },
		},
		{
			name: "2xx error envelope echoing the URL",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = fmt.Fprintf(w, `{"code":"bad","message":"cannot serve %s","data":{"status":400}}`, r.URL.String())
			},
		},
		{
			name: "decode error echoing the URL",
			handler: func(w http.ResponseWriter, r *http.Request) {
				_, _ = fmt.Fprintf(w, `{"name":1,"echo":%q}`, r.URL.String())
			},
		},
		{
			name: "timeout",
			handler: func(_ http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			},
			opts: []Option{WithTimeout(20 * time.Millisecond)},
		},
		{
			name:    "validation error",
			handler: func(http.ResponseWriter, *http.Request) {},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Auth.RequestCode(ctx, "not a phone "+testToken)
				return err
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs safeBuffer
			opts := append([]Option{WithLogger(newDebugLogger(&logs))}, tc.opts...)
			// A real connection, so that the timeout case times out on the wire.
			c, ts := newWireTestClient(t, opts...)
			ts.handle(tc.handler)
			call := tc.call
			if call == nil {
				call = func(ctx context.Context, c *Client) error {
					_, err := c.Sessions.Info(ctx)
					return err
				}
			}
			err := call(context.Background(), c)
			require.Error(t, err)
			for i, out := range append(leakChecks(err), logs.String()) {
				assertNoToken(t, out, i)
			}
		})
	}
}

func TestAccessTokenNeverLeaksFromTransportErrors(t *testing.T) {
	t.Parallel()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := listener.Addr().String()
	require.NoError(t, listener.Close()) // nothing listens there any more

	var logs safeBuffer
	c, err := NewClient(testInstance, testToken, WithBaseURL("http://"+addr+"/wp-json/awp/v1"),
		WithLogger(newDebugLogger(&logs)), WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)
	_, err = c.Sessions.Info(context.Background())
	var urlErr *url.Error
	require.ErrorAs(t, err, &urlErr)
	assert.Equal(t, "http://"+addr+"/wp-json/awp/v1/session/info", urlErr.URL, "the URL keeps its path, without the query")
	for i, out := range append(leakChecks(err), logs.String()) {
		assertNoToken(t, out, i)
	}
	assert.Contains(t, logs.String(), `"attempt":2`)
}

func assertNoToken(t *testing.T, out string, i int) {
	t.Helper()
	if strings.Contains(out, testToken) || strings.Contains(out, url.QueryEscape(testToken)) || strings.Contains(out, "9f8e7d6c") {
		t.Errorf("output %d contains the access token", i)
	}
}

// fixtureBytes reads a fixture where no *testing.T is at hand; a missing
// file yields a body that fails the assertions.
func fixtureBytes(name string) []byte {
	b, _ := os.ReadFile(filepath.Join("testdata", name))
	return b
}
