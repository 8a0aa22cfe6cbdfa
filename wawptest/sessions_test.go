package wawptest

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

func TestSessionLifecycle(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := srv.Client()
	ctx := context.Background()

	info, err := c.Sessions.Info(ctx)
	require.NoError(t, err)
	assert.Equal(t, DefaultSessionName, info.Name)
	assert.Equal(t, wawp.SessionStopped, info.Status)
	assert.Equal(t, DefaultInstanceID, info.InstanceID())
	assert.Nil(t, info.Me)
	assert.JSONEq(t, `[]`, string(info.Config.Webhooks))

	started, err := c.Sessions.Start(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionStarting, started.Status)
	assert.Equal(t, wawp.SessionScanQRCode, srv.Status())

	waited, err := c.Sessions.WaitForStatus(ctx, wawp.SessionScanQRCode)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionScanQRCode, waited.Status)
	me, err := c.Sessions.Me(ctx)
	require.NoError(t, err)
	assert.Nil(t, me, "no account before the QR code is scanned")

	require.NoError(t, srv.ScanQR())
	info, err = c.Sessions.Info(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionWorking, info.Status)
	require.NotNil(t, info.Me)
	assert.Equal(t, DefaultMeID, info.Me.ID)
	assert.Equal(t, DefaultPushName, info.Me.PushName)
	assert.Equal(t, "15550000001:7@s.whatsapp.net", info.Me.JID)
	me, err = c.Sessions.Me(ctx)
	require.NoError(t, err)
	require.NotNil(t, me)
	assert.Equal(t, DefaultMeID, me.ID)
	assert.ErrorIs(t, srv.ScanQR(), ErrNotScanning)

	stopped, err := c.Sessions.Stop(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionStopped, stopped.Status)
	_, err = c.Sessions.Start(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionWorking, srv.Status(), "a linked account starts without a QR code")

	loggedOut, err := c.Sessions.Logout(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionScanQRCode, loggedOut.Status)
	restarted, err := c.Sessions.Restart(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionStarting, restarted.Status)
	assert.Equal(t, wawp.SessionScanQRCode, srv.Status(), "after logout a restart needs a new QR scan")

	_, err = c.Sessions.Delete(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionStatus(""), srv.Status())
	_, err = c.Sessions.Info(ctx)
	assert.ErrorIs(t, err, wawp.ErrInstanceNotFound)
	var apiErr *wawp.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "invalid_instance", apiErr.Code)
	assert.ErrorIs(t, srv.ScanQR(), ErrUnknownInstance)

	var statuses []wawp.SessionStatus
	for _, e := range srv.Events() {
		require.Equal(t, "session.status", e.Name)
		var p struct {
			Name   string             `json:"name"`
			Status wawp.SessionStatus `json:"status"`
		}
		payloadOf(t, e, &p)
		assert.Equal(t, DefaultSessionName, p.Name)
		statuses = append(statuses, p.Status)
	}
	assert.Equal(t, []wawp.SessionStatus{
		wawp.SessionStarting, wawp.SessionScanQRCode, wawp.SessionWorking, // start, scan
		wawp.SessionStopped, wawp.SessionStarting, wawp.SessionWorking, // stop, start
		wawp.SessionScanQRCode,                                            // logout
		wawp.SessionStopped, wawp.SessionStarting, wawp.SessionScanQRCode, // restart
		wawp.SessionStopped, // delete
	}, statuses)
}

func TestSessionStatusEventHistory(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	api(t, srv).ok(http.MethodPost, "/session/start", nil, "")
	var p struct {
		Statuses []statusPoint `json:"statuses"`
	}
	payloadOf(t, lastEvent(t, srv, "session.status"), &p)
	require.Len(t, p.Statuses, 3, "the last three statuses")
	got := []wawp.SessionStatus{p.Statuses[0].Status, p.Statuses[1].Status, p.Statuses[2].Status}
	assert.Equal(t, []wawp.SessionStatus{wawp.SessionStopped, wawp.SessionStarting, wawp.SessionScanQRCode}, got)
	assert.Positive(t, p.Statuses[2].Timestamp)
}

