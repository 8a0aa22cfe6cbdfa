package wawptest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// instance is one Wawp instance: a session and everything its WhatsApp
// account knows. Instances do not share chats, contacts or groups.
type instance struct {
	id, name      string
	status        wawp.SessionStatus
	history       []statusPoint
	authenticated bool
	me            wawp.MeInfo
	metadata      map[string]string
	profile       profile

	chats      map[wawp.ChatID]*chat
	chatSeq    int
	messages   map[wawp.MessageID]*message
	contacts   map[wawp.ChatID]*contact
	lids       []lidMapping
	groups     map[wawp.ChatID]*group
	labels     map[string]*wawp.Label
	labelSeq   int
	chatLabels map[wawp.ChatID][]string
	channels   map[wawp.ChatID]*followedChannel
	presences  map[wawp.ChatID][]wawp.ParticipantPresence
	presence   wawp.Presence
	blocked    map[wawp.ChatID]bool
}

// statusPoint is one entry of the session.status history.
type statusPoint struct {
	Status    wawp.SessionStatus `json:"status"`
	Timestamp int64              `json:"timestamp"`
}

type profile struct {
	about   string
	picture string
}

// chat is a conversation with its messages in the order they were stored.
type chat struct {
	id           wawp.ChatID
	seq          int
	messages     []*message
	archived     bool
	markedUnread bool
	lastActivity time.Time
}

// message is a stored message and what the API can change about it.
type message struct {
	msg     wawp.Message
	chat    wawp.ChatID
	starred bool
	pinned  bool
}

type contact struct {
	Contact
	inAddressBook bool
}

type lidMapping struct {
	LID wawp.ChatID `json:"lid"`
	PN  wawp.ChatID `json:"pn"`
}

type followedChannel struct {
	channel Channel
	role    string
	muted   bool
}

func newInstance(id, name string, me wawp.MeInfo) *instance {
	inst := &instance{
		id:   id,
		name: name,
		me:   me,
		metadata: map[string]string{
			"instance_id":  id,
			"user_id":      "1000",
			"display_name": "Wawp Test Account",
			"user_email":   "test@example.com",
		},
		chats:      map[wawp.ChatID]*chat{},
		messages:   map[wawp.MessageID]*message{},
		contacts:   map[wawp.ChatID]*contact{},
		groups:     map[wawp.ChatID]*group{},
		labels:     map[string]*wawp.Label{},
		chatLabels: map[wawp.ChatID][]string{},
		channels:   map[wawp.ChatID]*followedChannel{},
		presences:  map[wawp.ChatID][]wawp.ParticipantPresence{},
		presence:   wawp.PresenceOffline,
		blocked:    map[wawp.ChatID]bool{},
	}
	inst.setStatus(wawp.SessionStopped, time.Now())
	return inst
}

// meInfo builds the account description, with the device JID the engine reports.
func meInfo(id wawp.ChatID, pushName string) wawp.MeInfo {
	return wawp.MeInfo{ID: id, JID: id.User() + ":7@s.whatsapp.net", PushName: pushName}
}

// setStatus changes the status and keeps the last three in the history.
func (inst *instance) setStatus(status wawp.SessionStatus, now time.Time) {
	inst.status = status
	inst.history = append(inst.history, statusPoint{Status: status, Timestamp: now.UnixMilli()})
	if len(inst.history) > 3 {
		inst.history = append([]statusPoint(nil), inst.history[len(inst.history)-3:]...)
	}
}

// chat returns the chat with id, creating it.
func (inst *instance) chat(id wawp.ChatID, now time.Time) *chat {
	ch, ok := inst.chats[id]
	if !ok {
		inst.chatSeq++
		ch = &chat{id: id, seq: inst.chatSeq, lastActivity: now}
		inst.chats[id] = ch
	}
	return ch
}

func (inst *instance) addMessage(m *message, now time.Time) {
	ch := inst.chat(m.chat, now)
	ch.messages = append(ch.messages, m)
	ch.lastActivity = now
	inst.messages[m.msg.ID] = m
}

