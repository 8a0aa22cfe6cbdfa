package wawp

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfileEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /profile",
			fixture:  "profile/get.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Profile.Get(ctx) },
			path:     "/profile",
			check: func(t *testing.T, got any) {
				assert.Equal(t, &MyProfile{
					ID:      "447441429000@c.us",
					Picture: "https://pps.whatsapp.net/v/t61.24694-24/me.jpg",
					Name:    "Wawp Support",
				}, got)
			},
		},
		{
			endpoint: "PUT /profile/nameRequest",
			fixture:  "profile/set_name.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Profile.SetName(ctx, "Wawp Support") },
			path:     "/profile/nameRequest",
			query:    vals("name", "Wawp Support"),
		},
		{
			endpoint: "PUT /profile/status",
			fixture:  "profile/set_about.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Profile.SetAbout(ctx, "🎉 Hey there! I am using WhatsApp 🎉")
			},
			path:  "/profile/status",
			query: vals("status", "🎉 Hey there! I am using WhatsApp 🎉"),
		},
		{
			endpoint: "PUT /profile/picture",
			fixture:  "profile/set_picture.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Profile.SetPicture(ctx, File{URL: "https://wawp.net/media/logo.png"})
			},
			path:  "/profile/picture",
			query: vals("file[url]", "https://wawp.net/media/logo.png", "file[filename]", "logo.png", "file[mimetype]", "image/png"),
		},
		{
			endpoint: "DELETE /profile/picture",
			fixture:  "profile/delete_picture.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Profile.DeletePicture(ctx) },
			path:     "/profile/picture",
		},
	})
}

func TestProfileSetPictureKeepsGivenFileDetails(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("profile/set_picture.json")
	file := File{URL: "https://cdn.example.com/avatar?id=7", Filename: "me.jpg", MIMEType: "image/jpeg"}
	want := file
	require.NoError(t, c.Profile.SetPicture(context.Background(), file))
	assert.Equal(t, vals("file[url]", "https://cdn.example.com/avatar?id=7", "file[filename]", "me.jpg", "file[mimetype]", "image/jpeg"), ts.last().Query)
	assert.Equal(t, want, file)
}

func TestProfileSetNameFallsBackToName(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == testBasePath+"/profile/nameRequest" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(fixture(t, "errors/no_route.json"))
			return
		}
		_, _ = w.Write(fixture(t, "profile/set_name.json"))
	})
	require.NoError(t, c.Profile.SetName(context.Background(), "Wawp Support"))
	reqs := ts.requestsSeen()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPut, reqs[0].Method)
	assert.Equal(t, "/profile/nameRequest", reqs[0].Path)
	assert.Equal(t, http.MethodPut, reqs[1].Method)
	assert.Equal(t, "/profile/name", reqs[1].Path)
	assert.Equal(t, vals("name", "Wawp Support"), reqs[1].Query)
}

func TestProfileSetNameOtherErrorsDoNotFallBack(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusBadRequest, `{"statusCode":400,"message":"name is too long","error":"Bad Request"}`)
	err := c.Profile.SetName(context.Background(), "x")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, 1, ts.count())
}

func TestProfileValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"SetName", "name", func(ctx context.Context, c *Client) error { return c.Profile.SetName(ctx, " ") }},
		{"SetAbout", "status", func(ctx context.Context, c *Client) error { return c.Profile.SetAbout(ctx, "") }},
		{"SetPicture no URL", "file.url", func(ctx context.Context, c *Client) error {
			return c.Profile.SetPicture(ctx, File{Filename: "me.jpg"})
		}},
		{"SetPicture relative URL", "file.url", func(ctx context.Context, c *Client) error {
			return c.Profile.SetPicture(ctx, File{URL: "/me.jpg"})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}

func TestProfileFixturesDecode(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"profile", fixtureResponder(t, "profile/get.json"))
	mock.RegisterResponder(http.MethodPut, mockBaseURL+"profile/nameRequest", noRouteResponder(t))
	mock.RegisterResponder(http.MethodPut, mockBaseURL+"profile/name", fixtureResponder(t, "profile/set_name.json"))
	ctx := context.Background()
	p, err := c.Profile.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, &MyProfile{ID: "447441429000@c.us", Picture: "https://pps.whatsapp.net/v/t61.24694-24/me.jpg", Name: "Wawp Support"}, p)
	require.NoError(t, c.Profile.SetName(ctx, "Wawp Support"), "profile/name answers when profile/nameRequest has no route")
	info := mock.GetCallCountInfo()
	assert.Equal(t, 1, info["PUT "+mockBaseURL+"profile/nameRequest"])
	assert.Equal(t, 1, info["PUT "+mockBaseURL+"profile/name"])
}
