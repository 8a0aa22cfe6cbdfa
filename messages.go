package wawp

import (
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

	"github.com/google/go-querystring/query"
)

// MessagesService sends WhatsApp messages (text, media, locations, polls,
// lists, event invitations, contact cards), votes in polls, marks messages
// as seen, shows the typing indicator, and reacts to or stars messages.
//
// Every Send* call, React and VotePoll is a real WhatsApp message: it is paced by the
// client's rate limiter and never repeated after an ambiguous failure, since
// a duplicate message is worse than an error. Marking seen, typing and
// starring change state that repeating leaves the same, so they retry like
// reads.
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

// MentionAll, in a Mentions list, mentions every member of a group.
const MentionAll ChatID = "all"

// SendTextParams are the parameters of Messages.SendText (and of
// Messages.SendTextTyping, which sends the same text).
type SendTextParams struct {
	// Text is the message; WhatsApp formatting (*bold*, _italic_) is allowed.
	Text string `url:"message"`
	// ReplyTo quotes an earlier message when set.
	ReplyTo MessageID `url:"reply_to,omitempty"`
	// Mentions are the people the text mentions; the text must contain
	// "@<phone>" for each. MentionAll mentions a whole group.
	Mentions []ChatID `url:"mentions,brackets,omitempty"`
	// LinkPreview shows a preview of the first link; nil leaves the choice
	// to the server (which shows it).
	LinkPreview *bool `url:"linkPreview,omitempty"`
	// LinkPreviewHighQuality asks for a large preview image; nil leaves the
	// choice to the server (which does not).
	LinkPreviewHighQuality *bool `url:"linkPreviewHighQuality,omitempty"`
	// ID is a pre-generated message ID to send the message under; empty
	// lets the server choose.
	ID string `url:"id,omitempty"`
}

func (p SendTextParams) validate(chatID ChatID) error {
	return firstError(
		requireChatID(chatID),
		required("message", p.Text),
		checkReplyTo(p.ReplyTo),
		checkMentions(p.Mentions),
	)
}

// firstError returns the first non-nil error: validations run in field
// order and the first failure is reported.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkReplyTo checks an optional quoted message ID.
func checkReplyTo(id MessageID) error {
	if id == "" {
		return nil
	}
	return checkMessageID("reply_to", id)
}

// checkMentions checks each mentioned chat ID.
func checkMentions(ids []ChatID) error {
	for _, id := range ids {
		if id == MentionAll {
			continue
		}
		if err := checkChatID("mentions", id); err != nil {
			return err
		}
	}
	return nil
}

// SendImageParams are the parameters of Messages.SendImage.
type SendImageParams struct {
	// File is the image to download and send; JPEG and PNG are safe choices.
	File    File      `url:"file"`
	Caption string    `url:"caption,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
	// Mentions are the people the caption mentions, as in SendTextParams.
	Mentions []ChatID `url:"mentions,brackets,omitempty"`
}

// SendFileParams are the parameters of Messages.SendFile.
type SendFileParams struct {
	// File is the document to send; its Filename is what the recipient sees.
	File    File      `url:"file"`
	Caption string    `url:"caption,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
	// Mentions are the people the caption mentions, as in SendTextParams.
	Mentions []ChatID `url:"mentions,brackets,omitempty"`
}

// SendVoiceParams are the parameters of Messages.SendVoice.
type SendVoiceParams struct {
	// File is the recording; WhatsApp plays OGG/Opus as a voice note.
	File File `url:"file"`
	// Convert asks the server to convert the file to OGG/Opus. Nil leaves
	// the choice to the server.
	Convert *bool     `url:"convert,omitempty"`
	ReplyTo MessageID `url:"reply_to,omitempty"`
}

// SendVideoParams are the parameters of Messages.SendVideo.
type SendVideoParams struct {
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
	// Mentions are the people the caption mentions, as in SendTextParams.
	Mentions []ChatID `url:"mentions,brackets,omitempty"`
}

// SendLinkPreviewParams are the parameters of Messages.SendLinkPreview.
type SendLinkPreviewParams struct {
	// URL is the link to send with its preview.
	URL   string `url:"url"`
	Title string `url:"title,omitempty"`
}

// SendLocationParams are the parameters of Messages.SendLocation.
type SendLocationParams struct {
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
	// ID is a pre-generated message ID, as in SendTextParams.
	ID string `url:"id,omitempty"`
}

