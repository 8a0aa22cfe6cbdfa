package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
)

// GroupsService creates, joins, inspects and administers WhatsApp groups:
// their subject, description, picture, invite code, security settings and
// participants.
type GroupsService service

// GroupSortField is a field group lists can be sorted by. It is an open enum.
type GroupSortField string

// Group sort fields the engines document.
const (
	GroupSortByID      GroupSortField = "id"
	GroupSortBySubject GroupSortField = "subject"
)

// ListGroupsParams selects a page of groups. The zero value asks for the
// server's default page.
type ListGroupsParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit  int            `url:"limit,omitempty"`
	Offset int            `url:"offset,omitempty"`
	SortBy GroupSortField `url:"sortBy,omitempty"`
	// SortOrder is "ASC" or "DESC"; upstream engines document "asc" and "desc".
	SortOrder string `url:"sortOrder,omitempty"`
}

// Group is a WhatsApp group. Its shape depends on the server's engine, so
// the fields every engine reports are decoded on a best effort basis and Raw
// keeps the object exactly as sent.
type Group struct {
	ID          ChatID `json:"id"`
	Subject     string `json:"subject"`
	Description string `json:"description,omitempty"`
	// Owner is the creator; empty when the engine does not say.
	Owner     ChatID    `json:"owner,omitempty"`
	CreatedAt Timestamp `json:"creation"`
	// Invite is the invite link, when the engine includes it.
	Invite       string             `json:"invite,omitempty"`
	Participants []GroupParticipant `json:"participants,omitempty"`

	// The settings below are nil when the engine does not report them.

	// Announce is true when only admins may send messages.
	Announce *bool `json:"announce,omitempty"`
	// Restrict is true when only admins may edit the group's info.
	Restrict                   *bool `json:"restrict,omitempty"`
	MembersCanAddNewMember     *bool `json:"membersCanAddNewMember,omitempty"`
	MembersCanSendMessages     *bool `json:"membersCanSendMessages,omitempty"`
	NewMembersApprovalRequired *bool `json:"newMembersApprovalRequired,omitempty"`

	// Raw is the group as the server sent it.
	Raw json.RawMessage `json:"-"`
}

// groupWire is the union of the engines' group shapes: WAHA's GroupInfo,
// the flat metadata of NOWEB, WEBJS chat objects with nested groupMetadata,
// and the PascalCase GroupInfo of GOWS. Field names match case-insensitively,
// so GOWS's Name and Participants land in name and participants.
type groupWire struct {
	ID           json.RawMessage   `json:"id"`
	Subject      string            `json:"subject"`
	Name         string            `json:"name"`
	Description  string            `json:"description"`
	Desc         string            `json:"desc"`
	Owner        json.RawMessage   `json:"owner"`
	Creation     json.RawMessage   `json:"creation"`
	Invite       string            `json:"invite"`
	Participants groupParticipants `json:"participants"`

	Announce                   *bool           `json:"announce"`
	Restrict                   *bool           `json:"restrict"`
	MembersCanAddNewMember     *bool           `json:"membersCanAddNewMember"`
	MembersCanSendMessages     *bool           `json:"membersCanSendMessages"`
	NewMembersApprovalRequired *bool           `json:"newMembersApprovalRequired"`
	MemberAddMode              json.RawMessage `json:"memberAddMode"`
	JoinApprovalMode           *bool           `json:"joinApprovalMode"`
	MembershipApprovalMode     *bool           `json:"membershipApprovalMode"`

	GroupMetadata *groupWire `json:"groupMetadata"`

	// WEBJS answers group creation with {gid, title, participants}.
	GID   json.RawMessage `json:"gid"`
	Title string          `json:"title"`

	JID                    string          `json:"JID"`
	OwnerJID               string          `json:"OwnerJID"`
	Topic                  string          `json:"Topic"`
	GroupCreated           json.RawMessage `json:"GroupCreated"`
	IsAnnounce             *bool           `json:"IsAnnounce"`
	IsLocked               *bool           `json:"IsLocked"`
	IsJoinApprovalRequired *bool           `json:"IsJoinApprovalRequired"`
}

