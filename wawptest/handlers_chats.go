package wawptest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// chatJSON is a chat as the chats list and the label chats list answer it.
type chatJSON struct {
	ID                    wawp.ChatID `json:"id"`
	Name                  string      `json:"name"`
	IsGroup               bool        `json:"isGroup"`
	UnreadCount           int         `json:"unreadCount"`
	MarkedUnread          bool        `json:"markedUnread"`
	Archived              bool        `json:"archived"`
	ConversationTimestamp int64       `json:"conversationTimestamp"`
}

// chatSummaryJSON is an element of the chats overview (WAHA's ChatSummary).
type chatSummaryJSON struct {
	ID          wawp.ChatID   `json:"id"`
	Name        string        `json:"name"`
	Picture     *string       `json:"picture"`
	LastMessage *wawp.Message `json:"lastMessage"`
	Chat        chatJSON      `json:"_chat"`
}

func (inst *instance) chatView(ch *chat) chatJSON {
	return chatJSON{
		ID:                    ch.id,
		Name:                  inst.chatName(ch.id),
		IsGroup:               ch.id.IsGroup(),
		UnreadCount:           ch.unread(),
		MarkedUnread:          ch.markedUnread,
		Archived:              ch.archived,
		ConversationTimestamp: ch.lastActivity.Unix(),
	}
}

func (inst *instance) summaryView(ch *chat) chatSummaryJSON {
	out := chatSummaryJSON{ID: ch.id, Name: inst.chatName(ch.id), Picture: nullable(inst.pictureOf(ch.id)), Chat: inst.chatView(ch)}
	if last := ch.last(); last != nil {
		m := withoutMedia(last.msg)
		out.LastMessage = &m
	}
	return out
}

// listedChats returns the chats a chat list shows: all but the status pseudo-chat.
func (inst *instance) listedChats() []*chat {
	out := make([]*chat, 0, len(inst.chats))
	for _, ch := range inst.chats {
		if ch.id != wawp.StatusBroadcast {
			out = append(out, ch)
		}
	}
	slices.SortFunc(out, func(a, b *chat) int {
		if c := b.lastActivity.Compare(a.lastActivity); c != 0 {
			return c
		}
		return cmp.Compare(b.seq, a.seq)
	})
	return out
}

