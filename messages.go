package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MessagesService sends WhatsApp messages (text, media, locations, polls,
// contact cards), marks messages as seen, shows the typing indicator, and
// reacts to or stars messages.
//
// Every Send* call is a real WhatsApp message: it is paced by the client's
// rate limiter and never retried after an ambiguous failure, since a
// duplicate message is worse than an error.
type MessagesService service

// Poll limits, as documented for WhatsApp polls.
const (
	pollMinOptions      = 2
	pollMaxOptions      = 12
	pollMaxOptionLength = 254 // options must be shorter than 255 characters
)

// stopTypingTimeout bounds the request that clears the typing indicator after
// the caller's context has ended.
const stopTypingTimeout = 10 * time.Second

// SendTextParams are the parameters of Messages.SendText.
type SendTextParams struct {
	// ChatID is the recipient; a bare phone number is accepted too.
	ChatID ChatID `url:"chatId"`
	// Message is the text; WhatsApp formatting (*bold*, _italic_) is allowed.
	Message string `url:"message"`
	// ReplyTo quotes an earlier message when set.
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

// values encodes the parameters exactly as their url tags do, without the
// reflection of go-querystring: sending text is the hottest call.
func (p SendTextParams) values() url.Values {
	v := url.Values{"chatId": {string(p.ChatID)}, "message": {p.Message}}
	if p.ReplyTo != "" {
		v["reply_to"] = []string{string(p.ReplyTo)}
	}
	return v
}

func (p SendTextParams) validate() error {
	if err := requireChatID(p.ChatID); err != nil {
		return err
	}
	return required("message", p.Message)
}

// SendImageParams are the parameters of Messages.SendImage.
type SendImageParams struct {
	ChatID ChatID `url:"chatId"`
	// File is the image to download and send; JPEG and PNG are safe choices.
	File    File      `url:"file"`
	Caption string    `url:"caption,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

// SendFileParams are the parameters of Messages.SendFile.
type SendFileParams struct {
	ChatID ChatID `url:"chatId"`
	// File is the document to send; its Filename is what the recipient sees.
	File    File      `url:"file"`
	Caption string    `url:"caption,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

// SendVoiceParams are the parameters of Messages.SendVoice.
type SendVoiceParams struct {
	ChatID ChatID `url:"chatId"`
	// File is the recording; WhatsApp plays OGG/Opus as a voice note.
	File File `url:"file"`
	// Convert asks the server to convert the file to OGG/Opus. Nil leaves
	// the choice to the server.
	Convert *bool     `url:"convert,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

// SendVideoParams are the parameters of Messages.SendVideo.
type SendVideoParams struct {
	ChatID ChatID `url:"chatId"`
	// File is the video; MP4 (H.264) plays everywhere.
	File    File   `url:"file"`
	Caption string `url:"caption,omitempty"`
	// Convert asks the server to convert the video to a WhatsApp-friendly
	// format. Nil leaves the choice to the server.
	Convert *bool `url:"convert,omitempty"`
	// AsNote sends a round video note instead of a regular video. It is
	// always sent, false included.
	AsNote  bool      `url:"asNote"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

// SendLinkPreviewParams are the parameters of Messages.SendLinkPreview.
type SendLinkPreviewParams struct {
	ChatID ChatID `url:"chatId"`
	// URL is the link to send with its preview.
	URL   string `url:"url"`
	Title string `url:"title,omitempty"`
}

// SendLocationParams are the parameters of Messages.SendLocation.
type SendLocationParams struct {
	ChatID ChatID `url:"chatId"`
	// Latitude and Longitude are in degrees. They are written in plain
	// decimal notation by SendLocation (never as 1e-05), so they carry no
	// `url` tag here.
	Latitude  float64 `url:"-"`
	Longitude float64 `url:"-"`
	// Title names the place, such as "Our office".
	Title string `url:"title,omitempty"`
	// Message is extra text shown with the location.
	Message string    `url:"message,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

func (p SendLocationParams) validate() error {
	if err := requireChatID(p.ChatID); err != nil {
		return err
	}
	if math.IsNaN(p.Latitude) || p.Latitude < -90 || p.Latitude > 90 {
		return &ValidationError{Field: "latitude", Reason: "must be between -90 and 90"}
	}
	if math.IsNaN(p.Longitude) || p.Longitude < -180 || p.Longitude > 180 {
		return &ValidationError{Field: "longitude", Reason: "must be between -180 and 180"}
	}
	return nil
}

// locationQuery is SendLocationParams as sent, with the coordinates in
// decimal notation.
type locationQuery struct {
	SendLocationParams
	Latitude  string `url:"latitude"`
	Longitude string `url:"longitude"`
}

func formatDegrees(d float64) string {
	return strconv.FormatFloat(d, 'f', -1, 64)
}

// Poll is the question and answers of a poll message.
type Poll struct {
	// Name is the question.
	Name string `json:"name"`
	// Options are the answers: 2 to 12, each shorter than 255 characters.
	Options []string `json:"options"`
	// MultipleAnswers lets people pick more than one option.
	MultipleAnswers bool `json:"multipleAnswers"`
}

func (p Poll) validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return &ValidationError{Field: "poll.name", Reason: "is required"}
	}
	if n := len(p.Options); n < pollMinOptions || n > pollMaxOptions {
		return &ValidationError{Field: "poll.options", Reason: fmt.Sprintf("must have %d to %d options, not %d", pollMinOptions, pollMaxOptions, n)}
	}
	for i, option := range p.Options {
		if strings.TrimSpace(option) == "" {
			return &ValidationError{Field: "poll.options", Reason: fmt.Sprintf("must not be empty (option %d)", i)}
		}
		if utf8.RuneCountInString(option) > pollMaxOptionLength {
			return &ValidationError{Field: "poll.options", Reason: fmt.Sprintf("must each be shorter than %d characters (option %d)", pollMaxOptionLength+1, i)}
		}
	}
	return nil
}

// SendPollParams are the parameters of Messages.SendPoll, sent as a JSON body.
type SendPollParams struct {
	ChatID  ChatID    `json:"chatId"`
	Poll    Poll      `json:"poll"`
	ReplyTo MessageID `json:"reply_to,omitempty"`
}

// VCardContact is one contact of a contact card message, in one of two forms:
// structured (FullName and PhoneNumber, optionally Organization and
// WhatsAppID) or a raw vCard text in VCard. Setting fields of both forms is
// an error. Only the fields of the chosen form are sent.
type VCardContact struct {
	FullName     string
	Organization string
	// PhoneNumber is shown as written, such as "+91 11111 11111".
	PhoneNumber string
	// WhatsAppID is the number's WhatsApp account in digits only, without
	// '+' or @c.us, such as "911111111111"; it makes the card tappable.
	WhatsAppID string
	// VCard is a complete vCard text (BEGIN:VCARD ... END:VCARD).
	VCard string
}

func (c VCardContact) isStructured() bool {
	return c.FullName != "" || c.Organization != "" || c.PhoneNumber != "" || c.WhatsAppID != ""
}

func (c VCardContact) validate(field string) error {
	hasVCard := strings.TrimSpace(c.VCard) != ""
	switch {
	case hasVCard && c.isStructured():
		return &ValidationError{Field: field, Reason: "must be either structured or a raw vcard, not both"}
	case hasVCard:
		return nil
	case !c.isStructured():
		return &ValidationError{Field: field, Reason: "is empty; set FullName and PhoneNumber, or VCard"}
	}
	if err := required(field+".fullName", c.FullName); err != nil {
		return err
	}
	return required(field+".phoneNumber", c.PhoneNumber)
}

// MarshalJSON writes only the fields of the contact's form.
func (c VCardContact) MarshalJSON() ([]byte, error) {
	if c.VCard != "" {
		return json.Marshal(struct {
			VCard string `json:"vcard"`
		}{c.VCard})
	}
	return json.Marshal(struct {
		FullName     string `json:"fullName"`
		Organization string `json:"organization,omitempty"`
		PhoneNumber  string `json:"phoneNumber"`
		WhatsAppID   string `json:"whatsappId,omitempty"`
	}{c.FullName, c.Organization, c.PhoneNumber, c.WhatsAppID})
}

// SendContactVCardParams are the parameters of Messages.SendContactVCard,
// sent as a JSON body.
type SendContactVCardParams struct {
	ChatID ChatID `json:"chatId"`
	// Contacts are shown together in one message bubble.
	Contacts []VCardContact `json:"contacts"`
	ReplyTo  MessageID      `json:"reply_to,omitempty"`
}

func (p SendContactVCardParams) validate() error {
	if err := requireChatID(p.ChatID); err != nil {
		return err
	}
	if len(p.Contacts) == 0 {
		return &ValidationError{Field: "contacts", Reason: "must have at least one contact"}
	}
	for i, contact := range p.Contacts {
		if err := contact.validate(fmt.Sprintf("contacts[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// MarkSeenParams are the parameters of Messages.MarkSeen.
type MarkSeenParams struct {
	ChatID ChatID `url:"chatId"`
	// MessageIDs are the serialized IDs of the messages to mark; at least one.
	MessageIDs []MessageID `url:"messageIds,brackets"`
	// Participant is the sender of the messages in a group chat.
	Participant ChatID `url:"participant,omitempty"`
}

func (p MarkSeenParams) validate() error {
	if err := requireChatID(p.ChatID); err != nil {
		return err
	}
	if len(p.MessageIDs) == 0 {
		return &ValidationError{Field: "messageIds", Reason: "must have at least one message ID"}
	}
	for i, id := range p.MessageIDs {
		if strings.TrimSpace(string(id)) == "" {
			return &ValidationError{Field: "messageIds", Reason: fmt.Sprintf("must not contain an empty ID (index %d)", i)}
		}
	}
	return nil
}

// ReactParams are the parameters of Messages.React.
type ReactParams struct {
	ChatID    ChatID    `url:"chatId"`
	MessageID MessageID `url:"messageId"`
	// Reaction is one emoji, such as "👍"; an empty string removes the
	// reaction. The key is always sent, empty included.
	Reaction string `url:"reaction"`
}

// StarParams are the parameters of Messages.Star.
type StarParams struct {
	ChatID    ChatID    `url:"chatId"`
	MessageID MessageID `url:"messageId"`
	// Star is true to star the message and false to unstar it.
	Star bool `url:"star"`
}

// chatQuery carries only a chat ID, for the typing indicator calls.
type chatQuery struct {
	ChatID ChatID `url:"chatId"`
}

// SendText sends a text message.
//
// Wawp API: POST /send
func (s *MessagesService) SendText(ctx context.Context, params SendTextParams) (*Message, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return s.send(ctx, "send", params.values(), nil)
}

// SendImage sends an image the server downloads from File.URL, with an
// optional caption.
//
// Wawp API: POST /sendImage
func (s *MessagesService) SendImage(ctx context.Context, params SendImageParams) (*Message, error) {
	file, err := prepareSendFile(params.ChatID, params.File)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.send(ctx, "sendImage", params, nil)
}

// SendFile sends a document, such as a PDF, the server downloads from
// File.URL, with an optional caption.
//
// Wawp API: POST /sendFile
func (s *MessagesService) SendFile(ctx context.Context, params SendFileParams) (*Message, error) {
	file, err := prepareSendFile(params.ChatID, params.File)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.send(ctx, "sendFile", params, nil)
}

// SendVoice sends a voice note the server downloads from File.URL.
//
// Wawp API: POST /sendVoice
func (s *MessagesService) SendVoice(ctx context.Context, params SendVoiceParams) (*Message, error) {
	file, err := prepareSendFile(params.ChatID, params.File)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.send(ctx, "sendVoice", params, nil)
}

// SendVideo sends a video, or a round video note with AsNote, the server
// downloads from File.URL.
//
// Wawp API: POST /sendVideo
func (s *MessagesService) SendVideo(ctx context.Context, params SendVideoParams) (*Message, error) {
	file, err := prepareSendFile(params.ChatID, params.File)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.send(ctx, "sendVideo", params, nil)
}

// SendLinkPreview sends a link with its preview.
//
// Wawp API: POST /sendLinkPreview
func (s *MessagesService) SendLinkPreview(ctx context.Context, params SendLinkPreviewParams) (*Message, error) {
	if err := requireChatID(params.ChatID); err != nil {
		return nil, err
	}
	if err := required("url", params.URL); err != nil {
		return nil, err
	}
	return s.send(ctx, "sendLinkPreview", params, nil)
}

// SendLocation sends a location pin.
//
// Wawp API: POST /sendLocation
func (s *MessagesService) SendLocation(ctx context.Context, params SendLocationParams) (*Message, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	query := locationQuery{
		SendLocationParams: params,
		Latitude:           formatDegrees(params.Latitude),
		Longitude:          formatDegrees(params.Longitude),
	}
	return s.send(ctx, "sendLocation", query, nil)
}

// SendPoll sends a poll. Votes arrive as poll.vote webhook events.
//
// Wawp API: POST /sendPoll
func (s *MessagesService) SendPoll(ctx context.Context, params SendPollParams) (*Message, error) {
	if err := requireChatID(params.ChatID); err != nil {
		return nil, err
	}
	if err := params.Poll.validate(); err != nil {
		return nil, err
	}
	return s.send(ctx, "sendPoll", nil, params)
}

// SendContactVCard sends one or more contact cards in one message.
//
// Wawp API: POST /sendContactVcard
func (s *MessagesService) SendContactVCard(ctx context.Context, params SendContactVCardParams) (*Message, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return s.send(ctx, "sendContactVcard", nil, params)
}

// MarkSeen marks one or more messages of a chat as seen, which shows blue
// ticks to their sender.
//
// Wawp API: POST /sendSeen
func (s *MessagesService) MarkSeen(ctx context.Context, params MarkSeenParams) error {
	if err := params.validate(); err != nil {
		return err
	}
	return s.idempotentPost(ctx, "sendSeen", params)
}

// StartTyping shows "typing…" in a chat until StopTyping, a sent message or
// WhatsApp's own timeout clears it.
//
// Wawp API: POST /startTyping
func (s *MessagesService) StartTyping(ctx context.Context, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return s.idempotentPost(ctx, "startTyping", chatQuery{ChatID: chatID})
}

// StopTyping clears the typing indicator in a chat.
//
// Wawp API: POST /stopTyping
func (s *MessagesService) StopTyping(ctx context.Context, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return s.idempotentPost(ctx, "stopTyping", chatQuery{ChatID: chatID})
}

// React puts an emoji reaction on a message, replacing the session's earlier
// reaction; an empty Reaction removes it.
//
// Wawp API: PUT /reaction
func (s *MessagesService) React(ctx context.Context, params ReactParams) error {
	if err := requireChatAndMessage(params.ChatID, params.MessageID); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPut, "reaction", params, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}

// Star stars or unstars a message.
//
// Wawp API: PUT /star
func (s *MessagesService) Star(ctx context.Context, params StarParams) error {
	if err := requireChatAndMessage(params.ChatID, params.MessageID); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPut, "star", params, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}

// SendTextTyping shows the typing indicator for typingFor, sends the text,
// then clears the indicator, as a person typing would. Invalid params fail
// before anything is sent.
//
// When ctx ends while typing, the text is not sent: the indicator is still
// cleared (within a short time of its own) and the context's error is
// returned. Once the text is sent, the message is returned even if clearing
// the indicator fails, since WhatsApp clears it when the message arrives.
func (s *MessagesService) SendTextTyping(ctx context.Context, params SendTextParams, typingFor time.Duration) (*Message, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if err := s.StartTyping(ctx, params.ChatID); err != nil {
		return nil, err
	}
	if err := s.client.wait(ctx, typingFor); err != nil {
		s.stopTypingDetached(ctx, params.ChatID)
		return nil, fmt.Errorf("wawp: typing before sending to %s: %w", params.ChatID, err)
	}
	msg, err := s.SendText(ctx, params)
	s.stopTypingDetached(ctx, params.ChatID)
	if err != nil {
		return nil, err
	}
	return msg, nil
}

// stopTypingDetached clears the typing indicator even when ctx has already
// ended, within stopTypingTimeout. Its error is dropped: the indicator is
// cosmetic and WhatsApp times it out on its own.
func (s *MessagesService) stopTypingDetached(ctx context.Context, chatID ChatID) {
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTypingTimeout)
	defer cancel()
	_ = s.StopTyping(stopCtx, chatID)
}

// send posts one message and decodes the sent message. It stays a
// non-idempotent POST, so it is never retried after an ambiguous failure.
// The answer is decoded straight into a Message, in one pass; it is read
// again only when the engine left the ID out of it (see resolveSentID).
func (s *MessagesService) send(ctx context.Context, path string, query, body any) (*Message, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, path, query, body)
	if err != nil {
		return nil, err
	}
	var answer rawBody
	if err := s.client.do(req, &answer); err != nil {
		return nil, err
	}
	var out Message
	if err := s.client.decode(req, &response{contentType: answer.ContentType, body: answer.Body}, &out); err != nil {
		return nil, err
	}
	resolveSentID(&out, answer.Body)
	return &out, nil
}

// idempotentPost sends a POST that is safe to repeat (marking seen, typing)
// and whose answer is not used.
func (s *MessagesService) idempotentPost(ctx context.Context, path string, query any) error {
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, path, query, nil)
	if err != nil {
		return err
	}
	req.legacy.idempotent = true
	return s.client.do(req, nil)
}

// resolveSentID finds the ID of a sent message where the engine put it: the
// top-level id (WAHA message), `_data.Info.ID` (GOWS) or `key.id` (NOWEB).
// answer is the undecoded answer, read again only in the NOWEB case.
func resolveSentID(m *Message, answer []byte) {
	m.resolveID()
	if m.ID != "" {
		return
	}
	var probe struct {
		Key *engineKey `json:"key"`
	}
	if json.Unmarshal(answer, &probe) == nil && probe.Key != nil && probe.Key.ID != "" {
		m.ID = probe.Key.messageID()
		m.FromMe = m.FromMe || probe.Key.FromMe
	}
}

// engineKey is the message key of NOWEB answers:
// {"remoteJid":"...@s.whatsapp.net","fromMe":true,"id":"AAAA"}.
type engineKey struct {
	RemoteJID string `json:"remoteJid"`
	FromMe    bool   `json:"fromMe"`
	ID        string `json:"id"`
}

// messageID serializes the key, or returns the bare ID when the chat is not
// a recognisable chat ID.
func (k engineKey) messageID() MessageID {
	chat, err := ParseChatID(k.RemoteJID)
	if err != nil {
		return MessageID(k.ID)
	}
	return MessageIDParts{FromMe: k.FromMe, Chat: chat, ID: k.ID}.MessageID()
}

// prepareSendFile validates the chat and the file of a media send and
// returns the file with its name and type filled in.
func prepareSendFile(chatID ChatID, f File) (File, error) {
	if err := requireChatID(chatID); err != nil {
		return File{}, err
	}
	return f.prepare("file")
}

// SendAudioParams are the parameters of Messages.SendAudio.
type SendAudioParams struct {
	// File is the audio file the server downloads and sends as a regular
	// audio message (not a voice note; see SendVoice for those).
	File    File   `json:"file"`
	Caption string `json:"caption,omitempty"`
}

// SendAudio sends an audio file. The endpoint is used by Wawp's own clients
// but has no documentation page.
//
// Wawp API: POST /v2/send/audio
func (s *MessagesService) SendAudio(ctx context.Context, chatID ChatID, params SendAudioParams) (*Message, error) {
	file, err := prepareSendFile(chatID, params.File)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.sendV2(ctx, "/send/audio", struct {
		ChatID ChatID `json:"chatId"`
		SendAudioParams
	}{chatID, params})
}

// VotePollParams are the votes of Messages.VotePoll: option texts or 0-based
// option indexes, not both. A new vote replaces the previous one.
type VotePollParams struct {
	// Options are the chosen options, by their exact text.
	Options []string
	// Indexes are the chosen options, by their 0-based position.
	Indexes []int
	// Retract withdraws the vote; Options and Indexes must then be empty.
	// It is explicit so that an empty vote is never sent by mistake.
	Retract bool
}

// votes validates the params and returns the wire list of votes.
func (p VotePollParams) votes() ([]any, error) {
	switch {
	case p.Retract && (len(p.Options) > 0 || len(p.Indexes) > 0):
		return nil, &ValidationError{Field: "votes", Reason: "must be empty to retract the vote"}
	case p.Retract:
		return []any{}, nil
	case len(p.Options) > 0 && len(p.Indexes) > 0:
		return nil, &ValidationError{Field: "votes", Reason: "must be option texts or indexes, not both"}
	case len(p.Options) == 0 && len(p.Indexes) == 0:
		return nil, &ValidationError{Field: "votes", Reason: "is required; set Retract to withdraw the vote"}
	}
	votes := make([]any, 0, len(p.Options)+len(p.Indexes))
	for i, option := range p.Options {
		if strings.TrimSpace(option) == "" {
			return nil, &ValidationError{Field: "votes", Reason: fmt.Sprintf("must not be empty (vote %d)", i)}
		}
		votes = append(votes, option)
	}
	for i, index := range p.Indexes {
		if index < 0 || index >= pollMaxOptions {
			return nil, &ValidationError{Field: "votes", Reason: fmt.Sprintf("must be option indexes from 0 to %d (vote %d)", pollMaxOptions-1, i)}
		}
		votes = append(votes, index)
	}
	return votes, nil
}

// VotePoll votes in the poll pollID of chatID, replacing the session's
// earlier vote. It fails on a closed poll or an option the poll lacks.
//
// Wawp API: POST /v2/send/poll/vote
func (s *MessagesService) VotePoll(ctx context.Context, chatID ChatID, pollID MessageID, params VotePollParams) error {
	if err := requireChatAndMessage(chatID, pollID); err != nil {
		return err
	}
	votes, err := params.votes()
	if err != nil {
		return err
	}
	// A vote is visible to the chat like a message: paced, never repeated.
	ep := endpoint{route: route{http.MethodPost, "/send/poll/vote"}, class: classSend, version: apiV2}
	return s.client.exec(ctx, ep, input{body: struct {
		ChatID    ChatID    `json:"chatId"`
		MessageID MessageID `json:"messageId"`
		Votes     []any     `json:"votes"`
	}{chatID, pollID, votes}})
}

// ListRow is one choice of a list message.
type ListRow struct {
	Title string `json:"title"`
	// RowID comes back in the reply when the recipient picks the row; it
	// must be unique within the message.
	RowID       string `json:"rowId"`
	Description string `json:"description,omitempty"`
}

// ListSection is a titled group of rows of a list message.
type ListSection struct {
	Title string    `json:"title"`
	Rows  []ListRow `json:"rows"`
}

// SendListParams are the parameters of Messages.SendList: a message with a
// button that opens a menu of rows grouped in sections.
type SendListParams struct {
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Footer      string `json:"footer,omitempty"`
	// Button is the label of the button that opens the menu.
	Button   string        `json:"button"`
	Sections []ListSection `json:"sections"`
	ReplyTo  MessageID     `json:"-"`
}

func (p SendListParams) validate() error {
	if err := required("message.button", p.Button); err != nil {
		return err
	}
	if len(p.Sections) == 0 {
		return &ValidationError{Field: "message.sections", Reason: "must hold at least one section"}
	}
	seen := map[string]bool{}
	for i, section := range p.Sections {
		if len(section.Rows) == 0 {
			return &ValidationError{Field: "message.sections", Reason: fmt.Sprintf("must each hold at least one row (section %d)", i)}
		}
		for j, row := range section.Rows {
			field := fmt.Sprintf("message.sections[%d].rows[%d]", i, j)
			if err := required(field+".title", row.Title); err != nil {
				return err
			}
			if err := required(field+".rowId", row.RowID); err != nil {
				return err
			}
			if seen[row.RowID] {
				return &ValidationError{Field: field + ".rowId", Reason: "must be unique within the message"}
			}
			seen[row.RowID] = true
		}
	}
	return nil
}

// SendList sends a list message: a button that opens a menu of rows.
//
// Wawp API: POST|GET /v2/send/list
func (s *MessagesService) SendList(ctx context.Context, chatID ChatID, params SendListParams) (*Message, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	return s.sendV2(ctx, "/send/list", struct {
		ChatID  ChatID         `json:"chatId"`
		Message SendListParams `json:"message"`
		ReplyTo MessageID      `json:"reply_to,omitempty"`
	}{chatID, params, params.ReplyTo})
}

// SendEventParams are the parameters of Messages.SendEvent.
type SendEventParams struct {
	Name        string
	Description string
	// Start is when the event begins; it is sent in whole seconds.
	Start time.Time
	// End is when it ends; zero leaves it open.
	End time.Time
	// Location is the place's name; empty sends none.
	Location string
	// ExtraGuestsAllowed lets invitees bring guests.
	ExtraGuestsAllowed bool
	ReplyTo            MessageID
}

// eventJSON is the wire form of an event: times in Unix seconds.
type eventJSON struct {
	Name               string         `json:"name"`
	Description        string         `json:"description,omitempty"`
	StartTime          int64          `json:"startTime"`
	EndTime            int64          `json:"endTime,omitempty"`
	Location           *eventLocation `json:"location,omitempty"`
	ExtraGuestsAllowed bool           `json:"extraGuestsAllowed"`
}

type eventLocation struct {
	Name string `json:"name"`
}

func (p SendEventParams) event() (eventJSON, error) {
	if err := required("event.name", p.Name); err != nil {
		return eventJSON{}, err
	}
	if p.Start.IsZero() {
		return eventJSON{}, &ValidationError{Field: "event.startTime", Reason: "is required"}
	}
	e := eventJSON{Name: p.Name, Description: p.Description, StartTime: p.Start.Unix(), ExtraGuestsAllowed: p.ExtraGuestsAllowed}
	if !p.End.IsZero() {
		if !p.End.After(p.Start) {
			return eventJSON{}, &ValidationError{Field: "event.endTime", Reason: "must be after the start"}
		}
		e.EndTime = p.End.Unix()
	}
	if strings.TrimSpace(p.Location) != "" {
		e.Location = &eventLocation{Name: p.Location}
	}
	return e, nil
}

// SendEvent sends an event invitation that recipients can answer.
//
// Wawp API: POST /v2/send/event
func (s *MessagesService) SendEvent(ctx context.Context, chatID ChatID, params SendEventParams) (*Message, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	event, err := params.event()
	if err != nil {
		return nil, err
	}
	return s.sendV2(ctx, "/send/event", struct {
		ChatID  ChatID    `json:"chatId"`
		Event   eventJSON `json:"event"`
		ReplyTo MessageID `json:"reply_to,omitempty"`
	}{chatID, event, params.ReplyTo})
}

// sendV2 posts one message to a v2 send endpoint as a JSON body and decodes
// the sent message. v2 answers with the engine's raw message, whose ID may
// sit only in `_data.id._serialized` (WEBJS).
func (s *MessagesService) sendV2(ctx context.Context, path string, body any) (*Message, error) {
	ep := endpoint{route: route{http.MethodPost, path}, class: classSend, version: apiV2}
	answer, err := call[rawBody](ctx, s.client, ep, input{body: body})
	if err != nil {
		return nil, err
	}
	var out Message
	if len(bytes.TrimSpace(answer.Body)) > 0 {
		if err := json.Unmarshal(answer.Body, &out); err != nil {
			return nil, &DecodeError{Method: http.MethodPost, Path: path, Snippet: strings.ToValidUTF8(s.client.redact(string(answer.Body[:min(len(answer.Body), 200)])), ""), Err: err}
		}
	}
	resolveSentID(&out, answer.Body)
	out.fillFromWebJS()
	return &out, nil
}

// fillFromWebJS fills the ID, sender, recipient and time of a message from
// a WEBJS raw message in Data where the top level lacks them.
func (m *Message) fillFromWebJS() {
	if len(m.Data) == 0 {
		return
	}
	var raw struct {
		ID struct {
			FromMe     bool   `json:"fromMe"`
			Serialized string `json:"_serialized"`
		} `json:"id"`
		From serializedID `json:"from"`
		To   serializedID `json:"to"`
		T    Timestamp    `json:"t"`
	}
	if json.Unmarshal(m.Data, &raw) != nil {
		return
	}
	if m.ID == "" && raw.ID.Serialized != "" {
		m.ID, m.FromMe = MessageID(raw.ID.Serialized), raw.ID.FromMe
	}
	if m.From == "" {
		m.From = ChatID(raw.From.Serialized)
	}
	if m.To == "" {
		m.To = ChatID(raw.To.Serialized)
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = raw.T
	}
}

// serializedID is a WEBJS wid, {"server","user","_serialized"}, or its
// serialized string.
type serializedID struct{ Serialized string }

// UnmarshalJSON accepts the object or the string.
func (id *serializedID) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, &id.Serialized) == nil {
		return nil
	}
	var wid struct {
		Serialized string `json:"_serialized"`
	}
	if err := json.Unmarshal(b, &wid); err != nil {
		return err
	}
	id.Serialized = wid.Serialized
	return nil
}
