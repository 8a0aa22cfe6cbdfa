package wawp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mockV2BaseURL is the v2 API root of clients made by newV2MockClient.
const mockV2BaseURL = "https://api.wawp.test/v2/"

// v2Request is a request the v2 mock saw, credentials split out.
type v2Request struct {
	Method string
	// Path is the escaped path below the v2 root, such as "/lids/pn/1555".
	Path        string
	Query       url.Values
	InstanceID  []string
	AccessToken []string
	ContentType string
	Body        []byte
}

// v2Recorder records every request of a mock transport.
type v2Recorder struct {
	mu   sync.Mutex
	seen []v2Request
}

func (r *v2Recorder) record(req *http.Request) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	q := req.URL.Query()
	rec := v2Request{
		Method:      req.Method,
		Path:        strings.TrimPrefix(req.URL.EscapedPath(), "/v2"),
		InstanceID:  q["instance_id"],
		AccessToken: q["access_token"],
		ContentType: req.Header.Get("Content-Type"),
		Body:        body,
	}
	q.Del("instance_id")
	q.Del("access_token")
	rec.Query = q
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, rec)
}

func (r *v2Recorder) requests() []v2Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]v2Request(nil), r.seen...)
}

// newV2MockClient returns an httpmock-backed client whose v2 calls all get
// reply, and the recorder of what was sent.
func newV2MockClient(t *testing.T, reply httpmock.Responder, opts ...Option) (*Client, *v2Recorder) {
	t.Helper()
	c, mock := newMockClient(t, append([]Option{WithV2BaseURL(mockV2BaseURL)}, opts...)...)
	rec := &v2Recorder{}
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		rec.record(req)
		return reply(req)
	})
	return c, rec
}

// jsonReply answers status with body as JSON.
func jsonReply(status int, body []byte) httpmock.Responder {
	return httpmock.NewBytesResponder(status, body).HeaderSet(http.Header{"Content-Type": {"application/json"}})
}

// v2Case is one request test of a v2 endpoint.
type v2Case struct {
	// endpoint is the catalog row, "METHOD /v2/path" exactly as
	// testdata/endpoints-v2.tsv writes it (methods may read "GET|POST").
	endpoint string
	// method is the method sent, one of those the row lists.
	method  string
	fixture string
	call    func(ctx context.Context, c *Client) (any, error)
	// path is the expected escaped path below the v2 root.
	path  string
	query url.Values
	// body is the exact expected JSON body; empty means none.
	body  string
	check func(t *testing.T, got any)
}

