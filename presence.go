package wawp

import (
	"context"
	"net/http"
)

// PresenceService sets the session's own presence (online, offline, typing,
// recording) and reads the presence of the people in a chat.
type PresenceService service

// SetPresenceParams are the parameters of Presence.Set.
type SetPresenceParams struct {
	// Presence is the state to show. Online and offline apply to the whole
	// account; typing, recording and paused apply to one chat.
	Presence Presence `url:"presence"`
	// ChatID is the chat for typing, recording and paused; online and
	// offline need none.
	ChatID ChatID `url:"chatId,omitempty"`
}

func (p SetPresenceParams) validate() error {
	if err := required("presence", string(p.Presence)); err != nil {
		return err
	}
	if presenceNeedsChat(p.Presence) && p.ChatID == "" {
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
// typing, recording or paused in one chat.
//
// Wawp API: POST /presence
func (s *PresenceService) Set(ctx context.Context, params SetPresenceParams) error {
	if err := params.validate(); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "presence", params, nil)
	if err != nil {
		return err
	}
	// Setting the same presence twice is harmless, so it retries like a read.
	req.legacy.idempotent = true
	return s.client.do(req, nil)
}

// Get returns the last known presence of everyone in a chat: one entry for a
// direct chat, one per participant for a group.
//
// Wawp API: GET /presence/{chatId}
func (s *PresenceService) Get(ctx context.Context, chatID ChatID) (*ChatPresences, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("presence/%s", string(chatID)), nil, nil)
	if err != nil {
		return nil, err
	}
	var out ChatPresences
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
