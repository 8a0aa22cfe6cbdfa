package wawp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	aliceChat  ChatID    = "447441429009@c.us"
	alicePath            = "/chats/447441429009%40c.us"
	sentMsg    MessageID = "true_447441429009@c.us_3EB0C767D26A1D6A5F3B"
	sentMsgSeg           = "true_447441429009%40c.us_3EB0C767D26A1D6A5F3B"
)

// fixtureElements splits a fixture holding a JSON array into its raw elements.
func fixtureElements(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal(fixture(t, name), &list))
	return list
}

func TestChatsEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /chats",
			fixture:  "chats/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.List(ctx, &ChatListParams{SortBy: ChatSortByConversationTimestamp, SortOrder: SortDesc, Limit: 20, Offset: 40})
			},
			path:  "/chats",
			query: vals("sortBy", "conversationTimestamp", "sortOrder", "DESC", "limit", "20", "offset", "40"),
			check: func(t *testing.T, got any) {
				chats, ok := got.([]Chat)
				require.True(t, ok, "got %T", got)
				require.Len(t, chats, 3)
				raw := fixtureElements(t, "chats/list.json")

				alice := chats[0]
				assert.Equal(t, aliceChat, alice.ID)
				assert.Equal(t, "Alice Example", alice.Name)
				assert.Equal(t, "https://pps.whatsapp.net/v/t61.24694-24/alice.jpg", alice.Picture)
				assert.Equal(t, time.Unix(1710481111, 0).UTC(), alice.Timestamp.Time)
				require.NotNil(t, alice.UnreadCount)
				assert.Equal(t, 2, *alice.UnreadCount)
				assert.Nil(t, alice.LastMessage)
				assert.JSONEq(t, string(raw[0]), string(alice.Raw))

				group := chats[1]
				assert.Equal(t, ChatID("120363041234567890@g.us"), group.ID)
				assert.Equal(t, "Project Alpha", group.Name)
				assert.Equal(t, time.Unix(1710480000, 0).UTC(), group.Timestamp.Time)
				require.NotNil(t, group.UnreadCount)
				assert.Equal(t, 0, *group.UnreadCount)
				require.NotNil(t, group.LastMessage)
				assert.Equal(t, MessageID("false_120363041234567890@g.us_3EB0965B123D06E0B70741_447441429010@c.us"), group.LastMessage.ID)
				assert.Equal(t, "Standup in 5", group.LastMessage.Body)
				assert.Equal(t, ChatID("447441429010@c.us"), group.LastMessage.Author)
				assert.Equal(t, AckServer, group.LastMessage.Ack)
				assert.JSONEq(t, string(raw[1]), string(group.Raw))

				other := chats[2]
				assert.Equal(t, ChatID("447441429011@c.us"), other.ID, "engine-internal IDs become @c.us")
				assert.Empty(t, other.Name)
				assert.True(t, other.Timestamp.IsZero(), "an unknown timestamp shape decodes as zero")
				assert.Nil(t, other.UnreadCount)
				assert.JSONEq(t, string(raw[2]), string(other.Raw))
			},
		},
		{
			endpoint: "GET /chats/overview",
			fixture:  "chats/overview.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.Overview(ctx, &ChatOverviewParams{Limit: 2, Offset: 4, IDs: []ChatID{aliceChat, "120363041234567890@g.us"}})
			},
			path:  "/chats/overview",
			query: vals("limit", "2", "offset", "4", "ids[]", "447441429009@c.us", "ids[]", "120363041234567890@g.us"),
			check: func(t *testing.T, got any) {
				list, ok := got.([]ChatSummary)
				require.True(t, ok, "got %T", got)
				require.Len(t, list, 2)
				assert.Equal(t, aliceChat, list[0].ID)
				assert.Equal(t, "Alice Example", list[0].Name)
				assert.Equal(t, "https://pps.whatsapp.net/v/t61.24694-24/alice.jpg", list[0].Picture)
				require.NotNil(t, list[0].LastMessage)
				assert.Equal(t, sentMsg, list[0].LastMessage.ID)
				assert.Equal(t, "See you tomorrow", list[0].LastMessage.Body)
				assert.Equal(t, AckRead, list[0].LastMessage.Ack)
				assert.Equal(t, MessageSourceAPI, list[0].LastMessage.Source)
				assert.JSONEq(t, `{"id":"447441429009@c.us","conversationTimestamp":1710481111,"unreadCount":0}`, string(list[0].EngineChat))

				assert.Equal(t, ChatID("120363041234567890@g.us"), list[1].ID)
				assert.Empty(t, list[1].Name)
				assert.Empty(t, list[1].Picture)
				assert.Nil(t, list[1].LastMessage)
			},
		},
		{
			endpoint: "POST /chats/overview",
			fixture:  "chats/overview_by_ids.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{Limit: 10, IDs: []ChatID{aliceChat}})
			},
			path: "/chats/overview",
			body: `{"pagination":{"limit":10,"offset":0},"filter":{"ids":["447441429009@c.us"]}}`,
			check: func(t *testing.T, got any) {
				list, ok := got.([]ChatSummary)
				require.True(t, ok, "got %T", got)
				require.Len(t, list, 1)
				assert.Equal(t, aliceChat, list[0].ID)
				assert.Equal(t, "Alice Example", list[0].Name)
				assert.Empty(t, list[0].Picture)
				require.NotNil(t, list[0].LastMessage)
				assert.Equal(t, MessageID("false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA"), list[0].LastMessage.ID)
				assert.Equal(t, "Thanks!", list[0].LastMessage.Body)
				assert.Equal(t, AckDevice, list[0].LastMessage.Ack)
				assert.Equal(t, time.Unix(1710482222, 0).UTC(), list[0].LastMessage.Timestamp.Time)
				assert.JSONEq(t, `{"id":"447441429009@c.us","name":"Alice Example"}`, string(list[0].EngineChat))
			},
		},
		{
			endpoint: "DELETE /chats/{chatId}",
			fixture:  "chats/synthetic_delete.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Chats.Delete(ctx, aliceChat) },
			path:     alicePath,
		},
		{
			endpoint: "GET /chats/{chatId}/picture",
			fixture:  "chats/picture.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.Picture(ctx, aliceChat, &ChatPictureParams{Refresh: true})
			},
			path:  alicePath + "/picture",
			query: vals("refresh", "true"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, "https://pps.whatsapp.net/v/t61.24694-24/alice.jpg?ccb=11-4&oh=01_Q5AaI&oe=6630F1A2", got)
			},
		},
		{
			endpoint: "GET /chats/{chatId}/messages",
			fixture:  "chats/messages.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				fromMe, ack := false, AckRead
				return c.Chats.Messages(ctx, aliceChat, &ChatMessagesParams{
					Limit:         50,
					Offset:        100,
					DownloadMedia: true,
					Since:         time.Unix(1710400000, 0),
					Until:         time.Date(2024, 3, 15, 7, 46, 39, 500, time.UTC),
					FromMe:        &fromMe,
					Ack:           &ack,
				})
			},
			path: alicePath + "/messages",
			query: vals("limit", "50", "offset", "100", "downloadMedia", "true",
				"filter.timestamp.gte", "1710400000", "filter.timestamp.lte", "1710488799",
				"filter.fromMe", "false", "filter.ack", "READ"),
			check: func(t *testing.T, got any) {
				msgs, ok := got.([]Message)
				require.True(t, ok, "got %T", got)
				require.Len(t, msgs, 2)
				assert.Equal(t, MessageID("false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA"), msgs[0].ID)
				assert.Equal(t, "Here is the photo", msgs[0].Body)
				assert.True(t, msgs[0].HasMedia)
				require.NotNil(t, msgs[0].Media)
				assert.Equal(t, "https://api.wawp.net/api/files/false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA.jpeg", msgs[0].Media.URL)
				assert.Equal(t, "image/jpeg", msgs[0].Media.MIMEType)
				assert.Equal(t, AckRead, msgs[0].Ack)
				assert.Equal(t, aliceChat, msgs[0].From)
				assert.Nil(t, msgs[0].ReplyTo)
				// The second message has no top-level id; it comes from the engine's raw message.
				assert.Equal(t, MessageID("false_447441429009@c.us_3EB0B430B6F8F1D0E053AC"), msgs[1].ID)
				assert.Equal(t, "Hello", msgs[1].Body)
				assert.Equal(t, time.Unix(1710482100, 0).UTC(), msgs[1].Timestamp.Time)
			},
		},
		{
			endpoint: "DELETE /chats/{chatId}/messages",
			fixture:  "chats/synthetic_clear_messages.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Chats.ClearMessages(ctx, aliceChat) },
			path:     alicePath + "/messages",
		},
		{
			endpoint: "POST /chats/{chatId}/messages/read",
			fixture:  "chats/mark_read.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.MarkRead(ctx, aliceChat, &ChatMarkReadParams{Messages: 30, Days: 2})
			},
			path:  alicePath + "/messages/read",
			query: vals("messages", "30", "days", "2"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, []MessageID{
					"false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA",
					"false_447441429009@c.us_3EB0B430B6F8F1D0E053AC",
				}, got)
			},
		},
		{
			endpoint: "POST /chats/{chatId}/messages/{messageId}",
			fixture:  "chats/message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.Message(ctx, aliceChat, sentMsg, nil)
			},
			path:  alicePath + "/messages/" + sentMsgSeg,
			query: vals("downloadMedia", "false"),
			check: func(t *testing.T, got any) {
				m, ok := got.(*Message)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, sentMsg, m.ID)
				assert.True(t, m.FromMe)
				assert.Equal(t, "See you tomorrow", m.Body)
				assert.Equal(t, AckPlayed, m.Ack)
				assert.Equal(t, "PLAYED", m.AckName)
				assert.Equal(t, time.Unix(1710481111, 0).UTC(), m.Timestamp.Time)
				require.NotNil(t, m.ReplyTo)
				assert.Equal(t, MessageID("AAAAAAAAAAAAAAAAAAAA"), m.ReplyTo.ID)
				assert.Equal(t, "Meeting at 10?", m.ReplyTo.Body)
			},
		},
		{
			endpoint: "DELETE /chats/{chatId}/messages/{messageId}",
			fixture:  "chats/synthetic_delete_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.DeleteMessage(ctx, aliceChat, sentMsg)
			},
			path: alicePath + "/messages/" + sentMsgSeg,
		},
		{
			endpoint: "PUT /chats/{chatId}/messages/{messageId}",
			fixture:  "chats/synthetic_edit_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.EditMessage(ctx, aliceChat, sentMsg, ChatEditMessageParams{Text: "See you on Friday https://wawp.net", LinkPreview: Ptr(true)})
			},
			path:  alicePath + "/messages/" + sentMsgSeg,
			query: vals("text", "See you on Friday https://wawp.net", "linkPreview", "true"),
		},
		{
			endpoint: "POST /chats/{chatId}/messages/{messageId}/pin",
			fixture:  "chats/pin_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.PinMessage(ctx, aliceChat, sentMsg, Pin7Days)
			},
			path:  alicePath + "/messages/" + sentMsgSeg + "/pin",
			query: vals("duration", "604800"),
		},
		{
			endpoint: "POST /chats/{chatId}/messages/{messageId}/unpin",
			fixture:  "chats/unpin_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.UnpinMessage(ctx, aliceChat, sentMsg)
			},
			path: alicePath + "/messages/" + sentMsgSeg + "/unpin",
		},
		{
			endpoint: "POST /chats/{chatId}/archive",
			fixture:  "chats/synthetic_archive.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Chats.Archive(ctx, aliceChat) },
			path:     alicePath + "/archive",
		},
		{
			endpoint: "POST /chats/{chatId}/unarchive",
			fixture:  "chats/synthetic_unarchive.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Chats.Unarchive(ctx, aliceChat) },
			path:     alicePath + "/unarchive",
		},
		{
			endpoint: "POST /chats/{chatId}/unread",
			fixture:  "chats/synthetic_mark_unread.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Chats.MarkUnread(ctx, aliceChat) },
			path:     alicePath + "/unread",
		},
	})
}