func (p SendLocationParams) validate(chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	if math.IsNaN(p.Latitude) || p.Latitude < -90 || p.Latitude > 90 {
		return &ValidationError{Field: "latitude", Reason: "must be between -90 and 90"}
	}
	if math.IsNaN(p.Longitude) || p.Longitude < -180 || p.Longitude > 180 {
		return &ValidationError{Field: "longitude", Reason: "must be between -180 and 180"}
	}
	return checkReplyTo(p.ReplyTo)
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

// SendPollParams are the parameters of Messages.SendPoll, sent as a JSON body.
type SendPollParams struct {
	Poll    Poll      `json:"poll"`
	ReplyTo MessageID `json:"reply_to,omitempty"`
	// ID is a pre-generated message ID, as in SendTextParams.
	ID string `json:"id,omitempty"`
}

// pollBody is SendPollParams as sent, with the chat.
type pollBody struct {
	ChatID ChatID `json:"chatId"`
	SendPollParams
}

// SendContactVCardParams are the parameters of Messages.SendContactVCard,
// sent as a JSON body.
type SendContactVCardParams struct {
	// Contacts are shown together in one message bubble.
	Contacts []VCardContact `json:"contacts"`
	ReplyTo  MessageID      `json:"reply_to,omitempty"`
	// ID is a pre-generated message ID, as in SendTextParams.
	ID string `json:"id,omitempty"`
}

// vcardBody is SendContactVCardParams as sent, with the chat.
type vcardBody struct {
	ChatID ChatID `json:"chatId"`
	SendContactVCardParams
}

func (p SendContactVCardParams) validate(chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
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
	return checkReplyTo(p.ReplyTo)
}

// MarkSeenParams are the optional parameters of Messages.MarkSeen.
type MarkSeenParams struct {
	// MessageIDs are the serialized IDs of the messages to mark. Empty marks
	// the chat's unread messages (the server bounds how far back it goes).
	MessageIDs []MessageID `url:"messageIds,brackets,omitempty"`
	// Participant is the sender of the messages in a group chat.
	Participant ChatID `url:"participant,omitempty"`
}

func (p MarkSeenParams) validate() error {
	for _, id := range p.MessageIDs {
		if err := checkMessageID("messageIds", id); err != nil {
			return err
		}
	}
	if p.Participant != "" {
		return checkChatID("participant", p.Participant)
	}
	return nil
}

// ReactParams are the parameters of Messages.React.
type ReactParams struct {
	// Reaction is one emoji, such as "👍"; an empty string removes the
	// session's reaction. The key is always sent, empty included.
	Reaction string `url:"reaction"`
}

// StarParams are the parameters of Messages.Star.
type StarParams struct {
	// Star is true to star the message and false to unstar it. It is always
	// sent, false included.
	Star bool `url:"star"`
}

// chatQuery carries only a chat ID, for the typing indicator calls.
type chatQuery struct {
	ChatID ChatID `url:"chatId"`
}

// withChat encodes params and adds the chat they are sent to.
func withChat(chatID ChatID, params any) (url.Values, error) {
	v, err := query.Values(params)
	if err != nil {
		return nil, fmt.Errorf("wawp: encoding query parameters: %w", err)
	}
	v.Set("chatId", string(chatID))
	return v, nil
}

// SendText sends a text message.
//
// Wawp API: POST /send
func (s *MessagesService) SendText(ctx context.Context, chatID ChatID, params SendTextParams) (*Message, error) {
	if err := params.validate(chatID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/send"}, class: classSend}
	return s.sendQuery(ctx, ep, chatID, params)
}

// SendImage sends an image the server downloads from File.URL, with an
// optional caption.
//
// Wawp API: POST /sendImage
func (s *MessagesService) SendImage(ctx context.Context, chatID ChatID, params SendImageParams) (*Message, error) {
	file, err := prepareSendFile(chatID, params.File, params.ReplyTo, params.Mentions)
	if err != nil {
		return nil, err
	}
	params.File = file
	ep := endpoint{route: route{http.MethodPost, "/sendImage"}, class: classSend}
	return s.sendQuery(ctx, ep, chatID, params)
}

// SendFile sends a document, such as a PDF, the server downloads from
// File.URL, with an optional caption.
//
// Wawp API: POST /sendFile
func (s *MessagesService) SendFile(ctx context.Context, chatID ChatID, params SendFileParams) (*Message, error) {
	file, err := prepareSendFile(chatID, params.File, params.ReplyTo, params.Mentions)
	if err != nil {
		return nil, err
	}
	params.File = file
	ep := endpoint{route: route{http.MethodPost, "/sendFile"}, class: classSend}
	return s.sendQuery(ctx, ep, chatID, params)
}

// SendVoice sends a voice note the server downloads from File.URL.
//
// Wawp API: POST /sendVoice
func (s *MessagesService) SendVoice(ctx context.Context, chatID ChatID, params SendVoiceParams) (*Message, error) {
	file, err := prepareSendFile(chatID, params.File, params.ReplyTo, nil)
	if err != nil {
		return nil, err
	}
	params.File = file
	ep := endpoint{route: route{http.MethodPost, "/sendVoice"}, class: classSend}
	return s.sendQuery(ctx, ep, chatID, params)
}

// SendVideo sends a video, or a round video note with AsNote, the server
// downloads from File.URL.
//
// Wawp API: POST /sendVideo
func (s *MessagesService) SendVideo(ctx context.Context, chatID ChatID, params SendVideoParams) (*Message, error) {
	file, err := prepareSendFile(chatID, params.File, params.ReplyTo, params.Mentions)
	if err != nil {
		return nil, err
	}
	params.File = file
	ep := endpoint{route: route{http.MethodPost, "/sendVideo"}, class: classSend}
	return s.sendQuery(ctx, ep, chatID, params)
}

// SendLinkPreview sends a link with its preview.
//
// Wawp API: POST /sendLinkPreview
func (s *MessagesService) SendLinkPreview(ctx context.Context, chatID ChatID, params SendLinkPreviewParams) (*Message, error) {
	if err := firstError(requireChatID(chatID), required("url", params.URL)); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/sendLinkPreview"}, class: classSend}
	return s.sendQuery(ctx, ep, chatID, params)
}

// SendLocation sends a location pin.
//
// Wawp API: POST /sendLocation
func (s *MessagesService) SendLocation(ctx context.Context, chatID ChatID, params SendLocationParams) (*Message, error) {
	if err := params.validate(chatID); err != nil {
		return nil, err
	}
	q, err := withChat(chatID, params)
	if err != nil {
		return nil, err
	}
	q.Set("latitude", formatDegrees(params.Latitude))
	q.Set("longitude", formatDegrees(params.Longitude))
	ep := endpoint{route: route{http.MethodPost, "/sendLocation"}, class: classSend}
	return sendMessage(ctx, s.client, ep, chatID, input{query: q})
}

// SendPoll sends a poll. Votes arrive as poll.vote webhook events.
//
// Wawp API: POST /sendPoll
func (s *MessagesService) SendPoll(ctx context.Context, chatID ChatID, params SendPollParams) (*Message, error) {
	if err := firstError(requireChatID(chatID), params.Poll.validate(), checkReplyTo(params.ReplyTo)); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/sendPoll"}, class: classSend}
	return sendMessage(ctx, s.client, ep, chatID, input{body: pollBody{ChatID: chatID, SendPollParams: params}})
}

// SendContactVCard sends one or more contact cards in one message.
//
// Wawp API: POST /sendContactVcard
func (s *MessagesService) SendContactVCard(ctx context.Context, chatID ChatID, params SendContactVCardParams) (*Message, error) {
	if err := params.validate(chatID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/sendContactVcard"}, class: classSend}
	return sendMessage(ctx, s.client, ep, chatID, input{body: vcardBody{ChatID: chatID, SendContactVCardParams: params}})
}

// MarkSeen marks messages of a chat as seen, which shows blue ticks to their
// sender: the listed ones, or with nil params (or no MessageIDs) the chat's
// unread messages.
//
// Wawp API: POST /sendSeen
func (s *MessagesService) MarkSeen(ctx context.Context, chatID ChatID, params *MarkSeenParams) error {
	var p MarkSeenParams
	if params != nil {
		p = *params
	}
	if err := firstError(requireChatID(chatID), p.validate()); err != nil {
		return err
	}
	q, err := withChat(chatID, p)
	if err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPost, "/sendSeen"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: q})
}

// StartTyping shows "typing…" in a chat until StopTyping, a sent message or
// WhatsApp's own timeout clears it.
//
// Wawp API: POST /startTyping
func (s *MessagesService) StartTyping(ctx context.Context, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPost, "/startTyping"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: chatQuery{ChatID: chatID}})
}

