package wawp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Timestamp is a point in time sent as Unix seconds (an integer or a float
// such as 1710481111.853) or as Unix milliseconds (webhook envelopes). Values
// above 1e12 are read as milliseconds, which no date before year 33658 can
// reach in seconds. null and 0 decode to the zero time. It marshals as
// seconds. Times are in UTC.
type Timestamp struct {
	time.Time
}

// millisThreshold separates milliseconds from seconds.
const millisThreshold = 1e12

// UnmarshalJSON accepts a number, a numeric string or null.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	whole, frac, hasFrac := strings.Cut(string(b), ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || (hasFrac && !isDigits(frac)) {
		return t.unmarshalFloat(b)
	}
	// Decimal digits are read exactly: 1710481111.853 must not become .852999926.
	nanos := int64(0)
	if hasFrac {
		nanos, _ = strconv.ParseInt((frac + "000000000")[:9], 10, 64)
	}
	switch {
	case n == 0 && nanos == 0:
		t.Time = time.Time{}
	case n >= millisThreshold || n <= -millisThreshold:
		t.Time = time.UnixMilli(n).Add(time.Duration(nanos / 1e3)).UTC()
	default:
		t.Time = time.Unix(n, nanos).UTC()
	}
	return nil
}

// unmarshalFloat handles exponent forms such as 1.7e9.
func (t *Timestamp) unmarshalFloat(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("wawp: timestamp %q is not a number", b)
	}
	if math.Abs(f) >= millisThreshold {
		f /= 1e3
	}
	if f == 0 {
		t.Time = time.Time{}
		return nil
	}
	sec := math.Floor(f)
	t.Time = time.Unix(int64(sec), int64(math.Round((f-sec)*1e9))).UTC()
	return nil
}

// MarshalJSON writes Unix seconds, with a fraction only when there is one.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("0"), nil
	}
	out := strconv.AppendInt(nil, t.Unix(), 10)
	if ns := t.Nanosecond(); ns != 0 {
		frac := strings.TrimRight(fmt.Sprintf("%09d", ns), "0")
		out = append(append(out, '.'), frac...)
	}
	return out, nil
}

// Ack is a message's delivery state. It is an open enum: values the SDK does
// not know decode and are kept.
type Ack int

// Delivery states, in order of progress.
const (
	AckError   Ack = -1
	AckPending Ack = 0
	AckServer  Ack = 1
	AckDevice  Ack = 2
	AckRead    Ack = 3
	AckPlayed  Ack = 4
	// AckUnknown stands for an ack the engine did not report: null, or no
	// ack key at all (ackName "UNKNOWN"). A message decoded without an ack
	// is AckUnknown, never AckPending.
	AckUnknown Ack = math.MinInt32
)

// String returns the engine's ack name, such as "READ".
func (a Ack) String() string {
	switch a {
	case AckError:
		return "ERROR"
	case AckPending:
		return "PENDING"
	case AckServer:
		return "SERVER"
	case AckDevice:
		return "DEVICE"
	case AckRead:
		return "READ"
	case AckPlayed:
		return "PLAYED"
	case AckUnknown:
		return "UNKNOWN"
	}
	return "Ack(" + strconv.Itoa(int(a)) + ")"
}

// IsKnown reports whether a is one of the documented states, AckUnknown
// included (it is the documented "UNKNOWN").
func (a Ack) IsKnown() bool { return (a >= AckError && a <= AckPlayed) || a == AckUnknown }

// UnmarshalJSON reads a number; null becomes AckUnknown.
func (a *Ack) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*a = AckUnknown
		return nil
	}
	n, err := strconv.Atoi(string(bytes.Trim(b, `"`)))
	if err != nil {
		return fmt.Errorf("wawp: ack %q is not a number", b)
	}
	*a = Ack(n)
	return nil
}

// MarshalJSON writes the number, or null for AckUnknown.
func (a Ack) MarshalJSON() ([]byte, error) {
	if a == AckUnknown {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(a), 10), nil
}

// MessageSource says where a message the session sent came from. It is an
// open enum.
type MessageSource string

// Message sources, reported on events for messages the session sent.
const (
	// MessageSourceAPI is a message sent through the API.
	MessageSourceAPI MessageSource = "api"
	// MessageSourceApp is a message sent from a WhatsApp app.
	MessageSourceApp MessageSource = "app"
)