func runV2Cases(t *testing.T, cases []v2Case) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.endpoint, func(t *testing.T) {
			t.Parallel()
			reply := []byte(`{}`)
			if tc.fixture != "" {
				reply = fixture(t, "v2/"+tc.fixture)
			}
			c, rec := newV2MockClient(t, jsonReply(http.StatusOK, reply))
			got, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			reqs := rec.requests()
			require.Len(t, reqs, 1, "exactly one request must be sent")
			req := reqs[0]

			methods, template, _ := strings.Cut(tc.endpoint, " ")
			assert.Contains(t, strings.Split(methods, "|"), tc.method, "the method must be one the catalog lists")
			assert.Equal(t, tc.method, req.Method, "method")
			assert.Equal(t, tc.path, req.Path, "path")
			assert.Regexp(t, templatePattern(strings.TrimPrefix(template, "/v2")), req.Path, "path must match the catalog template")
			want := tc.query
			if want == nil {
				want = url.Values{}
			}
			assert.Equal(t, want, req.Query, "query")
			assert.Equal(t, []string{testToken}, req.AccessToken, "access_token")
			assert.Equal(t, []string{testInstance}, req.InstanceID, "instance_id")
			if tc.body == "" {
				assert.Empty(t, req.Body, "body")
				assert.Empty(t, req.ContentType, "Content-Type without a body")
			} else {
				assert.JSONEq(t, tc.body, string(req.Body), "body")
				assert.Equal(t, "application/json", req.ContentType)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// checkSentMessage asserts the decoded documented v2 send answer.
func checkSentMessage(t *testing.T, got any) {
	t.Helper()
	m := got.(*Message)
	assert.Equal(t, MessageID("true_000000000000@c.us_MSG_ID_123456"), m.ID)
	assert.True(t, m.FromMe)
	assert.Equal(t, ChatID("111111111111@c.us"), m.From)
	assert.Equal(t, ChatID("000000000000@c.us"), m.To)
	assert.Equal(t, time.Unix(1759108866, 0).UTC(), m.Timestamp.Time)
	assert.Contains(t, string(m.Data), `"caption":"Here's your requested image."`)
}

func TestV2SessionEndpoints(t *testing.T) {
	t.Parallel()
	runV2Cases(t, []v2Case{
		{
			endpoint: "GET /v2/session/rate-limit", method: "GET", fixture: "synthetic_rate_limit.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Sessions.RateLimit(ctx) },
			path: "/session/rate-limit",
			check: func(t *testing.T, got any) {
				info := got.(*RateLimitInfo)
				assert.False(t, info.HasActivePlan)
				assert.Equal(t, []RateLimitPolicySlug{RateLimitStrict, RateLimitStandard}, info.FreePolicies)
				require.Len(t, info.Policies, 3)
				assert.Equal(t, RateLimitPolicySlug("unlimited"), info.Policies[2].Slug)
				assert.False(t, info.Policies[2].Available)
				require.NotNil(t, info.Current)
				assert.Equal(t, RateLimitStandard, info.Current.Slug)
				assert.Equal(t, RateLimits{
					SendMessagePerMinute: 30, SendMessageDailyCap: 2000, AccountProtectionSeconds: 2, ConcurrentLimit: 2,
					GroupReqPerMinute: 10, GroupDailyCap: 300, CheckReqPerMinute: 30, CheckDailyCap: 1000,
				}, info.Current.Limits, "a bare current slug takes the listed policy's limits")
				assert.Contains(t, string(info.Raw), `"has_active_plan":false`)
			},
		},
		{
			endpoint: "PATCH /v2/session/rate-limit", method: "PATCH",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Sessions.SetRateLimit(ctx, RateLimitStrict)
			},
			path: "/session/rate-limit", query: vals("policy_slug", "strict"),
		},
		{
			endpoint: "GET /v2/session/temp-link", method: "GET", fixture: "synthetic_temp_link.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Sessions.TempLink(ctx) },
			path: "/session/temp-link",
			check: func(t *testing.T, got any) {
				link := got.(*TempLink)
				assert.Equal(t, "https://app.wawp.net/temp-qr/3f9a1c7e5b2d4086a1e3c5f7092b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f2a4c6e", link.URL)
				assert.Len(t, link.Token, 64)
				assert.Equal(t, time.Date(2026, 5, 12, 10, 30, 0, 0, time.UTC), link.ExpiresAt.UTC())
			},
		},
		{
			endpoint: "POST /v2/session/temp-link", method: "POST", fixture: "synthetic_temp_link.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Sessions.CreateTempLink(ctx) },
			path: "/session/temp-link",
			check: func(t *testing.T, got any) {
				assert.True(t, strings.HasPrefix(got.(*TempLink).URL, "https://app.wawp.net/temp-qr/"))
			},
		},
		{
			endpoint: "DELETE /v2/session/temp-link", method: "DELETE",
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Sessions.RevokeTempLinks(ctx) },
			path: "/session/temp-link",
		},
	})
}

func TestTempLinkNoneIsNil(t *testing.T) {
	t.Parallel()
	c, _ := newV2MockClient(t, fixtureResponder(t, "v2/temp_link_none.json"))
	link, err := c.Sessions.TempLink(context.Background())
	require.NoError(t, err)
	assert.Nil(t, link)

	_, err = c.Sessions.CreateTempLink(context.Background())
	var decodeErr *DecodeError
	assert.ErrorAs(t, err, &decodeErr, "a created link must be in the answer")
}

func TestTempLinkAcceptsAnObjectAndUnixExpiry(t *testing.T) {
	t.Parallel()
	body := `{"link":{"url":"https://app.wawp.net/temp-qr/abc","token":"abc","expires_at":1778581800}}`
	c, _ := newV2MockClient(t, jsonReply(http.StatusOK, []byte(body)))
	link, err := c.Sessions.TempLink(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &TempLink{URL: "https://app.wawp.net/temp-qr/abc", Token: "abc", ExpiresAt: time.Unix(1778581800, 0).UTC()}, link)
}

