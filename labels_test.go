package wawp

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intPtr(n int) *int { return &n }

func TestLabelsEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /labels",
			fixture:  "labels/list.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Labels.List(ctx) },
			path:     "/labels",
			check: func(t *testing.T, got any) {
				assert.Equal(t, []Label{
					{ID: "1", Name: "New customer", Color: 1, ColorHex: "#64c4ff"},
					{ID: "7", Name: "Lead", Color: 0, ColorHex: "#ff9485"},
					{ID: "10", Name: "Paid", Color: 14, ColorHex: "#00a0f2"},
				}, got)
			},
		},
		{
			endpoint: "POST /labels",
			fixture:  "labels/create.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Labels.Create(ctx, LabelCreateParams{Name: "Lead", Color: intPtr(0)})
			},
			path: "/labels",
			body: `{"name":"Lead","color":0}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Label{ID: "11", Name: "Lead", Color: 0, ColorHex: "#ff9485"}, got)
			},
		},
		{
			endpoint: "PUT /labels/{labelId}",
			fixture:  "labels/update.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Labels.Update(ctx, "7", LabelCreateParams{Name: "Hot lead", ColorHex: "#F74848"})
			},
			path: "/labels/7",
			body: `{"name":"Hot lead","colorHex":"#f74848"}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Label{ID: "7", Name: "Hot lead", Color: 13, ColorHex: "#f74848"}, got)
			},
		},
		{
			endpoint: "DELETE /labels/{labelId}",
			fixture:  "labels/synthetic_delete.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Labels.Delete(ctx, "7") },
			path:     "/labels/7",
		},
		{
			endpoint: "GET /labels/chats/{chatId}",
			fixture:  "labels/chat_labels.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Labels.ChatLabels(ctx, "447441429009@c.us")
			},
			path: "/labels/chats/447441429009%40c.us",
			check: func(t *testing.T, got any) {
				assert.Equal(t, []Label{{ID: "7", Name: "Lead", Color: 0, ColorHex: "#ff9485"}}, got)
			},
		},
		{
			endpoint: "PUT /labels/chats/{chatId}",
			fixture:  "labels/synthetic_set_chat_labels.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Labels.SetChatLabels(ctx, "447441429009@c.us", LabelSetChatLabelsParams{LabelIDs: []string{"1", "7"}})
			},
			path: "/labels/chats/447441429009%40c.us",
			body: `{"labels":[{"id":"1"},{"id":"7"}]}`,
		},
		{
			endpoint: "GET /labels/{labelId}/chats",
			fixture:  "labels/chats.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Labels.Chats(ctx, "7") },
			path:     "/labels/7/chats",
			check: func(t *testing.T, got any) {
				chats, ok := got.([]LabeledChat)
				require.True(t, ok, "got %T", got)
				require.Len(t, chats, 2)
				elements := fixtureElements(t, "labels/chats.json")
				assert.Equal(t, LabeledChat{ID: "447441429009@c.us", Name: "Alice", Raw: elements[0]}, chats[0])
				assert.Equal(t, LabeledChat{ID: "120363041234567890@g.us", Name: "Project Alpha", Raw: elements[1]}, chats[1])
			},
		},
	})
}

func TestLabelsCreateWithHexColour(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("labels/create_hex.json")
	label, err := c.Labels.Create(context.Background(), LabelCreateParams{Name: "VIP", ColorHex: " #00A0F2 "})
	require.NoError(t, err)
	assert.Equal(t, &Label{ID: "12", Name: "VIP", Color: 14, ColorHex: "#00a0f2"}, label)
	assert.JSONEq(t, `{"name":"VIP","colorHex":"#00a0f2"}`, string(ts.last().Body))
}

func TestLabelsPaletteEnds(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	for color, body := range map[int]string{0: `{"name":"Edge","color":0}`, 19: `{"name":"Edge","color":19}`} {
		_, err := c.Labels.Update(context.Background(), "7", LabelCreateParams{Name: "Edge", Color: intPtr(color)})
		require.NoError(t, err)
		assert.Equal(t, body, string(ts.last().Body), "0 must be sent, not omitted")
	}
}

func TestLabelsSetChatLabelsEmptyClears(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("labels/synthetic_set_chat_labels.json")
	require.NoError(t, c.Labels.SetChatLabels(context.Background(), "447441429009@c.us", LabelSetChatLabelsParams{}))
	assert.Equal(t, `{"labels":[]}`, string(ts.last().Body))
	assert.Equal(t, http.MethodPut, ts.last().Method)

	require.NoError(t, c.Labels.SetChatLabels(context.Background(), "447441429009", LabelSetChatLabelsParams{LabelIDs: []string{}}))
	assert.Equal(t, `{"labels":[]}`, string(ts.last().Body))
	assert.Equal(t, "/labels/chats/447441429009", ts.last().Path, "bare phone numbers are accepted")
}

