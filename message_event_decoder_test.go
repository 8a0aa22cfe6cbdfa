package wawp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireSameAsJSON checks the message event decoder against encoding/json
// on body: when the decoder accepts body, encoding/json decodes it to the
// same event. It reports whether the decoder accepted it.
func requireSameAsJSON(t *testing.T, body []byte) bool {
	t.Helper()
	fast, ok := decodeMessageEvent(body)
	if !ok {
		require.Nil(t, fast)
		return false
	}
	slow, err := parseEventWithJSON(body)
	require.NoError(t, err, "the decoder accepted a body encoding/json rejects: %q", body)
	require.Equal(t, slow, fast, "body %q", body)
	// Equal compares byte slices by content; both must also be slices of body.
	require.Equal(t, &body[0], &fast.Raw[0])
	return true
}

func TestMessageEventDecoderTakesMessageFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "webhooks", "message*.json"))
	require.NoError(t, err)
	taken := 0
	for _, file := range files {
		body := bytes.TrimSpace(fixture(t, "webhooks/"+filepath.Base(file)))
		var head struct {
			Event EventType `json:"event"`
		}
		require.NoError(t, json.Unmarshal(body, &head))
		accepted := requireSameAsJSON(t, body)
		assert.Equal(t, isMessageEvent(head.Event), accepted, file)
		if accepted {
			taken++
		}
	}
	assert.Equal(t, 6, taken, "message and message.any fixtures")
	assert.True(t, requireSameAsJSON(t, benchMessageEvent(1)))
}

