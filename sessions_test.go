package wawp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionsEndpoints(t *testing.T) {
	t.Parallel()
	session := func(t *testing.T, got any, name string, status SessionStatus) *Session {
		t.Helper()
		s, ok := got.(*Session)
		require.True(t, ok, "got %T", got)
		assert.Equal(t, name, s.Name)
		assert.Equal(t, status, s.Status)
		return s
	}
	runEndpointCases(t, []endpointCase{
		{
			endpoint:     "POST /createSession",
			fixture:      "sessions/create.json",
			call:         func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Create(ctx, "MyNewSession") },
			path:         "/createSession",
			query:        vals("name", "MyNewSession"),
			accountLevel: true,
			check: func(t *testing.T, got any) {
				s := session(t, got, "MyNewSession", SessionStarting)
				assert.Equal(t, "123456", s.InstanceID())
				assert.Equal(t, "5000", s.Config.Metadata["user_id"])
				assert.Equal(t, "Your account name", s.Config.Metadata["display_name"])
			},
		},
		{
			endpoint: "POST /session/start",
			fixture:  "sessions/synthetic_start.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Start(ctx) },
			path:     "/session/start",
			check:    func(t *testing.T, got any) { session(t, got, "wawp-84729105", SessionStarting) },
		},
		{
			endpoint: "POST /session/stop",
			fixture:  "sessions/stop.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Stop(ctx) },
			path:     "/session/stop",
			check: func(t *testing.T, got any) {
				s := session(t, got, "wawp-84729105", SessionStopped)
				assert.JSONEq(t, `{}`, string(s.Config.Webhooks))
				assert.Nil(t, s.Me)
			},
		},
		{
			endpoint: "POST /session/restart",
			fixture:  "sessions/synthetic_restart.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Restart(ctx) },
			path:     "/session/restart",
			check:    func(t *testing.T, got any) { session(t, got, "wawp-84729105", SessionStarting) },
		},
		{
			endpoint: "DELETE /session/delete",
			fixture:  "sessions/delete.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Delete(ctx) },
			path:     "/session/delete",
			check: func(t *testing.T, got any) {
				s := session(t, got, "wawp-84729105", SessionDeleted)
				assert.Equal(t, "3EB0BCB2E3D4", s.InstanceID())
			},
		},
		{
			endpoint: "POST /session/logout",
			fixture:  "sessions/logout.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Logout(ctx) },
			path:     "/session/logout",
			check: func(t *testing.T, got any) {
				s := session(t, got, "wawp-84729105", SessionScanQRCode)
				assert.Equal(t, "3EB0BCB2E3D4", s.InstanceID(), "logout answers carry instance_id")
			},
		},
		{
			endpoint: "GET /session/info",
			fixture:  "sessions/info.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Info(ctx) },
			path:     "/session/info",
			check: func(t *testing.T, got any) {
				s := session(t, got, "wawp-84729105", SessionWorking)
				require.NotNil(t, s.Me)
				assert.Equal(t, ChatID("201012345678@c.us"), s.Me.ID)
				assert.Equal(t, "John Doe", s.Me.PushName)
			},
		},
		{
			endpoint: "GET /session/me",
			fixture:  "sessions/me.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Sessions.Me(ctx) },
			path:     "/session/me",
			check: func(t *testing.T, got any) {
				assert.Equal(t, &MeInfo{ID: "11111111111@c.us", LID: "123123@lid", JID: "123123:123@s.whatsapp.net", PushName: "string"}, got)
			},
		},
	})
}

func TestSessionsCreateNeedsOnlyTheToken(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	account := c.WithInstance("")
	ts.replyFixture("sessions/create.json")

	created, err := account.Sessions.Create(context.Background(), "MyNewSession")
	require.NoError(t, err)
	assert.Empty(t, ts.last().InstanceID)

	// A client for the new instance sends its ID from then on.
	ts.replyFixture("sessions/info.json")
	_, err = account.WithInstance(created.InstanceID()).Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"123456"}, ts.last().InstanceID)

	// Instance calls on the account-level client fail before any I/O.
	before := ts.count()
	_, err = account.Sessions.Info(context.Background())
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "instance_id", ve.Field)
	assert.Equal(t, before, ts.count())
}