// String returns the source as sent on the wire.
func (s MessageSource) String() string { return string(s) }

// IsKnown reports whether s is one of the documented sources.
func (s MessageSource) IsKnown() bool { return s == MessageSourceAPI || s == MessageSourceApp }

// MessageType is the kind of content a message carries. It is an open enum;
// MessageTypeUnknown stands for a kind the SDK does not tell apart (lists,
// buttons, orders, system notices).
type MessageType string

// Message kinds, as WEBJS, GOWS and NOWEB distinguish them.
const (
	MessageTypeText     MessageType = "text"
	MessageTypeImage    MessageType = "image"
	MessageTypeVideo    MessageType = "video"
	MessageTypeAudio    MessageType = "audio"
	MessageTypeVoice    MessageType = "voice"
	MessageTypeDocument MessageType = "document"
	MessageTypeSticker  MessageType = "sticker"
	MessageTypeLocation MessageType = "location"
	// MessageTypeVCard is a contact card, or several in one message.
	MessageTypeVCard    MessageType = "vcard"
	MessageTypePoll     MessageType = "poll"
	MessageTypeReaction MessageType = "reaction"
	// MessageTypeRevoked is a message deleted for everyone (or the notice
	// of the deletion).
	MessageTypeRevoked MessageType = "revoked"
	// MessageTypeEdited is the notice of an edit; its body is the new text.
	MessageTypeEdited  MessageType = "edited"
	MessageTypeUnknown MessageType = "unknown"
)

// String returns the type's name.
func (t MessageType) String() string { return string(t) }

// IsKnown reports whether t is one of the kinds above other than
// MessageTypeUnknown.
func (t MessageType) IsKnown() bool {
	switch t {
	case MessageTypeText, MessageTypeImage, MessageTypeVideo, MessageTypeAudio, MessageTypeVoice,
		MessageTypeDocument, MessageTypeSticker, MessageTypeLocation, MessageTypeVCard,
		MessageTypePoll, MessageTypeReaction, MessageTypeRevoked, MessageTypeEdited:
		return true
	}
	return false
}