func TestV2WebhookEndpoints(t *testing.T) {
	t.Parallel()
	active, paused := true, false
	runV2Cases(t, []v2Case{
		{
			endpoint: "GET /v2/session/webhook", method: "GET", fixture: "synthetic_webhook_config.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.Config(ctx) },
			path: "/session/webhook",
			check: func(t *testing.T, got any) {
				cfg := got.(*WebhookConfig)
				assert.Equal(t, []WebhookSubscription{{
					URL: "https://my-app.com/webhook", Events: []EventType{EventMessage, EventMessageAck, EventMessageEdited},
					Active: true, Retries: &WebhookRetryPolicy{Delay: 2 * time.Second, Attempts: 15},
				}}, cfg.Webhooks)
				require.NotNil(t, cfg.System)
				assert.Equal(t, "https://app.wawp.net/api/webhook/9c1e5a7b3d", cfg.System.URL)
				assert.True(t, cfg.System.IsSystem())
				assert.True(t, cfg.System.Active)
			},
		},
		{
			endpoint: "POST /v2/session/webhook", method: "POST",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Webhooks.Replace(ctx, WebhookReplaceParams{
					Webhooks:            []WebhookSubscription{{URL: "https://my-app.com/webhook", Events: []EventType{EventMessage}, Active: true}},
					RemoveSystemWebhook: true,
				})
			},
			path: "/session/webhook",
			body: `{"webhooks":[{"url":"https://my-app.com/webhook","events":["message"],"is_active":1}]}`,
		},
		{
			endpoint: "POST /v2/webhook/set", method: "POST",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Webhooks.Set(ctx, "https://my-app.com/webhook", WebhookSetParams{
					Events:  []EventType{EventMessage, EventPollVote},
					Active:  &active,
					Retries: &WebhookRetryPolicy{Delay: 5 * time.Second, Attempts: 10},
					HMAC:    "my-webhook-secret",
					Name:    "Orders",
				})
			},
			path: "/webhook/set",
			body: `{"url":"https://my-app.com/webhook","name":"Orders","events":["message","poll.vote"],"is_active":1,"retries":{"delay":5,"attempts":10},"hmac":"my-webhook-secret"}`,
		},
		{
			endpoint: "PATCH /v2/webhook/update", method: "PATCH",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Webhooks.Update(ctx, "https://my-app.com/webhook", WebhookUpdateParams{
					Events: []EventType{EventMessage, EventMessageAck, EventGroupUpdate}, Active: &paused,
					Retries: &WebhookRetryPolicy{Delay: 5 * time.Second, Attempts: 10}, HMAC: "my-webhook-secret", Name: "Updated CRM",
				})
			},
			path: "/webhook/update",
			body: `{"url":"https://my-app.com/webhook","name":"Updated CRM","events":["message","message.ack","group.v2.update"],"is_active":0,"retries":{"delay":5,"attempts":10},"hmac":"my-webhook-secret"}`,
		},
		{
			endpoint: "DELETE /v2/webhook/delete", method: "DELETE",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Webhooks.Delete(ctx, "https://my-app.com/webhook")
			},
			path: "/webhook/delete", query: vals("url", "https://my-app.com/webhook"),
		},
	})
}

func TestReplaceKeepsTheSystemWebhook(t *testing.T) {
	t.Parallel()
	c, rec := newV2MockClient(t, fixtureResponder(t, "v2/synthetic_webhook_config.json"))
	err := c.Webhooks.Replace(context.Background(), WebhookReplaceParams{
		Webhooks: []WebhookSubscription{{URL: "https://crm.example/hook", Events: []EventType{EventMessageAny}, Active: true}},
	})
	require.NoError(t, err)
	reqs := rec.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "GET /session/webhook", reqs[0].Method+" "+reqs[0].Path)
	assert.Equal(t, "POST /session/webhook", reqs[1].Method+" "+reqs[1].Path)
	assert.JSONEq(t, `{"webhooks":[
		{"url":"https://crm.example/hook","events":["message.any"],"is_active":1},
		{"url":"https://app.wawp.net/api/webhook/9c1e5a7b3d","events":["message","message.ack"],"is_active":1}]}`, string(reqs[1].Body))
}

func TestReplaceDoesNotDuplicateAListedSystemWebhook(t *testing.T) {
	t.Parallel()
	c, rec := newV2MockClient(t, fixtureResponder(t, "v2/synthetic_webhook_config.json"))
	system := WebhookSubscription{URL: "https://app.wawp.net/api/webhook/9c1e5a7b3d", Events: []EventType{EventMessage}, Active: false}
	require.NoError(t, c.Webhooks.Replace(context.Background(), WebhookReplaceParams{Webhooks: []WebhookSubscription{system}}))
	reqs := rec.requests()
	require.Len(t, reqs, 2)
	assert.JSONEq(t, `{"webhooks":[{"url":"https://app.wawp.net/api/webhook/9c1e5a7b3d","events":["message"],"is_active":0}]}`, string(reqs[1].Body))
}