func TestSessionsValidation(t *testing.T) {
	t.Parallel()
	assertNoRequest(t, "name", func(ctx context.Context, c *Client) error {
		_, err := c.Sessions.Create(ctx, "")
		return err
	})
	assertNoRequest(t, "statuses", func(ctx context.Context, c *Client) error {
		_, err := c.Sessions.WaitForStatus(ctx)
		return err
	})
}

func TestSessionsMeNotLoggedIn(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `null`)
	me, err := c.Sessions.Me(context.Background())
	require.NoError(t, err)
	assert.Nil(t, me)
}

func TestSessionsLogoutFallsBackToGET(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(fixture(t, "errors/no_route.json"))
			return
		}
		_, _ = w.Write(fixture(t, "sessions/logout.json"))
	})
	s, err := c.Sessions.Logout(context.Background())
	require.NoError(t, err)
	assert.Equal(t, SessionScanQRCode, s.Status)
	reqs := ts.requestsSeen()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, http.MethodGet, reqs[1].Method)
	assert.Equal(t, "/session/logout", reqs[1].Path)
}

func TestSessionsLogoutFallbackOnlyOnce(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusNotFound, string(fixture(t, "errors/no_route.json")))
	_, err := c.Sessions.Logout(context.Background())
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 2, ts.count(), "POST once, then GET once")
}

func TestWaitForStatus(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	waits := recordWaits(c)
	statuses := []SessionStatus{SessionStarting, SessionStarting, SessionScanQRCode, SessionScanQRCode, SessionScanQRCode, SessionWorking}
	var mu sync.Mutex
	ts.handle(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		next := statuses[0]
		if len(statuses) > 1 {
			statuses = statuses[1:]
		}
		mu.Unlock()
		_, _ = fmt.Fprintf(w, `{"name":"wawp-1","status":%q}`, next)
	})
	s, err := c.Sessions.WaitForStatus(context.Background(), SessionWorking)
	require.NoError(t, err)
	assert.Equal(t, SessionWorking, s.Status)
	assert.Equal(t, 6, ts.count())
	assert.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second}, waits(),
		"polls back off and are capped")
}

func TestWaitForStatusStopsOnFailed(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"name":"wawp-1","status":"FAILED"}`)
	s, err := c.Sessions.WaitForStatus(context.Background(), SessionWorking)
	require.ErrorIs(t, err, ErrSessionFailed)
	assert.Equal(t, SessionFailed, s.Status)

	s, err = c.Sessions.WaitForStatus(context.Background(), SessionWorking, SessionFailed)
	require.NoError(t, err, "FAILED is an answer when asked for")
	assert.Equal(t, SessionFailed, s.Status)
}

func TestWaitForStatusEndsWithContext(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"name":"wawp-1","status":"SCAN_QR_CODE"}`)
	ctx, cancel := context.WithCancel(context.Background())
	c.wait = func(context.Context, time.Duration) error {
		cancel()
		return ctx.Err()
	}
	_, err := c.Sessions.WaitForStatus(ctx, SessionWorking)
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "SCAN_QR_CODE")
	assert.Equal(t, 1, ts.count())
}

func TestSessionStatusIsOpen(t *testing.T) {
	t.Parallel()
	var s Session
	require.NoError(t, json.Unmarshal([]byte(`{"name":"x","status":"PAUSED","config":{"metadata":{"instance_id":123456,"flag":true,"none":null}}}`), &s))
	assert.Equal(t, SessionStatus("PAUSED"), s.Status)
	assert.False(t, s.Status.IsKnown())
	for _, known := range []SessionStatus{SessionStopped, SessionStarting, SessionScanQRCode, SessionWorking, SessionFailed,
		SessionPasskeyRequired, SessionPasskeyConfirmationRequired} {
		assert.True(t, known.IsKnown(), known)
	}
	assert.Equal(t, "123456", s.InstanceID(), "numeric metadata values are read as text")
	assert.Equal(t, "true", s.Config.Metadata["flag"])
	_, hasNone := s.Config.Metadata["none"]
	assert.False(t, hasNone)
}

