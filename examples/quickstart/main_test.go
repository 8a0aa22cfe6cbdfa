package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/internal/exampletest"
	"github.com/wawp-go/wawp/wawptest"
)

// fakeQR is the fake server's QR picture as printQR draws it.
var fakeQR = []string{
	"█▀▀▀▀▀▀▀█▀█▀██▀▀▀▀▀▀▀▀█",
	"█ █▀▀▀█ ██▄▀ ██ █▀▀▀█ █",
	"█ █   █ █▀▀███▀ █   █ █",
	"█ ▀▀▀▀▀ █▄▀▄▀█▄ ▀▀▀▀▀ █",
	"█▄▄███▄▄███▄▄███▄▄███▄█",
	"█▀██ ▄▀██ ▄▀██ ▄▀██ ▄▀█",
	"█▀ ██▄▀ ██▄▀ ██▄▀ ██▄▀█",
	"█▀▀▀▀▀▀▀█▀▀███▀▀███▀▀██",
	"█ █▀▀▀█ █▄▀▄▀█▄▀▄▀█▄▀▄█",
	"█ █   █ ███▄▄███▄▄███▄█",
	"█ ▀▀▀▀▀ █ ▄▀██ ▄▀██ ▄▀█",
	"███████████████████████",
}

var sentLine = regexp.MustCompile(`^sent "Hello from wawp-go!" to 447441429009@c\.us as (true_447441429009@c\.us_[0-9A-F]{20})$`)

func TestRunWithoutCredentialsUsesFakeServer(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, exampletest.NoEnv))

	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := append([]string{
		"using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)",
		"session status: STOPPED",
		"starting the session",
		"scan this code with WhatsApp > Linked devices > Link a device:",
	}, fakeQR...)
	want = append(want,
		"(the fake phone scanned the code)",
		"logged in as Wawp Test (15550000001@c.us)",
		"", // the sent line, checked below
		`received "Hi! Got your message." from 447441429009@c.us`,
	)
	require.Len(t, lines, len(want), out.String())
	sent := len(want) - 2
	assert.Regexp(t, sentLine, lines[sent])
	lines[sent] = ""
	assert.Equal(t, want, lines)
}

func TestRoundTripDrivesTheFakeServer(t *testing.T) {
	t.Parallel()
	srv := wawptest.NewServer()
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, roundTrip(exampletest.Context(t), &out, exampletest.NoEnv, srv.Client(), srv))

	assert.Equal(t, wawp.SessionWorking, srv.Status())
	sent := srv.Sent()
	require.Len(t, sent, 1)
	assert.Equal(t, wawp.ChatID("447441429009@c.us"), sent[0].To)
	assert.Equal(t, "Hello from wawp-go!", sent[0].Body)
	assert.Contains(t, out.String(), "as "+string(sent[0].ID)+"\n")

	var calls []string
	for _, r := range srv.Requests() {
		calls = append(calls, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{
		"GET /session/info",
		"POST /session/start",
		"GET /session/info",
		"GET /getQr",
		"GET /session/info",
		"GET /session/me",
		"POST /send",
	}, calls)

	// Every event after SetWebhook reached the handler and passed its
	// signature check: the reply and its message.any twin.
	var delivered []string
	for _, d := range srv.Deliveries() {
		assert.Equal(t, http.StatusOK, d.Status, d.Event)
		delivered = append(delivered, d.Event)
	}
	assert.Equal(t, []string{"message", "message.any"}, delivered)
}

func TestPrintQRRejectsAnImageWithoutCode(t *testing.T) {
	t.Parallel()
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var blank bytes.Buffer
	require.NoError(t, png.Encode(&blank, img))
	var out strings.Builder
	assert.EqualError(t, printQR(&out, blank.Bytes()), "no QR code found in the image")
	assert.Error(t, printQR(&out, []byte("not a png")))
	assert.Empty(t, out.String())
}

func TestPrintQRTreatsTransparentAsLight(t *testing.T) {
	t.Parallel()
	var transparent bytes.Buffer
	require.NoError(t, png.Encode(&transparent, image.NewNRGBA(image.Rect(0, 0, 8, 8))))
	assert.EqualError(t, printQR(io.Discard, transparent.Bytes()), "no QR code found in the image")
}

