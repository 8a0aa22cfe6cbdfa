package wawptest_test

import (
	"context"
	"net/http"
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
	require.NoError(t, srv.SetWebhook(bot.URL, secret))

	ctx := context.Background()
	client := srv.Client()
	sent, err := client.Messages.SendText(ctx, "447441429009", wawp.SendTextParams{Text: "ping"})
	require.NoError(t, err)
	_, err = srv.AdvanceAck(sent.ID)
	require.NoError(t, err)
	_, err = srv.Receive("447441429009@c.us", "pong")
	require.NoError(t, err)
	_, err = client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "Lead", Color: wawp.Ptr(0)})
	require.NoError(t, err)
	_, err = client.Groups.Create(ctx, wawp.GroupCreateParams{Subject: "Project Alpha", Participants: []wawp.ChatID{"447441429009"}})
	require.NoError(t, err)
	require.NoError(t, srv.WaitIdle(ctx))

	for _, d := range srv.Deliveries() {
		// A loaded machine may drop a connection (status 0, retried); an
		// answer other than 200 would be the handler rejecting the event.
		if d.Err == nil {
			assert.Equal(t, 200, d.Status, "%s %s attempt %d was rejected by the SDK handler", d.Event, d.ID, d.Attempt)
		}
	}
	events, texts, acks := got.snapshot()
	assert.Contains(t, events, "message")
	assert.Contains(t, events, "message.any")
	assert.Contains(t, texts, "pong")
	assert.Contains(t, texts, "Lead")
	assert.Contains(t, texts, "Project Alpha")
	assert.Equal(t, []wawp.Ack{wawp.AckServer, wawp.AckDevice}, acks)

	assert.Empty(t, srv.DeliveryErrors())
}

// A receiver with another secret rejects every delivery with 401, which is
// not retried; WaitIdle reports each rejected event once.
func TestSDKHandlerWithWrongSecretIsReported(t *testing.T) {
	t.Parallel()
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	wrongHandler, err := wawp.NewWebhookHandler("another-secret")
	require.NoError(t, err)
	wrong := httptest.NewServer(wrongHandler)
	defer wrong.Close()
	require.NoError(t, srv.SetWebhook(wrong.URL+"/hook?token=hunter2", "the-real-secret"))
	_, err = srv.Receive("447441429009@c.us", "again")
	require.NoError(t, err)
	ctx := context.Background()

	err = srv.WaitIdle(ctx)
	require.ErrorIs(t, err, wawptest.ErrDeliveryFailed)
	assert.NotContains(t, err.Error(), "hunter2", "the URL's query is left out")
	events := srv.Events()
	require.Len(t, events, 2)
	want := []wawptest.DeliveryError{
		{Event: "message", ID: events[0].ID, URL: wrong.URL + "/hook", Status: http.StatusUnauthorized, Attempts: 1},
		{Event: "message.any", ID: events[1].ID, URL: wrong.URL + "/hook", Status: http.StatusUnauthorized, Attempts: 1},
	}
	assert.Equal(t, want, srv.DeliveryErrors())
	var first *wawptest.DeliveryError
	require.ErrorAs(t, err, &first)
	assert.Equal(t, want[0], *first)
	assert.Equal(t, "wawptest: webhook message "+events[0].ID+" to "+wrong.URL+"/hook: status 401 after 1 attempt(s)", first.Error())

	require.NoError(t, srv.WaitIdle(ctx), "failures are reported once")
	assert.Len(t, srv.DeliveryErrors(), 2, "DeliveryErrors keeps them all")
}