func TestSessionInfoDecodesEveryDocumentedField(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"session/info", fixtureResponder(t, "sessions/synthetic_info_full.json"))
	s, err := c.Sessions.Info(context.Background())
	require.NoError(t, err)

	assert.Equal(t, SessionScanQRCode, s.Status)
	assert.Equal(t, "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", s.QR)
	assert.Nil(t, s.Me)
	assert.Equal(t, "worker-1", s.AssignedWorker)
	assert.JSONEq(t, `{"status":"online"}`, string(s.Presence))
	require.NotNil(t, s.Timestamps)
	assert.Equal(t, time.UnixMilli(1700000003000).UTC(), s.Timestamps.Activity.Time)
	assert.JSONEq(t, `[{"id":"app-1"}]`, string(s.Apps))
	require.NotNil(t, s.Engine)
	assert.Equal(t, EngineWEBJS, s.Engine.Engine)
	assert.Equal(t, "2.3000.1", s.Engine.WWebVersion)
	assert.Equal(t, "CONNECTED", s.Engine.State)
	assert.JSONEq(t, `{"engine":"WEBJS","WWebVersion":"2.3000.1","state":"CONNECTED"}`, string(s.Engine.Raw))

	cfg := s.Config
	assert.Equal(t, "3EB0BCB2E3D4", s.InstanceID())
	assert.Equal(t, "5000", cfg.Metadata["user_id"], "numbers in metadata decode as text")
	assert.Equal(t, &SessionProxy{Server: "proxy.example.com:3128", Username: "user"}, cfg.Proxy)
	assert.True(t, cfg.Debug)
	assert.Equal(t, &SessionIgnore{Status: boolPtr(true), Groups: boolPtr(false)}, cfg.Ignore)
	assert.Equal(t, &SessionClient{DeviceName: "Wawp", BrowserName: "Chrome"}, cfg.Client)
	assert.Equal(t, &SessionNOWEBConfig{MarkOnline: boolPtr(false), Store: &SessionNOWEBStore{Enabled: true}}, cfg.NOWEB)
	assert.Equal(t, &SessionGOWSConfig{Storage: &SessionGOWSStorage{Messages: boolPtr(true)}}, cfg.GOWS)
	assert.Equal(t, &SessionWEBJSConfig{TagsEventsOn: true}, cfg.WEBJS)
	assert.JSONEq(t, `[{"url":"https://example.com/hook","events":["message"],"hmac":null,"retries":null,"customHeaders":null}]`, string(cfg.Webhooks))
}

func TestSessionWawpAnswerHasNoProxyOrEngine(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"session/info", fixtureResponder(t, "sessions/info.json"))
	s, err := c.Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Nil(t, s.Config.Proxy, "proxy: null")
	assert.JSONEq(t, `{}`, string(s.Config.Webhooks), "Wawp sends webhooks as an object")
	assert.Nil(t, s.Engine)
	assert.Nil(t, s.Timestamps)
	assert.Empty(t, s.QR)
	assert.Empty(t, s.InstanceID())
}

func TestEngineIsOpen(t *testing.T) {
	t.Parallel()
	for _, e := range []Engine{EngineWEBJS, EngineWPP, EngineNOWEB, EngineGOWS, EngineVENOM, EngineNOWEBMobile} {
		assert.True(t, e.IsKnown(), e.String())
	}
	assert.False(t, Engine("NEW_ENGINE").IsKnown())
	assert.Equal(t, "GOWS", EngineGOWS.String())
	var s SessionEngine
	require.NoError(t, json.Unmarshal([]byte(`{"engine":"NEW_ENGINE","extra":1}`), &s))
	assert.Equal(t, Engine("NEW_ENGINE"), s.Engine, "unknown engines are kept")
}
