package wawptest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

// createInstance makes a second instance through the API and returns its ID
// and a client for it.
func createInstance(t *testing.T, srv *Server) (string, *wawp.Client) {
	t.Helper()
	created, err := srv.AccountClient().Sessions.Create(context.Background(), "Second")
	require.NoError(t, err)
	id := created.Config.Metadata["instance_id"]
	return id, srv.AccountClient().WithInstance(id)
}

func TestInstanceHandleSeedsItsInstanceOnly(t *testing.T) {
	t.Parallel()
	srv := newServer(t) // without auto-login, so a start shows the QR code
	require.NoError(t, srv.SetStatus(wawp.SessionWorking))
	ctx := context.Background()
	id, c := createInstance(t, srv)
	h := srv.Instance(id)
	assert.Equal(t, id, h.ID())
	assert.Equal(t, wawp.SessionStopped, h.Status())

	_, err := c.Sessions.Start(ctx)
	require.NoError(t, err)
	assert.Equal(t, wawp.SessionScanQRCode, h.Status())
	require.NoError(t, h.ScanQR())
	assert.Equal(t, wawp.SessionWorking, h.Status())

	require.NoError(t, h.AddContact(Contact{ID: "+44 7441 429009", Name: "Alice"}))
	require.NoError(t, h.AddLID("123456789@lid", "447441429009"))
	group, err := h.AddGroup("Second's group", "447441429010")
	require.NoError(t, err)
	require.NoError(t, h.SetPresence(alice, alice, wawp.PresenceTyping))
	in, err := h.Receive("447441429009", "to the second")
	require.NoError(t, err)
	ack, err := h.AdvanceAck(in.ID)
	require.NoError(t, err)
	assert.Equal(t, wawp.AckRead, ack, "an incoming message goes from DEVICE to READ")
	require.NoError(t, h.SetAck(in.ID, wawp.AckPlayed))

	contacts, err := c.Contacts.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, contacts, 1)
	assert.Equal(t, "Alice", contacts[0].Name)
	lids, err := c.Contacts.LIDs(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []wawp.LIDMapping{{LID: "123456789@lid", Phone: alice}}, lids)
	groups, err := c.Groups.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, groups, 1)
	assert.Equal(t, group, groups[0].ID)
	presence, err := c.Presence.Get(ctx, alice)
	require.NoError(t, err)
	require.Len(t, presence.Presences, 1)
	assert.Equal(t, wawp.PresenceTyping, presence.Presences[0].LastKnownPresence)
	msgs, err := c.Chats.Messages(ctx, alice, nil)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, in.ID, msgs[0].ID)
	assert.Equal(t, wawp.AckPlayed, msgs[0].Ack)

	// The default instance saw none of it, and its methods do not reach
	// the other instance's messages.
	def := srv.Client()
	contacts, err = def.Contacts.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, contacts)
	groups, err = def.Groups.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, groups)
	chats, err := def.Chats.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, chats)
	_, err = srv.AdvanceAck(in.ID)
	assert.ErrorIs(t, err, ErrUnknownMessage)
	assert.ErrorIs(t, srv.SetAck(in.ID, wawp.AckRead), ErrUnknownMessage)

	// The server's methods are the default instance's handle.
	require.NoError(t, srv.Instance(DefaultInstanceID).SetStatus(wawp.SessionFailed))
	assert.Equal(t, wawp.SessionFailed, srv.Status())
	assert.Equal(t, wawp.SessionWorking, h.Status())
}

func TestInstanceHandleOfUnknownInstance(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	h := srv.Instance("000000000000")
	assert.Empty(t, h.Status())
	_, err := h.Receive(alice, "hi")
	assert.ErrorIs(t, err, ErrUnknownInstance)
	_, err = h.ReceiveMessage(wawp.Message{From: alice, Body: "hi"})
	assert.ErrorIs(t, err, ErrUnknownInstance)
	assert.ErrorIs(t, h.ScanQR(), ErrUnknownInstance)
	assert.ErrorIs(t, h.SetStatus(wawp.SessionWorking), ErrUnknownInstance)
	_, err = h.AdvanceAck("true_1@c.us_AAAA")
	assert.ErrorIs(t, err, ErrUnknownInstance)
	assert.ErrorIs(t, h.SetAck("true_1@c.us_AAAA", wawp.AckRead), ErrUnknownInstance)
	assert.ErrorIs(t, h.AddContact(Contact{ID: alice}), ErrUnknownInstance)
	assert.ErrorIs(t, h.AddLID("1@lid", alice), ErrUnknownInstance)
	_, err = h.AddGroup("G", alice)
	assert.ErrorIs(t, err, ErrUnknownInstance)
	assert.ErrorIs(t, h.SetPresence(alice, alice, wawp.PresenceOnline), ErrUnknownInstance)
	assert.Empty(t, srv.Events(), "nothing happened")

	// A handle follows its ID: it works once an instance has it and fails
	// again after the instance is deleted.
	id, c := createInstance(t, srv)
	later := srv.Instance(id)
	require.NoError(t, later.SetStatus(wawp.SessionWorking))
	_, err = c.Sessions.Delete(context.Background())
	require.NoError(t, err)
	_, err = later.Receive(alice, "hi")
	assert.ErrorIs(t, err, ErrUnknownInstance)
	assert.Empty(t, later.Status())
}

