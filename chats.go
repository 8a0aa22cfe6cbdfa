package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strings"
	"time"
)

// ChatsService lists chats and their messages, and reads, edits, pins,
// deletes, archives and marks chats and messages.
type ChatsService service

// ChatSortField is a field chat lists can be sorted by. It is an open enum.
type ChatSortField string

// Chat sort fields the engines document.
const (
	ChatSortByConversationTimestamp ChatSortField = "conversationTimestamp"
	ChatSortByID                    ChatSortField = "id"
	ChatSortByName                  ChatSortField = "name"
)

// ListChatsParams selects a page of chats. The zero value asks for the
// server's default page.
type ListChatsParams struct {
	SortBy ChatSortField `url:"sortBy,omitempty"`
	// SortOrder is "ASC" or "DESC"; upstream engines document "asc" and "desc".
	SortOrder string `url:"sortOrder,omitempty"`
	// Limit is the page size; 0 leaves it to the server.
	Limit  int `url:"limit,omitempty"`
	Offset int `url:"offset,omitempty"`
}

// Chat is one element of a chat list. The list's shape depends on the
// server's engine, so only the common fields are decoded, each on a best
// effort basis; Raw keeps the element exactly as sent.
type Chat struct {
	ID      ChatID
	Name    string
	Picture string
	// Timestamp is the time of the last activity, from conversationTimestamp
	// or timestamp.
	Timestamp Timestamp
	// UnreadCount is nil when the engine does not report it.
	UnreadCount *int
	// LastMessage is nil when absent or in a shape the Message type cannot hold.
	LastMessage *Message
	// Raw is the element as the server sent it.
	Raw json.RawMessage
}

// UnmarshalJSON decodes the fields every engine shares and keeps the rest in Raw.
func (c *Chat) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var wire struct {
		ID                    json.RawMessage `json:"id"`
		Name                  json.RawMessage `json:"name"`
		Picture               json.RawMessage `json:"picture"`
		ConversationTimestamp json.RawMessage `json:"conversationTimestamp"`
		Timestamp             json.RawMessage `json:"timestamp"`
		UnreadCount           json.RawMessage `json:"unreadCount"`
		LastMessage           json.RawMessage `json:"lastMessage"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*c = Chat{
		ID:          ChatID(engineID(wire.ID)),
		Name:        rawString(wire.Name),
		Picture:     rawString(wire.Picture),
		Timestamp:   looseTimestamp(wire.ConversationTimestamp),
		UnreadCount: looseInt(wire.UnreadCount),
		LastMessage: engineMessage(wire.LastMessage),
		Raw:         append(json.RawMessage(nil), b...),
	}
	if c.Timestamp.IsZero() {
		c.Timestamp = looseTimestamp(wire.Timestamp)
	}
	return nil
}

// engineID reads an ID sent as a string or, by engines that serialize their
// internal objects, as {"_serialized": "..."}. Engine-internal user IDs
// (@s.whatsapp.net) become @c.us.
func engineID(raw json.RawMessage) string {
	id := rawString(raw)
	if id == "" {
		var obj struct {
			Serialized string `json:"_serialized"`
		}
		if json.Unmarshal(raw, &obj) == nil {
			id = obj.Serialized
		}
	}
	if strings.HasSuffix(id, suffixJID) {
		if parsed, err := ParseChatID(id); err == nil {
			return string(parsed)
		}
	}
	return id
}

// looseTimestamp decodes a timestamp, or gives the zero time for a shape it
// does not know.
func looseTimestamp(raw json.RawMessage) Timestamp {
	var t Timestamp
	if len(raw) == 0 || t.UnmarshalJSON(raw) != nil {
		return Timestamp{}
	}
	return t
}

// looseInt decodes a number, or gives nil when it is absent or not a number.
func looseInt(raw json.RawMessage) *int {
	var n int
	if len(raw) == 0 || json.Unmarshal(raw, &n) != nil {
		return nil
	}
	return &n
}

// engineMessage decodes a message embedded in an engine-shaped object. The id
// may be a serialized string or an object with _serialized; anything else
// that does not fit Message gives nil.
func engineMessage(raw json.RawMessage) *Message {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	var m Message
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return &m
}

// List returns a page of chats. Some servers route this call as GET, which
// is tried once when POST has no route.
//
// Wawp API: POST /chats
func (s *ChatsService) List(ctx context.Context, params *ListChatsParams) ([]Chat, error) {
	var p ListChatsParams
	if params != nil {
		p = *params
	}
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "chats", p, nil)
	if err != nil {
		return nil, err
	}
	req.legacy.idempotent = true
	req.legacy.fallback = &route{http.MethodGet, "chats"}
	var out []Chat
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListIter yields every chat from params.Offset on, fetching pages of
// params.Limit chats (100 when 0) lazily until a short page. params may be
// nil and is never modified.
func (s *ChatsService) ListIter(ctx context.Context, params *ListChatsParams) iter.Seq2[Chat, error] {
	var p ListChatsParams
	if params != nil {
		p = *params
	}
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Chat, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.List(ctx, &page)
	})
}

// checkPage rejects negative paging values before any request.
func checkPage(limit, offset int) error {
	if limit < 0 {
		return &ValidationError{Field: "limit", Reason: "must not be negative"}
	}
	if offset < 0 {
		return &ValidationError{Field: "offset", Reason: "must not be negative"}
	}
	return nil
}

// ChatsOverviewParams selects a page of chat summaries, optionally only the
// chats named in IDs.
type ChatsOverviewParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit  int      `url:"limit,omitempty"`
	Offset int      `url:"offset,omitempty"`
	IDs    []ChatID `url:"ids,brackets,omitempty"`
}

// ChatSummary is a chat as the overview endpoints report it.
type ChatSummary struct {
	ID      ChatID `json:"id"`
	Name    string `json:"name"`
	Picture string `json:"picture"`
	// LastMessage is sent without media; nil for a chat without messages.
	LastMessage *Message `json:"lastMessage"`
	// EngineChat is the engine's own chat object.
	EngineChat json.RawMessage `json:"_chat,omitempty"`
}

// Overview returns a page of chat summaries: name, picture and last message.
// params may be nil.
//
// Wawp API: GET /chats/overview
func (s *ChatsService) Overview(ctx context.Context, params *ChatsOverviewParams) ([]ChatSummary, error) {
	var p ChatsOverviewParams
	if params != nil {
		p = *params
	}
	if err := checkOverview(p, "ids"); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "chats/overview", p, nil)
	if err != nil {
		return nil, err
	}
	return s.summaries(req)
}

// overviewBody is the JSON form of an overview request.
type overviewBody struct {
	Pagination overviewPagination `json:"pagination"`
	Filter     overviewFilter     `json:"filter"`
}

type overviewPagination struct {
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset"`
}

