package wawp

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	msgChat     ChatID    = "447441429009@c.us"
	msgGroup    ChatID    = "120363025555555555@g.us"
	msgQuotedID MessageID = "false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA"
)

// sentMessageOf asserts that got is a *Message and returns it.
func sentMessageOf(t *testing.T, got any) *Message {
	t.Helper()
	m, ok := got.(*Message)
	require.True(t, ok, "got %T", got)
	require.NotNil(t, m)
	return m
}

func TestMessagesEndpoints(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /send",
			fixture:  "messages/send_text.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendText(ctx, msgChat, SendTextParams{Text: "Hello from Wawp!", ReplyTo: msgQuotedID})
			},
			path:  "/send",
			query: vals("chatId", "447441429009@c.us", "message", "Hello from Wawp!", "reply_to", string(msgQuotedID)),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_447441429009@c.us_3EB0B430C1C9E2A0F4A7"), m.ID)
				assert.Equal(t, time.Unix(1666943582, 0).UTC(), m.Timestamp.Time)
				assert.Equal(t, ChatID("201012345678@c.us"), m.From)
				assert.Equal(t, ChatID("447441429009@c.us"), m.To)
				assert.True(t, m.FromMe)
				assert.Equal(t, MessageSourceAPI, m.Source)
				assert.Equal(t, "Hello from Wawp!", m.Body)
				assert.False(t, m.HasMedia)
				assert.Equal(t, AckServer, m.Ack)
				assert.Equal(t, "SERVER", m.AckName)
				assert.Empty(t, m.VCards)
				require.NotNil(t, m.ReplyTo)
				assert.Equal(t, MessageID("AAAAAAAAAAAAAAAAAAAA"), m.ReplyTo.ID)
				assert.Equal(t, ChatID("447441429009@c.us"), m.ReplyTo.Participant)
				assert.Equal(t, "Are you there?", m.ReplyTo.Body)
				assert.JSONEq(t, `{"Info":{"ID":"3EB0B430C1C9E2A0F4A7","Chat":"447441429009@s.whatsapp.net","IsFromMe":true}}`, string(m.Data))
			},
		},
		{
			endpoint: "POST /sendImage",
			fixture:  "messages/send_image.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendImage(ctx, msgChat, SendImageParams{
					File:    File{URL: "https://wawp.net/samples/cat.jpg"},
					Caption: "Look at this cat",
					ReplyTo: msgQuotedID,
				})
			},
			path: "/sendImage",
			query: vals("chatId", "447441429009@c.us",
				"file[url]", "https://wawp.net/samples/cat.jpg", "file[filename]", "cat.jpg", "file[mimetype]", "image/jpeg",
				"caption", "Look at this cat", "reply_to", string(msgQuotedID)),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_447441429009@c.us_3EB0A1B2C3D4E5F60718"), m.ID)
				assert.Equal(t, "Look at this cat", m.Body)
				assert.True(t, m.HasMedia)
				require.NotNil(t, m.Media)
				assert.Equal(t, "https://api.wawp.net/api/files/true_447441429009@c.us_3EB0A1B2C3D4E5F60718.jpeg", m.Media.URL)
				assert.Equal(t, "image/jpeg", m.Media.MIMEType)
				assert.Empty(t, m.Media.Filename)
				assert.Equal(t, AckPending, m.Ack)
			},
		},
		{
			endpoint: "POST /sendFile",
			fixture:  "messages/send_file.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendFile(ctx, msgChat, SendFileParams{
					File:    File{URL: "https://files.example.com/download?id=42", Filename: "invoice-2024-03.pdf"},
					Caption: "Invoice for March",
				})
			},
			path: "/sendFile",
			query: vals("chatId", "447441429009@c.us",
				"file[url]", "https://files.example.com/download?id=42", "file[filename]", "invoice-2024-03.pdf", "file[mimetype]", "application/pdf",
				"caption", "Invoice for March"),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_447441429009@c.us_3EB0F00DCAFE00112233"), m.ID)
				require.NotNil(t, m.Media)
				assert.Equal(t, "invoice-2024-03.pdf", m.Media.Filename)
				assert.Equal(t, "application/pdf", m.Media.MIMEType)
				assert.Equal(t, "Invoice for March", m.Body)
			},
		},
		{
			endpoint: "POST /sendVoice",
			fixture:  "messages/send_voice_noweb.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendVoice(ctx, msgChat, SendVoiceParams{
					File:    File{URL: "https://cdn.example.com/audio/note.ogg"},
					Convert: &yes,
					ReplyTo: msgQuotedID,
				})
			},
			path: "/sendVoice",
			query: vals("chatId", "447441429009@c.us",
				"file[url]", "https://cdn.example.com/audio/note.ogg", "file[filename]", "note.ogg", "file[mimetype]", "audio/ogg; codecs=opus",
				"convert", "true", "reply_to", string(msgQuotedID)),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				// The NOWEB key becomes a serialized ID with the chat in @c.us form.
				assert.Equal(t, MessageID("true_447441429009@c.us_BAE5F2D4C0A1B2C3"), m.ID)
				assert.True(t, m.FromMe)
			},
		},
		{
			endpoint: "POST /sendVideo",
			fixture:  "messages/send_video.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendVideo(ctx, msgGroup, SendVideoParams{
					File:    File{URL: "https://cdn.example.com/clips/launch.mp4"},
					Caption: "Launch day",
					Convert: &no,
					AsNote:  true,
				})
			},
			path: "/sendVideo",
			query: vals("chatId", "120363025555555555@g.us",
				"file[url]", "https://cdn.example.com/clips/launch.mp4", "file[filename]", "launch.mp4", "file[mimetype]", "video/mp4",
				"caption", "Launch day", "convert", "false", "asNote", "true"),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_120363025555555555@g.us_3EB0C0FFEE1234567890_201012345678@c.us"), m.ID)
				assert.Equal(t, time.Unix(1710483800, 250_000_000).UTC(), m.Timestamp.Time)
				assert.Equal(t, ChatID("201012345678@c.us"), m.Participant)
				assert.Equal(t, AckDevice, m.Ack)
			},
		},
		{
			endpoint: "POST /sendLinkPreview",
			fixture:  "messages/send_link_preview.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendLinkPreview(ctx, msgChat, SendLinkPreviewParams{URL: "https://wawp.net", Title: "Wawp"})
			},
			path:  "/sendLinkPreview",
			query: vals("chatId", "447441429009@c.us", "url", "https://wawp.net", "title", "Wawp"),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_447441429009@c.us_3EB0L1NKPR3V13W00001"), m.ID)
				assert.Equal(t, "https://wawp.net", m.Body)
			},
		},
		{
			endpoint: "POST /sendLocation",
			fixture:  "messages/send_location.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendLocation(ctx, msgChat, SendLocationParams{
					Latitude:  38.8937255,
					Longitude: -77.0969763,
					Title:     "Our office",
					Message:   "See you here",
					ReplyTo:   msgQuotedID,
				})
			},
			path: "/sendLocation",
			query: vals("chatId", "447441429009@c.us", "latitude", "38.8937255", "longitude", "-77.0969763",
				"title", "Our office", "message", "See you here", "reply_to", string(msgQuotedID)),
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_447441429009@c.us_3EB0L0CAT10N00000001"), m.ID)
				require.NotNil(t, m.Location)
				assert.Equal(t, Coordinate(38.8937255), m.Location.Latitude)
				assert.Equal(t, Coordinate(-77.0969763), m.Location.Longitude)
				assert.Equal(t, "Our office", m.Location.Description)
				assert.False(t, m.Location.Live)
			},
		},
		{
			endpoint: "POST /sendPoll",
			fixture:  "messages/send_poll.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendPoll(ctx, "201234567890@c.us", SendPollParams{
					Poll:    Poll{Name: "How are you?", Options: []string{"Awesome!", "Good!", "Not bad!"}, MultipleAnswers: true},
					ReplyTo: msgQuotedID,
				})
			},
			path: "/sendPoll",
			body: `{"chatId":"201234567890@c.us","poll":{"name":"How are you?","options":["Awesome!","Good!","Not bad!"],"multipleAnswers":true},"reply_to":"false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA"}`,
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_201234567890@c.us_BAE595F4E0A2042C"), m.ID)
				assert.Equal(t, ChatID("201234567890@c.us"), m.To)
				assert.Equal(t, AckUnknown, m.Ack)
				assert.Equal(t, "UNKNOWN", m.AckName)
			},
		},
		{
			endpoint: "POST /sendContactVcard",
			fixture:  "messages/send_vcard.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Messages.SendContactVCard(ctx, "79111111@c.us", SendContactVCardParams{
					Contacts: []VCardContact{
						{FullName: "John Doe", Organization: "Company Name", PhoneNumber: "+91 11111 11111", WhatsAppID: "911111111111"},
						{VCard: "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD"},
						{FullName: "Max Mustermann", PhoneNumber: "+49 30 1234567"},
					},
				})
			},
			path: "/sendContactVcard",
			body: `{"chatId":"79111111@c.us","contacts":[
				{"fullName":"John Doe","organization":"Company Name","phoneNumber":"+91 11111 11111","whatsappId":"911111111111"},
				{"vcard":"BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD"},
				{"fullName":"Max Mustermann","phoneNumber":"+49 30 1234567"}]}`,
			check: func(t *testing.T, got any) {
				m := sentMessageOf(t, got)
				assert.Equal(t, MessageID("true_79111111@c.us_3EB0VCARD00000000001"), m.ID)
				require.Len(t, m.VCards, 2)
				assert.True(t, strings.HasPrefix(m.VCards[0], "BEGIN:VCARD\nVERSION:3.0\nFN:John Doe\n"), m.VCards[0])
				assert.True(t, strings.HasPrefix(m.VCards[1], "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\n"), m.VCards[1])
			},
		},
		{
			endpoint: "POST /sendSeen",
			fixture:  "messages/synthetic_mark_seen.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Messages.MarkSeen(ctx, msgGroup, &MarkSeenParams{
					MessageIDs: []MessageID{
						"false_120363025555555555@g.us_AAAAAAAAAAAAAAAAAAAA_33333333333@c.us",
						"false_120363025555555555@g.us_BBBBBBBBBBBBBBBBBBBB_33333333333@c.us",
					},
					Participant: "33333333333@c.us",
				})
			},
			path: "/sendSeen",
			query: vals("chatId", "120363025555555555@g.us",
				"messageIds[]", "false_120363025555555555@g.us_AAAAAAAAAAAAAAAAAAAA_33333333333@c.us",
				"messageIds[]", "false_120363025555555555@g.us_BBBBBBBBBBBBBBBBBBBB_33333333333@c.us",
				"participant", "33333333333@c.us"),
		},
		{
			endpoint: "POST /startTyping",
			fixture:  "messages/synthetic_start_typing.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Messages.StartTyping(ctx, msgChat)
			},
			path:  "/startTyping",
			query: vals("chatId", "447441429009@c.us"),
		},
		{
			endpoint: "POST /stopTyping",
			fixture:  "messages/synthetic_stop_typing.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Messages.StopTyping(ctx, msgChat)
			},
			path:  "/stopTyping",
			query: vals("chatId", "447441429009@c.us"),
		},
		{
			endpoint: "PUT /reaction",
			fixture:  "messages/synthetic_reaction.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Messages.React(ctx, msgChat, msgQuotedID, ReactParams{Reaction: "👍"})
			},
			path:  "/reaction",
			query: vals("chatId", "447441429009@c.us", "messageId", string(msgQuotedID), "reaction", "👍"),
		},
		{
			endpoint: "PUT /star",
			fixture:  "messages/synthetic_star.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Messages.Star(ctx, msgChat, msgQuotedID, StarParams{Star: true})
			},
			path:  "/star",
			query: vals("chatId", "447441429009@c.us", "messageId", string(msgQuotedID), "star", "true"),
		},
	})
}

