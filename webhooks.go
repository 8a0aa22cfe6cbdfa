package wawp

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"unicode/utf8"
)

// EventType names a webhook event, such as "message". It is an open enum:
// events the SDK does not know decode too, with an *UnknownEvent payload.
type EventType string

// Event types Wawp delivers, with poll.vote and message.ack.group that the
// underlying engine also sends.
const (
	EventSessionStatus       EventType = "session.status"
	EventMessage             EventType = "message"
	EventMessageAny          EventType = "message.any"
	EventMessageReaction     EventType = "message.reaction"
	EventMessageAck          EventType = "message.ack"
	EventMessageAckGroup     EventType = "message.ack.group"
	EventMessageRevoked      EventType = "message.revoked"
	EventMessageEdited       EventType = "message.edited"
	EventGroupJoin           EventType = "group.v2.join"
	EventGroupLeave          EventType = "group.v2.leave"
	EventGroupUpdate         EventType = "group.v2.update"
	EventGroupParticipants   EventType = "group.v2.participants"
	EventPresenceUpdate      EventType = "presence.update"
	EventPollVote            EventType = "poll.vote"
	EventPollVoteFailed      EventType = "poll.vote.failed"
	EventChatArchive         EventType = "chat.archive"
	EventCallReceived        EventType = "call.received"
	EventCallAccepted        EventType = "call.accepted"
	EventCallRejected        EventType = "call.rejected"
	EventLabelUpsert         EventType = "label.upsert"
	EventLabelDeleted        EventType = "label.deleted"
	EventLabelChatAdded      EventType = "label.chat.added"
	EventLabelChatDeleted    EventType = "label.chat.deleted"
	EventEventResponse       EventType = "event.response"
	EventEventResponseFailed EventType = "event.response.failed"
	EventEngineEvent         EventType = "engine.event"
)

// String returns the event name.
func (t EventType) String() string { return string(t) }

// IsKnown reports whether events of type t decode to a typed payload rather
// than an *UnknownEvent.
func (t EventType) IsKnown() bool {
	switch t {
	case EventSessionStatus, EventMessage, EventMessageAny, EventMessageReaction,
		EventMessageAck, EventMessageAckGroup, EventMessageRevoked, EventMessageEdited,
		EventGroupJoin, EventGroupLeave, EventGroupUpdate, EventGroupParticipants,
		EventPresenceUpdate, EventPollVote, EventPollVoteFailed, EventChatArchive,
		EventCallReceived, EventCallAccepted, EventCallRejected,
		EventLabelUpsert, EventLabelDeleted, EventLabelChatAdded, EventLabelChatDeleted,
		EventEventResponse, EventEventResponseFailed, EventEngineEvent:
		return true
	}
	return false
}

// Event is one webhook delivery: the envelope every event shares and its
// decoded payload. Every envelope field but Type is optional, since older
// servers omit id, timestamp, metadata, me and environment.
//
// Payload holds a pointer to the typed payload, chosen by Type, so a type
// switch reads naturally:
//
//	session.status                          *SessionStatusEvent
//	message, message.any                    *Message
//	message.reaction                        *ReactionEvent
//	message.ack, message.ack.group          *AckEvent
//	message.revoked                         *RevokedEvent
//	message.edited                          *EditedMessage
//	group.v2.join                           *GroupJoinEvent
//	group.v2.leave                          *GroupLeaveEvent
//	group.v2.update                         *GroupUpdateEvent
//	group.v2.participants                   *GroupParticipantsEvent
//	presence.update                         *ChatPresences
//	poll.vote, poll.vote.failed             *PollVoteEvent
//	chat.archive                            *ChatArchiveEvent
//	call.received, .accepted, .rejected     *CallEvent
//	label.upsert, label.deleted             *Label
//	label.chat.added, label.chat.deleted    *LabelChatEvent
//	event.response, event.response.failed   *EventResponseEvent
//	engine.event                            *EngineEvent
//	anything else                           *UnknownEvent
//
// Where two event types share a payload type, Type tells them apart. Payload
// is never nil, even when the body had no payload.
type Event struct {
	// ID is the event's unique ID, such as "evt_01jq8x3m5k7w2r9t4v6y8z0abc";
	// redeliveries of one event share it.
	ID string
	// Timestamp is when the event was created (sent in milliseconds).
	Timestamp Timestamp
	Type      EventType
	// Session is the server's session name, such as "wawp-84729105".
	Session string
	// Metadata is the session's metadata, such as instance_id.
	Metadata Metadata
	// Engine is the WhatsApp engine, such as "WEBJS", "NOWEB" or "GOWS".
	Engine string
	// Me is the logged-in account; nil when the session is not logged in.
	Me *MeInfo
	// Environment describes the server; nil on servers that omit it.
	Environment *Environment
	// Payload is the decoded payload; see the table above.
	Payload any
	// RawPayload is the payload's JSON exactly as sent; nil when there was none.
	RawPayload json.RawMessage
	// Raw is the exact JSON of this event. RawPayload is a slice of it.
	Raw []byte
}

