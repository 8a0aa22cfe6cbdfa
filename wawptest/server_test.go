package wawptest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

func TestNoRoute(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	cases := []struct{ method, path string }{
		{http.MethodGet, "/nope"},
		{http.MethodDelete, "/send"},                     // known path, wrong method
		{http.MethodGet, "/session/start"},               // POST only
		{http.MethodPost, "/chats/1%40c.us"},             // only DELETE exists
		{http.MethodGet, "/chats/1%40c.us/messages/x/y"}, // too deep
		{http.MethodGet, ""},
	}
	for _, tc := range cases {
		r := api(t, srv).do(tc.method, tc.path, nil, "")
		assert.Equal(t, http.StatusNotFound, r.Status, "%s %s", tc.method, tc.path)
		assert.Equal(t, "rest_no_route", r.wpError(t).Code, "%s %s", tc.method, tc.path)
	}
	r := api(t, srv).as("", "").do(http.MethodGet, "/nope", nil, "")
	assert.Equal(t, "rest_no_route", r.wpError(t).Code, "routing comes before the credential check")

	resp, err := http.Get(srv.URL + "/wp-json/other/v1/send")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "outside the API root")

	_, err = srv.Client().Sessions.Info(context.Background())
	require.NoError(t, err)
	err = srv.Client().Do(context.Background(), http.MethodGet, "nope", nil, nil, nil)
	assert.ErrorIs(t, err, wawp.ErrNotFound)
}

func TestRoutingPrefersLiteralSegments(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	var search struct {
		Channels []channelJSON `json:"channels"`
	}
	api(t, srv).ok(http.MethodGet, "/channels/search", vals("view", "NEW"), "").decode(t, &search)
	assert.Len(t, search.Channels, 12, "/channels/search is not /channels/{id}")
	var count map[string]int
	api(t, srv).ok(http.MethodGet, "/groups/count", nil, "").decode(t, &count)
	assert.Equal(t, map[string]int{"count": 0}, count)
	var labels []wawp.Label
	api(t, srv).ok(http.MethodGet, "/labels/chats/"+esc("447441429009@c.us"), nil, "").decode(t, &labels)
	assert.Empty(t, labels)
}

