package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
)

// ChatsService lists chats and their messages, and reads, edits, pins,
// deletes, archives and marks chats and messages.
type ChatsService service

// SortOrder is the direction of a sorted list. It is an open enum.
type SortOrder string

// Sort orders. Wawp's documentation writes them in upper case; the engines
// behind it also accept "asc" and "desc".
const (
	SortAsc  SortOrder = "ASC"
	SortDesc SortOrder = "DESC"
)

// String returns the order as sent on the wire.
func (o SortOrder) String() string { return string(o) }

// IsKnown reports whether o is a documented order, in either case.
func (o SortOrder) IsKnown() bool {
	switch o {
	case SortAsc, SortDesc, "asc", "desc":
		return true
	}
	return false
}

// ChatSortField is a field chat lists can be sorted by. It is an open enum.
type ChatSortField string

// Chat sort fields the engines document.
const (
	ChatSortByConversationTimestamp ChatSortField = "conversationTimestamp"
	ChatSortByID                    ChatSortField = "id"
	ChatSortByName                  ChatSortField = "name"
)

// String returns the field name as sent on the wire.
func (f ChatSortField) String() string { return string(f) }

// IsKnown reports whether f is one of the documented fields.
func (f ChatSortField) IsKnown() bool {
	switch f {
	case ChatSortByConversationTimestamp, ChatSortByID, ChatSortByName:
		return true
	}
	return false
}

// ChatMessageSortField is a field a chat's messages can be sorted by. It is
// an open enum.
type ChatMessageSortField string

// Message sort fields the engines document.
const (
	ChatMessageSortByTimestamp        ChatMessageSortField = "timestamp"
	ChatMessageSortByMessageTimestamp ChatMessageSortField = "messageTimestamp"
)

// String returns the field name as sent on the wire.
func (f ChatMessageSortField) String() string { return string(f) }

// IsKnown reports whether f is one of the documented fields.
func (f ChatMessageSortField) IsKnown() bool {
	return f == ChatMessageSortByTimestamp || f == ChatMessageSortByMessageTimestamp
}

// ChatListParams selects a page of chats. nil or the zero value asks for the
// server's default page.
type ChatListParams struct {
	SortBy    ChatSortField `url:"sortBy,omitempty"`
	SortOrder SortOrder     `url:"sortOrder,omitempty"`
	// Limit is the page size; 0 leaves it to the server.
	Limit  int `url:"limit,omitempty"`
	Offset int `url:"offset,omitempty"`
	// Merge, when set, says whether the server merges a person's @lid and
	// @c.us chats into one; nil leaves the server's default (true).
	Merge *bool `url:"merge,omitempty"`
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
	if id == "" && len(raw) > 0 {
		var obj struct {
			Serialized string `json:"_serialized"`
		}
		if json.Unmarshal(raw, &obj) == nil {
			id = obj.Serialized
		}
	}
	return wireID(id)
}

// wireID turns an engine-internal user ID (@s.whatsapp.net) into @c.us and
// leaves any other ID as it is.
func wireID(id string) string {
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

// List returns a page of chats. params may be nil. Some servers route this
// call as GET, which is tried once when POST has no route; listing changes
// nothing, so it retries like a read.
//
// Wawp API: POST /chats
func (s *ChatsService) List(ctx context.Context, params *ChatListParams) ([]Chat, error) {
	p := valueOf(params)
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/chats"}, class: classRead, fallback: &route{http.MethodGet, "/chats"}}
	return call[[]Chat](ctx, s.client, ep, input{query: p})
}

// ListIter yields every chat from params.Offset on, fetching pages of
// params.Limit chats (100 when 0) lazily until a short page. params may be
// nil and is never modified.
func (s *ChatsService) ListIter(ctx context.Context, params *ChatListParams) iter.Seq2[Chat, error] {
	p := valueOf(params)
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Chat, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.List(ctx, &page)
	})
}

