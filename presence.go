package wawp

import (
	"context"
	"net/http"
)

// PresenceService sets the session's own presence (online, offline, typing,
// recording) and reads the presence of the people in a chat.
type PresenceService service

// PresenceSetParams are the parameters of Presence.Set.
type PresenceSetParams struct {
	// Presence is the state to show. Online and offline apply to the whole
	// account; typing, recording and paused apply to one chat.
	Presence Presence `url:"presence"`
	// ChatID is the chat for typing, recording and paused; online and
	// offline need none.
	ChatID ChatID `url:"chatId,omitempty"`
}

func (p PresenceSetParams) validate() error {
	if err := required("presence", string(p.Presence)); err != nil {
		return err
	}
	if p.ChatID != "" {
		return checkChatID("chatId", p.ChatID)
	}
	if presenceNeedsChat(p.Presence) {
		return &ValidationError{Field: "chatId", Reason: "is required for presence " + string(p.Presence)}
	}
	return nil
}

// presenceNeedsChat reports the chat-scoped states. Values the SDK does not
// know are passed through unchecked.
func presenceNeedsChat(p Presence) bool {
	switch p {
	case PresenceTyping, PresenceRecording, PresencePaused:
		return true
	}
	return false
}

// Set sets the session's presence: online or offline for the account, or
// typing, recording or paused in one chat. Setting the same presence twice
// is harmless, so it retries like a read.
//
// Wawp API: POST /presence
func (s *PresenceService) Set(ctx context.Context, params PresenceSetParams) error {
	if err := params.validate(); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPost, "/presence"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: params})
}

// Get returns the last known presence of everyone in a chat: one entry for a
// direct chat, one per participant for a group.
//
// Wawp API: GET /presence/{chatId}
func (s *PresenceService) Get(ctx context.Context, chatID ChatID) (*ChatPresences, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/presence/{chatId}"}, class: classRead}
	return callRef[ChatPresences](ctx, s.client, ep, input{path: []string{string(chatID)}})
}
