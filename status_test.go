package wawp

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusResultOf asserts that got is the posted status with the given ID and
// the fixture as its raw answer, and returns it.
func statusResultOf(t *testing.T, got any, id MessageID, fixtureName string) *Message {
	t.Helper()
	m := sentMessageOf(t, got)
	assert.Equal(t, id, m.ID)
	assert.True(t, m.FromMe)
	assert.JSONEq(t, string(fixture(t, fixtureName)), string(m.Raw))
	return m
}

func TestStatusEndpoints(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /status/text",
			fixture:  "status/text.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendText(ctx, StatusSendTextParams{
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
				m := statusResultOf(t, got, "true_status@broadcast_3EB0AA11BB22CC33DD44", "status/text.json")
				assert.Equal(t, time.Unix(1710485000, 0).UTC(), m.Timestamp.Time, "NOWEB messageTimestamp")
				assert.Equal(t, "Have a look! https://github.com/", m.Body)
				assert.Equal(t, StatusBroadcast, m.To)
				assert.Equal(t, MessageTypeText, m.Type())
			},
		},
		{
			endpoint: "POST /status/image",
			fixture:  "status/image.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendImage(ctx, StatusSendImageParams{
					File:    File{URL: "https://wawp.net/samples/sunset.jpg"},
					Caption: "Sunset",
				})
			},
			path: "/status/image",
			query: vals("file[url]", "https://wawp.net/samples/sunset.jpg", "file[filename]", "sunset.jpg", "file[mimetype]", "image/jpeg",
				"caption", "Sunset"),
			check: func(t *testing.T, got any) {
				m := statusResultOf(t, got, "true_status@broadcast_3EB0IMAGE0STATUS0001", "status/image.json")
				assert.Equal(t, MessageTypeImage, m.Type())
			},
		},
		{
			endpoint: "POST /status/voice",
			fixture:  "status/voice.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendVoice(ctx, StatusSendVoiceParams{
					File:     File{URL: "https://cdn.example.com/audio/note.ogg"},
					Convert:  &no,
					Contacts: []ChatID{"447441429009@c.us"},
				})
			},
			path: "/status/voice",
			query: vals("file[url]", "https://cdn.example.com/audio/note.ogg", "file[filename]", "note.ogg", "file[mimetype]", "audio/ogg; codecs=opus",
				"convert", "false", "backgroundColor", "#38b42f", "contacts", "447441429009@c.us"),
			check: func(t *testing.T, got any) {
				m := statusResultOf(t, got, "true_status@broadcast_3EB0VOICE0STATUS0001", "status/voice.json")
				assert.Equal(t, MessageTypeVoice, m.Type())
			},
		},
		{
			endpoint: "POST /status/video",
			fixture:  "status/video.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Status.SendVideo(ctx, StatusSendVideoParams{
					File:    File{URL: "https://cdn.example.com/clips/launch.mp4"},
					Caption: "Launch day",
					Convert: &yes,
				})
			},
			path: "/status/video",
			query: vals("file[url]", "https://cdn.example.com/clips/launch.mp4", "file[filename]", "launch.mp4", "file[mimetype]", "video/mp4",
				"caption", "Launch day", "convert", "true", "asNote", "false"),
			check: func(t *testing.T, got any) {
				m := statusResultOf(t, got, "true_status@broadcast_3EB0VIDEO0STATUS0001", "status/video.json")
				assert.Equal(t, "Launch day", m.Body)
				assert.Equal(t, MessageTypeVideo, m.Type())
			},
		},
		{
			endpoint: "POST /status/delete",
			fixture:  "status/synthetic_delete.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Status.Delete(ctx, "true_status@broadcast_3EB0AA11BB22CC33DD44", &StatusDeleteParams{Contacts: []ChatID{"447441429009@c.us", "201234567890@c.us"}})
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
	params := StatusSendTextParams{Text: "Hello"}
	_, err := c.Status.SendText(context.Background(), params)
	require.NoError(t, err)
	assert.Equal(t, vals("text", "Hello", "backgroundColor", "#38b42f", "font", "0"), ts.last().Query)
	assert.Empty(t, params.BackgroundColor, "the caller's params are not changed")
}