func TestChatsDefaults(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /chats",
			fixture:  "chats/list.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Chats.List(ctx, nil) },
			path:     "/chats",
		},
		{
			endpoint: "GET /chats/{chatId}/messages",
			fixture:  "chats/messages.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Chats.Messages(ctx, "447441429009", nil) },
			path:     "/chats/447441429009/messages",
			query:    vals("downloadMedia", "false"),
		},
		{
			endpoint: "GET /chats/{chatId}/picture",
			fixture:  "chats/picture_none.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Chats.Picture(ctx, aliceChat, nil) },
			path:     alicePath + "/picture",
			check:    func(t *testing.T, got any) { assert.Equal(t, "", got, "a null url is empty") },
		},
		{
			endpoint: "POST /chats/{chatId}/messages/read",
			fixture:  "chats/mark_read.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Chats.MarkRead(ctx, aliceChat, nil) },
			path:     alicePath + "/messages/read",
		},
		{
			endpoint: "POST /chats/{chatId}/messages/{messageId}/pin",
			fixture:  "chats/pin_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.PinMessage(ctx, aliceChat, sentMsg, Pin24Hours)
			},
			path:  alicePath + "/messages/" + sentMsgSeg + "/pin",
			query: vals("duration", "86400"),
		},
		{
			endpoint: "POST /chats/{chatId}/messages/{messageId}/pin",
			fixture:  "chats/pin_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.PinMessage(ctx, aliceChat, sentMsg, 30*24*time.Hour)
			},
			path:  alicePath + "/messages/" + sentMsgSeg + "/pin",
			query: vals("duration", "2592000"),
		},
		{
			endpoint: "GET /chats/{chatId}/messages",
			fixture:  "chats/messages.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				fromMe, ack := true, AckError
				return c.Chats.Messages(ctx, aliceChat, &ChatMessagesParams{FromMe: &fromMe, Ack: &ack, Until: time.Unix(1710489999, 0)})
			},
			path:  alicePath + "/messages",
			query: vals("downloadMedia", "false", "filter.fromMe", "true", "filter.ack", "ERROR", "filter.timestamp.lte", "1710489999"),
		},
	})
}

