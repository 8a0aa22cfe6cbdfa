package wawp

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimestampDecoding(t *testing.T) {
	t.Parallel()
	cases := map[string]time.Time{
		`1666943582`:      time.Unix(1666943582, 0).UTC(),
		`1710481111.853`:  time.Unix(1710481111, 853000000).UTC(),
		`"1666943582"`:    time.Unix(1666943582, 0).UTC(),
		`1741249702485`:   time.UnixMilli(1741249702485).UTC(),
		`1741249702485.0`: time.UnixMilli(1741249702485).UTC(),
		`null`:            {},
		`0`:               {},
		`""`:              {},
	}
	for in, want := range cases {
		var ts Timestamp
		require.NoError(t, json.Unmarshal([]byte(in), &ts), in)
		assert.True(t, want.Equal(ts.Time), "%s: got %v want %v", in, ts.Time, want)
		assert.Equal(t, want.IsZero(), ts.IsZero(), in)
	}
	var ts Timestamp
	assert.Error(t, json.Unmarshal([]byte(`"yesterday"`), &ts))
	assert.Error(t, json.Unmarshal([]byte(`true`), &ts))
}

func TestTimestampEncoding(t *testing.T) {
	t.Parallel()
	cases := map[string]Timestamp{
		`0`:              {},
		`1666943582`:     {time.Unix(1666943582, 0)},
		`1710481111.853`: {time.Unix(1710481111, 853000000)},
	}
	for want, ts := range cases {
		b, err := json.Marshal(ts)
		require.NoError(t, err)
		assert.Equal(t, want, string(b))
		var back Timestamp
		require.NoError(t, json.Unmarshal(b, &back))
		assert.True(t, ts.Equal(back.Time), want)
	}
}

func TestAckIsOpen(t *testing.T) {
	t.Parallel()
	var acks []Ack
	require.NoError(t, json.Unmarshal([]byte(`[-1,0,1,2,3,4,null,7]`), &acks))
	assert.Equal(t, []Ack{AckError, AckPending, AckServer, AckDevice, AckRead, AckPlayed, AckUnknown, Ack(7)}, acks)
	names := make([]string, len(acks))
	for i, a := range acks {
		names[i] = a.String()
	}
	assert.Equal(t, []string{"ERROR", "PENDING", "SERVER", "DEVICE", "READ", "PLAYED", "UNKNOWN", "Ack(7)"}, names)
	assert.True(t, AckRead.IsKnown())
	assert.False(t, Ack(7).IsKnown())
	assert.True(t, AckUnknown.IsKnown(), "UNKNOWN is documented")
	b, err := json.Marshal(acks)
	require.NoError(t, err)
	assert.Equal(t, `[-1,0,1,2,3,4,null,7]`, string(b))
}

func TestMessageIDFromEngineData(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, json, want string }{
		{"GOWS info with chat", `{"_data":{"Info":{"ID":"3EB0965B123D06E0B70741","Chat":"447441429009@s.whatsapp.net","IsFromMe":true}}}`, "true_447441429009@c.us_3EB0965B123D06E0B70741"},
		{"GOWS info without chat keeps the bare ID", `{"_data":{"Info":{"ID":"3EB0965B123D06E0B70741"}}}`, "3EB0965B123D06E0B70741"},
		{"WEBJS _serialized", `{"_data":{"id":{"fromMe":true,"remote":"1@c.us","id":"X","_serialized":"true_1@c.us_X"}}}`, "true_1@c.us_X"},
		{"NOWEB key", `{"_data":{"key":{"remoteJid":"447441429009@s.whatsapp.net","fromMe":false,"id":"K"}}}`, "false_447441429009@c.us_K"},
		{"top-level id object", `{"id":{"_serialized":"false_1@c.us_O"}}`, "false_1@c.us_O"},
		{"a top-level ID wins", `{"id":"false_1@c.us_AAAA","_data":{"Info":{"ID":"OTHER"}}}`, "false_1@c.us_AAAA"},
	}
	for _, tc := range cases {
		var m Message
		require.NoError(t, json.Unmarshal([]byte(tc.json), &m), tc.name)
		assert.Equal(t, MessageID(tc.want), m.ID, tc.name)
	}
}