// StopTyping clears the typing indicator in a chat.
//
// Wawp API: POST /stopTyping
func (s *MessagesService) StopTyping(ctx context.Context, chatID ChatID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPost, "/stopTyping"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: chatQuery{ChatID: chatID}})
}

// React puts an emoji reaction on a message, replacing the session's earlier
// reaction; an empty Reaction removes it. A reaction is a message the other
// side sees and is notified of, so it is paced and never repeated like a
// send.
//
// Wawp API: PUT /reaction
func (s *MessagesService) React(ctx context.Context, chatID ChatID, messageID MessageID, params ReactParams) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	q, err := withMessage(chatID, messageID, params)
	if err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPut, "/reaction"}, class: classSend}
	return s.client.exec(ctx, ep, input{query: q})
}

// Star stars or unstars a message. A star is visible only to the session
// and setting it twice leaves it set, so it retries like a read.
//
// Wawp API: PUT /star
func (s *MessagesService) Star(ctx context.Context, chatID ChatID, messageID MessageID, params StarParams) error {
	if err := requireChatAndMessage(chatID, messageID); err != nil {
		return err
	}
	q, err := withMessage(chatID, messageID, params)
	if err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPut, "/star"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: q})
}

// withMessage encodes params and adds the chat and message they act on.
func withMessage(chatID ChatID, messageID MessageID, params any) (url.Values, error) {
	q, err := withChat(chatID, params)
	if err != nil {
		return nil, err
	}
	q.Set("messageId", string(messageID))
	return q, nil
}

