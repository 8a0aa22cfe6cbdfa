package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/internal/exampletest"
	"github.com/wawp-go/wawp/wawptest"
)

func TestRunWithoutCredentialsVerifiesOnTheFakeServer(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), strings.NewReader(""), &out, exampletest.NoEnv))
	assert.Equal(t, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)\n"+
		"sent a code to 201234567890\n"+
		"(the user reads the code on their phone and types it)\n"+
		"verified 201234567890\n", out.String())
}

// The real-instance path, pointed at a fake server through the environment;
// the user types a wrong code, then the right one in a second run is refused
// by the cooldown.
func TestRunWithCredentialsReadsTheCode(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())
	t.Setenv(wawp.EnvV2BaseURL, srv.V2BaseURL())
	env := func(k string) string {
		if k == "WAWP_TO" {
			return "447441429009"
		}
		return map[string]string{wawp.EnvInstanceID: srv.InstanceID(), wawp.EnvAccessToken: srv.AccessToken()}[k]
	}
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), strings.NewReader("000000\n"), &out, env))
	code, ok := srv.LastOTP("447441429009")
	require.True(t, ok, "a wrong code leaves the code in place")
	if code != "000000" {
		assert.Contains(t, out.String(), "code: wrong code: the number is not verified\n")
	}

	err := run(exampletest.Context(t), strings.NewReader(code+"\n"), &out, env)
	assert.ErrorContains(t, err, "a code was sent to this number moments ago; try again in 1m0s")
}

func TestRunWithCredentialsNeedsARecipient(t *testing.T) {
	env := func(k string) string {
		return map[string]string{wawp.EnvInstanceID: "A1B2C3D4E5F6", wawp.EnvAccessToken: "token"}[k]
	}
	err := run(exampletest.Context(t), strings.NewReader(""), &strings.Builder{}, env)
	assert.EqualError(t, err, "WAWP_TO (the number to verify) is required with a real instance")
}