func TestMessageWithoutAckIsUnknown(t *testing.T) {
	t.Parallel()
	var list []Message
	require.NoError(t, json.Unmarshal([]byte(`[{"id":"false_1@c.us_A","body":"hi"},{"id":"false_1@c.us_B","ack":0}]`), &list))
	assert.Equal(t, AckUnknown, list[0].Ack, "absent is not PENDING")
	assert.Equal(t, AckPending, list[1].Ack)

	m := Message{ID: "x", Ack: AckRead}
	require.NoError(t, json.Unmarshal([]byte(`{"id":"y"}`), &m))
	assert.Equal(t, AckUnknown, m.Ack, "decoding into a used Message starts over")
}

func TestMessageType(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, json string
		want       MessageType
	}{
		{"WEBJS chat", `{"_data":{"type":"chat"}}`, MessageTypeText},
		{"WEBJS ptt", `{"_data":{"type":"ptt"}}`, MessageTypeVoice},
		{"WEBJS multi_vcard", `{"_data":{"type":"multi_vcard"}}`, MessageTypeVCard},
		{"WEBJS poll_creation", `{"_data":{"type":"poll_creation"}}`, MessageTypePoll},
		{"WEBJS revoked", `{"_data":{"type":"revoked"}}`, MessageTypeRevoked},
		{"WEBJS other", `{"body":"x","_data":{"type":"call_log"}}`, MessageTypeUnknown},
		{"GOWS ptt", `{"_data":{"Info":{"Type":"media","MediaType":"ptt"}}}`, MessageTypeVoice},
		{"GOWS image", `{"_data":{"Info":{"Type":"media","MediaType":"image"}}}`, MessageTypeImage},
		{"GOWS reaction", `{"_data":{"Info":{"Type":"reaction"}}}`, MessageTypeReaction},
		{"GOWS text via Message", `{"_data":{"Info":{"Type":"text"},"Message":{"conversation":"hi"}}}`, MessageTypeText},
		{"GOWS edit", `{"_data":{"Info":{"Type":"text"},"IsEdit":true}}`, MessageTypeEdited},
		{"NOWEB conversation", `{"_data":{"message":{"conversation":"hi"}}}`, MessageTypeText},
		{"NOWEB extended text", `{"_data":{"message":{"extendedTextMessage":{"text":"hi"},"messageContextInfo":{}}}}`, MessageTypeText},
		{"NOWEB voice", `{"_data":{"message":{"audioMessage":{"ptt":true}}}}`, MessageTypeVoice},
		{"NOWEB audio", `{"_data":{"message":{"audioMessage":{"ptt":false}}}}`, MessageTypeAudio},
		{"NOWEB document in a caption wrapper", `{"_data":{"message":{"documentWithCaptionMessage":{"message":{"documentMessage":{}}}}}}`, MessageTypeDocument},
		{"NOWEB disappearing sticker", `{"_data":{"message":{"ephemeralMessage":{"message":{"stickerMessage":{}}}}}}`, MessageTypeSticker},
		{"NOWEB location", `{"_data":{"message":{"locationMessage":{}}}}`, MessageTypeLocation},
		{"NOWEB contact", `{"_data":{"message":{"contactMessage":{}}}}`, MessageTypeVCard},
		{"NOWEB poll", `{"_data":{"message":{"pollCreationMessageV3":{}}}}`, MessageTypePoll},
		{"NOWEB reaction", `{"_data":{"message":{"reactionMessage":{}}}}`, MessageTypeReaction},
		{"NOWEB revoke", `{"_data":{"message":{"protocolMessage":{"key":{}}}}}`, MessageTypeRevoked},
		{"NOWEB edit", `{"_data":{"message":{"protocolMessage":{"type":14,"editedMessage":{}}}}}`, MessageTypeEdited},
		{"MIME opus", `{"hasMedia":true,"media":{"mimetype":"audio/ogg; codecs=opus"}}`, MessageTypeVoice},
		{"MIME mpeg", `{"hasMedia":true,"media":{"mimetype":"audio/mpeg"}}`, MessageTypeAudio},
		{"MIME webp", `{"hasMedia":true,"media":{"mimetype":"image/webp"}}`, MessageTypeSticker},
		{"MIME pdf", `{"hasMedia":true,"media":{"mimetype":"application/pdf"}}`, MessageTypeDocument},
		{"media not downloaded", `{"hasMedia":true,"body":"caption"}`, MessageTypeUnknown},
		{"location", `{"location":{"latitude":1,"longitude":2}}`, MessageTypeLocation},
		{"vcards", `{"vCards":["BEGIN:VCARD"]}`, MessageTypeVCard},
		{"body", `{"body":"hi","_data":{}}`, MessageTypeText},
		{"nothing", `{}`, MessageTypeUnknown},
	}
	for _, tc := range cases {
		var m Message
		require.NoError(t, json.Unmarshal([]byte(tc.json), &m), tc.name)
		assert.Equal(t, tc.want, m.Type(), tc.name)
		assert.Equal(t, tc.want != MessageTypeUnknown, m.Type().IsKnown(), tc.name)
		assert.Equal(t, string(tc.want), m.Type().String(), tc.name)
	}
	assert.False(t, MessageType("carousel").IsKnown())
}

