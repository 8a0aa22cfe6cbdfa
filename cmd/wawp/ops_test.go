package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// runJSON runs a command that must succeed with -json and decodes its output.
func runJSON(t *testing.T, env []string, out any, args ...string) {
	t.Helper()
	r := runWawp(t, env, append(args, "-json")...)
	require.Equal(t, exitOK, r.code, "%q: %s", args, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), out), "%q printed %s", args, r.stdout)
	assertNoToken(t, r)
}

func assertNoToken(t *testing.T, r result) {
	t.Helper()
	assert.NotContains(t, r.stdout+r.stderr, wawptest.DefaultAccessToken)
}

func TestSendAgainstFake(t *testing.T) {
	fake := startFake(t, "-auto-login")

	r := runWawp(t, fake.env, "send", "text", "-to", "+44 7441 429009", "-text", "hello")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `^sent true_447441429009@c\.us_[0-9A-F]+ to 447441429009@c\.us\n$`, r.stdout)
	fake.waitFor(t, "POST /wp-json/awp/v1/send 200")
	fake.waitFor(t, `sent "hello" to 447441429009@c.us`)

	var m wawp.Message
	runJSON(t, fake.env, &m, "send", "image", "-to", "447441429009", "-url", "https://example.com/cat.png", "-caption", "a cat")
	assert.Equal(t, wawp.ChatID("447441429009@c.us"), m.To)
	assert.Equal(t, "a cat", m.Body)
	assert.True(t, m.FromMe)
	fake.waitFor(t, `sent image/png "a cat" to 447441429009@c.us`)

	runJSON(t, fake.env, &m, "send", "file", "-to", "447441429009@c.us", "-url", "https://example.com/report.pdf", "-filename", "q1.pdf")
	require.NotNil(t, m.Media)
	assert.Equal(t, "q1.pdf", m.Media.Filename)

	runJSON(t, fake.env, &m, "send", "poll", "-to", "447441429009", "-question", "Lunch?", "-option", "Pizza", "-option", "Salad", "-multiple")
	assert.True(t, strings.HasPrefix(string(m.ID), "true_447441429009@c.us_"), m.ID)

	// A send refused by the API, with the token given as a flag.
	r = runWawp(t, nil, "send", "poll", "-base-url", fake.getenv(envBaseURL), "-instance", "NOPE", "-token", wawptest.DefaultAccessToken,
		"-to", "447441429009", "-question", "Q", "-option", "a", "-option", "b")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "invalid_instance")
	assert.Contains(t, r.stderr, "check the instance ID (WAWP_INSTANCE_ID or -instance)")
	assertNoToken(t, r)

	var chats []struct {
		ID          string `json:"id"`
		UnreadCount *int   `json:"unreadCount"`
	}
	runJSON(t, fake.env, &chats, "chats")
	require.Len(t, chats, 1)
	assert.Equal(t, "447441429009@c.us", chats[0].ID)

	r = runWawp(t, fake.env, "chats")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `^ID +NAME +UNREAD +LAST ACTIVITY\n447441429009@c\.us `, r.stdout)

	var groups []wawp.Group
	runJSON(t, fake.env, &groups, "groups")
	assert.Empty(t, groups)
	assert.NotNil(t, groups, "an empty list prints as []")
}

func TestLifecycleAndQR(t *testing.T) {
	fake := startFake(t)

	r := runWawp(t, fake.env, "status")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "instance "+wawptest.DefaultInstanceID+": STOPPED\n", r.stdout)

	r = runWawp(t, fake.env, "qr")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, `the session is STOPPED, not waiting for a scan: run "wawp start"`)

	var s wawp.Session
	runJSON(t, fake.env, &s, "start")
	assert.Equal(t, wawp.SessionStarting, s.Status)

	qr := start(t, fake.env, wawpBin, "qr", "-refresh", "1h")
	qr.waitFor(t, "Scan this code with WhatsApp")
	qr.waitFor(t, "█")
	resp, err := http.Post(fake.root+"/_fake/scan", "", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, exitOK, qr.exitCode(t), qr.stderr.String())
	qr.waitFor(t, "instance "+wawptest.DefaultInstanceID+": WORKING, logged in as Wawp Test (15550000001@c.us)")
	fake.waitFor(t, "the phone scanned the QR code: session WORKING")

	runJSON(t, fake.env, &s, "status")
	assert.Equal(t, wawp.SessionWorking, s.Status)
	require.NotNil(t, s.Me)

	for action, want := range map[string]wawp.SessionStatus{"restart": wawp.SessionStarting, "stop": wawp.SessionStopped} {
		runJSON(t, fake.env, &s, action)
		assert.Equal(t, want, s.Status, action)
	}
	r = runWawp(t, fake.env, "logout")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "instance "+wawptest.DefaultInstanceID+": "), r.stdout)

	// A logged-out session shows a code again: -json prints its text.
	runWawp(t, fake.env, "start")
	qr = start(t, fake.env, wawpBin, "qr", "-json")
	line := qr.waitFor(t, `"qr"`)
	var code map[string]string
	require.NoError(t, json.Unmarshal([]byte(line), &code))
	assert.NotEmpty(t, code["qr"])
	_, err = http.Post(fake.root+"/_fake/scan", "", nil)
	require.NoError(t, err)
	assert.Equal(t, exitOK, qr.exitCode(t))
	assert.JSONEq(t, `{"status":"WORKING"}`, qr.waitFor(t, `"status"`))
}

