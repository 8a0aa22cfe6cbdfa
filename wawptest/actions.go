package wawptest

import (
	"time"

	"github.com/wawp-go/wawp"
)

// ActionKind says what an Action did to a message.
type ActionKind string

// The kinds of Action, one per message call the server serves.
const (
	// ActionSend is a message or status sent (the send* and status/* calls).
	ActionSend ActionKind = "send"
	// ActionReact is a reaction set or removed (PUT /reaction).
	ActionReact ActionKind = "react"
	// ActionEdit is a new text for a sent message (PUT /chats/{chatId}/messages/{messageId}).
	ActionEdit ActionKind = "edit"
	// ActionDelete is a message or status deleted (DELETE
	// /chats/{chatId}/messages/{messageId}, POST /status/delete).
	ActionDelete ActionKind = "delete"
	// ActionStar is a message starred (PUT /star with star=true).
	ActionStar ActionKind = "star"
	// ActionUnstar is a star removed (PUT /star with star=false).
	ActionUnstar ActionKind = "unstar"
	// ActionPin is a message pinned (POST .../pin).
	ActionPin ActionKind = "pin"
	// ActionUnpin is a pin removed (POST .../unpin).
	ActionUnpin ActionKind = "unpin"
)

// String returns the kind's name, such as "react".
func (k ActionKind) String() string { return string(k) }

// IsKnown reports whether k is one of the kinds above.
func (k ActionKind) IsKnown() bool {
	switch k {
	case ActionSend, ActionReact, ActionEdit, ActionDelete, ActionStar, ActionUnstar, ActionPin, ActionUnpin:
		return true
	}
	return false
}

// Action is one change the API made to a message, as Actions lists it. Only
// calls the server served are recorded: a call that failed (FailNext, a bad
// parameter, an unknown message) changed nothing.
type Action struct {
	// Kind says what was done.
	Kind ActionKind
	// Instance is the ID of the instance that did it.
	Instance string
	// Chat is the chat of the message; status@broadcast for statuses.
	Chat wawp.ChatID
	// MessageID is the serialized ID of the message acted on; for
	// ActionSend, the new message's.
	MessageID wawp.MessageID
	// Message is, for ActionSend, the message as the server answered it
	// (Sent shows its current state); nil for the other kinds.
	Message *wawp.Message
	// Reaction is, for ActionReact, the emoji; "" removes the reaction.
	Reaction string
	// Text is, for ActionEdit, the new text.
	Text string
	// PinDuration is, for ActionPin, how long the message stays pinned.
	PinDuration time.Duration
}

// Actions returns every change the API made to messages, of every instance,
// in order: sends and statuses, reactions, edits, deletions, stars and pins.
// Sent lists the same sends as messages in their current state; Actions is
// the history, each send as it was answered.
func (s *Server) Actions() []Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Action, len(s.actions))
	for i, a := range s.actions {
		out[i] = a
		if a.Message != nil {
			m := *a.Message
			out[i].Message = &m
		}
	}
	return out
}

// recordAction appends a served change to the history; the caller holds s.mu.
func (s *Server) recordAction(inst *instance, a Action) {
	a.Instance = inst.id
	s.actions = append(s.actions, a)
}
