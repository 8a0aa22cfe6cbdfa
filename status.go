package wawp

import (
	"context"
	"net/http"
)

// StatusService posts and deletes 24-hour statuses (stories): text, image,
// voice and video. Status posts are sends: paced by the rate limiter and
// never repeated after an ambiguous failure.
//
// Every call takes an optional Contacts list, the people who may see the
// status; empty means all contacts. It is sent as one comma-separated
// `contacts` value, which is how Wawp's own client documents the field
// ("Null or comma-separated list"). Repeated `contacts` keys would not work:
// the API runs on PHP, which keeps only the last value of a repeated key
// without brackets.
type StatusService service

// DefaultStatusBackgroundColor is the background of text and voice statuses
// when none is given, WhatsApp's green.
const DefaultStatusBackgroundColor = "#38b42f"

// StatusSendTextParams are the parameters of Status.SendText.
type StatusSendTextParams struct {
	Text string `url:"text"`
	// BackgroundColor is a hex colour; empty sends DefaultStatusBackgroundColor.
	BackgroundColor string `url:"backgroundColor"`
	// Font is WhatsApp's font number; 0 is the default font and is always sent.
	Font int `url:"font"`
	// LinkPreview shows a preview of the first link; nil leaves the choice
	// to the server (which shows it).
	LinkPreview *bool `url:"linkPreview,omitempty"`
	// LinkPreviewHighQuality asks for a large preview image; nil leaves the
	// choice to the server (which does not).
	LinkPreviewHighQuality *bool `url:"linkPreviewHighQuality,omitempty"`
	// Contacts limits who sees the status; empty means all contacts.
	Contacts []ChatID `url:"contacts,comma,omitempty"`
	// ID is a pre-generated message ID to post the status under; empty lets
	// the server choose.
	ID string `url:"id,omitempty"`
}

// StatusSendImageParams are the parameters of Status.SendImage.
type StatusSendImageParams struct {
	File     File     `url:"file"`
	Caption  string   `url:"caption,omitempty"`
	Contacts []ChatID `url:"contacts,comma,omitempty"`
	// ID is a pre-generated message ID, as in StatusSendTextParams.
	ID string `url:"id,omitempty"`
}

// StatusSendVoiceParams are the parameters of Status.SendVoice.
type StatusSendVoiceParams struct {
	// File is the recording; WhatsApp plays OGG/Opus.
	File File `url:"file"`
	// Convert asks the server to convert the file to OGG/Opus; nil leaves
	// the choice to the server.
	Convert *bool `url:"convert,omitempty"`
	// BackgroundColor is a hex colour; empty sends DefaultStatusBackgroundColor.
	BackgroundColor string `url:"backgroundColor"`
	// Caption is shown with the recording; Wawp's own client sends it,
	// while some engines ignore it.
	Caption  string   `url:"caption,omitempty"`
	Contacts []ChatID `url:"contacts,comma,omitempty"`
	// ID is a pre-generated message ID, as in StatusSendTextParams.
	ID string `url:"id,omitempty"`
}

// StatusSendVideoParams are the parameters of Status.SendVideo.
type StatusSendVideoParams struct {
	File    File   `url:"file"`
	Caption string `url:"caption,omitempty"`
	// Convert asks the server to convert the video; nil leaves the choice
	// to the server.
	Convert *bool `url:"convert,omitempty"`
	// AsNote posts a round video note. It is always sent, false included.
	AsNote   bool     `url:"asNote"`
	Contacts []ChatID `url:"contacts,comma,omitempty"`
	// ID is a pre-generated message ID, as in StatusSendTextParams.
	ID string `url:"id,omitempty"`
}

// StatusDeleteParams are the optional parameters of Status.Delete.
type StatusDeleteParams struct {
	// Contacts should match the list the status was posted to.
	Contacts []ChatID `url:"contacts,comma,omitempty"`
}

// statusDeleteQuery is Status.Delete's query: the bare status ID.
type statusDeleteQuery struct {
	ID string `url:"id"`
	StatusDeleteParams
}