func TestStatusDeleteIsRetriedOn503(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusServiceUnavailable, `{"statusCode":503,"message":"busy","error":"Service Unavailable"}`)
	err := c.Status.Delete(context.Background(), "3EB0AA11BB22CC33DD44", nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, ts.count(), "deleting is safe to repeat")
}

func TestStatusSendResultIsDeletableAsIs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		want       MessageID
	}{
		{"NOWEB key", `{"key":{"remoteJid":"status@broadcast","fromMe":true,"id":"AAAA"},"message":{}}`, "true_status@broadcast_AAAA"},
		{"WAHA message", `{"id":"true_status@broadcast_CCCC"}`, "true_status@broadcast_CCCC"},
		{"WEBJS _serialized", `{"_data":{"id":{"fromMe":true,"remote":"status@broadcast","id":"EEEE","_serialized":"true_status@broadcast_EEEE"}}}`, "true_status@broadcast_EEEE"},
		{"GOWS bare info", `{"_data":{"Info":{"ID":"DDDD"}}}`, "true_status@broadcast_DDDD"},
		{"id object", `{"id":{"_serialized":"true_status@broadcast_FFFF"}}`, "true_status@broadcast_FFFF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusOK, tc.body)
			m, err := c.Status.SendText(context.Background(), StatusSendTextParams{Text: "hi"})
			require.NoError(t, err)
			assert.Equal(t, tc.want, m.ID)
			assert.JSONEq(t, tc.body, string(m.Raw))

			ts.reply(http.StatusOK, `{"success":true}`)
			require.NoError(t, c.Status.Delete(context.Background(), m.ID, nil))
			parts, err := tc.want.Parts()
			require.NoError(t, err)
			assert.Equal(t, vals("id", parts.ID), ts.last().Query, "the bare ID is sent")
		})
	}
}

func TestStatusValidation(t *testing.T) {
	t.Parallel()
	file := File{URL: "https://cdn.example.com/clips/launch.mp4"}
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"text without text", "text", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusSendTextParams{BackgroundColor: "#000000"})
			return err
		}},
		{"text with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusSendTextParams{Text: "hi", Contacts: []ChatID{"447441429009@c.us", ""}})
			return err
		}},
		{"text with a comma in a contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusSendTextParams{Text: "hi", Contacts: []ChatID{"1@c.us,2@c.us"}})
			return err
		}},
		{"image without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendImage(ctx, StatusSendImageParams{Caption: "x"})
			return err
		}},
		{"image with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendImage(ctx, StatusSendImageParams{File: file, Contacts: []ChatID{" "}})
			return err
		}},
		{"voice without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVoice(ctx, StatusSendVoiceParams{})
			return err
		}},
		{"video without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVideo(ctx, StatusSendVideoParams{Caption: "x"})
			return err
		}},
		{"video with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVideo(ctx, StatusSendVideoParams{File: file, Contacts: []ChatID{""}})
			return err
		}},
		{"delete without id", "id", func(ctx context.Context, c *Client) error {
			return c.Status.Delete(ctx, "", nil)
		}},
		{"delete with a spaced id", "id", func(ctx context.Context, c *Client) error {
			return c.Status.Delete(ctx, "A B", nil)
		}},
		{"text with a malformed contact", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusSendTextParams{Text: "hi", Contacts: []ChatID{"foo@bar"}})
			return err
		}},
		{"delete with an empty contact", "contacts", func(ctx context.Context, c *Client) error {
			return c.Status.Delete(ctx, "AAAA", &StatusDeleteParams{Contacts: []ChatID{""}})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}