func TestMessagesSendResolvesGOWSID(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/send_text_gows.json")
	m, err := c.Messages.SendText(context.Background(), "447441429009", SendTextParams{Text: "Hello from Wawp!"})
	require.NoError(t, err)
	assert.Equal(t, MessageID("true_447441429009@c.us_3EB0965B123D06E0B70741"), m.ID)
	parts, err := m.ID.Parts()
	require.NoError(t, err)
	assert.Equal(t, "3EB0965B123D06E0B70741", parts.ID)
	assert.Contains(t, string(m.Data), `"Sender": "201012345678:12@s.whatsapp.net"`)
	assert.Equal(t, vals("chatId", "447441429009", "message", "Hello from Wawp!"), ts.last().Query)
}

func TestMessagesSendJoinsABareIDWithTheChat(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"key":{"remoteJid":"","fromMe":true,"id":"BAE5F2D4C0A1B2C3"}}`)
	m, err := c.Messages.SendText(context.Background(), "447441429009", SendTextParams{Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, MessageID("true_447441429009@c.us_BAE5F2D4C0A1B2C3"), m.ID, "the request's chat, normalised")
	assert.True(t, m.FromMe)
	assert.Equal(t, ChatID("447441429009@c.us"), m.To)
}

func TestMessagesSendResultPerEngine(t *testing.T) {
	t.Parallel()
	webjs := `{"_data":{"id":{"fromMe":true,"remote":"000000000000@c.us","id":"MSG_ID_123456",
  "_serialized":"true_000000000000@c.us_MSG_ID_123456"},
  "viewed":false,"body":"BASE64_IMAGE_DATA","type":"image","t":1759108866,
  "from":{"server":"c.us","user":"111111111111","_serialized":"111111111111@c.us"},
  "to":{"server":"c.us","user":"000000000000","_serialized":"000000000000@c.us"},
  "ack":0,"isNewMsg":true,"star":false,"kicNotified":false,
  "caption":"Here's your requested image.","mimetype":"image/jpeg"}}`
	cases := []struct {
		name, body string
		chat       ChatID
		want       Message
		wantType   MessageType
	}{
		{"WEBJS raw message", webjs, "000000000000@c.us", Message{
			ID: "true_000000000000@c.us_MSG_ID_123456", FromMe: true, To: "000000000000@c.us",
			Timestamp: Timestamp{time.Unix(1759108866, 0).UTC()}, Body: "Here's your requested image.",
		}, MessageTypeImage},
		{"GOWS info", string(fixture(t, "messages/send_text_gows.json")), "447441429009", Message{
			ID: "true_447441429009@c.us_3EB0965B123D06E0B70741", FromMe: true, To: "447441429009@c.us",
			Timestamp: Timestamp{time.Date(2024, 3, 15, 6, 18, 31, 0, time.UTC)}, Body: "Hello from Wawp!",
		}, MessageTypeText},
		{"GOWS bare info", `{"_data":{"Info":{"ID":"3EB0BARE"}}}`, "447441429009@c.us", Message{
			ID: "true_447441429009@c.us_3EB0BARE", FromMe: true, To: "447441429009@c.us",
		}, MessageTypeUnknown},
		{"NOWEB key", string(fixture(t, "messages/send_voice_noweb.json")), "447441429009@c.us", Message{
			ID: "true_447441429009@c.us_BAE5F2D4C0A1B2C3", FromMe: true, To: "447441429009@c.us",
			Timestamp: Timestamp{time.Unix(1710483700, 0).UTC()},
		}, MessageTypeVoice},
		{"NOWEB text", `{"key":{"remoteJid":"447441429009@s.whatsapp.net","fromMe":true,"id":"BAE5"},"message":{"extendedTextMessage":{"text":"hi"}},"messageTimestamp":1710483700}`, "447441429009@c.us", Message{
			ID: "true_447441429009@c.us_BAE5", FromMe: true, To: "447441429009@c.us",
			Timestamp: Timestamp{time.Unix(1710483700, 0).UTC()}, Body: "hi",
		}, MessageTypeText},
		{"plain id", `{"id":"true_447441429009@c.us_PLAIN"}`, "447441429009@c.us", Message{
			ID: "true_447441429009@c.us_PLAIN",
		}, MessageTypeUnknown},
		{"id object", `{"id":{"fromMe":true,"_serialized":"true_447441429009@c.us_OBJ"},"body":"hi"}`, "447441429009@c.us", Message{
			ID: "true_447441429009@c.us_OBJ", Body: "hi",
		}, MessageTypeText},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusOK, tc.body)
			m, err := c.Messages.SendText(context.Background(), tc.chat, SendTextParams{Text: "hi"})
			require.NoError(t, err)
			assert.JSONEq(t, tc.body, string(m.Raw), "the whole answer is kept")
			assert.Equal(t, tc.want.ID, m.ID)
			assert.Equal(t, tc.want.FromMe, m.FromMe)
			assert.Equal(t, tc.want.To, m.To)
			assert.Equal(t, tc.want.Timestamp, m.Timestamp)
			assert.Equal(t, tc.want.Body, m.Body)
			assert.Equal(t, tc.wantType, m.Type())
			assert.Equal(t, AckUnknown, m.Ack, "no engine sent a top-level ack")
		})
	}
}

func TestMessagesSendDecodeError(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"id": [42]}`)
	_, err := c.Messages.SendText(context.Background(), msgChat, SendTextParams{Text: "hi"})
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "/send", de.Path)
}