// SendText posts a text status. The result's ID is the serialized
// `true_status@broadcast_<id>` that Status.Delete takes as is; its Raw is the
// server's whole answer.
//
// Wawp API: POST /status/text
func (s *StatusService) SendText(ctx context.Context, params StatusSendTextParams) (*Message, error) {
	if err := firstError(required("text", params.Text), checkStatusContacts(params.Contacts)); err != nil {
		return nil, err
	}
	if params.BackgroundColor == "" {
		params.BackgroundColor = DefaultStatusBackgroundColor
	}
	ep := endpoint{route: route{http.MethodPost, "/status/text"}, class: classSend}
	return sendMessage(ctx, s.client, ep, StatusBroadcast, input{query: params})
}

// SendImage posts an image status the server downloads from File.URL.
//
// Wawp API: POST /status/image
func (s *StatusService) SendImage(ctx context.Context, params StatusSendImageParams) (*Message, error) {
	file, err := prepareStatusFile(params.File, params.Contacts)
	if err != nil {
		return nil, err
	}
	params.File = file
	ep := endpoint{route: route{http.MethodPost, "/status/image"}, class: classSend}
	return sendMessage(ctx, s.client, ep, StatusBroadcast, input{query: params})
}

// SendVoice posts a voice status the server downloads from File.URL.
//
// Wawp API: POST /status/voice
func (s *StatusService) SendVoice(ctx context.Context, params StatusSendVoiceParams) (*Message, error) {
	file, err := prepareStatusFile(params.File, params.Contacts)
	if err != nil {
		return nil, err
	}
	params.File = file
	if params.BackgroundColor == "" {
		params.BackgroundColor = DefaultStatusBackgroundColor
	}
	ep := endpoint{route: route{http.MethodPost, "/status/voice"}, class: classSend}
	return sendMessage(ctx, s.client, ep, StatusBroadcast, input{query: params})
}

// SendVideo posts a video status the server downloads from File.URL.
//
// Wawp API: POST /status/video
func (s *StatusService) SendVideo(ctx context.Context, params StatusSendVideoParams) (*Message, error) {
	file, err := prepareStatusFile(params.File, params.Contacts)
	if err != nil {
		return nil, err
	}
	params.File = file
	ep := endpoint{route: route{http.MethodPost, "/status/video"}, class: classSend}
	return sendMessage(ctx, s.client, ep, StatusBroadcast, input{query: params})
}

// Delete removes a status before its 24 hours are up. statusID is the ID of
// the post as a Status.Send* call returned it (`true_status@broadcast_<id>`)
// or its bare `<id>`; the API takes the bare ID, which is what is sent.
// params may be nil. Deleting twice leaves the same result, so it retries
// like a read.
//
// Wawp API: POST /status/delete
func (s *StatusService) Delete(ctx context.Context, statusID MessageID, params *StatusDeleteParams) error {
	var p StatusDeleteParams
	if params != nil {
		p = *params
	}
	if err := firstError(checkMessageID("id", statusID), checkStatusContacts(p.Contacts)); err != nil {
		return err
	}
	id := string(statusID)
	if parts, err := statusID.Parts(); err == nil {
		id = parts.ID
	}
	ep := endpoint{route: route{http.MethodPost, "/status/delete"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: statusDeleteQuery{ID: id, StatusDeleteParams: p}})
}

// prepareStatusFile validates a media status and returns its file with the
// name and type filled in.
func prepareStatusFile(f File, contacts []ChatID) (File, error) {
	f, err := f.prepare("file")
	if err != nil {
		return File{}, err
	}
	return f, checkStatusContacts(contacts)
}

// checkStatusContacts checks each chat ID of a status audience; a valid chat
// ID has no comma, which would split it in the comma-separated list.
func checkStatusContacts(contacts []ChatID) error {
	for _, id := range contacts {
		if err := checkChatID("contacts", id); err != nil {
			return err
		}
	}
	return nil
}