func TestDrivingMethodsRejectBadChatIDs(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	const bad wawp.ChatID = "not a chat"
	_, parseErr := wawp.ParseChatID(string(bad))
	require.Error(t, parseErr)
	h := srv.Instance(DefaultInstanceID)
	calls := map[string]func() error{
		"Receive":             func() error { _, err := srv.Receive(bad, "hi"); return err },
		"Instance.Receive":    func() error { _, err := h.Receive(bad, "hi"); return err },
		"ReceiveMessage From": func() error { _, err := srv.ReceiveMessage(wawp.Message{From: bad}); return err },
		"ReceiveMessage Participant": func() error {
			_, err := srv.ReceiveMessage(wawp.Message{From: "120363000000000001@g.us", Participant: bad})
			return err
		},
		"AddContact":              func() error { return srv.AddContact(Contact{ID: bad}) },
		"AddLID pn":               func() error { return srv.AddLID("1@lid", bad) },
		"AddGroup":                func() error { _, err := srv.AddGroup("G", alice, bad); return err },
		"SetPresence chat":        func() error { return srv.SetPresence(bad, alice, wawp.PresenceOnline) },
		"SetPresence participant": func() error { return srv.SetPresence(alice, bad, wawp.PresenceOnline) },
	}
	for name, call := range calls {
		err := call()
		var ve *wawp.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "chatId", ve.Field, name)
		assert.Contains(t, err.Error(), parseErr.Error(), "%s wraps the parser's error", name)
		assert.Regexp(t, `^wawptest: \w+: \w+: `, err.Error(), name)
	}
	assert.Empty(t, srv.Events(), "nothing happened")
}

func TestDrivingMethodsRejectBadValues(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	in := receive(t, srv, alice, "hi")
	events := len(srv.Events())
	calls := []struct {
		name, field string
		call        func() error
	}{
		{"SetStatus unknown", "status", func() error { return srv.SetStatus("SLEEPING") }},
		{"SetAck unknown", "ack", func() error { return srv.SetAck(in.ID, wawp.Ack(9)) }},
		{"ReceiveMessage group without sender", "Participant", func() error {
			_, err := srv.ReceiveMessage(wawp.Message{From: "120363000000000001@g.us", Body: "no sender"})
			return err
		}},
		{"AddContact group", "ID", func() error { return srv.AddContact(Contact{ID: "120363000000000001@g.us"}) }},
		{"AddContact bad LID", "LID", func() error { return srv.AddContact(Contact{ID: alice, LID: "123@c.us"}) }},
		{"AddLID not a LID", "lid", func() error { return srv.AddLID("123@c.us", alice) }},
		{"AddLID group", "pn", func() error { return srv.AddLID("1@lid", "120363000000000001@g.us") }},
		{"AddGroup blank subject", "subject", func() error { _, err := srv.AddGroup(" ", alice); return err }},
		{"AddGroup nobody", "participants", func() error { _, err := srv.AddGroup("G"); return err }},
		{"AddGroup channel member", "participants", func() error { _, err := srv.AddGroup("G", "123@newsletter"); return err }},
		{"SetPresence unknown", "p", func() error { return srv.SetPresence(alice, alice, "sleeping") }},
		{"AddChannel not a channel", "ID", func() error { return srv.AddChannel(Channel{ID: "123@c.us"}) }},
	}
	for _, tc := range calls {
		var ve *wawp.ValidationError
		require.ErrorAs(t, tc.call(), &ve, tc.name)
		assert.Equal(t, tc.field, ve.Field, tc.name)
	}
	assert.Len(t, srv.Events(), events, "nothing happened")
	assert.Equal(t, wawp.SessionWorking, srv.Status())
	assert.ErrorIs(t, srv.ScanQR(), ErrNotScanning)
}
