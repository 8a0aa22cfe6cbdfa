package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// LabelsService manages WhatsApp Business labels and the labels attached to
// chats.
type LabelsService service

// Label colour palette bounds: WhatsApp offers 20 colours, indexed 0 to 19.
const (
	MinLabelColor = 0
	MaxLabelColor = 19
)

// LabelColors returns the hex colour of each palette index, as "#rrggbb":
// LabelColors()[14] is "#00a0f2". WhatsApp may change the palette, so the
// index is the reliable value; a new slice is returned on every call.
func LabelColors() []string {
	return []string{
		"#ff9485", "#64c4ff", "#ffd429", "#dfaef0", "#99b6c1",
		"#55ccb3", "#ff9dff", "#d3a91d", "#6d7cce", "#d7e752",
		"#00d0e2", "#ffc5c7", "#93ceac", "#f74848", "#00a0f2",
		"#83e422", "#ffaf04", "#b5ebff", "#9ba6ff", "#9368cf",
	}
}

// LabelCreateParams describes a label to create. Update takes the same
// type, since a label is changed by sending it whole again. Name is
// required, and exactly one of Color and ColorHex.
type LabelCreateParams struct {
	Name string
	// Color is a palette index from 0 to 19 (see LabelColors).
	Color *int
	// ColorHex is a colour in "#rrggbb" form.
	ColorHex string
}

// labelBody is the JSON body of label creation and update.
type labelBody struct {
	Name     string `json:"name"`
	Color    *int   `json:"color,omitempty"`
	ColorHex string `json:"colorHex,omitempty"`
}

// body validates the params and returns the request body. A copy of Color
// is sent, so the caller's value is never shared.
func (p LabelCreateParams) body() (labelBody, error) {
	if strings.TrimSpace(p.Name) == "" {
		return labelBody{}, &ValidationError{Field: "name", Reason: "is required"}
	}
	hex := strings.TrimSpace(p.ColorHex)
	switch {
	case p.Color == nil && hex == "":
		return labelBody{}, &ValidationError{Field: "color", Reason: "or colorHex is required"}
	case p.Color != nil && hex != "":
		return labelBody{}, &ValidationError{Field: "colorHex", Reason: "must not be set together with color"}
	case p.Color != nil:
		if *p.Color < MinLabelColor || *p.Color > MaxLabelColor {
			return labelBody{}, &ValidationError{Field: "color", Reason: fmt.Sprintf("must be a palette index from %d to %d", MinLabelColor, MaxLabelColor)}
		}
		color := *p.Color
		return labelBody{Name: p.Name, Color: &color}, nil
	}
	if !isHexColor(hex) {
		return labelBody{}, &ValidationError{Field: "colorHex", Reason: `must be a colour in "#rrggbb" form`}
	}
	return labelBody{Name: p.Name, ColorHex: strings.ToLower(hex)}, nil
}

// isHexColor reports whether s is "#" followed by six hex digits.
func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		isDigit := c >= '0' && c <= '9'
		isHexLetter := (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		if !isDigit && !isHexLetter {
			return false
		}
	}
	return true
}

// List returns every label of the business account.
//
// Wawp API: GET /labels
func (s *LabelsService) List(ctx context.Context) ([]Label, error) {
	ep := endpoint{route: route{http.MethodGet, "/labels"}, class: classRead}
	return call[[]Label](ctx, s.client, ep, input{})
}

// Create makes a label and returns it with its ID. A repeated call would
// make a second label, so it is not repeated after an ambiguous failure.
//
// Wawp API: POST /labels
func (s *LabelsService) Create(ctx context.Context, params LabelCreateParams) (*Label, error) {
	body, err := params.body()
	if err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/labels"}, class: classWrite}
	return callRef[Label](ctx, s.client, ep, input{body: body})
}

// Update renames or recolours a label and returns it.
//
// Wawp API: PUT /labels/{labelId}
func (s *LabelsService) Update(ctx context.Context, labelID string, params LabelCreateParams) (*Label, error) {
	if err := required("labelId", labelID); err != nil {
		return nil, err
	}
	body, err := params.body()
	if err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPut, "/labels/{labelId}"}, class: classIdempotentWrite}
	return callRef[Label](ctx, s.client, ep, input{path: []string{labelID}, body: body})
}

// Delete deletes a label, removing it from every chat.
//
// Wawp API: DELETE /labels/{labelId}
func (s *LabelsService) Delete(ctx context.Context, labelID string) error {
	if err := required("labelId", labelID); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodDelete, "/labels/{labelId}"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{path: []string{labelID}})
}

