package wawptest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

func v2Context(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newV2Server starts a logged-in fake server and a client bound to it.
func newV2Server(t *testing.T) (*wawptest.Server, *wawp.Client) {
	t.Helper()
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	t.Cleanup(srv.Close)
	return srv, srv.Client()
}

// TestWebhooksSetDeliversVerifiedEvents: a subscription made with
// Webhooks.Set delivers signed events that the SDK's handler verifies.
func TestWebhooksSetDeliversVerifiedEvents(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	const secret = "subscription-secret"
	got := make(chan *wawp.Message, 1)
	handler, err := wawp.NewWebhookHandler(secret)
	require.NoError(t, err)
	handler.OnMessage(func(_ context.Context, _ *wawp.Event, m *wawp.Message) error {
		got <- m
		return nil
	})
	receiver := httptest.NewServer(handler)
	defer receiver.Close()

	require.NoError(t, client.Webhooks.Set(ctx, receiver.URL, wawp.WebhookSetParams{Events: []wawp.EventType{wawp.EventMessage}, HMAC: secret}))
	srv.Receive("447441429009", "hello")
	require.NoError(t, srv.WaitIdle(ctx))

	deliveries := srv.SubscriptionDeliveries()
	require.Len(t, deliveries, 1, "only the subscribed event is delivered")
	assert.Equal(t, http.StatusOK, deliveries[0].Status)
	select {
	case m := <-got:
		assert.Equal(t, "hello", m.Body)
	default:
		t.Fatal("the handler did not accept the signed delivery")
	}
}

// recorder is a webhook receiver that keeps every delivery and answers the
// statuses it is given in turn, then 200.
type recorder struct {
	mu       sync.Mutex
	statuses []int
	bodies   [][]byte
	headers  []http.Header
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bodies = append(r.bodies, body)
	r.headers = append(r.headers, req.Header.Clone())
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	w.WriteHeader(status)
}

func TestSubscriptionsFilterSignAndRetry(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	signed := &recorder{statuses: []int{http.StatusInternalServerError, http.StatusBadGateway}}
	plain := &recorder{}
	signedURL, plainURL := httptest.NewServer(signed), httptest.NewServer(plain)
	defer signedURL.Close()
	defer plainURL.Close()

	require.NoError(t, client.Webhooks.Set(ctx, signedURL.URL, wawp.WebhookSetParams{
		Events: []wawp.EventType{wawp.EventMessage}, HMAC: "k", Retries: &wawp.WebhookRetryPolicy{Delay: time.Second, Attempts: 3},
	}))
	require.NoError(t, client.Webhooks.Set(ctx, plainURL.URL, wawp.WebhookSetParams{Events: []wawp.EventType{wawp.EventMessageAny}}))
	srv.Receive("447441429009", "hi")
	require.NoError(t, srv.WaitIdle(ctx))

	var attempts []int
	for _, d := range srv.SubscriptionDeliveries() {
		if d.URL == signedURL.URL {
			attempts = append(attempts, d.Attempt)
			assert.Equal(t, "message", d.Event)
		}
	}
	assert.Equal(t, []int{1, 2, 3}, attempts, "retried per the subscription's policy until accepted")
	require.Len(t, signed.bodies, 3)
	for i, body := range signed.bodies {
		assert.Equal(t, wawptest.SignSHA256(body, "k"), signed.headers[i].Get("X-Wawp-Signature"))
	}
	require.Len(t, plain.bodies, 1, "message.any only")
	assert.Empty(t, plain.headers[0].Get("X-Wawp-Signature"), "no secret, no signature")
	assert.Contains(t, string(plain.bodies[0]), `"event":"message.any"`)

	// A paused subscription receives nothing.
	paused := false
	require.NoError(t, client.Webhooks.Update(ctx, plainURL.URL, wawp.WebhookUpdateParams{Active: &paused}))
	srv.Receive("447441429009", "again")
	require.NoError(t, srv.WaitIdle(ctx))
	assert.Len(t, plain.bodies, 1)
}

func TestWebhookConfigReplaceAndDelete(t *testing.T) {
	t.Parallel()
	_, client := newV2Server(t)
	ctx := v2Context(t)
	require.NoError(t, client.Webhooks.Set(ctx, "https://a.example/hook", wawp.WebhookSetParams{Events: []wawp.EventType{wawp.EventMessage}}))
	cfg, err := client.Webhooks.Config(ctx)
	require.NoError(t, err)
	require.Len(t, cfg.Webhooks, 1)
	assert.Equal(t, &wawp.WebhookRetryPolicy{Delay: 2 * time.Second, Attempts: 15}, cfg.Webhooks[0].Retries, "documented default")
	require.NotNil(t, cfg.System)
	system := cfg.System.URL

	require.NoError(t, client.Webhooks.Replace(ctx, wawp.WebhookReplaceParams{
		Webhooks: []wawp.WebhookSubscription{{URL: "https://b.example/hook", Events: []wawp.EventType{wawp.EventPollVote}, Active: true}},
	}))
	cfg, err = client.Webhooks.Config(ctx)
	require.NoError(t, err)
	require.Len(t, cfg.Webhooks, 1)
	assert.Equal(t, "https://b.example/hook", cfg.Webhooks[0].URL)
	require.NotNil(t, cfg.System, "Replace keeps the system webhook")
	assert.Equal(t, system, cfg.System.URL)

	require.NoError(t, client.Webhooks.Delete(ctx, "https://b.example/hook"))
	err = client.Webhooks.Delete(ctx, "https://b.example/hook")
	assert.ErrorIs(t, err, wawp.ErrNotFound)

	require.NoError(t, client.Webhooks.Replace(ctx, wawp.WebhookReplaceParams{RemoveSystemWebhook: true}))
	cfg, err = client.Webhooks.Config(ctx)
	require.NoError(t, err)
	assert.Nil(t, cfg.System, "dropped only when asked")
}

func TestFreePlanRestrictions(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	require.NoError(t, srv.SetPlan(wawptest.PlanFree))
	require.Error(t, srv.SetPlan("gold"), "an unknown plan is refused")
	_, err := client.Webhooks.Config(ctx)
	assert.ErrorIs(t, err, wawp.ErrSubscriptionRequired)
	err = client.Webhooks.Set(ctx, "https://a.example/hook", wawp.WebhookSetParams{Events: []wawp.EventType{wawp.EventMessage}})
	assert.ErrorIs(t, err, wawp.ErrSubscriptionRequired)

	info, err := client.Sessions.RateLimit(ctx)
	require.NoError(t, err)
	assert.False(t, info.HasActivePlan)
	assert.Equal(t, []wawp.RateLimitPolicySlug{wawp.RateLimitStrict, wawp.RateLimitStandard}, info.FreePolicies)
	assert.ErrorIs(t, client.Sessions.SetRateLimit(ctx, "unlimited"), wawp.ErrSubscriptionRequired)
	require.NoError(t, client.Sessions.SetRateLimit(ctx, wawp.RateLimitStrict))
	info, err = client.Sessions.RateLimit(ctx)
	require.NoError(t, err)
	require.NotNil(t, info.Current)
	assert.Equal(t, wawp.RateLimitStrict, info.Current.Slug)
	assert.Equal(t, 10, info.Current.Limits.SendMessagePerMinute)

	require.NoError(t, srv.SetPlan(wawptest.PlanUnlimited))
	require.NoError(t, client.Sessions.SetRateLimit(ctx, "unlimited"))
}

func TestTempLinks(t *testing.T) {
	t.Parallel()
	_, client := newV2Server(t)
	ctx := v2Context(t)
	link, err := client.Sessions.TempLink(ctx)
	require.NoError(t, err)
	assert.Nil(t, link)
	created, err := client.Sessions.CreateTempLink(ctx)
	require.NoError(t, err)
	assert.Len(t, created.Token, 64)
	assert.WithinDuration(t, time.Now().Add(30*time.Minute), created.ExpiresAt, time.Minute)
	link, err = client.Sessions.TempLink(ctx)
	require.NoError(t, err)
	assert.Equal(t, created.URL, link.URL)
	require.NoError(t, client.Sessions.RevokeTempLinks(ctx))
	link, err = client.Sessions.TempLink(ctx)
	require.NoError(t, err)
	assert.Nil(t, link)
}

func TestOTPFlow(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	const user wawp.ChatID = "201234567890"
	require.NoError(t, client.Verify.SendOTP(ctx, user, &wawp.VerifySendOTPParams{Lang: wawp.OTPFrench, Footer: "Acme"}))
	code, ok := srv.LastOTP(user)
	require.True(t, ok)
	assert.Regexp(t, `^\d{6}$`, code)
	sent := srv.Sent()
	require.Len(t, sent, 1)
	assert.Equal(t, wawp.ChatID("201234567890@c.us"), sent[0].To)
	assert.Contains(t, sent[0].Body, code)

	err := client.Verify.SendOTP(ctx, user, nil)
	var cooldown *wawp.CooldownError
	require.ErrorAs(t, err, &cooldown)
	assert.InDelta(t, time.Minute.Seconds(), cooldown.RetryAfter.Seconds(), 2)

	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	res, err := client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: wrong})
	require.NoError(t, err)
	assert.False(t, res.Verified)
	res, err = client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: code})
	require.NoError(t, err)
	assert.True(t, res.Verified)
	_, ok = srv.LastOTP(user)
	assert.False(t, ok, "a used code is gone")
}

