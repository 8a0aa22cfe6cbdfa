package wawp

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Message events are most of what a webhook receives, so ParseEvent decodes
// them with the decoder in this file before it tries encoding/json.
// encoding/json reads a body twice, once to validate it and once to decode
// it, and the engine's _data object, kept raw, is most of the body. This
// decoder validates while it decodes, in one pass.
//
// It decodes only the forms it expects: ASCII keys without escapes (matched
// case-insensitively, as encoding/json matches them), values of their usual
// JSON types, nesting no deeper than maxFastDepth. On anything else it gives
// up and the event goes to encoding/json like every other kind. So when it
// succeeds its result is the one encoding/json gives for the same body
// (FuzzMessageEventDecoder compares them), and every error comes from
// encoding/json.

// maxFastDepth bounds the nesting the decoder follows; deeper values are
// left to encoding/json, whose own limit is higher.
const maxFastDepth = 512

// maxFieldName is the longest key the decoder folds to lower case. No field
// name is longer, so longer keys name no field.
const maxFieldName = 16

// decodeMessageEvent decodes raw as a message or message.any event. ok is
// false when raw is another kind of event or holds anything the decoder
// leaves to encoding/json.
func decodeMessageEvent(raw []byte) (ev *Event, ok bool) {
	c := jsonCursor{b: raw}
	w := new(wireEvent[Message])
	w.Payload.Ack = AckUnknown
	var payload []byte
	ok = c.object(func(name []byte) bool {
		switch string(name) {
		case "id":
			return readString(&c, &w.ID)
		case "timestamp":
			return c.unmarshal(&w.Timestamp)
		case "event":
			// Any other kind is decoded by encoding/json, so stop here.
			return readString(&c, &w.Type) && isMessageEvent(w.Type)
		case "session":
			return readString(&c, &w.Session)
		case "metadata":
			return c.unmarshal(&w.Metadata)
		case "engine":
			return readString(&c, &w.Engine)
		case "me":
			return readObject(&c, &w.Me, (*jsonCursor).meInfo)
		case "environment":
			return readObject(&c, &w.Environment, (*jsonCursor).environment)
		case "payload":
			// A repeated payload replaces the first, as Message's own
			// decoding does.
			w.Payload = Message{Ack: AckUnknown}
			start := c.skipSpace()
			if !c.message(&w.Payload) {
				return false
			}
			payload = raw[start:c.i]
			return true
		}
		return c.skipValue(0)
	})
	if !ok || !c.atEnd() || !isMessageEvent(w.Type) {
		return nil, false
	}
	w.Payload.derive()
	ev = w.event()
	ev.Raw, ev.RawPayload = raw, payload
	return ev, true
}

func isMessageEvent(t EventType) bool {
	return t == EventMessage || t == EventMessageAny
}

// message decodes a Message object, or null, which leaves m as it is.
func (c *jsonCursor) message(m *Message) bool {
	if c.peek() == 'n' {
		return c.literal("null")
	}
	return c.object(func(name []byte) bool {
		switch string(name) {
		case "id":
			return readString(c, &m.ID)
		case "timestamp":
			return c.unmarshal(&m.Timestamp)
		case "from":
			return readString(c, &m.From)
		case "fromme":
			return c.bool(&m.FromMe)
		case "source":
			return readString(c, &m.Source)
		case "to":
			return readString(c, &m.To)
		case "participant":
			return readString(c, &m.Participant)
		case "author":
			return readString(c, &m.Author)
		case "body":
			return readString(c, &m.Body)
		case "hasmedia":
			return c.bool(&m.HasMedia)
		case "media":
			return readObject(c, &m.Media, unmarshalObject[Media])
		case "mediaurl":
			return readString(c, &m.MediaURL)
		case "ack":
			return c.unmarshal(&m.Ack)
		case "ackname":
			return readString(c, &m.AckName)
		case "location":
			return readObject(c, &m.Location, unmarshalObject[Location])
		case "vcards":
			return c.unmarshal(&m.VCards)
		case "replyto":
			return readObject(c, &m.ReplyTo, (*jsonCursor).replyTo)
		case "_data":
			return c.unmarshal(&m.Data)
		}
		return c.skipValue(0)
	})
}

// replyTo decodes a ReplyTo object.
func (c *jsonCursor) replyTo(r *ReplyTo) bool {
	return c.object(func(name []byte) bool {
		switch string(name) {
		case "id":
			return readString(c, &r.ID)
		case "participant":
			return readString(c, &r.Participant)
		case "body":
			return readString(c, &r.Body)
		case "hasmedia":
			return c.bool(&r.HasMedia)
		case "media":
			return readObject(c, &r.Media, unmarshalObject[Media])
		case "_data":
			return c.unmarshal(&r.Data)
		}
		return c.skipValue(0)
	})
}