func TestUsageErrorsAndExitCodes(t *testing.T) {
	creds := []string{envInstanceID + "=I", envAccessToken + "=T", envBaseURL + "=http://" + freeAddr(t) + "/"}
	for _, tc := range []struct {
		env    []string
		args   []string
		stderr string
	}{
		{nil, nil, "Usage: wawp COMMAND"},
		{nil, []string{"bogus"}, `unknown command "bogus"`},
		{nil, []string{"status"}, "missing credentials: set WAWP_INSTANCE_ID (or -instance) and WAWP_ACCESS_TOKEN (or -token)"},
		{[]string{envInstanceID + "=I"}, []string{"chats"}, "set WAWP_ACCESS_TOKEN (or -token)"},
		{creds, []string{"status", "extra"}, "takes no arguments"},
		{creds, []string{"status", "-nope"}, "flag provided but not defined: -nope"},
		{creds, []string{"send"}, "send needs a kind"},
		{creds, []string{"send", "video"}, `unknown kind "video"`},
		{creds, []string{"send", "text", "-text", "x"}, "-to is required"},
		{creds, []string{"send", "text", "-to", "123@example.com", "-text", "x"}, "accepted forms: 447441429009"},
		{creds, []string{"send", "text", "-to", "12", "-text", "x"}, "accepted forms"},
		{creds, []string{"send", "text", "-to", "447441429009"}, "-text is required"},
		{creds, []string{"send", "image", "-to", "447441429009"}, "-url is required"},
		{creds, []string{"send", "poll", "-to", "447441429009", "-question", "Q", "-option", "only"}, "poll.options must have 2 to 12 options"},
		{creds, []string{"send", "file", "-to", "447441429009", "-url", "ftp://x/y"}, "file.url must be an absolute http(s) URL"},
		{creds, []string{"qr", "-refresh", "0s"}, "must be positive"},
	} {
		r := runWawp(t, tc.env, tc.args...)
		assert.Equal(t, exitUsage, r.code, "%q: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.stderr, "%q", tc.args)
		assert.Empty(t, r.stdout, "%q", tc.args)
	}

	// A server that cannot be reached is a failure, not a usage error.
	r := runWawp(t, creds, "status")
	assert.Equal(t, exitFailure, r.code)
	assert.NotContains(t, r.stderr, "=T")
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	r := runWawp(t, nil, "help")
	require.Equal(t, exitOK, r.code)
	for _, c := range commands() {
		assert.Contains(t, r.stdout, "  "+c.name+" ", "help lists %s", c.name)
	}

	for _, args := range [][]string{
		{"fake", "-h"}, {"trigger", "-h"}, {"listen", "-h"}, {"status", "-h"}, {"start", "-h"}, {"stop", "-h"},
		{"restart", "-h"}, {"logout", "-h"}, {"qr", "-h"}, {"chats", "-h"}, {"groups", "-h"},
		{"send", "text", "-h"}, {"send", "image", "-h"}, {"send", "file", "-h"}, {"send", "poll", "-h"},
		{"help", "fake"},
	} {
		r := runWawp(t, nil, args...)
		assert.Equal(t, exitOK, r.code, "%q", args)
		assert.Contains(t, r.stderr, "Usage: wawp ", "%q", args)
		assert.Contains(t, r.stderr, "Flags:", "%q", args)
	}
	r = runWawp(t, nil, "trigger", "-h")
	for _, flag := range []string{"-to", "-secret", "-from", "-text", "-header", "-json"} {
		assert.Regexp(t, `(?m)^  `+flag+`\b`, r.stderr, "trigger -h documents %s", flag)
	}
	for _, event := range eventTypes() {
		assert.Contains(t, r.stderr, event)
	}
	r = runWawp(t, nil, "send", "-h")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "Kinds:")
}
