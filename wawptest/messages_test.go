package wawptest

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

const alice wawp.ChatID = "447441429009@c.us"

func TestSendValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	cases := []struct {
		name, path string
		query      url.Values
		body       string
		code       string
		param      string
	}{
		{"text without chatId", "/send", vals("message", "hi"), "", "rest_missing_callback_param", "chatId"},
		{"text without message", "/send", vals("chatId", "447441429009"), "", "rest_missing_callback_param", "message"},
		{"text to a bad chat ID", "/send", vals("chatId", "alice", "message", "hi"), "", "rest_invalid_param", "chatId"},
		{"reply to an unknown message", "/send", vals("chatId", "447441429009", "message", "hi", "reply_to", "true_1@c.us_X"), "", "rest_invalid_param", "reply_to"},
		{"image without file", "/sendImage", vals("chatId", "447441429009"), "", "rest_missing_callback_param", "file[url]"},
		{"image with a relative URL", "/sendImage", vals("chatId", "447441429009", "file[url]", "/cat.jpg"), "", "rest_invalid_param", "file[url]"},
		{"voice with a bad convert", "/sendVoice", vals("chatId", "447441429009", "file[url]", "https://x.test/a.ogg", "convert", "maybe"), "", "rest_invalid_param", "convert"},
		{"link preview without url", "/sendLinkPreview", vals("chatId", "447441429009"), "", "rest_missing_callback_param", "url"},
		{"location without longitude", "/sendLocation", vals("chatId", "447441429009", "latitude", "1"), "", "rest_missing_callback_param", "longitude"},
		{"location off the map", "/sendLocation", vals("chatId", "447441429009", "latitude", "91", "longitude", "0"), "", "rest_invalid_param", "latitude"},
		{"poll missing", "/sendPoll", nil, `{"chatId":"447441429009"}`, "rest_missing_callback_param", "poll"},
		{"poll in the query", "/sendPoll", vals("poll", `{"name":"Q","options":["a","b"]}`), `{"chatId":"447441429009"}`, "rest_missing_callback_param", "poll"},
		{"poll with one option", "/sendPoll", nil, `{"chatId":"447441429009","poll":{"name":"Q","options":["a"]}}`, "rest_invalid_param", "poll.options"},
		{"poll with duplicate options", "/sendPoll", nil, `{"chatId":"447441429009","poll":{"name":"Q","options":["a","a"]}}`, "rest_invalid_param", "poll.options"},
		{"poll without name", "/sendPoll", nil, `{"chatId":"447441429009","poll":{"options":["a","b"]}}`, "rest_invalid_param", "poll.name"},
		{"poll body not JSON", "/sendPoll", nil, `{"chatId":`, "rest_invalid_json", ""},
		{"vcard without contacts", "/sendContactVcard", nil, `{"chatId":"447441429009","contacts":[]}`, "rest_invalid_param", "contacts"},
		{"vcard with an incomplete contact", "/sendContactVcard", nil, `{"chatId":"447441429009","contacts":[{"fullName":"A"}]}`, "rest_invalid_param", "contacts"},
		{"seen of an unknown message", "/sendSeen", vals("chatId", "447441429009", "messageIds[]", "false_447441429009@c.us_X"), "", "rest_invalid_param", "messageIds"},
	}
	for _, tc := range cases {
		r := a.do(http.MethodPost, tc.path, tc.query, tc.body)
		assert.Equal(t, http.StatusBadRequest, r.Status, tc.name)
		e := r.wpError(t)
		assert.Equal(t, tc.code, e.Code, tc.name)
		assert.Contains(t, e.Message, tc.param, tc.name)
	}
	assert.Empty(t, srv.Sent(), "nothing invalid is sent")

	r := a.do(http.MethodPost, "/send", vals("message", "hi"), "")
	e := r.wpError(t)
	assert.Equal(t, "Missing parameter(s): chatId", e.Message)
	assert.JSONEq(t, `["chatId"]`, string(e.Data.Params))
}

