package wawp

import (
	"encoding/json"
	"testing"

	"github.com/google/go-querystring/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseChatID(t *testing.T) {
	t.Parallel()
	valid := map[string]ChatID{
		"447441429009@c.us":              "447441429009@c.us",
		" 447441429009@c.us ":            "447441429009@c.us",
		"123123@lid":                     "123123@lid",
		"120363025246125888@g.us":        "120363025246125888@g.us",
		"447441429009-1610000000@g.us":   "447441429009-1610000000@g.us",
		"123123123123@newsletter":        "123123123123@newsletter",
		"status@broadcast":               StatusBroadcast,
		"+44 7441 429009":                "447441429009@c.us",
		"447441429009:12@s.whatsapp.net": "447441429009@c.us",
		"447441429009@s.whatsapp.net":    "447441429009@c.us",
	}
	for in, want := range valid {
		got, err := ParseChatID(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	invalid := []string{"", "hello", "abc@c.us", "@c.us", "123@example.com", "12-ab@g.us", "x@newsletter", "123@", "12 34@lid"}
	for _, in := range invalid {
		_, err := ParseChatID(in)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, in)
		assert.Equal(t, "chatId", ve.Field)
		assert.Contains(t, ve.Error(), "wawp: chatId ")
	}
}

func TestUserChatIDNormalisesPhoneNumbers(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"447441429009", "+447441429009", "+44 7441 429009", "0044 7441-429009", "+44 (7441) 429.009", "447441429009@c.us"} {
		got, err := UserChatID(in)
		require.NoError(t, err, in)
		assert.Equal(t, ChatID("447441429009@c.us"), got, in)
	}
	for _, in := range []string{"", "12345", "1234567890123456", "44 7441 CALL ME", "447441429009@g.us", "++447441429009"} {
		_, err := UserChatID(in)
		assert.Error(t, err, in)
	}
}

func TestGroupAndChannelChatIDs(t *testing.T) {
	t.Parallel()
	g, err := GroupChatID("120363025246125888")
	require.NoError(t, err)
	assert.Equal(t, ChatID("120363025246125888@g.us"), g)
	g, err = GroupChatID("120363025246125888@g.us")
	require.NoError(t, err)
	assert.Equal(t, ChatID("120363025246125888@g.us"), g)
	_, err = GroupChatID("team-alpha")
	assert.Error(t, err)

	ch, err := ChannelChatID("123123123123")
	require.NoError(t, err)
	assert.Equal(t, ChatID("123123123123@newsletter"), ch)
	_, err = ChannelChatID("news")
	assert.Error(t, err)
}

func TestChatIDKinds(t *testing.T) {
	t.Parallel()
	kinds := func(id ChatID) [5]bool {
		return [5]bool{id.IsUser(), id.IsLID(), id.IsGroup(), id.IsChannel(), id.IsStatusBroadcast()}
	}
	assert.Equal(t, [5]bool{true, false, false, false, false}, kinds("1@c.us"))
	assert.Equal(t, [5]bool{false, true, false, false, false}, kinds("1@lid"))
	assert.Equal(t, [5]bool{false, false, true, false, false}, kinds("1@g.us"))
	assert.Equal(t, [5]bool{false, false, false, true, false}, kinds("1@newsletter"))
	assert.Equal(t, [5]bool{false, false, false, false, true}, kinds(StatusBroadcast))
	assert.Equal(t, "447441429009", ChatID("447441429009@c.us").User())
}

func TestMessageIDParts(t *testing.T) {
	t.Parallel()
	cases := map[string]MessageIDParts{
		"false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA":  {FromMe: false, Chat: "11111111111@c.us", ID: "AAAAAAAAAAAAAAAAAAAA"},
		"true_11111111111@g.us_4CC5AAAA_9999@lid":      {FromMe: true, Chat: "11111111111@g.us", ID: "4CC5AAAA", Participant: "9999@lid"},
		"false_11111111111@g.us_AAAA_33333333333@c.us": {FromMe: false, Chat: "11111111111@g.us", ID: "AAAA", Participant: "33333333333@c.us"},
		"false_status@broadcast_AAAA_123123@c.us":      {Chat: StatusBroadcast, ID: "AAAA", Participant: "123123@c.us"},
	}
	for in, want := range cases {
		id, err := ParseMessageID(in)
		require.NoError(t, err, in)
		got, err := id.Parts()
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
		assert.Equal(t, MessageID(in), want.MessageID(), "formatting round-trips %s", in)
	}
	for _, in := range []string{"", "AAAAAAAAAAAAAAAAAAAA", "maybe_1@c.us_AAAA", "true_1@c.us", "true_1@c.us_", "true_nochat_AAAA", "false_abc@c.us_AAAA"} {
		_, err := ParseMessageID(in)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, in)
		assert.Equal(t, "messageId", ve.Field)
	}
}

func TestIDsOnTheWire(t *testing.T) {
	t.Parallel()
	type params struct {
		Chat ChatID    `url:"chatId" json:"chatId"`
		Msg  MessageID `url:"messageId" json:"messageId"`
	}
	p := params{Chat: "1@c.us", Msg: "false_1@c.us_AAAA"}
	q, err := query.Values(p)
	require.NoError(t, err)
	assert.Equal(t, "chatId=1%40c.us&messageId=false_1%40c.us_AAAA", q.Encode())
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"chatId":"1@c.us","messageId":"false_1@c.us_AAAA"}`, string(b))
	var back params
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)
}