// participantWire is the union of the engines' participant shapes: WAHA's
// {id, pn, role}, NOWEB's {id, admin}, WEBJS's {id{...}, isAdmin,
// isSuperAdmin} and GOWS's {JID, PhoneNumber, IsAdmin, IsSuperAdmin}.
type participantWire struct {
	ID           json.RawMessage `json:"id"`
	JID          string          `json:"JID"`
	PN           json.RawMessage `json:"pn"`
	PhoneNumber  string          `json:"PhoneNumber"`
	Role         GroupRole       `json:"role"`
	Admin        *string         `json:"admin"`
	IsAdmin      bool            `json:"isAdmin"`
	IsSuperAdmin bool            `json:"isSuperAdmin"`
}

// UnmarshalJSON reads any engine's group shape and keeps it in Raw.
func (g *Group) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var w groupWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = w.group()
	if w.GroupMetadata != nil {
		// WEBJS keeps the group's facts in groupMetadata; the chat around it
		// only fills what the metadata lacks.
		outer := *g
		*g = w.GroupMetadata.group()
		g.fillFrom(outer)
	}
	g.Raw = append(json.RawMessage(nil), b...)
	return nil
}

func (w *groupWire) group() Group {
	g := Group{
		ID:                         firstChatID(wireChatID(w.ID), wireChatID(w.GID), wireChatID(jsonString(w.JID))),
		Subject:                    firstString(w.Subject, w.Name, w.Title),
		Description:                firstString(w.Description, w.Desc, w.Topic),
		Owner:                      firstChatID(wireChatID(w.Owner), wireChatID(jsonString(w.OwnerJID))),
		CreatedAt:                  wireTime(w.Creation),
		Invite:                     w.Invite,
		Announce:                   firstBool(w.Announce, w.IsAnnounce, negated(w.MembersCanSendMessages)),
		Restrict:                   firstBool(w.Restrict, w.IsLocked),
		MembersCanAddNewMember:     firstBool(w.MembersCanAddNewMember, memberAddMode(w.MemberAddMode)),
		NewMembersApprovalRequired: firstBool(w.NewMembersApprovalRequired, w.JoinApprovalMode, w.MembershipApprovalMode, w.IsJoinApprovalRequired),
	}
	g.MembersCanSendMessages = firstBool(w.MembersCanSendMessages, negated(g.Announce))
	if g.CreatedAt.IsZero() {
		g.CreatedAt = wireTime(w.GroupCreated)
	}
	if len(w.Participants) > 0 {
		g.Participants = w.Participants
	}
	return g
}

// fillFrom copies the fields g lacks from other.
func (g *Group) fillFrom(other Group) {
	g.ID = firstChatID(g.ID, other.ID)
	g.Subject = firstString(g.Subject, other.Subject)
	g.Description = firstString(g.Description, other.Description)
	g.Owner = firstChatID(g.Owner, other.Owner)
	if g.CreatedAt.IsZero() {
		g.CreatedAt = other.CreatedAt
	}
	g.Invite = firstString(g.Invite, other.Invite)
	if g.Participants == nil {
		g.Participants = other.Participants
	}
	g.Announce = firstBool(g.Announce, other.Announce)
	g.Restrict = firstBool(g.Restrict, other.Restrict)
	g.MembersCanAddNewMember = firstBool(g.MembersCanAddNewMember, other.MembersCanAddNewMember)
	g.MembersCanSendMessages = firstBool(g.MembersCanSendMessages, other.MembersCanSendMessages)
	g.NewMembersApprovalRequired = firstBool(g.NewMembersApprovalRequired, other.NewMembersApprovalRequired)
}

func (p participantWire) participant() GroupParticipant {
	out := GroupParticipant{
		ID:          firstChatID(wireChatID(p.ID), wireChatID(jsonString(p.JID))),
		PhoneNumber: firstChatID(wireChatID(p.PN), wireChatID(jsonString(p.PhoneNumber))),
		Role:        p.role(),
	}
	if out.PhoneNumber == out.ID {
		out.PhoneNumber = ""
	}
	return out
}