func TestOTPLockout(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	const user wawp.ChatID = "201234567891@c.us"
	require.NoError(t, client.Verify.SendOTP(ctx, user, nil))
	code, _ := srv.LastOTP(user)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for range 4 {
		res, err := client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: wrong})
		require.NoError(t, err)
		require.False(t, res.Verified)
	}
	_, err := client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: wrong})
	var lockout *wawp.LockoutError
	require.ErrorAs(t, err, &lockout)
	assert.Equal(t, 15*time.Minute, lockout.RetryAfter)
	_, err = client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: code})
	assert.ErrorAs(t, err, &lockout, "even the right code waits for the lockout")
}

func TestApprovals(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	params := wawp.VerifySendApprovalParams{Title: "Login", Approve: "Yes", Reject: "No", Button: "Review"}
	yes, err := client.Verify.SendApproval(ctx, "201234567890", params)
	require.NoError(t, err)
	no, err := client.Verify.SendApproval(ctx, "201234567891", params)
	require.NoError(t, err)

	res, err := client.Verify.CheckApproval(ctx, yes.ID)
	require.NoError(t, err)
	assert.Equal(t, wawp.ApprovalPending, res.Status)

	require.NoError(t, srv.Approve(yes.ID))
	require.NoError(t, srv.Reject(no.ID))
	assert.ErrorIs(t, srv.Approve(no.ID), wawptest.ErrApprovalAnswered)
	assert.ErrorIs(t, srv.Approve("auth_unknown"), wawptest.ErrUnknownApproval)

	res, err = client.Verify.WaitApproval(ctx, no.ID)
	require.NoError(t, err)
	assert.Equal(t, &wawp.VerifyResult{Status: wawp.ApprovalRejected, Outcome: "success"}, res)

	// The documented pace: a second check within 2 s is refused.
	_, err = client.Verify.CheckApproval(ctx, yes.ID)
	assert.ErrorIs(t, err, wawp.ErrRateLimited)
}

