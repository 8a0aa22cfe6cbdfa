package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/internal/exampletest"
	"github.com/wawp-go/wawp/wawptest"
)

func TestRunWithoutCredentialsUsesFakeServer(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, exampletest.NoEnv))

	id := `true_447441429009@c\.us_[0-9A-F]{20}`
	assert.Regexp(t, regexp.MustCompile(`^`+
		`using a fake Wawp server \(set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance\)\n`+
		`image sent: `+id+`\n`+
		`document sent: `+id+`\n`+
		`voice note sent: `+id+`\n`+
		`location sent: `+id+`\n$`), out.String())
}

func TestSendMediaSendsEachKind(t *testing.T) {
	t.Parallel()
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, sendMedia(exampletest.Context(t), &out, srv.Client(), demoContact))

	sent := srv.Sent()
	require.Len(t, sent, 4)
	for _, m := range sent {
		assert.Equal(t, demoContact, m.To)
	}
	image, pdf, voice, location := sent[0], sent[1], sent[2], sent[3]

	require.NotNil(t, image.Media)
	assert.Equal(t, imageURL, image.Media.URL)
	assert.Equal(t, "image/png", image.Media.MIMEType)
	assert.Equal(t, "Dice with an alpha channel", image.Body)

	require.NotNil(t, pdf.Media)
	assert.Equal(t, pdfURL, pdf.Media.URL)
	assert.Equal(t, "application/pdf", pdf.Media.MIMEType)
	assert.Equal(t, "invoice-2024-001.pdf", pdf.Media.Filename)
	assert.Equal(t, "Your invoice", pdf.Body)

	require.NotNil(t, voice.Media)
	assert.Equal(t, voiceURL, voice.Media.URL)
	assert.Equal(t, "audio/ogg; codecs=opus", voice.Media.MIMEType, "converted by the server")

	require.NotNil(t, location.Location)
	assert.InDelta(t, 51.500729, float64(location.Location.Latitude), 1e-9)
	assert.InDelta(t, -0.124625, float64(location.Location.Longitude), 1e-9)
	assert.Equal(t, "Big Ben", location.Location.Name)
	assert.Equal(t, "Meet me here at noon", location.Location.Description)

	assert.Equal(t, fmt.Sprintf("image sent: %s\ndocument sent: %s\nvoice note sent: %s\nlocation sent: %s\n",
		image.ID, pdf.ID, voice.ID, location.ID), out.String())

	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{"POST /sendImage", "POST /sendFile", "POST /sendVoice", "POST /sendLocation"}, paths)
}

// The real-instance path, pointed at a fake server through the environment.
// It cannot run in parallel: it sets environment variables.
func TestRunWithCredentialsSendsToTheAccountItself(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())

	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, envOf(srv, "")))
	assert.True(t, strings.HasPrefix(out.String(), "using Wawp instance A1B2C3D4E5F6\nimage sent: "), out.String())
	require.Len(t, srv.Sent(), 4)
	for _, m := range srv.Sent() {
		assert.Equal(t, wawptest.DefaultMeID, m.To)
	}
}

func TestRunWithCredentialsSendsToWAWPTO(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())

	require.NoError(t, run(exampletest.Context(t), &strings.Builder{}, envOf(srv, "+49 151 12345678")))
	require.Len(t, srv.Sent(), 4)
	for _, m := range srv.Sent() {
		assert.Equal(t, wawp.ChatID("4915112345678@c.us"), m.To)
	}
}

func TestRunWithCredentialsNeedsALoggedInSession(t *testing.T) {
	srv := wawptest.NewServer() // STOPPED: nobody is logged in
	defer srv.Close()
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())

	err := run(exampletest.Context(t), &strings.Builder{}, envOf(srv, ""))
	assert.EqualError(t, err, "the session is not logged in: run examples/quickstart first")
	assert.Empty(t, srv.Sent())
}

// envOf is the environment os.Getenv shows after the t.Setenv calls, with
// WAWP_TO set to to.
func envOf(srv *wawptest.Server, to string) func(string) string {
	return func(k string) string {
		return map[string]string{
			wawp.EnvInstanceID:  srv.InstanceID(),
			wawp.EnvAccessToken: srv.AccessToken(),
			wawp.EnvBaseURL:     srv.BaseURL(),
			"WAWP_TO":           to,
		}[k]
	}
}