// TestChatsRepeatableCallsRetry checks that the POST reads and state changes
// are retried after an ambiguous failure, unlike message sends.
func TestChatsRepeatableCallsRetry(t *testing.T) {
	t.Parallel()
	calls := map[string]func(ctx context.Context, c *Client) error{
		"List": func(ctx context.Context, c *Client) error { _, err := c.Chats.List(ctx, nil); return err },
		"OverviewByIDs": func(ctx context.Context, c *Client) error {
			_, err := c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{IDs: []ChatID{aliceChat}})
			return err
		},
		"Message": func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Message(ctx, aliceChat, sentMsg, nil)
			return err
		},
		"MarkRead": func(ctx context.Context, c *Client) error {
			_, err := c.Chats.MarkRead(ctx, aliceChat, nil)
			return err
		},
		"PinMessage": func(ctx context.Context, c *Client) error {
			return c.Chats.PinMessage(ctx, aliceChat, sentMsg, Pin24Hours)
		},
		"UnpinMessage": func(ctx context.Context, c *Client) error { return c.Chats.UnpinMessage(ctx, aliceChat, sentMsg) },
		"Archive":      func(ctx context.Context, c *Client) error { return c.Chats.Archive(ctx, aliceChat) },
		"Unarchive":    func(ctx context.Context, c *Client) error { return c.Chats.Unarchive(ctx, aliceChat) },
		"MarkUnread":   func(ctx context.Context, c *Client) error { return c.Chats.MarkUnread(ctx, aliceChat) },
		"DeleteMessage": func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, aliceChat, sentMsg)
		},
		"EditMessage": func(ctx context.Context, c *Client) error {
			return c.Chats.EditMessage(ctx, aliceChat, sentMsg, ChatEditMessageParams{Text: "x"})
		},
		"Delete":        func(ctx context.Context, c *Client) error { return c.Chats.Delete(ctx, aliceChat) },
		"ClearMessages": func(ctx context.Context, c *Client) error { return c.Chats.ClearMessages(ctx, aliceChat) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusBadGateway, `<html><title>Bad gateway</title></html>`)
			err := call(context.Background(), c)
			require.ErrorIs(t, err, ErrUpstream)
			assert.Equal(t, 3, ts.count(), "a repeatable call uses every attempt")
		})
	}
}

func TestChatsValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"List negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, &ChatListParams{Limit: -1})
			return err
		}},
		{"List negative offset", "offset", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.List(ctx, &ChatListParams{Offset: -5})
			return err
		}},
		{"Overview negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Overview(ctx, &ChatOverviewParams{Limit: -1})
			return err
		}},
		{"Overview empty id", "ids[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Overview(ctx, &ChatOverviewParams{IDs: []ChatID{aliceChat, " "}})
			return err
		}},
		{"OverviewByIDs no ids", "filter.ids", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{Limit: 5})
			return err
		}},
		{"OverviewByIDs empty id", "filter.ids[0]", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{IDs: []ChatID{""}})
			return err
		}},
		{"OverviewByIDs negative offset", "offset", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{Offset: -1, IDs: []ChatID{aliceChat}})
			return err
		}},
		{"Messages chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Messages(ctx, "", nil)
			return err
		}},
		{"Messages negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Messages(ctx, aliceChat, &ChatMessagesParams{Limit: -10})
			return err
		}},
		{"Messages reversed range", "filter.timestamp.lte", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Messages(ctx, aliceChat, &ChatMessagesParams{Since: time.Unix(200, 0), Until: time.Unix(100, 0)})
			return err
		}},
		{"Messages unknown ack", "filter.ack", func(ctx context.Context, c *Client) error {
			ack := Ack(9)
			_, err := c.Chats.Messages(ctx, aliceChat, &ChatMessagesParams{Ack: &ack})
			return err
		}},
		{"Message chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Message(ctx, " ", sentMsg, nil)
			return err
		}},
		{"Message id", "messageId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Message(ctx, aliceChat, "", &ChatMessageParams{DownloadMedia: true})
			return err
		}},
		{"DeleteMessage chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, "", sentMsg)
		}},
		{"DeleteMessage id", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, aliceChat, "")
		}},
		{"EditMessage chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Chats.EditMessage(ctx, "", sentMsg, ChatEditMessageParams{Text: "x"})
		}},
		{"EditMessage id", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.EditMessage(ctx, aliceChat, " ", ChatEditMessageParams{Text: "x"})
		}},
		{"EditMessage text", "text", func(ctx context.Context, c *Client) error {
			return c.Chats.EditMessage(ctx, aliceChat, sentMsg, ChatEditMessageParams{Text: "  ", LinkPreview: Ptr(true)})
		}},
		{"PinMessage chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Chats.PinMessage(ctx, "", sentMsg, Pin24Hours)
		}},
		{"PinMessage id", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.PinMessage(ctx, aliceChat, "", Pin24Hours)
		}},
		{"PinMessage zero duration", "duration", func(ctx context.Context, c *Client) error {
			return c.Chats.PinMessage(ctx, aliceChat, sentMsg, 0)
		}},
		{"PinMessage seconds mistaken for duration", "duration", func(ctx context.Context, c *Client) error {
			return c.Chats.PinMessage(ctx, aliceChat, sentMsg, 86400)
		}},
		{"PinMessage 48h", "duration", func(ctx context.Context, c *Client) error {
			return c.Chats.PinMessage(ctx, aliceChat, sentMsg, 48*time.Hour)
		}},
		{"UnpinMessage chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Chats.UnpinMessage(ctx, "", sentMsg)
		}},
		{"UnpinMessage id", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.UnpinMessage(ctx, aliceChat, "")
		}},
		{"MarkRead chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.MarkRead(ctx, "", nil)
			return err
		}},
		{"MarkRead messages", "messages", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.MarkRead(ctx, aliceChat, &ChatMarkReadParams{Messages: -1})
			return err
		}},
		{"MarkRead days", "days", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.MarkRead(ctx, aliceChat, &ChatMarkReadParams{Days: -1})
			return err
		}},
		{"Archive", "chatId", func(ctx context.Context, c *Client) error { return c.Chats.Archive(ctx, "") }},
		{"Unarchive", "chatId", func(ctx context.Context, c *Client) error { return c.Chats.Unarchive(ctx, "") }},
		{"MarkUnread", "chatId", func(ctx context.Context, c *Client) error { return c.Chats.MarkUnread(ctx, "") }},
		{"Delete", "chatId", func(ctx context.Context, c *Client) error { return c.Chats.Delete(ctx, "") }},
		{"ClearMessages", "chatId", func(ctx context.Context, c *Client) error { return c.Chats.ClearMessages(ctx, "") }},
		{"Picture", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Picture(ctx, "", &ChatPictureParams{Refresh: true})
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

// noRouteResponder answers like WordPress when a route has no handler for
// the method.
func noRouteResponder(t *testing.T) httpmock.Responder {
	t.Helper()
	return httpmock.NewBytesResponder(http.StatusNotFound, fixture(t, "errors/no_route.json")).
		HeaderSet(http.Header{"Content-Type": {"application/json"}})
}

// queryOf returns the operation query of a request, credentials removed.
func queryOf(r *http.Request) url.Values {
	q := r.URL.Query()
	q.Del("instance_id")
	q.Del("access_token")
	return q
}

// recordQueries wraps a responder, appending the query of every request to
// *into.
func recordQueries(into *[]url.Values, next httpmock.Responder) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		*into = append(*into, queryOf(r))
		return next(r)
	}
}

