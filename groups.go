package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
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

// GroupListExclude names a part of each group that List can leave out. It
// is an open enum.
type GroupListExclude string

// Parts of a group List can leave out.
const (
	// GroupExcludeParticipants leaves out the participant lists, which
	// makes long lists much lighter.
	GroupExcludeParticipants GroupListExclude = "participants"
)

// String returns the part's name.
func (e GroupListExclude) String() string { return string(e) }

// IsKnown reports whether e is one of the documented parts.
func (e GroupListExclude) IsKnown() bool { return e == GroupExcludeParticipants }

// String returns the field name.
func (f GroupSortField) String() string { return string(f) }

// IsKnown reports whether f is one of the documented sort fields.
func (f GroupSortField) IsKnown() bool { return f == GroupSortByID || f == GroupSortBySubject }

// GroupListParams selects a page of groups. nil or the zero value asks for
// the server's default page.
type GroupListParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit  int            `url:"limit,omitempty"`
	Offset int            `url:"offset,omitempty"`
	SortBy GroupSortField `url:"sortBy,omitempty"`
	// SortOrder is "ASC" or "DESC"; upstream engines document "asc" and "desc".
	SortOrder SortOrder `url:"sortOrder,omitempty"`
	// Exclude leaves parts out of each group; each goes as one exclude
	// parameter.
	Exclude []GroupListExclude `url:"exclude,omitempty"`
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

// checkGroupID checks a group ID parameter before any I/O.
func checkGroupID(groupID ChatID) error {
	if err := checkChatID("id", groupID); err != nil {
		return err
	}
	if !groupID.IsGroup() {
		return &ValidationError{Field: "id", Reason: "must be a group chat ID (@g.us)"}
	}
	return nil
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
		field := fmt.Sprintf("participants[%d].id", i)
		if err := checkChatID(field, p); err != nil {
			return nil, err
		}
		id, _ := ParseChatID(string(p))
		if !id.IsUser() && !id.IsLID() {
			return nil, &ValidationError{Field: field, Reason: "must be a person: a phone number or a @c.us or @lid chat ID"}
		}
		refs[i] = participantRef{ID: id}
	}
	return refs, nil
}

// List returns a page of the groups the session is in. params may be nil.
// Engines answer with an array or with an object keyed by group ID; both
// decode, in the server's order.
//
// Wawp API: GET /groups
func (s *GroupsService) List(ctx context.Context, params *GroupListParams) ([]Group, error) {
	var p GroupListParams
	if params != nil {
		p = *params
	}
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/groups"}, class: classRead}
	return call[groupList](ctx, s.client, ep, input{query: p})
}

// ListIter yields every group from params.Offset on, fetching pages of
// params.Limit groups (100 when 0) lazily until a short page. params may be
// nil and is never modified.
func (s *GroupsService) ListIter(ctx context.Context, params *GroupListParams) iter.Seq2[Group, error] {
	var p GroupListParams
	if params != nil {
		p = *params
	}
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Group, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.List(ctx, &page)
	})
}

// GroupCreateParams describes a new group. Both fields are required.
type GroupCreateParams struct {
	// Subject is the group's name, as Group.Subject and SetSubject call it
	// ("name" on the wire).
	Subject string
	// Participants are the first members, as chat IDs (@c.us, @lid) or bare
	// phone numbers, which become @c.us IDs.
	Participants []ChatID
}

// Create makes a group and returns it. A repeated create would make a
// second group, so it is never repeated after an ambiguous failure.
//
// Wawp API: POST /groups
func (s *GroupsService) Create(ctx context.Context, params GroupCreateParams) (*Group, error) {
	if err := required("name", params.Subject); err != nil {
		return nil, err
	}
	refs, err := participantRefs(params.Participants)
	if err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/groups"}, class: classWrite}
	return callRef[Group](ctx, s.client, ep, input{body: participantsBody{Name: params.Subject, Participants: refs}})
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
	if err := required("code", code); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/groups/join-info"}, class: classRead}
	return callRef[GroupJoinInfo](ctx, s.client, ep, input{query: inviteCodeQuery{Code: code}})
}

