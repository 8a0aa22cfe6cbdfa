package wawp

import (
	"errors"
	"fmt"
	"strings"
)

// ChatID is a WhatsApp chat address: a person (`<phone>@c.us`), a hidden
// linked ID (`<digits>@lid`), a group (`<id>@g.us`), a channel
// (`<id>@newsletter`) or the status pseudo-chat (`status@broadcast`).
// It is a plain string on the wire, in JSON and in query strings.
type ChatID string

// Chat ID suffixes.
const (
	SuffixUser    = "@c.us"
	SuffixLID     = "@lid"
	SuffixGroup   = "@g.us"
	SuffixChannel = "@newsletter"
	// suffixJID is the engine-internal user suffix; it is converted to @c.us.
	suffixJID = "@s.whatsapp.net"
)

// StatusBroadcast is the pseudo-chat that 24-hour statuses are posted to.
const StatusBroadcast ChatID = "status@broadcast"

// String returns the chat ID as sent on the wire.
func (id ChatID) String() string { return string(id) }

// User returns the part before '@': the phone number of a person, the group
// or channel number otherwise.
func (id ChatID) User() string {
	user, _, _ := strings.Cut(string(id), "@")
	return user
}

// IsUser reports a person addressed by phone number (@c.us).
func (id ChatID) IsUser() bool { return strings.HasSuffix(string(id), SuffixUser) }

// IsLID reports a person addressed by hidden linked ID (@lid).
func (id ChatID) IsLID() bool { return strings.HasSuffix(string(id), SuffixLID) }

// IsGroup reports a group chat (@g.us).
func (id ChatID) IsGroup() bool { return strings.HasSuffix(string(id), SuffixGroup) }

// IsChannel reports a channel (@newsletter).
func (id ChatID) IsChannel() bool { return strings.HasSuffix(string(id), SuffixChannel) }

// IsStatusBroadcast reports the status pseudo-chat.
func (id ChatID) IsStatusBroadcast() bool { return id == StatusBroadcast }

// ParseChatID checks s and returns it as a ChatID. A bare phone number
// (with or without '+', spaces, dashes or a leading 00) becomes `<digits>@c.us`,
// and the engine-internal `<phone>[:device]@s.whatsapp.net` becomes `<phone>@c.us`.
func ParseChatID(s string) (ChatID, error) {
	s = strings.TrimSpace(s)
	if s == string(StatusBroadcast) {
		return StatusBroadcast, nil
	}
	user, suffix, found := strings.Cut(s, "@")
	if !found {
		return UserChatID(s)
	}
	suffix = "@" + suffix
	switch suffix {
	case SuffixUser, SuffixLID, SuffixChannel:
		if isDigits(user) {
			return ChatID(s), nil
		}
	case SuffixGroup:
		if isGroupUser(user) {
			return ChatID(s), nil
		}
	case suffixJID:
		phone, _, _ := strings.Cut(user, ":")
		if isDigits(phone) {
			return ChatID(phone + SuffixUser), nil
		}
	default:
		return "", chatIDError(s, "has an unknown suffix; want @c.us, @lid, @g.us, @newsletter or status@broadcast")
	}
	return "", chatIDError(s, "has an invalid part before "+suffix)
}

// UserChatID returns the chat ID of a person from a phone number in
// international form. "+44 7441-429009", "0044 7441 429009" and
// "447441429009" all give "447441429009@c.us"; an ID that already ends in
// @c.us is checked and returned as is.
func UserChatID(phone string) (ChatID, error) {
	phone = strings.TrimSpace(phone)
	if strings.HasSuffix(phone, SuffixUser) {
		return ParseChatID(phone)
	}
	digits := normalizePhone(phone)
	const minDigits, maxDigits = 7, 15 // E.164 allows at most 15 digits
	if !isDigits(digits) || len(digits) < minDigits || len(digits) > maxDigits {
		return "", chatIDError(phone, "is not a phone number in international form (7 to 15 digits with the country code)")
	}
	return ChatID(digits + SuffixUser), nil
}

// GroupChatID returns the chat ID of a group from "<id>" or "<id>@g.us".
func GroupChatID(id string) (ChatID, error) {
	id = strings.TrimSuffix(strings.TrimSpace(id), SuffixGroup)
	if !isGroupUser(id) {
		return "", chatIDError(id, "is not a group ID")
	}
	return ChatID(id + SuffixGroup), nil
}

// ChannelChatID returns the chat ID of a channel from "<id>" or "<id>@newsletter".
func ChannelChatID(id string) (ChatID, error) {
	id = strings.TrimSuffix(strings.TrimSpace(id), SuffixChannel)
	if !isDigits(id) {
		return "", chatIDError(id, "is not a channel ID")
	}
	return ChatID(id + SuffixChannel), nil
}