func TestChatsListFallsBackToGET(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"chats", noRouteResponder(t))
	var got []url.Values
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"chats", recordQueries(&got, fixtureResponder(t, "chats/list.json")))
	chats, err := c.Chats.List(context.Background(), &ChatListParams{Limit: 5})
	require.NoError(t, err)
	require.Len(t, chats, 3)
	assert.Equal(t, aliceChat, chats[0].ID)
	info := mock.GetCallCountInfo()
	assert.Equal(t, 1, info["POST "+mockBaseURL+"chats"])
	assert.Equal(t, 1, info["GET "+mockBaseURL+"chats"])
	assert.Equal(t, []url.Values{vals("limit", "5")}, got, "the fallback keeps the parameters")
}

func TestChatsMessageFallsBackToGET(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	path := mockBaseURL + "chats/447441429009%40c.us/messages/" + sentMsgSeg
	mock.RegisterResponder(http.MethodPost, path, noRouteResponder(t))
	var got []url.Values
	mock.RegisterResponder(http.MethodGet, path, recordQueries(&got, fixtureResponder(t, "chats/message.json")))
	m, err := c.Chats.Message(context.Background(), aliceChat, sentMsg, &ChatMessageParams{DownloadMedia: true})
	require.NoError(t, err)
	assert.Equal(t, sentMsg, m.ID)
	assert.Equal(t, "See you tomorrow", m.Body)
	info := mock.GetCallCountInfo()
	assert.Equal(t, 1, info["POST "+path])
	assert.Equal(t, 1, info["GET "+path])
	assert.Equal(t, []url.Values{vals("downloadMedia", "true")}, got)
}

func TestChatsFallbackOnlyOnce(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusNotFound, string(fixture(t, "errors/no_route.json")))
	_, err := c.Chats.List(context.Background(), nil)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 2, ts.count(), "POST once, then GET once")
}

func TestChatDecodesMinimalElements(t *testing.T) {
	t.Parallel()
	var chats []Chat
	require.NoError(t, json.Unmarshal([]byte(`[{"id":"1@c.us","lastMessage":{"id":{"weird":true},"body":7}},null]`), &chats))
	require.Len(t, chats, 2)
	assert.Equal(t, ChatID("1@c.us"), chats[0].ID)
	assert.Nil(t, chats[0].LastMessage, "a last message that does not fit Message is left to Raw")
	assert.Nil(t, chats[0].UnreadCount)
	assert.Equal(t, Chat{}, chats[1], "null is left as the zero Chat")

	var c Chat
	require.Error(t, json.Unmarshal([]byte(`"not an object"`), &c))
}

// iterCase describes one paging iterator for the shared iterator tests.
type iterCase struct {
	name string
	// method and path are where every page request goes, path escaped.
	method string
	path   string
	// item renders element i of the server's list as JSON; key is the value
	// the test expects the iterator to yield for it.
	item func(i int) string
	key  func(i int) string
	// extra is the query every page carries besides limit and offset.
	extra url.Values
	// start begins iterating with the given page size and offset; unchanged
	// asserts that the params it passed were not modified.
	start func(ctx context.Context, c *Client, limit, offset int) (seq iter.Seq2[string, error], unchanged func(t *testing.T))
}

// keysOf maps an iterator's elements to strings so cases of different types
// can share one table.
func keysOf[T any](seq iter.Seq2[T, error], key func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if !yield(key(v), err) {
				return
			}
		}
	}
}

// servePages answers each request with the slice [offset, offset+limit) of a
// list of total elements.
func servePages(ts *testServer, total int, item func(i int) string) {
	serveCappedPages(ts, total, 0, item)
}

// serveCappedPages is servePages on a server that answers at most pageCap
// items whatever limit is asked for (no cap when 0).
func serveCappedPages(ts *testServer, total, pageCap int, item func(i int) string) {
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		if pageCap > 0 {
			limit = min(limit, pageCap)
		}
		var parts []string
		for i := offset; i < offset+limit && i < total; i++ {
			parts = append(parts, item(i))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("[" + strings.Join(parts, ",") + "]"))
	})
}

// pageQuery is the exact query of one page request.
func pageQuery(extra url.Values, limit, offset int) url.Values {
	q := url.Values{}
	for k, v := range extra {
		q[k] = append([]string(nil), v...)
	}
	q.Set("limit", strconv.Itoa(limit))
	if offset != 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	return q
}

