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
)

// EventType names a webhook event, such as "message". It is an open enum:
// events the SDK does not know decode too, with an *UnknownEvent payload.
type EventType string

// Event types: the ones Wawp lists, and the rest of the engine's documented
// set (message.ack.group, message.waiting, poll.vote and the deprecated
// state.change, group.join and group.leave).
const (
	EventSessionStatus       EventType = "session.status"
	EventMessage             EventType = "message"
	EventMessageAny          EventType = "message.any"
	EventMessageReaction     EventType = "message.reaction"
	EventMessageAck          EventType = "message.ack"
	EventMessageAckGroup     EventType = "message.ack.group"
	EventMessageWaiting      EventType = "message.waiting"
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
	// EventStateChange is deprecated by the engine; its payload is not
	// decoded.
	EventStateChange EventType = "state.change"
	// EventLegacyGroupJoin is the deprecated form of group.v2.join; its
	// payload is engine-specific and not decoded.
	EventLegacyGroupJoin EventType = "group.join"
	// EventLegacyGroupLeave is the deprecated form of group.v2.leave; its
	// payload is engine-specific and not decoded.
	EventLegacyGroupLeave EventType = "group.leave"
)

// String returns the event name.
func (t EventType) String() string { return string(t) }

// IsKnown reports whether t is one of the documented event types. All of
// them but the deprecated state.change, group.join and group.leave decode to
// a typed payload; those three and unknown types come with an *UnknownEvent.
func (t EventType) IsKnown() bool {
	switch t {
	case EventStateChange, EventLegacyGroupJoin, EventLegacyGroupLeave:
		return true
	}
	return newPayload(t) != nil
}

// Event is one webhook delivery: the envelope every event shares and its
// decoded payload. Every envelope field but Type is optional, since older
// servers omit id, timestamp, metadata, me and environment.
//
// Payload holds a pointer to the typed payload, chosen by Type, so a type
// switch reads naturally:
//
//	session.status                          *SessionStatusEvent
//	message, message.any, message.waiting   *Message
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
// is never nil, even when the body had no payload. RawPayload returns the
// payload's JSON as sent.
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
	// Engine is the WhatsApp engine, such as EngineWEBJS.
	Engine Engine
	// Me is the logged-in account; nil when the session is not logged in.
	Me *MeInfo
	// Environment describes the server; nil on servers that omit it.
	Environment *Environment
	// Payload is the decoded payload; see the table above.
	Payload any
	// Raw is the exact JSON of this event: the whole body of a delivery of
	// one event, or its element of an array.
	Raw []byte
}

// RawPayload returns the payload's JSON exactly as sent, or nil when the
// event had none; for the flat legacy session.status form, which is all
// payload, it is Raw. It decodes Raw again on each call: decoding an event
// goes straight to the typed payload without keeping its bytes apart.
func (e *Event) RawPayload() json.RawMessage {
	var v struct {
		Event   EventType       `json:"event"`
		Payload json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(e.Raw, &v) != nil {
		return nil
	}
	if v.Event == "" {
		return e.Raw
	}
	return v.Payload
}

// Message returns the message of a message, message.any, message.waiting or
// message.edited event, and nil for other events.
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
	// Version is the server's version, such as "2025.9.4".
	Version string `json:"version"`
	Engine  Engine `json:"engine"`
	Tier    Tier   `json:"tier"`
	// Browser is the browser the WEBJS engine drives, such as
	// "/usr/bin/google-chrome-stable".
	Browser string `json:"browser,omitempty"`
	// Platform is the server's OS and CPU, such as "linux/x64"; newer servers only.
	Platform string `json:"platform,omitempty"`
	// Worker is the server process that handles the session; nil on servers
	// older than 2026.1.4, which do not send it.
	Worker *EnvironmentWorker `json:"worker,omitempty"`
}

// EnvironmentWorker identifies the server process behind an event.
type EnvironmentWorker struct {
	// ID is the worker's ID; empty when the server sent null.
	ID string `json:"id"`
}

// Tier is a server's edition. It is an open enum.
type Tier string

// Editions.
const (
	TierCore Tier = "CORE"
	TierPlus Tier = "PLUS"
)

// String returns the edition's name.
func (t Tier) String() string { return string(t) }

// IsKnown reports whether t is one of the documented editions.
func (t Tier) IsKnown() bool { return t == TierCore || t == TierPlus }

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

// String returns the action's name.
func (a GroupAction) String() string { return string(a) }

// IsKnown reports whether a is one of the documented actions.
func (a GroupAction) IsKnown() bool {
	switch a {
	case GroupActionJoin, GroupActionLeave, GroupActionPromote, GroupActionDemote:
		return true
	}
	return false
}

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

// String returns the answer's name.
func (r RSVP) String() string { return string(r) }