func TestMessagesOptionalFlagsAreOmittedOrSentAsFalse(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/send_video.json")
	_, err := c.Messages.SendVideo(context.Background(), msgChat, SendVideoParams{File: File{URL: "https://cdn.example.com/v.mp4"}})
	require.NoError(t, err)
	q := ts.last().Query
	assert.NotContains(t, q, "convert", "nil Convert leaves the choice to the server")
	assert.Equal(t, []string{"false"}, q["asNote"])
	assert.NotContains(t, q, "caption")
	assert.NotContains(t, q, "reply_to")

	ts.replyFixture("messages/send_voice_noweb.json")
	_, err = c.Messages.SendVoice(context.Background(), msgChat, SendVoiceParams{File: File{URL: "https://cdn.example.com/n.ogg"}})
	require.NoError(t, err)
	assert.NotContains(t, ts.last().Query, "convert")
}

func TestMessagesMediaSendDoesNotChangeCallerParams(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/send_image.json")
	params := SendImageParams{File: File{URL: " https://wawp.net/samples/cat.png "}}
	_, err := c.Messages.SendImage(context.Background(), msgChat, params)
	require.NoError(t, err)
	assert.Equal(t, File{URL: " https://wawp.net/samples/cat.png "}, params.File)
	q := ts.last().Query
	assert.Equal(t, []string{"https://wawp.net/samples/cat.png"}, q["file[url]"])
	assert.Equal(t, []string{"cat.png"}, q["file[filename]"])
	assert.Equal(t, []string{"image/png"}, q["file[mimetype]"])
}