func runIterCases(t *testing.T, cases []iterCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name+"/three pages", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			servePages(ts, 8, tc.item)
			seq, unchanged := tc.start(context.Background(), c, 2, 3)
			var got []string
			for key, err := range seq {
				require.NoError(t, err)
				got = append(got, key)
			}
			assert.Equal(t, []string{tc.key(3), tc.key(4), tc.key(5), tc.key(6), tc.key(7)}, got)
			reqs := ts.requestsSeen()
			require.Len(t, reqs, 3, "two full pages and a short one")
			for i, offset := range []int{3, 5, 7} {
				assert.Equal(t, tc.method, reqs[i].Method)
				assert.Equal(t, tc.path, reqs[i].Path)
				assert.Equal(t, pageQuery(tc.extra, 2, offset), reqs[i].Query, "page %d", i)
			}
			unchanged(t)
		})
		t.Run(tc.name+"/default page size", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			servePages(ts, 3, tc.item)
			seq, unchanged := tc.start(context.Background(), c, 0, 0)
			var got []string
			for key, err := range seq {
				require.NoError(t, err)
				got = append(got, key)
			}
			assert.Equal(t, []string{tc.key(0), tc.key(1), tc.key(2)}, got)
			reqs := ts.requestsSeen()
			require.Len(t, reqs, 2, "a short first page may be the server's cap: one more request tells")
			assert.Equal(t, pageQuery(tc.extra, 100, 0), reqs[0].Query)
			assert.Equal(t, pageQuery(tc.extra, 3, 3), reqs[1].Query)
			unchanged(t)
		})
		t.Run(tc.name+"/server caps the page size", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCappedPages(ts, 5, 2, tc.item)
			seq, _ := tc.start(context.Background(), c, 0, 0)
			var got []string
			for key, err := range seq {
				require.NoError(t, err)
				got = append(got, key)
			}
			assert.Equal(t, []string{tc.key(0), tc.key(1), tc.key(2), tc.key(3), tc.key(4)}, got, "every item, not the first page only")
			reqs := ts.requestsSeen()
			require.Len(t, reqs, 3, "the cap is learned from the first page; a page below it ends the listing")
			for i, want := range []url.Values{pageQuery(tc.extra, 100, 0), pageQuery(tc.extra, 2, 2), pageQuery(tc.extra, 2, 4)} {
				assert.Equal(t, want, reqs[i].Query, "page %d", i)
			}
		})
		t.Run(tc.name+"/break", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			servePages(ts, 8, tc.item)
			seq, unchanged := tc.start(context.Background(), c, 2, 0)
			var got []string
			for key, err := range seq {
				require.NoError(t, err)
				got = append(got, key)
				break
			}
			assert.Equal(t, []string{tc.key(0)}, got)
			assert.Equal(t, 1, ts.count(), "no page is fetched after the loop breaks")
			unchanged(t)
		})
		t.Run(tc.name+"/cancelled before", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			servePages(ts, 8, tc.item)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			seq, _ := tc.start(ctx, c, 2, 0)
			var errs []error
			for key, err := range seq {
				assert.Empty(t, key)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], context.Canceled)
			assert.Equal(t, 0, ts.count())
		})
		t.Run(tc.name+"/cancelled between pages", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			servePages(ts, 8, tc.item)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seq, unchanged := tc.start(ctx, c, 2, 0)
			var got []string
			var lastErr error
			for key, err := range seq {
				if err != nil {
					lastErr = err
					continue
				}
				got = append(got, key)
				if len(got) == 2 {
					cancel()
				}
			}
			assert.Equal(t, []string{tc.key(0), tc.key(1)}, got)
			assert.True(t, errors.Is(lastErr, context.Canceled), "got %v", lastErr)
			assert.Equal(t, 1, ts.count(), "no request after the context ended")
			unchanged(t)
		})
	}
}

func TestChatsIterators(t *testing.T) {
	t.Parallel()
	chatID := func(i int) string { return fmt.Sprintf("4474414290%02d@c.us", i) }
	msgID := func(i int) string { return fmt.Sprintf("false_447441429009@c.us_3EB0%04d", i) }
	runIterCases(t, []iterCase{
		{
			name:   "Chats.ListIter",
			method: http.MethodPost,
			path:   "/chats",
			item: func(i int) string {
				return fmt.Sprintf(`{"id":%q,"conversationTimestamp":%d}`, chatID(i), 1710480000+i)
			},
			key:   chatID,
			extra: vals("sortBy", "name", "sortOrder", "ASC"),
			start: func(ctx context.Context, c *Client, limit, offset int) (iter.Seq2[string, error], func(*testing.T)) {
				params := &ChatListParams{SortBy: ChatSortByName, SortOrder: SortAsc, Limit: limit, Offset: offset}
				want := *params
				seq := keysOf(c.Chats.ListIter(ctx, params), func(ch Chat) string { return string(ch.ID) })
				return seq, func(t *testing.T) { assert.Equal(t, want, *params, "params must not change") }
			},
		},
		{
			name:   "Chats.MessagesIter",
			method: http.MethodGet,
			path:   alicePath + "/messages",
			item: func(i int) string {
				return fmt.Sprintf(`{"id":%q,"timestamp":%d,"from":"447441429009@c.us","fromMe":false,"to":"447441429000@c.us","body":"m%d","hasMedia":false,"ack":3}`, msgID(i), 1710480000+i, i)
			},
			key:   msgID,
			extra: vals("downloadMedia", "true", "filter.fromMe", "false", "filter.timestamp.gte", "1710400000"),
			start: func(ctx context.Context, c *Client, limit, offset int) (iter.Seq2[string, error], func(*testing.T)) {
				fromMe := false
				params := &ChatMessagesParams{Limit: limit, Offset: offset, DownloadMedia: true, FromMe: &fromMe, Since: time.Unix(1710400000, 0)}
				want := *params
				seq := keysOf(c.Chats.MessagesIter(ctx, aliceChat, params), func(m Message) string { return string(m.ID) })
				return seq, func(t *testing.T) {
					assert.Equal(t, want, *params, "params must not change")
					assert.False(t, fromMe)
				}
			},
		},
	})
}