func TestReplaceStopsWhenTheConfigCannotBeRead(t *testing.T) {
	t.Parallel()
	c, rec := newV2MockClient(t, jsonReply(http.StatusForbidden, fixture(t, "v2/synthetic_error_subscription_required.json")))
	err := c.Webhooks.Replace(context.Background(), WebhookReplaceParams{})
	assert.ErrorIs(t, err, ErrSubscriptionRequired)
	require.Len(t, rec.requests(), 1, "nothing is replaced without the system webhook")
	assert.Equal(t, http.MethodGet, rec.requests()[0].Method)
}

func TestWebhookSetFallsBackToPutWithoutAPostRoute(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t, WithV2BaseURL(mockV2BaseURL))
	mock.RegisterResponder(http.MethodPost, mockV2BaseURL+"webhook/set",
		jsonReply(http.StatusNotFound, []byte(`{"code":"rest_no_route","message":"No route was found matching the URL and request method."}`)))
	mock.RegisterResponder(http.MethodPut, mockV2BaseURL+"webhook/set", jsonReply(http.StatusOK, []byte(`{"success":true}`)))
	require.NoError(t, c.Webhooks.Set(context.Background(), "https://my-app.com/webhook", WebhookSetParams{Events: []EventType{EventMessage}}))
	info := mock.GetCallCountInfo()
	assert.Equal(t, 1, info["POST "+mockV2BaseURL+"webhook/set"])
	assert.Equal(t, 1, info["PUT "+mockV2BaseURL+"webhook/set"])
}

func TestV2ErrorsMatchTheirSentinels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fixture  string
		sentinel error
		other    error
	}{
		{"synthetic_error_subscription_required.json", ErrSubscriptionRequired, ErrQuotaReached},
		{"synthetic_error_quota_reached.json", ErrQuotaReached, ErrSubscriptionRequired},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			t.Parallel()
			c, _ := newV2MockClient(t, jsonReply(http.StatusForbidden, fixture(t, "v2/"+tc.fixture)))
			_, err := c.Webhooks.Config(context.Background())
			assert.ErrorIs(t, err, tc.sentinel)
			assert.ErrorIs(t, err, ErrForbidden)
			assert.NotErrorIs(t, err, tc.other)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
			assert.Equal(t, "/session/webhook", apiErr.Path)
			assert.NotContains(t, err.Error(), testToken)
		})
	}
}

func TestV2WebhookValidation(t *testing.T) {
	t.Parallel()
	negative := &WebhookRetryPolicy{Delay: -time.Second, Attempts: 3}
	for _, tc := range []struct {
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		{"url", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "", WebhookSetParams{Events: []EventType{EventMessage}})
		}},
		{"url", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "my-app.com/webhook", WebhookSetParams{Events: []EventType{EventMessage}})
		}},
		{"events", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "https://my-app.com/webhook", WebhookSetParams{})
		}},
		{"events", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "https://my-app.com/webhook", WebhookSetParams{Events: []EventType{" "}})
		}},
		{"retries.delay", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "https://my-app.com/webhook", WebhookSetParams{Events: []EventType{EventMessage}, Retries: negative})
		}},
		{"retries.delay", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "https://my-app.com/webhook", WebhookSetParams{Events: []EventType{EventMessage}, Retries: &WebhookRetryPolicy{Delay: 1500 * time.Millisecond, Attempts: 2}})
		}},
		{"retries.attempts", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Set(ctx, "https://my-app.com/webhook", WebhookSetParams{Events: []EventType{EventMessage}, Retries: &WebhookRetryPolicy{Delay: time.Second}})
		}},
		{"params", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Update(ctx, "https://my-app.com/webhook", WebhookUpdateParams{})
		}},
		{"url", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Delete(ctx, "https://app.wawp.net/api/webhook/9c1e5a7b3d")
		}},
		{"webhooks[0].events", func(ctx context.Context, c *Client) error {
			return c.Webhooks.Replace(ctx, WebhookReplaceParams{Webhooks: []WebhookSubscription{{URL: "https://a.example/"}}})
		}},
	} {
		assertNoV2Request(t, tc.field, tc.call)
	}
}

// assertNoV2Request checks that call fails with a ValidationError naming
// field and sends nothing.
func assertNoV2Request(t *testing.T, field string, call func(ctx context.Context, c *Client) error) {
	t.Helper()
	c, rec := newV2MockClient(t, jsonReply(http.StatusOK, []byte(`{}`)))
	err := call(context.Background(), c)
	var ve *ValidationError
	if assert.ErrorAs(t, err, &ve, field) {
		assert.Equal(t, field, ve.Field)
	}
	assert.Empty(t, rec.requests(), "nothing may be sent on invalid input (%s)", field)
}