// IsKnown reports whether r is one of the documented answers.
func (r RSVP) IsKnown() bool {
	switch r {
	case RSVPUnknown, RSVPGoing, RSVPNotGoing, RSVPMaybe:
		return true
	}
	return false
}

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
// encoding/json decodes the envelope and the payload in one pass, straight
// into the payload type the event name calls for (see wireEvent). The body is
// copied, so the caller may reuse it. ParseEvent does not check the
// signature; call VerifySignature on the same bytes first.
func ParseEvent(body []byte) (*Event, error) {
	if isJSONArray(body) {
		return nil, errors.New("wawp: webhook body is an array of events; use ParseEvents")
	}
	return parseEvent(bytes.Clone(body))
}

// ParseEvents decodes a webhook body that holds one event or an array of
// events, as some senders batch them. An empty array gives no events.
func ParseEvents(body []byte) ([]*Event, error) {
	return parseEvents(bytes.Clone(body))
}

// parseEvents is ParseEvents on a body the caller hands over: a single
// event keeps it as its Raw.
func parseEvents(body []byte) ([]*Event, error) {
	if !isJSONArray(body) {
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

// isJSONArray reports whether the first byte after JSON whitespace opens an
// array; what follows is left to encoding/json.
func isJSONArray(body []byte) bool {
	body = bytes.TrimLeft(body, " \t\r\n")
	return len(body) > 0 && body[0] == '['
}

// parseEvent decodes one event object that it keeps as the event's Raw.
func parseEvent(raw []byte) (*Event, error) {
	w, err := decodeWireEvent(raw, true)
	if err != nil || w.renamed {
		// Decode again, keeping the payload apart until the final event
		// name is known: the event was named twice, and its payload may
		// have been decoded for the wrong type, or the decode failed,
		// perhaps on such a payload. This gives the result the eager
		// decode gives for every other body.
		w, err = decodeWireEvent(raw, false)
	}
	if err != nil {
		if t := w.Type.name; t != "" {
			return nil, fmt.Errorf("wawp: decoding %q webhook event: %w", t, err)
		}
		return nil, fmt.Errorf("wawp: decoding webhook event: %w", err)
	}
	if w.Type.name == "" {
		return parseLegacySessionStatus(raw)
	}
	payload, err := w.payload()
	if err != nil {
		return nil, fmt.Errorf("wawp: decoding %q webhook event: %w", w.Type.name, err)
	}
	metadata, err := w.metadata()
	if err != nil {
		return nil, fmt.Errorf("wawp: decoding %q webhook event: %w", w.Type.name, err)
	}
	return &Event{
		ID:          w.ID,
		Timestamp:   w.Timestamp,
		Type:        w.Type.name,
		Session:     w.Session,
		Metadata:    metadata,
		Engine:      w.Engine,
		Me:          w.Me,
		Environment: w.Environment,
		Payload:     payload,
		Raw:         raw,
	}, nil
}

// wireEvent is the envelope as encoding/json decodes it. Payload is an
// interface holding a pointer, so encoding/json decodes the payload into
// the value it points to. It starts out pointing to pending; the event
// name's UnmarshalJSON, which runs before the payload in the order servers
// write events, points it to a new value of the payload type that name
// calls for. So the payload is decoded once, into its final type, by the
// same json.Unmarshal that decodes the envelope. A payload written before
// the event name lands in pending and is decoded once the name is known.
//
// A payload member sent more than once is decoded as encoding/json decodes
// a repeated member into a pointer field: later objects are merged into
// what earlier ones gave, and a null starts afresh. Both ways of decoding
// follow that rule, so the result does not depend on where the event name
// was written.
type wireEvent struct {
	ID        string    `json:"id"`
	Timestamp Timestamp `json:"timestamp"`
	Type      eventName `json:"event"`
	Session   string    `json:"session"`
	// Metadata is decoded as plain values in the event's own pass and
	// converted by metadataOf.
	Metadata    map[string]any `json:"metadata"`
	Engine      Engine         `json:"engine"`
	Me          *MeInfo        `json:"me"`
	Environment *Environment   `json:"environment"`
	Payload     any            `json:"payload"`

	// pending keeps the payload members sent while no payload type is
	// chosen.
	pending memberTexts
	// eager lets the event name choose the payload type during the decode.
	eager bool
	// typed is the payload value the event name chose, and typedFor the
	// event type it was chosen for.
	typed    any
	typedFor EventType
	// renamed reports a second, different event name after the choice.
	renamed bool
	// raw is the event as received.
	raw []byte
}

// memberTexts is the JSON text of each member of one name, in the order
// sent.
type memberTexts []json.RawMessage

// UnmarshalJSON keeps a copy of one payload member. encoding/json sets the
// interface holding a memberTexts to nil for a null instead of calling it,
// so no text kept here is null.
func (p *memberTexts) UnmarshalJSON(b []byte) error {
	*p = append(*p, bytes.Clone(b))
	return nil
}

// last returns the last text, or nil when there is none or it is null.
func (p memberTexts) last() []byte {
	if len(p) == 0 || string(p[len(p)-1]) == "null" {
		return nil
	}
	return p[len(p)-1]
}

// eventName decodes the event name and chooses the payload type for it.
type eventName struct {
	name  EventType
	event *wireEvent
}

// UnmarshalJSON reads the name as a JSON string.
func (n *eventName) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &n.name); err != nil {
		return err
	}
	n.event.choosePayload(n.name)
	return nil
}