// Message returns the message of a message, message.any or message.edited
// event, and nil for other events.
func (e *Event) Message() *Message {
	switch p := e.Payload.(type) {
	case *Message:
		return p
	case *EditedMessage:
		return &p.Message
	}
	return nil
}

// Environment describes the server that sent an event.
type Environment struct {
	Version string `json:"version"`
	Engine  string `json:"engine"`
	// Tier is "CORE" or "PLUS".
	Tier    string `json:"tier"`
	Browser string `json:"browser,omitempty"`
	// Platform is the server's OS and CPU, such as "linux/x64"; newer servers only.
	Platform string `json:"platform,omitempty"`
}

// SessionStatusEvent is the payload of session.status.
type SessionStatusEvent struct {
	// Name is the session name; some servers leave it out.
	Name   string        `json:"name"`
	Status SessionStatus `json:"status"`
	// Statuses are the latest status changes, oldest first; newer servers only.
	Statuses []SessionStatusChange `json:"statuses,omitempty"`
	// Data is extra detail some statuses carry, such as a passkey challenge.
	Data json.RawMessage `json:"data,omitempty"`
	// QR is the login QR code as a data URL; sent only in the flat legacy form.
	QR string `json:"qr,omitempty"`
	// InstanceID is the Wawp instance; sent only in the flat legacy form.
	InstanceID string `json:"instance_id,omitempty"`
}

// SessionStatusChange is one step of a session's status history.
type SessionStatusChange struct {
	Status    SessionStatus `json:"status"`
	Timestamp Timestamp     `json:"timestamp"`
}

// ReactionEvent is the payload of message.reaction.
type ReactionEvent struct {
	// ID is the message that carries the reaction.
	ID        MessageID `json:"id"`
	Timestamp Timestamp `json:"timestamp"`
	From      ChatID    `json:"from"`
	FromMe    bool      `json:"fromMe"`
	Source    string    `json:"source,omitempty"`
	To        ChatID    `json:"to"`
	// Participant is the reacting member in a group.
	Participant ChatID   `json:"participant,omitempty"`
	Reaction    Reaction `json:"reaction"`
}

// Reaction is an emoji put on a message.
type Reaction struct {
	// Text is the emoji; empty when the reaction was removed.
	Text string `json:"text"`
	// MessageID is the serialized ID of the message reacted to.
	MessageID MessageID `json:"messageId"`
}

// Removed reports a reaction being taken back.
func (r Reaction) Removed() bool { return r.Text == "" }

// AckEvent is the payload of message.ack and message.ack.group: a message's
// delivery state changed. A missing or null ack decodes as AckUnknown.
type AckEvent struct {
	// ID is the serialized ID of the message.
	ID          MessageID `json:"id"`
	From        ChatID    `json:"from"`
	To          ChatID    `json:"to"`
	Participant ChatID    `json:"participant,omitempty"`
	FromMe      bool      `json:"fromMe"`
	Ack         Ack       `json:"ack"`
	AckName     string    `json:"ackName,omitempty"`
	// ChatID is the chat, on servers that send it.
	ChatID ChatID          `json:"chatId,omitempty"`
	Data   json.RawMessage `json:"_data,omitempty"`
}

// Chat returns the message's chat: ChatID when sent, else the chat part of ID.
func (a *AckEvent) Chat() ChatID {
	if a.ChatID != "" {
		return a.ChatID
	}
	if parts, err := a.ID.Parts(); err == nil {
		return parts.Chat
	}
	return ""
}