func TestEnumsKnowTheirValues(t *testing.T) {
	t.Parallel()
	for _, p := range []Presence{PresenceOnline, PresenceOffline, PresenceTyping, PresenceRecording, PresencePaused, PresenceComposing, PresenceUnavailable} {
		assert.True(t, p.IsKnown(), p.String())
	}
	assert.False(t, Presence("away").IsKnown())
	for _, r := range []GroupRole{GroupRoleParticipant, GroupRoleAdmin, GroupRoleSuperAdmin, GroupRoleLeft} {
		assert.True(t, r.IsKnown(), r.String())
	}
	assert.False(t, GroupRole("owner").IsKnown())
	assert.True(t, MessageSourceAPI.IsKnown())
	assert.True(t, MessageSourceApp.IsKnown())
	assert.False(t, MessageSource("web").IsKnown())
	assert.Equal(t, "app", MessageSourceApp.String())
}

func TestFilePrepare(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   File
		want File
	}{
		{File{URL: "https://wawp.net/samples/cat.jpg"}, File{URL: "https://wawp.net/samples/cat.jpg", Filename: "cat.jpg", MIMEType: "image/jpeg"}},
		{File{URL: "https://x.test/a/report.PDF?sig=1"}, File{URL: "https://x.test/a/report.PDF?sig=1", Filename: "report.PDF", MIMEType: "application/pdf"}},
		{File{URL: "https://x.test/voice.ogg"}, File{URL: "https://x.test/voice.ogg", Filename: "voice.ogg", MIMEType: "audio/ogg; codecs=opus"}},
		{File{URL: "https://x.test/clip.mp4", Filename: "my clip.mp4"}, File{URL: "https://x.test/clip.mp4", Filename: "my clip.mp4", MIMEType: "video/mp4"}},
		{File{URL: "https://x.test/download", MIMEType: "image/png"}, File{URL: "https://x.test/download", Filename: "download", MIMEType: "image/png"}},
		{File{URL: " https://x.test/ "}, File{URL: "https://x.test/"}},
	}
	for _, tc := range cases {
		got, err := tc.in.prepare("file")
		require.NoError(t, err, tc.in.URL)
		assert.Equal(t, tc.want, got)
	}
	for _, bad := range []string{"", "  ", "ftp://x.test/a.jpg", "/local/a.jpg", "https://"} {
		_, err := File{URL: bad}.prepare("file")
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, bad)
		assert.Equal(t, "file.url", ve.Field)
	}
}

func TestCoordinateAndVCardsAreTolerant(t *testing.T) {
	t.Parallel()
	var loc Location
	require.NoError(t, json.Unmarshal([]byte(`{"latitude":"38.8937255","longitude":-77.0969763}`), &loc))
	assert.Equal(t, Coordinate(38.8937255), loc.Latitude)
	assert.Equal(t, Coordinate(-77.0969763), loc.Longitude)
	require.NoError(t, json.Unmarshal([]byte(`{"latitude":"string","longitude":"-0.5","thumbnail":"/9j/4AAQ"}`), &loc), "the documentation's placeholder does not fail")
	assert.Equal(t, Coordinate(0), loc.Latitude)
	assert.Equal(t, Coordinate(-0.5), loc.Longitude)
	assert.Equal(t, "/9j/4AAQ", loc.Thumbnail)
	assert.Error(t, json.Unmarshal([]byte(`{"latitude":tru}`), &loc))

	var v VCards
	require.NoError(t, json.Unmarshal([]byte(`{"1":"B","0":"A","10":"C"}`), &v))
	assert.Equal(t, VCards{"A", "B", "C"}, v)
	require.NoError(t, json.Unmarshal([]byte(`["A"]`), &v))
	assert.Equal(t, VCards{"A"}, v)
	require.NoError(t, json.Unmarshal([]byte(`null`), &v))
	assert.Nil(t, v)
}
