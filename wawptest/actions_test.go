package wawptest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

func TestActionsRecordMessageChangesThroughTheSDK(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	client := srv.Client()
	ctx := context.Background()

	sent, err := client.Messages.SendText(ctx, "447441429009", wawp.SendTextParams{Text: "hello"})
	require.NoError(t, err)
	in := receive(t, srv, alice, "hi back")
	require.NoError(t, client.Messages.React(ctx, alice, in.ID, wawp.ReactParams{Reaction: "👍"}))
	require.NoError(t, client.Messages.React(ctx, alice, in.ID, wawp.ReactParams{Reaction: ""}))
	require.NoError(t, client.Chats.EditMessage(ctx, alice, sent.ID, wawp.ChatEditMessageParams{Text: "hello, edited"}))
	require.NoError(t, client.Messages.Star(ctx, alice, in.ID, wawp.StarParams{Star: true}))
	require.NoError(t, client.Messages.Star(ctx, alice, in.ID, wawp.StarParams{Star: false}))
	require.NoError(t, client.Chats.PinMessage(ctx, alice, sent.ID, 7*24*time.Hour))
	require.NoError(t, client.Chats.UnpinMessage(ctx, alice, sent.ID))
	require.NoError(t, client.Chats.DeleteMessage(ctx, alice, sent.ID))
	status, err := client.Status.SendText(ctx, wawp.StatusSendTextParams{Text: "away"})
	require.NoError(t, err)
	require.NoError(t, client.Status.Delete(ctx, status.ID, nil))

	// Calls that fail record nothing.
	err = client.Messages.React(ctx, alice, "false_447441429009@c.us_UNKNOWN", wawp.ReactParams{Reaction: "👍"})
	require.ErrorIs(t, err, wawp.ErrNotFound)
	require.NoError(t, srv.FailNext(1, 503, ""))
	err = srv.Client(wawp.WithRetry(wawp.RetryPolicy{MaxAttempts: 1})).Chats.DeleteMessage(ctx, alice, in.ID)
	require.Error(t, err)

	actions := srv.Actions()
	require.Len(t, actions, 11)
	statusMsg := actions[9].Message
	require.NotNil(t, statusMsg)
	assert.Equal(t, "away", statusMsg.Body)
	// The client keeps the raw answer of its send; the server's record of
	// the send has none.
	served := *sent
	served.Raw = nil
	want := []Action{
		{Kind: ActionSend, Instance: DefaultInstanceID, Chat: alice, MessageID: sent.ID, Message: &served},
		{Kind: ActionReact, Instance: DefaultInstanceID, Chat: alice, MessageID: in.ID, Reaction: "👍"},
		{Kind: ActionReact, Instance: DefaultInstanceID, Chat: alice, MessageID: in.ID, Reaction: ""},
		{Kind: ActionEdit, Instance: DefaultInstanceID, Chat: alice, MessageID: sent.ID, Text: "hello, edited"},
		{Kind: ActionStar, Instance: DefaultInstanceID, Chat: alice, MessageID: in.ID},
		{Kind: ActionUnstar, Instance: DefaultInstanceID, Chat: alice, MessageID: in.ID},
		{Kind: ActionPin, Instance: DefaultInstanceID, Chat: alice, MessageID: sent.ID, PinDuration: 7 * 24 * time.Hour},
		{Kind: ActionUnpin, Instance: DefaultInstanceID, Chat: alice, MessageID: sent.ID},
		{Kind: ActionDelete, Instance: DefaultInstanceID, Chat: alice, MessageID: sent.ID},
		{Kind: ActionSend, Instance: DefaultInstanceID, Chat: wawp.StatusBroadcast, MessageID: statusMsg.ID, Message: statusMsg},
		{Kind: ActionDelete, Instance: DefaultInstanceID, Chat: wawp.StatusBroadcast, MessageID: statusMsg.ID},
	}
	assert.Equal(t, want, actions)
	assert.Contains(t, string(statusMsg.ID), "status@broadcast")

	// Sent keeps the messages in their current state; the send action keeps
	// the message as answered.
	sentNow := srv.Sent()
	require.Len(t, sentNow, 2)
	assert.Equal(t, "hello, edited", sentNow[0].Body)
	assert.Equal(t, "hello", actions[0].Message.Body)

	actions[0].Message.Body = "changed"
	assert.Equal(t, "hello", srv.Actions()[0].Message.Body, "Actions returns copies")
}

func TestActionsCoverEveryInstance(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	ctx := context.Background()
	created, err := srv.AccountClient().Sessions.Create(ctx, "Second")
	require.NoError(t, err)
	id := created.Config.Metadata["instance_id"]
	require.NoError(t, srv.Instance(id).SetStatus(wawp.SessionWorking))

	_, err = srv.AccountClient().WithInstance(id).Messages.SendText(ctx, alice, wawp.SendTextParams{Text: "from the second"})
	require.NoError(t, err)
	_, err = srv.Client().Messages.SendText(ctx, alice, wawp.SendTextParams{Text: "from the default"})
	require.NoError(t, err)

	actions := srv.Actions()
	require.Len(t, actions, 2)
	assert.Equal(t, id, actions[0].Instance)
	assert.Equal(t, "from the second", actions[0].Message.Body)
	assert.Equal(t, DefaultInstanceID, actions[1].Instance)
}

func TestActionKind(t *testing.T) {
	t.Parallel()
	kinds := map[ActionKind]string{
		ActionSend: "send", ActionReact: "react", ActionEdit: "edit", ActionDelete: "delete",
		ActionStar: "star", ActionUnstar: "unstar", ActionPin: "pin", ActionUnpin: "unpin",
	}
	for kind, name := range kinds {
		assert.Equal(t, name, kind.String())
		assert.True(t, kind.IsKnown(), name)
	}
	assert.False(t, ActionKind("forward").IsKnown())
	assert.False(t, ActionKind("").IsKnown())
}
