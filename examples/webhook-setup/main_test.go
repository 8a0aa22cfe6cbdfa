package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/internal/exampletest"
	"github.com/wawp-go/wawp/wawptest"
)

var subscribedLine = regexp.MustCompile(`^subscribed http://127\.0\.0\.1:\d+/ to \[message\] \(active: true\)$`)

func TestRunWithoutCredentialsReceivesAVerifiedEvent(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, exampletest.NoEnv))
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 4, out.String())
	assert.Equal(t, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)", lines[0])
	assert.Regexp(t, subscribedLine, lines[1])
	assert.Equal(t, "the system webhook stays in place", lines[2])
	assert.Equal(t, `received a verified message "Hi! Is this thing on?" from 447441429009@c.us`, lines[3])
}

func TestRunOnAFreePlanExplainsThePaidRequirement(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	require.NoError(t, srv.SetPlan(wawptest.PlanFree))
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())
	t.Setenv(wawp.EnvV2BaseURL, srv.V2BaseURL())
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	env := func(k string) string {
		return map[string]string{
			wawp.EnvInstanceID: srv.InstanceID(), wawp.EnvAccessToken: srv.AccessToken(),
			"WAWP_WEBHOOK_LISTEN": "127.0.0.1:0", "WAWP_WEBHOOK_SECRET": "s3cret",
		}[k]
	}
	err := run(exampletest.Context(t), &strings.Builder{}, env)
	assert.EqualError(t, err, "webhook management needs a paid (Unlimited) Wawp plan")
	assert.Empty(t, srv.SubscriptionDeliveries())
}

func TestRunWithCredentialsNeedsAListenerAndSecret(t *testing.T) {
	env := func(k string) string {
		return map[string]string{wawp.EnvInstanceID: "A1B2C3D4E5F6", wawp.EnvAccessToken: "token"}[k]
	}
	err := run(exampletest.Context(t), &strings.Builder{}, env)
	assert.EqualError(t, err, "WAWP_WEBHOOK_LISTEN and WAWP_WEBHOOK_SECRET are required with a real instance")
}

func TestEveryDeliveryIsSigned(t *testing.T) {
	t.Parallel()
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	var got []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("X-Wawp-Signature"))
	})
	url, stop, err := serve("127.0.0.1:0", h)
	require.NoError(t, err)
	defer stop()
	ctx := exampletest.Context(t)
	require.NoError(t, srv.Client().Webhooks.Set(ctx, url, wawp.WebhookSetParams{Events: []wawp.EventType{wawp.EventMessage}, HMAC: demoSecret}))
	_, err = srv.Receive("447441429009", "hi")
	require.NoError(t, err)
	require.NoError(t, srv.WaitIdle(ctx))
	require.Len(t, got, 1)
	assert.Regexp(t, `^[0-9a-f]{64}$`, got[0])
}
