package wawp

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIErrorShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		status      int
		fixture     string
		contentType string
		wantStatus  int
		wantCode    string
		wantMessage string
		is          []error
		isNot       []error
	}{
		{
			name: "WordPress", status: 401, fixture: "errors/wordpress.json",
			wantStatus: 401, wantCode: CodeInvalidAccessToken, wantMessage: "The access token is invalid.",
			is: []error{ErrUnauthorized}, isNot: []error{ErrNotFound, ErrInstanceNotFound},
		},
		{
			name: "WordPress instance", status: 404, fixture: "errors/wordpress_instance.json",
			wantStatus: 404, wantCode: CodeInvalidInstance, wantMessage: "Instance not found.",
			is: []error{ErrInstanceNotFound, ErrNotFound}, isNot: []error{ErrUnauthorized},
		},
		{
			name: "upstream", status: 502, fixture: "errors/upstream.json",
			wantStatus: 502, wantMessage: "Session is not ready",
			is: []error{ErrUpstream}, isNot: []error{ErrRateLimited, ErrNotFound},
		},
		{
			name: "upstream validation list", status: 400, fixture: "errors/upstream_validation.json",
			wantStatus: 400, wantMessage: "chatId should not be empty; text must be a string",
			isNot: []error{ErrUpstream, ErrNotFound},
		},
		{
			name: "status envelope", status: 403, fixture: "errors/status_envelope.json",
			wantStatus: 403, wantCode: CodeQuotaReached, wantMessage: "Instance quota reached",
			is: []error{ErrForbidden, ErrQuotaReached}, isNot: []error{ErrUnauthorized, ErrSubscriptionRequired},
		},
		{
			name: "HTML page", status: 502, fixture: "errors/page.html", contentType: "text/html",
			wantStatus: 502, wantMessage: "502 Bad Gateway",
			is: []error{ErrUpstream},
		},
		{
			name: "empty body", status: 429, fixture: "errors/empty.txt", contentType: "text/plain",
			wantStatus: 429, wantMessage: "Too Many Requests",
			is: []error{ErrRateLimited},
		},
		{
			name: "truncated JSON", status: 500, fixture: "errors/truncated.json",
			wantStatus: 500, wantMessage: `{"code":"invalid_instance","message":"Inst`,
			isNot: []error{ErrInstanceNotFound, ErrUpstream},
		},
		{
			name: "error envelope inside 200", status: 200, fixture: "errors/upstream_in_200.json",
			wantStatus: 502, wantCode: CodeUpstreamError, wantMessage: "Upstream WhatsApp server did not answer",
			is: []error{ErrUpstream},
		},
		{
			name: "server_not_found", status: 404, fixture: "",
			wantStatus: 404, wantCode: CodeServerNotFound, wantMessage: "No server for this instance.",
			is: []error{ErrServerNotFound, ErrNotFound},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
			body := `{"code":"server_not_found","message":"No server for this instance.","data":{"status":404}}`
			if tc.fixture != "" {
				body = string(fixture(t, tc.fixture))
			}
			if tc.contentType != "" {
				ts.setHeader("Content-Type", tc.contentType)
			}
			ts.reply(tc.status, body)

			_, err := c.Sessions.Info(context.Background())
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.wantStatus, apiErr.StatusCode)
			assert.Equal(t, tc.wantCode, apiErr.Code)
			assert.Equal(t, tc.wantMessage, apiErr.Message)
			assert.Equal(t, http.MethodGet, apiErr.Method)
			assert.Equal(t, "/session/info", apiErr.Path)
			assert.Equal(t, body, string(apiErr.Body))
			for _, target := range tc.is {
				assert.ErrorIs(t, err, target)
			}
			for _, target := range tc.isNot {
				assert.NotErrorIs(t, err, target)
			}
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	t.Parallel()
	err := &APIError{StatusCode: 401, Code: CodeInvalidAccessToken, Message: "bad token", Method: "POST", Path: "/send"}
	assert.Equal(t, "wawp: POST /send: 401 invalid_access_token: bad token", err.Error())
	err = &APIError{StatusCode: 502, Method: "GET", Path: "/chats"}
	assert.Equal(t, "wawp: GET /chats: 502", err.Error())
}

func TestAPIErrorBodyIsCapped(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	long := make([]byte, 10*maxErrorBody)
	for i := range long {
		long[i] = 'x'
	}
	ts.setHeader("Content-Type", "text/plain")
	ts.reply(http.StatusInternalServerError, string(long))
	_, err := c.Sessions.Info(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, maxErrorBody)
	assert.LessOrEqual(t, len(apiErr.Message), 210)
}

func TestSuccessBodiesAreNotMistakenForErrors(t *testing.T) {
	t.Parallel()
	bodies := []string{
		`{"code":"ABCD-ABCD"}`,
		`{"id":"false_1@c.us_A","body":"the \"message\" was: error","status":"sent"}`,
		`{"success":true,"message":"done"}`,
		`[{"message":"x","code":"y"}]`,
	}
	for _, body := range bodies {
		assert.False(t, errorEnvelopeIn([]byte(body)), body)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"7", 7 * time.Second, true},
		{"0", 0, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		assert.Equal(t, tc.ok, ok, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestValidationErrorMessage(t *testing.T) {
	t.Parallel()
	err := error(&ValidationError{Field: "chatId", Reason: "is required"})
	assert.Equal(t, "wawp: chatId is required", err.Error())
	var ve *ValidationError
	assert.True(t, errors.As(err, &ve))
}