func TestChatsIteratorsAcceptNilParams(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	servePages(ts, 1, func(int) string { return `{"id":"1@c.us"}` })
	var n int
	for _, err := range c.Chats.ListIter(context.Background(), nil) {
		require.NoError(t, err)
		n++
	}
	for _, err := range c.Chats.MessagesIter(context.Background(), aliceChat, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	reqs := ts.requestsSeen()
	require.Len(t, reqs, 4, "each listing asks once more after its short first page")
	assert.Equal(t, vals("limit", "100"), reqs[0].Query)
	assert.Equal(t, vals("limit", "1", "offset", "1"), reqs[1].Query)
	assert.Equal(t, vals("limit", "100", "downloadMedia", "false"), reqs[2].Query)
}

func TestChatsIteratorStopsOnError(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusUnauthorized, `{"code":"invalid_access_token","message":"Invalid access token","data":{"status":401}}`)
	var errs []error
	for _, err := range c.Chats.MessagesIter(context.Background(), aliceChat, &ChatMessagesParams{Limit: 2}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
	assert.Equal(t, 1, ts.count())

	// A validation error ends the iteration before any request.
	errs = errs[:0]
	for _, err := range c.Chats.MessagesIter(context.Background(), "", nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	var ve *ValidationError
	require.ErrorAs(t, errs[0], &ve)
	assert.Equal(t, "chatId", ve.Field)
	assert.Equal(t, 1, ts.count())
}

// wantMessage is what every engine's message must decode to.
type wantMessage struct {
	ID     MessageID
	From   ChatID
	Body   string
	FromMe bool
	Time   time.Time
}

func TestChatsMessagesEngineShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		engine, fixture string
		want            []wantMessage
	}{
		{"plain", "chats/messages_plain.json", []wantMessage{
			{"true_447441429009@c.us_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "447441429000@c.us", "Hi there!", true, time.Unix(1667561485, 0)},
			{"false_120363041234567890@g.us_AAAAAAAAAAAAAAAAAAAA_447441429010@c.us", "120363041234567890@g.us", "Standup in 5", false, time.Unix(1710481111, 853e6)},
		}},
		{"WEBJS", "chats/messages_webjs.json", []wantMessage{
			{"false_447441429009@c.us_3F351BFA105BA281C054", aliceChat, "Is the order ready?", false, time.Unix(1759108800, 0)},
			// Only the engine's message: a media body is the media, the caption is the text.
			{"true_447441429009@c.us_MSG_ID_123456", "447441429000@c.us", "Here's your requested image.", true, time.Unix(1759108866, 0)},
		}},
		{"GOWS", "chats/messages_gows.json", []wantMessage{
			{"false_447441429009@c.us_3EB0B430B6F8F1D0E053AC", aliceChat, "Hello", false, time.Unix(1710482100, 0)},
			// Only Info and Message: the ID is joined with the chat, the
			// sender's device suffix is dropped.
			{"true_447441429009@c.us_3EB0C767D26A1D6A5F3B", "447441429000@c.us", "See you at 10 https://wawp.net", true, time.Date(2024, 3, 15, 6, 0, 0, 0, time.UTC)},
		}},
		{"NOWEB", "chats/messages_noweb.json", []wantMessage{
			// A null body is read from the engine's image caption.
			{"false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA", aliceChat, "Here is the photo", false, time.Unix(1710482222, 0)},
			// The engine-native message: key, message and messageTimestamp.
			{"false_447441429009@c.us_BBBBBBBBBBBBBBBBBBBB", aliceChat, "Thanks!", false, time.Unix(1710482300, 0)},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.engine, func(t *testing.T) {
			t.Parallel()
			c, mock := newMockClient(t)
			mock.RegisterResponder(http.MethodGet, mockBaseURL+"chats/447441429009%40c.us/messages", fixtureResponder(t, tc.fixture))
			msgs, err := c.Chats.Messages(context.Background(), aliceChat, &ChatMessagesParams{Limit: 2})
			require.NoError(t, err)
			require.Len(t, msgs, len(tc.want))
			for i, want := range tc.want {
				got := wantMessage{msgs[i].ID, msgs[i].From, msgs[i].Body, msgs[i].FromMe, msgs[i].Timestamp.Time}
				want.Time = want.Time.UTC()
				assert.Equal(t, want, got, "message %d", i)
				_, err := msgs[i].ID.Parts()
				assert.NoError(t, err, "message %d: the ID is serialized", i)
			}
		})
	}
}

func TestChatsMessageReadsEngineShape(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	elems := fixtureElements(t, "chats/messages_webjs.json")
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"chats/447441429009%40c.us/messages/true_447441429009%40c.us_MSG_ID_123456",
		httpmock.NewBytesResponder(http.StatusOK, elems[1]))
	m, err := c.Chats.Message(context.Background(), aliceChat, "true_447441429009@c.us_MSG_ID_123456", nil)
	require.NoError(t, err)
	assert.Equal(t, MessageID("true_447441429009@c.us_MSG_ID_123456"), m.ID)
	assert.True(t, m.FromMe)
	assert.Equal(t, "Here's your requested image.", m.Body)
	assert.Equal(t, ChatID("447441429009@c.us"), m.To)
	assert.JSONEq(t, string(elems[1]), `{"_data":`+string(m.Data)+`}`, "the engine's message is kept")
}

func TestChatsMessageIDsRejectedLocally(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"DeleteMessage dot-dot", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, aliceChat, "..")
		}},
		{"DeleteMessage dot", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, aliceChat, ".")
		}},
		{"DeleteMessage space", "messageId", func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, aliceChat, "true_1@c.us_A B")
		}},
		{"DeleteMessage bad chat", "chatId", func(ctx context.Context, c *Client) error {
			return c.Chats.DeleteMessage(ctx, "..", sentMsg)
		}},
		{"Message dot-dot", "messageId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Message(ctx, aliceChat, "..", nil)
			return err
		}},
		{"EditMessage bad mention", "mentions[1]", func(ctx context.Context, c *Client) error {
			return c.Chats.EditMessage(ctx, aliceChat, sentMsg, ChatEditMessageParams{Text: "hi", Mentions: []ChatID{aliceChat, "alice"}})
		}},
		{"Overview malformed id", "ids[0]", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Overview(ctx, &ChatOverviewParams{IDs: []ChatID{"x@g.us"}})
			return err
		}},
		{"OverviewByIDs malformed id", "filter.ids[1]", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{IDs: []ChatID{aliceChat, "1@unknown"}})
			return err
		}},
		{"Messages malformed chat", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Chats.Messages(ctx, "abc@c.us", nil)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mock := newMockClient(t)
			err := tc.call(context.Background(), c)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Zero(t, mock.GetTotalCallCount(), "nothing may be sent on invalid input")
		})
	}
}