func TestV2SendsAndPollVotes(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	const chat wawp.ChatID = "447441429009@c.us"
	poll, err := client.Messages.SendPoll(ctx, chat, wawp.SendPollParams{Poll: wawp.Poll{Name: "Lunch?", Options: []string{"Pizza", "Sushi", "Salad"}}})
	require.NoError(t, err)
	require.NoError(t, client.Messages.VotePoll(ctx, chat, poll.ID, wawp.VotePollParams{Indexes: []int{2}}))
	assert.Equal(t, []string{"Salad"}, srv.PollVotes(poll.ID))
	require.NoError(t, client.Messages.VotePoll(ctx, chat, poll.ID, wawp.VotePollParams{Options: []string{"Sushi"}}))
	assert.Equal(t, []string{"Sushi"}, srv.PollVotes(poll.ID), "a vote replaces the last one")
	err = client.Messages.VotePoll(ctx, chat, poll.ID, wawp.VotePollParams{Options: []string{"Tacos"}})
	var apiErr *wawp.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	require.NoError(t, client.Messages.VotePoll(ctx, chat, poll.ID, wawp.VotePollParams{Retract: true}))
	assert.Empty(t, srv.PollVotes(poll.ID))

	audio, err := client.Messages.SendAudio(ctx, chat, wawp.SendAudioParams{File: wawp.File{URL: "https://cdn.example/a.mp3"}, Caption: "Listen"})
	require.NoError(t, err)
	list, err := client.Messages.SendList(ctx, chat, wawp.SendListParams{Title: "Menu", Button: "Open",
		Sections: []wawp.ListSection{{Title: "Mains", Rows: []wawp.ListRow{{Title: "Pizza", RowID: "p"}}}}})
	require.NoError(t, err)
	start := time.Now().Add(time.Hour)
	event, err := client.Messages.SendEvent(ctx, chat, wawp.SendEventParams{Name: "Standup", Start: start, End: start.Add(15 * time.Minute)})
	require.NoError(t, err)
	sent := srv.Sent()
	require.Len(t, sent, 4)
	for i, m := range []*wawp.Message{audio, list, event} {
		assert.Equal(t, sent[i+1].ID, m.ID)
	}
	assert.Equal(t, "https://cdn.example/a.mp3", sent[1].Media.URL)
	assert.Equal(t, "Menu", sent[2].Body)
	assert.Contains(t, string(sent[3].Data), `"startTime":`+strconv.FormatInt(start.Unix(), 10))
}