func TestMessagesLocationUsesDecimalNotation(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/send_location.json")
	_, err := c.Messages.SendLocation(context.Background(), msgChat, SendLocationParams{Latitude: 0.00001, Longitude: -180})
	require.NoError(t, err)
	assert.Equal(t, vals("chatId", "447441429009@c.us", "latitude", "0.00001", "longitude", "-180"), ts.last().Query)
}

func TestMessagesReactWithEmptyReactionRemovesIt(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/synthetic_reaction.json")
	require.NoError(t, c.Messages.React(context.Background(), msgChat, msgQuotedID, ReactParams{}))
	req := ts.last()
	assert.Equal(t, http.MethodPut, req.Method)
	assert.Equal(t, vals("chatId", "447441429009@c.us", "messageId", string(msgQuotedID), "reaction", ""), req.Query)
	assert.Contains(t, req.RawQuery, "reaction=&")
}

func TestMessagesUnstarSendsFalse(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/synthetic_star.json")
	require.NoError(t, c.Messages.Star(context.Background(), msgChat, msgQuotedID, StarParams{Star: false}))
	assert.Equal(t, vals("chatId", "447441429009@c.us", "messageId", string(msgQuotedID), "star", "false"), ts.last().Query)
}

func TestMessagesValidation(t *testing.T) {
	t.Parallel()
	file := File{URL: "https://wawp.net/samples/cat.jpg"}
	options := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "option " + string(rune('A'+i))
		}
		return out
	}
	cases := []struct {
		name  string
		field string
		call  func(ctx context.Context, c *Client) error
	}{
		{"text without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, "", SendTextParams{Text: "hi"})
			return err
		}},
		{"text with blank chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, "  ", SendTextParams{Text: "hi"})
			return err
		}},
		{"empty text", "message", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, msgChat, SendTextParams{Text: " \n"})
			return err
		}},
		{"image without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendImage(ctx, "", SendImageParams{File: file})
			return err
		}},
		{"image without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendImage(ctx, msgChat, SendImageParams{File: File{Filename: "cat.jpg"}})
			return err
		}},
		{"image with relative URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendImage(ctx, msgChat, SendImageParams{File: File{URL: "/cat.jpg"}})
			return err
		}},
		{"file without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendFile(ctx, msgChat, SendFileParams{})
			return err
		}},
		{"file without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendFile(ctx, "", SendFileParams{File: file})
			return err
		}},
		{"voice without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendVoice(ctx, msgChat, SendVoiceParams{})
			return err
		}},
		{"voice without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendVoice(ctx, "", SendVoiceParams{File: file})
			return err
		}},
		{"video without URL", "file.url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendVideo(ctx, msgChat, SendVideoParams{})
			return err
		}},
		{"video without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendVideo(ctx, "", SendVideoParams{File: file})
			return err
		}},
		{"link preview without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLinkPreview(ctx, "", SendLinkPreviewParams{URL: "https://wawp.net"})
			return err
		}},
		{"link preview without URL", "url", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLinkPreview(ctx, msgChat, SendLinkPreviewParams{})
			return err
		}},
		{"location without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, "", SendLocationParams{Latitude: 1, Longitude: 1})
			return err
		}},
		{"latitude above 90", "latitude", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, msgChat, SendLocationParams{Latitude: 90.0001})
			return err
		}},
		{"latitude below -90", "latitude", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, msgChat, SendLocationParams{Latitude: -91})
			return err
		}},
		{"latitude NaN", "latitude", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, msgChat, SendLocationParams{Latitude: math.NaN()})
			return err
		}},
		{"longitude above 180", "longitude", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, msgChat, SendLocationParams{Longitude: 180.5})
			return err
		}},
		{"longitude below -180", "longitude", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, msgChat, SendLocationParams{Longitude: -181})
			return err
		}},
		{"poll without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendPoll(ctx, "", SendPollParams{Poll: Poll{Name: "Q", Options: options(2)}})
			return err
		}},
		{"poll without name", "poll.name", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendPoll(ctx, msgChat, SendPollParams{Poll: Poll{Options: options(2)}})
			return err
		}},
		{"poll with one option", "poll.options", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendPoll(ctx, msgChat, SendPollParams{Poll: Poll{Name: "Q", Options: options(1)}})
			return err
		}},
		{"poll with 13 options", "poll.options", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendPoll(ctx, msgChat, SendPollParams{Poll: Poll{Name: "Q", Options: options(13)}})
			return err
		}},
		{"poll option of 255 characters", "poll.options", func(ctx context.Context, c *Client) error {
			long := []string{"short", strings.Repeat("é", 255)}
			_, err := c.Messages.SendPoll(ctx, msgChat, SendPollParams{Poll: Poll{Name: "Q", Options: long}})
			return err
		}},
		{"poll with empty option", "poll.options", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendPoll(ctx, msgChat, SendPollParams{Poll: Poll{Name: "Q", Options: []string{"yes", ""}}})
			return err
		}},
		{"vcard without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, "", SendContactVCardParams{Contacts: []VCardContact{{VCard: "BEGIN:VCARD\nEND:VCARD"}}})
			return err
		}},
		{"vcard without contacts", "contacts", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, msgChat, SendContactVCardParams{})
			return err
		}},
		{"vcard contact of both forms", "contacts[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, msgChat, SendContactVCardParams{Contacts: []VCardContact{
				{VCard: "BEGIN:VCARD\nEND:VCARD"},
				{VCard: "BEGIN:VCARD\nEND:VCARD", FullName: "John Doe"},
			}})
			return err
		}},
		{"empty vcard contact", "contacts[0]", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, msgChat, SendContactVCardParams{Contacts: []VCardContact{{}}})
			return err
		}},
		{"structured contact without name", "contacts[0].fullName", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, msgChat, SendContactVCardParams{Contacts: []VCardContact{{PhoneNumber: "+1 555 0100"}}})
			return err
		}},
		{"structured contact without phone", "contacts[0].phoneNumber", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, msgChat, SendContactVCardParams{Contacts: []VCardContact{{FullName: "John Doe", WhatsAppID: "15550100"}}})
			return err
		}},
		{"mark seen without chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Messages.MarkSeen(ctx, "", &MarkSeenParams{MessageIDs: []MessageID{msgQuotedID}})
		}},
		{"mark seen with an empty ID", "messageIds", func(ctx context.Context, c *Client) error {
			return c.Messages.MarkSeen(ctx, msgChat, &MarkSeenParams{MessageIDs: []MessageID{msgQuotedID, ""}})
		}},
		{"mark seen with a spaced ID", "messageIds", func(ctx context.Context, c *Client) error {
			return c.Messages.MarkSeen(ctx, msgChat, &MarkSeenParams{MessageIDs: []MessageID{"false_1@c.us_A B"}})
		}},
		{"mark seen with a bad participant", "participant", func(ctx context.Context, c *Client) error {
			return c.Messages.MarkSeen(ctx, msgGroup, &MarkSeenParams{Participant: "foo@bar"})
		}},
		{"text to a malformed chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, "foo@bar", SendTextParams{Text: "hi"})
			return err
		}},
		{"text with a malformed mention", "mentions", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, msgGroup, SendTextParams{Text: "hi", Mentions: []ChatID{"foo@bar"}})
			return err
		}},
		{"text quoting a spaced ID", "reply_to", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, msgChat, SendTextParams{Text: "hi", ReplyTo: "a b"})
			return err
		}},
		{"image with a malformed mention", "mentions", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendImage(ctx, msgGroup, SendImageParams{File: File{URL: "https://x.test/a.jpg"}, Mentions: []ChatID{"x"}})
			return err
		}},
		{"react to a dot ID", "messageId", func(ctx context.Context, c *Client) error {
			return c.Messages.React(ctx, msgChat, "..", ReactParams{Reaction: "👍"})
		}},
		{"start typing without chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Messages.StartTyping(ctx, "")
		}},
		{"stop typing without chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Messages.StopTyping(ctx, "")
		}},
		{"react without message", "messageId", func(ctx context.Context, c *Client) error {
			return c.Messages.React(ctx, msgChat, "", ReactParams{Reaction: "👍"})
		}},
		{"react without chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Messages.React(ctx, "", msgQuotedID, ReactParams{Reaction: "👍"})
		}},
		{"star without message", "messageId", func(ctx context.Context, c *Client) error {
			return c.Messages.Star(ctx, msgChat, "", StarParams{Star: true})
		}},
		{"star without chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Messages.Star(ctx, "", msgQuotedID, StarParams{Star: true})
		}},
		{"text typing without text", "message", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendTextTyping(ctx, msgChat, SendTextParams{}, time.Second)
			return err
		}},
		{"text typing without chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendTextTyping(ctx, "", SendTextParams{Text: "hi"}, time.Second)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}

func TestMessagesPollOptionLimitsAreInclusive(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/send_poll.json")
	twelve := make([]string, 12)
	for i := range twelve {
		twelve[i] = strings.Repeat("x", 254-i)
	}
	_, err := c.Messages.SendPoll(context.Background(), msgChat, SendPollParams{Poll: Poll{Name: "Q", Options: twelve}})
	require.NoError(t, err)
	var body struct {
		Poll Poll `json:"poll"`
	}
	require.NoError(t, json.Unmarshal(ts.last().Body, &body))
	assert.Equal(t, twelve, body.Poll.Options)
	assert.NotContains(t, string(ts.last().Body), "reply_to", "an empty reply_to is left out")
}

func TestMessagesVCardContactJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(VCardContact{VCard: "BEGIN:VCARD\nFN:A&B\nEND:VCARD"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"vcard":"BEGIN:VCARD\nFN:A&B\nEND:VCARD"}`, string(b))

	b, err = json.Marshal(VCardContact{FullName: "John Doe", PhoneNumber: "+91 11111 11111"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"fullName":"John Doe","phoneNumber":"+91 11111 11111"}`, string(b))
}