// Join joins the group behind an invite code or a https://chat.whatsapp.com/...
// link and returns the group's ID. Joining a group the session is in
// changes nothing, so it is repeated like a read.
//
// Wawp API: POST /groups/join
func (s *GroupsService) Join(ctx context.Context, code string) (ChatID, error) {
	if err := required("code", code); err != nil {
		return "", err
	}
	ep := endpoint{route: route{http.MethodPost, "/groups/join"}, class: classIdempotentWrite}
	out, err := call[struct {
		ID json.RawMessage `json:"id"`
	}](ctx, s.client, ep, input{body: inviteCodeBody{Code: code}})
	if err != nil {
		return "", err
	}
	return wireChatID(out.ID), nil
}

// groupCount is the count answer: {"count": n} as documented, or a bare
// number.
type groupCount int

// UnmarshalJSON accepts both forms.
func (n *groupCount) UnmarshalJSON(b []byte) error {
	var obj struct {
		Count int `json:"count"`
	}
	if err := json.Unmarshal(b, &obj); err == nil {
		*n = groupCount(obj.Count)
		return nil
	}
	var bare int
	if err := json.Unmarshal(b, &bare); err != nil {
		return errors.New("the count is neither {\"count\": n} nor a number")
	}
	*n = groupCount(bare)
	return nil
}

// Count returns the number of groups the session is in.
//
// Wawp API: GET /groups/count
func (s *GroupsService) Count(ctx context.Context) (int, error) {
	ep := endpoint{route: route{http.MethodGet, "/groups/count"}, class: classRead}
	n, err := call[groupCount](ctx, s.client, ep, input{})
	return int(n), err
}