// valueOf returns a copy of *p, or the zero value when p is nil: optional
// params are read through it so the caller's struct is never changed.
func valueOf[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
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

// checkChatIDs checks every chat ID of a list parameter named field.
func checkChatIDs(field string, ids []ChatID) error {
	for i, id := range ids {
		if err := checkChatID(fmt.Sprintf("%s[%d]", field, i), id); err != nil {
			return err
		}
	}
	return nil
}

// ChatOverviewParams selects a page of chat summaries, optionally only the
// chats named in IDs. nil or the zero value asks for the server's default
// page of every chat. Overview sends it in the query string; see
// ChatOverviewByIDsParams for long ID lists.
type ChatOverviewParams struct {
	// Limit is the page size; 0 leaves it to the server (20).
	Limit  int `url:"limit,omitempty"`
	Offset int `url:"offset,omitempty"`
	// IDs, when not empty, keeps only these chats.
	IDs []ChatID `url:"ids,brackets,omitempty"`
	// Merge, when set, says whether a person's @lid and @c.us chats are
	// merged into one summary; nil leaves the server's default (true).
	Merge *bool `url:"merge,omitempty"`
}

// ChatOverviewByIDsParams names the chats OverviewByIDs summarises. It is a
// separate type from ChatOverviewParams because here the IDs are required
// (the call exists to carry them), so it is passed by value, while every
// field of ChatOverviewParams is optional and passed by pointer.
type ChatOverviewByIDsParams struct {
	// IDs are the chats to summarise; at least one is required.
	IDs []ChatID
	// Limit is the page size; 0 leaves it to the server (20).
	Limit  int
	Offset int
	// Merge, when set, says whether a person's @lid and @c.us chats are
	// merged into one summary; nil leaves the server's default (true).
	Merge *bool
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
func (s *ChatsService) Overview(ctx context.Context, params *ChatOverviewParams) ([]ChatSummary, error) {
	p := valueOf(params)
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	if err := checkChatIDs("ids", p.IDs); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/chats/overview"}, class: classRead}
	return s.summaries(ctx, ep, input{query: p})
}

// overviewBody is the JSON form of an overview request.
type overviewBody struct {
	Pagination overviewPagination `json:"pagination"`
	Filter     overviewFilter     `json:"filter"`
}

type overviewPagination struct {
	Limit  int   `json:"limit,omitempty"`
	Offset int   `json:"offset"`
	Merge  *bool `json:"merge,omitempty"`
}

type overviewFilter struct {
	IDs []ChatID `json:"ids"`
}

// OverviewByIDs returns the summaries of the chats named in params.IDs, sent
// in a JSON body so that long ID lists do not overflow the query string. It
// reads only, so it retries like a read although it is a POST.
//
// Wawp API: POST /chats/overview
func (s *ChatsService) OverviewByIDs(ctx context.Context, params ChatOverviewByIDsParams) ([]ChatSummary, error) {
	if err := checkPage(params.Limit, params.Offset); err != nil {
		return nil, err
	}
	if len(params.IDs) == 0 {
		return nil, &ValidationError{Field: "filter.ids", Reason: "must name at least one chat"}
	}
	if err := checkChatIDs("filter.ids", params.IDs); err != nil {
		return nil, err
	}
	body := overviewBody{
		Pagination: overviewPagination{Limit: params.Limit, Offset: params.Offset, Merge: params.Merge},
		Filter:     overviewFilter{IDs: params.IDs},
	}
	ep := endpoint{route: route{http.MethodPost, "/chats/overview"}, class: classRead}
	return s.summaries(ctx, ep, input{body: body})
}

func (s *ChatsService) summaries(ctx context.Context, ep endpoint, in input) ([]ChatSummary, error) {
	out, err := call[[]ChatSummary](ctx, s.client, ep, in)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].LastMessage != nil {
			out[i].LastMessage.derive()
		}
	}
	return out, nil
}

// ChatMessagesParams selects a page of a chat's messages. nil or the zero
// value asks for the server's default page, without media.
type ChatMessagesParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit  int
	Offset int
	// DownloadMedia asks the server to download media and fill Message.Media.
	// It is always sent, so the server's own default (true) never applies.
	DownloadMedia bool
	// SortBy and SortOrder order the page; empty leaves the server's order.
	SortBy    ChatMessageSortField
	SortOrder SortOrder
	// Merge, when set, says whether the messages of a person's @lid and
	// @c.us chats are merged; nil leaves the server's default (true).
	Merge *bool
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
	Limit         int                  `url:"limit,omitempty"`
	Offset        int                  `url:"offset,omitempty"`
	DownloadMedia bool                 `url:"downloadMedia"`
	SortBy        ChatMessageSortField `url:"sortBy,omitempty"`
	SortOrder     SortOrder            `url:"sortOrder,omitempty"`
	Merge         *bool                `url:"merge,omitempty"`
	TimestampLTE  int64                `url:"filter.timestamp.lte,omitempty"`
	TimestampGTE  int64                `url:"filter.timestamp.gte,omitempty"`
	FromMe        *bool                `url:"filter.fromMe,omitempty"`
	Ack           string               `url:"filter.ack,omitempty"`
}