// TestSendsAreNeverRetriedOnAmbiguousFailure covers every message and status
// send: a 502 may mean the message went out, so it must not be sent again.
func TestSendsAreNeverRetriedOnAmbiguousFailure(t *testing.T) {
	t.Parallel()
	file := File{URL: "https://cdn.example.com/media/file.bin", MIMEType: "application/octet-stream"}
	sends := map[string]func(ctx context.Context, c *Client) error{
		"Messages.SendText": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendText(ctx, msgChat, SendTextParams{Text: "hi"})
			return err
		},
		"Messages.SendImage": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendImage(ctx, msgChat, SendImageParams{File: file})
			return err
		},
		"Messages.SendFile": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendFile(ctx, msgChat, SendFileParams{File: file})
			return err
		},
		"Messages.SendVoice": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendVoice(ctx, msgChat, SendVoiceParams{File: file})
			return err
		},
		"Messages.SendVideo": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendVideo(ctx, msgChat, SendVideoParams{File: file})
			return err
		},
		"Messages.SendLinkPreview": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLinkPreview(ctx, msgChat, SendLinkPreviewParams{URL: "https://wawp.net"})
			return err
		},
		"Messages.SendLocation": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendLocation(ctx, msgChat, SendLocationParams{Latitude: 1, Longitude: 2})
			return err
		},
		"Messages.SendPoll": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendPoll(ctx, msgChat, SendPollParams{Poll: Poll{Name: "Q", Options: []string{"a", "b"}}})
			return err
		},
		"Messages.SendContactVCard": func(ctx context.Context, c *Client) error {
			_, err := c.Messages.SendContactVCard(ctx, msgChat, SendContactVCardParams{Contacts: []VCardContact{{VCard: "BEGIN:VCARD\nEND:VCARD"}}})
			return err
		},
		"Status.SendText": func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendText(ctx, StatusSendTextParams{Text: "hi"})
			return err
		},
		"Status.SendImage": func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendImage(ctx, StatusSendImageParams{File: file})
			return err
		},
		"Status.SendVoice": func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVoice(ctx, StatusSendVoiceParams{File: file})
			return err
		},
		"Status.SendVideo": func(ctx context.Context, c *Client) error {
			_, err := c.Status.SendVideo(ctx, StatusSendVideoParams{File: file})
			return err
		},
	}
	for name, send := range sends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusBadGateway, `<html><title>502 Bad Gateway</title></html>`)
			err := send(context.Background(), c)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
			assert.Equal(t, 1, ts.count(), "a send must reach the server exactly once")
			assert.Equal(t, http.MethodPost, ts.last().Method)
		})
	}
}