// RevokedEvent is the payload of message.revoked: a message was deleted for
// everyone.
type RevokedEvent struct {
	// RevokedMessageID is the bare ID (no chat part) of the deleted message.
	RevokedMessageID MessageID `json:"revokedMessageId,omitempty"`
	// After is the revoke notice itself; its ID equals the deleted message's
	// only on some engines.
	After *Message `json:"after,omitempty"`
	// Before is the deleted message, when the engine still had it; usually nil.
	Before *Message        `json:"before,omitempty"`
	Data   json.RawMessage `json:"_data,omitempty"`
}

// EditedMessage is the payload of message.edited: the edit, whose Body is the
// new text.
type EditedMessage struct {
	Message
	// EditedMessageID is the bare ID of the message that was edited.
	EditedMessageID MessageID `json:"editedMessageId,omitempty"`
}

// UnmarshalJSON decodes the message, then the ID of the edited one.
func (e *EditedMessage) UnmarshalJSON(b []byte) error {
	var extra struct {
		EditedMessageID MessageID `json:"editedMessageId"`
	}
	err := unmarshalMessageAnd(b, &e.Message, &extra)
	e.EditedMessageID = extra.EditedMessageID
	return err
}

// GroupJoinEvent is the payload of group.v2.join: the session joined or was
// added to a group.
type GroupJoinEvent struct {
	Timestamp Timestamp       `json:"timestamp"`
	Group     GroupSnapshot   `json:"group"`
	Data      json.RawMessage `json:"_data,omitempty"`
}

// GroupSnapshot is a group as a group event describes it.
type GroupSnapshot struct {
	ID          ChatID `json:"id"`
	Subject     string `json:"subject"`
	Description string `json:"description"`
	// Invite is the invite link, such as "https://chat.whatsapp.com/...".
	Invite                     string             `json:"invite,omitempty"`
	MembersCanAddNewMember     bool               `json:"membersCanAddNewMember"`
	MembersCanSendMessages     bool               `json:"membersCanSendMessages"`
	NewMembersApprovalRequired bool               `json:"newMembersApprovalRequired"`
	Participants               []GroupParticipant `json:"participants,omitempty"`
}

// GroupLeaveEvent is the payload of group.v2.leave: the session left or was
// removed from a group.
type GroupLeaveEvent struct {
	Timestamp Timestamp       `json:"timestamp"`
	Group     GroupRef        `json:"group"`
	Data      json.RawMessage `json:"_data,omitempty"`
}

// GroupRef names a group.
type GroupRef struct {
	ID ChatID `json:"id"`
}

// GroupUpdateEvent is the payload of group.v2.update: group settings changed.
type GroupUpdateEvent struct {
	Timestamp Timestamp       `json:"timestamp"`
	Group     GroupChanges    `json:"group"`
	Data      json.RawMessage `json:"_data,omitempty"`
}

// GroupChanges holds the group fields an update sent; nil means not sent,
// which usually means unchanged (some engines send every field).
type GroupChanges struct {
	ID                         ChatID             `json:"id"`
	Subject                    *string            `json:"subject,omitempty"`
	Description                *string            `json:"description,omitempty"`
	Invite                     *string            `json:"invite,omitempty"`
	MembersCanAddNewMember     *bool              `json:"membersCanAddNewMember,omitempty"`
	MembersCanSendMessages     *bool              `json:"membersCanSendMessages,omitempty"`
	NewMembersApprovalRequired *bool              `json:"newMembersApprovalRequired,omitempty"`
	Participants               []GroupParticipant `json:"participants,omitempty"`
}

// GroupAction is what happened to the members of a group.v2.participants
// event. It is an open enum.
type GroupAction string

// Member changes.
const (
	GroupActionJoin    GroupAction = "join"
	GroupActionLeave   GroupAction = "leave"
	GroupActionPromote GroupAction = "promote"
	GroupActionDemote  GroupAction = "demote"
)

// GroupParticipantsEvent is the payload of group.v2.participants: members
// joined, left, were promoted or demoted.
type GroupParticipantsEvent struct {
	Type      GroupAction `json:"type"`
	Timestamp Timestamp   `json:"timestamp"`
	Group     GroupRef    `json:"group"`
	// Participants are the members the change applies to, with their new role.
	Participants []GroupParticipant `json:"participants"`
	Data         json.RawMessage    `json:"_data,omitempty"`
}