func TestChatsOptionalParameters(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /chats",
			fixture:  "chats/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.List(ctx, &ChatListParams{SortBy: ChatSortByID, SortOrder: SortAsc, Merge: Ptr(false)})
			},
			path:  "/chats",
			query: vals("sortBy", "id", "sortOrder", "ASC", "merge", "false"),
		},
		{
			endpoint: "GET /chats/{chatId}/messages",
			fixture:  "chats/messages_plain.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.Messages(ctx, aliceChat, &ChatMessagesParams{
					Limit: 10, SortBy: ChatMessageSortByMessageTimestamp, SortOrder: SortDesc, Merge: Ptr(true),
				})
			},
			path:  alicePath + "/messages",
			query: vals("limit", "10", "downloadMedia", "false", "sortBy", "messageTimestamp", "sortOrder", "DESC", "merge", "true"),
		},
		{
			endpoint: "GET /chats/overview",
			fixture:  "chats/overview.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.Overview(ctx, &ChatOverviewParams{Merge: Ptr(false)})
			},
			path:  "/chats/overview",
			query: vals("merge", "false"),
		},
		{
			endpoint: "GET /chats/overview",
			fixture:  "chats/overview.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Chats.Overview(ctx, nil) },
			path:     "/chats/overview",
		},
		{
			endpoint: "POST /chats/overview",
			fixture:  "chats/overview_by_ids.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.OverviewByIDs(ctx, ChatOverviewByIDsParams{IDs: []ChatID{aliceChat, "447441429010"}, Offset: 20, Merge: Ptr(false)})
			},
			path: "/chats/overview",
			body: `{"pagination":{"offset":20,"merge":false},"filter":{"ids":["447441429009@c.us","447441429010"]}}`,
		},
		{
			// Without LinkPreview the server's default (a preview) applies:
			// nothing but the text is sent.
			endpoint: "PUT /chats/{chatId}/messages/{messageId}",
			fixture:  "chats/synthetic_edit_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.EditMessage(ctx, aliceChat, sentMsg, ChatEditMessageParams{Text: "See you on Friday"})
			},
			path:  alicePath + "/messages/" + sentMsgSeg,
			query: vals("text", "See you on Friday"),
		},
		{
			endpoint: "PUT /chats/{chatId}/messages/{messageId}",
			fixture:  "chats/synthetic_edit_message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Chats.EditMessage(ctx, aliceChat, sentMsg, ChatEditMessageParams{
					Text:                   "@447441429010 see https://wawp.net",
					LinkPreview:            Ptr(false),
					LinkPreviewHighQuality: Ptr(true),
					Mentions:               []ChatID{"447441429010@c.us"},
				})
			},
			path: alicePath + "/messages/" + sentMsgSeg,
			query: vals("text", "@447441429010 see https://wawp.net", "linkPreview", "false",
				"linkPreviewHighQuality", "true", "mentions[]", "447441429010@c.us"),
		},
		{
			endpoint: "POST /chats/{chatId}/messages/{messageId}",
			fixture:  "chats/message.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Chats.Message(ctx, aliceChat, sentMsg, &ChatMessageParams{DownloadMedia: true})
			},
			path:  alicePath + "/messages/" + sentMsgSeg,
			query: vals("downloadMedia", "true"),
		},
	})
}

func TestChatEnumsAreOpen(t *testing.T) {
	t.Parallel()
	for _, o := range []SortOrder{SortAsc, SortDesc, "asc", "desc"} {
		assert.True(t, o.IsKnown(), "%s", o)
	}
	assert.False(t, SortOrder("random").IsKnown())
	assert.Equal(t, "DESC", SortDesc.String())
	for _, f := range []ChatSortField{ChatSortByConversationTimestamp, ChatSortByID, ChatSortByName} {
		assert.True(t, f.IsKnown(), "%s", f)
	}
	assert.False(t, ChatSortField("unread").IsKnown())
	assert.Equal(t, "conversationTimestamp", ChatSortByConversationTimestamp.String())
	assert.True(t, ChatMessageSortByTimestamp.IsKnown())
	assert.True(t, ChatMessageSortByMessageTimestamp.IsKnown())
	assert.False(t, ChatMessageSortField("ack").IsKnown())
	assert.Equal(t, "messageTimestamp", ChatMessageSortByMessageTimestamp.String())
}
