package wawptest

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/wawp-go/wawp"
)

// mediaKind is the kind of a media send.
type mediaKind int

const (
	mediaImage mediaKind = iota
	mediaFile
	mediaVoice
	mediaVideo
)

// send stores an outgoing message and answers it.
func (c *call) send(chatID wawp.ChatID, m wawp.Message, content any) (any, *apiError) {
	rec := c.s.storeOutgoing(c.inst, chatID, m, content, c.now)
	return rec.msg, nil
}

// replyTo reads reply_to: a serialized ID of a message the session knows.
func (c *call) replyTo() (*wawp.ReplyTo, *apiError) {
	v := c.optional("reply_to")
	if v == "" || v == "null" {
		return nil, nil
	}
	m, ok := c.inst.findMessage(wawp.MessageID(v))
	if !ok {
		return nil, errInvalid("reply_to", "is not the ID of a known message")
	}
	sender := m.msg.From
	if m.msg.Participant != "" {
		sender = m.msg.Participant
	}
	return &wawp.ReplyTo{ID: m.msg.ID, Participant: sender, Body: m.msg.Body, HasMedia: m.msg.HasMedia}, nil
}

// lookupMessage finds a message of the session that belongs to chatID.
func (c *call) lookupMessage(chatID wawp.ChatID, id wawp.MessageID) (*message, *apiError) {
	m, ok := c.inst.findMessage(id)
	if !ok || m.chat != chatID {
		return nil, errNotFound("message", id)
	}
	return m, nil
}

func handleSendText(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	text, err := c.required("message")
	if err != nil {
		return nil, err
	}
	reply, err := c.replyTo()
	if err != nil {
		return nil, err
	}
	return c.send(chatID, wawp.Message{Body: text, ReplyTo: reply}, map[string]any{"conversation": text})
}

func handleSendMedia(kind mediaKind) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		chatID, err := c.chatParam("chatId")
		if err != nil {
			return nil, err
		}
		m, err := c.mediaMessage(kind)
		if err != nil {
			return nil, err
		}
		if m.ReplyTo, err = c.replyTo(); err != nil {
			return nil, err
		}
		return c.send(chatID, m, map[string]any{kind.engineField(): map[string]any{"URL": m.Media.URL, "mimetype": m.Media.MIMEType}})
	}
}

// mediaMessage reads the file, caption and conversion flags of a media send
// or media status.
func (c *call) mediaMessage(kind mediaKind) (wawp.Message, *apiError) {
	media, err := c.queryFile()
	if err != nil {
		return wawp.Message{}, err
	}
	convert, err := c.boolParam("convert", false)
	if err != nil {
		return wawp.Message{}, err
	}
	if _, err := c.boolParam("asNote", false); err != nil {
		return wawp.Message{}, err
	}
	switch {
	case kind == mediaVoice && convert:
		media.MIMEType = "audio/ogg; codecs=opus"
	case kind == mediaVideo && convert:
		media.MIMEType = "video/mp4"
	}
	m := wawp.Message{HasMedia: true, Media: &media}
	if kind != mediaVoice {
		m.Body = c.optional("caption")
	}
	return m, nil
}

func (k mediaKind) engineField() string {
	switch k {
	case mediaImage:
		return "imageMessage"
	case mediaVoice:
		return "audioMessage"
	case mediaVideo:
		return "videoMessage"
	}
	return "documentMessage"
}

func handleSendLinkPreview(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	link, err := c.required("url")
	if err != nil {
		return nil, err
	}
	if u, perr := url.Parse(link); perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errInvalid("url", "must be an absolute http(s) URL")
	}
	title := c.optional("title")
	return c.send(chatID, wawp.Message{Body: link}, map[string]any{"extendedTextMessage": map[string]string{"text": link, "title": title, "matchedText": link}})
}