func TestV2VerifyEndpoints(t *testing.T) {
	t.Parallel()
	runV2Cases(t, []v2Case{
		{
			endpoint: "GET|POST /v2/auth/otp/send", method: "POST",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Verify.SendOTP(ctx, "201234567890", &VerifySendOTPParams{Lang: OTPArabic, Footer: "Acme"})
			},
			path: "/auth/otp/send", query: vals("chatId", "201234567890", "lang", "ar", "footer", "Acme"),
		},
		{
			endpoint: "GET|POST /v2/auth/otp/verify", method: "POST", fixture: "synthetic_otp_verified.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Verify.CheckOTP(ctx, "201234567890", VerifyCheckOTPParams{Code: "048213", ListID: 7})
			},
			path: "/auth/otp/verify", query: vals("chatId", "201234567890", "code", "048213", "list_id", "7"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &VerifyResult{Verified: true, Outcome: "success"}, got)
			},
		},
		{
			endpoint: "POST|GET /v2/auth/list/send", method: "POST", fixture: "synthetic_list_send.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Verify.SendApproval(ctx, "201234567890@c.us", VerifySendApprovalParams{
					Title: "Login request", Approve: "Yes, it's me", Reject: "No", Button: "Review",
					Description: "Someone is signing in to Acme.", Footer: "Acme",
				})
			},
			path: "/auth/list/send",
			body: `{"chatId":"201234567890@c.us","title":"Login request","item1":"Yes, it's me","item2":"No","button":"Review","description":"Someone is signing in to Acme.","footer":"Acme"}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, &ApprovalRequest{ID: "auth_7f3c2a9e"}, got)
			},
		},
		{
			endpoint: "GET|POST /v2/auth/list/verify", method: "GET", fixture: "list_verify_approved.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Verify.CheckApproval(ctx, "auth_7f3c2a9e") },
			path: "/auth/list/verify", query: vals("auth_id", "auth_7f3c2a9e"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &VerifyResult{Verified: true, Status: ApprovalApproved, Outcome: "success"}, got)
			},
		},
	})
}

func TestSendOTPCooldownIsTyped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		header     http.Header
		retryAfter time.Duration
	}{
		{"with Retry-After", http.Header{"Retry-After": {"45"}}, 45 * time.Second},
		{"without Retry-After", nil, VerifyCooldown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			reply := jsonReply(http.StatusTooManyRequests, fixture(t, "v2/synthetic_error_recipient_protection.json")).HeaderAdd(tc.header)
			c, rec := newV2MockClient(t, reply, WithRetry(RetryPolicy{MaxAttempts: 1}))
			err := c.Verify.SendOTP(context.Background(), "201234567890", nil)
			var cooldown *CooldownError
			require.ErrorAs(t, err, &cooldown)
			assert.Equal(t, tc.retryAfter, cooldown.RetryAfter)
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.Equal(t, "wawp: POST /auth/otp/send: recipient cooldown, retry after "+tc.retryAfter.String(), err.Error())
			assert.Len(t, rec.requests(), 1)

			_, err = c.Verify.SendApproval(context.Background(), "201234567890", VerifySendApprovalParams{Title: "t", Approve: "y", Reject: "n", Button: "b"})
			assert.ErrorAs(t, err, &cooldown, "approvals share the cooldown")
		})
	}
}

func TestCheckOTPLockoutIsTyped(t *testing.T) {
	t.Parallel()
	reply := jsonReply(http.StatusTooManyRequests, fixture(t, "v2/synthetic_error_brute_force.json"))
	c, _ := newV2MockClient(t, reply, WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err := c.Verify.CheckOTP(context.Background(), "201234567890", VerifyCheckOTPParams{Code: "123456"})
	var lockout *LockoutError
	require.ErrorAs(t, err, &lockout)
	assert.Equal(t, VerifyLockout, lockout.RetryAfter)
	assert.ErrorIs(t, err, ErrRateLimited)
	var cooldown *CooldownError
	assert.False(t, errors.As(err, &cooldown))
}

func TestCheckOTPWrongCodeIsNotAnError(t *testing.T) {
	t.Parallel()
	c, _ := newV2MockClient(t, jsonReply(http.StatusOK, []byte(`{"status":"invalid","verified":false}`)))
	res, err := c.Verify.CheckOTP(context.Background(), "201234567890", VerifyCheckOTPParams{Code: "123456"})
	require.NoError(t, err)
	assert.False(t, res.Verified)
}

func TestWaitApprovalPollsAtTheDocumentedPace(t *testing.T) {
	t.Parallel()
	answers := []string{`{"status":"pending"}`, `{"status":"pending"}`, `{"code":"success","status":"rejected","verified":false}`}
	var mu sync.Mutex
	calls := 0
	c, rec := newV2MockClient(t, func(*http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		body := answers[min(calls, len(answers)-1)]
		calls++
		return httpmock.NewStringResponse(http.StatusOK, body), nil
	})
	var waits []time.Duration
	c.wait = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	res, err := c.Verify.WaitApproval(context.Background(), "auth_1")
	require.NoError(t, err)
	assert.Equal(t, ApprovalRejected, res.Status)
	assert.False(t, res.Verified)
	assert.Equal(t, []time.Duration{ApprovalPollInterval, ApprovalPollInterval}, waits)
	assert.Len(t, rec.requests(), 3)
	for _, r := range rec.requests() {
		assert.Equal(t, vals("auth_id", "auth_1"), r.Query)
	}
}

func TestWaitApprovalStopsWithTheContext(t *testing.T) {
	t.Parallel()
	c, _ := newV2MockClient(t, jsonReply(http.StatusOK, []byte(`{"status":"pending"}`)))
	ctx, cancel := context.WithCancel(context.Background())
	c.wait = func(context.Context, time.Duration) error {
		cancel()
		return context.Canceled
	}
	_, err := c.Verify.WaitApproval(ctx, "auth_1")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestSendApprovalWithoutIDIsADecodeError(t *testing.T) {
	t.Parallel()
	c, _ := newV2MockClient(t, jsonReply(http.StatusOK, []byte(`{"code":"success"}`)))
	_, err := c.Verify.SendApproval(context.Background(), "201234567890", VerifySendApprovalParams{Title: "t", Approve: "y", Reject: "n", Button: "b"})
	var decodeErr *DecodeError
	assert.ErrorAs(t, err, &decodeErr)
}

func TestV2VerifyValidation(t *testing.T) {
	t.Parallel()
	approval := VerifySendApprovalParams{Title: "t", Approve: "y", Reject: "n", Button: "b"}
	for _, tc := range []struct {
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		{"chatId", func(ctx context.Context, c *Client) error { return c.Verify.SendOTP(ctx, "", nil) }},
		{"lang", func(ctx context.Context, c *Client) error {
			return c.Verify.SendOTP(ctx, "201234567890", &VerifySendOTPParams{Lang: "english"})
		}},
		{"code", func(ctx context.Context, c *Client) error {
			_, err := c.Verify.CheckOTP(ctx, "201234567890", VerifyCheckOTPParams{Code: "12345"})
			return err
		}},
		{"code", func(ctx context.Context, c *Client) error {
			_, err := c.Verify.CheckOTP(ctx, "201234567890", VerifyCheckOTPParams{Code: "12a456"})
			return err
		}},
		{"list_id", func(ctx context.Context, c *Client) error {
			_, err := c.Verify.CheckOTP(ctx, "201234567890", VerifyCheckOTPParams{Code: "123456", ListID: -1})
			return err
		}},
		{"chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Verify.CheckOTP(ctx, "not a chat", VerifyCheckOTPParams{Code: "123456"})
			return err
		}},
		{"item1", func(ctx context.Context, c *Client) error {
			p := approval
			p.Approve = ""
			_, err := c.Verify.SendApproval(ctx, "201234567890", p)
			return err
		}},
		{"button", func(ctx context.Context, c *Client) error {
			p := approval
			p.Button = " "
			_, err := c.Verify.SendApproval(ctx, "201234567890", p)
			return err
		}},
		{"auth_id", func(ctx context.Context, c *Client) error {
			_, err := c.Verify.CheckApproval(ctx, "")
			return err
		}},
		{"auth_id", func(ctx context.Context, c *Client) error {
			_, err := c.Verify.WaitApproval(ctx, "")
			return err
		}},
	} {
		assertNoV2Request(t, tc.field, tc.call)
	}
}

func TestV2MessageEndpoints(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 1, 3, 16, 0, 0, 0, time.UTC)
	runV2Cases(t, []v2Case{
		{
			endpoint: "POST /v2/send/audio", method: "POST", fixture: "send_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendAudio(ctx, "201234567890@c.us", SendAudioParams{File: File{URL: "https://cdn.example/song.mp3"}, Caption: "Listen"})
			},
			path:  "/send/audio",
			body:  `{"chatId":"201234567890@c.us","file":{"url":"https://cdn.example/song.mp3","filename":"song.mp3","mimetype":"audio/mpeg"},"caption":"Listen"}`,
			check: checkSentMessage,
		},
		{
			endpoint: "POST /v2/send/poll/vote", method: "POST", fixture: "send_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Messages.VotePoll(ctx, "201234567890@c.us", "ABC123456789", VotePollParams{Options: []string{"Awesome!"}})
			},
			path: "/send/poll/vote",
			body: `{"chatId":"201234567890@c.us","messageId":"ABC123456789","votes":["Awesome!"]}`,
		},
		{
			endpoint: "POST|GET /v2/send/list", method: "POST", fixture: "send_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendList(ctx, "447441429009", SendListParams{
					Title: "Simple Menu", Description: "Please choose an option", Footer: "Thank you!", Button: "Open Menu",
					Sections: []ListSection{{Title: "Main Options", Rows: []ListRow{
						{Title: "Option 1", RowID: "opt1", Description: "Description for 1"},
						{Title: "Option 2", RowID: "opt2"},
					}}},
					ReplyTo: "false_111@c.us_AAAA",
				})
			},
			path: "/send/list",
			body: `{"chatId":"447441429009","message":{"title":"Simple Menu","description":"Please choose an option","footer":"Thank you!","button":"Open Menu",
				"sections":[{"title":"Main Options","rows":[{"title":"Option 1","rowId":"opt1","description":"Description for 1"},{"title":"Option 2","rowId":"opt2"}]}]},
				"reply_to":"false_111@c.us_AAAA"}`,
			check: checkSentMessage,
		},
		{
			endpoint: "POST /v2/send/event", method: "POST", fixture: "send_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendEvent(ctx, "201234567890", SendEventParams{
					Name: "Team Meeting", Description: "Weekly sync", Start: start, End: start.Add(time.Hour),
					Location: "Meeting Room A", ExtraGuestsAllowed: true,
				})
			},
			path: "/send/event",
			body: `{"chatId":"201234567890","event":{"name":"Team Meeting","description":"Weekly sync","startTime":1735920000,"endTime":1735923600,
				"location":{"name":"Meeting Room A"},"extraGuestsAllowed":true}}`,
			check: checkSentMessage,
		},
	})
}

func TestVotePollByIndexAndRetract(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		params VotePollParams
		votes  string
	}{
		{VotePollParams{Indexes: []int{0, 2}}, `[0,2]`},
		{VotePollParams{Retract: true}, `[]`},
	} {
		c, rec := newV2MockClient(t, fixtureResponder(t, "v2/send_message.json"))
		require.NoError(t, c.Messages.VotePoll(context.Background(), "201234567890@c.us", "ABC123456789", tc.params))
		require.Len(t, rec.requests(), 1)
		assert.JSONEq(t, `{"chatId":"201234567890@c.us","messageId":"ABC123456789","votes":`+tc.votes+`}`, string(rec.requests()[0].Body))
	}
}

func TestSendV2IsNeverRepeated(t *testing.T) {
	t.Parallel()
	c, rec := newV2MockClient(t, jsonReply(http.StatusBadGateway, []byte(`{"status":502,"message":"Bad gateway","error":"wawp_upstream_error"}`)))
	_, err := c.Messages.SendAudio(context.Background(), "201234567890", SendAudioParams{File: File{URL: "https://cdn.example/a.mp3"}})
	assert.ErrorIs(t, err, ErrUpstream)
	assert.Len(t, rec.requests(), 1, "a send is not repeated after an ambiguous failure")
}

func TestV2MessageValidation(t *testing.T) {
	t.Parallel()
	start := time.Unix(1735920000, 0)
	row := []ListRow{{Title: "A", RowID: "a"}}
	list := func(mutate func(*SendListParams)) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error {
			p := SendListParams{Button: "Open", Sections: []ListSection{{Title: "S", Rows: row}}}
			mutate(&p)
			_, err := c.Messages.SendList(ctx, "201234567890", p)
			return err
		}
	}
	vote := func(chat ChatID, id MessageID, p VotePollParams) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error { return c.Messages.VotePoll(ctx, chat, id, p) }
	}
	event := func(p SendEventParams) func(ctx context.Context, c *Client) error {
		return func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendEvent(ctx, "201234567890", p)
			return err
		}
	}
	for _, tc := range []struct {
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		{"chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendAudio(ctx, "", SendAudioParams{File: File{URL: "https://cdn.example/a.mp3"}})
			return err
		}},
		{"file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendAudio(ctx, "201234567890", SendAudioParams{})
			return err
		}},
		{"messageId", vote("201234567890", "", VotePollParams{Options: []string{"A"}})},
		{"votes", vote("201234567890", "ABC", VotePollParams{})},
		{"votes", vote("201234567890", "ABC", VotePollParams{Options: []string{"A"}, Indexes: []int{1}})},
		{"votes", vote("201234567890", "ABC", VotePollParams{Options: []string{"A"}, Retract: true})},
		{"votes", vote("201234567890", "ABC", VotePollParams{Indexes: []int{-1}})},
		{"votes", vote("201234567890", "ABC", VotePollParams{Indexes: []int{12}})},
		{"votes", vote("201234567890", "ABC", VotePollParams{Options: []string{""}})},
		{"message.button", list(func(p *SendListParams) { p.Button = "" })},
		{"message.sections", list(func(p *SendListParams) { p.Sections = nil })},
		{"message.sections", list(func(p *SendListParams) { p.Sections[0].Rows = nil })},
		{"message.sections[0].rows[1].rowId", list(func(p *SendListParams) {
			p.Sections[0].Rows = []ListRow{{Title: "A", RowID: "a"}, {Title: "B", RowID: "a"}}
		})},
		{"message.sections[0].rows[0].title", list(func(p *SendListParams) { p.Sections[0].Rows = []ListRow{{RowID: "a"}} })},
		{"message.sections[0].rows[0].rowId", list(func(p *SendListParams) { p.Sections[0].Rows = []ListRow{{Title: "A"}} })},
		{"event.name", event(SendEventParams{Start: start})},
		{"event.startTime", event(SendEventParams{Name: "Meeting"})},
		{"event.endTime", event(SendEventParams{Name: "Meeting", Start: start, End: start})},
	} {
		assertNoV2Request(t, tc.field, tc.call)
	}
}

func TestV2ContactAndLabelEndpoints(t *testing.T) {
	t.Parallel()
	runV2Cases(t, []v2Case{
		{
			endpoint: "GET /v2/lids/pn/{number}", method: "GET", fixture: "lid_by_phone.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.LIDByPhone(ctx, "+1 555-123-4567")
			},
			path: "/lids/pn/15551234567", query: vals("number", "15551234567"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &PhoneLID{LID: "999888777@lid", Number: "15551234567"}, got)
			},
		},
		{
			endpoint: "GET /v2/labels/{id}", method: "GET", fixture: "synthetic_label.json",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Labels.Get(ctx, "5") },
			path: "/labels/5",
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Label{ID: "5", Name: "VIP", Color: 1, ColorHex: "#64c4ff"}, got)
			},
		},
		{
			endpoint: "PUT /v2/labels/{id}/chats/{chatId}", method: "PUT",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Labels.LinkChat(ctx, "5", "201234567890@c.us")
			},
			path: "/labels/5/chats/201234567890%40c.us",
		},
		{
			endpoint: "DELETE /v2/labels/{id}/chats/{chatId}", method: "DELETE",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Labels.UnlinkChat(ctx, "5", "201234567890@c.us")
			},
			path: "/labels/5/chats/201234567890%40c.us",
		},
	})
}

func TestV2ContactAndLabelValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		{"number", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.LIDByPhone(ctx, "")
			return err
		}},
		{"number", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.LIDByPhone(ctx, "15551234567@g.us")
			return err
		}},
		{"id", func(ctx context.Context, c *Client) error {
			_, err := c.Labels.Get(ctx, " ")
			return err
		}},
		{"id", func(ctx context.Context, c *Client) error { return c.Labels.LinkChat(ctx, "", "201234567890@c.us") }},
		{"chatId", func(ctx context.Context, c *Client) error { return c.Labels.UnlinkChat(ctx, "5", "") }},
		{"policy_slug", func(ctx context.Context, c *Client) error { return c.Sessions.SetRateLimit(ctx, "") }},
	} {
		assertNoV2Request(t, tc.field, tc.call)
	}
}

func TestLIDByPhoneTakesTheFormsRequestCodeTakes(t *testing.T) {
	t.Parallel()
	for _, phone := range []string{"15551234567", "+1 555-123-4567", "0015551234567", "15551234567@c.us"} {
		c, ts := newTestClient(t)
		ts.reply(http.StatusOK, `{"lid":"999888777@lid","number":"15551234567"}`)
		_, err := c.Contacts.LIDByPhone(context.Background(), phone)
		require.NoError(t, err, phone)
		assert.Equal(t, "/v2/lids/pn/15551234567", ts.last().Path, phone)
	}
}
