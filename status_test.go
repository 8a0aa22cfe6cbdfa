package wawp

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusResultOf asserts that got is a *StatusResult with the given ID and
// the fixture as its raw answer.
func statusResultOf(t *testing.T, got any, id MessageID, fixtureName string) {
	t.Helper()
	r, ok := got.(*StatusResult)
	require.True(t, ok, "got %T", got)
	assert.Equal(t, id, r.ID)
	assert.JSONEq(t, string(fixture(t, fixtureName)), string(r.Raw))
}

func TestStatusEndpoints(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /status/text",
			fixture:  "status/text.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendText(ctx, StatusTextParams{
					Text:                   "Have a look! https://github.com/",
					BackgroundColor:        "#1f2c34",
					Font:                   2,
					LinkPreview:            &yes,
					LinkPreviewHighQuality: &no,
					Contacts:               []ChatID{"447441429009@c.us", "201234567890@c.us"},
				})
			},
			path: "/status/text",
			query: vals("text", "Have a look! https://github.com/", "backgroundColor", "#1f2c34", "font", "2",
				"linkPreview", "true", "linkPreviewHighQuality", "false",
				"contacts", "447441429009@c.us,201234567890@c.us"),
			check: func(t *testing.T, got any) {
				statusResultOf(t, got, "3EB0AA11BB22CC33DD44", "status/text.json")
			},
		},
		{
			endpoint: "POST /status/image",
			fixture:  "status/image.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendImage(ctx, StatusImageParams{
					File:    File{URL: "https://wawp.net/samples/sunset.jpg"},
					Caption: "Sunset",
				})
			},
			path: "/status/image",
			query: vals("file[url]", "https://wawp.net/samples/sunset.jpg", "file[filename]", "sunset.jpg", "file[mimetype]", "image/jpeg",
				"caption", "Sunset"),
			check: func(t *testing.T, got any) {
				statusResultOf(t, got, "true_status@broadcast_3EB0IMAGE0STATUS0001", "status/image.json")
			},
		},
		{
			endpoint: "POST /status/voice",
			fixture:  "status/voice.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendVoice(ctx, StatusVoiceParams{
					File:     File{URL: "https://cdn.example.com/audio/note.ogg"},
					Convert:  &no,
					Contacts: []ChatID{"447441429009@c.us"},
				})
			},
			path: "/status/voice",
			query: vals("file[url]", "https://cdn.example.com/audio/note.ogg", "file[filename]", "note.ogg", "file[mimetype]", "audio/ogg; codecs=opus",
				"convert", "false", "backgroundColor", "#38b42f", "contacts", "447441429009@c.us"),
			check: func(t *testing.T, got any) {
				statusResultOf(t, got, "3EB0VOICE0STATUS0001", "status/voice.json")
			},
		},
		{
			endpoint: "POST /status/video",
			fixture:  "status/video.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendVideo(ctx, StatusVideoParams{
					File:    File{URL: "https://cdn.example.com/clips/launch.mp4"},
					Caption: "Launch day",
					Convert: &yes,
				})
			},
			path: "/status/video",
			query: vals("file[url]", "https://cdn.example.com/clips/launch.mp4", "file[filename]", "launch.mp4", "file[mimetype]", "video/mp4",
				"caption", "Launch day", "convert", "true", "asNote", "false"),
			check: func(t *testing.T, got any) {
				statusResultOf(t, got, "3EB0VIDEO0STATUS0001", "status/video.json")
			},
		},
		{
			endpoint: "POST /status/delete",
			fixture:  "status/delete.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Status.Delete(ctx, StatusDeleteParams{ID: "3EB0AA11BB22CC33DD44", Contacts: []ChatID{"447441429009@c.us", "201234567890@c.us"}})
			},
			path:  "/status/delete",
			query: vals("id", "3EB0AA11BB22CC33DD44", "contacts", "447441429009@c.us,201234567890@c.us"),
		},
	})
}

func TestStatusTextDefaults(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("status/text.json")
	params := StatusTextParams{Text: "Hello"}
	_, err := c.Status.SendText(context.Background(), params)
	require.NoError(t, err)
	assert.Equal(t, vals("text", "Hello", "backgroundColor", "#38b42f", "font", "0"), ts.last().Query)
	assert.Empty(t, params.BackgroundColor, "the caller's params are not changed")
}

func TestStatusDeleteIsRetriedOn503(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusServiceUnavailable, `{"statusCode":503,"message":"busy","error":"Service Unavailable"}`)
	err := c.Status.Delete(context.Background(), StatusDeleteParams{ID: "3EB0AA11BB22CC33DD44"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, ts.count(), "deleting is safe to repeat")
}

func TestStatusResultDecoding(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		want       MessageID
	}{
		{"NOWEB key", `{"key":{"remoteJid":"status@broadcast","fromMe":true,"id":"AAAA"},"message":{}}`, "AAAA"},
		{"key wins over id", `{"key":{"id":"AAAA"},"id":"BBBB"}`, "AAAA"},
		{"top-level id", `{"id":"true_status@broadcast_CCCC"}`, "true_status@broadcast_CCCC"},
		{"GOWS info", `{"_data":{"Info":{"ID":"DDDD"}}}`, "DDDD"},
		{"id of another shape", `{"id":{"_serialized":"EEEE"}}`, ""},
		{"nothing", `{"success":true}`, ""},
	}
	for _, tc := range cases {
		var r StatusResult
		require.NoError(t, json.Unmarshal([]byte(tc.body), &r), tc.name)
		assert.Equal(t, tc.want, r.ID, tc.name)
		assert.JSONEq(t, tc.body, string(r.Raw), tc.name)
	}
	var r StatusResult
	assert.Error(t, json.Unmarshal([]byte(`["not","an","object"]`), &r))
}

func TestStatusValidation(t *testing.T) {
	t.Parallel()
	file := File{URL: "https://cdn.example.com/clips/launch.mp4"}
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"text without text", "text", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusTextParams{BackgroundColor: "#000000"})
			return err
		}},
		{"text with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusTextParams{Text: "hi", Contacts: []ChatID{"447441429009@c.us", ""}})
			return err
		}},
		{"text with a comma in a contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusTextParams{Text: "hi", Contacts: []ChatID{"1@c.us,2@c.us"}})
			return err
		}},
		{"image without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendImage(ctx, StatusImageParams{Caption: "x"})
			return err
		}},
		{"image with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendImage(ctx, StatusImageParams{File: file, Contacts: []ChatID{" "}})
			return err
		}},
		{"voice without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVoice(ctx, StatusVoiceParams{})
			return err
		}},
		{"video without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVideo(ctx, StatusVideoParams{Caption: "x"})
			return err
		}},
		{"video with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVideo(ctx, StatusVideoParams{File: file, Contacts: []ChatID{""}})
			return err
		}},
		{"delete without id", "id", func(ctx context.Context, c *Client) error {
			return c.Status.Delete(ctx, StatusDeleteParams{})
		}},
		{"delete with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			return c.Status.Delete(ctx, StatusDeleteParams{ID: "AAAA", Contacts: []ChatID{""}})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}