func TestRequestsAreRecorded(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	a.sendText("447441429009@c.us", "hello")
	a.ok(http.MethodPost, "/sendPoll", nil, `{"chatId":"447441429009@c.us","poll":{"name":"Q","options":["a","b"]}}`)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/send", reqs[0].Path)
	assert.Equal(t, DefaultInstanceID, reqs[0].InstanceID)
	assert.Equal(t, vals("chatId", "447441429009@c.us", "message", "hello"), reqs[0].Query, "credentials are removed")
	assert.Empty(t, reqs[0].Body)
	assert.Equal(t, "/sendPoll", reqs[1].Path)
	assert.JSONEq(t, `{"chatId":"447441429009@c.us","poll":{"name":"Q","options":["a","b"]}}`, string(reqs[1].Body))
	assert.Equal(t, "application/json", reqs[1].Header.Get("Content-Type"))

	api(t, srv).ok(http.MethodGet, "/chats/"+esc("447441429009@c.us")+"/messages", vals("limit", "5"), "")
	assert.Equal(t, "/chats/447441429009@c.us/messages", srv.Requests()[2].Path, "paths are unescaped")

	reqs[0].Query.Set("chatId", "changed")
	assert.Equal(t, "447441429009@c.us", srv.Requests()[0].Query.Get("chatId"), "Requests returns copies")
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	ctx := context.Background()

	require.NoError(t, srv.FailNext(2, http.StatusServiceUnavailable, ""))
	info, err := srv.Client().Sessions.Info(ctx)
	require.NoError(t, err, "the client retries past two failures")
	assert.Equal(t, wawp.SessionWorking, info.Status)
	assert.Len(t, srv.Requests(), 3)

	noRetry := srv.Client(wawp.WithRetry(wawp.RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, srv.FailNext(1, http.StatusBadGateway, ""))
	_, err = noRetry.Sessions.Info(ctx)
	var apiErr *wawp.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.Equal(t, wawp.CodeUpstreamError, apiErr.Code)
	_, err = noRetry.Sessions.Info(ctx)
	require.NoError(t, err, "only the next call fails")

	require.NoError(t, srv.FailNext(1, http.StatusTooManyRequests, `{"code":"slow_down","message":"Too fast","data":{"status":429}}`))
	r := api(t, srv).do(http.MethodPost, "/send", vals("chatId", "447441429009", "message", "hi"), "")
	assert.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.Equal(t, `{"code":"slow_down","message":"Too fast","data":{"status":429}}`, string(r.Body))
	assert.Empty(t, srv.Sent(), "a failed call is not served")

	require.NoError(t, srv.FailNext(1, http.StatusBadGateway, "<html><title>Bad Gateway</title></html>"))
	r = api(t, srv).do(http.MethodGet, "/session/info", nil, "")
	assert.Equal(t, http.StatusBadGateway, r.Status)
	assert.Equal(t, "text/html; charset=UTF-8", r.Header.Get("Content-Type"))

	for status, code := range map[int]string{400: "rest_invalid_param", 401: "invalid_access_token", 403: "rest_forbidden", 404: "rest_not_found", 500: "internal_server_error", 504: "wawp_upstream_error", 418: "wawptest_fault"} {
		require.NoError(t, srv.FailNext(1, status, ""))
		r := api(t, srv).do(http.MethodGet, "/session/info", nil, "")
		assert.Equal(t, status, r.Status)
		assert.Equal(t, code, r.wpError(t).Code, "status %d", status)
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	const latency = 60 * time.Millisecond
	srv := newServer(t, WithLatency(latency), WithAutoLogin())
	start := time.Now()
	_, err := srv.Client().Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), latency)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err = srv.Client(wawp.WithRetry(wawp.RetryPolicy{MaxAttempts: 1})).Sessions.Info(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestClientPanicsOnBadOption(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	assert.Panics(t, func() { srv.Client(wawp.WithTimeout(-time.Second)) })
}

// TestConcurrentSends has 50 goroutines send while others read the
// recordings and advance acks; run it with -race.
func TestConcurrentSends(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	hooks := newHookRecorder(t)
	setWebhook(t, srv, hooks.server.URL, "key")
	const senders, perSender = 50, 2

	var wg sync.WaitGroup
	errs := make(chan error, senders*perSender)
	for g := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := fmt.Sprintf("4474414290%02d@c.us", g)
			for i := range perSender {
				errs <- postSend(srv, chat, fmt.Sprintf("m%d", i))
			}
		}()
	}
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			_ = srv.Requests()
			_ = srv.Events()
			_ = srv.Deliveries()
			for _, m := range srv.Sent() {
				_, _ = srv.AdvanceAck(m.ID)
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-readerDone
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	sent := srv.Sent()
	require.Len(t, sent, senders*perSender)
	seen := map[wawp.MessageID]bool{}
	for _, m := range sent {
		assert.False(t, seen[m.ID], "IDs are unique")
		seen[m.ID] = true
	}
	for g := range senders {
		chat := wawp.ChatID(fmt.Sprintf("4474414290%02d@c.us", g))
		list := api(t, srv).messages(chat, nil)
		require.Len(t, list, perSender)
		assert.Equal(t, []string{"m1", "m0"}, []string{list[0].Body, list[1].Body}, "newest first")
	}
	waitIdle(t, srv)
	events := srv.Events()
	assertDeliveredOnce(t, srv, hooks, events)
	assert.Len(t, eventNames(events, "message.any"), senders*perSender)
}

// assertDeliveredOnce checks that every event reached the receiver and was
// accepted, once, or once more after each attempt that got no answer: a
// loaded machine may drop a connection after the receiver has read the
// event, and delivery is retried then, as WAHA's is.
func assertDeliveredOnce(t *testing.T, srv *Server, hooks *hookRecorder, events []Event) {
	t.Helper()
	copies := map[string]int{}
	for _, r := range hooks.requests() {
		copies[r.Header.Get("X-Webhook-Request-Id")]++
	}
	attempts := map[string][]Delivery{}
	for _, d := range srv.Deliveries() {
		attempts[d.ID] = append(attempts[d.ID], d)
	}
	for _, e := range events {
		tries := attempts[e.ID]
		require.NotEmpty(t, tries, "%s %s was delivered", e.Name, e.ID)
		last := tries[len(tries)-1]
		assert.Equal(t, http.StatusOK, last.Status, "%s %s was accepted in the end (%v)", e.Name, e.ID, last.Err)
		for _, d := range tries[:len(tries)-1] {
			assert.Error(t, d.Err, "%s %s was retried only after an attempt without an answer", e.Name, e.ID)
		}
		assert.GreaterOrEqual(t, copies[e.ID], 1, "%s %s reached the receiver", e.Name, e.ID)
		assert.LessOrEqual(t, copies[e.ID], len(tries), "%s %s reached the receiver at most once per attempt", e.Name, e.ID)
	}
	assert.Len(t, copies, len(events), "the receiver saw no other event")
}

// postSend sends a text message over plain HTTP; it is safe to call from
// any goroutine.
func postSend(srv *Server, chat, text string) error {
	q := vals("chatId", chat, "message", text, "instance_id", srv.InstanceID(), "access_token", srv.AccessToken())
	resp, err := http.Post(srv.BaseURL()+"send?"+q.Encode(), "", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("send to %s: status %d", chat, resp.StatusCode)
	}
	return nil
}

func TestFailNextRejectsBadValues(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	for _, tc := range []struct {
		n, status int
		field     string
	}{
		{1, 0, "status"}, {1, 99, "status"}, {1, 100, "status"}, {1, 199, "status"},
		{1, 600, "status"}, {1, 1000, "status"}, {1, -503, "status"}, {-1, 503, "n"},
	} {
		err := srv.FailNext(tc.n, tc.status, "")
		var ve *wawp.ValidationError
		require.ErrorAs(t, err, &ve, "n %d, status %d", tc.n, tc.status)
		assert.Equal(t, tc.field, ve.Field)
		assert.Contains(t, err.Error(), "wawptest: FailNext:")
	}
	_, err := srv.Client().Sessions.Info(context.Background())
	require.NoError(t, err, "nothing was armed")

	require.NoError(t, srv.FailNext(1, http.StatusServiceUnavailable, ""))
	assert.Error(t, srv.FailNext(1, 600, ""))
	r := api(t, srv).do(http.MethodGet, "/session/info", nil, "")
	assert.Equal(t, http.StatusServiceUnavailable, r.Status, "a rejected call keeps the armed failure")
	assert.Equal(t, http.StatusOK, api(t, srv).do(http.MethodGet, "/session/info", nil, "").Status)

	require.NoError(t, srv.FailNext(5, http.StatusOK, `{"code":"rest_forbidden","message":"no","data":{"status":403}}`))
	require.NoError(t, srv.FailNext(0, http.StatusOK, ""))
	assert.Equal(t, http.StatusOK, api(t, srv).do(http.MethodGet, "/session/info", nil, "").Status, "n = 0 disarms")
	_, err = srv.Client().Sessions.Info(context.Background())
	require.NoError(t, err)
}

func TestOptionsRejectBadValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		opt   Option
		field string
	}{
		{"empty id", WithCredentials("", "token"), "id"},
		{"id with a space", WithCredentials("ABC DEF", "token"), "id"},
		{"empty token", WithCredentials("ABCDEF012345", ""), "token"},
		{"token with a newline", WithCredentials("ABCDEF012345", "tok\nen"), "token"},
		{"empty session name", WithSessionName(""), "name"},
		{"session name with a tab", WithSessionName("a\tb"), "name"},
		{"me not a chat ID", WithMe("not a number", "Shop"), "chatId"},
		{"me a group", WithMe("120363000000000001@g.us", "Shop"), "id"},
		{"negative latency", WithLatency(-time.Millisecond), "d"},
	}
	for _, tc := range cases {
		srv, err := StartServer(WithAutoLogin(), tc.opt)
		assert.Nil(t, srv, tc.name)
		var ve *wawp.ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.Equal(t, tc.field, ve.Field, tc.name)
		assert.PanicsWithError(t, err.Error(), func() { NewServer(tc.opt) }, tc.name)
	}
	_, parseErr := wawp.ParseChatID("not a number")
	_, err := StartServer(WithMe("not a number", "Shop"))
	assert.Equal(t, "wawptest: WithMe: id: "+parseErr.Error(), err.Error(), "the parser's error is wrapped")

	srv, err := StartServer(WithMe("+44 1234 567890", "Shop"), WithLatency(0))
	require.NoError(t, err)
	defer srv.Close()
	require.NoError(t, srv.SetStatus(wawp.SessionWorking))
	me, err := srv.Client().Sessions.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wawp.ChatID("441234567890@c.us"), me.ID, "a phone number is normalised")
}
