package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// TestFakeEchoBotRoundTrip runs the README's loop: "wawp fake" delivering
// to the echo-bot example, started with the variables the fake printed, and
// messages typed at the fake's prompt or posted to /_fake/receive.
func TestFakeEchoBotRoundTrip(t *testing.T) {
	botAddr := freeAddr(t)
	fake := startFake(t, "-webhook", "http://"+botAddr+"/", "-secret", "dev-secret", "-auto-login")
	assert.Equal(t, fake.root+wawptest.BasePath, fake.getenv(envBaseURL))
	assert.Equal(t, wawptest.DefaultInstanceID, fake.getenv(envInstanceID))
	assert.Equal(t, wawptest.DefaultAccessToken, fake.getenv(envAccessToken))
	assert.Equal(t, botAddr, fake.getenv("WAWP_WEBHOOK_LISTEN"))
	assert.Equal(t, "dev-secret", fake.getenv("WAWP_WEBHOOK_SECRET"))

	bot := start(t, fake.env, echoBotBin)
	bot.waitFor(t, "echo bot listening on", botAddr)

	// A message posted to the control endpoint.
	resp, err := http.Post(fake.root+"/_fake/receive", "application/json", strings.NewReader(`{"from":"+49 151 12345678","text":"ping"}`))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var received wawp.Message
	require.NoError(t, json.Unmarshal(body, &received))
	assert.Equal(t, wawp.ChatID("4915112345678@c.us"), received.From)
	assert.Equal(t, "ping", received.Body)
	fake.waitFor(t, `received "ping" from 4915112345678@c.us`)
	fake.waitFor(t, "webhook message ", "attempt 1: 200")

	// Lines typed at the prompt: with a number, and without one.
	_, err = io.WriteString(fake.stdin, "447700900123: hello there\nfrom the default\n")
	require.NoError(t, err)
	fake.waitFor(t, `received "hello there" from 447700900123@c.us`)
	fake.waitFor(t, `received "from the default" from 447441429009@c.us`)

	client, err := newClient(fake.getenv(envInstanceID), fake.getenv(envAccessToken), fake.getenv(envBaseURL))
	require.NoError(t, err)
	for chat, text := range map[wawp.ChatID]string{"4915112345678@c.us": "ping", "447700900123@c.us": "hello there", "447441429009@c.us": "from the default"} {
		assert.Equal(t, text, waitForEcho(t, client, chat), "echo in %s", chat)
	}
	fake.waitFor(t, "POST /wp-json/awp/v1/send 200")
	fake.waitFor(t, `sent "hello there" to 447700900123@c.us`)

	for _, line := range strings.Split(fake.output(), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "export ") {
			assert.NotContains(t, line, wawptest.DefaultAccessToken, "the token is printed in the banner only")
			assert.NotContains(t, line, "access_token", "request logs carry no query")
		}
	}
}

// waitForEcho returns the text of the first message the session sent to chat.
func waitForEcho(t *testing.T, client *wawp.Client, chat wawp.ChatID) string {
	t.Helper()
	deadline := time.Now().Add(processTimeout)
	for time.Now().Before(deadline) {
		msgs, err := client.Chats.Messages(context.Background(), chat, nil)
		require.NoError(t, err)
		for _, m := range msgs {
			if m.FromMe {
				return m.Body
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no echo in %s", chat)
	return ""
}

func TestFakeControlEndpoints(t *testing.T) {
	fake := startFake(t)
	fake.waitFor(t, "session STOPPED")
	fake.waitFor(t, "no webhook")

	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{http.MethodGet, "/_fake/receive", "", http.StatusMethodNotAllowed},
		{http.MethodPost, "/_fake/receive", `not json`, http.StatusBadRequest},
		{http.MethodPost, "/_fake/receive", `{"from":"abc@example.com","text":"x"}`, http.StatusBadRequest},
		{http.MethodPost, "/_fake/receive", `{"from":"447441429009"}`, http.StatusBadRequest},
		{http.MethodPost, "/_fake/scan", "", http.StatusConflict}, // the session is not showing a code
		{http.MethodGet, "/_fake/scan", "", http.StatusMethodNotAllowed},
	} {
		req, err := http.NewRequest(tc.method, fake.root+tc.path, strings.NewReader(tc.body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, tc.status, resp.StatusCode, "%s %s %s", tc.method, tc.path, tc.body)
		fake.waitFor(t, fmt.Sprintf("%s %s %d", tc.method, tc.path, tc.status))
	}

	// A wrong token is answered by the fake API and logged without the query.
	resp, err := http.Get(fake.root + wawptest.BasePath + "session/info?instance_id=X&access_token=nope")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	line := fake.waitFor(t, "GET /wp-json/awp/v1/session/info 401")
	assert.NotContains(t, line, "nope")

	_, err = io.WriteString(fake.stdin, "/unknown\n")
	require.NoError(t, err)
	fake.waitFor(t, "error: unknown command /unknown")
}

func TestFakeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"fake", "-secret", "s"},
		{"fake", "-webhook", "not a url"},
		{"fake", "-from", "nobody"},
		{"fake", "extra"},
	} {
		r := runWawp(t, nil, args...)
		assert.Equal(t, exitUsage, r.code, "%q: %s", args, r.stderr)
	}
}

func TestParseLine(t *testing.T) {
	f := &fake{contact: "447441429009@c.us"}
	for line, want := range map[string]struct {
		from wawp.ChatID
		text string
	}{
		"447700900123: hello":       {"447700900123@c.us", "hello"},
		"+44 7700 900123:hi: there": {"447700900123@c.us", "hi: there"},
		"hello":                     {"447441429009@c.us", "hello"},
		"meet at 12:30":             {"447441429009@c.us", "meet at 12:30"},
		"447700900123:":             {"447441429009@c.us", "447700900123:"},
		"https://example.com":       {"447441429009@c.us", "https://example.com"},
	} {
		from, text := f.parseLine(line)
		assert.Equal(t, want.from, from, line)
		assert.Equal(t, want.text, text, line)
	}
}
