package wawp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// StatusService posts and deletes 24-hour statuses (stories): text, image,
// voice and video. Status posts are sends: paced by the rate limiter and
// never retried after an ambiguous failure.
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

// StatusTextParams are the parameters of Status.SendText.
type StatusTextParams struct {
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
}

// StatusImageParams are the parameters of Status.SendImage.
type StatusImageParams struct {
	File     File     `url:"file"`
	Caption  string   `url:"caption,omitempty"`
	Contacts []ChatID `url:"contacts,comma,omitempty"`
}

// StatusVoiceParams are the parameters of Status.SendVoice.
type StatusVoiceParams struct {
	// File is the recording; WhatsApp plays OGG/Opus.
	File File `url:"file"`
	// Convert asks the server to convert the file to OGG/Opus; nil leaves
	// the choice to the server.
	Convert *bool `url:"convert,omitempty"`
	// BackgroundColor is a hex colour; empty sends DefaultStatusBackgroundColor.
	BackgroundColor string   `url:"backgroundColor"`
	Contacts        []ChatID `url:"contacts,comma,omitempty"`
}

// StatusVideoParams are the parameters of Status.SendVideo.
type StatusVideoParams struct {
	File    File   `url:"file"`
	Caption string `url:"caption,omitempty"`
	// Convert asks the server to convert the video; nil leaves the choice
	// to the server.
	Convert *bool `url:"convert,omitempty"`
	// AsNote posts a round video note. It is always sent, false included.
	AsNote   bool     `url:"asNote"`
	Contacts []ChatID `url:"contacts,comma,omitempty"`
}

// StatusDeleteParams are the parameters of Status.Delete.
type StatusDeleteParams struct {
	// ID is the status to delete: StatusResult.ID of the post.
	ID MessageID `url:"id"`
	// Contacts should match the list the status was posted to.
	Contacts []ChatID `url:"contacts,comma,omitempty"`
}

// StatusResult is the answer to a status post. Its shape depends on the
// server's engine, so it is kept whole in Raw; ID is the status message ID
// to pass to Status.Delete.
type StatusResult struct {
	// ID is taken from `key.id` (NOWEB), the top-level `id`, or
	// `_data.Info.ID` (GOWS), in that order.
	ID MessageID
	// Raw is the answer as sent.
	Raw json.RawMessage
}

// UnmarshalJSON keeps the whole answer and picks out the status ID.
func (r *StatusResult) UnmarshalJSON(b []byte) error {
	var probe struct {
		Key  *engineKey      `json:"key"`
		ID   json.RawMessage `json:"id"`
		Data *struct {
			Info struct {
				ID string `json:"ID"`
			} `json:"Info"`
		} `json:"_data"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return fmt.Errorf("wawp: status answer is not an object: %w", err)
	}
	r.Raw = append(json.RawMessage(nil), b...)
	r.ID = ""
	switch {
	case probe.Key != nil && probe.Key.ID != "":
		r.ID = MessageID(probe.Key.ID)
	case rawString(probe.ID) != "":
		r.ID = MessageID(rawString(probe.ID))
	case probe.Data != nil:
		r.ID = MessageID(probe.Data.Info.ID)
	}
	return nil
}

// SendText posts a text status.
//
// Wawp API: POST /status/text
func (s *StatusService) SendText(ctx context.Context, params StatusTextParams) (*StatusResult, error) {
	if err := required("text", params.Text); err != nil {
		return nil, err
	}
	if err := checkStatusContacts(params.Contacts); err != nil {
		return nil, err
	}
	if params.BackgroundColor == "" {
		params.BackgroundColor = DefaultStatusBackgroundColor
	}
	return s.post(ctx, "status/text", params)
}

// SendImage posts an image status the server downloads from File.URL.
//
// Wawp API: POST /status/image
func (s *StatusService) SendImage(ctx context.Context, params StatusImageParams) (*StatusResult, error) {
	file, err := prepareStatusFile(params.File, params.Contacts)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.post(ctx, "status/image", params)
}

// SendVoice posts a voice status the server downloads from File.URL.
//
// Wawp API: POST /status/voice
func (s *StatusService) SendVoice(ctx context.Context, params StatusVoiceParams) (*StatusResult, error) {
	file, err := prepareStatusFile(params.File, params.Contacts)
	if err != nil {
		return nil, err
	}
	params.File = file
	if params.BackgroundColor == "" {
		params.BackgroundColor = DefaultStatusBackgroundColor
	}
	return s.post(ctx, "status/voice", params)
}

// SendVideo posts a video status the server downloads from File.URL.
//
// Wawp API: POST /status/video
func (s *StatusService) SendVideo(ctx context.Context, params StatusVideoParams) (*StatusResult, error) {
	file, err := prepareStatusFile(params.File, params.Contacts)
	if err != nil {
		return nil, err
	}
	params.File = file
	return s.post(ctx, "status/video", params)
}

// Delete removes a status before its 24 hours are up.
//
// Wawp API: POST /status/delete
func (s *StatusService) Delete(ctx context.Context, params StatusDeleteParams) error {
	if err := required("id", string(params.ID)); err != nil {
		return err
	}
	if err := checkStatusContacts(params.Contacts); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "status/delete", params, nil)
	if err != nil {
		return err
	}
	// Deleting twice leaves the same result, so it retries like a read.
	req.legacy.idempotent = true
	return s.client.do(req, nil)
}

// post sends a status. It stays a non-idempotent POST, so it is never
// retried after an ambiguous failure.
func (s *StatusService) post(ctx context.Context, path string, params any) (*StatusResult, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, path, params, nil)
	if err != nil {
		return nil, err
	}
	var out StatusResult
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
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

// checkStatusContacts rejects empty entries, and commas inside an entry,
// which would split it in the comma-separated list.
func checkStatusContacts(contacts []ChatID) error {
	for i, id := range contacts {
		if strings.TrimSpace(string(id)) == "" {
			return &ValidationError{Field: "contacts", Reason: fmt.Sprintf("must not contain an empty chat ID (index %d)", i)}
		}
		if strings.ContainsRune(string(id), ',') {
			return &ValidationError{Field: "contacts", Reason: fmt.Sprintf("must not contain a comma inside a chat ID (index %d)", i)}
		}
	}
	return nil
}