// PollVoteEvent is the payload of poll.vote and poll.vote.failed. A failed
// vote could not be decrypted and has no selected options.
type PollVoteEvent struct {
	Vote PollVote `json:"vote"`
	// Poll is the poll message voted on.
	Poll MessageKey      `json:"poll"`
	Data json.RawMessage `json:"_data,omitempty"`
}

// PollVote is one person's vote.
type PollVote struct {
	MessageKey
	// SelectedOptions are the chosen option names; empty when the vote was
	// withdrawn or could not be decrypted.
	SelectedOptions []string  `json:"selectedOptions"`
	Timestamp       Timestamp `json:"timestamp"`
}

// MessageKey identifies a message and its direction. To or From may be the
// literal "me" on some engines.
type MessageKey struct {
	ID          MessageID `json:"id"`
	To          ChatID    `json:"to"`
	From        ChatID    `json:"from"`
	FromMe      bool      `json:"fromMe"`
	Participant ChatID    `json:"participant,omitempty"`
}

// ChatArchiveEvent is the payload of chat.archive.
type ChatArchiveEvent struct {
	ID        ChatID    `json:"id"`
	Archived  bool      `json:"archived"`
	Timestamp Timestamp `json:"timestamp"`
}

// CallEvent is the payload of call.received, call.accepted and call.rejected.
type CallEvent struct {
	// ID is the call ID, needed with From to reject the call.
	ID        string          `json:"id"`
	From      ChatID          `json:"from"`
	Timestamp Timestamp       `json:"timestamp"`
	IsVideo   bool            `json:"isVideo"`
	IsGroup   bool            `json:"isGroup"`
	Data      json.RawMessage `json:"_data,omitempty"`
}

// LabelChatEvent is the payload of label.chat.added and label.chat.deleted.
type LabelChatEvent struct {
	LabelID string `json:"labelId"`
	ChatID  ChatID `json:"chatId"`
	// Label is nil when the server does not know the label yet, as right
	// after login.
	Label *Label `json:"label"`
}

// RSVP is an answer to an event invitation. It is an open enum.
type RSVP string

// Invitation answers.
const (
	RSVPUnknown  RSVP = "UNKNOWN"
	RSVPGoing    RSVP = "GOING"
	RSVPNotGoing RSVP = "NOT_GOING"
	RSVPMaybe    RSVP = "MAYBE"
)

// EventResponseEvent is the payload of event.response and
// event.response.failed: someone answered an event invitation message.
type EventResponseEvent struct {
	// Message is the answer message.
	Message
	// EventCreationKey is the invitation message answered.
	EventCreationKey MessageKey `json:"eventCreationKey"`
	// EventResponse is nil in event.response.failed.
	EventResponse *EventResponse `json:"eventResponse,omitempty"`
}

// UnmarshalJSON decodes the message, then the answer's own fields.
func (e *EventResponseEvent) UnmarshalJSON(b []byte) error {
	var extra struct {
		EventCreationKey MessageKey     `json:"eventCreationKey"`
		EventResponse    *EventResponse `json:"eventResponse"`
	}
	err := unmarshalMessageAnd(b, &e.Message, &extra)
	e.EventCreationKey, e.EventResponse = extra.EventCreationKey, extra.EventResponse
	return err
}

// EventResponse is the content of an answer to an event invitation.
type EventResponse struct {
	Response RSVP `json:"response"`
	// Timestamp is when the answer was given (sent in milliseconds).
	Timestamp       Timestamp `json:"timestampMs"`
	ExtraGuestCount int       `json:"extraGuestCount"`
}

// EngineEvent is the payload of engine.event: a low-level event passed
// through from the WhatsApp engine.
type EngineEvent struct {
	// Event is the engine's event name, such as "messages.upsert".
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data,omitempty"`
}

// UnknownEvent is the payload of an event type the SDK does not decode.
type UnknownEvent struct {
	Type EventType
	// Raw is the payload's JSON as sent; nil when there was none.
	Raw json.RawMessage
}

// ErrMissingEventType is returned for a body with no event name that is not
// the legacy session.status form either.
var ErrMissingEventType = errors.New("wawp: webhook body has no event type")

