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
	// AckUnknown stands for a null ack, sent by engines that did not track it.
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

// IsKnown reports whether a is one of the documented states.
func (a Ack) IsKnown() bool { return a >= AckError && a <= AckPlayed }

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

// Message is a WhatsApp message as the engine reports it: the result of a
// send, an element of a chat's history, and the payload of message webhooks.
type Message struct {
	// ID is the serialized message ID.
	ID        MessageID `json:"id"`
	Timestamp Timestamp `json:"timestamp"`
	From      ChatID    `json:"from"`
	FromMe    bool      `json:"fromMe"`
	// Source is "api" or "app" for messages the session sent; empty otherwise.
	Source string `json:"source,omitempty"`
	To     ChatID `json:"to"`
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
	MediaURL string    `json:"mediaUrl,omitempty"`
	Ack      Ack       `json:"ack"`
	AckName  string    `json:"ackName,omitempty"`
	Location *Location `json:"location,omitempty"`
	VCards   VCards    `json:"vCards,omitempty"`
	// ReplyTo is the quoted message, when there is one.
	ReplyTo *ReplyTo `json:"replyTo,omitempty"`
	// Data is the engine's raw message, kept as sent.
	Data json.RawMessage `json:"_data,omitempty"`
}

// resolveID fills ID from the engine's raw message when the top-level id is
// missing, as some engines answer sends with only `_data.Info.ID`.
func (m *Message) resolveID() {
	if m.ID != "" || len(m.Data) == 0 {
		return
	}
	var raw struct {
		Info struct {
			ID       string `json:"ID"`
			Chat     string `json:"Chat"`
			IsFromMe *bool  `json:"IsFromMe"`
		} `json:"Info"`
	}
	if json.Unmarshal(m.Data, &raw) != nil || raw.Info.ID == "" {
		return
	}
	m.ID = MessageID(raw.Info.ID)
	if chat, err := ParseChatID(raw.Info.Chat); err == nil && raw.Info.IsFromMe != nil {
		m.ID = MessageIDParts{FromMe: *raw.Info.IsFromMe, Chat: chat, ID: raw.Info.ID}.MessageID()
	}
}

// resolveIDs applies resolveID to every message of a list.
func resolveIDs(ms []Message) {
	for i := range ms {
		ms[i].resolveID()
	}
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
}

// Coordinate is a latitude or longitude in degrees. Engines send it as a
// number or as a string; both decode.
type Coordinate float64

// UnmarshalJSON accepts a number, a numeric string, "" or null.
func (c *Coordinate) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	if len(b) == 0 || string(b) == "null" {
		*c = 0
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("wawp: coordinate %q is not a number", b)
	}
	*c = Coordinate(f)
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

// Presence states accepted by Presence.Set and reported by Presence.Get.
const (
	PresenceOnline    Presence = "online"
	PresenceOffline   Presence = "offline"
	PresenceTyping    Presence = "typing"
	PresenceRecording Presence = "recording"
	PresencePaused    Presence = "paused"
)

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

// GroupParticipant is a member of a group.
type GroupParticipant struct {
	ID ChatID `json:"id"`
	// PhoneNumber is the @c.us ID when ID is a hidden @lid.
	PhoneNumber ChatID    `json:"pn,omitempty"`
	Role        GroupRole `json:"role,omitempty"`
}

// Ptr returns a pointer to v, for optional parameters such as
// LabelParams.Color or SendVoiceParams.Convert.
func Ptr[T any](v T) *T { return &v }