func TestShowQRFallsBackToTheRawValue(t *testing.T) {
	t.Parallel()
	// A server whose QR image is not a PNG.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("format") == "raw" {
			_, _ = io.WriteString(w, `{"value":"2@qrvalue,key1,key2,key3"}`)
			return
		}
		_, _ = io.WriteString(w, `{"mimetype":"image/jpeg","data":"`+base64.StdEncoding.EncodeToString([]byte("not a png"))+`"}`)
	}))
	defer api.Close()
	client, err := wawp.NewClient("A1B2C3D4E5F6", "token", wawp.WithBaseURL(api.URL))
	require.NoError(t, err)

	var out strings.Builder
	require.NoError(t, showQR(exampletest.Context(t), &out, client))
	assert.Equal(t, "(png: invalid format: not a PNG file) the code holds this text, turn it into a QR code to scan it:\n"+
		"2@qrvalue,key1,key2,key3\n", out.String())
}

// The real-instance path, pointed at a fake server through the environment.
// It cannot run in parallel: it sets environment variables.
func TestRunWithCredentialsWithoutWebhook(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	setCredentials(t, srv)
	env := func(k string) string {
		if k == "WAWP_TO" {
			return "+49 151 12345678"
		}
		return exampletest.NoEnv(k)
	}
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, withCredentials(srv, env)))

	assert.Equal(t, "using Wawp instance A1B2C3D4E5F6\n"+
		"session status: WORKING\n"+
		"logged in as Wawp Test (15550000001@c.us)\n", firstLines(out.String(), 3))
	assert.Contains(t, out.String(), "WAWP_WEBHOOK_LISTEN is not set: not waiting for a reply\n")
	sent := srv.Sent()
	require.Len(t, sent, 1)
	assert.Equal(t, wawp.ChatID("4915112345678@c.us"), sent[0].To)
}

func TestRunWithCredentialsWaitsForTheReply(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	setCredentials(t, srv)
	env := withCredentials(srv, func(k string) string {
		return map[string]string{"WAWP_WEBHOOK_LISTEN": "127.0.0.1:0", "WAWP_WEBHOOK_SECRET": "s3cret"}[k]
	})

	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(exampletest.Context(t), pw, env)
		_ = pw.Close()
	}()

	var lines []string
	scanner := bufio.NewScanner(pr)
	for scanner.Scan() {
		line := scanner.Text()
		lines = append(lines, line)
		if url, ok := strings.CutPrefix(line, "waiting up to 5m0s for a message at "); ok {
			// The account sent to itself; a contact answers on the webhook.
			require.NoError(t, srv.SetWebhook(url, "s3cret"))
			_, err := srv.Receive("447441429009", "pong")
			require.NoError(t, err)
		}
	}
	require.NoError(t, <-done)
	assert.Equal(t, `received "pong" from 447441429009@c.us`, lines[len(lines)-1])
	require.Len(t, srv.Sent(), 1)
	assert.Equal(t, wawptest.DefaultMeID, srv.Sent()[0].To)
}

func TestRunWithCredentialsNeedsAWebhookSecret(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	setCredentials(t, srv)
	env := withCredentials(srv, func(k string) string {
		return map[string]string{"WAWP_WEBHOOK_LISTEN": "127.0.0.1:0"}[k]
	})
	err := run(exampletest.Context(t), io.Discard, env)
	assert.EqualError(t, err, "WAWP_WEBHOOK_SECRET is required with WAWP_WEBHOOK_LISTEN")
}

func setCredentials(t *testing.T, srv *wawptest.Server) {
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())
}

// withCredentials adds the fake server's credentials to env, as os.Getenv
// would see them after setCredentials.
func withCredentials(srv *wawptest.Server, env func(string) string) func(string) string {
	return func(k string) string {
		switch k {
		case wawp.EnvInstanceID:
			return srv.InstanceID()
		case wawp.EnvAccessToken:
			return srv.AccessToken()
		}
		return env(k)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}