func TestLabeledChatsAsMap(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"447441429009@s.whatsapp.net":{"name":"Alice"},"120363041234567890@g.us":{"id":"120363041234567890@g.us","name":"Team"}}`)
	chats, err := c.Labels.Chats(context.Background(), "7")
	require.NoError(t, err)
	require.Len(t, chats, 2)
	assert.Equal(t, ChatID("447441429009@c.us"), chats[0].ID)
	assert.Equal(t, "Alice", chats[0].Name)
	assert.JSONEq(t, `{"name":"Alice"}`, string(chats[0].Raw))
	assert.Equal(t, ChatID("120363041234567890@g.us"), chats[1].ID)
	assert.Equal(t, "Team", chats[1].Name)
}

func TestLabelColors(t *testing.T) {
	t.Parallel()
	colors := LabelColors()
	require.Len(t, colors, MaxLabelColor-MinLabelColor+1)
	assert.Equal(t, "#ff9485", colors[0])
	assert.Equal(t, "#00a0f2", colors[14])
	assert.Equal(t, "#9368cf", colors[19])
	for i, hex := range colors {
		assert.True(t, isHexColor(hex), "colour %d: %q", i, hex)
	}
	// Every call returns a fresh slice: changing one cannot change another.
	colors[0] = "#000000"
	assert.Equal(t, "#ff9485", LabelColors()[0])
}

func TestLabelsValidation(t *testing.T) {
	t.Parallel()
	badParams := []struct {
		name, field string
		params      LabelCreateParams
	}{
		{"no name", "name", LabelCreateParams{Color: intPtr(1)}},
		{"blank name", "name", LabelCreateParams{Name: "  ", ColorHex: "#ff9485"}},
		{"no colour", "color", LabelCreateParams{Name: "Lead"}},
		{"blank hex", "color", LabelCreateParams{Name: "Lead", ColorHex: "  "}},
		{"both colours", "colorHex", LabelCreateParams{Name: "Lead", Color: intPtr(0), ColorHex: "#ff9485"}},
		{"negative index", "color", LabelCreateParams{Name: "Lead", Color: intPtr(-1)}},
		{"index too high", "color", LabelCreateParams{Name: "Lead", Color: intPtr(20)}},
		{"hex without hash", "colorHex", LabelCreateParams{Name: "Lead", ColorHex: "ff9485"}},
		{"short hex", "colorHex", LabelCreateParams{Name: "Lead", ColorHex: "#fff"}},
		{"long hex", "colorHex", LabelCreateParams{Name: "Lead", ColorHex: "#ff948500"}},
		{"not hex", "colorHex", LabelCreateParams{Name: "Lead", ColorHex: "#gg9485"}},
		{"colour name", "colorHex", LabelCreateParams{Name: "Lead", ColorHex: "red"}},
	}
	for _, tc := range badParams {
		t.Run("Create "+tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, func(ctx context.Context, c *Client) error {
				_, err := c.Labels.Create(ctx, tc.params)
				return err
			})
		})
		t.Run("Update "+tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, func(ctx context.Context, c *Client) error {
				_, err := c.Labels.Update(ctx, "7", tc.params)
				return err
			})
		})
	}

	others := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"Update without labelId", "labelId", func(ctx context.Context, c *Client) error {
			_, err := c.Labels.Update(ctx, "", LabelCreateParams{Name: "Lead", Color: intPtr(0)})
			return err
		}},
		{"Delete without labelId", "labelId", func(ctx context.Context, c *Client) error {
			return c.Labels.Delete(ctx, " ")
		}},
		{"Chats without labelId", "labelId", func(ctx context.Context, c *Client) error {
			_, err := c.Labels.Chats(ctx, "")
			return err
		}},
		{"ChatLabels without chatId", "chatId", func(ctx context.Context, c *Client) error {
			_, err := c.Labels.ChatLabels(ctx, "")
			return err
		}},
		{"SetChatLabels without chatId", "chatId", func(ctx context.Context, c *Client) error {
			return c.Labels.SetChatLabels(ctx, "", LabelSetChatLabelsParams{LabelIDs: []string{"1"}})
		}},
		{"SetChatLabels with an empty label ID", "labels[1].id", func(ctx context.Context, c *Client) error {
			return c.Labels.SetChatLabels(ctx, "447441429009@c.us", LabelSetChatLabelsParams{LabelIDs: []string{"1", " "}})
		}},
	}
	for _, tc := range others {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}

func TestLabelsCallClasses(t *testing.T) {
	t.Parallel()
	create := func(ctx context.Context, c *Client) error {
		_, err := c.Labels.Create(ctx, LabelCreateParams{Name: "Lead", Color: Ptr(0)})
		return err
	}
	update := func(ctx context.Context, c *Client) error {
		_, err := c.Labels.Update(ctx, "7", LabelCreateParams{Name: "Lead", Color: Ptr(0)})
		return err
	}
	cases := []struct {
		name     string
		call     func(ctx context.Context, c *Client) error
		attempts int
	}{
		{"Create is not repeated: a second label would be made", create, 1},
		{"Update repeats", update, 3},
		{"SetChatLabels repeats", func(ctx context.Context, c *Client) error {
			return c.Labels.SetChatLabels(ctx, aliceChat, LabelSetChatLabelsParams{LabelIDs: []string{"7"}})
		}, 3},
		{"Delete repeats", func(ctx context.Context, c *Client) error { return c.Labels.Delete(ctx, "7") }, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mock := newMockClient(t)
			mock.RegisterNoResponder(httpmock.NewStringResponder(http.StatusBadGateway, "<html>Bad gateway</html>"))
			require.ErrorIs(t, tc.call(context.Background(), c), ErrUpstream)
			assert.Equal(t, tc.attempts, mock.GetTotalCallCount())
		})
	}
}

func TestLabelsDotSegmentsRejected(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	err := c.Labels.Delete(context.Background(), "..")
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "labelId", ve.Field)
	_, err = c.Labels.Chats(context.Background(), ".")
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "labelId", ve.Field)
	assert.Zero(t, mock.GetTotalCallCount())
}