// normalizePhone strips the decorations people write around phone numbers.
func normalizePhone(phone string) string {
	digits := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t':
			return -1
		}
		return r
	}, phone)
	digits = strings.TrimPrefix(digits, "+")
	return strings.TrimPrefix(digits, "00")
}

// isGroupUser accepts new group IDs (digits) and old ones (<creator>-<time>).
func isGroupUser(s string) bool {
	first, second, hasDash := strings.Cut(s, "-")
	if hasDash {
		return isDigits(first) && isDigits(second)
	}
	return isDigits(s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// chatIDError reports a malformed chat ID without repeating it: chat IDs
// carry phone numbers, which stay out of error strings.
func chatIDError(_, reason string) error {
	return &ValidationError{Field: "chatId", Reason: reason}
}

// checkChatID applies ParseChatID's rules to a chat ID parameter named field,
// before any I/O. It is the one check every chat ID a method takes goes
// through.
func checkChatID(field string, id ChatID) error {
	if _, err := ParseChatID(string(id)); err != nil {
		var verr *ValidationError
		if errors.As(err, &verr) {
			return &ValidationError{Field: field, Reason: verr.Reason}
		}
		return err
	}
	return nil
}

// checkMessageID accepts a serialized message ID or the bare ID some calls
// take, and rejects what would change the route or cannot be an ID: empty,
// dot segments, white space and control characters.
func checkMessageID(field string, id MessageID) error {
	s := string(id)
	if err := checkSegment(field, s); err != nil {
		return err
	}
	if strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return &ValidationError{Field: field, Reason: "must not contain white space or control characters"}
	}
	return nil
}

// MessageID is a serialized WhatsApp message ID,
// `{fromMe}_{chatId}_{id}[_{participant}]`, for example
// `false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA`. It is a plain string on the
// wire. Some payloads carry only the bare `{id}` part; those stay as they are.
type MessageID string

// MessageIDParts are the pieces of a serialized message ID.
type MessageIDParts struct {
	// FromMe is true for messages the session sent.
	FromMe bool
	// Chat is the chat the message belongs to.
	Chat ChatID
	// ID is the bare message ID, such as "AAAAAAAAAAAAAAAAAAAA".
	ID string
	// Participant is the sender inside a group or status chat; empty otherwise.
	Participant ChatID
}

// String returns the ID as sent on the wire.
func (id MessageID) String() string { return string(id) }

// String formats the parts as a serialized message ID.
func (p MessageIDParts) String() string {
	s := fmt.Sprintf("%t_%s_%s", p.FromMe, p.Chat, p.ID)
	if p.Participant != "" {
		s += "_" + string(p.Participant)
	}
	return s
}

// MessageID formats the parts as a MessageID.
func (p MessageIDParts) MessageID() MessageID { return MessageID(p.String()) }

// ParseMessageID checks that s is a serialized message ID and returns it.
func ParseMessageID(s string) (MessageID, error) {
	id := MessageID(strings.TrimSpace(s))
	if _, err := id.Parts(); err != nil {
		return "", err
	}
	return id, nil
}

// Parts splits a serialized message ID into its pieces.
func (id MessageID) Parts() (MessageIDParts, error) {
	s := string(id)
	fromMe, rest, ok := strings.Cut(s, "_")
	if !ok || (fromMe != "true" && fromMe != "false") {
		return MessageIDParts{}, messageIDError(s, "must start with true_ or false_")
	}
	// The chat ID runs to the first '_' after its '@'.
	at := strings.IndexByte(rest, '@')
	if at < 0 {
		return MessageIDParts{}, messageIDError(s, "has no chat ID")
	}
	end := strings.IndexByte(rest[at:], '_')
	if end < 0 {
		return MessageIDParts{}, messageIDError(s, "has no message part after the chat ID")
	}
	chat, tail := rest[:at+end], rest[at+end+1:]
	if _, err := ParseChatID(chat); err != nil {
		return MessageIDParts{}, messageIDError(s, "has an invalid chat ID")
	}
	parts := MessageIDParts{FromMe: fromMe == "true", Chat: ChatID(chat), ID: tail}
	// A participant suffix is the last '_' piece when it is itself a chat ID.
	if i := strings.LastIndexByte(tail, '_'); i >= 0 && strings.Contains(tail[i+1:], "@") {
		parts.ID, parts.Participant = tail[:i], ChatID(tail[i+1:])
	}
	if parts.ID == "" {
		return MessageIDParts{}, messageIDError(s, "has an empty message part")
	}
	return parts, nil
}

// messageIDError reports a malformed message ID without repeating it: a
// message ID carries the chat's phone number.
func messageIDError(_, reason string) error {
	return &ValidationError{Field: "messageId", Reason: reason}
}
