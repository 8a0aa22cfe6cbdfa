package wawp

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPresenceEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "POST /presence",
			fixture:  "presence/synthetic_set.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Presence.Set(ctx, PresenceSetParams{Presence: PresenceTyping, ChatID: "447441429009@c.us"})
			},
			path:  "/presence",
			query: vals("presence", "typing", "chatId", "447441429009@c.us"),
		},
		{
			endpoint: "GET /presence/{chatId}",
			fixture:  "presence/get.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Presence.Get(ctx, "120363025555555555@g.us")
			},
			path: "/presence/120363025555555555%40g.us",
			check: func(t *testing.T, got any) {
				p, ok := got.(*ChatPresences)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, ChatID("120363025555555555@g.us"), p.ID)
				require.Len(t, p.Presences, 2)
				assert.Equal(t, ChatID("11111111111@c.us"), p.Presences[0].Participant)
				assert.Equal(t, time.Unix(1686568773, 0).UTC(), p.Presences[0].LastSeen.Time)
				assert.Equal(t, PresenceOffline, p.Presences[0].LastKnownPresence)
				assert.Equal(t, ChatID("22222222222@c.us"), p.Presences[1].Participant)
				assert.True(t, p.Presences[1].LastSeen.IsZero(), "a hidden last seen is zero")
				assert.Equal(t, PresenceTyping, p.Presences[1].LastKnownPresence)
			},
		},
	})
}

func TestPresenceSetAccountWideNeedsNoChat(t *testing.T) {
	t.Parallel()
	for _, p := range []Presence{PresenceOnline, PresenceOffline} {
		c, ts := newTestClient(t)
		ts.replyFixture("presence/synthetic_set.json")
		require.NoError(t, c.Presence.Set(context.Background(), PresenceSetParams{Presence: p}))
		assert.Equal(t, vals("presence", string(p)), ts.last().Query)
	}
}

func TestPresenceSetPassesUnknownValues(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("presence/synthetic_set.json")
	require.NoError(t, c.Presence.Set(context.Background(), PresenceSetParams{Presence: "unavailable"}))
	assert.Equal(t, vals("presence", "unavailable"), ts.last().Query)
}

func TestPresenceValidation(t *testing.T) {
	t.Parallel()
	assertNoRequest(t, "presence", func(ctx context.Context, c *Client) error {
		return c.Presence.Set(ctx, PresenceSetParams{ChatID: "447441429009@c.us"})
	})
	for _, p := range []Presence{PresenceTyping, PresenceRecording, PresencePaused} {
		assertNoRequest(t, "chatId", func(ctx context.Context, c *Client) error {
			return c.Presence.Set(ctx, PresenceSetParams{Presence: p})
		})
	}
	assertNoRequest(t, "chatId", func(ctx context.Context, c *Client) error {
		_, err := c.Presence.Get(ctx, "")
		return err
	})
}