// decodeWireEvent decodes raw with one json.Unmarshal; eager says whether
// the payload may be decoded into its final type during it.
func decodeWireEvent(raw []byte, eager bool) (*wireEvent, error) {
	w := &wireEvent{eager: eager, raw: raw}
	w.Type.event = w
	w.Payload = &w.pending
	return w, json.Unmarshal(raw, w)
}

// choosePayload points Payload to a new value of the payload type t calls
// for, unless a payload member, perhaps null, came first.
func (w *wireEvent) choosePayload(t EventType) {
	switch {
	case w.typedFor != "":
		w.renamed = w.renamed || t != w.typedFor
	case !w.eager || len(w.pending) > 0 || w.Payload != any(&w.pending):
		// Not allowed, or a payload member came first.
	default:
		if p := newPayload(t); p != nil {
			w.Payload, w.typed, w.typedFor = p, p, t
		}
	}
}

// payload returns the decoded payload. When the pass did not decode it into
// its final type (it came before the event name, or a null reset it), the
// payload members are decoded now, in the order sent, and a zero payload
// stands for none.
func (w *wireEvent) payload() (any, error) {
	t := w.Type.name
	if w.typedFor == t && w.Payload == w.typed {
		return w.finish(w.Payload, func() ([]byte, error) {
			texts, err := w.payloadTexts()
			return texts.last(), err
		})
	}
	texts, err := w.payloadTexts()
	if err != nil {
		return nil, err
	}
	p := newPayload(t)
	if p == nil {
		var raw json.RawMessage
		if len(texts) > 0 {
			raw = texts[len(texts)-1]
		}
		return &UnknownEvent{Type: t, Raw: raw}, nil
	}
	for _, text := range texts {
		if string(text) == "null" {
			p = newPayload(t)
			continue
		}
		if err := json.Unmarshal(text, p); err != nil {
			return nil, err
		}
	}
	return w.finish(p, func() ([]byte, error) { return texts.last(), nil })
}

// payloadTexts returns the text of each payload member: those kept aside,
// unless a null replaced pending, in which case they are found again.
func (w *wireEvent) payloadTexts() (memberTexts, error) {
	if w.Payload == any(&w.pending) {
		return w.pending, nil
	}
	return w.members("payload")
}

// metadata converts the event's metadata; its JSON text is looked up again
// only for a value that is not a string or an integer.
func (w *wireEvent) metadata() (Metadata, error) {
	return metadataOf(w.Metadata, w.metadataTexts)
}

// metadataTexts returns the JSON text of each metadata value as sent. The
// metadata members are merged as encoding/json merged them into Metadata:
// later values replace earlier ones, and a null starts afresh.
func (w *wireEvent) metadataTexts() (map[string]json.RawMessage, error) {
	members, err := w.members("metadata")
	if err != nil {
		return nil, err
	}
	var texts map[string]json.RawMessage
	for _, member := range members {
		if err := json.Unmarshal(member, &texts); err != nil {
			return nil, err
		}
	}
	return texts, nil
}