// meInfo decodes a MeInfo object.
func (c *jsonCursor) meInfo(m *MeInfo) bool {
	return c.object(func(name []byte) bool {
		switch string(name) {
		case "id":
			return readString(c, &m.ID)
		case "lid":
			return readString(c, &m.LID)
		case "jid":
			return readString(c, &m.JID)
		case "pushname":
			return readString(c, &m.PushName)
		}
		return c.skipValue(0)
	})
}

// environment decodes an Environment object.
func (c *jsonCursor) environment(e *Environment) bool {
	return c.object(func(name []byte) bool {
		switch string(name) {
		case "version":
			return readString(c, &e.Version)
		case "engine":
			return readString(c, &e.Engine)
		case "tier":
			return readString(c, &e.Tier)
		case "browser":
			return readString(c, &e.Browser)
		case "platform":
			return readString(c, &e.Platform)
		}
		return c.skipValue(0)
	})
}

// readString decodes a JSON string into dst. null leaves dst as it is, as
// encoding/json leaves it.
func readString[S ~string](c *jsonCursor, dst *S) bool {
	switch c.peek() {
	case 'n':
		return c.literal("null")
	case '"':
		start := c.i
		content, plain, ok := c.str()
		if !ok {
			return false
		}
		if plain {
			*dst = S(content)
			return true
		}
		// Escapes and invalid UTF-8 are rare: encoding/json resolves them.
		var s string
		if json.Unmarshal(c.b[start:c.i], &s) != nil {
			return false
		}
		*dst = S(s)
		return true
	}
	return false
}

// readObject decodes a JSON object into *dst with decode, allocating it when
// nil and decoding into the existing value otherwise, as encoding/json does
// with a repeated key. null sets *dst to nil.
func readObject[T any](c *jsonCursor, dst **T, decode func(*jsonCursor, *T) bool) bool {
	switch c.peek() {
	case 'n':
		*dst = nil
		return c.literal("null")
	case '{':
		if *dst == nil {
			*dst = new(T)
		}
		return decode(c, *dst)
	}
	return false
}

// unmarshalObject decodes the object at the cursor with encoding/json, for
// the small objects that only some messages carry.
func unmarshalObject[T any](c *jsonCursor, dst *T) bool {
	v, ok := c.value()
	return ok && json.Unmarshal(v, dst) == nil
}

// jsonCursor reads and validates JSON in b from offset i. Its methods return
// false on invalid JSON or on a form the decoder leaves to encoding/json.
type jsonCursor struct {
	b []byte
	i int
	// folded holds the key object passes to its field function; a buffer
	// here rather than in object, since that one would be allocated on
	// every call.
	folded [maxFieldName]byte
}

// skipSpace moves past whitespace and returns the new offset.
func (c *jsonCursor) skipSpace() int {
	for c.i < len(c.b) && isJSONSpace(c.b[c.i]) {
		c.i++
	}
	return c.i
}

// peek returns the next byte after whitespace, or 0 at the end of b.
func (c *jsonCursor) peek() byte {
	if c.skipSpace() < len(c.b) {
		return c.b[c.i]
	}
	return 0
}

// atEnd reports whether only whitespace is left.
func (c *jsonCursor) atEnd() bool {
	return c.skipSpace() == len(c.b)
}

// object reads a JSON object, calling field for each member with the key in
// lower case and the cursor before the value, which field must read. Keys
// are folded because encoding/json matches names case-insensitively; the
// folded key is valid until field reads an object of its own. Keys with
// escapes or non-ASCII bytes, which encoding/json folds in ways this decoder
// does not follow, end the decoding.
func (c *jsonCursor) object(field func(name []byte) bool) bool {
	if c.peek() != '{' {
		return false
	}
	c.i++
	if c.peek() == '}' {
		c.i++
		return true
	}
	for {
		if c.peek() != '"' {
			return false
		}
		key, plain, ok := c.str()
		if !ok || !plain || !isASCII(key) || c.peek() != ':' {
			return false
		}
		c.i++
		if !field(foldASCII(&c.folded, key)) {
			return false
		}
		if done, ok := c.endMember('}'); done || !ok {
			return ok
		}
	}
}