func TestAuthCalls(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := srv.Client()
	ctx := context.Background()

	_, err := c.Auth.QRRaw(ctx)
	var apiErr *wawp.APIError
	require.ErrorAs(t, err, &apiErr, "no QR code while STOPPED")
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, wawp.CodeUpstreamError, apiErr.Code)
	assert.ErrorIs(t, err, wawp.ErrUpstream)

	_, err = c.Sessions.Start(ctx)
	require.NoError(t, err)
	raw, err := c.Auth.QRRaw(ctx)
	require.NoError(t, err)
	assert.Regexp(t, `^2@[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+$`, raw.Value)

	img, err := c.Auth.QRImage(ctx)
	require.NoError(t, err)
	assert.Equal(t, "image/png", img.MIMEType)
	decoded, err := png.Decode(bytes.NewReader(img.Data))
	require.NoError(t, err)
	assert.Equal(t, 92, decoded.Bounds().Dx())

	shot, err := c.Auth.Screenshot(ctx)
	require.NoError(t, err)
	assert.Equal(t, "image/png", shot.MIMEType)
	assert.Equal(t, img.Data, shot.Data)

	code, err := c.Auth.RequestCode(ctx, "+44 7441 429009")
	require.NoError(t, err)
	assert.Regexp(t, `^[A-Z2-9]{4}-[A-Z2-9]{4}$`, code.Code)
	last := srv.Requests()[len(srv.Requests())-1]
	assert.Equal(t, "/requestCode", last.Path)
	assert.Equal(t, vals("phone_number", "447441429009"), last.Query)

	r := api(t, srv).do(http.MethodPost, "/requestCode", nil, "")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	e := r.wpError(t)
	assert.Equal(t, "rest_missing_callback_param", e.Code)
	assert.Contains(t, e.Message, "phone_number")

	r = api(t, srv).do(http.MethodGet, "/getQr", vals("format", "svg"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)
}

func TestCreateSession(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	account := srv.AccountClient()

	created, err := account.Sessions.Create(ctx, "MyNewSession")
	require.NoError(t, err)
	assert.Equal(t, "MyNewSession", created.Name)
	assert.Equal(t, wawp.SessionStopped, created.Status)
	id := created.InstanceID()
	assert.Regexp(t, `^[0-9A-F]{12}$`, id)
	assert.NotEqual(t, DefaultInstanceID, id)
	assert.Equal(t, "1000", created.Config.Metadata["user_id"])
	assert.NotContains(t, string(mustJSON(t, created)), srv.AccessToken(), "the token is never echoed")

	rec := srv.Requests()[0]
	assert.Equal(t, "/createSession", rec.Path)
	assert.Empty(t, rec.InstanceID)
	assert.Equal(t, vals("name", "MyNewSession"), rec.Query)

	c := account.WithInstance(id)
	_, err = c.Sessions.Start(ctx)
	require.NoError(t, err)
	require.NoError(t, srv.Instance(id).ScanQR())
	info, err := c.Sessions.Info(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionWorking, info.Status)
	require.NotNil(t, info.Me)
	assert.Equal(t, "MyNewSession", info.Me.PushName)
	assert.Equal(t, wawp.SessionStopped, srv.Status(), "the default instance is untouched")

	// Messages reach the instance they are delivered to, and no other.
	in, err := srv.Instance(id).ReceiveMessage(wawp.Message{From: "447441429009", Body: "to the new instance"})
	require.NoError(t, err)
	assert.Equal(t, wawp.ChatID("447441429009@c.us"), in.From)
	got, err := c.Chats.Messages(ctx, "447441429009@c.us", nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, in.ID, got[0].ID)
	assert.Equal(t, "to the new instance", got[0].Body)
	require.NoError(t, srv.SetStatus(wawp.SessionWorking))
	chats, err := srv.Client().Chats.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, chats, "the default instance received nothing")
	_, err = srv.Instance("000000000000").ReceiveMessage(wawp.Message{From: "447441429009", Body: "x"})
	assert.ErrorIs(t, err, ErrUnknownInstance)

	r := api(t, srv).as("", srv.AccessToken()).do(http.MethodPost, "/createSession", nil, "")
	assert.Equal(t, "rest_missing_callback_param", r.wpError(t).Code)
	r = api(t, srv).as("", "wrong").do(http.MethodPost, "/createSession", vals("name", "x"), "")
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, "invalid_access_token", r.wpError(t).Code)
}

func TestCredentialErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	cases := []struct {
		name         string
		instance     string
		token        string
		status       int
		code         string
		messageNames string
	}{
		{"missing token", srv.InstanceID(), "", http.StatusUnauthorized, "invalid_access_token", "access_token"},
		{"wrong token", srv.InstanceID(), "nope", http.StatusUnauthorized, "invalid_access_token", "access_token"},
		{"missing instance", "", srv.AccessToken(), http.StatusNotFound, "invalid_instance", "instance_id"},
		{"unknown instance", "FFFFFFFFFFFF", srv.AccessToken(), http.StatusNotFound, "invalid_instance", "FFFFFFFFFFFF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := api(t, srv).as(tc.instance, tc.token).do(http.MethodGet, "/session/info", nil, "")
			assert.Equal(t, tc.status, r.Status)
			e := r.wpError(t)
			assert.Equal(t, tc.code, e.Code)
			assert.Contains(t, e.Message, tc.messageNames)
		})
	}

	ctx := context.Background()
	bad, err := wawp.NewClient(srv.InstanceID(), "wrong-token", wawp.WithBaseURL(srv.BaseURL()))
	require.NoError(t, err)
	_, err = bad.Sessions.Info(ctx)
	assert.ErrorIs(t, err, wawp.ErrUnauthorized)
	_, err = srv.Client().WithInstance("000000000000").Sessions.Info(ctx)
	assert.ErrorIs(t, err, wawp.ErrInstanceNotFound)
}

func TestWithOptions(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		WithCredentials("ABCDEF012345", "other-token"),
		WithSessionName("wawp-99"),
		WithMe("441234567890@c.us", "Shop"),
		WithAutoLogin(),
	)
	assert.Equal(t, "ABCDEF012345", srv.InstanceID())
	assert.Equal(t, "other-token", srv.AccessToken())
	assert.Equal(t, srv.URL+"/wp-json/awp/v1/", srv.BaseURL())
	info, err := srv.Client().Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "wawp-99", info.Name)
	assert.Equal(t, wawp.SessionWorking, info.Status)
	require.NotNil(t, info.Me)
	assert.Equal(t, wawp.MeInfo{ID: "441234567890@c.us", JID: "441234567890:7@s.whatsapp.net", PushName: "Shop"}, *info.Me)
}

func TestSetStatusFailed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	require.NoError(t, srv.SetStatus(wawp.SessionFailed))
	_, err := srv.Client().Sessions.WaitForStatus(context.Background(), wawp.SessionWorking)
	assert.ErrorIs(t, err, wawp.ErrSessionFailed)
	r := api(t, srv).do(http.MethodPost, "/send", vals("chatId", "447441429009", "message", "hi"), "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.wpError(t).Message, "FAILED")
	_, err = srv.Client().Sessions.Restart(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionWorking, srv.Status(), "restart is the way out of FAILED")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestSessionInfoShowsWebhook(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	setWebhook(t, srv, "http://127.0.0.1:1/hook", "")
	info, err := srv.Client().Sessions.Info(context.Background())
	require.NoError(t, err)
	assert.JSONEq(t, `[{"url":"http://127.0.0.1:1/hook","events":["*"]}]`, string(info.Config.Webhooks))
	assert.ErrorIs(t, srv.ScanQR(), ErrNotScanning)
}