// ParseEvent decodes one webhook event. Unknown event types are not an error:
// they come back with an *UnknownEvent payload. The flat legacy session.status
// form {instance_id, status, qr, ts}, which has no envelope, decodes as a
// session.status event with the instance and QR in its payload. In message
// payloads a missing or null ack decodes as AckUnknown.
//
// Message events, most of a webhook's traffic, are validated and decoded in
// one pass; other events are decoded by encoding/json after a quick scan
// finds their type. Either way the result is the same. The body is copied,
// so the caller may reuse it. ParseEvent does not check the signature; call
// VerifySignature on the same bytes first.
func ParseEvent(body []byte) (*Event, error) {
	body = trimJSONSpace(body)
	if len(body) > 0 && body[0] == '[' {
		return nil, errors.New("wawp: webhook body is an array of events; use ParseEvents")
	}
	return parseEvent(bytes.Clone(body))
}

// ParseEvents decodes a webhook body that holds one event or an array of
// events, as some senders batch them. An empty array gives no events.
func ParseEvents(body []byte) ([]*Event, error) {
	return parseEvents(bytes.Clone(body))
}

// parseEvents is ParseEvents on a body the caller hands over: the events keep
// slices of it.
func parseEvents(body []byte) ([]*Event, error) {
	body = trimJSONSpace(body)
	if len(body) == 0 || body[0] != '[' {
		ev, err := parseEvent(body)
		if err != nil {
			return nil, err
		}
		return []*Event{ev}, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("wawp: decoding webhook event array: %w", err)
	}
	events := make([]*Event, 0, len(items))
	for i, item := range items {
		ev, err := parseEvent(item)
		if err != nil {
			return nil, fmt.Errorf("wawp: webhook event %d: %w", i, err)
		}
		events = append(events, ev)
	}
	return events, nil
}

// parseEvent decodes one event object that it may keep slices of.
func parseEvent(raw []byte) (*Event, error) {
	if len(raw) == 0 {
		return nil, errors.New("wawp: webhook body is empty")
	}
	if ev, ok := decodeMessageEvent(raw); ok {
		return ev, nil
	}
	return parseEventWithJSON(raw)
}

// parseEventWithJSON decodes one non-empty event object with encoding/json.
func parseEventWithJSON(raw []byte) (*Event, error) {
	top := scanTopLevel(raw)
	ev, err := decodeEvent(top.eventType, raw)
	if err == nil && ev.Type != top.eventType {
		// The quick scan follows encoding/json's rules, so this should not
		// happen; if it does, the decoder is the authority.
		ev, err = decodeEvent(ev.Type, raw)
	}
	if err != nil {
		if top.eventType == "" {
			return nil, fmt.Errorf("wawp: decoding webhook event: %w", err)
		}
		return nil, fmt.Errorf("wawp: decoding %q webhook event: %w", top.eventType, err)
	}
	if ev.Type == "" {
		return parseLegacySessionStatus(raw)
	}
	ev.Raw, ev.RawPayload = raw, top.payload
	if _, ok := ev.Payload.(*ignoredJSON); ok {
		ev.Payload = &UnknownEvent{Type: ev.Type, Raw: top.payload}
	}
	return ev, nil
}

// wireEvent is the envelope with the payload decoded as T, so that one
// json.Unmarshal decodes a whole event.
type wireEvent[T any] struct {
	ID          string        `json:"id"`
	Timestamp   Timestamp     `json:"timestamp"`
	Type        EventType     `json:"event"`
	Session     string        `json:"session"`
	Metadata    eventMetadata `json:"metadata"`
	Engine      string        `json:"engine"`
	Me          *MeInfo       `json:"me"`
	Environment *Environment  `json:"environment"`
	Payload     T             `json:"payload"`
}

// eventMetadata decodes like Metadata (strings as they are, other scalars as
// their text, nulls dropped) in a single walk of the already validated
// object, since it is on every event.
type eventMetadata Metadata

// UnmarshalJSON reads an object or null.
func (m *eventMetadata) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*m = nil
		return nil
	}
	if len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("wawp: metadata is not an object")
	}
	out := make(eventMetadata)
	err := walkObject(b, func(key, value []byte) {
		k := jsonStringValue(key)
		switch {
		case value[0] == '"':
			out[k] = jsonStringValue(value)
		case string(value) != "null":
			out[k] = string(value)
		}
	})
	if err != nil {
		return err
	}
	*m = out
	return nil
}