func TestMessagesReactIsNeverRepeatedOn503(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusServiceUnavailable, `{"statusCode":503,"message":"busy","error":"Service Unavailable"}`)
	err := c.Messages.React(context.Background(), msgChat, msgQuotedID, ReactParams{Reaction: "👍"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, ts.count(), "a reaction is a visible message, sent at most once")
}

func TestMessagesStarIsRetriedOn503(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	var calls atomic.Int32
	ts.handle(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write(fixture(t, "messages/synthetic_star.json"))
	})
	require.NoError(t, c.Messages.Star(context.Background(), msgChat, msgQuotedID, StarParams{Star: true}))
	require.Len(t, ts.requestsSeen(), 2, "starring twice leaves it starred")
}

func TestMessagesSendTextTyping(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	var waited []time.Duration
	c.wait = func(ctx context.Context, d time.Duration) error {
		waited = append(waited, d)
		return ctx.Err()
	}
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == testBasePath+"/send" {
			_, _ = w.Write(fixture(t, "messages/send_text.json"))
			return
		}
		_, _ = w.Write([]byte(`{"success":true}`))
	})

	m, err := c.Messages.SendTextTyping(context.Background(), msgChat, SendTextParams{Text: "Hello from Wawp!"}, 3*time.Second)
	require.NoError(t, err)
	assert.Equal(t, MessageID("true_447441429009@c.us_3EB0B430C1C9E2A0F4A7"), m.ID)
	assert.Equal(t, []time.Duration{3 * time.Second}, waited)

	reqs := ts.requestsSeen()
	require.Len(t, reqs, 3)
	want := []struct{ method, path string }{
		{http.MethodPost, "/startTyping"},
		{http.MethodPost, "/send"},
		{http.MethodPost, "/stopTyping"},
	}
	for i, w := range want {
		assert.Equal(t, w.method, reqs[i].Method, "request %d", i)
		assert.Equal(t, w.path, reqs[i].Path, "request %d", i)
	}
	assert.Equal(t, vals("chatId", "447441429009@c.us"), reqs[0].Query)
	assert.Equal(t, vals("chatId", "447441429009@c.us", "message", "Hello from Wawp!"), reqs[1].Query)
	assert.Equal(t, vals("chatId", "447441429009@c.us"), reqs[2].Query)
}

