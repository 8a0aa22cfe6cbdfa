package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/internal/exampletest"
	"github.com/wawp-go/wawp/wawptest"
)

func TestRunWithoutCredentialsDemonstratesTheBot(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, exampletest.NoEnv))
	assert.Equal(t, `using a fake Wawp server (set WAWP_INSTANCE_ID, WAWP_ACCESS_TOKEN and WAWP_WEBHOOK_SECRET to serve your instance)
447441429009 wrote "Hello, bot!"
4915112345678 wrote "Echo?"
an unsigned delivery was answered 401 Unauthorized
bot echoed "Hello, bot!" to 447441429009@c.us
bot echoed "Echo?" to 4915112345678@c.us
`, out.String())
}

// The real-instance path, pointed at a fake server through the environment.
// It cannot run in parallel: it sets environment variables.
func TestRunWithCredentialsServesUntilCancelled(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	bot := startBot(t, srv)
	ctx, addr := bot.ctx, bot.addr

	require.NoError(t, srv.SetWebhook("http://"+addr+"/", "s3cret"))
	text, err := srv.Receive("447441429009", "ping")
	require.NoError(t, err)
	_, err = srv.ReceiveMessage(wawp.Message{From: "447441429009", Body: "a caption", Media: &wawp.Media{URL: "https://example.com/a.jpg", MIMEType: "image/jpeg"}})
	require.NoError(t, err)
	status, err := srv.Receive(wawp.StatusBroadcast, "my status")
	require.NoError(t, err)
	require.NotEmpty(t, status.ID)
	group, err := srv.AddGroup("Friends", "4915112345678")
	require.NoError(t, err)
	inGroup, err := srv.ReceiveMessage(wawp.Message{From: group, Participant: "4915112345678", Body: "hi all"})
	require.NoError(t, err)
	require.NoError(t, srv.WaitIdle(ctx))
	assert.Equal(t, http.StatusOK, postOwnMessage(t, ctx, addr, "s3cret"))

	sent := srv.Sent()
	require.Len(t, sent, 2, "only the texts in chats are echoed")
	assert.Equal(t, wawp.ChatID("447441429009@c.us"), sent[0].To)
	assert.Equal(t, "ping", sent[0].Body)
	require.NotNil(t, sent[0].ReplyTo)
	assert.Equal(t, text.ID, sent[0].ReplyTo.ID)
	assert.Equal(t, group, sent[1].To)
	assert.Equal(t, "hi all", sent[1].Body)
	require.NotNil(t, sent[1].ReplyTo)
	assert.Equal(t, inGroup.ID, sent[1].ReplyTo.ID)
	for _, d := range srv.Deliveries() {
		assert.Equal(t, http.StatusOK, d.Status, d.Event)
	}

	bot.stop()
	assert.False(t, bot.lines.Scan(), "nothing more is printed")
}

func TestRunWithCredentialsRejectsForgedDeliveries(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	bot := startBot(t, srv)

	require.NoError(t, srv.SetWebhook("http://"+bot.addr+"/", "not the bot's secret"))
	_, err := srv.Receive("447441429009", "ping")
	require.NoError(t, err)
	require.ErrorIs(t, srv.WaitIdle(bot.ctx), wawptest.ErrDeliveryFailed)
	assert.Empty(t, srv.Sent())
	require.NotEmpty(t, srv.Deliveries())
	for _, d := range srv.Deliveries() {
		assert.Equal(t, http.StatusUnauthorized, d.Status, d.Event)
	}
	bot.stop()
}

// runningBot is run serving a real instance's webhooks, started by startBot.
type runningBot struct {
	ctx   context.Context
	addr  string         // where the webhook server listens
	lines *bufio.Scanner // what run prints after the start-up lines
	stop  func()         // cancels run and requires it to return nil
}

// startBot runs the bot with srv's credentials in the environment and a
// webhook secret of "s3cret", and waits until its webhook server listens.
func startBot(t *testing.T, srv *wawptest.Server) runningBot {
	t.Helper()
	setCredentials(t, srv)
	env := envOf(srv, map[string]string{"WAWP_WEBHOOK_LISTEN": "127.0.0.1:0", "WAWP_WEBHOOK_SECRET": "s3cret"})
	ctx, cancel := context.WithCancel(exampletest.Context(t))
	t.Cleanup(cancel)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, pw, env)
		_ = pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	require.True(t, lines.Scan())
	assert.Equal(t, "using Wawp instance A1B2C3D4E5F6", lines.Text())
	require.True(t, lines.Scan())
	addr, ok := strings.CutPrefix(lines.Text(), "echo bot listening on ")
	require.True(t, ok, lines.Text())
	return runningBot{ctx: ctx, addr: addr, lines: lines, stop: func() {
		cancel()
		require.NoError(t, <-done)
	}}
}

func TestRunWithCredentialsNeedsAWebhookSecret(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	setCredentials(t, srv)
	err := run(exampletest.Context(t), io.Discard, envOf(srv, nil))
	assert.EqualError(t, err, "WAWP_WEBHOOK_SECRET is required: the bot answers signed deliveries only")
}

func setCredentials(t *testing.T, srv *wawptest.Server) {
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())
}

// envOf is the environment os.Getenv shows after setCredentials, plus extra.
func envOf(srv *wawptest.Server, extra map[string]string) func(string) string {
	return func(k string) string {
		switch k {
		case wawp.EnvInstanceID:
			return srv.InstanceID()
		case wawp.EnvAccessToken:
			return srv.AccessToken()
		case wawp.EnvBaseURL:
			return srv.BaseURL()
		}
		return extra[k]
	}
}

// postOwnMessage delivers, signed, a message event for a message the
// session sent itself, as some engines report messages sent from the phone.
func postOwnMessage(t *testing.T, ctx context.Context, addr, secret string) int {
	body := []byte(`{"id":"evt_ownmessage00000000000000000","event":"message","session":"wawp-10000001",` +
		`"payload":{"id":"true_447441429009@c.us_3EB0C767D71D3A5B0C1A","from":"447441429009@c.us","fromMe":true,"body":"sent from the phone"}}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, secret, wawp.AlgorithmSHA512))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode
}
