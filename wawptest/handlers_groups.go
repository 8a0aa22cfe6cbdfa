package wawptest

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// inviteLinkPrefix starts every group invite link.
const inviteLinkPrefix = "https://chat.whatsapp.com/"

// group is a WhatsApp group, including groups the session has left, whose
// invite codes still work.
type group struct {
	id                wawp.ChatID
	subject           string
	description       string
	inviteCode        string
	participants      []wawp.GroupParticipant
	infoAdminOnly     bool
	messagesAdminOnly bool
	picture           string
	owner             wawp.ChatID
}

// groupInfoJSON is WAHA's GroupInfo, the shape of group.v2 events, used for
// every group answer.
type groupInfoJSON struct {
	ID                         wawp.ChatID             `json:"id"`
	Subject                    string                  `json:"subject"`
	Description                string                  `json:"description"`
	Invite                     string                  `json:"invite,omitempty"`
	Owner                      wawp.ChatID             `json:"owner,omitempty"`
	MembersCanAddNewMember     bool                    `json:"membersCanAddNewMember"`
	MembersCanSendMessages     bool                    `json:"membersCanSendMessages"`
	NewMembersApprovalRequired bool                    `json:"newMembersApprovalRequired"`
	Participants               []wawp.GroupParticipant `json:"participants"`
}

func (g *group) info() groupInfoJSON {
	return groupInfoJSON{
		ID:                     g.id,
		Subject:                g.subject,
		Description:            g.description,
		Invite:                 inviteLinkPrefix + g.inviteCode,
		Owner:                  g.owner,
		MembersCanAddNewMember: true,
		MembersCanSendMessages: !g.messagesAdminOnly,
		Participants:           append([]wawp.GroupParticipant{}, g.participants...),
	}
}

func (g *group) member(id wawp.ChatID) (int, bool) {
	i := slices.IndexFunc(g.participants, func(p wawp.GroupParticipant) bool { return p.ID == id })
	return i, i >= 0
}

// newInviteCode returns 22 random letters and digits, like WhatsApp's codes.
func newInviteCode() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 22)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// addGroup stores a new group the session is in and emits group.v2.join.
func (s *Server) addGroup(inst *instance, g *group, now time.Time) {
	g.id = wawp.ChatID("120363" + randomDigits(12) + wawp.SuffixGroup)
	g.inviteCode = newInviteCode()
	inst.groups[g.id] = g
	inst.chat(g.id, now)
	s.emitGroupJoin(inst, g, now)
}

func (s *Server) emitGroupJoin(inst *instance, g *group, now time.Time) {
	s.emit(inst, "group.v2.join", map[string]any{"timestamp": now.Unix(), "group": g.info(), "_data": map[string]any{}})
}

func (s *Server) emitGroupUpdate(inst *instance, g *group, changed map[string]any, now time.Time) {
	changed["id"] = g.id
	s.emit(inst, "group.v2.update", map[string]any{"timestamp": now.Unix(), "group": changed, "_data": map[string]any{}})
}

func (s *Server) emitParticipants(inst *instance, g *group, kind string, changed []wawp.GroupParticipant, now time.Time) {
	s.emit(inst, "group.v2.participants", map[string]any{
		"type":         kind,
		"timestamp":    now.Unix(),
		"group":        map[string]any{"id": g.id},
		"participants": changed,
		"_data":        map[string]any{},
	})
}