// Message is a WhatsApp message as the engine reports it: the result of a
// send, an element of a chat's history, and the payload of message webhooks.
type Message struct {
	// ID is the serialized message ID, `{fromMe}_{chat}_{id}`. When the
	// engine sent no top-level id it is taken from its raw message: WEBJS
	// `_data.id._serialized`, NOWEB `_data.key`, GOWS `_data.Info` (the bare
	// `Info.ID` when the chat is not given; a send joins it with the chat it
	// was sent to).
	ID        MessageID `json:"id"`
	Timestamp Timestamp `json:"timestamp"`
	From      ChatID    `json:"from"`
	FromMe    bool      `json:"fromMe"`
	// Source is set on events for messages the session sent; empty otherwise.
	Source MessageSource `json:"source,omitempty"`
	To     ChatID        `json:"to"`
	// Participant is the sender inside a group; empty in direct chats.
	Participant ChatID `json:"participant,omitempty"`
	// Author is the group sender on engines that use it instead of Participant.
	Author ChatID `json:"author,omitempty"`
	// Body is the text, or the caption of a media message.
	Body     string `json:"body"`
	HasMedia bool   `json:"hasMedia"`
	// Media is nil when the media was not downloaded, even if HasMedia is true.
	Media *Media `json:"media,omitempty"`
	// MediaURL is the deprecated twin of Media.URL.
	MediaURL string `json:"mediaUrl,omitempty"`
	// Ack is AckUnknown when the engine sent none.
	Ack      Ack       `json:"ack"`
	AckName  string    `json:"ackName,omitempty"`
	Location *Location `json:"location,omitempty"`
	VCards   VCards    `json:"vCards,omitempty"`
	// ReplyTo is the quoted message, when there is one.
	ReplyTo *ReplyTo `json:"replyTo,omitempty"`
	// Data is the engine's raw message, kept as sent. When a send is
	// answered with the engine's message itself (NOWEB's {key, message,
	// messageTimestamp}), Data is that whole answer.
	Data json.RawMessage `json:"_data,omitempty"`

	// Raw is the whole answer of the send that returned this message, as
	// sent; nil on messages from lists and events (an Event keeps its own
	// raw bytes).
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes a message: a missing ack is AckUnknown, an id sent
// as {"_serialized": ...} is read, and what the engine left implicit (the ID,
// the type) is derived; see Message.ID and Message.Type.
func (m *Message) UnmarshalJSON(b []byte) error {
	wire := newMessageWire(m)
	if err := json.Unmarshal(b, wire); err != nil {
		return err
	}
	return wire.finish(func() ([]byte, error) { return b, nil })
}

// messageWire is the decoding form of a Message: its own fields, with the
// ack preset to AckUnknown and the id kept raw, since engines send it as a
// string or as an {"_serialized": ...} object. Message.UnmarshalJSON decodes
// into one, and ParseEvent decodes a message event's payload straight into
// one, so that the payload is decoded once.
type messageWire struct {
	*plainMessage
	// ID is decoded as any, so that the common string needs no decode of
	// its own.
	ID any `json:"id"`
}

// plainMessage is Message without its UnmarshalJSON method.
type plainMessage Message

// newMessageWire resets m and returns the form that decodes into it.
func newMessageWire(m *Message) *messageWire {
	*m = Message{Ack: AckUnknown}
	return &messageWire{plainMessage: (*plainMessage)(m)}
}

// finish reads the id and derives what the engine left implicit. own gives
// the message's JSON, asked for only when the message has neither an id nor
// Data: an engine's own message (NOWEB's {key, message}, a WEBJS raw
// object) sent in place of the shared shape becomes its Data.
func (w *messageWire) finish(own func() ([]byte, error)) error {
	m := (*Message)(w.plainMessage)
	switch id := w.ID.(type) {
	case nil:
	case string:
		m.ID = MessageID(wireID(id))
	case map[string]any:
		serialized, _ := id["_serialized"].(string)
		m.ID = MessageID(wireID(serialized))
	default:
		return fmt.Errorf("wawp: message id is a JSON %T, not a string or an object", id)
	}
	if m.ID == "" && len(m.Data) == 0 {
		b, err := own()
		if err != nil {
			return err
		}
		m.Data = append(json.RawMessage(nil), b...)
	}
	m.derive()
	return nil
}

// unmarshalMessageAnd decodes a payload that embeds Message: the message by
// its own decoding, the payload's other fields into extra, a struct of just
// those fields. Embedding alone would hand the whole payload to
// Message.UnmarshalJSON.
func unmarshalMessageAnd(b []byte, m *Message, extra any) error {
	if err := m.UnmarshalJSON(b); err != nil {
		return err
	}
	return json.Unmarshal(b, extra)
}

// derive fills what the engine left implicit: the ID (and, for a message
// known only by its engine form, the sender, time and text) and the Type.
// Every decoding path calls it once the fields are read; calling it again
// changes nothing.
func (m *Message) derive() {
	if len(m.Data) <= 2 || m.complete() {
		return
	}
	m.fillFromEngine(m.engineData())
}

// complete reports whether the shared shape already gave everything that
// fillFromEngine could fill, so that the engine's message need not be read:
// most messages, whose engine left only their type implicit.
func (m *Message) complete() bool {
	return m.ID != "" && m.From != "" && m.To != "" && !m.Timestamp.IsZero() && m.Body != ""
}

// engineData reads the parts of the engine's own message the SDK looks at.
func (m *Message) engineData() *engineData {
	var data engineData
	// A probe fails only on malformed JSON, which the message's own
	// decoding has already rejected.
	_ = json.Unmarshal(m.Data, &data)
	return &data
}

// Type is the kind of content, worked out from the first of these that
// says: WEBJS `_data.type` (chat is text, ptt is voice, vcard and
// multi_vcard are vcard, poll_creation is poll, revoked, reaction); GOWS
// `_data.IsEdit`, `_data.Info.MediaType` (ptt is voice, gif and ptv are
// video, contact_array is vcard, livelocation is location) and
// `_data.Info.Type` (reaction, poll); the content key of the engine's
// message, NOWEB `_data.message` or GOWS `_data.Message` (conversation and
// extendedTextMessage are text, audioMessage with ptt is voice,
// protocolMessage is revoked or edited, ...); the media MIME type
// (image/webp is a sticker, audio/ogg with the opus codec a voice note); a
// location or contact cards; a body, which is text. Otherwise
// MessageTypeUnknown. It reads the engine's message on each call, so a
// caller that needs it often keeps the result.
func (m *Message) Type() MessageType {
	if len(m.Data) > 2 {
		if t := m.engineData().messageType(); t != "" {
			return t
		}
	}
	return m.contentType()
}

// engineData is what the SDK reads from an engine's raw message. Every part
// is kept raw and read on its own, so one part in an unexpected shape does
// not hide the others.
type engineData struct {
	// WEBJS: id {fromMe, remote, id, _serialized}, from, to, type, t,
	// body, caption.
	ID      json.RawMessage `json:"id"`
	From    json.RawMessage `json:"from"`
	To      json.RawMessage `json:"to"`
	Type    json.RawMessage `json:"type"`
	T       json.RawMessage `json:"t"`
	Body    json.RawMessage `json:"body"`
	Caption json.RawMessage `json:"caption"`
	// NOWEB: key {remoteJid, fromMe, id}, messageTimestamp, message.
	Key              json.RawMessage `json:"key"`
	MessageTimestamp json.RawMessage `json:"messageTimestamp"`
	// Message is NOWEB's message and GOWS's Message (the key is matched
	// case-insensitively): the content, keyed by kind.
	Message json.RawMessage `json:"message"`
	// GOWS: Info {ID, Chat, Sender, IsFromMe, Timestamp, Type, MediaType}, IsEdit.
	Info   json.RawMessage `json:"Info"`
	IsEdit json.RawMessage `json:"IsEdit"`
}

// goInfo is GOWS's message info.
type goInfo struct {
	ID        string `json:"ID"`
	Chat      string `json:"Chat"`
	Sender    string `json:"Sender"`
	IsFromMe  *bool  `json:"IsFromMe"`
	Timestamp string `json:"Timestamp"`
	Type      string `json:"Type"`
	MediaType string `json:"MediaType"`
}

// engineKey is the message key of NOWEB answers:
// {"remoteJid":"...@s.whatsapp.net","fromMe":true,"id":"AAAA"}.
type engineKey struct {
	RemoteJID string `json:"remoteJid"`
	FromMe    bool   `json:"fromMe"`
	ID        string `json:"id"`
}

// messageID serializes the key, or returns the bare ID when the chat is not
// a recognisable chat ID.
func (k engineKey) messageID() MessageID {
	chat, err := ParseChatID(k.RemoteJID)
	if err != nil {
		return MessageID(k.ID)
	}
	return MessageIDParts{FromMe: k.FromMe, Chat: chat, ID: k.ID}.MessageID()
}

func (d *engineData) info() (goInfo, bool) {
	var info goInfo
	return info, len(d.Info) > 0 && json.Unmarshal(d.Info, &info) == nil
}

// sender finds who sent the engine's message: WEBJS's from, or GOWS's
// Sender for the session's own messages and Chat for the others.
func (d *engineData) sender(fromMe bool) ChatID {
	if id := engineID(d.From); id != "" {
		return ChatID(id)
	}
	info, ok := d.info()
	if !ok {
		return ""
	}
	jid := info.Chat
	if fromMe {
		jid = info.Sender
	}
	id, err := ParseChatID(jid)
	if err != nil {
		return ""
	}
	return id
}

// messageID finds the ID in the engine's message: WEBJS, NOWEB, then GOWS.
func (d *engineData) messageID() MessageID {
	if id := engineID(d.ID); id != "" {
		return MessageID(id)
	}
	var key engineKey
	if len(d.Key) > 0 && json.Unmarshal(d.Key, &key) == nil && key.ID != "" {
		return key.messageID()
	}
	info, ok := d.info()
	if !ok || info.ID == "" {
		return ""
	}
	if chat, err := ParseChatID(info.Chat); err == nil && info.IsFromMe != nil {
		return MessageIDParts{FromMe: *info.IsFromMe, Chat: chat, ID: info.ID}.MessageID()
	}
	return MessageID(info.ID)
}

// fillFromEngine fills what the shared shape left empty from the engine's
// own message: the ID (and with it the direction and chat) when there was no
// top-level id, and the sender, recipient, time and text.
func (m *Message) fillFromEngine(d *engineData) {
	if m.ID == "" {
		m.ID = d.messageID()
		if parts, err := m.ID.Parts(); err == nil {
			m.FromMe = m.FromMe || parts.FromMe
			if m.FromMe && m.To == "" {
				m.To = parts.Chat
			} else if !m.FromMe && m.From == "" {
				m.From = parts.Chat
			}
		}
	}
	if m.From == "" {
		m.From = d.sender(m.FromMe)
	}
	if m.To == "" {
		m.To = ChatID(engineID(d.To))
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = d.timestamp()
	}
	if m.Body == "" {
		m.Body = d.body()
	}
}

// timestamp reads the time of NOWEB, WEBJS or GOWS, in that order.
func (d *engineData) timestamp() Timestamp {
	for _, raw := range []json.RawMessage{d.MessageTimestamp, d.T} {
		if t := looseTimestamp(raw); !t.IsZero() {
			return t
		}
	}
	if info, ok := d.info(); ok {
		if t, err := time.Parse(time.RFC3339Nano, info.Timestamp); err == nil && t.Unix() > 0 {
			return Timestamp{t.UTC()}
		}
	}
	return Timestamp{}
}

// body reads the text or caption of the engine's message.
func (d *engineData) body() string {
	if caption := rawString(d.Caption); caption != "" {
		return caption
	}
	if rawString(d.Type) == "chat" {
		return rawString(d.Body)
	}
	var content struct {
		Conversation string `json:"conversation"`
		ExtendedText struct {
			Text string `json:"text"`
		} `json:"extendedTextMessage"`
	}
	if json.Unmarshal(d.Message, &content) == nil && content.Conversation != "" {
		return content.Conversation
	}
	if content.ExtendedText.Text != "" {
		return content.ExtendedText.Text
	}
	for _, key := range []string{"imageMessage", "videoMessage", "documentMessage"} {
		var media struct {
			Caption string `json:"caption"`
		}
		if json.Unmarshal(d.content()[key], &media) == nil && media.Caption != "" {
			return media.Caption
		}
	}
	return ""
}

// content returns the engine message's content keys, unwrapping the
// envelopes WhatsApp puts around some messages (disappearing, view once,
// document with caption).
func (d *engineData) content() map[string]json.RawMessage {
	var keys map[string]json.RawMessage
	if len(d.Message) == 0 || json.Unmarshal(d.Message, &keys) != nil {
		return nil
	}
	for _, wrapper := range []string{"ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2", "documentWithCaptionMessage"} {
		if raw, ok := keys[wrapper]; ok {
			var inner struct {
				Message map[string]json.RawMessage `json:"message"`
			}
			if json.Unmarshal(raw, &inner) == nil && inner.Message != nil {
				return inner.Message
			}
		}
	}
	return keys
}

// webjsTypes maps WEBJS's _data.type to a MessageType.
var webjsTypes = map[string]MessageType{
	"chat": MessageTypeText, "image": MessageTypeImage, "video": MessageTypeVideo,
	"audio": MessageTypeAudio, "ptt": MessageTypeVoice, "document": MessageTypeDocument,
	"sticker": MessageTypeSticker, "location": MessageTypeLocation, "vcard": MessageTypeVCard,
	"multi_vcard": MessageTypeVCard, "poll_creation": MessageTypePoll, "reaction": MessageTypeReaction,
	"revoked": MessageTypeRevoked,
}

// gowsMediaTypes maps GOWS's Info.MediaType to a MessageType.
var gowsMediaTypes = map[string]MessageType{
	"image": MessageTypeImage, "video": MessageTypeVideo, "gif": MessageTypeVideo,
	"ptv": MessageTypeVideo, "audio": MessageTypeAudio, "ptt": MessageTypeVoice,
	"document": MessageTypeDocument, "sticker": MessageTypeSticker, "vcard": MessageTypeVCard,
	"contact_array": MessageTypeVCard, "location": MessageTypeLocation,
	"livelocation": MessageTypeLocation, "url": MessageTypeText,
}

// contentKeys maps the content keys of NOWEB and GOWS messages to a
// MessageType, in the order they are looked for.
var contentKeys = []struct {
	key string
	typ MessageType
}{
	{"conversation", MessageTypeText}, {"extendedTextMessage", MessageTypeText},
	{"imageMessage", MessageTypeImage}, {"videoMessage", MessageTypeVideo}, {"ptvMessage", MessageTypeVideo},
	{"audioMessage", MessageTypeAudio}, {"documentMessage", MessageTypeDocument},
	{"stickerMessage", MessageTypeSticker}, {"locationMessage", MessageTypeLocation},
	{"liveLocationMessage", MessageTypeLocation}, {"contactMessage", MessageTypeVCard},
	{"contactsArrayMessage", MessageTypeVCard}, {"pollCreationMessage", MessageTypePoll},
	{"pollCreationMessageV2", MessageTypePoll}, {"pollCreationMessageV3", MessageTypePoll},
	{"reactionMessage", MessageTypeReaction}, {"editedMessage", MessageTypeEdited},
	{"protocolMessage", MessageTypeRevoked},
}

// protocolMessageEdit is the protocolMessage type of an edit (MESSAGE_EDIT);
// REVOKE is 0, which encoders often leave out.
const protocolMessageEdit = 14

// messageType derives the type from the engine's raw message, or returns ""
// when it does not say.
func (d *engineData) messageType() MessageType {
	if t := rawString(d.Type); t != "" {
		if typ, ok := webjsTypes[t]; ok {
			return typ
		}
		return MessageTypeUnknown
	}
	if string(d.IsEdit) == "true" {
		return MessageTypeEdited
	}
	if info, ok := d.info(); ok {
		if typ, ok := gowsMediaTypes[info.MediaType]; ok {
			return typ
		}
		switch info.Type {
		case "reaction":
			return MessageTypeReaction
		case "poll":
			return MessageTypePoll
		}
	}
	content := d.content()
	for _, c := range contentKeys {
		raw, ok := content[c.key]
		if !ok {
			continue
		}
		switch c.key {
		case "audioMessage":
			var audio struct {
				PTT bool `json:"ptt"`
			}
			if json.Unmarshal(raw, &audio) == nil && audio.PTT {
				return MessageTypeVoice
			}
		case "protocolMessage":
			return protocolType(raw)
		}
		return c.typ
	}
	return ""
}

// protocolType tells a revoke from an edit.
func protocolType(raw json.RawMessage) MessageType {
	var p struct {
		Type          json.RawMessage `json:"type"`
		EditedMessage json.RawMessage `json:"editedMessage"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return MessageTypeUnknown
	}
	switch t := rawString(p.Type); {
	case len(p.EditedMessage) > 0 || t == "MESSAGE_EDIT" || t == strconv.Itoa(protocolMessageEdit):
		return MessageTypeEdited
	case t == "" || t == "REVOKE" || t == "0":
		return MessageTypeRevoked
	}
	return MessageTypeUnknown
}

// contentType derives the type from the decoded fields when the engine's raw
// message does not say: the media MIME type, a location, contact cards, a
// body.
func (m *Message) contentType() MessageType {
	if m.Media != nil && m.Media.MIMEType != "" {
		return mimeMessageType(m.Media.MIMEType)
	}
	switch {
	case m.Location != nil:
		return MessageTypeLocation
	case len(m.VCards) > 0:
		return MessageTypeVCard
	case m.HasMedia:
		return MessageTypeUnknown
	case m.Body != "":
		return MessageTypeText
	}
	return MessageTypeUnknown
}

// mimeMessageType maps a media MIME type to a MessageType. WhatsApp sends
// stickers as WebP and voice notes as Opus in Ogg.
func mimeMessageType(mimeType string) MessageType {
	media, params, err := mime.ParseMediaType(mimeType)
	if err != nil {
		media = strings.ToLower(strings.TrimSpace(mimeType))
	}
	major, _, _ := strings.Cut(media, "/")
	switch {
	case media == "image/webp":
		return MessageTypeSticker
	case major == "image":
		return MessageTypeImage
	case major == "video":
		return MessageTypeVideo
	case media == "audio/ogg" && strings.Contains(strings.ToLower(params["codecs"]), "opus"):
		return MessageTypeVoice
	case major == "audio":
		return MessageTypeAudio
	}
	return MessageTypeDocument
}

// Media describes a message's downloaded media.
type Media struct {
	URL      string `json:"url,omitempty"`
	MIMEType string `json:"mimetype,omitempty"`
	Filename string `json:"filename,omitempty"`
	// S3 is set when the server stores media in S3.
	S3 *S3Object `json:"s3,omitempty"`
	// Error is the engine's download error, if any.
	Error json.RawMessage `json:"error,omitempty"`
}

// S3Object locates media stored in S3.
type S3Object struct {
	Bucket string `json:"Bucket"`
	Key    string `json:"Key"`
}

// Location is the content of a location message.
type Location struct {
	Latitude    Coordinate `json:"latitude"`
	Longitude   Coordinate `json:"longitude"`
	Description string     `json:"description,omitempty"`
	Name        string     `json:"name,omitempty"`
	Address     string     `json:"address,omitempty"`
	URL         string     `json:"url,omitempty"`
	Live        bool       `json:"live,omitempty"`
	// Thumbnail is the map preview the engine sent, usually base64 JPEG.
	Thumbnail string `json:"thumbnail,omitempty"`
}

// Coordinate is a latitude or longitude in degrees. Engines send it as a
// number or as a string; both decode. A value that is not a number (the
// documentation's own example sends "string") decodes as 0 instead of
// failing the whole message: a message is worth more than its pin. The
// engine's text stays in the message's raw bytes (Message.Data,
// Event.RawPayload).
type Coordinate float64

// UnmarshalJSON accepts a number, a numeric string, "" or null; anything
// else that is valid JSON decodes as 0.
func (c *Coordinate) UnmarshalJSON(b []byte) error {
	*c = 0
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("wawp: coordinate: %w", err)
	}
	var text string
	switch v := v.(type) {
	case float64:
		*c = Coordinate(v)
		return nil
	case string:
		text = v
	default:
		return nil
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		*c = Coordinate(f)
	}
	return nil
}

// VCards are the vCard texts of a contact message. They decode from a list
// or from an object keyed "0", "1", ... as some documentation renders them.
type VCards []string

// UnmarshalJSON accepts a list, an index-keyed object or null.
func (v *VCards) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*v = nil
		return nil
	}
	if isEmptyJSONArray(b) {
		// Nearly every message has "vCards": []; answer it without a
		// nested decode, with the same empty non-nil list.
		*v = VCards{}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*v = list
		return nil
	}
	var keyed map[string]string
	if err := json.Unmarshal(b, &keyed); err != nil {
		return fmt.Errorf("wawp: vCards is neither a list nor an object of strings")
	}
	keys := make([]string, 0, len(keyed))
	for k := range keyed {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, errA := strconv.Atoi(keys[i])
		c, errC := strconv.Atoi(keys[j])
		if errA == nil && errC == nil {
			return a < c
		}
		return keys[i] < keys[j]
	})
	list = make([]string, len(keys))
	for i, k := range keys {
		list[i] = keyed[k]
	}
	*v = list
	return nil
}

// isEmptyJSONArray reports whether b is [] with only JSON whitespace inside.
func isEmptyJSONArray(b []byte) bool {
	b = bytes.Trim(b, " \t\r\n")
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return false
	}
	return len(bytes.Trim(b[1:len(b)-1], " \t\r\n")) == 0
}

// ReplyTo is the message a message quotes.
type ReplyTo struct {
	// ID is bare ("AAAA...") on some engines and serialized on others.
	ID          MessageID       `json:"id,omitempty"`
	Participant ChatID          `json:"participant,omitempty"`
	Body        string          `json:"body,omitempty"`
	HasMedia    bool            `json:"hasMedia,omitempty"`
	Media       *Media          `json:"media,omitempty"`
	Data        json.RawMessage `json:"_data,omitempty"`
}

// File is a remote file the server downloads: media to send, a picture to
// set. Only URL is required; Filename and MIMEType are filled from the URL
// when left empty.
type File struct {
	URL      string `url:"url" json:"url"`
	Filename string `url:"filename,omitempty" json:"filename,omitempty"`
	MIMEType string `url:"mimetype,omitempty" json:"mimetype,omitempty"`
}

// prepare validates the file and fills Filename and MIMEType from the URL.
// field names the parameter in errors, such as "file".
func (f File) prepare(field string) (File, error) {
	f.URL = strings.TrimSpace(f.URL)
	if f.URL == "" {
		return f, &ValidationError{Field: field + ".url", Reason: "is required"}
	}
	u, err := url.Parse(f.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return f, &ValidationError{Field: field + ".url", Reason: "must be an absolute http(s) URL"}
	}
	if f.Filename == "" {
		if base := path.Base(u.Path); base != "/" && base != "." {
			f.Filename = base
		}
	}
	if f.MIMEType == "" {
		f.MIMEType = mimeTypeOf(path.Ext(f.Filename))
		if f.MIMEType == "" {
			f.MIMEType = mimeTypeOf(path.Ext(u.Path))
		}
	}
	return f, nil
}

func mimeTypeOf(ext string) string {
	ext = strings.ToLower(ext)
	if ext == "" {
		return ""
	}
	// WhatsApp media types first: system tables often lack them.
	switch ext {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".gif":
		return "image/gif"
	case ".pdf":
		return "application/pdf"
	case ".mp4":
		return "video/mp4"
	case ".3gp":
		return "video/3gpp"
	case ".ogg", ".oga", ".opus":
		return "audio/ogg; codecs=opus"
	case ".mp3":
		return "audio/mpeg"
	case ".m4a":
		return "audio/mp4"
	}
	return mime.TypeByExtension(ext)
}

// Label is a WhatsApp Business label.
type Label struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Color is the palette index, 0 to 19.
	Color int `json:"color"`
	// ColorHex is the palette colour as "#rrggbb".
	ColorHex string `json:"colorHex,omitempty"`
}

// Presence is a chat presence state. It is an open enum.
type Presence string

// Presence states accepted by Presence.Set and reported by Presence.Get and
// presence.update events. Online and offline apply to the whole account;
// typing, recording and paused to one chat.
const (
	PresenceOnline    Presence = "online"
	PresenceOffline   Presence = "offline"
	PresenceTyping    Presence = "typing"
	PresenceRecording Presence = "recording"
	PresencePaused    Presence = "paused"
	// PresenceComposing is Wawp's own client's name for typing; the server
	// may or may not map it.
	PresenceComposing Presence = "composing"
	// PresenceUnavailable is Wawp's own client's name for offline; the
	// server may or may not map it.
	PresenceUnavailable Presence = "unavailable"
)

// String returns the state as sent on the wire.
func (p Presence) String() string { return string(p) }

// IsKnown reports whether p is one of the documented states.
func (p Presence) IsKnown() bool {
	switch p {
	case PresenceOnline, PresenceOffline, PresenceTyping, PresenceRecording, PresencePaused,
		PresenceComposing, PresenceUnavailable:
		return true
	}
	return false
}

// ChatPresences is the presence of everyone in a chat.
type ChatPresences struct {
	ID        ChatID                `json:"id"`
	Presences []ParticipantPresence `json:"presences"`
}

// ParticipantPresence is one person's presence in a chat.
type ParticipantPresence struct {
	Participant ChatID `json:"participant"`
	// LastSeen is zero when the person hides it.
	LastSeen          Timestamp `json:"lastSeen"`
	LastKnownPresence Presence  `json:"lastKnownPresence"`
}

// GroupRole is a member's role in a group. It is an open enum.
type GroupRole string

// Group roles.
const (
	GroupRoleParticipant GroupRole = "participant"
	GroupRoleAdmin       GroupRole = "admin"
	GroupRoleSuperAdmin  GroupRole = "superadmin"
	GroupRoleLeft        GroupRole = "left"
)

// String returns the role as sent on the wire.
func (r GroupRole) String() string { return string(r) }

// IsKnown reports whether r is one of the documented roles.
func (r GroupRole) IsKnown() bool {
	switch r {
	case GroupRoleParticipant, GroupRoleAdmin, GroupRoleSuperAdmin, GroupRoleLeft:
		return true
	}
	return false
}

// GroupParticipant is a member of a group.
type GroupParticipant struct {
	ID ChatID `json:"id"`
	// PhoneNumber is the @c.us ID when ID is a hidden @lid.
	PhoneNumber ChatID    `json:"pn,omitempty"`
	Role        GroupRole `json:"role,omitempty"`
}

// Ptr returns a pointer to v, for optional parameters such as
// LabelCreateParams.Color or SendVoiceParams.Convert.
func Ptr[T any](v T) *T { return &v }