// ignoredJSON accepts any JSON value and keeps nothing; unknown payloads are
// taken from the raw bytes instead.
type ignoredJSON struct{}

// UnmarshalJSON accepts anything.
func (*ignoredJSON) UnmarshalJSON([]byte) error { return nil }

// decodeEvent decodes raw with the payload type that t calls for.
func decodeEvent(t EventType, raw []byte) (*Event, error) {
	switch t {
	case EventMessage, EventMessageAny:
		return decodeAs(raw, func(m *Message) { m.Ack = AckUnknown }, (*Message).derive)
	case EventMessageEdited:
		return decodeAs(raw, func(m *EditedMessage) { m.Ack = AckUnknown }, func(m *EditedMessage) { m.derive() })
	case EventEventResponse, EventEventResponseFailed:
		return decodeAs(raw, func(m *EventResponseEvent) { m.Ack = AckUnknown }, func(m *EventResponseEvent) { m.derive() })
	case EventMessageAck, EventMessageAckGroup:
		return decodeAs(raw, func(a *AckEvent) { a.Ack = AckUnknown }, nil)
	case EventMessageRevoked:
		return decodeAs(raw, nil, resolveRevoked)
	case EventMessageReaction:
		return decodeAs[ReactionEvent](raw, nil, nil)
	case EventSessionStatus:
		return decodeAs[SessionStatusEvent](raw, nil, nil)
	case EventGroupJoin:
		return decodeAs[GroupJoinEvent](raw, nil, nil)
	case EventGroupLeave:
		return decodeAs[GroupLeaveEvent](raw, nil, nil)
	case EventGroupUpdate:
		return decodeAs[GroupUpdateEvent](raw, nil, nil)
	case EventGroupParticipants:
		return decodeAs[GroupParticipantsEvent](raw, nil, nil)
	case EventPresenceUpdate:
		return decodeAs[ChatPresences](raw, nil, nil)
	case EventPollVote, EventPollVoteFailed:
		return decodeAs[PollVoteEvent](raw, nil, nil)
	case EventChatArchive:
		return decodeAs[ChatArchiveEvent](raw, nil, nil)
	case EventCallReceived, EventCallAccepted, EventCallRejected:
		return decodeAs[CallEvent](raw, nil, nil)
	case EventLabelUpsert, EventLabelDeleted:
		return decodeAs[Label](raw, nil, nil)
	case EventLabelChatAdded, EventLabelChatDeleted:
		return decodeAs[LabelChatEvent](raw, nil, nil)
	case EventEngineEvent:
		return decodeAs[EngineEvent](raw, nil, nil)
	}
	return decodeAs[ignoredJSON](raw, nil, nil)
}

// decodeAs decodes raw into the envelope with a T payload. prepare sets
// defaults that a missing field keeps; finish tidies the decoded payload.
func decodeAs[T any](raw []byte, prepare, finish func(*T)) (*Event, error) {
	w := new(wireEvent[T])
	if prepare != nil {
		prepare(&w.Payload)
	}
	if err := json.Unmarshal(raw, w); err != nil {
		return nil, err
	}
	if finish != nil {
		finish(&w.Payload)
	}
	return w.event(), nil
}

// event is the decoded envelope as an Event whose payload points into w.
func (w *wireEvent[T]) event() *Event {
	return &Event{
		ID:          w.ID,
		Timestamp:   w.Timestamp,
		Type:        w.Type,
		Session:     w.Session,
		Metadata:    Metadata(w.Metadata),
		Engine:      w.Engine,
		Me:          w.Me,
		Environment: w.Environment,
		Payload:     &w.Payload,
	}
}

func resolveRevoked(r *RevokedEvent) {
	if r.After != nil {
		r.After.derive()
	}
	if r.Before != nil {
		r.Before.derive()
	}
}

// legacySessionStatus is the flat session.status form shown in the v1 docs.
type legacySessionStatus struct {
	InstanceID json.RawMessage `json:"instance_id"`
	Status     SessionStatus   `json:"status"`
	QR         string          `json:"qr"`
	TS         Timestamp       `json:"ts"`
}