// role maps the engines' admin markers to a GroupRole.
func (p participantWire) role() GroupRole {
	switch {
	case p.Role != "":
		return p.Role
	case p.Admin != nil && *p.Admin != "":
		return GroupRole(*p.Admin)
	case p.IsSuperAdmin:
		return GroupRoleSuperAdmin
	case p.IsAdmin:
		return GroupRoleAdmin
	}
	return GroupRoleParticipant
}

// groupParticipants decodes an engine's participant list.
type groupParticipants []GroupParticipant

// UnmarshalJSON accepts an array or an object keyed by participant ID.
func (ps *groupParticipants) UnmarshalJSON(b []byte) error {
	wires, err := decodeEngineList(b, func(w *participantWire, key string) {
		if len(w.ID) == 0 && w.JID == "" {
			w.ID = jsonString(key)
		}
	})
	if err != nil {
		return err
	}
	out := make(groupParticipants, len(wires))
	for i, w := range wires {
		out[i] = w.participant()
	}
	*ps = out
	return nil
}

// groupList decodes a list of groups.
type groupList []Group

// UnmarshalJSON accepts an array or an object keyed by group ID, as engines
// send either, keeping the server's order.
func (gs *groupList) UnmarshalJSON(b []byte) error {
	groups, err := decodeEngineList(b, func(g *Group, key string) {
		if g.ID == "" {
			g.ID = wireChatID(jsonString(key))
		}
	})
	*gs = groups
	return err
}

// decodeEngineList decodes a JSON array, or an object keyed by ID, into its
// elements in document order. keyed gives each element of an object its key,
// to fill an ID the element lacks.
func decodeEngineList[T any](b []byte, keyed func(item *T, key string)) ([]T, error) {
	entries, err := engineList(b)
	if err != nil || entries == nil {
		return nil, err
	}
	out := make([]T, len(entries))
	for i, e := range entries {
		if err := json.Unmarshal(e.raw, &out[i]); err != nil {
			return nil, err
		}
		if e.key != "" {
			keyed(&out[i], e.key)
		}
	}
	return out, nil
}

// keyedRaw is one element of an engine list; key is "" in arrays.
type keyedRaw struct {
	key string
	raw json.RawMessage
}

// engineList splits a JSON array, or an object keyed by ID, into its
// elements in document order. null and an empty body give none.
func engineList(b []byte) ([]keyedRaw, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil, nil
	}
	if b[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, err
		}
		out := make([]keyedRaw, len(list))
		for i, raw := range list {
			out[i] = keyedRaw{raw: raw}
		}
		return out, nil
	}
	if b[0] != '{' {
		return nil, errors.New("wawp: expected a JSON array or object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []keyedRaw
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		out = append(out, keyedRaw{key: key, raw: raw})
	}
	return out, nil
}

// wireChatID reads an ID sent as a string or as an engine object:
// {"_serialized": "123@c.us"} or {"server": "c.us", "user": "123"}.
// Engine-internal user IDs (@s.whatsapp.net) become @c.us.
func wireChatID(raw json.RawMessage) ChatID {
	if id := engineID(raw); id != "" {
		return ChatID(id)
	}
	var obj struct {
		User   string `json:"user"`
		Server string `json:"server"`
	}
	if json.Unmarshal(raw, &obj) != nil || obj.User == "" || obj.Server == "" {
		return ""
	}
	return ChatID(engineID(jsonString(obj.User + "@" + obj.Server)))
}

// jsonString quotes s as a JSON string.
func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// wireTime reads Unix seconds or milliseconds, or an RFC 3339 time as GOWS
// sends it; anything else gives the zero time.
func wireTime(raw json.RawMessage) Timestamp {
	if t := looseTimestamp(raw); !t.IsZero() {
		return t
	}
	if t, err := time.Parse(time.RFC3339Nano, rawString(raw)); err == nil && t.Year() > 1 {
		return Timestamp{Time: t.UTC()}
	}
	return Timestamp{}
}

// memberAddMode reads NOWEB's boolean or the "all_member_add"/"admin_add"
// mode of WEBJS and GOWS.
func memberAddMode(raw json.RawMessage) *bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return &b
	}
	switch rawString(raw) {
	case "all_member_add":
		b = true
		return &b
	case "admin_add":
		return &b
	}
	return nil
}