// removeMessage deletes a message from its chat and from the index.
func (inst *instance) removeMessage(m *message) {
	delete(inst.messages, m.msg.ID)
	ch, ok := inst.chats[m.chat]
	if !ok {
		return
	}
	for i, other := range ch.messages {
		if other == m {
			ch.messages = append(ch.messages[:i:i], ch.messages[i+1:]...)
			return
		}
	}
}

// unread counts incoming messages not yet read.
func (ch *chat) unread() int {
	n := 0
	for _, m := range ch.messages {
		if !m.msg.FromMe && m.msg.Ack < wawp.AckRead {
			n++
		}
	}
	return n
}

func (ch *chat) last() *message {
	if len(ch.messages) == 0 {
		return nil
	}
	return ch.messages[len(ch.messages)-1]
}

// chatName is the name a chat list shows: group subject, contact name,
// push name, channel name, or the number.
func (inst *instance) chatName(id wawp.ChatID) string {
	if g, ok := inst.groups[id]; ok {
		return g.subject
	}
	if c, ok := inst.contacts[id]; ok {
		if c.Name != "" {
			return c.Name
		}
		if c.PushName != "" {
			return c.PushName
		}
	}
	if ch, ok := inst.channels[id]; ok {
		return ch.channel.Name
	}
	return id.User()
}

// contactFor returns the contact with id, or an unnamed one.
func (inst *instance) contactFor(id wawp.ChatID) *contact {
	if c, ok := inst.contacts[id]; ok {
		return c
	}
	return &contact{Contact: Contact{ID: id}}
}

func (inst *instance) addLID(lid, pn wawp.ChatID) {
	for i, m := range inst.lids {
		if m.LID == lid {
			inst.lids[i].PN = pn
			return
		}
	}
	inst.lids = append(inst.lids, lidMapping{LID: lid, PN: pn})
}

// newestFirst returns a chat's messages newest first; messages of the same
// second keep their reverse storage order.
func (ch *chat) newestFirst() []*message {
	out := make([]*message, len(ch.messages))
	for i, m := range ch.messages {
		out[len(out)-1-i] = m
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].msg.Timestamp.After(out[j].msg.Timestamp.Time) })
	return out
}

// findMessage looks a message up by its serialized ID.
func (inst *instance) findMessage(id wawp.MessageID) (*message, bool) {
	m, ok := inst.messages[id]
	return m, ok
}

// newMessageID makes a serialized ID with a random 20-hex-digit message part.
func newMessageID(fromMe bool, chat, participant wawp.ChatID) (wawp.MessageID, string) {
	bare := randomHex(10)
	return wawp.MessageIDParts{FromMe: fromMe, Chat: chat, ID: bare, Participant: participant}.MessageID(), bare
}

// randomHex returns 2n upper-case hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

// randomDigits returns n decimal digits, the first not zero.
func randomDigits(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for i, v := range b {
		d := v % 10
		if i == 0 && d == 0 {
			d = 1
		}
		sb.WriteByte('0' + d)
	}
	return sb.String()
}

// jid converts a chat ID to the engine's JID form used inside _data.
func jid(id wawp.ChatID) string {
	if id.IsUser() {
		return id.User() + "@s.whatsapp.net"
	}
	return string(id)
}

// engineData is a small GOWS-like raw message, as kept in Message.Data;
// content, when not nil, becomes its "Message" part.
func engineData(bare string, chat wawp.ChatID, sender wawp.ChatID, fromMe bool, at time.Time, content any) json.RawMessage {
	info := map[string]any{
		"Info": map[string]any{
			"ID":        bare,
			"Chat":      jid(chat),
			"Sender":    jid(sender),
			"IsFromMe":  fromMe,
			"IsGroup":   chat.IsGroup(),
			"Timestamp": at.UTC().Format(time.RFC3339),
		},
	}
	if content != nil {
		info["Message"] = content
	}
	b, err := marshal(info)
	if err != nil {
		return nil
	}
	return b
}