func TestSendsNeedAWorkingSession(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := api(t, srv).do(http.MethodPost, "/send", vals("chatId", "447441429009", "message", "hi"), "")
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	e := r.wpError(t)
	assert.Equal(t, "wawp_upstream_error", e.Code)
	assert.Equal(t, "session status is STOPPED; this call needs WORKING", e.Message)
}

func TestEverySendIsStoredAndListed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	chat := "447441429009" // a bare number is accepted
	before := time.Now().Add(-time.Second)

	text := a.sendText(wawp.ChatID(chat), "hello")
	a.ok(http.MethodPost, "/sendImage", vals("chatId", chat, "file[url]", "https://cdn.example.com/cat.jpg", "caption", "a cat", "reply_to", string(text.ID)), "")
	a.ok(http.MethodPost, "/sendFile", vals("chatId", chat, "file[url]", "https://cdn.example.com/doc", "file[filename]", "report.pdf", "file[mimetype]", "application/pdf"), "")
	a.ok(http.MethodPost, "/sendVoice", vals("chatId", chat, "file[url]", "https://cdn.example.com/v.mp3", "convert", "true"), "")
	a.ok(http.MethodPost, "/sendVideo", vals("chatId", chat, "file[url]", "https://cdn.example.com/v.mp4", "asNote", "true"), "")
	a.ok(http.MethodPost, "/sendLinkPreview", vals("chatId", chat, "url", "https://wawp.net", "title", "Wawp"), "")
	a.ok(http.MethodPost, "/sendLocation", vals("chatId", chat, "latitude", "38.8937255", "longitude", "-77.0969763", "title", "Office"), "")
	a.ok(http.MethodPost, "/sendPoll", nil, `{"chatId":"`+chat+`","poll":{"name":"How are you?","options":["Good","Bad"],"multipleAnswers":true},"reply_to":null}`)
	a.ok(http.MethodPost, "/sendContactVcard", nil, `{"chatId":"`+chat+`","contacts":[{"fullName":"John Doe","organization":"ACME","phoneNumber":"+91 11111 11111"},{"vcard":"BEGIN:VCARD\nFN:Jane\nEND:VCARD"}]}`)

	sent := srv.Sent()
	require.Len(t, sent, 9)
	for _, m := range sent {
		parts, err := m.ID.Parts()
		require.NoError(t, err)
		assert.True(t, parts.FromMe)
		assert.Equal(t, alice, parts.Chat)
		assert.Regexp(t, `^[0-9A-F]{20}$`, parts.ID)
		assert.Equal(t, DefaultMeID, m.From)
		assert.Equal(t, alice, m.To)
		assert.True(t, m.FromMe)
		assert.Equal(t, wawp.MessageSourceAPI, m.Source)
		assert.Equal(t, wawp.AckServer, m.Ack)
		assert.Equal(t, "SERVER", m.AckName)
		assert.True(t, m.Timestamp.After(before))
		assert.Contains(t, string(m.Data), `"ID":"`+parts.ID+`"`)
	}
	assert.Equal(t, "hello", sent[0].Body)
	assert.Equal(t, "a cat", sent[1].Body)
	assert.Equal(t, &wawp.Media{URL: "https://cdn.example.com/cat.jpg", MIMEType: "image/jpeg", Filename: "cat.jpg"}, sent[1].Media)
	assert.Equal(t, "https://cdn.example.com/cat.jpg", sent[1].MediaURL)
	require.NotNil(t, sent[1].ReplyTo)
	assert.Equal(t, wawp.ReplyTo{ID: text.ID, Participant: DefaultMeID, Body: "hello"}, *sent[1].ReplyTo)
	assert.Equal(t, &wawp.Media{URL: "https://cdn.example.com/doc", MIMEType: "application/pdf", Filename: "report.pdf"}, sent[2].Media)
	assert.Equal(t, "audio/ogg; codecs=opus", sent[3].Media.MIMEType, "convert makes OGG/Opus")
	assert.Equal(t, "video/mp4", sent[4].Media.MIMEType)
	assert.Equal(t, "https://wawp.net", sent[5].Body)
	assert.Equal(t, &wawp.Location{Latitude: 38.8937255, Longitude: -77.0969763, Name: "Office"}, sent[6].Location)
	assert.Equal(t, "How are you?", sent[7].Body)
	assert.Contains(t, string(sent[7].Data), `"selectableOptionsCount":0`)
	assert.Equal(t, wawp.VCards{
		"BEGIN:VCARD\nVERSION:3.0\nFN:John Doe\nORG:ACME;\nTEL;type=CELL;type=VOICE;waid=911111111111:+91 11111 11111\nEND:VCARD",
		"BEGIN:VCARD\nFN:Jane\nEND:VCARD",
	}, sent[8].VCards)
	assert.Equal(t, "hello", text.Body)
	assert.Equal(t, sent[0].ID, text.ID, "the answer is the stored message")

	listed := a.messages(alice, vals("limit", "100"))
	require.Len(t, listed, len(sent))
	for i, m := range listed {
		assert.Equal(t, sent[len(sent)-1-i].ID, m.ID, "newest first")
		assert.Equal(t, sent[len(sent)-1-i].Body, m.Body)
	}
	assert.Len(t, a.messages(alice, nil), 10-1, "9 messages fit the default limit of 10")
	page := a.messages(alice, vals("limit", "2", "offset", "7"))
	require.Len(t, page, 2)
	assert.Equal(t, []wawp.MessageID{sent[1].ID, sent[0].ID}, []wawp.MessageID{page[0].ID, page[1].ID})
	noMedia := a.messages(alice, vals("limit", "100", "downloadMedia", "false"))
	assert.Nil(t, noMedia[len(noMedia)-2].Media)
	assert.True(t, noMedia[len(noMedia)-2].HasMedia)

	var one wawp.Message
	a.ok(http.MethodPost, "/chats/"+esc(string(alice))+"/messages/"+esc(string(sent[1].ID)), nil, "").decode(t, &one)
	assert.Equal(t, sent[1].ID, one.ID)
	assert.Equal(t, sent[1].Media, one.Media)
	var bare wawp.Message
	a.ok(http.MethodGet, "/chats/"+esc(string(alice))+"/messages/"+esc(string(sent[1].ID)), vals("downloadMedia", "false"), "").decode(t, &bare)
	assert.Equal(t, sent[1].ID, bare.ID)
	assert.Nil(t, bare.Media)
	r := a.do(http.MethodGet, "/chats/"+esc("447441429010@c.us")+"/messages/"+esc(string(sent[1].ID)), nil, "")
	assert.Equal(t, http.StatusNotFound, r.Status, "the message is in another chat")
}

func TestMessageFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	out := a.sendText(alice, "out")
	in := receive(t, srv, "+44 7441 429009", "in")
	require.NotEmpty(t, in.ID)
	require.NoError(t, srv.SetAck(out.ID, wawp.AckRead))

	ids := func(ms []wawp.Message) []wawp.MessageID {
		var out []wawp.MessageID
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	assert.Equal(t, []wawp.MessageID{in.ID}, ids(a.messages(alice, vals("filter.fromMe", "false"))))
	assert.Equal(t, []wawp.MessageID{out.ID}, ids(a.messages(alice, vals("filter.fromMe", "true"))))
	assert.Equal(t, []wawp.MessageID{out.ID}, ids(a.messages(alice, vals("filter.ack", "READ"))))
	assert.Equal(t, []wawp.MessageID{in.ID}, ids(a.messages(alice, vals("filter.ack", "DEVICE"))))
	from, to := strconv.FormatInt(out.Timestamp.Unix(), 10), strconv.FormatInt(in.Timestamp.Unix(), 10)
	assert.Len(t, a.messages(alice, vals("filter.timestamp.gte", from, "filter.timestamp.lte", to)), 2)
	assert.Empty(t, a.messages(alice, vals("filter.timestamp.gte", strconv.FormatInt(in.Timestamp.Unix()+1, 10))), "nothing after the last message")
	assert.Empty(t, a.messages(alice, vals("filter.timestamp.lte", strconv.FormatInt(out.Timestamp.Unix()-1, 10))))
	r := a.do(http.MethodGet, "/chats/"+esc(string(alice))+"/messages", vals("filter.ack", "SEEN"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)
}

func TestAcksProgress(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	m := a.sendText(alice, "hi")

	for _, want := range []wawp.Ack{wawp.AckDevice, wawp.AckRead, wawp.AckRead} {
		got, err := srv.AdvanceAck(m.ID)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	var stored wawp.Message
	a.ok(http.MethodGet, "/chats/"+esc(string(alice))+"/messages/"+esc(string(m.ID)), nil, "").decode(t, &stored)
	assert.Equal(t, wawp.AckRead, stored.Ack)
	assert.Equal(t, "READ", stored.AckName)
	assert.Equal(t, wawp.AckRead, srv.Sent()[0].Ack, "Sent shows the current state")

	var acks []wawp.Ack
	for _, e := range srv.Events() {
		if e.Name != "message.ack" {
			continue
		}
		var p struct {
			ID      wawp.MessageID `json:"id"`
			Ack     wawp.Ack       `json:"ack"`
			AckName string         `json:"ackName"`
			FromMe  bool           `json:"fromMe"`
			ChatID  wawp.ChatID    `json:"chatId"`
		}
		payloadOf(t, e, &p)
		assert.Equal(t, m.ID, p.ID)
		assert.Equal(t, p.Ack.String(), p.AckName)
		assert.True(t, p.FromMe)
		assert.Equal(t, alice, p.ChatID)
		acks = append(acks, p.Ack)
	}
	assert.Equal(t, []wawp.Ack{wawp.AckServer, wawp.AckDevice, wawp.AckRead}, acks, "no event when nothing changes")

	var voice wawp.Message
	a.ok(http.MethodPost, "/sendVoice", vals("chatId", string(alice), "file[url]", "https://x.test/a.ogg"), "").decode(t, &voice)
	for range 3 {
		_, err := srv.AdvanceAck(voice.ID)
		require.NoError(t, err)
	}
	got, err := srv.AdvanceAck(voice.ID)
	require.NoError(t, err)
	assert.Equal(t, wawp.AckPlayed, got, "voice notes can be played")

	require.NoError(t, srv.SetAck(m.ID, wawp.AckError))
	assert.Equal(t, wawp.AckError, srv.Sent()[0].Ack)
}

func TestIncomingMessages(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	in := receive(t, srv, "447441429009", "hello bot")
	assert.Regexp(t, `^false_447441429009@c\.us_[0-9A-F]{20}$`, in.ID)
	assert.Equal(t, alice, in.From)
	assert.Equal(t, DefaultMeID, in.To)
	assert.False(t, in.FromMe)
	assert.Equal(t, wawp.AckDevice, in.Ack)
	assert.Empty(t, srv.Sent(), "incoming messages are not sent ones")

	reply := a.ok(http.MethodPost, "/send", vals("chatId", string(alice), "message", "hi", "reply_to", string(in.ID)), "")
	var m wawp.Message
	reply.decode(t, &m)
	require.NotNil(t, m.ReplyTo)
	assert.Equal(t, wawp.ReplyTo{ID: in.ID, Participant: alice, Body: "hello bot"}, *m.ReplyTo)

	var chats []chatJSON
	a.ok(http.MethodPost, "/chats", nil, "").decode(t, &chats)
	require.Len(t, chats, 1)
	assert.Equal(t, 1, chats[0].UnreadCount)
	a.ok(http.MethodPost, "/sendSeen", vals("chatId", string(alice), "messageIds[]", string(in.ID)), "")
	a.ok(http.MethodGet, "/chats", nil, "").decode(t, &chats)
	assert.Equal(t, 0, chats[0].UnreadCount)

	group, err := srv.AddGroup("Team", "447441429010", "447441429011")
	require.NoError(t, err)
	gm, err := srv.ReceiveMessage(wawp.Message{From: group, Participant: "447441429011", Body: "hi all"})
	require.NoError(t, err)
	assert.Regexp(t, `^false_120363\d{12}@g\.us_[0-9A-F]{20}_447441429011@c\.us$`, gm.ID)
	assert.Equal(t, wawp.ChatID("447441429011@c.us"), gm.Participant)
	listed := a.messages(group, nil)
	require.Len(t, listed, 1)
	assert.Equal(t, gm.ID, listed[0].ID)
}

func TestReactionStarEditPinDelete(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	m := a.sendText(alice, "typo")
	msgPath := "/chats/" + esc(string(alice)) + "/messages/" + esc(string(m.ID))

	a.ok(http.MethodPut, "/reaction", vals("chatId", string(alice), "messageId", string(m.ID), "reaction", "👍"), "")
	var reaction struct {
		FromMe   bool `json:"fromMe"`
		Reaction struct {
			Text      string         `json:"text"`
			MessageID wawp.MessageID `json:"messageId"`
		} `json:"reaction"`
	}
	payloadOf(t, lastEvent(t, srv, "message.reaction"), &reaction)
	assert.True(t, reaction.FromMe)
	assert.Equal(t, "👍", reaction.Reaction.Text)
	assert.Equal(t, m.ID, reaction.Reaction.MessageID)
	a.ok(http.MethodPut, "/reaction", vals("chatId", string(alice), "messageId", string(m.ID), "reaction", ""), "")

	a.ok(http.MethodPut, "/star", vals("chatId", string(alice), "messageId", string(m.ID), "star", "true"), "")
	r := a.do(http.MethodPut, "/star", vals("chatId", string(alice), "messageId", string(m.ID)), "")
	assert.Equal(t, "rest_missing_callback_param", r.wpError(t).Code)

	a.ok(http.MethodPut, msgPath, vals("text", "fixed", "linkPreview", "false"), "")
	assert.Equal(t, "fixed", srv.Sent()[0].Body)
	var edited struct {
		Body            string `json:"body"`
		EditedMessageID string `json:"editedMessageId"`
	}
	payloadOf(t, lastEvent(t, srv, "message.edited"), &edited)
	parts, _ := m.ID.Parts()
	assert.Equal(t, "fixed", edited.Body)
	assert.Equal(t, parts.ID, edited.EditedMessageID)

	a.ok(http.MethodPost, msgPath+"/pin", vals("duration", "604800"), "")
	r = a.do(http.MethodPost, msgPath+"/pin", vals("duration", "60"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)
	a.ok(http.MethodPost, msgPath+"/unpin", nil, "")

	a.ok(http.MethodDelete, msgPath, nil, "")
	assert.Empty(t, a.messages(alice, nil))
	assert.Len(t, srv.Sent(), 1, "Sent keeps deleted messages")
	r = a.do(http.MethodDelete, msgPath, nil, "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "wawp_upstream_error", r.wpError(t).Code)
}

func TestStatuses(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	// The fields are named: an embedded wawp.Message would decode the
	// whole answer by itself and leave Key empty.
	var posted struct {
		ID  wawp.MessageID `json:"id"`
		To  wawp.ChatID    `json:"to"`
		Key statusKey      `json:"key"`
	}
	a.ok(http.MethodPost, "/status/text", vals("text", "Hello", "backgroundColor", "#38b42f", "font", "1", "contacts", "447441429009@c.us,447441429010@c.us"), "").decode(t, &posted)
	assert.Regexp(t, `^true_status@broadcast_[0-9A-F]{20}$`, posted.ID)
	assert.Equal(t, wawp.StatusBroadcast, posted.To)
	assert.Equal(t, statusKey{RemoteJID: "status@broadcast", FromMe: true, ID: posted.ID.String()[len("true_status@broadcast_"):]}, posted.Key)
	a.ok(http.MethodPost, "/status/image", vals("file[url]", "https://x.test/a.jpg", "caption", "pic"), "")
	r := a.do(http.MethodPost, "/status/text", vals("text", "x", "backgroundColor", "green"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)

	assert.Len(t, a.messages(wawp.StatusBroadcast, nil), 2)
	a.ok(http.MethodPost, "/status/delete", vals("id", posted.Key.ID), "")
	assert.Len(t, a.messages(wawp.StatusBroadcast, nil), 1)
	r = a.do(http.MethodPost, "/status/delete", vals("id", posted.Key.ID), "")
	assert.Equal(t, http.StatusNotFound, r.Status)

	var chats []chatJSON
	a.ok(http.MethodPost, "/chats", nil, "").decode(t, &chats)
	assert.Empty(t, chats, "the status pseudo-chat is not listed")
}