func TestV2LabelsAndLIDs(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	color := 3
	label, err := client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "VIP", Color: &color})
	require.NoError(t, err)
	got, err := client.Labels.Get(ctx, label.ID)
	require.NoError(t, err)
	assert.Equal(t, label, got)
	_, err = client.Labels.Get(ctx, "999")
	assert.ErrorIs(t, err, wawp.ErrNotFound)

	const chat wawp.ChatID = "447441429009@c.us"
	require.NoError(t, client.Labels.LinkChat(ctx, label.ID, chat))
	require.NoError(t, client.Labels.LinkChat(ctx, label.ID, chat), "linking twice is harmless")
	labels, err := client.Labels.ChatLabels(ctx, chat)
	require.NoError(t, err)
	assert.Equal(t, []wawp.Label{*label}, labels)
	require.NoError(t, client.Labels.UnlinkChat(ctx, label.ID, chat))
	labels, err = client.Labels.ChatLabels(ctx, chat)
	require.NoError(t, err)
	assert.Empty(t, labels)

	require.NoError(t, srv.AddLID("999888777@lid", "15551234567@c.us"))
	lid, err := client.Contacts.LIDByPhone(ctx, "+1 555 123 4567")
	require.NoError(t, err)
	assert.Equal(t, &wawp.PhoneLID{LID: "999888777@lid", Number: "15551234567"}, lid)
	lid, err = client.Contacts.LIDByPhone(ctx, "15550000000")
	require.NoError(t, err)
	assert.Empty(t, lid.LID)
}

func TestV2ErrorShapeAndRoot(t *testing.T) {
	t.Parallel()
	srv, client := newV2Server(t)
	ctx := v2Context(t)
	_, err := client.Labels.Get(ctx, "404")
	var apiErr *wawp.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.JSONEq(t, `{"status":404,"message":"label 404 was not found","error":"wawp_upstream_error"}`, string(apiErr.Body))
	reqs := srv.Requests()
	assert.Equal(t, "/v2/labels/404", reqs[len(reqs)-1].Path, "v2 calls go to the v2 root")
	assert.Equal(t, srv.URL+"/v2/", srv.V2BaseURL())
}