// pictureOf returns the picture URL of a chat, or "".
func (inst *instance) pictureOf(id wawp.ChatID) string {
	if g, ok := inst.groups[id]; ok {
		return g.picture
	}
	if c, ok := inst.contacts[id]; ok {
		return c.PictureURL
	}
	if ch, ok := inst.channels[id]; ok {
		return ch.channel.PictureURL
	}
	return ""
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func withoutMedia(m wawp.Message) wawp.Message {
	m.Media, m.MediaURL = nil, ""
	return m
}

// window returns the part of list that limit and offset select; a limit of
// 0 means no limit.
func window[T any](list []T, limit, offset int) []T {
	if offset >= len(list) {
		return []T{}
	}
	list = list[offset:]
	if limit > 0 && limit < len(list) {
		list = list[:limit]
	}
	return list
}

func handleListChats(c *call) (any, *apiError) {
	limit, offset, err := c.page(0)
	if err != nil {
		return nil, err
	}
	desc, err := c.sortOrder(true)
	if err != nil {
		return nil, err
	}
	chats := c.inst.listedChats()
	switch sortBy := c.optional("sortBy"); sortBy {
	case "", "conversationTimestamp":
		if !desc {
			slices.Reverse(chats)
		}
	case "id", "name":
		key := func(ch *chat) string {
			if sortBy == "name" {
				return strings.ToLower(c.inst.chatName(ch.id))
			}
			return string(ch.id)
		}
		sortByKey(chats, desc, key)
	default:
		return nil, errInvalid("sortBy", "must be conversationTimestamp, id or name")
	}
	out := []chatJSON{}
	for _, ch := range window(chats, limit, offset) {
		out = append(out, c.inst.chatView(ch))
	}
	return out, nil
}

// sortOrder reads sortOrder (asc or desc, any case); def is used when absent.
func (c *call) sortOrder(defDesc bool) (bool, *apiError) {
	switch strings.ToLower(c.optional("sortOrder")) {
	case "":
		return defDesc, nil
	case "desc":
		return true, nil
	case "asc":
		return false, nil
	}
	return false, errInvalid("sortOrder", "must be asc or desc")
}

func (c *call) overview(limit, offset int, ids []string) (any, *apiError) {
	wanted := map[wawp.ChatID]bool{}
	for _, raw := range ids {
		id, err := parseChat("ids", raw)
		if err != nil {
			return nil, err
		}
		wanted[id] = true
	}
	var chats []*chat
	for _, ch := range c.inst.listedChats() {
		if len(wanted) == 0 || wanted[ch.id] {
			chats = append(chats, ch)
		}
	}
	out := []chatSummaryJSON{}
	for _, ch := range window(chats, limit, offset) {
		out = append(out, c.inst.summaryView(ch))
	}
	return out, nil
}

func handleChatsOverview(c *call) (any, *apiError) {
	limit, offset, err := c.page(20)
	if err != nil {
		return nil, err
	}
	return c.overview(limit, offset, c.list("ids"))
}

func handleChatsOverviewByIDs(c *call) (any, *apiError) {
	var body struct {
		Pagination struct {
			Limit  *int `json:"limit"`
			Offset int  `json:"offset"`
		} `json:"pagination"`
		Filter struct {
			IDs []string `json:"ids"`
		} `json:"filter"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	limit := 20
	if body.Pagination.Limit != nil {
		limit = *body.Pagination.Limit
	}
	if limit < 0 {
		return nil, errInvalid("pagination.limit", "must not be negative")
	}
	if body.Pagination.Offset < 0 {
		return nil, errInvalid("pagination.offset", "must not be negative")
	}
	return c.overview(limit, body.Pagination.Offset, body.Filter.IDs)
}

// existingChat reads the chatId path segment of a chat the session has.
func (c *call) existingChat() (*chat, *apiError) {
	id, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	ch, ok := c.inst.chats[id]
	if !ok {
		return nil, errNotFound("chat", id)
	}
	return ch, nil
}

func handleDeleteChat(c *call) (any, *apiError) {
	ch, err := c.existingChat()
	if err != nil {
		return nil, err
	}
	for _, m := range ch.messages {
		delete(c.inst.messages, m.msg.ID)
	}
	delete(c.inst.chats, ch.id)
	return success()
}

func handleChatPicture(c *call) (any, *apiError) {
	id, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	if _, err := c.boolParam("refresh", false); err != nil {
		return nil, err
	}
	return map[string]*string{"url": nullable(c.inst.pictureOf(id))}, nil
}

// handleChatMessages lists a chat's messages newest first, filtered, then
// paged. The default limit is 10, as on WAHA.
func handleChatMessages(c *call) (any, *apiError) {
	id, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	limit, offset, err := c.page(10)
	if err != nil {
		return nil, err
	}
	keep, err := c.messageFilter()
	if err != nil {
		return nil, err
	}
	download, err := c.boolParam("downloadMedia", true)
	if err != nil {
		return nil, err
	}
	var matched []*message
	if ch, ok := c.inst.chats[id]; ok {
		for _, m := range ch.newestFirst() {
			if keep(m.msg) {
				matched = append(matched, m)
			}
		}
	}
	out := []wawp.Message{}
	for _, m := range window(matched, limit, offset) {
		out = append(out, mediaUnless(m.msg, download))
	}
	return out, nil
}

func mediaUnless(m wawp.Message, download bool) wawp.Message {
	if download {
		return m
	}
	return withoutMedia(m)
}

// messageFilter reads filter.timestamp.lte, filter.timestamp.gte (Unix
// seconds), filter.fromMe and filter.ack (an ack name).
func (c *call) messageFilter() (func(wawp.Message) bool, *apiError) {
	const maxInt = math.MaxInt
	lte, err := c.intParam("filter.timestamp.lte", maxInt, 0, maxInt)
	if err != nil {
		return nil, err
	}
	gte, err := c.intParam("filter.timestamp.gte", 0, 0, maxInt)
	if err != nil {
		return nil, err
	}
	_, hasFromMe := c.param("filter.fromMe")
	fromMe, err := c.boolParam("filter.fromMe", false)
	if err != nil {
		return nil, err
	}
	ackName := strings.ToUpper(c.optional("filter.ack"))
	if ackName != "" && !knownAckName(ackName) {
		return nil, errInvalid("filter.ack", "must be ERROR, PENDING, SERVER, DEVICE, READ or PLAYED")
	}
	return func(m wawp.Message) bool {
		ts := m.Timestamp.Unix()
		switch {
		case ts > int64(lte) || ts < int64(gte):
			return false
		case hasFromMe && m.FromMe != fromMe:
			return false
		case ackName != "" && m.Ack.String() != ackName:
			return false
		}
		return true
	}, nil
}

func knownAckName(name string) bool {
	for a := wawp.AckError; a <= wawp.AckPlayed; a++ {
		if a.String() == name {
			return true
		}
	}
	return false
}

func handleClearMessages(c *call) (any, *apiError) {
	ch, err := c.existingChat()
	if err != nil {
		return nil, err
	}
	for _, m := range ch.messages {
		delete(c.inst.messages, m.msg.ID)
	}
	ch.messages = nil
	return success()
}

// handleMarkChatRead reads the unread incoming messages: all of them, or
// those among the latest `messages` or within the latest `days`.
func handleMarkChatRead(c *call) (any, *apiError) {
	ch, err := c.existingChat()
	if err != nil {
		return nil, err
	}
	count, err := c.intParam("messages", 0, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	days, err := c.intParam("days", 0, 0, 1<<20)
	if err != nil {
		return nil, err
	}
	candidates := ch.messages
	if count > 0 && count < len(candidates) {
		candidates = candidates[len(candidates)-count:]
	}
	if days > 0 {
		since := c.now.Add(-time.Duration(days) * 24 * time.Hour)
		var recent []*message
		for _, m := range candidates {
			if !m.msg.Timestamp.Before(since) {
				recent = append(recent, m)
			}
		}
		candidates = recent
	}
	ids := markRead(candidates)
	ch.markedUnread = false
	if ids == nil {
		ids = []wawp.MessageID{}
	}
	return map[string][]wawp.MessageID{"ids": ids}, nil
}

// pathMessage reads the chatId and messageId path segments.
func (c *call) pathMessage() (*message, *apiError) {
	chatID, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	return c.lookupMessage(chatID, wawp.MessageID(c.vars["messageId"]))
}

func handleGetMessage(c *call) (any, *apiError) {
	m, err := c.pathMessage()
	if err != nil {
		return nil, err
	}
	download, err := c.boolParam("downloadMedia", true)
	if err != nil {
		return nil, err
	}
	return mediaUnless(m.msg, download), nil
}

func handleDeleteMessage(c *call) (any, *apiError) {
	m, err := c.pathMessage()
	if err != nil {
		return nil, err
	}
	c.inst.removeMessage(m)
	c.s.recordAction(c.inst, Action{Kind: ActionDelete, Chat: m.chat, MessageID: m.msg.ID})
	return success()
}

// handleEditMessage changes the text of a message the session sent and
// emits message.edited.
func handleEditMessage(c *call) (any, *apiError) {
	m, err := c.pathMessage()
	if err != nil {
		return nil, err
	}
	text, err := c.required("text")
	if err != nil {
		return nil, err
	}
	for _, flag := range []string{"linkPreview", "linkPreviewHighQuality"} {
		if _, err := c.boolParam(flag, false); err != nil {
			return nil, err
		}
	}
	if !m.msg.FromMe {
		return nil, errInvalid("messageId", "must name a message the session sent")
	}
	m.msg.Body = text
	parts, _ := m.msg.ID.Parts()
	editID, _ := newMessageID(true, m.chat, "")
	edited := m.msg
	edited.ID, edited.Timestamp = editID, wawp.Timestamp{Time: c.now.UTC().Truncate(time.Second)}
	c.s.emit(c.inst, "message.edited", struct {
		wawp.Message
		EditedMessageID string `json:"editedMessageId"`
	}{edited, parts.ID})
	c.s.recordAction(c.inst, Action{Kind: ActionEdit, Chat: m.chat, MessageID: m.msg.ID, Text: text})
	return success()
}

func handlePinMessage(pin bool) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		m, err := c.pathMessage()
		if err != nil {
			return nil, err
		}
		action := Action{Kind: ActionUnpin, Chat: m.chat, MessageID: m.msg.ID}
		if pin {
			switch d, err := c.intParam("duration", 86400, 0, 1<<31); {
			case err != nil:
				return nil, err
			case d != 86400 && d != 604800 && d != 2592000:
				return nil, errInvalid("duration", "must be 86400, 604800 or 2592000 seconds")
			default:
				action.Kind, action.PinDuration = ActionPin, time.Duration(d)*time.Second
			}
		}
		m.pinned = pin
		c.s.recordAction(c.inst, action)
		return success()
	}
}

func handleArchiveChat(archive bool) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		ch, err := c.existingChat()
		if err != nil {
			return nil, err
		}
		if ch.archived != archive {
			ch.archived = archive
			c.s.emit(c.inst, "chat.archive", map[string]any{"id": ch.id, "archived": archive, "timestamp": c.now.Unix()})
		}
		return success()
	}
}

func handleMarkChatUnread(c *call) (any, *apiError) {
	ch, err := c.existingChat()
	if err != nil {
		return nil, err
	}
	ch.markedUnread = true
	return success()
}