func firstString(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstChatID(values ...ChatID) ChatID {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstBool(values ...*bool) *bool {
	for _, v := range values {
		if v != nil {
			return v
		}
	}
	return nil
}

func negated(b *bool) *bool {
	if b == nil {
		return nil
	}
	n := !*b
	return &n
}

// participantsBody is the body of group creation and participant changes.
type participantsBody struct {
	Name         string           `json:"name,omitempty"`
	Participants []participantRef `json:"participants"`
}

type participantRef struct {
	ID ChatID `json:"id"`
}

// participantRefs checks the participants and turns bare phone numbers into
// @c.us chat IDs. Only people (@c.us, @lid) can be participants.
func participantRefs(participants []ChatID) ([]participantRef, error) {
	if len(participants) == 0 {
		return nil, &ValidationError{Field: "participants", Reason: "must name at least one participant"}
	}
	refs := make([]participantRef, len(participants))
	for i, p := range participants {
		id, err := participantID(p)
		if err != nil {
			return nil, &ValidationError{
				Field:  fmt.Sprintf("participants[%d].id", i),
				Reason: fmt.Sprintf("%q is not a phone number or a @c.us or @lid chat ID", string(p)),
			}
		}
		refs[i] = participantRef{ID: id}
	}
	return refs, nil
}

func participantID(p ChatID) (ChatID, error) {
	s := strings.TrimSpace(string(p))
	if !strings.Contains(s, "@") {
		return UserChatID(s)
	}
	id, err := ParseChatID(s)
	if err != nil {
		return "", err
	}
	if !id.IsUser() && !id.IsLID() {
		return "", errors.New("not a person")
	}
	return id, nil
}

// List returns a page of the groups the session is in. params may be nil.
// Engines answer with an array or with an object keyed by group ID; both
// decode, in the server's order.
//
// Wawp API: GET /groups
func (s *GroupsService) List(ctx context.Context, params *ListGroupsParams) ([]Group, error) {
	var p ListGroupsParams
	if params != nil {
		p = *params
	}
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "groups", p, nil)
	if err != nil {
		return nil, err
	}
	var out groupList
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListIter yields every group from params.Offset on, fetching pages of
// params.Limit groups (100 when 0) lazily until a short page. params may be
// nil and is never modified.
func (s *GroupsService) ListIter(ctx context.Context, params *ListGroupsParams) iter.Seq2[Group, error] {
	var p ListGroupsParams
	if params != nil {
		p = *params
	}
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Group, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.List(ctx, &page)
	})
}

// Create makes a group named name with the given participants, given as
// chat IDs or bare phone numbers (which become @c.us IDs), and returns it.
//
// Wawp API: POST /groups
func (s *GroupsService) Create(ctx context.Context, name string, participants ...ChatID) (*Group, error) {
	if strings.TrimSpace(name) == "" {
		return nil, &ValidationError{Field: "name", Reason: "is required"}
	}
	refs, err := participantRefs(participants)
	if err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "groups", nil, participantsBody{Name: name, Participants: refs})
	if err != nil {
		return nil, err
	}
	var out Group
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GroupJoinInfo describes the group an invite leads to, before joining it.
// Its shape depends on the engine; Raw keeps it as sent.
type GroupJoinInfo struct {
	ID          ChatID
	Subject     string
	Description string
	// Size is the number of participants, when the engine reports it.
	Size int
	Raw  json.RawMessage
}

// UnmarshalJSON reads the group fields any engine reports and keeps Raw.
func (j *GroupJoinInfo) UnmarshalJSON(b []byte) error {
	var g Group
	if err := g.UnmarshalJSON(b); err != nil {
		return err
	}
	var size struct {
		Size json.RawMessage `json:"size"`
	}
	_ = json.Unmarshal(b, &size)
	*j = GroupJoinInfo{ID: g.ID, Subject: g.Subject, Description: g.Description, Size: rawInt(size.Size), Raw: g.Raw}
	return nil
}

type inviteCodeQuery struct {
	Code string `url:"code"`
}