// ChatLabels returns the labels attached to a chat.
//
// Wawp API: GET /labels/chats/{chatId}
func (s *LabelsService) ChatLabels(ctx context.Context, chatID ChatID) ([]Label, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/labels/chats/{chatId}"}, class: classRead}
	return call[[]Label](ctx, s.client, ep, input{path: []string{string(chatID)}})
}

// LabelSetChatLabelsParams is the whole set of labels a chat is to carry.
type LabelSetChatLabelsParams struct {
	// LabelIDs replace the chat's labels; an empty list removes them all.
	LabelIDs []string
}

type labelRef struct {
	ID string `json:"id"`
}

// SetChatLabels replaces the labels of a chat with params.LabelIDs. It
// sends the full set, so repeating it is harmless.
//
// Wawp API: PUT /labels/chats/{chatId}
func (s *LabelsService) SetChatLabels(ctx context.Context, chatID ChatID, params LabelSetChatLabelsParams) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	// Never nil: an empty list must go out as [] to clear the labels.
	refs := make([]labelRef, len(params.LabelIDs))
	for i, id := range params.LabelIDs {
		if err := required(fmt.Sprintf("labels[%d].id", i), id); err != nil {
			return err
		}
		refs[i] = labelRef{ID: id}
	}
	body := struct {
		Labels []labelRef `json:"labels"`
	}{refs}
	ep := endpoint{route: route{http.MethodPut, "/labels/chats/{chatId}"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{path: []string{string(chatID)}, body: body})
}

// LabeledChat is a chat carrying a label. Its shape depends on the server's
// engine, so only the ID and name are decoded; Raw keeps it as sent.
type LabeledChat struct {
	ID   ChatID
	Name string
	Raw  json.RawMessage
}

// UnmarshalJSON reads the ID, sent as a string or an engine ID object, and
// the name, and keeps the chat in Raw.
func (c *LabeledChat) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var wire struct {
		ID   json.RawMessage `json:"id"`
		Name json.RawMessage `json:"name"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*c = LabeledChat{ID: wireChatID(wire.ID), Name: rawString(wire.Name), Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// labeledChats decodes an engine's chat list.
type labeledChats []LabeledChat

// UnmarshalJSON accepts an array or an object keyed by chat ID.
func (cs *labeledChats) UnmarshalJSON(b []byte) error {
	chats, err := decodeEngineList(b, func(c *LabeledChat, key string) {
		if c.ID == "" {
			c.ID = wireChatID(jsonString(key))
		}
	})
	*cs = chats
	return err
}

// Chats returns the chats that carry a label.
//
// Wawp API: GET /labels/{labelId}/chats
func (s *LabelsService) Chats(ctx context.Context, labelID string) ([]LabeledChat, error) {
	if err := required("labelId", labelID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/labels/{labelId}/chats"}, class: classRead}
	return call[labeledChats](ctx, s.client, ep, input{path: []string{labelID}})
}

// Get returns one label.
//
// Wawp API: GET /v2/labels/{id}
func (s *LabelsService) Get(ctx context.Context, labelID string) (*Label, error) {
	if err := required("id", labelID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/labels/{id}"}, class: classRead, version: apiV2}
	return callRef[Label](ctx, s.client, ep, input{path: []string{labelID}})
}

// LinkChat attaches the label labelID to chatID, keeping the chat's other
// labels. Linking a label twice is harmless.
//
// Wawp API: PUT /v2/labels/{id}/chats/{chatId}
func (s *LabelsService) LinkChat(ctx context.Context, labelID string, chatID ChatID) error {
	return s.chatLink(ctx, http.MethodPut, labelID, chatID)
}

// UnlinkChat removes the label labelID from chatID, keeping its other labels.
//
// Wawp API: DELETE /v2/labels/{id}/chats/{chatId}
func (s *LabelsService) UnlinkChat(ctx context.Context, labelID string, chatID ChatID) error {
	return s.chatLink(ctx, http.MethodDelete, labelID, chatID)
}

// chatLink links or unlinks one label and one chat; both are idempotent.
func (s *LabelsService) chatLink(ctx context.Context, method, labelID string, chatID ChatID) error {
	if err := required("id", labelID); err != nil {
		return err
	}
	if err := checkChatID("chatId", chatID); err != nil {
		return err
	}
	ep := endpoint{route: route{method, "/labels/{id}/chats/{chatId}"}, class: classIdempotentWrite, version: apiV2}
	return s.client.exec(ctx, ep, input{path: []string{labelID, string(chatID)}})
}