// storeOutgoing completes a message sent through the API, stores it, and
// emits message.any and message.ack (SERVER).
// content is the engine's message content kept in _data, or nil.
func (s *Server) storeOutgoing(inst *instance, chatID wawp.ChatID, m wawp.Message, content any, now time.Time) *message {
	var bare string
	m.ID, bare = newMessageID(true, chatID, "")
	m.Timestamp = wawp.Timestamp{Time: now.UTC().Truncate(time.Second)}
	m.From, m.To, m.FromMe, m.Source = inst.me.ID, chatID, true, "api"
	if chatID.IsGroup() {
		m.Participant = inst.me.ID
	}
	m.Ack, m.AckName = wawp.AckServer, wawp.AckServer.String()
	if m.Media != nil {
		m.MediaURL = m.Media.URL
	}
	m.Data = engineData(bare, chatID, inst.me.ID, true, now, content)
	rec := &message{msg: m, chat: chatID}
	inst.addMessage(rec, now)
	s.sent = append(s.sent, rec)
	answered := rec.msg
	s.recordAction(inst, Action{Kind: ActionSend, Chat: chatID, MessageID: m.ID, Message: &answered})
	s.emit(inst, "message.any", rec.msg)
	s.emit(inst, "message.ack", ackPayload(rec.msg))
	return rec
}

// storeIncoming completes a message someone sent to the session, stores it,
// and emits message and message.any.
func (s *Server) storeIncoming(inst *instance, m wawp.Message, now time.Time) wawp.Message {
	var bare string
	m.ID, bare = newMessageID(false, m.From, m.Participant)
	if m.Timestamp.IsZero() {
		m.Timestamp = wawp.Timestamp{Time: now.UTC().Truncate(time.Second)}
	}
	m.FromMe, m.Source = false, ""
	if m.To == "" {
		m.To = inst.me.ID
	}
	if m.Ack == wawp.AckPending {
		m.Ack = wawp.AckDevice
	}
	m.AckName = m.Ack.String()
	if m.Media != nil {
		m.HasMedia = true
		m.MediaURL = m.Media.URL
	}
	sender := m.From
	if m.Participant != "" {
		sender = m.Participant
	}
	if m.Data == nil {
		m.Data = engineData(bare, m.From, sender, false, now, nil)
	}
	rec := &message{msg: m, chat: m.From}
	inst.addMessage(rec, now)
	inst.chat(m.From, now).markedUnread = false
	s.emit(inst, "message", rec.msg)
	s.emit(inst, "message.any", rec.msg)
	return rec.msg
}

// setAck changes a message's ack and emits message.ack when it changed.
func (s *Server) setAck(inst *instance, m *message, ack wawp.Ack) {
	if m.msg.Ack == ack {
		return
	}
	m.msg.Ack, m.msg.AckName = ack, ack.String()
	s.emit(inst, "message.ack", ackPayload(m.msg))
}

// ackPayload is the message.ack payload (WAHA's WAMessageAckBody, plus the
// chatId field that Wawp's documentation shows).
func ackPayload(m wawp.Message) map[string]any {
	var participant any
	if m.Participant != "" {
		participant = m.Participant
	}
	chatID := m.To
	if !m.FromMe {
		chatID = m.From
	}
	return map[string]any{
		"id":          m.ID,
		"from":        m.From,
		"to":          m.To,
		"participant": participant,
		"fromMe":      m.FromMe,
		"ack":         m.Ack,
		"ackName":     m.AckName,
		"chatId":      chatID,
	}
}

// knownMessage looks a message up by its serialized ID, for the driving
// methods: an unknown one is ErrUnknownMessage.
func (inst *instance) knownMessage(id wawp.MessageID) (*message, error) {
	m, ok := inst.messages[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownMessage, id)
	}
	return m, nil
}