type inviteCodeBody struct {
	Code string `json:"code"`
}

// JoinInfo describes the group behind an invite code or a
// https://chat.whatsapp.com/... link without joining it.
//
// Wawp API: GET /groups/join-info
func (s *GroupsService) JoinInfo(ctx context.Context, code string) (*GroupJoinInfo, error) {
	if strings.TrimSpace(code) == "" {
		return nil, &ValidationError{Field: "code", Reason: "is required"}
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "groups/join-info", inviteCodeQuery{Code: code}, nil)
	if err != nil {
		return nil, err
	}
	var out GroupJoinInfo
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Join joins the group behind an invite code or a https://chat.whatsapp.com/...
// link and returns the group's ID.
//
// Wawp API: POST /groups/join
func (s *GroupsService) Join(ctx context.Context, code string) (ChatID, error) {
	if strings.TrimSpace(code) == "" {
		return "", &ValidationError{Field: "code", Reason: "is required"}
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "groups/join", nil, inviteCodeBody{Code: code})
	if err != nil {
		return "", err
	}
	var out struct {
		ID json.RawMessage `json:"id"`
	}
	if err := s.client.do(req, &out); err != nil {
		return "", err
	}
	return wireChatID(out.ID), nil
}

// Count returns the number of groups the session is in.
//
// Wawp API: GET /groups/count
func (s *GroupsService) Count(ctx context.Context) (int, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "groups/count", nil, nil)
	if err != nil {
		return 0, err
	}
	var raw json.RawMessage
	if err := s.client.do(req, &raw); err != nil {
		return 0, err
	}
	// The documented answer is {"count": n}; a bare number is accepted too.
	var obj struct {
		Count int `json:"count"`
	}
	if err := json.Unmarshal(raw, &obj); err == nil {
		return obj.Count, nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, s.shapeError(req, raw, err)
	}
	return n, nil
}

// Refresh makes the server reload the session's groups from WhatsApp.
//
// Wawp API: POST /groups/refresh
func (s *GroupsService) Refresh(ctx context.Context) error {
	return s.repeatable(ctx, "groups/refresh")
}

// Get returns the group.
//
// Wawp API: GET /groups/{id}
func (s *GroupsService) Get(ctx context.Context, id ChatID) (*Group, error) {
	if err := required("id", string(id)); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("groups/%s", string(id)), nil, nil)
	if err != nil {
		return nil, err
	}
	var out Group
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes the group.
//
// Wawp API: DELETE /groups/{id}
func (s *GroupsService) Delete(ctx context.Context, id ChatID) error {
	return s.groupCall(ctx, http.MethodDelete, id, "", nil, nil)
}

// Leave leaves the group. Leaving twice changes nothing, so it retries like
// a read.
//
// Wawp API: POST /groups/{id}/leave
func (s *GroupsService) Leave(ctx context.Context, id ChatID) error {
	if err := required("id", string(id)); err != nil {
		return err
	}
	return s.repeatable(ctx, pathf("groups/%s/leave", string(id)))
}

// Picture returns the URL of the group's picture, or "" when it has none.
// refresh bypasses the server's picture cache.
//
// Wawp API: GET /groups/{id}/picture
func (s *GroupsService) Picture(ctx context.Context, id ChatID, refresh bool) (string, error) {
	if err := required("id", string(id)); err != nil {
		return "", err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("groups/%s/picture", string(id)), refreshQuery{Refresh: refresh}, nil)
	if err != nil {
		return "", err
	}
	// A null url, or a null body, decodes as "".
	var out struct {
		URL string `json:"url"`
	}
	if err := s.client.do(req, &out); err != nil {
		return "", err
	}
	return out.URL, nil
}

// SetPicture sets the group's picture from a remote image file.
//
// Wawp API: PUT /groups/{id}/picture
func (s *GroupsService) SetPicture(ctx context.Context, id ChatID, file File) error {
	if err := required("id", string(id)); err != nil {
		return err
	}
	f, err := file.prepare("file")
	if err != nil {
		return err
	}
	body := struct {
		File File `json:"file"`
	}{f}
	return s.groupCall(ctx, http.MethodPut, id, "/picture", nil, body)
}