func TestMessageEventDecoderMatchesEncodingJSON(t *testing.T) {
	// Each body is a message event; the cases say whether the decoder takes
	// it or leaves it to encoding/json. Either way the result must be the one
	// encoding/json gives.
	event := func(payload string) string {
		return `{"id":"evt_1","timestamp":1741249704485,"event":"message","session":"s","payload":` + payload + `}`
	}
	cases := []struct {
		name  string
		body  string
		taken bool
	}{
		{"every field", event(`{"id":"true_1@c.us_A","timestamp":1710481111.853,"from":"1@c.us","fromMe":true,` +
			`"source":"api","to":"2@c.us","participant":"3@c.us","author":"4@c.us","body":"hi","hasMedia":true,` +
			`"media":{"url":"u","mimetype":"image/png","filename":"f.png","s3":{"Bucket":"b","Key":"k"},"error":null},` +
			`"mediaUrl":"u","ack":2,"ackName":"DEVICE","location":{"latitude":"30.1","longitude":31.2,"name":"n"},` +
			`"vCards":{"1":"b","0":"a"},"replyTo":{"id":"AAA","participant":"5@c.us","body":"q","hasMedia":true,` +
			`"media":{"url":"v"},"_data":{"x":[1,2,{"y":null}]}},"_data":{"id":{"fromMe":true}}}`), true},
		{"nulls everywhere", event(`{"id":null,"timestamp":null,"from":null,"fromMe":null,"body":null,"media":null,` +
			`"ack":null,"location":null,"vCards":null,"replyTo":null,"_data":null}`), true},
		{"null payload", event(`null`), true},
		{"empty payload", event(`{}`), true},
		{"no payload", `{"event":"message.any","id":"e"}`, true},
		{"payload before the event name", `{"payload":{"id":"m","body":"x"},"event":"message"}`, true},
		{"message.any", `{"event":"message.any","payload":{"id":"m"}}`, true},
		{"keys in other cases", `{"EVENT":"message","Payload":{"ID":"m","FromMe":true,"BODY":"x","_DATA":{}}}`, true},
		{"repeated keys, last wins", event(`{"id":"a","id":"b","fromMe":true,"fromme":null,"body":"x","Body":"y"}`), true},
		{"repeated objects merge", event(`{"media":{"url":"u"},"media":{"mimetype":"m"},"replyTo":{"id":"a"},"replyTo":null}`), true},
		{"repeated payloads merge", `{"event":"message","payload":{"id":"a"},"payload":{"body":"b"}}`, true},
		{"escapes in values", event(`{"body":"line\n\"quoted\" \u00e9 \ud83d\ude00 \/","from":"\u0031@c.us"}`), true},
		{"lone surrogate", event(`{"body":"\ud800x"}`), true},
		{"invalid UTF-8", event("{\"body\":\"a\xffb\"}"), true},
		{"UTF-8 in values", event(`{"body":"مرحبا 👋"}`), true},
		{"id only in _data", event(`{"_data":{"Info":{"ID":"3EB0","Chat":"1@s.whatsapp.net","IsFromMe":true}}}`), true},
		{"unknown keys of every type", event(`{"a":1.5e-3,"b":[true,false,null],"c":{"d":"e"},"f":-0,"g":"","seventeenCharsKey":1,"aMuchLongerKeyThanAnyField":2}`), true},
		{"whitespace", " \t\n{ \"event\" : \"message\" , \"payload\" : { \"id\" : \"m\" , \"_data\" : { } } }\r\n", true},
		{"ack as a string", event(`{"ack":"3"}`), true},
		{"timestamp as a string", event(`{"timestamp":"1710481111"}`), true},
		{"metadata of scalars", `{"event":"message","metadata":{"a":"x","b":5,"c":true,"d":null},"payload":{}}`, true},
		{"me and environment null", `{"event":"message","me":null,"environment":null,"payload":{}}`, true},

		{"other event", `{"event":"message.ack","payload":{"id":"m","ack":3}}`, false},
		{"event name in another case", `{"event":"Message","payload":{}}`, false},
		{"escaped key", `{"\u0065vent":"message","payload":{}}`, false},
		{"escaped field name", event(`{"b\u006fdy":"x"}`), false},
		{"non-ASCII key", "{\"event\":\"message\",\"payload\":{\"\u212aey\":1}}", false},
		{"no event", `{"payload":{"id":"m"}}`, false},
		{"event not a string", `{"event":7,"payload":{}}`, false},
		{"fromMe a string", event(`{"fromMe":"true"}`), false},
		{"body a number", event(`{"body":5}`), false},
		{"media a list", event(`{"media":[]}`), false},
		{"placeholder location", event(`{"location":{"latitude":"north"}}`), true},
		{"bad ack", event(`{"ack":"read"}`), false},
		{"payload a list", event(`[]`), false},
		{"trailing comma", event(`{"id":"m",}`), false},
		{"trailing data", event(`{}`) + `x`, false},
		{"two values", event(`{}`) + `{}`, false},
		{"leading zero", event(`{"x":01}`), false},
		{"bare minus", event(`{"x":-}`), false},
		{"plus sign", event(`{"x":+1}`), false},
		{"dot without digits", event(`{"x":1.}`), false},
		{"exponent without digits", event(`{"x":1e+}`), false},
		{"bad literal", event(`{"x":nul}`), false},
		{"literal run on", event(`{"x":truex}`), false},
		{"control byte in a string", event("{\"body\":\"a\x01b\"}"), false},
		{"bad escape", event(`{"body":"\x"}`), false},
		{"bad escape in a skipped value", event(`{"x":"\x"}`), false},
		{"short unicode escape", event(`{"body":"\u12"}`), false},
		{"unterminated string", `{"event":"message","payload":{"body":"x`, false},
		{"unclosed object", `{"event":"message","payload":{}`, false},
		{"missing colon", `{"event" "message"}`, false},
		{"deep", event(`{"_data":` + strings.Repeat("[", maxFastDepth) + strings.Repeat("]", maxFastDepth) + `}`), true},
		{"too deep", event(`{"_data":` + strings.Repeat("[", maxFastDepth+1) + strings.Repeat("]", maxFastDepth+1) + `}`), false},
		{"too deep in objects", event(`{"_data":` + strings.Repeat(`{"a":`, maxFastDepth+1) + "0" + strings.Repeat("}", maxFastDepth+1) + `}`), false},
		{"not an object", `"message"`, false},
		{"empty", ` `, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.body)
			assert.Equal(t, tc.taken, requireSameAsJSON(t, body))
			if !tc.taken {
				// What the decoder leaves, ParseEvent still decodes or
				// rejects exactly as encoding/json does.
				want, wantErr := parseEventWithJSON(body)
				got, err := parseEvent(body)
				assert.Equal(t, want, got)
				assert.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(err))
			}
		})
	}
}

