package wawp

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientValidatesInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		token string
		opts  []Option
		field string
	}{
		{"empty token", "", nil, "access_token"},
		{"blank token", "   ", nil, "access_token"},
		{"relative base URL", testToken, []Option{WithBaseURL("wawp.net/api")}, "base URL"},
		{"ftp base URL", testToken, []Option{WithBaseURL("ftp://wawp.net/")}, "base URL"},
		{"base URL with query", testToken, []Option{WithBaseURL("https://wawp.net/?a=1")}, "base URL"},
		{"nil HTTP client", testToken, []Option{WithHTTPClient(nil)}, "http client"},
		{"negative timeout", testToken, []Option{WithTimeout(-time.Second)}, "timeout"},
		{"zero attempts", testToken, []Option{WithRetry(RetryPolicy{})}, "RetryPolicy.MaxAttempts"},
		{"max below base", testToken, []Option{WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second, MaxDelay: time.Millisecond})}, "RetryPolicy.MaxDelay"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClient(testInstance, tc.token, tc.opts...)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
}

func TestNewClientDefaults(t *testing.T) {
	t.Parallel()
	c, err := NewClient(" "+testInstance+" ", testToken)
	require.NoError(t, err)
	assert.Equal(t, testInstance, c.InstanceID())
	assert.Equal(t, DefaultBaseURL, c.BaseURL().String())
	assert.Equal(t, DefaultTimeout, c.httpClient.Timeout)
	assert.Equal(t, DefaultRetryPolicy(), c.retry)
	assert.Equal(t, "wawp-go/"+Version, c.userAgent)
	transport, ok := c.httpClient.Transport.(*http.Transport)
	require.True(t, ok)
	assert.Equal(t, 256, transport.MaxIdleConnsPerHost, "concurrent senders must reuse connections")
	assert.Equal(t, 256, transport.MaxConnsPerHost, "a burst must not dial connections it then closes")
}

func TestOptionsOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Timeout: time.Minute}
	a, err := NewClient(testInstance, testToken, WithTimeout(5*time.Second), WithHTTPClient(hc), WithBaseURL("https://example.test/api"))
	require.NoError(t, err)
	b, err := NewClient(testInstance, testToken, WithBaseURL("https://example.test/api"), WithHTTPClient(hc), WithTimeout(5*time.Second))
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, a.httpClient.Timeout)
	assert.Equal(t, a.httpClient.Timeout, b.httpClient.Timeout)
	assert.Equal(t, "https://example.test/api/", a.BaseURL().String(), "a trailing slash is added")
	assert.Equal(t, a.BaseURL(), b.BaseURL())
}

func TestWithHTTPClientIsCopied(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Timeout: time.Minute}
	c, err := NewClient(testInstance, testToken, WithHTTPClient(hc), WithTimeout(time.Second))
	require.NoError(t, err)
	assert.Equal(t, time.Minute, hc.Timeout, "the caller's client is never modified")
	assert.Equal(t, time.Second, c.httpClient.Timeout)
	assert.NotSame(t, hc, c.httpClient)

	kept, err := NewClient(testInstance, testToken, WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Equal(t, time.Minute, kept.httpClient.Timeout, "without WithTimeout the caller's timeout stays")
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t, WithUserAgent("crm-bot/2.1"))
	ts.replyFixture("sessions/info.json")
	_, err := c.Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "crm-bot/2.1 wawp-go/"+Version, ts.last().Header.Get("User-Agent"))
	assert.Equal(t, "application/json", ts.last().Header.Get("Accept"))
}

func TestWithInstanceSharesTransport(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	other := c.WithInstance("OTHER0000001")
	assert.Same(t, c.httpClient, other.httpClient)
	assert.Equal(t, testInstance, c.InstanceID(), "the original client keeps its instance")
	assert.Same(t, other, other.Sessions.client, "services act for the new instance")

	ts.replyFixture("sessions/info.json")
	_, err := other.Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"OTHER0000001"}, ts.last().InstanceID)
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv(EnvInstanceID, "ENVINSTANCE1")
	t.Setenv(EnvAccessToken, testToken)
	t.Setenv(EnvBaseURL, "https://example.test/v1")
	c, err := NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "ENVINSTANCE1", c.InstanceID())
	assert.Equal(t, "https://example.test/v1/", c.BaseURL().String())

	t.Setenv(EnvAccessToken, "")
	_, err = NewClientFromEnv()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, EnvAccessToken, ve.Field)
}

func TestClientNeverPrintsToken(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testInstance, testToken)
	require.NoError(t, err)
	holder := struct{ C Client }{*c}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("client", "client", c)
	outputs := []string{
		fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), c.String(),
		fmt.Sprintf("%v", holder), fmt.Sprintf("%+v", holder), fmt.Sprintf("%#v", holder),
		fmt.Sprint(c.accessToken), fmt.Sprintf("%q", c.accessToken), fmt.Sprintf("%x", c.accessToken), fmt.Sprintf("%+v", *c),
		logged.String(),
	}
	for i, out := range outputs {
		assert.False(t, strings.Contains(out, testToken), "output %d leaks the token", i)
		assert.False(t, strings.Contains(out, "9f8e7d"), "output %d leaks part of the token", i)
	}
	assert.Contains(t, outputs[0], testInstance)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("sessions/info.json")
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := c
			if i%2 == 0 {
				client = c.WithInstance(fmt.Sprintf("INST%08d", i))
			}
			s, err := client.Sessions.Info(context.Background())
			if err == nil && s.Status != SessionWorking {
				err = fmt.Errorf("status %s", s.Status)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 50, ts.count())
}