func TestMessagesSendTextTypingCancelledWhileTyping(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("messages/synthetic_start_typing.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The context ends during the typing pause.
	c.wait = func(ctx context.Context, _ time.Duration) error {
		cancel()
		return ctx.Err()
	}

	m, err := c.Messages.SendTextTyping(ctx, msgChat, SendTextParams{Text: "never sent"}, time.Hour)
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, m)

	reqs := ts.requestsSeen()
	require.Len(t, reqs, 2, "start typing, then stop typing; no send")
	assert.Equal(t, "/startTyping", reqs[0].Path)
	assert.Equal(t, "/stopTyping", reqs[1].Path)
	assert.Equal(t, vals("chatId", "447441429009@c.us"), reqs[1].Query)
}

func TestMessagesSendTextTypingStopsTypingWhenSendFails(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == testBasePath+"/send" {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = w.Write([]byte(`{"success":true}`))
	})
	_, err := c.Messages.SendTextTyping(context.Background(), msgChat, SendTextParams{Text: "hi"}, time.Second)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	paths := []string{}
	for _, r := range ts.requestsSeen() {
		paths = append(paths, r.Path)
	}
	assert.Equal(t, []string{"/startTyping", "/send", "/stopTyping"}, paths)
}

func TestMessagesSendTextTypingFailsWhenTypingCannotStart(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusUnauthorized, string(fixture(t, "errors/wordpress.json")))
	_, err := c.Messages.SendTextTyping(context.Background(), msgChat, SendTextParams{Text: "hi"}, time.Second)
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.Canceled))
	require.Equal(t, 1, ts.count())
	assert.Equal(t, "/startTyping", ts.last().Path)
}

func TestMessageDecoding(t *testing.T) {
	t.Parallel()
	var m Message
	require.NoError(t, json.Unmarshal(fixture(t, "messages/message_decoding.json"), &m))

	assert.Equal(t, MessageID("false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA"), m.ID)
	assert.Equal(t, time.Unix(1710481111, 853_000_000).UTC(), m.Timestamp.Time, "float seconds keep their fraction")
	assert.Equal(t, AckUnknown, m.Ack, "a null ack is UNKNOWN, as its ackName says")
	assert.Equal(t, "UNKNOWN", m.AckName)
	assert.Equal(t, MessageTypeLocation, m.Type())
	assert.Empty(t, m.Participant)
	assert.Empty(t, m.Body)
	assert.Nil(t, m.Media)

	require.NotNil(t, m.Location)
	assert.Equal(t, Coordinate(51.5007292), m.Location.Latitude, "latitude as a number")
	assert.Equal(t, Coordinate(-0.1246254), m.Location.Longitude)
	assert.Equal(t, "Big Ben", m.Location.Name)
	assert.True(t, m.Location.Live)

	assert.Equal(t, VCards{"BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD"}, m.VCards)

	require.NotNil(t, m.ReplyTo)
	assert.Equal(t, MessageID("false_22222222222@c.us_BBBBBBBBBBBBBBBBBBBB"), m.ReplyTo.ID)
	assert.Equal(t, ChatID("22222222222@c.us"), m.ReplyTo.Participant)
	assert.Equal(t, "Meet at noon?", m.ReplyTo.Body)
	assert.True(t, m.ReplyTo.HasMedia)
	require.NotNil(t, m.ReplyTo.Media)
	assert.Equal(t, "image/jpeg", m.ReplyTo.Media.MIMEType)
	assert.JSONEq(t, `{"stanzaId":"BBBBBBBBBBBBBBBBBBBB"}`, string(m.ReplyTo.Data))
	assert.JSONEq(t, `{"notifyName":"Jane"}`, string(m.Data))
}

func TestMessageAckDecoding(t *testing.T) {
	t.Parallel()
	cases := []struct {
		json  string
		want  Ack
		name  string
		known bool
	}{
		{`-1`, AckError, "ERROR", true},
		{`0`, AckPending, "PENDING", true},
		{`1`, AckServer, "SERVER", true},
		{`2`, AckDevice, "DEVICE", true},
		{`3`, AckRead, "READ", true},
		{`4`, AckPlayed, "PLAYED", true},
		{`null`, AckUnknown, "UNKNOWN", true},
		{`7`, Ack(7), "Ack(7)", false},
	}
	for _, tc := range cases {
		var m Message
		require.NoError(t, json.Unmarshal([]byte(`{"id":"x","ack":`+tc.json+`}`), &m), tc.json)
		assert.Equal(t, tc.want, m.Ack, tc.json)
		assert.Equal(t, tc.name, m.Ack.String(), tc.json)
		assert.Equal(t, tc.known, m.Ack.IsKnown(), tc.json)
	}
}