type overviewFilter struct {
	IDs []ChatID `json:"ids"`
}

// OverviewByIDs returns the summaries of the chats named in params.IDs, sent
// in a JSON body so that long ID lists do not overflow the query string.
//
// Wawp API: POST /chats/overview
func (s *ChatsService) OverviewByIDs(ctx context.Context, params ChatsOverviewParams) ([]ChatSummary, error) {
	if err := checkOverview(params, "filter.ids"); err != nil {
		return nil, err
	}
	body := overviewBody{
		Pagination: overviewPagination{Limit: params.Limit, Offset: params.Offset},
		Filter:     overviewFilter{IDs: params.IDs},
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "chats/overview", nil, body)
	if err != nil {
		return nil, err
	}
	req.legacy.idempotent = true
	return s.summaries(req)
}

// checkOverview validates overview params; idsField is the wire name of the
// ID list, which is required when sent in the JSON body.
func checkOverview(p ChatsOverviewParams, idsField string) error {
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return err
	}
	if idsField == "filter.ids" && len(p.IDs) == 0 {
		return &ValidationError{Field: idsField, Reason: "must name at least one chat"}
	}
	for _, id := range p.IDs {
		if strings.TrimSpace(string(id)) == "" {
			return &ValidationError{Field: idsField, Reason: "must not contain an empty chat ID"}
		}
	}
	return nil
}

func (s *ChatsService) summaries(req *request) ([]ChatSummary, error) {
	var out []ChatSummary
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].LastMessage != nil {
			out[i].LastMessage.derive()
		}
	}
	return out, nil
}

// ChatMessagesParams selects a page of a chat's messages. The zero value asks
// for the server's default page, without media.
type ChatMessagesParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit  int
	Offset int
	// DownloadMedia asks the server to download media and fill Message.Media.
	DownloadMedia bool
	// Since keeps messages sent at or after this time; zero means no bound.
	Since time.Time
	// Until keeps messages sent at or before this time; zero means no bound.
	Until time.Time
	// FromMe, when set, keeps only sent (true) or only received (false) messages.
	FromMe *bool
	// Ack, when set, keeps only messages in this delivery state.
	Ack *Ack
}

// chatMessagesQuery is ChatMessagesParams as the server reads it: times in
// Unix seconds and the ack by name, under literal dotted keys.
type chatMessagesQuery struct {
	Limit         int    `url:"limit,omitempty"`
	Offset        int    `url:"offset,omitempty"`
	DownloadMedia bool   `url:"downloadMedia"`
	TimestampLTE  int64  `url:"filter.timestamp.lte,omitempty"`
	TimestampGTE  int64  `url:"filter.timestamp.gte,omitempty"`
	FromMe        *bool  `url:"filter.fromMe,omitempty"`
	Ack           string `url:"filter.ack,omitempty"`
}