// Refresh makes the server reload the session's groups from WhatsApp.
//
// Wawp API: POST /groups/refresh
func (s *GroupsService) Refresh(ctx context.Context) error {
	ep := endpoint{route: route{http.MethodPost, "/groups/refresh"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{})
}

// Get returns the group.
//
// Wawp API: GET /groups/{id}
func (s *GroupsService) Get(ctx context.Context, groupID ChatID) (*Group, error) {
	if err := checkGroupID(groupID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/groups/{id}"}, class: classRead}
	return callRef[Group](ctx, s.client, ep, input{path: []string{string(groupID)}})
}

// Delete deletes the group.
//
// Wawp API: DELETE /groups/{id}
func (s *GroupsService) Delete(ctx context.Context, groupID ChatID) error {
	ep := endpoint{route: route{http.MethodDelete, "/groups/{id}"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{})
}

// Leave leaves the group. Leaving twice changes nothing, so it is repeated
// like a read.
//
// Wawp API: POST /groups/{id}/leave
func (s *GroupsService) Leave(ctx context.Context, groupID ChatID) error {
	ep := endpoint{route: route{http.MethodPost, "/groups/{id}/leave"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{})
}

// GroupPictureParams chooses how Picture reads a group's picture. nil or the
// zero value reads the server's cached copy.
type GroupPictureParams struct {
	// Refresh bypasses the server's picture cache (24 hours by default);
	// refreshing often can hit WhatsApp's rate limits.
	Refresh bool `url:"refresh,omitempty"`
}

// Picture returns the URL of the group's picture, or "" when it has none.
// params may be nil.
//
// Wawp API: GET /groups/{id}/picture
func (s *GroupsService) Picture(ctx context.Context, groupID ChatID, params *GroupPictureParams) (string, error) {
	if err := checkGroupID(groupID); err != nil {
		return "", err
	}
	var p GroupPictureParams
	if params != nil {
		p = *params
	}
	ep := endpoint{route: route{http.MethodGet, "/groups/{id}/picture"}, class: classRead}
	// A null url, or a null body, decodes as "".
	out, err := call[struct {
		URL string `json:"url"`
	}](ctx, s.client, ep, input{path: []string{string(groupID)}, query: p})
	return out.URL, err
}

// SetPicture sets the group's picture from a remote image file.
//
// Wawp API: PUT /groups/{id}/picture
func (s *GroupsService) SetPicture(ctx context.Context, groupID ChatID, file File) error {
	if err := checkGroupID(groupID); err != nil {
		return err
	}
	f, err := file.prepare("file")
	if err != nil {
		return err
	}
	body := struct {
		File File `json:"file"`
	}{f}
	ep := endpoint{route: route{http.MethodPut, "/groups/{id}/picture"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{body: body})
}

// DeletePicture removes the group's picture.
//
// Wawp API: DELETE /groups/{id}/picture
func (s *GroupsService) DeletePicture(ctx context.Context, groupID ChatID) error {
	ep := endpoint{route: route{http.MethodDelete, "/groups/{id}/picture"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{})
}

// GroupSetDescriptionParams holds the new description.
type GroupSetDescriptionParams struct {
	// Description replaces the group's description; "" clears it.
	Description string `json:"description"`
}

// SetDescription replaces the group's description.
//
// Wawp API: PUT /groups/{id}/description
func (s *GroupsService) SetDescription(ctx context.Context, groupID ChatID, params GroupSetDescriptionParams) error {
	ep := endpoint{route: route{http.MethodPut, "/groups/{id}/description"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{body: params})
}

// GroupSetSubjectParams holds the new subject.
type GroupSetSubjectParams struct {
	// Subject is the group's new name; required.
	Subject string `json:"subject"`
}

// SetSubject renames the group.
//
// Wawp API: PUT /groups/{id}/subject
func (s *GroupsService) SetSubject(ctx context.Context, groupID ChatID, params GroupSetSubjectParams) error {
	if err := checkGroupID(groupID); err != nil {
		return err
	}
	if err := required("subject", params.Subject); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPut, "/groups/{id}/subject"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{body: params})
}

// GroupAdminsOnlyParams sets one of the group's two security settings; the
// same type serves SetInfoAdminOnly and SetMessagesAdminOnly.
type GroupAdminsOnlyParams struct {
	// AdminsOnly is always sent, false included: false is a setting, not a
	// default.
	AdminsOnly bool `url:"adminsOnly"`
}

// adminsOnlyAnswer is the answer of the two security setting reads.
type adminsOnlyAnswer struct {
	AdminsOnly bool `json:"adminsOnly"`
}

// InfoAdminOnly reports whether only admins may edit the group's info.
//
// Wawp API: GET /groups/{id}/settings/security/info-admin-only
func (s *GroupsService) InfoAdminOnly(ctx context.Context, groupID ChatID) (bool, error) {
	ep := endpoint{route: route{http.MethodGet, "/groups/{id}/settings/security/info-admin-only"}, class: classRead}
	return s.adminsOnly(ctx, ep, groupID)
}

// SetInfoAdminOnly sets whether only admins may edit the group's info.
//
// Wawp API: PUT /groups/{id}/settings/security/info-admin-only
func (s *GroupsService) SetInfoAdminOnly(ctx context.Context, groupID ChatID, params GroupAdminsOnlyParams) error {
	ep := endpoint{route: route{http.MethodPut, "/groups/{id}/settings/security/info-admin-only"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{query: params})
}

// MessagesAdminOnly reports whether only admins may send messages.
//
// Wawp API: GET /groups/{id}/settings/security/messages-admin-only
func (s *GroupsService) MessagesAdminOnly(ctx context.Context, groupID ChatID) (bool, error) {
	ep := endpoint{route: route{http.MethodGet, "/groups/{id}/settings/security/messages-admin-only"}, class: classRead}
	return s.adminsOnly(ctx, ep, groupID)
}

// SetMessagesAdminOnly sets whether only admins may send messages.
//
// Wawp API: PUT /groups/{id}/settings/security/messages-admin-only
func (s *GroupsService) SetMessagesAdminOnly(ctx context.Context, groupID ChatID, params GroupAdminsOnlyParams) error {
	ep := endpoint{route: route{http.MethodPut, "/groups/{id}/settings/security/messages-admin-only"}, class: classIdempotentWrite}
	return s.groupCall(ctx, ep, groupID, input{query: params})
}

func (s *GroupsService) adminsOnly(ctx context.Context, ep endpoint, groupID ChatID) (bool, error) {
	if err := checkGroupID(groupID); err != nil {
		return false, err
	}
	out, err := call[adminsOnlyAnswer](ctx, s.client, ep, input{path: []string{string(groupID)}})
	return out.AdminsOnly, err
}

// inviteCode is an invite code answer: a JSON string, or an object holding
// the code under one of the names engines use.
type inviteCode string

// UnmarshalJSON accepts both forms and fails when there is no code.
func (c *inviteCode) UnmarshalJSON(b []byte) error {
	if code := rawString(b); code != "" {
		*c = inviteCode(code)
		return nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) == nil {
		// The fields an object answer may hold the code in, most specific first.
		for _, key := range []string{"code", "inviteCode", "invite", "inviteLink", "link", "url"} {
			if code := rawString(obj[key]); code != "" {
				*c = inviteCode(code)
				return nil
			}
		}
	}
	return errors.New("no invite code in the answer")
}

// InviteCode returns the group's invite code, or the invite link on engines
// that answer with one.
//
// Wawp API: GET /groups/{id}/invite-code
func (s *GroupsService) InviteCode(ctx context.Context, groupID ChatID) (string, error) {
	ep := endpoint{route: route{http.MethodGet, "/groups/{id}/invite-code"}, class: classRead}
	return s.inviteCode(ctx, ep, groupID)
}

// RevokeInviteCode invalidates the group's invite code and returns the new
// one. A repeated revoke only makes yet another valid code, so it is
// repeated like a read.
//
// Wawp API: POST /groups/{id}/invite-code/revoke
func (s *GroupsService) RevokeInviteCode(ctx context.Context, groupID ChatID) (string, error) {
	ep := endpoint{route: route{http.MethodPost, "/groups/{id}/invite-code/revoke"}, class: classIdempotentWrite}
	return s.inviteCode(ctx, ep, groupID)
}

func (s *GroupsService) inviteCode(ctx context.Context, ep endpoint, groupID ChatID) (string, error) {
	if err := checkGroupID(groupID); err != nil {
		return "", err
	}
	code, err := call[inviteCode](ctx, s.client, ep, input{path: []string{string(groupID)}})
	return string(code), err
}

// Participants returns the group's members with their roles.
//
// Wawp API: GET /groups/{id}/participants
func (s *GroupsService) Participants(ctx context.Context, groupID ChatID) ([]GroupParticipant, error) {
	if err := checkGroupID(groupID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/groups/{id}/participants"}, class: classRead}
	return call[groupParticipants](ctx, s.client, ep, input{path: []string{string(groupID)}})
}

// GroupParticipantsParams names the people a participant change applies
// to; the same type serves AddParticipants, RemoveParticipants,
// PromoteParticipants and DemoteParticipants.
type GroupParticipantsParams struct {
	// Participants is required: chat IDs (@c.us, @lid) or bare phone
	// numbers, which become @c.us IDs.
	Participants []ChatID
}

// AddParticipants adds people to the group. WhatsApp may send an invite
// message to those it cannot add directly, so an add is never repeated
// after an ambiguous failure.
//
// Wawp API: POST /groups/{id}/participants/add
func (s *GroupsService) AddParticipants(ctx context.Context, groupID ChatID, params GroupParticipantsParams) error {
	ep := endpoint{route: route{http.MethodPost, "/groups/{id}/participants/add"}, class: classWrite}
	return s.changeParticipants(ctx, ep, groupID, params)
}

// RemoveParticipants removes people from the group. Removing someone who
// is gone changes nothing, so it is repeated like a read.
//
// Wawp API: POST /groups/{id}/participants/remove
func (s *GroupsService) RemoveParticipants(ctx context.Context, groupID ChatID, params GroupParticipantsParams) error {
	ep := endpoint{route: route{http.MethodPost, "/groups/{id}/participants/remove"}, class: classIdempotentWrite}
	return s.changeParticipants(ctx, ep, groupID, params)
}

// PromoteParticipants makes participants admins.
//
// Wawp API: POST /groups/{id}/admin/promote
func (s *GroupsService) PromoteParticipants(ctx context.Context, groupID ChatID, params GroupParticipantsParams) error {
	ep := endpoint{route: route{http.MethodPost, "/groups/{id}/admin/promote"}, class: classIdempotentWrite}
	return s.changeParticipants(ctx, ep, groupID, params)
}

// DemoteParticipants makes admins regular participants.
//
// Wawp API: POST /groups/{id}/admin/demote
func (s *GroupsService) DemoteParticipants(ctx context.Context, groupID ChatID, params GroupParticipantsParams) error {
	ep := endpoint{route: route{http.MethodPost, "/groups/{id}/admin/demote"}, class: classIdempotentWrite}
	return s.changeParticipants(ctx, ep, groupID, params)
}

func (s *GroupsService) changeParticipants(ctx context.Context, ep endpoint, groupID ChatID, params GroupParticipantsParams) error {
	if err := checkGroupID(groupID); err != nil {
		return err
	}
	refs, err := participantRefs(params.Participants)
	if err != nil {
		return err
	}
	return s.groupCall(ctx, ep, groupID, input{body: participantsBody{Participants: refs}})
}

// groupCall checks the group ID and sends a call about that group whose
// answer carries nothing the caller needs.
func (s *GroupsService) groupCall(ctx context.Context, ep endpoint, groupID ChatID, in input) error {
	if err := checkGroupID(groupID); err != nil {
		return err
	}
	in.path = []string{string(groupID)}
	return s.client.exec(ctx, ep, in)
}