func (p ChatMessagesParams) query() chatMessagesQuery {
	q := chatMessagesQuery{
		Limit: p.Limit, Offset: p.Offset, DownloadMedia: p.DownloadMedia,
		SortBy: p.SortBy, SortOrder: p.SortOrder, Merge: p.Merge, FromMe: p.FromMe,
	}
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
	p := valueOf(params)
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/chats/{chatId}/messages"}, class: classRead}
	return call[[]Message](ctx, s.client, ep, input{path: []string{string(chatID)}, query: p.query()})
}

// MessagesIter yields every message of the chat from params.Offset on,
// fetching pages of params.Limit messages (100 when 0) lazily until a short
// page. params may be nil and is never modified.
func (s *ChatsService) MessagesIter(ctx context.Context, chatID ChatID, params *ChatMessagesParams) iter.Seq2[Message, error] {
	p := valueOf(params)
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Message, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.Messages(ctx, chatID, &page)
	})
}

// ChatMessageParams chooses how Message fetches one message. nil or the zero
// value fetches it without media.
type ChatMessageParams struct {
	// DownloadMedia asks the server to download the media and fill
	// Message.Media. It is always sent, so the server's own default (true)
	// never applies.
	DownloadMedia bool `url:"downloadMedia"`
}

// messageRoute is the path template of one message of a chat.
const messageRoute = "/chats/{chatId}/messages/{messageId}"

// Message returns one message of the chat. params may be nil. Some servers
// route this call as GET, which is tried once when POST has no route;
// fetching changes nothing, so it retries like a read.
//
// Wawp API: POST /chats/{chatId}/messages/{messageId}
func (s *ChatsService) Message(ctx context.Context, chatID ChatID, messageID MessageID, params *ChatMessageParams) (*Message, error) {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, messageRoute}, class: classRead, fallback: &route{http.MethodGet, messageRoute}}
	return callRef[Message](ctx, s.client, ep, input{path: []string{string(chatID), string(messageID)}, query: valueOf(params)})
}

// DeleteMessage deletes a message for everyone in the chat.
//
// Wawp API: DELETE /chats/{chatId}/messages/{messageId}
func (s *ChatsService) DeleteMessage(ctx context.Context, chatID ChatID, messageID MessageID) error {
	return s.messageAction(ctx, route{http.MethodDelete, messageRoute}, chatID, messageID, nil)
}

// ChatEditMessageParams is the new content of a text message. Text is
// required; nil pointers leave the server's defaults.
type ChatEditMessageParams struct {
	// Text is the new text.
	Text string `url:"text"`
	// LinkPreview, when set, says whether a preview of the first link in
	// Text is shown; nil leaves the server's default (true).
	LinkPreview *bool `url:"linkPreview,omitempty"`
	// LinkPreviewHighQuality, when set, asks for a large preview image; nil
	// leaves the server's default (false).
	LinkPreviewHighQuality *bool `url:"linkPreviewHighQuality,omitempty"`
	// Mentions are the people mentioned in Text, which must contain
	// "@<phone>" for each of them.
	Mentions []ChatID `url:"mentions,brackets,omitempty"`
}

// EditMessage replaces the text of a message the session sent. Editing to
// the same text twice leaves the same message, so it retries like a read.
//
// Wawp API: PUT /chats/{chatId}/messages/{messageId}
func (s *ChatsService) EditMessage(ctx context.Context, chatID ChatID, messageID MessageID, params ChatEditMessageParams) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	if err := required("text", params.Text); err != nil {
		return err
	}
	if err := checkChatIDs("mentions", params.Mentions); err != nil {
		return err
	}
	return s.messageAction(ctx, route{http.MethodPut, messageRoute}, chatID, messageID, params)
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
	return s.messageAction(ctx, route{http.MethodPost, messageRoute + "/pin"}, chatID, messageID, q)
}

// UnpinMessage unpins a message in the chat.
//
// Wawp API: POST /chats/{chatId}/messages/{messageId}/unpin
func (s *ChatsService) UnpinMessage(ctx context.Context, chatID ChatID, messageID MessageID) error {
	return s.messageAction(ctx, route{http.MethodPost, messageRoute + "/unpin"}, chatID, messageID, nil)
}