func TestMessageTimestampAndLocationForms(t *testing.T) {
	t.Parallel()
	var m Message
	require.NoError(t, json.Unmarshal([]byte(`{"timestamp":1666943582,"location":{"latitude":"38.8937255","longitude":-77.0969763}}`), &m))
	assert.Equal(t, time.Unix(1666943582, 0).UTC(), m.Timestamp.Time)
	assert.Equal(t, Coordinate(38.8937255), m.Location.Latitude, "latitude as a string")
	assert.Equal(t, Coordinate(-77.0969763), m.Location.Longitude, "longitude as a number")

	require.NoError(t, json.Unmarshal([]byte(`{"timestamp":1710481111.5}`), &m))
	assert.Equal(t, time.Unix(1710481111, 500_000_000).UTC(), m.Timestamp.Time)
}

func TestMessageVCardsForms(t *testing.T) {
	t.Parallel()
	var list, keyed Message
	require.NoError(t, json.Unmarshal([]byte(`{"vCards":["A","B","C"]}`), &list))
	// Keys sort as numbers, so "10" comes after "2".
	require.NoError(t, json.Unmarshal([]byte(`{"vCards":{"10":"K","0":"A","2":"C","1":"B"}}`), &keyed))
	assert.Equal(t, VCards{"A", "B", "C"}, list.VCards)
	assert.Equal(t, VCards{"A", "B", "C", "K"}, keyed.VCards)
}

func TestMessageReplyToBareID(t *testing.T) {
	t.Parallel()
	var m Message
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","replyTo":{"id":"AAAAAAAAAAAAAAAAAAAA","body":"quoted"}}`), &m))
	require.NotNil(t, m.ReplyTo)
	assert.Equal(t, MessageID("AAAAAAAAAAAAAAAAAAAA"), m.ReplyTo.ID)
	assert.Equal(t, "quoted", m.ReplyTo.Body)

	require.NoError(t, json.Unmarshal([]byte(`{"id":"y","replyTo":null}`), &m))
	assert.Nil(t, m.ReplyTo)
}

func TestMessagesOptionalParametersAreSent(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	var queries []url.Values
	record := func(name string) httpmock.Responder {
		return func(r *http.Request) (*http.Response, error) {
			q := r.URL.Query()
			q.Del("instance_id")
			q.Del("access_token")
			queries = append(queries, q)
			return fixtureResponder(t, name)(r)
		}
	}
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"send", record("messages/send_text.json"))
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"sendImage", record("messages/send_image.json"))
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"sendSeen", record("messages/synthetic_mark_seen.json"))
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"status/voice", record("status/voice.json"))
	ctx := context.Background()

	_, err := c.Messages.SendText(ctx, msgGroup, SendTextParams{
		Text: "Hi @447441429009", Mentions: []ChatID{msgChat, MentionAll},
		LinkPreview: Ptr(false), LinkPreviewHighQuality: Ptr(true), ID: "3EB0PREGENERATED",
	})
	require.NoError(t, err)
	_, err = c.Messages.SendImage(ctx, msgGroup, SendImageParams{File: File{URL: "https://x.test/a.jpg"}, Mentions: []ChatID{msgChat}})
	require.NoError(t, err)
	require.NoError(t, c.Messages.MarkSeen(ctx, msgChat, nil))
	_, err = c.Status.SendVoice(ctx, StatusSendVoiceParams{File: File{URL: "https://x.test/n.ogg"}, Caption: "Listen", ID: "3EB0VOICE"})
	require.NoError(t, err)

	require.Len(t, queries, 4)
	assert.Equal(t, vals("chatId", string(msgGroup), "message", "Hi @447441429009", "mentions[]", string(msgChat), "mentions[]", "all",
		"linkPreview", "false", "linkPreviewHighQuality", "true", "id", "3EB0PREGENERATED"), queries[0])
	assert.Equal(t, vals("chatId", string(msgGroup), "file[url]", "https://x.test/a.jpg", "file[filename]", "a.jpg", "file[mimetype]", "image/jpeg",
		"mentions[]", string(msgChat)), queries[1])
	assert.Equal(t, vals("chatId", string(msgChat)), queries[2], "a chat-only MarkSeen marks everything unread")
	assert.Equal(t, vals("file[url]", "https://x.test/n.ogg", "file[filename]", "n.ogg", "file[mimetype]", "audio/ogg; codecs=opus",
		"backgroundColor", "#38b42f", "caption", "Listen", "id", "3EB0VOICE"), queries[3])
}

func TestSendTextToMalformedChatSendsNothing(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	_, err := c.Messages.SendText(context.Background(), "foo@bar", SendTextParams{Text: "hi"})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "chatId", ve.Field)
	assert.Zero(t, mock.GetTotalCallCount())
}

func TestParseEventWithPlaceholderCoordinates(t *testing.T) {
	t.Parallel()
	ev, err := ParseEvent([]byte(`{"event":"message","session":"default","payload":{"id":"false_1@c.us_A","body":"",
		"location":{"latitude":"string","longitude":"string","thumbnail":"/9j/"},
		"_data":{"message":{"locationMessage":{}}}}}`))
	require.NoError(t, err, "the documentation's own example decodes")
	m, ok := ev.Payload.(*Message)
	require.True(t, ok)
	require.NotNil(t, m.Location)
	assert.Equal(t, Coordinate(0), m.Location.Latitude)
	assert.Equal(t, "/9j/", m.Location.Thumbnail)
	assert.Equal(t, MessageTypeLocation, m.Type())
	assert.Equal(t, AckUnknown, m.Ack)
}
