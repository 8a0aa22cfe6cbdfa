package wawptest_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// received collects what the SDK's webhook handler dispatched.
type received struct {
	mu     sync.Mutex
	events []string
	texts  []string
	acks   []wawp.Ack
}

func (r *received) add(event, text string, ack wawp.Ack) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event)
	if text != "" {
		r.texts = append(r.texts, text)
	}
	if ack != 0 {
		r.acks = append(r.acks, ack)
	}
}

func (r *received) snapshot() ([]string, []string, []wawp.Ack) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...), append([]string(nil), r.texts...), append([]wawp.Ack(nil), r.acks...)
}

// TestEventsVerifyWithTheSDKHandler sends, receives, labels and changes a
// group through the SDK, and checks that every event the fake server signs
// passes the SDK's own verifying handler and decodes to its typed payload.
func TestEventsVerifyWithTheSDKHandler(t *testing.T) {
	t.Parallel()
	const secret = "hook-secret-123"
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()

	var got received
	h, err := wawp.NewWebhookHandler(secret)
	require.NoError(t, err)
	h.OnMessage(func(_ context.Context, _ *wawp.Event, m *wawp.Message) error {
		got.add("message", m.Body, 0)
		return nil
	})
	h.OnMessageAny(func(_ context.Context, e *wawp.Event, m *wawp.Message) error {
		got.add("message.any", "", 0)
		return nil
	})
	h.OnAck(func(_ context.Context, _ *wawp.Event, a *wawp.AckEvent) error {
		got.add("message.ack", "", a.Ack)
		return nil
	})
	h.OnLabelUpsert(func(_ context.Context, _ *wawp.Event, l *wawp.Label) error {
		got.add("label.upsert", l.Name, 0)
		return nil
	})
	h.OnGroupJoin(func(_ context.Context, _ *wawp.Event, g *wawp.GroupJoinEvent) error {
		got.add("group.v2.join", g.Group.Subject, 0)
		return nil
	})
	bot := httptest.NewServer(h)
	defer bot.Close()
	srv.SetWebhook(bot.URL, secret)

	ctx := context.Background()
	client := srv.Client()
	sent, err := client.Messages.SendText(ctx, wawp.SendTextParams{ChatID: "447441429009", Message: "ping"})
	require.NoError(t, err)
	_, err = srv.AdvanceAck(sent.ID)
	require.NoError(t, err)
	srv.Receive("447441429009@c.us", "pong")
	_, err = client.Labels.Create(ctx, wawp.LabelParams{Name: "Lead", Color: wawp.Ptr(0)})
	require.NoError(t, err)
	_, err = client.Groups.Create(ctx, wawp.GroupCreateParams{Name: "Project Alpha", Participants: []wawp.ChatID{"447441429009"}})
	require.NoError(t, err)
	require.NoError(t, srv.WaitIdle(ctx))

	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.Status, "%s %s was rejected by the SDK handler", d.Event, d.ID)
	}
	events, texts, acks := got.snapshot()
	assert.Contains(t, events, "message")
	assert.Contains(t, events, "message.any")
	assert.Contains(t, texts, "pong")
	assert.Contains(t, texts, "Lead")
	assert.Contains(t, texts, "Project Alpha")
	assert.Equal(t, []wawp.Ack{wawp.AckServer, wawp.AckDevice}, acks)

	// A receiver with another secret rejects every delivery: 401, not retried.
	wrongHandler, err := wawp.NewWebhookHandler("another-secret")
	require.NoError(t, err)
	wrong := httptest.NewServer(wrongHandler)
	defer wrong.Close()
	srv.SetWebhook(wrong.URL, secret)
	srv.Receive("447441429009@c.us", "again")
	require.NoError(t, srv.WaitIdle(ctx))
	deliveries := srv.Deliveries()
	assert.Equal(t, 401, deliveries[len(deliveries)-1].Status)
}