func (p ChatMessagesParams) query() chatMessagesQuery {
	q := chatMessagesQuery{Limit: p.Limit, Offset: p.Offset, DownloadMedia: p.DownloadMedia, FromMe: p.FromMe}
	if !p.Until.IsZero() {
		q.TimestampLTE = p.Until.Unix()
	}
	if !p.Since.IsZero() {
		q.TimestampGTE = p.Since.Unix()
	}
	if p.Ack != nil {
		q.Ack = p.Ack.String()
	}
	return q
}

func (p ChatMessagesParams) validate() error {
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return err
	}
	if !p.Since.IsZero() && !p.Until.IsZero() && p.Until.Before(p.Since) {
		return &ValidationError{Field: "filter.timestamp.lte", Reason: "must not be before filter.timestamp.gte"}
	}
	if p.Ack != nil && !p.Ack.IsKnown() {
		return &ValidationError{Field: "filter.ack", Reason: "must be a known delivery state"}
	}
	return nil
}

// Messages returns a page of the chat's messages. params may be nil.
//
// Wawp API: GET /chats/{chatId}/messages
func (s *ChatsService) Messages(ctx context.Context, chatID ChatID, params *ChatMessagesParams) ([]Message, error) {
	var p ChatMessagesParams
	if params != nil {
		p = *params
	}
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("chats/%s/messages", string(chatID)), p.query(), nil)
	if err != nil {
		return nil, err
	}
	var out []Message
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// MessagesIter yields every message of the chat from params.Offset on,
// fetching pages of params.Limit messages (100 when 0) lazily until a short
// page. params may be nil and is never modified.
func (s *ChatsService) MessagesIter(ctx context.Context, chatID ChatID, params *ChatMessagesParams) iter.Seq2[Message, error] {
	var p ChatMessagesParams
	if params != nil {
		p = *params
	}
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Message, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.Messages(ctx, chatID, &page)
	})
}

// messagePath is the path of one message of a chat, plus an optional action.
func messagePath(chatID ChatID, messageID MessageID, action string) string {
	p := pathf("chats/%s/messages/%s", string(chatID), string(messageID))
	if action != "" {
		p += "/" + action
	}
	return p
}

type downloadMediaQuery struct {
	DownloadMedia bool `url:"downloadMedia"`
}

// Message returns one message of the chat, with its media downloaded when
// downloadMedia is true. Some servers route this call as GET, which is tried
// once when POST has no route.
//
// Wawp API: POST /chats/{chatId}/messages/{messageId}
func (s *ChatsService) Message(ctx context.Context, chatID ChatID, messageID MessageID, downloadMedia bool) (*Message, error) {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return nil, err
	}
	path := messagePath(chatID, messageID, "")
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, path, downloadMediaQuery{DownloadMedia: downloadMedia}, nil)
	if err != nil {
		return nil, err
	}
	req.legacy.idempotent = true
	req.legacy.fallback = &route{http.MethodGet, path}
	var out Message
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	out.derive()
	return &out, nil
}

// DeleteMessage deletes a message for everyone in the chat.
//
// Wawp API: DELETE /chats/{chatId}/messages/{messageId}
func (s *ChatsService) DeleteMessage(ctx context.Context, chatID ChatID, messageID MessageID) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	return s.call(ctx, http.MethodDelete, messagePath(chatID, messageID, ""), nil)
}

// EditMessageParams is the new content of a text message.
type EditMessageParams struct {
	// Text is required.
	Text string `url:"text"`
	// LinkPreview shows a preview of the first link in Text; it is always sent.
	LinkPreview bool `url:"linkPreview"`
	// LinkPreviewHighQuality asks for a large preview image; it is always sent.
	LinkPreviewHighQuality bool `url:"linkPreviewHighQuality"`
}

// EditMessage replaces the text of a message the session sent.
//
// Wawp API: PUT /chats/{chatId}/messages/{messageId}
func (s *ChatsService) EditMessage(ctx context.Context, chatID ChatID, messageID MessageID, params EditMessageParams) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	if strings.TrimSpace(params.Text) == "" {
		return &ValidationError{Field: "text", Reason: "is required"}
	}
	return s.call(ctx, http.MethodPut, messagePath(chatID, messageID, ""), params)
}

// Pin durations: WhatsApp pins a message for one of these periods only.
const (
	Pin24Hours = 24 * time.Hour
	Pin7Days   = 7 * 24 * time.Hour
	Pin30Days  = 30 * 24 * time.Hour
)

type pinQuery struct {
	Duration int64 `url:"duration"`
}

