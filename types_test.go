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
	assert.False(t, AckUnknown.IsKnown())
	b, err := json.Marshal(acks)
	require.NoError(t, err)
	assert.Equal(t, `[-1,0,1,2,3,4,null,7]`, string(b))
}

func TestMessageIDFromEngineData(t *testing.T) {
	t.Parallel()
	var m Message
	require.NoError(t, json.Unmarshal([]byte(`{"_data":{"Info":{"ID":"3EB0965B123D06E0B70741","Chat":"447441429009@s.whatsapp.net","IsFromMe":true}}}`), &m))
	m.resolveID()
	assert.Equal(t, MessageID("true_447441429009@c.us_3EB0965B123D06E0B70741"), m.ID)

	var bare Message
	require.NoError(t, json.Unmarshal([]byte(`{"_data":{"Info":{"ID":"3EB0965B123D06E0B70741"}}}`), &bare))
	list := []Message{bare}
	resolveIDs(list)
	assert.Equal(t, MessageID("3EB0965B123D06E0B70741"), list[0].ID, "without chat details the bare ID is kept")

	top := Message{ID: "false_1@c.us_AAAA", Data: json.RawMessage(`{"Info":{"ID":"OTHER"}}`)}
	top.resolveID()
	assert.Equal(t, MessageID("false_1@c.us_AAAA"), top.ID, "a top-level ID wins")
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
	assert.Error(t, json.Unmarshal([]byte(`{"latitude":"north"}`), &loc))

	var v VCards
	require.NoError(t, json.Unmarshal([]byte(`{"1":"B","0":"A","10":"C"}`), &v))
	assert.Equal(t, VCards{"A", "B", "C"}, v)
	require.NoError(t, json.Unmarshal([]byte(`["A"]`), &v))
	assert.Equal(t, VCards{"A"}, v)
	require.NoError(t, json.Unmarshal([]byte(`null`), &v))
	assert.Nil(t, v)
}