// members finds the JSON text of each member of the event named key again,
// in the order sent, for the rare values the single decoding pass does not
// keep as sent. Names match regardless of case, as encoding/json matched
// them; neither key looked up has a letter with a non-ASCII case form, so
// strings.EqualFold agrees with encoding/json's folding here.
func (w *wireEvent) members(key string) (memberTexts, error) {
	dec := json.NewDecoder(bytes.NewReader(w.raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var found memberTexts
	for dec.More() {
		name, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, err
		}
		if name, _ := name.(string); strings.EqualFold(name, key) {
			found = append(found, value)
		}
	}
	return found, nil
}

// finish turns a decoded payload into the one the event carries: a message
// decoded in its wire form gets its id read and its implicit parts derived;
// own gives its JSON text, which a message sent in an engine's own form
// keeps as its Data.
func (w *wireEvent) finish(p any, own func() ([]byte, error)) (any, error) {
	wire, ok := p.(*messageWire)
	if !ok {
		return p, nil
	}
	if err := wire.finish(own); err != nil {
		return nil, err
	}
	return (*Message)(wire.plainMessage), nil
}

// newPayload returns a new payload of the type t calls for, holding the
// defaults a missing field keeps, or nil for types the SDK does not decode.
func newPayload(t EventType) any {
	switch t {
	case EventMessage, EventMessageAny, EventMessageWaiting:
		return newMessageWire(new(Message))
	case EventMessageEdited:
		return &EditedMessage{Message: Message{Ack: AckUnknown}}
	case EventEventResponse, EventEventResponseFailed:
		return &EventResponseEvent{Message: Message{Ack: AckUnknown}}
	case EventMessageAck, EventMessageAckGroup:
		return &AckEvent{Ack: AckUnknown}
	case EventMessageRevoked:
		return new(RevokedEvent)
	case EventMessageReaction:
		return new(ReactionEvent)
	case EventSessionStatus:
		return new(SessionStatusEvent)
	case EventGroupJoin:
		return new(GroupJoinEvent)
	case EventGroupLeave:
		return new(GroupLeaveEvent)
	case EventGroupUpdate:
		return new(GroupUpdateEvent)
	case EventGroupParticipants:
		return new(GroupParticipantsEvent)
	case EventPresenceUpdate:
		return new(ChatPresences)
	case EventPollVote, EventPollVoteFailed:
		return new(PollVoteEvent)
	case EventChatArchive:
		return new(ChatArchiveEvent)
	case EventCallReceived, EventCallAccepted, EventCallRejected:
		return new(CallEvent)
	case EventLabelUpsert, EventLabelDeleted:
		return new(Label)
	case EventLabelChatAdded, EventLabelChatDeleted:
		return new(LabelChatEvent)
	case EventEngineEvent:
		return new(EngineEvent)
	}
	return nil
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
		Raw: raw,
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

// Webhook delivery headers.
const (
	// HeaderWawpSignature carries the hex HMAC of the raw body that Wawp's
	// webhook management adds when a webhook has an hmac secret: HMAC-SHA256,
	// or HMAC-SHA512 when it is 128 hex digits long.
	HeaderWawpSignature = "X-Wawp-Signature"
	// HeaderWebhookHMAC carries the hex HMAC of the raw body, as the
	// underlying engine signs it.
	HeaderWebhookHMAC = "X-Webhook-Hmac"
	// HeaderWebhookHMACAlgorithm names the hash of HeaderWebhookHMAC,
	// "sha512" when absent.
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
	// ErrSignatureMissing means the delivery has neither an X-Wawp-Signature
	// nor an X-Webhook-Hmac header.
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
// under secret, in either header a sender uses. Wawp's X-Wawp-Signature is
// HMAC-SHA256, or HMAC-SHA512 when 128 hex digits long. The engine's
// X-Webhook-Hmac uses the hash named by X-Webhook-Hmac-Algorithm (sha512
// when absent, or sha256). When both headers are present, the delivery is
// authentic if either verifies. Pass the body exactly as received, before
// any decoding. It returns nil, or one of ErrSignatureMissing,
// ErrSignatureMismatch, ErrUnsupportedAlgorithm and ErrNoWebhookSecret.
func VerifySignature(body []byte, header http.Header, secret string) error {
	wawpSig := strings.TrimSpace(header.Get(HeaderWawpSignature))
	engineSig := strings.TrimSpace(header.Get(HeaderWebhookHMAC))
	if wawpSig == "" {
		return VerifyHMAC(body, engineSig, secret, header.Get(HeaderWebhookHMACAlgorithm))
	}
	err := VerifyHMAC(body, wawpSig, secret, algorithmByLength(wawpSig))
	if err == nil || errors.Is(err, ErrNoWebhookSecret) || engineSig == "" {
		return err
	}
	return VerifyHMAC(body, engineSig, secret, header.Get(HeaderWebhookHMACAlgorithm))
}

// algorithmByLength names the hash whose hex HMAC has the length of sig:
// Wawp's header has no algorithm header beside it.
func algorithmByLength(sig string) string {
	if len(sig) == hex.EncodedLen(sha512.Size) {
		return AlgorithmSHA512
	}
	return AlgorithmSHA256
}

// VerifyHMAC is VerifySignature with the header values given directly:
// signature is the hex MAC and algorithm is "sha512", "sha256" or "" for
// sha512. The comparison takes constant time.
func VerifyHMAC(body []byte, signature, secret, algorithm string) error {
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
// in a signature header. algorithm is "sha512", "sha256" or "" for sha512;
// an unsupported algorithm gives "". X-Wawp-Signature takes the sha256 one;
// X-Webhook-Hmac either, named in X-Webhook-Hmac-Algorithm.
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
