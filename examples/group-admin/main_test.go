package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/internal/exampletest"
	"github.com/wawp-go/wawp/wawptest"
)

const wantSteps = `added 5511987654321@c.us
promoted 4915112345678@c.us to admin
renamed the group "Book club: June"
set the group picture
created label "Book clubs" (colour #83e422)
labelled the group chat "Book clubs"
group "Book club: June" now has:
  15550000001@c.us (superadmin)
  447441429009@c.us (participant)
  4915112345678@c.us (admin)
  5511987654321@c.us (participant)
  label "Book clubs"
`

var createdLine = regexp.MustCompile(`^created group "Book club" \((120363\d{12}@g\.us)\) with 3 participants\n`)

func TestRunWithoutCredentialsUsesFakeServer(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(exampletest.Context(t), &out, exampletest.NoEnv))

	rest, ok := strings.CutPrefix(out.String(), "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)\n")
	require.True(t, ok, out.String())
	created := createdLine.FindString(rest)
	require.NotEmpty(t, created, rest)
	assert.Equal(t, wantSteps, strings.TrimPrefix(rest, created))
}

func TestAdministerLeavesTheGroupAsPrinted(t *testing.T) {
	t.Parallel()
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := exampletest.Context(t)
	var out strings.Builder
	require.NoError(t, administer(ctx, &out, client, "447441429009@c.us", "4915112345678@c.us", "5511987654321@c.us"))

	match := createdLine.FindStringSubmatch(out.String())
	require.Len(t, match, 2, out.String())
	id := wawp.ChatID(match[1])

	group, err := client.Groups.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Book club: June", group.Subject)
	assert.Equal(t, []wawp.GroupParticipant{
		{ID: wawptest.DefaultMeID, Role: wawp.GroupRoleSuperAdmin},
		{ID: "447441429009@c.us", Role: wawp.GroupRoleParticipant},
		{ID: "4915112345678@c.us", Role: wawp.GroupRoleAdmin},
		{ID: "5511987654321@c.us", Role: wawp.GroupRoleParticipant},
	}, group.Participants)
	picture, err := client.Groups.Picture(ctx, id, nil)
	require.NoError(t, err)
	assert.Equal(t, pictureURL, picture)
	labels, err := client.Labels.ChatLabels(ctx, id)
	require.NoError(t, err)
	require.Len(t, labels, 1)
	assert.Equal(t, "Book clubs", labels[0].Name)
	assert.Equal(t, 15, labels[0].Color)

	var events []string
	for _, e := range srv.Events() {
		events = append(events, e.Name)
	}
	assert.Equal(t, []string{
		"group.v2.join",
		"group.v2.participants", // added
		"group.v2.participants", // promoted
		"group.v2.update",       // subject
		"label.upsert",
		"label.chat.added",
	}, events)
}

// The real-instance path, pointed at a fake server through the environment.
// It cannot run in parallel: it sets environment variables.
func TestRunWithCredentialsUsesWAWPMEMBERS(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	setCredentials(t, srv)
	var out strings.Builder
	env := envOf(srv, "+44 7441 429009, 0049 151 12345678,5511987654321")
	require.NoError(t, run(exampletest.Context(t), &out, env))

	rest, ok := strings.CutPrefix(out.String(), "using Wawp instance A1B2C3D4E5F6\n")
	require.True(t, ok, out.String())
	created := createdLine.FindString(rest)
	require.NotEmpty(t, created, rest)
	assert.Equal(t, wantSteps, strings.TrimPrefix(rest, created))
}

func TestRunWithCredentialsChecksWAWPMEMBERS(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	setCredentials(t, srv)
	for members, want := range map[string]string{
		"":                           "WAWP_MEMBERS: ",
		"447441429009,4915112345678": "WAWP_MEMBERS needs three phone numbers separated by commas",
		"447441429009,not-a-number,5511987654321": "WAWP_MEMBERS: ",
	} {
		err := run(exampletest.Context(t), &strings.Builder{}, envOf(srv, members))
		require.Error(t, err, members)
		assert.True(t, strings.HasPrefix(err.Error(), want), "%q: %v", members, err)
	}
	assert.Empty(t, srv.Requests(), "nothing is sent with bad members")
}

func setCredentials(t *testing.T, srv *wawptest.Server) {
	t.Setenv(wawp.EnvInstanceID, srv.InstanceID())
	t.Setenv(wawp.EnvAccessToken, srv.AccessToken())
	t.Setenv(wawp.EnvBaseURL, srv.BaseURL())
}

// envOf is the environment os.Getenv shows after setCredentials, with
// WAWP_MEMBERS set to members.
func envOf(srv *wawptest.Server, members string) func(string) string {
	return func(k string) string {
		return map[string]string{
			wawp.EnvInstanceID:  srv.InstanceID(),
			wawp.EnvAccessToken: srv.AccessToken(),
			wawp.EnvBaseURL:     srv.BaseURL(),
			"WAWP_MEMBERS":      members,
		}[k]
	}
}