// DeletePicture removes the group's picture.
//
// Wawp API: DELETE /groups/{id}/picture
func (s *GroupsService) DeletePicture(ctx context.Context, id ChatID) error {
	return s.groupCall(ctx, http.MethodDelete, id, "/picture", nil, nil)
}

// SetDescription replaces the group's description; "" clears it.
//
// Wawp API: PUT /groups/{id}/description
func (s *GroupsService) SetDescription(ctx context.Context, id ChatID, description string) error {
	body := struct {
		Description string `json:"description"`
	}{description}
	return s.groupCall(ctx, http.MethodPut, id, "/description", nil, body)
}

// SetSubject renames the group.
//
// Wawp API: PUT /groups/{id}/subject
func (s *GroupsService) SetSubject(ctx context.Context, id ChatID, subject string) error {
	if strings.TrimSpace(subject) == "" {
		return &ValidationError{Field: "subject", Reason: "is required"}
	}
	body := struct {
		Subject string `json:"subject"`
	}{subject}
	return s.groupCall(ctx, http.MethodPut, id, "/subject", nil, body)
}

// Paths of the two security settings.
const (
	infoAdminOnlyPath     = "/settings/security/info-admin-only"
	messagesAdminOnlyPath = "/settings/security/messages-admin-only"
)

// adminsOnlyQuery sends adminsOnly=false too: false is a setting, not a default.
type adminsOnlyQuery struct {
	AdminsOnly bool `url:"adminsOnly"`
}

// InfoAdminOnly reports whether only admins may edit the group's info.
//
// Wawp API: GET /groups/{id}/settings/security/info-admin-only
func (s *GroupsService) InfoAdminOnly(ctx context.Context, id ChatID) (bool, error) {
	return s.adminsOnly(ctx, id, infoAdminOnlyPath)
}

// SetInfoAdminOnly sets whether only admins may edit the group's info.
//
// Wawp API: PUT /groups/{id}/settings/security/info-admin-only
func (s *GroupsService) SetInfoAdminOnly(ctx context.Context, id ChatID, adminsOnly bool) error {
	return s.groupCall(ctx, http.MethodPut, id, infoAdminOnlyPath, adminsOnlyQuery{adminsOnly}, nil)
}

// MessagesAdminOnly reports whether only admins may send messages.
//
// Wawp API: GET /groups/{id}/settings/security/messages-admin-only
func (s *GroupsService) MessagesAdminOnly(ctx context.Context, id ChatID) (bool, error) {
	return s.adminsOnly(ctx, id, messagesAdminOnlyPath)
}

// SetMessagesAdminOnly sets whether only admins may send messages.
//
// Wawp API: PUT /groups/{id}/settings/security/messages-admin-only
func (s *GroupsService) SetMessagesAdminOnly(ctx context.Context, id ChatID, adminsOnly bool) error {
	return s.groupCall(ctx, http.MethodPut, id, messagesAdminOnlyPath, adminsOnlyQuery{adminsOnly}, nil)
}

func (s *GroupsService) adminsOnly(ctx context.Context, id ChatID, setting string) (bool, error) {
	if err := required("id", string(id)); err != nil {
		return false, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("groups/%s", string(id))+setting, nil, nil)
	if err != nil {
		return false, err
	}
	var out struct {
		AdminsOnly bool `json:"adminsOnly"`
	}
	if err := s.client.do(req, &out); err != nil {
		return false, err
	}
	return out.AdminsOnly, nil
}

// InviteCode returns the group's invite code, or the invite link on engines
// that answer with one.
//
// Wawp API: GET /groups/{id}/invite-code
func (s *GroupsService) InviteCode(ctx context.Context, id ChatID) (string, error) {
	return s.inviteCode(ctx, http.MethodGet, id, "/invite-code")
}

// RevokeInviteCode invalidates the group's invite code and returns the new
// one. A repeated revoke only makes yet another valid code, so it retries
// like a read.
//
// Wawp API: POST /groups/{id}/invite-code/revoke
func (s *GroupsService) RevokeInviteCode(ctx context.Context, id ChatID) (string, error) {
	return s.inviteCode(ctx, http.MethodPost, id, "/invite-code/revoke")
}