// parseLegacySessionStatus decodes a body without an event name, which is
// valid only as the flat session.status form.
func parseLegacySessionStatus(raw []byte) (*Event, error) {
	var flat legacySessionStatus
	if err := json.Unmarshal(raw, &flat); err != nil {
		return nil, fmt.Errorf("wawp: decoding legacy session.status: %w", err)
	}
	instance := scalarText(flat.InstanceID)
	if instance == "" {
		return nil, ErrMissingEventType
	}
	return &Event{
		Timestamp: flat.TS,
		Type:      EventSessionStatus,
		Payload: &SessionStatusEvent{
			Status:     flat.Status,
			QR:         flat.QR,
			InstanceID: instance,
		},
		RawPayload: raw,
		Raw:        raw,
	}, nil
}

// scalarText returns a JSON string's content or a number's text; "" for null
// or nothing.
func scalarText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	return string(v)
}

// topLevel is what a quick scan of an event object found.
type topLevel struct {
	eventType EventType
	payload   []byte
}

// scanTopLevel walks the keys of the outer JSON object without decoding the
// values, to learn the event type before the one full decode and to find the
// payload's bytes. It follows encoding/json's matching: names compare
// case-insensitively and the last duplicate wins. It does not validate
// (json.Unmarshal does) and keeps what it found before anything it cannot
// follow.
func scanTopLevel(b []byte) topLevel {
	var top topLevel
	_ = walkObject(trimJSONSpace(b), func(key, value []byte) {
		switch {
		case jsonKeyIs(key, "event"):
			top.eventType = EventType(jsonStringValue(value))
		case jsonKeyIs(key, "payload"):
			top.payload = value
		}
	})
	return top
}

// errNotObject reports JSON that walkObject cannot follow.
var errNotObject = errors.New("wawp: not a JSON object")

// walkObject calls visit with each quoted key and raw value of the JSON
// object b, in order, without decoding them.
func walkObject(b []byte, visit func(key, value []byte)) error {
	if len(b) == 0 || b[0] != '{' {
		return errNotObject
	}
	i := skipJSONSpace(b, 1)
	if i < len(b) && b[i] == '}' {
		return nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return errNotObject
		}
		keyEnd := skipJSONString(b, i)
		if keyEnd < 0 {
			return errNotObject
		}
		key := b[i:keyEnd]
		i = skipJSONSpace(b, keyEnd)
		if i >= len(b) || b[i] != ':' {
			return errNotObject
		}
		i = skipJSONSpace(b, i+1)
		valueEnd := skipJSONValue(b, i)
		if valueEnd < 0 {
			return errNotObject
		}
		visit(key, b[i:valueEnd])
		i = skipJSONSpace(b, valueEnd)
		if i < len(b) && b[i] == '}' {
			return nil
		}
		if i >= len(b) || b[i] != ',' {
			return errNotObject
		}
		i = skipJSONSpace(b, i+1)
	}
}

