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

// LabelParams describes a label to create or update. Name is required, and
// exactly one of Color and ColorHex.
type LabelParams struct {
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
func (p LabelParams) body() (labelBody, error) {
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
	return s.labels(ctx, "labels")
}

// Create makes a label and returns it with its ID.
//
// Wawp API: POST /labels
func (s *LabelsService) Create(ctx context.Context, params LabelParams) (*Label, error) {
	body, err := params.body()
	if err != nil {
		return nil, err
	}
	return s.save(ctx, http.MethodPost, "labels", body)
}

// Update renames or recolours a label and returns it.
//
// Wawp API: PUT /labels/{labelId}
func (s *LabelsService) Update(ctx context.Context, labelID string, params LabelParams) (*Label, error) {
	if err := required("labelId", labelID); err != nil {
		return nil, err
	}
	body, err := params.body()
	if err != nil {
		return nil, err
	}
	return s.save(ctx, http.MethodPut, pathf("labels/%s", labelID), body)
}

// Delete deletes a label, removing it from every chat.
//
// Wawp API: DELETE /labels/{labelId}
func (s *LabelsService) Delete(ctx context.Context, labelID string) error {
	if err := required("labelId", labelID); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodDelete, pathf("labels/%s", labelID), nil, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}

// ChatLabels returns the labels attached to a chat.
//
// Wawp API: GET /labels/chats/{chatId}
func (s *LabelsService) ChatLabels(ctx context.Context, chatID ChatID) ([]Label, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	return s.labels(ctx, pathf("labels/chats/%s", string(chatID)))
}

type labelRef struct {
	ID string `json:"id"`
}

// SetChatLabels replaces the labels of a chat with labelIDs; no IDs remove
// every label from the chat.
//
// Wawp API: PUT /labels/chats/{chatId}
func (s *LabelsService) SetChatLabels(ctx context.Context, chatID ChatID, labelIDs ...string) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	// Never nil: an empty list must go out as [] to clear the labels.
	refs := make([]labelRef, len(labelIDs))
	for i, id := range labelIDs {
		if strings.TrimSpace(id) == "" {
			return &ValidationError{Field: fmt.Sprintf("labels[%d].id", i), Reason: "is required"}
		}
		refs[i] = labelRef{ID: id}
	}
	body := struct {
		Labels []labelRef `json:"labels"`
	}{refs}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPut, pathf("labels/chats/%s", string(chatID)), nil, body)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
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
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("labels/%s/chats", labelID), nil, nil)
	if err != nil {
		return nil, err
	}
	var out labeledChats
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *LabelsService) labels(ctx context.Context, path string) ([]Label, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return nil, err
	}
	var out []Label
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *LabelsService) save(ctx context.Context, method, path string, body labelBody) (*Label, error) {
	req, err := s.client.newLegacyRequest(ctx, method, path, nil, body)
	if err != nil {
		return nil, err
	}
	var out Label
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
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