func (s *GroupsService) inviteCode(ctx context.Context, method string, id ChatID, action string) (string, error) {
	if err := required("id", string(id)); err != nil {
		return "", err
	}
	req, err := s.client.newLegacyRequest(ctx, method, pathf("groups/%s", string(id))+action, nil, nil)
	if err != nil {
		return "", err
	}
	req.legacy.idempotent = true
	var raw json.RawMessage
	if err := s.client.do(req, &raw); err != nil {
		return "", err
	}
	if code := rawString(raw); code != "" {
		return code, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		// The fields an object answer may hold the code in, most specific first.
		for _, key := range []string{"code", "inviteCode", "invite", "inviteLink", "link", "url"} {
			if code := rawString(obj[key]); code != "" {
				return code, nil
			}
		}
	}
	return "", s.shapeError(req, raw, errors.New("no invite code in the answer"))
}

// Participants returns the group's members with their roles.
//
// Wawp API: GET /groups/{id}/participants
func (s *GroupsService) Participants(ctx context.Context, id ChatID) ([]GroupParticipant, error) {
	if err := required("id", string(id)); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("groups/%s/participants", string(id)), nil, nil)
	if err != nil {
		return nil, err
	}
	var out groupParticipants
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AddParticipants adds people to the group, given as chat IDs or bare phone
// numbers (which become @c.us IDs).
//
// Wawp API: POST /groups/{id}/participants/add
func (s *GroupsService) AddParticipants(ctx context.Context, id ChatID, participants ...ChatID) error {
	return s.changeParticipants(ctx, id, "/participants/add", participants)
}

// RemoveParticipants removes people from the group, given as chat IDs or
// bare phone numbers.
//
// Wawp API: POST /groups/{id}/participants/remove
func (s *GroupsService) RemoveParticipants(ctx context.Context, id ChatID, participants ...ChatID) error {
	return s.changeParticipants(ctx, id, "/participants/remove", participants)
}

// PromoteParticipants makes participants admins, given as chat IDs or bare
// phone numbers.
//
// Wawp API: POST /groups/{id}/admin/promote
func (s *GroupsService) PromoteParticipants(ctx context.Context, id ChatID, participants ...ChatID) error {
	return s.changeParticipants(ctx, id, "/admin/promote", participants)
}

// DemoteParticipants makes admins regular participants, given as chat IDs
// or bare phone numbers.
//
// Wawp API: POST /groups/{id}/admin/demote
func (s *GroupsService) DemoteParticipants(ctx context.Context, id ChatID, participants ...ChatID) error {
	return s.changeParticipants(ctx, id, "/admin/demote", participants)
}

// changeParticipants sends a participant change. It stays a send: other
// members see each change, so it is never repeated after an ambiguous failure.
func (s *GroupsService) changeParticipants(ctx context.Context, id ChatID, action string, participants []ChatID) error {
	if err := required("id", string(id)); err != nil {
		return err
	}
	refs, err := participantRefs(participants)
	if err != nil {
		return err
	}
	return s.groupCall(ctx, http.MethodPost, id, action, nil, participantsBody{Participants: refs})
}

// groupCall sends a request about one group whose answer carries nothing
// the caller needs. action is appended to groups/{id}.
func (s *GroupsService) groupCall(ctx context.Context, method string, id ChatID, action string, params, body any) error {
	if err := required("id", string(id)); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, method, pathf("groups/%s", string(id))+action, params, body)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}

// repeatable sends a POST that is safe to repeat, so it retries like a read.
func (s *GroupsService) repeatable(ctx context.Context, path string) error {
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, path, nil, nil)
	if err != nil {
		return err
	}
	req.legacy.idempotent = true
	return s.client.do(req, nil)
}

// shapeError reports a 2xx answer whose shape the SDK cannot read.
func (s *GroupsService) shapeError(req *request, body []byte, err error) error {
	snippet := snippetOf([]byte(s.client.redact(string(body))))
	return &DecodeError{Method: req.ep.method, Path: "/" + req.path, Snippet: snippet, Err: err}
}