// participantIDs reads {"participants":[{"id":..}]}; bare numbers become @c.us.
func (c *call) participantIDs(required bool) ([]wawp.ChatID, *apiError) {
	var body struct {
		Participants *[]struct {
			ID string `json:"id"`
		} `json:"participants"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Participants == nil {
		if required {
			return nil, errMissing("participants")
		}
		return nil, nil
	}
	if required && len(*body.Participants) == 0 {
		return nil, errInvalid("participants", "must name at least one participant")
	}
	var ids []wawp.ChatID
	for _, p := range *body.Participants {
		id, err := parseChat("participants", p.ID)
		if err != nil || !(id.IsUser() || id.IsLID()) {
			return nil, errInvalid("participants", fmt.Sprintf("holds %q, which is not a person's chat ID", p.ID))
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// memberGroup reads the {id} path segment of a group the session is in.
func (c *call) memberGroup() (*group, *apiError) {
	id, err := c.pathChat("id")
	if err != nil {
		return nil, err
	}
	g, ok := c.inst.groups[id]
	if !ok {
		return nil, errNotFound("group", id)
	}
	if _, in := g.member(c.inst.me.ID); !in {
		return nil, errNotFound("group", id)
	}
	return g, nil
}

func (inst *instance) memberGroups() []*group {
	var out []*group
	for _, g := range inst.groups {
		if _, in := g.member(inst.me.ID); in {
			out = append(out, g)
		}
	}
	return out
}

func handleListGroups(c *call) (any, *apiError) {
	limit, offset, err := c.page(0)
	if err != nil {
		return nil, err
	}
	desc, err := c.sortOrder(false)
	if err != nil {
		return nil, err
	}
	sortBy := c.optional("sortBy")
	if sortBy != "" && sortBy != "id" && sortBy != "subject" {
		return nil, errInvalid("sortBy", "must be id or subject")
	}
	groups := c.inst.memberGroups()
	key := func(g *group) string {
		if sortBy == "subject" {
			return strings.ToLower(g.subject) + "\x00" + string(g.id)
		}
		return string(g.id)
	}
	sortByKey(groups, desc, key)
	out := []groupInfoJSON{}
	for _, g := range window(groups, limit, offset) {
		out = append(out, g.info())
	}
	return out, nil
}

func handleCreateGroup(c *call) (any, *apiError) {
	name, err := c.required("name")
	if err != nil {
		return nil, err
	}
	ids, err := c.participantIDs(false)
	if err != nil {
		return nil, err
	}
	g := &group{subject: name, owner: c.inst.me.ID}
	g.participants = append(g.participants, wawp.GroupParticipant{ID: c.inst.me.ID, Role: wawp.GroupRoleSuperAdmin})
	for _, id := range ids {
		if id != c.inst.me.ID {
			g.participants = append(g.participants, wawp.GroupParticipant{ID: id, Role: wawp.GroupRoleParticipant})
		}
	}
	c.s.addGroup(c.inst, g, c.now)
	return g.info(), nil
}

// groupByCode finds a group by invite code or invite link.
func (c *call) groupByCode(code string) (*group, *apiError) {
	code = strings.TrimPrefix(strings.TrimSpace(code), inviteLinkPrefix)
	for _, g := range c.inst.groups {
		if g.inviteCode == code {
			return g, nil
		}
	}
	return nil, errNotFound("invite code", code)
}

func handleGroupJoinInfo(c *call) (any, *apiError) {
	code, err := c.required("code")
	if err != nil {
		return nil, err
	}
	g, err := c.groupByCode(code)
	if err != nil {
		return nil, err
	}
	return g.info(), nil
}

func handleJoinGroup(c *call) (any, *apiError) {
	code, err := c.required("code")
	if err != nil {
		return nil, err
	}
	g, err := c.groupByCode(code)
	if err != nil {
		return nil, err
	}
	if _, in := g.member(c.inst.me.ID); !in {
		g.participants = append(g.participants, wawp.GroupParticipant{ID: c.inst.me.ID, Role: wawp.GroupRoleParticipant})
		c.inst.chat(g.id, c.now)
		c.s.emitGroupJoin(c.inst, g, c.now)
	}
	return map[string]wawp.ChatID{"id": g.id}, nil
}

func handleCountGroups(c *call) (any, *apiError) {
	return map[string]int{"count": len(c.inst.memberGroups())}, nil
}

func handleRefreshGroups(*call) (any, *apiError) { return success() }

func handleGetGroup(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	return g.info(), nil
}

func handleDeleteGroup(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	delete(c.inst.groups, g.id)
	c.s.emit(c.inst, "group.v2.leave", map[string]any{"timestamp": c.now.Unix(), "group": map[string]any{"id": g.id}, "_data": map[string]any{}})
	return success()
}

func handleLeaveGroup(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	i, _ := g.member(c.inst.me.ID)
	g.participants = slices.Delete(g.participants, i, i+1)
	c.s.emit(c.inst, "group.v2.leave", map[string]any{"timestamp": c.now.Unix(), "group": map[string]any{"id": g.id}, "_data": map[string]any{}})
	return success()
}

func handleGroupPicture(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	if _, err := c.boolParam("refresh", false); err != nil {
		return nil, err
	}
	return map[string]*string{"url": nullable(g.picture)}, nil
}

func handleSetGroupPicture(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	var body struct {
		File *remoteFile `json:"file"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.File == nil {
		return nil, errMissing("file")
	}
	media, err := body.File.media("file.url")
	if err != nil {
		return nil, err
	}
	g.picture = media.URL
	return success()
}

func handleDeleteGroupPicture(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	g.picture = ""
	return success()
}

func handleSetGroupDescription(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	description, ok := c.param("description")
	if !ok {
		return nil, errMissing("description")
	}
	g.description = description
	c.s.emitGroupUpdate(c.inst, g, map[string]any{"description": description}, c.now)
	return success()
}

func handleSetGroupSubject(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	subject, err := c.required("subject")
	if err != nil {
		return nil, err
	}
	g.subject = subject
	c.s.emitGroupUpdate(c.inst, g, map[string]any{"subject": subject}, c.now)
	return success()
}

// groupSetting names one of the two security settings.
type groupSetting int

const (
	settingInfo groupSetting = iota
	settingMessages
)

func (g *group) setting(which groupSetting) *bool {
	if which == settingInfo {
		return &g.infoAdminOnly
	}
	return &g.messagesAdminOnly
}

func handleGroupSetting(which groupSetting) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		g, err := c.memberGroup()
		if err != nil {
			return nil, err
		}
		return map[string]bool{"adminsOnly": *g.setting(which)}, nil
	}
}

