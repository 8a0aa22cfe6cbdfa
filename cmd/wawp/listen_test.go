package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startListen runs "wawp listen" on a free port and returns it with its URL.
func startListen(t *testing.T, args ...string) (*process, string) {
	t.Helper()
	p := start(t, nil, wawpBin, append([]string{"listen", "-addr", "127.0.0.1:0", "-secret", "s3"}, args...)...)
	line := p.waitFor(t, "listening on ")
	return p, strings.Fields(strings.TrimPrefix(line, "listening on "))[0]
}

func TestListenPrintsVerifiedEvents(t *testing.T) {
	listen, url := startListen(t)

	r := runWawp(t, nil, "trigger", "message", "-to", url, "-secret", "s3", "-from", "4915112345678", "-text", "hello listener")
	require.Equal(t, exitOK, r.code, r.stderr)
	listen.waitFor(t, " message ", "from=4915112345678@c.us", `text="hello listener"`)

	r = runWawp(t, nil, "trigger", "message.ack", "-to", url, "-secret", "s3")
	require.Equal(t, exitOK, r.code, r.stderr)
	listen.waitFor(t, " message.ack ", "chat=447441429009@c.us", "ack=READ")

	// Wawp's own signature header is verified too.
	r = runWawp(t, nil, "trigger", "call.received", "-header", "wawp", "-to", url, "-secret", "s3", "-from", "447700900123")
	require.Equal(t, exitOK, r.code, r.stderr)
	listen.waitFor(t, " call.received ", "from=447700900123@c.us", "video=false")

	r = runWawp(t, nil, "trigger", "message", "-to", url, "-secret", "wrong", "-text", "forged")
	assert.Equal(t, exitFailure, r.code)
	listen.waitFor(t, "rejected POST /: 401 Unauthorized", "-secret")
	r = runWawp(t, nil, "trigger", "message", "-header", "wawp", "-to", url, "-secret", "wrong", "-text", "forged")
	assert.Equal(t, exitFailure, r.code)
	assert.NotContains(t, listen.output(), "forged")
}

func TestListenJSON(t *testing.T) {
	listen, url := startListen(t, "-json")
	r := runWawp(t, nil, "trigger", "chat.archive", "-to", url, "-secret", "s3")
	require.Equal(t, exitOK, r.code, r.stderr)
	line := listen.waitFor(t, `"chat.archive"`)
	var body struct {
		ID      string `json:"id"`
		Event   string `json:"event"`
		Payload struct {
			ID       string `json:"id"`
			Archived bool   `json:"archived"`
		} `json:"payload"`
	}
	require.NoError(t, json.Unmarshal([]byte(line), &body))
	assert.Equal(t, "chat.archive", body.Event)
	assert.Equal(t, "447441429009@c.us", body.Payload.ID)
	assert.True(t, body.Payload.Archived)
}

func TestListenUsageErrors(t *testing.T) {
	r := runWawp(t, nil, "listen", "-addr", "127.0.0.1:0")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "-secret is required")
	r = runWawp(t, nil, "listen", "-secret", "s", "-addr", "not-an-address")
	assert.Equal(t, exitUsage, r.code)
}