// endMember reads the ',' or the closing byte after a member or an element;
// done reports the closing byte.
func (c *jsonCursor) endMember(closing byte) (done, ok bool) {
	switch c.peek() {
	case ',':
		c.i++ // a trailing comma fails on the next member or element
		return false, true
	case closing:
		c.i++
		return true, true
	}
	return false, false
}

// foldASCII returns key in lower case, in buf when it fits; a longer key is
// returned as it is, since it names no field.
func foldASCII(buf *[maxFieldName]byte, key []byte) []byte {
	if len(key) > len(buf) {
		return key
	}
	for i, ch := range key {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[i] = ch
	}
	return buf[:len(key)]
}

func isASCII(b []byte) bool {
	for _, ch := range b {
		if ch >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// value reads any JSON value and returns its bytes.
func (c *jsonCursor) value() ([]byte, bool) {
	start := c.skipSpace()
	if !c.skipValue(0) {
		return nil, false
	}
	return c.b[start:c.i], true
}

// unmarshal hands the value at the cursor to u, as encoding/json hands a
// value, null included, to a field's UnmarshalJSON.
func (c *jsonCursor) unmarshal(u json.Unmarshaler) bool {
	v, ok := c.value()
	return ok && u.UnmarshalJSON(v) == nil
}

// bool decodes true or false into dst; null leaves it as it is.
func (c *jsonCursor) bool(dst *bool) bool {
	switch c.peek() {
	case 't':
		*dst = true
		return c.literal("true")
	case 'f':
		*dst = false
		return c.literal("false")
	case 'n':
		return c.literal("null")
	}
	return false
}

// skipValue validates the value at the cursor and moves past it; depth is
// how deep in skipped containers it lies.
func (c *jsonCursor) skipValue(depth int) bool {
	switch c.peek() {
	case '"':
		_, _, ok := c.str()
		return ok
	case '{':
		return depth < maxFastDepth && c.skipObject(depth+1)
	case '[':
		return depth < maxFastDepth && c.skipArray(depth+1)
	case 't':
		return c.literal("true")
	case 'f':
		return c.literal("false")
	case 'n':
		return c.literal("null")
	}
	return c.number()
}

// skipObject validates an object whose members lie at depth.
func (c *jsonCursor) skipObject(depth int) bool {
	c.i++ // '{'
	if c.peek() == '}' {
		c.i++
		return true
	}
	for {
		if c.peek() != '"' {
			return false
		}
		if _, _, ok := c.str(); !ok || c.peek() != ':' {
			return false
		}
		c.i++
		if !c.skipValue(depth) {
			return false
		}
		if done, ok := c.endMember('}'); done || !ok {
			return ok
		}
	}
}

// skipArray validates an array whose elements lie at depth.
func (c *jsonCursor) skipArray(depth int) bool {
	c.i++ // '['
	if c.peek() == ']' {
		c.i++
		return true
	}
	for {
		if !c.skipValue(depth) {
			return false
		}
		if done, ok := c.endMember(']'); done || !ok {
			return ok
		}
	}
}

// str reads the string at the cursor and returns what lies between its
// quotes. plain reports that this is the string's value as it stands: no
// escapes, valid UTF-8.
func (c *jsonCursor) str() (content []byte, plain, ok bool) {
	b := c.b
	start := c.i + 1
	plain, ascii := true, true
	for i := start; i < len(b); i++ {
		switch ch := b[i]; {
		case ch == '"':
			c.i = i + 1
			content = b[start:i]
			return content, plain && (ascii || utf8.Valid(content)), true
		case ch == '\\':
			n := escapeLen(b[i+1:])
			if n == 0 {
				return nil, false, false
			}
			plain = false
			i += n
		case ch < 0x20:
			return nil, false, false
		case ch >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false, false
}

// escapeLen returns the length of the escape after a backslash, or 0 when
// it is not a valid JSON escape.
func escapeLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(b) < 5 {
			return 0
		}
		for _, h := range b[1:5] {
			if !isHexDigit(h) {
				return 0
			}
		}
		return 5
	}
	return 0
}

func isHexDigit(ch byte) bool {
	return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F'
}

// literal reads the literal word, true, false or null.
func (c *jsonCursor) literal(word string) bool {
	if !bytes.HasPrefix(c.b[c.i:], []byte(word)) {
		return false
	}
	c.i += len(word)
	return true
}

// number reads a number in JSON's grammar:
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *jsonCursor) number() bool {
	b, i := c.b, c.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		if i = skipDigits(b, i+1); b[i-1] == '.' {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return false
		}
		i = j
	}
	c.i = i
	return true
}

// skipDigits returns the index of the first non-digit at or after i.
func skipDigits(b []byte, i int) int {
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i
}