// handleSetGroupSetting changes a setting; the messages setting shows in
// group.v2.update as membersCanSendMessages.
func handleSetGroupSetting(which groupSetting) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		g, err := c.memberGroup()
		if err != nil {
			return nil, err
		}
		if _, ok := c.param("adminsOnly"); !ok {
			return nil, errMissing("adminsOnly")
		}
		adminsOnly, err := c.boolParam("adminsOnly", false)
		if err != nil {
			return nil, err
		}
		setting := g.setting(which)
		if *setting != adminsOnly && which == settingMessages {
			c.s.emitGroupUpdate(c.inst, g, map[string]any{"membersCanSendMessages": !adminsOnly}, c.now)
		}
		*setting = adminsOnly
		return success()
	}
}

// handleInviteCode answers the invite link as a JSON string.
func handleInviteCode(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	return inviteLinkPrefix + g.inviteCode, nil
}

func handleRevokeInviteCode(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	g.inviteCode = newInviteCode()
	link := inviteLinkPrefix + g.inviteCode
	c.s.emitGroupUpdate(c.inst, g, map[string]any{"invite": link}, c.now)
	return link, nil
}

func handleGroupParticipants(c *call) (any, *apiError) {
	g, err := c.memberGroup()
	if err != nil {
		return nil, err
	}
	return g.info().Participants, nil
}

// participantChange is one of the four participant operations.
type participantChange string

const (
	changeAdd     participantChange = "join"
	changeRemove  participantChange = "leave"
	changePromote participantChange = "promote"
	changeDemote  participantChange = "demote"
)

// handleChangeParticipants applies a change and emits group.v2.participants
// with the participants it changed, in their new role. Everyone but added
// people must already be a member.
func handleChangeParticipants(change participantChange) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		g, err := c.memberGroup()
		if err != nil {
			return nil, err
		}
		ids, err := c.participantIDs(true)
		if err != nil {
			return nil, err
		}
		if change != changeAdd {
			for _, id := range ids {
				if _, in := g.member(id); !in {
					return nil, errInvalid("participants", fmt.Sprintf("holds %s, who is not in the group", id))
				}
			}
		}
		changed := g.apply(change, ids)
		if len(changed) > 0 {
			c.s.emitParticipants(c.inst, g, string(change), changed, c.now)
		}
		return success()
	}
}

// apply changes the members and returns the changed ones in their new role.
func (g *group) apply(change participantChange, ids []wawp.ChatID) []wawp.GroupParticipant {
	changed := []wawp.GroupParticipant{}
	for _, id := range ids {
		i, in := g.member(id)
		switch change {
		case changeAdd:
			if !in {
				p := wawp.GroupParticipant{ID: id, Role: wawp.GroupRoleParticipant}
				g.participants = append(g.participants, p)
				changed = append(changed, p)
			}
		case changeRemove:
			g.participants = slices.Delete(g.participants, i, i+1)
			changed = append(changed, wawp.GroupParticipant{ID: id, Role: wawp.GroupRoleLeft})
		case changePromote, changeDemote:
			role := wawp.GroupRoleAdmin
			if change == changeDemote {
				role = wawp.GroupRoleParticipant
			}
			if g.participants[i].Role != role {
				g.participants[i].Role = role
				changed = append(changed, g.participants[i])
			}
		}
	}
	return changed
}