// TestMessageEventDecoderKnowsEveryField decodes each JSON field of the
// types the decoder reads by hand, under its name and in upper case, so that
// a field added to one of them and not to the decoder fails here.
func TestMessageEventDecoderKnowsEveryField(t *testing.T) {
	values := map[reflect.Type]string{
		reflect.TypeFor[string]():          `"v"`,
		reflect.TypeFor[ChatID]():          `"1@c.us"`,
		reflect.TypeFor[MessageID]():       `"true_1@c.us_A"`,
		reflect.TypeFor[MessageSource]():   `"api"`,
		reflect.TypeFor[EventType]():       `"message"`,
		reflect.TypeFor[bool]():            `true`,
		reflect.TypeFor[Timestamp]():       `1710481111`,
		reflect.TypeFor[Ack]():             `4`,
		reflect.TypeFor[VCards]():          `["BEGIN:VCARD"]`,
		reflect.TypeFor[json.RawMessage](): `{"k":"v"}`,
		reflect.TypeFor[eventMetadata]():   `{"k":"v"}`,
		reflect.TypeFor[*Media]():          `{"url":"u"}`,
		reflect.TypeFor[*Location]():       `{"latitude":1,"longitude":2}`,
		reflect.TypeFor[*ReplyTo]():        `{"id":"AAA"}`,
		reflect.TypeFor[*MeInfo]():         `{"id":"1@c.us"}`,
		reflect.TypeFor[*Environment]():    `{"tier":"PLUS"}`,
		reflect.TypeFor[Message]():         `{"id":"m"}`,
	}
	// eventWith returns a message event with the member key:value placed in
	// the object at path.
	eventWith := func(path []string, key, value string) []byte {
		body := fmt.Sprintf(`%q:%s`, key, value)
		for i := len(path) - 1; i >= 0; i-- {
			body = fmt.Sprintf(`%q:{%s}`, path[i], body)
		}
		return []byte(`{"event":"message",` + body + `}`)
	}
	structs := []struct {
		typ  reflect.Type
		path []string
	}{
		{reflect.TypeFor[wireEvent[Message]](), nil},
		{reflect.TypeFor[MeInfo](), []string{"me"}},
		{reflect.TypeFor[Environment](), []string{"environment"}},
		{reflect.TypeFor[Message](), []string{"payload"}},
		{reflect.TypeFor[ReplyTo](), []string{"payload", "replyTo"}},
	}
	for _, s := range structs {
		for i := range s.typ.NumField() {
			field := s.typ.Field(i)
			name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
			if name == "-" {
				continue // derived while decoding, never read
			}
			value, ok := values[field.Type]
			require.True(t, ok, "no test value for %s.%s of type %s", s.typ, field.Name, field.Type)
			for _, key := range []string{name, strings.ToUpper(name)} {
				body := eventWith(s.path, key, value)
				require.True(t, requireSameAsJSON(t, body), "%s.%s as %q", s.typ, field.Name, key)

				// In a list the value has a type no field takes: encoding/json
				// rejects it and the decoder leaves it.
				wrong := eventWith(s.path, key, "["+value+"]")
				ev, err := parseEventWithJSON(wrong)
				if field.Type == reflect.TypeFor[json.RawMessage]() {
					require.NoError(t, err)
					require.True(t, requireSameAsJSON(t, wrong))
					continue
				}
				require.Error(t, err, "%s", wrong)
				assert.Nil(t, ev)
				_, taken := decodeMessageEvent(wrong)
				assert.False(t, taken, "%s.%s of the wrong type in %s", s.typ, field.Name, wrong)
			}
		}
	}
}

func FuzzMessageEventDecoder(f *testing.F) {
	for _, seed := range webhookSeeds(f) {
		f.Add(seed)
	}
	f.Add(benchMessageEvent(1))
	f.Add([]byte(`{"event":"message","payload":{"media":{"url":"u"},"Media":null,"replyTo":{"media":{}},"fromMe":null}}`))
	f.Add([]byte(`{"payload":{"body":"\ud83d\ude00","_data":[1,-2.5e3,"x",{}]},"event":"message.any","me":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) == 0 {
			return
		}
		requireSameAsJSON(t, body)
	})
}