func handleSendLocation(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	lat, err := c.floatParam("latitude")
	if err != nil {
		return nil, err
	}
	if lat < -90 || lat > 90 {
		return nil, errInvalid("latitude", "must be between -90 and 90")
	}
	lng, err := c.floatParam("longitude")
	if err != nil {
		return nil, err
	}
	if lng < -180 || lng > 180 {
		return nil, errInvalid("longitude", "must be between -180 and 180")
	}
	reply, err := c.replyTo()
	if err != nil {
		return nil, err
	}
	loc := &wawp.Location{Latitude: wawp.Coordinate(lat), Longitude: wawp.Coordinate(lng), Name: c.optional("title"), Description: c.optional("message")}
	return c.send(chatID, wawp.Message{Location: loc, ReplyTo: reply}, map[string]any{"locationMessage": map[string]any{"degreesLatitude": lat, "degreesLongitude": lng, "name": loc.Name}})
}

// pollJSON is the poll of a sendPoll body.
type pollJSON struct {
	Name            string   `json:"name"`
	Options         []string `json:"options"`
	MultipleAnswers bool     `json:"multipleAnswers"`
}

func handleSendPoll(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	var body struct {
		Poll *pollJSON `json:"poll"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Poll == nil {
		return nil, errMissing("poll")
	}
	if err := body.Poll.validate(); err != nil {
		return nil, err
	}
	reply, err := c.replyTo()
	if err != nil {
		return nil, err
	}
	options := make([]map[string]string, len(body.Poll.Options))
	for i, o := range body.Poll.Options {
		options[i] = map[string]string{"optionName": o}
	}
	selectable := 1
	if body.Poll.MultipleAnswers {
		selectable = 0
	}
	content := map[string]any{"pollCreationMessage": map[string]any{"name": body.Poll.Name, "options": options, "selectableOptionsCount": selectable}}
	return c.send(chatID, wawp.Message{Body: body.Poll.Name, ReplyTo: reply}, content)
}

// validate applies WhatsApp's poll limits: a name, 2 to 12 distinct,
// non-empty options of at most 255 characters.
func (p *pollJSON) validate() *apiError {
	if strings.TrimSpace(p.Name) == "" {
		return errInvalid("poll.name", "is required")
	}
	if len(p.Options) < 2 || len(p.Options) > 12 {
		return errInvalid("poll.options", "must hold 2 to 12 options")
	}
	seen := map[string]bool{}
	for _, o := range p.Options {
		if strings.TrimSpace(o) == "" || len(o) > 255 || seen[o] {
			return errInvalid("poll.options", "must be distinct, non-empty and at most 255 characters")
		}
		seen[o] = true
	}
	return nil
}

// vcardContact is one item of a sendContactVcard body: a ready vCard, or the
// fields to build one.
type vcardContact struct {
	VCard        string `json:"vcard"`
	FullName     string `json:"fullName"`
	Organization string `json:"organization"`
	PhoneNumber  string `json:"phoneNumber"`
	WhatsappID   string `json:"whatsappId"`
}

func (v vcardContact) text() string {
	if v.VCard != "" {
		return v.VCard
	}
	waid := v.WhatsappID
	if waid == "" {
		waid = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, v.PhoneNumber)
	}
	return fmt.Sprintf("BEGIN:VCARD\nVERSION:3.0\nFN:%s\nORG:%s;\nTEL;type=CELL;type=VOICE;waid=%s:%s\nEND:VCARD", v.FullName, v.Organization, waid, v.PhoneNumber)
}

func handleSendContactVCard(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	var body struct {
		Contacts *[]vcardContact `json:"contacts"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Contacts == nil {
		return nil, errMissing("contacts")
	}
	if len(*body.Contacts) == 0 {
		return nil, errInvalid("contacts", "must hold at least one contact")
	}
	cards := make(wawp.VCards, 0, len(*body.Contacts))
	for _, ct := range *body.Contacts {
		if ct.VCard == "" && (ct.FullName == "" || ct.PhoneNumber == "") {
			return nil, errInvalid("contacts", "items need vcard, or fullName and phoneNumber")
		}
		cards = append(cards, ct.text())
	}
	reply, err := c.replyTo()
	if err != nil {
		return nil, err
	}
	return c.send(chatID, wawp.Message{VCards: cards, ReplyTo: reply}, map[string]any{"contactsArrayMessage": map[string]any{"contacts": cards}})
}

// handleSendSeen marks incoming messages of a chat as read: the listed
// ones, or all unread ones.
func handleSendSeen(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	ids := c.list("messageIds")
	var targets []*message
	for _, id := range ids {
		m, err := c.lookupMessage(chatID, wawp.MessageID(id))
		if err != nil {
			return nil, errInvalid("messageIds", fmt.Sprintf("holds %s, which is not a message of chat %s", id, chatID))
		}
		targets = append(targets, m)
	}
	if len(ids) == 0 {
		if ch, ok := c.inst.chats[chatID]; ok {
			targets = ch.messages
		}
	}
	markRead(targets)
	if ch, ok := c.inst.chats[chatID]; ok {
		ch.markedUnread = false
	}
	return success()
}

// markRead sets incoming messages to READ. Receipts the session sends
// produce no message.ack event, as on WhatsApp.
func markRead(ms []*message) []wawp.MessageID {
	var ids []wawp.MessageID
	for _, m := range ms {
		if !m.msg.FromMe && m.msg.Ack < wawp.AckRead {
			m.msg.Ack, m.msg.AckName = wawp.AckRead, wawp.AckRead.String()
			ids = append(ids, m.msg.ID)
		}
	}
	return ids
}

func handleTyping(p wawp.Presence) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		if _, err := c.chatParam("chatId"); err != nil {
			return nil, err
		}
		c.inst.setOwnPresence(p)
		return success()
	}
}