// skipJSONValue returns the index just past the value starting at b[i], or
// -1 when the value does not end within b.
func skipJSONValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipJSONString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end := skipJSONString(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) && !isJSONDelimiter(b[j]) {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// skipJSONString returns the index just past the string starting at b[i].
func skipJSONString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func isJSONDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ':', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && isJSONSpace(b[i]) {
		i++
	}
	return i
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// trimJSONSpace removes the whitespace JSON allows around a value.
func trimJSONSpace(b []byte) []byte {
	start, end := 0, len(b)
	for start < end && isJSONSpace(b[start]) {
		start++
	}
	for end > start && isJSONSpace(b[end-1]) {
		end--
	}
	return b[start:end]
}

// jsonKeyIs compares a quoted object key with name as encoding/json matches
// struct fields.
func jsonKeyIs(quoted []byte, name string) bool {
	if bytes.IndexByte(quoted, '\\') < 0 && utf8.Valid(quoted) {
		return bytes.EqualFold(quoted[1:len(quoted)-1], []byte(name))
	}
	return strings.EqualFold(jsonStringValue(quoted), name)
}

// jsonStringValue returns the content of a JSON string, or "" for any other value.
func jsonStringValue(v []byte) string {
	if len(v) < 2 || v[0] != '"' {
		return ""
	}
	if inner := v[1 : len(v)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

// Webhook delivery headers.
const (
	// HeaderWebhookHMAC carries the hex HMAC of the raw body.
	HeaderWebhookHMAC = "X-Webhook-Hmac"
	// HeaderWebhookHMACAlgorithm names the hash, "sha512" when absent.
	HeaderWebhookHMACAlgorithm = "X-Webhook-Hmac-Algorithm"
	// HeaderWebhookTimestamp is when the delivery was sent, in Unix milliseconds.
	HeaderWebhookTimestamp = "X-Webhook-Timestamp"
	// HeaderWebhookRequestID identifies one delivery attempt.
	HeaderWebhookRequestID = "X-Webhook-Request-Id"
)

// Signature algorithms for webhook HMACs.
const (
	AlgorithmSHA512 = "sha512"
	AlgorithmSHA256 = "sha256"
)

// Signature errors. Their text never includes the secret or a MAC.
var (
	// ErrSignatureMissing means the delivery has no X-Webhook-Hmac header.
	ErrSignatureMissing = errors.New("wawp: webhook signature missing")
	// ErrSignatureMismatch means the signature is not the HMAC of the body
	// under the secret, or is not hex.
	ErrSignatureMismatch = errors.New("wawp: webhook signature mismatch")
	// ErrUnsupportedAlgorithm means X-Webhook-Hmac-Algorithm names a hash
	// other than sha512 or sha256.
	ErrUnsupportedAlgorithm = errors.New("wawp: unsupported webhook signature algorithm")
	// ErrNoWebhookSecret means a signature check was asked for with an empty secret.
	ErrNoWebhookSecret = errors.New("wawp: webhook secret is empty")
)

// VerifySignature checks a delivery's signature: the hex HMAC of the raw body
// under secret, in the X-Webhook-Hmac header, with the hash named by
// X-Webhook-Hmac-Algorithm (sha512 when absent, or sha256). Pass the body
// exactly as received, before any decoding. It returns nil, or one of
// ErrSignatureMissing, ErrSignatureMismatch, ErrUnsupportedAlgorithm and
// ErrNoWebhookSecret.
func VerifySignature(body []byte, header http.Header, secret string) error {
	return VerifyHMAC(body, header.Get(HeaderWebhookHMAC), header.Get(HeaderWebhookHMACAlgorithm), secret)
}

// VerifyHMAC is VerifySignature with the header values given directly:
// signature is the hex MAC and algorithm is "sha512", "sha256" or "" for
// sha512. The comparison takes constant time.
func VerifyHMAC(body []byte, signature, algorithm, secret string) error {
	if secret == "" {
		return ErrNoWebhookSecret
	}
	signature = strings.TrimSpace(signature)
	if signature == "" {
		return ErrSignatureMissing
	}
	newHash, err := hmacHash(algorithm)
	if err != nil {
		return err
	}
	got, err := hex.DecodeString(signature)
	if err != nil {
		return ErrSignatureMismatch
	}
	if !hmac.Equal(got, computeHMAC(newHash, body, secret)) {
		return ErrSignatureMismatch
	}
	return nil
}

// SignWebhook returns the hex HMAC of body under secret, as a sender puts it
// in X-Webhook-Hmac. algorithm is "sha512", "sha256" or "" for sha512; an
// unsupported algorithm gives "".
func SignWebhook(body []byte, secret, algorithm string) string {
	newHash, err := hmacHash(algorithm)
	if err != nil {
		return ""
	}
	return hex.EncodeToString(computeHMAC(newHash, body, secret))
}

func computeHMAC(newHash func() hash.Hash, body []byte, secret string) []byte {
	mac := hmac.New(newHash, []byte(secret))
	mac.Write(body)
	return mac.Sum(nil)
}

// hmacHash returns the hash an algorithm header names.
func hmacHash(algorithm string) (func() hash.Hash, error) {
	switch strings.ToLower(strings.TrimSpace(algorithm)) {
	case "", AlgorithmSHA512:
		return sha512.New, nil
	case AlgorithmSHA256:
		return sha256.New, nil
	}
	// The header's value is not echoed: errors must not repeat what was sent.
	return nil, ErrUnsupportedAlgorithm
}