// SendTextTyping shows the typing indicator for typingFor, sends the text,
// then clears the indicator, as a person typing would. Invalid params fail
// before anything is sent.
//
// When ctx ends while typing, the text is not sent: the indicator is still
// cleared (within a short time of its own) and the context's error is
// returned. Once the text is sent, the message is returned even if clearing
// the indicator fails, since WhatsApp clears it when the message arrives.
func (s *MessagesService) SendTextTyping(ctx context.Context, chatID ChatID, params SendTextParams, typingFor time.Duration) (*Message, error) {
	if err := params.validate(chatID); err != nil {
		return nil, err
	}
	if err := s.StartTyping(ctx, chatID); err != nil {
		return nil, err
	}
	if err := s.client.wait(ctx, typingFor); err != nil {
		s.stopTypingDetached(ctx, chatID)
		return nil, fmt.Errorf("wawp: typing before sending: %w", err)
	}
	msg, err := s.SendText(ctx, chatID, params)
	s.stopTypingDetached(ctx, chatID)
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

// sendQuery sends a message whose parameters go in the query string.
func (s *MessagesService) sendQuery(ctx context.Context, ep endpoint, chatID ChatID, params any) (*Message, error) {
	q, err := withChat(chatID, params)
	if err != nil {
		return nil, err
	}
	return sendMessage(ctx, s.client, ep, chatID, input{query: q})
}

// sendMessage sends one message or status and returns it with its
// serialized ID, whichever engine answered. chat is where it was sent: an
// engine that answers with only the bare ID (GOWS `_data.Info.ID`) gets it
// joined as `true_<chat>_<id>`.
func sendMessage(ctx context.Context, c *Client, ep endpoint, chat ChatID, in input) (*Message, error) {
	answer, err := call[sentAnswer](ctx, c, ep, in)
	if err != nil {
		return nil, err
	}
	m := answer.Message
	if _, err := m.ID.Parts(); m.ID != "" && err != nil {
		if parsed, perr := ParseChatID(string(chat)); perr == nil {
			m.ID = MessageIDParts{FromMe: true, Chat: parsed, ID: string(m.ID)}.MessageID()
			m.FromMe = true
			if m.To == "" {
				m.To = parsed
			}
		}
	}
	return &m, nil
}

// sentAnswer is the answer to a send, in any engine's shape: a WAHA message,
// WEBJS's {"_data": ...}, GOWS's {"_data": {"Info": ...}}, or NOWEB's own
// message {key, message, messageTimestamp}, which becomes the Data of the
// message so nothing in it is lost.
type sentAnswer struct {
	Message
}

// UnmarshalJSON decodes the answer and keeps it whole in Raw.
func (a *sentAnswer) UnmarshalJSON(b []byte) error {
	if err := a.Message.UnmarshalJSON(b); err != nil {
		return err
	}
	a.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// sentWire is the decoding form of a send answer: the message, and beside
// it the members an error envelope would have, read in the same pass. No
// Message member shares a name with an envelope member.
type sentWire struct {
	messageWire
	errorEnvelope
	// message is where messageWire decodes to.
	message Message
}

// decodeAnswer decodes the answer and its error envelope in one pass, and
// keeps the answer whole in Raw. The body was read for this call alone, so
// Raw shares it.
func (a *sentAnswer) decodeAnswer(body []byte) (isErrorEnvelope bool, err error) {
	var wire sentWire
	wire.messageWire = *newMessageWire(&wire.message)
	if err := json.Unmarshal(body, &wire); err != nil {
		return false, err
	}
	if wire.failed() {
		return true, nil
	}
	if err := wire.finish(func() ([]byte, error) { return body, nil }); err != nil {
		return false, err
	}
	a.Message = wire.message
	a.Raw = body
	return false, nil
}

// prepareSendFile validates the chat, the file, the quoted message and the
// mentions of a media send and returns the file with its name and type
// filled in.
func prepareSendFile(chatID ChatID, f File, replyTo MessageID, mentions []ChatID) (File, error) {
	if err := firstError(requireChatID(chatID), checkReplyTo(replyTo), checkMentions(mentions)); err != nil {
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
	file, err := prepareSendFile(chatID, params.File, "", nil)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.sendV2(ctx, "/send/audio", chatID, struct {
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
	// Title is the row's text; required.
	Title string `json:"title"`
	// RowID comes back in the reply when the recipient picks the row; it
	// must be unique within the message.
	RowID string `json:"rowId"`
	// Description is optional smaller text under the title.
	Description string `json:"description,omitempty"`
}

// ListSection is a titled group of rows of a list message.
type ListSection struct {
	// Title heads the section in the menu.
	Title string `json:"title"`
	// Rows are the section's choices; at least one.
	Rows []ListRow `json:"rows"`
}

// SendListParams are the parameters of Messages.SendList: a message with a
// button that opens a menu of rows grouped in sections.
type SendListParams struct {
	// Title, Description and Footer are the optional texts of the message
	// above and below the button.
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Footer      string `json:"footer,omitempty"`
	// Button is the label of the button that opens the menu; required.
	Button string `json:"button"`
	// Sections are the menu; at least one, each with at least one row, and
	// every RowID unique within the message.
	Sections []ListSection `json:"sections"`
	// ReplyTo quotes an earlier message when set. It is sent next to the
	// list, not inside it.
	ReplyTo MessageID `json:"-"`
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
	return s.sendV2(ctx, "/send/list", chatID, struct {
		ChatID  ChatID         `json:"chatId"`
		Message SendListParams `json:"message"`
		ReplyTo MessageID      `json:"reply_to,omitempty"`
	}{chatID, params, params.ReplyTo})
}

// SendEventParams are the parameters of Messages.SendEvent. Name and Start
// are required.
type SendEventParams struct {
	// Name is the event's title; required.
	Name string
	// Description is optional text about the event.
	Description string
	// Start is when the event begins; it is sent in whole seconds.
	Start time.Time
	// End is when it ends; zero leaves it open.
	End time.Time
	// Location is the place's name; empty sends none.
	Location string
	// ExtraGuestsAllowed lets invitees bring guests.
	ExtraGuestsAllowed bool
	// ReplyTo quotes an earlier message when set.
	ReplyTo MessageID
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
	return s.sendV2(ctx, "/send/event", chatID, struct {
		ChatID  ChatID    `json:"chatId"`
		Event   eventJSON `json:"event"`
		ReplyTo MessageID `json:"reply_to,omitempty"`
	}{chatID, event, params.ReplyTo})
}

// sendV2 posts one message to a v2 send endpoint as a JSON body and decodes
// the sent message as every send does (see sendMessage).
func (s *MessagesService) sendV2(ctx context.Context, path string, chatID ChatID, body any) (*Message, error) {
	ep := endpoint{route: route{http.MethodPost, path}, class: classSend, version: apiV2}
	return sendMessage(ctx, s.client, ep, chatID, input{body: body})
}