// messageAction validates the chat and message IDs and sends a change to one
// message whose answer carries nothing the caller needs. Deleting, editing
// and pinning all leave the same state when repeated, so they are idempotent
// writes.
func (s *ChatsService) messageAction(ctx context.Context, rt route, chatID ChatID, messageID MessageID, query any) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	ep := endpoint{route: rt, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{path: []string{string(chatID), string(messageID)}, query: query})
}

// ChatMarkReadParams chooses which unread messages to mark as read. nil or
// zero values leave the choice to the server.
type ChatMarkReadParams struct {
	// Messages marks the latest N messages.
	Messages int `url:"messages,omitempty"`
	// Days marks the messages of the latest N days.
	Days int `url:"days,omitempty"`
}

// MarkRead marks the chat's unread messages as read and returns the IDs of
// the messages it marked. params may be nil. Marking read twice changes
// nothing more, so it retries like a read.
//
// Wawp API: POST /chats/{chatId}/messages/read
func (s *ChatsService) MarkRead(ctx context.Context, chatID ChatID, params *ChatMarkReadParams) ([]MessageID, error) {
	p := valueOf(params)
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if p.Messages < 0 {
		return nil, &ValidationError{Field: "messages", Reason: "must not be negative"}
	}
	if p.Days < 0 {
		return nil, &ValidationError{Field: "days", Reason: "must not be negative"}
	}
	ep := endpoint{route: route{http.MethodPost, "/chats/{chatId}/messages/read"}, class: classIdempotentWrite}
	out, err := call[struct {
		IDs []MessageID `json:"ids"`
	}](ctx, s.client, ep, input{path: []string{string(chatID)}, query: p})
	return out.IDs, err
}

// Archive moves the chat to the archive.
//
// Wawp API: POST /chats/{chatId}/archive
func (s *ChatsService) Archive(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, route{http.MethodPost, "/chats/{chatId}/archive"}, chatID)
}

// Unarchive brings the chat back from the archive.
//
// Wawp API: POST /chats/{chatId}/unarchive
func (s *ChatsService) Unarchive(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, route{http.MethodPost, "/chats/{chatId}/unarchive"}, chatID)
}

// MarkUnread marks the chat as unread.
//
// Wawp API: POST /chats/{chatId}/unread
func (s *ChatsService) MarkUnread(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, route{http.MethodPost, "/chats/{chatId}/unread"}, chatID)
}

// Delete deletes the chat.
//
// Wawp API: DELETE /chats/{chatId}
func (s *ChatsService) Delete(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, route{http.MethodDelete, "/chats/{chatId}"}, chatID)
}

// ClearMessages deletes every message of the chat, keeping the chat.
//
// Wawp API: DELETE /chats/{chatId}/messages
func (s *ChatsService) ClearMessages(ctx context.Context, chatID ChatID) error {
	return s.chatAction(ctx, route{http.MethodDelete, "/chats/{chatId}/messages"}, chatID)
}

// chatAction validates the chat ID and sends a change to the chat that takes
// no parameters. Archiving, marking and deleting all leave the same state
// when repeated, so they are idempotent writes.
func (s *ChatsService) chatAction(ctx context.Context, rt route, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return s.client.exec(ctx, endpoint{route: rt, class: classIdempotentWrite}, input{path: []string{string(chatID)}})
}

// ChatPictureParams chooses how Picture reads a chat's picture. nil or the
// zero value reads the server's cached copy.
type ChatPictureParams struct {
	// Refresh bypasses the server's cache of about a day. Use it sparingly:
	// it may be rate limited.
	Refresh bool `url:"refresh,omitempty"`
}

// Picture returns the URL of the chat's picture, or "" when it has none.
// params may be nil.
//
// Wawp API: GET /chats/{chatId}/picture
func (s *ChatsService) Picture(ctx context.Context, chatID ChatID, params *ChatPictureParams) (string, error) {
	if err := requireChatID(chatID); err != nil {
		return "", err
	}
	ep := endpoint{route: route{http.MethodGet, "/chats/{chatId}/picture"}, class: classRead}
	// A null url decodes as "".
	out, err := call[struct {
		URL string `json:"url"`
	}](ctx, s.client, ep, input{path: []string{string(chatID)}, query: valueOf(params)})
	return out.URL, err
}
