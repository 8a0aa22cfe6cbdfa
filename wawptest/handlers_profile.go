package wawptest

import (
	"strings"

	"github.com/wawp-go/wawp"
)

// Profile.

func handleGetProfile(c *call) (any, *apiError) {
	var picture *string
	if c.inst.profile.picture != "" {
		p := c.inst.profile.picture
		picture = &p
	}
	return map[string]any{"id": c.inst.me.ID, "name": c.inst.me.PushName, "picture": picture}, nil
}

func handleSetProfileName(c *call) (any, *apiError) {
	name, err := c.required("name")
	if err != nil {
		return nil, err
	}
	c.inst.me.PushName = name
	return success()
}

func handleSetProfileAbout(c *call) (any, *apiError) {
	about, err := c.required("status")
	if err != nil {
		return nil, err
	}
	c.inst.profile.about = about
	return success()
}

func handleSetProfilePicture(c *call) (any, *apiError) {
	media, err := c.queryFile()
	if err != nil {
		return nil, err
	}
	c.inst.profile.picture = media.URL
	return success()
}

func handleDeleteProfilePicture(c *call) (any, *apiError) {
	c.inst.profile.picture = ""
	return success()
}

// Presence.

// normalizePresence maps the n8n presence names onto WAHA's.
func normalizePresence(raw string) wawp.Presence {
	switch p := strings.ToLower(raw); p {
	case "composing":
		return wawp.PresenceTyping
	case "unavailable":
		return wawp.PresenceOffline
	default:
		return wawp.Presence(p)
	}
}

func handleSetPresence(c *call) (any, *apiError) {
	raw, err := c.required("presence")
	if err != nil {
		return nil, err
	}
	// online and offline are global; the others need the chat they apply to.
	p := normalizePresence(raw)
	switch p {
	case wawp.PresenceOnline, wawp.PresenceOffline:
		if v := c.optional("chatId"); v != "" {
			if _, err := parseChat("chatId", v); err != nil {
				return nil, err
			}
		}
	case wawp.PresenceTyping, wawp.PresenceRecording, wawp.PresencePaused:
		if _, err := c.chatParam("chatId"); err != nil {
			return nil, err
		}
	default:
		return nil, errInvalid("presence", "must be online, offline, typing, recording or paused")
	}
	c.inst.setOwnPresence(p)
	return success()
}

func handleGetPresence(c *call) (any, *apiError) {
	chatID, err := c.pathChat("chatId")
	if err != nil {
		return nil, err
	}
	return c.inst.chatPresences(chatID), nil
}

// setOwnPresence records the session's own presence. The API has no call
// that reads it back; it is kept for completeness of the state.
func (inst *instance) setOwnPresence(p wawp.Presence) {
	inst.presence = p
}

// chatPresences is the presence answer for a chat: what SetPresence seeded,
// or an offline contact without last-seen for a direct chat.
func (inst *instance) chatPresences(chatID wawp.ChatID) wawp.ChatPresences {
	out := wawp.ChatPresences{ID: chatID, Presences: append([]wawp.ParticipantPresence{}, inst.presences[chatID]...)}
	if len(out.Presences) == 0 && !chatID.IsGroup() {
		out.Presences = []wawp.ParticipantPresence{{Participant: chatID, LastKnownPresence: wawp.PresenceOffline}}
	}
	return out
}

// Status (stories).

// statusJSON answers a status post: the message, plus the engine's "key"
// that status deletion takes the id from.
type statusJSON struct {
	wawp.Message
	Key statusKey `json:"key"`
}

type statusKey struct {
	RemoteJID string `json:"remoteJid"`
	FromMe    bool   `json:"fromMe"`
	ID        string `json:"id"`
}

// isHexColor accepts "#rrggbb".
func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// statusContacts reads the optional audience: repeated or comma-separated chat IDs.
func (c *call) statusContacts() *apiError {
	for _, v := range c.list("contacts") {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id == "" || id == "null" {
				continue
			}
			if _, err := parseChat("contacts", id); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *call) postStatus(m wawp.Message, content any) (any, *apiError) {
	rec := c.s.storeOutgoing(c.inst, wawp.StatusBroadcast, m, content, c.now)
	parts, _ := rec.msg.ID.Parts()
	return statusJSON{Message: rec.msg, Key: statusKey{RemoteJID: string(wawp.StatusBroadcast), FromMe: true, ID: parts.ID}}, nil
}

func handleStatusText(c *call) (any, *apiError) {
	text, err := c.required("text")
	if err != nil {
		return nil, err
	}
	if bg := c.optional("backgroundColor"); bg != "" && !isHexColor(bg) {
		return nil, errInvalid("backgroundColor", "must be a colour such as #38b42f")
	}
	if _, err := c.intParam("font", 0, 0, 10); err != nil {
		return nil, err
	}
	for _, flag := range []string{"linkPreview", "linkPreviewHighQuality"} {
		if _, err := c.boolParam(flag, false); err != nil {
			return nil, err
		}
	}
	if err := c.statusContacts(); err != nil {
		return nil, err
	}
	return c.postStatus(wawp.Message{Body: text}, map[string]any{"extendedTextMessage": map[string]string{"text": text}})
}

func handleStatusMedia(kind mediaKind) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		m, err := c.mediaMessage(kind)
		if err != nil {
			return nil, err
		}
		if err := c.statusContacts(); err != nil {
			return nil, err
		}
		return c.postStatus(m, map[string]any{kind.engineField(): map[string]any{"URL": m.Media.URL, "mimetype": m.Media.MIMEType}})
	}
}

// handleStatusDelete removes a status by its bare ID (key.id) or serialized ID.
func handleStatusDelete(c *call) (any, *apiError) {
	id, err := c.required("id")
	if err != nil {
		return nil, err
	}
	if err := c.statusContacts(); err != nil {
		return nil, err
	}
	ch, ok := c.inst.chats[wawp.StatusBroadcast]
	if ok {
		for _, m := range ch.messages {
			parts, _ := m.msg.ID.Parts()
			if string(m.msg.ID) == id || parts.ID == id {
				c.inst.removeMessage(m)
				c.s.recordAction(c.inst, Action{Kind: ActionDelete, Chat: wawp.StatusBroadcast, MessageID: m.msg.ID})
				return success()
			}
		}
	}
	return nil, errNotFound("status", id)
}