func handleReaction(c *call) (any, *apiError) {
	chatID, msgID, err := c.chatAndMessageParams()
	if err != nil {
		return nil, err
	}
	reaction, ok := c.param("reaction")
	if !ok {
		return nil, errMissing("reaction")
	}
	if _, err := c.lookupMessage(chatID, msgID); err != nil {
		return nil, err
	}
	id, _ := newMessageID(true, chatID, "")
	var participant any
	if chatID.IsGroup() {
		participant = c.inst.me.ID
	}
	c.s.emit(c.inst, "message.reaction", map[string]any{
		"id":          id,
		"timestamp":   c.now.Unix(),
		"from":        c.inst.me.ID,
		"fromMe":      true,
		"source":      "api",
		"to":          chatID,
		"participant": participant,
		"reaction":    map[string]any{"text": reaction, "messageId": msgID},
	})
	c.s.recordAction(c.inst, Action{Kind: ActionReact, Chat: chatID, MessageID: msgID, Reaction: reaction})
	return success()
}

func handleStar(c *call) (any, *apiError) {
	chatID, msgID, err := c.chatAndMessageParams()
	if err != nil {
		return nil, err
	}
	if _, ok := c.param("star"); !ok {
		return nil, errMissing("star")
	}
	star, err := c.boolParam("star", false)
	if err != nil {
		return nil, err
	}
	m, err := c.lookupMessage(chatID, msgID)
	if err != nil {
		return nil, err
	}
	m.starred = star
	kind := ActionUnstar
	if star {
		kind = ActionStar
	}
	c.s.recordAction(c.inst, Action{Kind: kind, Chat: chatID, MessageID: msgID})
	return success()
}

// chatAndMessageParams reads the chatId and messageId every message action takes.
func (c *call) chatAndMessageParams() (wawp.ChatID, wawp.MessageID, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return "", "", err
	}
	msgID, err := c.messageParam("messageId")
	if err != nil {
		return "", "", err
	}
	return chatID, msgID, nil
}