// PinMessage pins a message in the chat for duration, which must be
// Pin24Hours, Pin7Days or Pin30Days.
//
// Wawp API: POST /chats/{chatId}/messages/{messageId}/pin
func (s *ChatsService) PinMessage(ctx context.Context, chatID ChatID, messageID MessageID, duration time.Duration) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	switch duration {
	case Pin24Hours, Pin7Days, Pin30Days:
	default:
		return &ValidationError{Field: "duration", Reason: "must be 24 hours, 7 days or 30 days"}
	}
	q := pinQuery{Duration: int64(duration / time.Second)}
	return s.repeatable(ctx, messagePath(chatID, messageID, "pin"), q)
}

// UnpinMessage unpins a message in the chat.
//
// Wawp API: POST /chats/{chatId}/messages/{messageId}/unpin
func (s *ChatsService) UnpinMessage(ctx context.Context, chatID ChatID, messageID MessageID) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	return s.repeatable(ctx, messagePath(chatID, messageID, "unpin"), nil)
}

// MarkReadParams chooses which unread messages to mark as read. Zero values
// are not sent, leaving the choice to the server.
type MarkReadParams struct {
	// Messages marks the latest N messages.
	Messages int `url:"messages,omitempty"`
	// Days marks the messages of the latest N days.
	Days int `url:"days,omitempty"`
}

// MarkRead marks the chat's unread messages as read and returns the IDs of
// the messages it marked. params may be nil.
//
// Wawp API: POST /chats/{chatId}/messages/read
func (s *ChatsService) MarkRead(ctx context.Context, chatID ChatID, params *MarkReadParams) ([]MessageID, error) {
	var p MarkReadParams
	if params != nil {
		p = *params
	}
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if p.Messages < 0 {
		return nil, &ValidationError{Field: "messages", Reason: "must not be negative"}
	}
	if p.Days < 0 {
		return nil, &ValidationError{Field: "days", Reason: "must not be negative"}
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, pathf("chats/%s/messages/read", string(chatID)), p, nil)
	if err != nil {
		return nil, err
	}
	req.legacy.idempotent = true
	var out struct {
		IDs []MessageID `json:"ids"`
	}
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out.IDs, nil
}

// Archive moves the chat to the archive.
//
// Wawp API: POST /chats/{chatId}/archive
func (s *ChatsService) Archive(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, chatID, "archive")
}

// Unarchive brings the chat back from the archive.
//
// Wawp API: POST /chats/{chatId}/unarchive
func (s *ChatsService) Unarchive(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, chatID, "unarchive")
}

// MarkUnread marks the chat as unread.
//
// Wawp API: POST /chats/{chatId}/unread
func (s *ChatsService) MarkUnread(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, chatID, "unread")
}

// chatAction sends a POST that changes a chat's state; repeating it changes
// nothing more, so it retries like a read.
func (s *ChatsService) chatAction(ctx context.Context, chatID ChatID, action string) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return s.repeatable(ctx, pathf("chats/%s/", string(chatID))+action, nil)
}

// Delete deletes the chat.
//
// Wawp API: DELETE /chats/{chatId}
func (s *ChatsService) Delete(ctx context.Context, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return s.call(ctx, http.MethodDelete, pathf("chats/%s", string(chatID)), nil)
}

// ClearMessages deletes every message of the chat, keeping the chat.
//
// Wawp API: DELETE /chats/{chatId}/messages
func (s *ChatsService) ClearMessages(ctx context.Context, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return s.call(ctx, http.MethodDelete, pathf("chats/%s/messages", string(chatID)), nil)
}

type refreshQuery struct {
	Refresh bool `url:"refresh,omitempty"`
}

// Picture returns the URL of the chat's picture, or "" when it has none.
// Pictures are cached by the server for about a day; refresh bypasses that
// cache and should be used sparingly, as it may be rate limited.
//
// Wawp API: GET /chats/{chatId}/picture
func (s *ChatsService) Picture(ctx context.Context, chatID ChatID, refresh bool) (string, error) {
	if err := requireChatID(chatID); err != nil {
		return "", err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("chats/%s/picture", string(chatID)), refreshQuery{Refresh: refresh}, nil)
	if err != nil {
		return "", err
	}
	// A null url decodes as "".
	var out struct {
		URL string `json:"url"`
	}
	if err := s.client.do(req, &out); err != nil {
		return "", err
	}
	return out.URL, nil
}

// call sends a request whose answer carries nothing the caller needs.
func (s *ChatsService) call(ctx context.Context, method, path string, params any) error {
	req, err := s.client.newLegacyRequest(ctx, method, path, params, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}

// repeatable sends a POST that is safe to repeat, so it retries like a read.
func (s *ChatsService) repeatable(ctx context.Context, path string, params any) error {
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, path, params, nil)
	if err != nil {
		return err
	}
	req.legacy.idempotent = true
	return s.client.do(req, nil)
}
