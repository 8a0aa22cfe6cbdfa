package wawptest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/wawp-go/wawp"
)

// labelPalette is WhatsApp Business's label palette: colour index to hex.
func labelPalette() [20]string {
	return [20]string{
		"#ff9485", "#64c4ff", "#ffd429", "#dfaef0", "#99b6c1",
		"#55ccb3", "#ff9dff", "#d3a91d", "#6d7cce", "#d7e752",
		"#00d0e2", "#ffc5c7", "#93ceac", "#f74848", "#00a0f2",
		"#83e422", "#ffaf04", "#b5ebff", "#9ba6ff", "#9368cf",
	}
}

// labelBody reads {name, color, colorHex}. color wins over colorHex; with
// neither the colour is 0.
func (c *call) labelBody() (name string, color int, err *apiError) {
	var body struct {
		Name     string  `json:"name"`
		Color    *int    `json:"color"`
		ColorHex *string `json:"colorHex"`
	}
	if err := c.decodeBody(&body); err != nil {
		return "", 0, err
	}
	if strings.TrimSpace(body.Name) == "" {
		return "", 0, errMissing("name")
	}
	palette := labelPalette()
	switch {
	case body.Color != nil:
		if *body.Color < 0 || *body.Color >= len(palette) {
			return "", 0, errInvalid("color", "must be a palette index from 0 to 19")
		}
		return body.Name, *body.Color, nil
	case body.ColorHex != nil && *body.ColorHex != "":
		i := slices.Index(palette[:], strings.ToLower(*body.ColorHex))
		if i < 0 {
			return "", 0, errInvalid("colorHex", "must be one of the 20 palette colours")
		}
		return body.Name, i, nil
	}
	return body.Name, 0, nil
}

func newLabel(id, name string, color int) *wawp.Label {
	return &wawp.Label{ID: id, Name: name, Color: color, ColorHex: labelPalette()[color]}
}

// pathLabel reads the labelId path segment of an existing label.
func (c *call) pathLabel() (*wawp.Label, *apiError) {
	id := c.vars["labelId"]
	l, ok := c.inst.labels[id]
	if !ok {
		return nil, errNotFound("label", id)
	}
	return l, nil
}

// sortedLabels orders labels by their numeric ID.
func sortedLabels(labels []*wawp.Label) []wawp.Label {
	slices.SortFunc(labels, func(a, b *wawp.Label) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return cmp.Or(cmp.Compare(x, y), strings.Compare(a.ID, b.ID))
	})
	out := make([]wawp.Label, len(labels))
	for i, l := range labels {
		out[i] = *l
	}
	return out
}

func handleListLabels(c *call) (any, *apiError) {
	all := make([]*wawp.Label, 0, len(c.inst.labels))
	for _, l := range c.inst.labels {
		all = append(all, l)
	}
	return sortedLabels(all), nil
}

func handleCreateLabel(c *call) (any, *apiError) {
	name, color, err := c.labelBody()
	if err != nil {
		return nil, err
	}
	c.inst.labelSeq++
	l := newLabel(strconv.Itoa(c.inst.labelSeq), name, color)
	c.inst.labels[l.ID] = l
	c.s.emit(c.inst, "label.upsert", *l)
	return *l, nil
}

func handleUpdateLabel(c *call) (any, *apiError) {
	l, err := c.pathLabel()
	if err != nil {
		return nil, err
	}
	name, color, err := c.labelBody()
	if err != nil {
		return nil, err
	}
	*l = *newLabel(l.ID, name, color)
	c.s.emit(c.inst, "label.upsert", *l)
	return *l, nil
}

// handleDeleteLabel removes a label and takes it off every chat, emitting
// label.chat.deleted for each chat and then label.deleted.
func handleDeleteLabel(c *call) (any, *apiError) {
	l, err := c.pathLabel()
	if err != nil {
		return nil, err
	}
	for _, chatID := range c.inst.chatsWithLabel(l.ID) {
		c.inst.chatLabels[chatID] = slices.DeleteFunc(c.inst.chatLabels[chatID], func(id string) bool { return id == l.ID })
		c.s.emitLabelChat(c.inst, "label.chat.deleted", l, chatID)
	}
	delete(c.inst.labels, l.ID)
	c.s.emit(c.inst, "label.deleted", *l)
	return success()
}

func (s *Server) emitLabelChat(inst *instance, event string, l *wawp.Label, chatID wawp.ChatID) {
	s.emit(inst, event, map[string]any{"labelId": l.ID, "chatId": chatID, "label": *l})
}

// chatsWithLabel lists the chats carrying a label, sorted by ID.
func (inst *instance) chatsWithLabel(labelID string) []wawp.ChatID {
	var out []wawp.ChatID
	for chatID, ids := range inst.chatLabels {
		if slices.Contains(ids, labelID) {
			out = append(out, chatID)
		}
	}
	slices.Sort(out)
	return out
}

func handleChatLabels(c *call) (any, *apiError) {
	chatID, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	var labels []*wawp.Label
	for _, id := range c.inst.chatLabels[chatID] {
		labels = append(labels, c.inst.labels[id])
	}
	return sortedLabels(labels), nil
}

// handleSetChatLabels replaces a chat's labels and emits label.chat.deleted
// and label.chat.added for the difference.
func handleSetChatLabels(c *call) (any, *apiError) {
	chatID, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	var body struct {
		Labels *[]struct {
			ID string `json:"id"`
		} `json:"labels"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Labels == nil {
		return nil, errMissing("labels")
	}
	var next []string
	for _, l := range *body.Labels {
		if _, ok := c.inst.labels[l.ID]; !ok {
			return nil, errInvalid("labels", "holds "+strconv.Quote(l.ID)+", which is not a label")
		}
		if !slices.Contains(next, l.ID) {
			next = append(next, l.ID)
		}
	}
	prev := c.inst.chatLabels[chatID]
	for _, id := range prev {
		if !slices.Contains(next, id) {
			c.s.emitLabelChat(c.inst, "label.chat.deleted", c.inst.labels[id], chatID)
		}
	}
	for _, id := range next {
		if !slices.Contains(prev, id) {
			c.s.emitLabelChat(c.inst, "label.chat.added", c.inst.labels[id], chatID)
		}
	}
	c.inst.chatLabels[chatID] = next
	c.inst.chat(chatID, c.now)
	return success()
}

func handleLabelChats(c *call) (any, *apiError) {
	l, err := c.pathLabel()
	if err != nil {
		return nil, err
	}
	out := []chatJSON{}
	for _, chatID := range c.inst.chatsWithLabel(l.ID) {
		out = append(out, c.inst.chatView(c.inst.chat(chatID, c.now)))
	}
	return out, nil
}
