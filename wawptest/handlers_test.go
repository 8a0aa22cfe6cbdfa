package wawptest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

func TestGroups(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)

	var g groupInfoJSON
	a.ok(http.MethodPost, "/groups", nil, `{"name":"Project","participants":[{"id":"447441429010"},{"id":"447441429011@c.us"},{"id":"447441429010"}]}`).decode(t, &g)
	assert.Regexp(t, `^120363\d{12}@g\.us$`, g.ID)
	assert.Equal(t, "Project", g.Subject)
	assert.Regexp(t, `^https://chat\.whatsapp\.com/[A-Za-z0-9]{22}$`, g.Invite)
	assert.Equal(t, []wawp.GroupParticipant{
		{ID: DefaultMeID, Role: wawp.GroupRoleSuperAdmin},
		{ID: "447441429010@c.us", Role: wawp.GroupRoleParticipant},
		{ID: "447441429011@c.us", Role: wawp.GroupRoleParticipant},
	}, g.Participants, "bare numbers become @c.us, duplicates are dropped")
	var join struct {
		Group groupInfoJSON `json:"group"`
	}
	payloadOf(t, lastEvent(t, srv, "group.v2.join"), &join)
	assert.Equal(t, g, join.Group)

	base := "/groups/" + esc(string(g.ID))
	a.ok(http.MethodPost, base+"/participants/add", nil, `{"participants":[{"id":"447441429012"}]}`)
	a.ok(http.MethodPost, base+"/admin/promote", nil, `{"participants":[{"id":"447441429012@c.us"}]}`)
	a.ok(http.MethodPost, base+"/participants/remove", nil, `{"participants":[{"id":"447441429010"}]}`)
	a.ok(http.MethodPost, base+"/admin/demote", nil, `{"participants":[{"id":"447441429012"}]}`)
	r := a.do(http.MethodPost, base+"/participants/remove", nil, `{"participants":[{"id":"447441429099"}]}`)
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code, "not a member")
	r = a.do(http.MethodPost, base+"/participants/add", vals("participants", "447441429013"), "")
	assert.Equal(t, "rest_missing_callback_param", r.wpError(t).Code, "participants go in the JSON body")

	type change struct {
		Type         string                  `json:"type"`
		Participants []wawp.GroupParticipant `json:"participants"`
	}
	var changes []change
	for _, e := range srv.Events() {
		if e.Name == "group.v2.participants" {
			var c change
			payloadOf(t, e, &c)
			changes = append(changes, c)
		}
	}
	assert.Equal(t, []change{
		{"join", []wawp.GroupParticipant{{ID: "447441429012@c.us", Role: wawp.GroupRoleParticipant}}},
		{"promote", []wawp.GroupParticipant{{ID: "447441429012@c.us", Role: wawp.GroupRoleAdmin}}},
		{"leave", []wawp.GroupParticipant{{ID: "447441429010@c.us", Role: wawp.GroupRoleLeft}}},
		{"demote", []wawp.GroupParticipant{{ID: "447441429012@c.us", Role: wawp.GroupRoleParticipant}}},
	}, changes)
	var participants []wawp.GroupParticipant
	a.ok(http.MethodGet, base+"/participants", nil, "").decode(t, &participants)
	assert.Equal(t, []wawp.GroupParticipant{
		{ID: DefaultMeID, Role: wawp.GroupRoleSuperAdmin},
		{ID: "447441429011@c.us", Role: wawp.GroupRoleParticipant},
		{ID: "447441429012@c.us", Role: wawp.GroupRoleParticipant},
	}, participants)

	a.ok(http.MethodPut, base+"/subject", nil, `{"subject":"Project Alpha"}`)
	var update struct {
		Group map[string]any `json:"group"`
	}
	payloadOf(t, lastEvent(t, srv, "group.v2.update"), &update)
	assert.Equal(t, map[string]any{"id": string(g.ID), "subject": "Project Alpha"}, update.Group)
	a.ok(http.MethodPut, base+"/settings/security/messages-admin-only", vals("adminsOnly", "true"), "")
	var settingUpdate struct {
		Group map[string]any `json:"group"`
	}
	payloadOf(t, lastEvent(t, srv, "group.v2.update"), &settingUpdate)
	assert.Equal(t, map[string]any{"id": string(g.ID), "membersCanSendMessages": false}, settingUpdate.Group)
	var setting map[string]bool
	a.ok(http.MethodGet, base+"/settings/security/messages-admin-only", nil, "").decode(t, &setting)
	assert.Equal(t, map[string]bool{"adminsOnly": true}, setting)
	a.ok(http.MethodGet, base+"/settings/security/info-admin-only", nil, "").decode(t, &setting)
	assert.Equal(t, map[string]bool{"adminsOnly": false}, setting)

	var code, revoked string
	a.ok(http.MethodGet, base+"/invite-code", nil, "").decode(t, &code)
	assert.Equal(t, g.Invite, code)
	a.ok(http.MethodPost, base+"/invite-code/revoke", nil, "").decode(t, &revoked)
	assert.NotEqual(t, code, revoked)
	r = a.do(http.MethodGet, "/groups/join-info", vals("code", code), "")
	assert.Equal(t, http.StatusNotFound, r.Status, "a revoked code no longer works")

	a.ok(http.MethodPost, base+"/leave", nil, "")
	var count map[string]int
	a.ok(http.MethodGet, "/groups/count", nil, "").decode(t, &count)
	assert.Equal(t, 0, count["count"])
	var joined map[string]wawp.ChatID
	a.ok(http.MethodPost, "/groups/join", nil, `{"code":"`+revoked+`"}`).decode(t, &joined)
	assert.Equal(t, g.ID, joined["id"])
	var again groupInfoJSON
	a.ok(http.MethodGet, base, nil, "").decode(t, &again)
	assert.Equal(t, "Project Alpha", again.Subject)
	assert.Equal(t, wawp.GroupParticipant{ID: DefaultMeID, Role: wawp.GroupRoleParticipant}, again.Participants[len(again.Participants)-1])

	added, err := srv.AddGroup("Family", "447441429020", "447441429021")
	require.NoError(t, err)
	var list []groupInfoJSON
	a.ok(http.MethodGet, "/groups", vals("sortBy", "subject"), "").decode(t, &list)
	require.Len(t, list, 2)
	assert.Equal(t, []string{"Family", "Project Alpha"}, []string{list[0].Subject, list[1].Subject})
	assert.Equal(t, added, list[0].ID)
	assert.Equal(t, wawp.ChatID("447441429020@c.us"), list[0].Owner)
}

func TestLabels(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	var lead, vip wawp.Label
	a.ok(http.MethodPost, "/labels", nil, `{"name":"Lead","colorHex":"#00A0F2","color":null}`).decode(t, &lead)
	assert.Equal(t, wawp.Label{ID: "1", Name: "Lead", Color: 14, ColorHex: "#00a0f2"}, lead)
	a.ok(http.MethodPost, "/labels", nil, `{"name":"VIP"}`).decode(t, &vip)
	assert.Equal(t, wawp.Label{ID: "2", Name: "VIP", Color: 0, ColorHex: "#ff9485"}, vip)
	for _, body := range []string{`{"name":"X","color":20}`, `{"name":"X","colorHex":"#123456"}`, `{"color":1}`} {
		r := a.do(http.MethodPost, "/labels", nil, body)
		assert.Equal(t, http.StatusBadRequest, r.Status, body)
	}
	var updated wawp.Label
	a.ok(http.MethodPut, "/labels/1", nil, `{"name":"Hot lead","color":13}`).decode(t, &updated)
	assert.Equal(t, wawp.Label{ID: "1", Name: "Hot lead", Color: 13, ColorHex: "#f74848"}, updated)

	chat := "/labels/chats/" + esc(string(alice))
	a.ok(http.MethodPut, chat, nil, `{"labels":[{"id":"1"},{"id":"2"}]}`)
	a.ok(http.MethodPut, chat, nil, `{"labels":[{"id":"2"}]}`)
	r := a.do(http.MethodPut, chat, nil, `{"labels":[{"id":"9"}]}`)
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)
	var labels []wawp.Label
	a.ok(http.MethodGet, chat, nil, "").decode(t, &labels)
	assert.Equal(t, []wawp.Label{vip}, labels)
	var chats []chatJSON
	a.ok(http.MethodGet, "/labels/2/chats", nil, "").decode(t, &chats)
	require.Len(t, chats, 1)
	assert.Equal(t, alice, chats[0].ID)

	a.ok(http.MethodDelete, "/labels/2", nil, "")
	a.ok(http.MethodGet, chat, nil, "").decode(t, &labels)
	assert.Empty(t, labels)
	assert.Equal(t, []string{
		"label.upsert", "label.upsert", "label.upsert",
		"label.chat.added", "label.chat.added", "label.chat.deleted",
		"label.chat.deleted", "label.deleted",
	}, eventNames(srv.Events()))
	var assoc struct {
		LabelID string      `json:"labelId"`
		ChatID  wawp.ChatID `json:"chatId"`
		Label   wawp.Label  `json:"label"`
	}
	payloadOf(t, lastEvent(t, srv, "label.chat.deleted"), &assoc)
	assert.Equal(t, "2", assoc.LabelID)
	assert.Equal(t, alice, assoc.ChatID)
	assert.Equal(t, vip, assoc.Label)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/labels/2/chats", nil, "").Status)
}

func TestChannelSearchPaging(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	type page struct {
		Page struct {
			StartCursor     *string `json:"startCursor"`
			EndCursor       *string `json:"endCursor"`
			HasNextPage     bool    `json:"hasNextPage"`
			HasPreviousPage bool    `json:"hasPreviousPage"`
		} `json:"page"`
		Channels []channelJSON `json:"channels"`
	}
	var names []string
	cursor := ""
	var sizes []int
	for range 5 {
		var p page
		a.ok(http.MethodGet, "/channels/search", vals("view", "RECOMMENDED", "limit", "5", "startCursor", cursor), "").decode(t, &p)
		sizes = append(sizes, len(p.Channels))
		for _, ch := range p.Channels {
			names = append(names, ch.Name)
			assert.Empty(t, ch.Role, "search results have no role")
		}
		assert.Equal(t, cursor != "", p.Page.HasPreviousPage)
		if !p.Page.HasNextPage {
			break
		}
		require.NotNil(t, p.Page.EndCursor)
		cursor = *p.Page.EndCursor
	}
	assert.Equal(t, []int{5, 5, 2}, sizes)
	assert.Equal(t, "Cricket Live", names[0], "most subscribers first")
	assert.Len(t, names, 12)

	var p page
	a.ok(http.MethodGet, "/channels/search", vals("view", "POPULAR", "countries[]", "GB", "categories[]", "SPORTS"), "").decode(t, &p)
	require.Len(t, p.Channels, 1)
	assert.Equal(t, "Goal!", p.Channels[0].Name)
	a.ok(http.MethodGet, "/channels/search", vals("text", "CRICKET"), "").decode(t, &p)
	require.Len(t, p.Channels, 1)
	assert.Equal(t, "Cricket Live", p.Channels[0].Name)
	assert.Nil(t, p.Page.StartCursor)

	r := a.do(http.MethodGet, "/channels/search", nil, "")
	assert.Equal(t, "rest_missing_callback_param", r.wpError(t).Code)
	r = a.do(http.MethodGet, "/channels/search", vals("view", "RECOMMENDED", "startCursor", "bogus!"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)

	require.NoError(t, srv.AddChannel(Channel{ID: "999@newsletter", Name: "Cricket Fans", Subscribers: 1}))
	a.ok(http.MethodGet, "/channels/search", vals("text", "cricket"), "").decode(t, &p)
	assert.Len(t, p.Channels, 2)
}

func TestChannels(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	var mine channelJSON
	a.ok(http.MethodPost, "/channels", nil, `{"name":"Deals","description":"Daily deals","picture":{"url":"https://x.test/d.jpg"}}`).decode(t, &mine)
	assert.Regexp(t, `^120363\d{12}@newsletter$`, mine.ID)
	assert.Equal(t, "OWNER", mine.Role)
	assert.Regexp(t, `^https://www\.whatsapp\.com/channel/0029Va[0-9A-Z]+$`, mine.Invite)
	require.NotNil(t, mine.Picture)

	news := "/channels/" + esc("120363000000000001@newsletter")
	var got channelJSON
	a.ok(http.MethodGet, news, nil, "").decode(t, &got)
	assert.Equal(t, "GUEST", got.Role)
	a.ok(http.MethodPost, news+"/follow", nil, "")
	a.ok(http.MethodPost, news+"/mute", nil, "")
	var list []channelJSON
	a.ok(http.MethodGet, "/channels", vals("role", "SUBSCRIBER"), "").decode(t, &list)
	require.Len(t, list, 1)
	assert.Equal(t, "Daily Headlines", list[0].Name)
	a.ok(http.MethodGet, "/channels", nil, "").decode(t, &list)
	assert.Len(t, list, 2)

	a.sendText(mine.ID, "50% off")
	var posts []channelMessageJSON
	a.ok(http.MethodGet, "/channels/"+esc(string(mine.ID))+"/messages/preview", nil, "").decode(t, &posts)
	require.Len(t, posts, 1)
	assert.Equal(t, "50% off", posts[0].Message.Body)
	a.ok(http.MethodGet, news+"/messages/preview", vals("limit", "2"), "").decode(t, &posts)
	require.Len(t, posts, 2)
	assert.Equal(t, "Daily Headlines: post 3", posts[0].Message.Body)

	r := a.do(http.MethodDelete, news, nil, "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code, "only owners delete")
	a.ok(http.MethodPost, news+"/unfollow", nil, "")
	a.ok(http.MethodDelete, "/channels/"+esc(string(mine.ID)), nil, "")
	a.ok(http.MethodGet, "/channels", nil, "").decode(t, &list)
	assert.Empty(t, list)
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/channels/"+esc("1@newsletter"), nil, "").Status)
}

func TestContactsAndLIDs(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	require.NoError(t, srv.AddContact(Contact{ID: "447441429009", Name: "Alice Smith", PushName: "Ali", About: "Busy", PictureURL: "https://x.test/a.jpg", LID: "111@lid"}))
	require.NoError(t, srv.AddContact(Contact{ID: "447441429010@c.us", PushName: "Bob"}))
	require.NoError(t, srv.AddLID("222@lid", "447441429010"))

	var contacts []contactJSON
	a.ok(http.MethodGet, "/contacts/all", vals("sortBy", "id", "sortOrder", "desc"), "").decode(t, &contacts)
	require.Len(t, contacts, 2)
	assert.Equal(t, wawp.ChatID("447441429010@c.us"), contacts[0].ID)
	assert.Equal(t, contactJSON{ID: alice, Number: "447441429009", Name: "Alice Smith", PushName: "Ali", ShortName: "Alice", IsWAContact: true, IsMyContact: true}, contacts[1])

	var exists map[string]any
	a.ok(http.MethodGet, "/contacts/check-exists", vals("phone", "+44 7441 429009"), "").decode(t, &exists)
	assert.Equal(t, map[string]any{"numberExists": true, "chatId": string(alice)}, exists)
	var missing map[string]any
	a.ok(http.MethodGet, "/contacts/check-exists", vals("phone", "447441429099"), "").decode(t, &missing)
	assert.Equal(t, map[string]any{"numberExists": false}, missing)

	var about, picture map[string]*string
	a.ok(http.MethodGet, "/contacts/about", vals("contactId", "447441429009"), "").decode(t, &about)
	assert.Equal(t, "Busy", *about["about"])
	a.ok(http.MethodGet, "/contacts/profile-picture", vals("contactId", "447441429010"), "").decode(t, &picture)
	assert.Nil(t, picture["profilePictureURL"])
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/contacts", vals("contactId", "447441429099"), "").Status)

	a.ok(http.MethodPost, "/contacts/block", vals("contactId", "447441429010"), "")
	a.ok(http.MethodPut, "/contacts/"+esc("447441429010@c.us"), vals("firstName", "Bob", "lastName", "Jones"), "")
	var bob contactJSON
	a.ok(http.MethodGet, "/contacts", vals("contactId", "447441429010@c.us"), "").decode(t, &bob)
	assert.True(t, bob.IsBlocked)
	assert.Equal(t, "Bob Jones", bob.Name)
	assert.True(t, bob.IsMyContact)

	var lids []lidMapping
	a.ok(http.MethodGet, "/lids", vals("limit", "1", "offset", "1"), "").decode(t, &lids)
	assert.Equal(t, []lidMapping{{LID: "222@lid", PN: "447441429010@c.us"}}, lids)
	var count map[string]int
	a.ok(http.MethodGet, "/lids/count", nil, "").decode(t, &count)
	assert.Equal(t, 2, count["count"])
}

func TestChatsAndPresence(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	require.NoError(t, srv.AddContact(Contact{ID: alice, Name: "Alice", PictureURL: "https://x.test/a.jpg"}))
	receive(t, srv, alice, "one")
	bob := wawp.ChatID("447441429010@c.us")
	a.sendText(bob, "two")

	var overview []chatSummaryJSON
	a.ok(http.MethodGet, "/chats/overview", nil, "").decode(t, &overview)
	require.Len(t, overview, 2)
	a.ok(http.MethodPost, "/chats/overview", nil, `{"pagination":{"limit":5},"filter":{"ids":["447441429009"]}}`).decode(t, &overview)
	require.Len(t, overview, 1)
	assert.Equal(t, "Alice", overview[0].Name)
	require.NotNil(t, overview[0].Picture)
	assert.Equal(t, "https://x.test/a.jpg", *overview[0].Picture)
	require.NotNil(t, overview[0].LastMessage)
	assert.Equal(t, "one", overview[0].LastMessage.Body)
	assert.Equal(t, 1, overview[0].Chat.UnreadCount)

	var chats []chatJSON
	a.ok(http.MethodPost, "/chats", vals("sortBy", "name", "sortOrder", "asc"), "").decode(t, &chats)
	assert.Equal(t, []string{"447441429010", "Alice"}, []string{chats[0].Name, chats[1].Name})
	r := a.do(http.MethodPost, "/chats", vals("sortBy", "colour"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)

	chatPath := "/chats/" + esc(string(alice))
	var read map[string][]wawp.MessageID
	a.ok(http.MethodPost, chatPath+"/messages/read", nil, "").decode(t, &read)
	assert.Len(t, read["ids"], 1)
	a.ok(http.MethodPost, chatPath+"/unread", nil, "")
	a.ok(http.MethodPost, chatPath+"/archive", nil, "")
	a.ok(http.MethodPost, "/chats", vals("sortBy", "id", "sortOrder", "ASC"), "").decode(t, &chats)
	assert.Equal(t, chatJSON{ID: alice, Name: "Alice", MarkedUnread: true, Archived: true, ConversationTimestamp: chats[0].ConversationTimestamp}, chats[0])
	var archive map[string]any
	payloadOf(t, lastEvent(t, srv, "chat.archive"), &archive)
	assert.Equal(t, string(alice), archive["id"])
	assert.Equal(t, true, archive["archived"])

	a.ok(http.MethodDelete, chatPath+"/messages", nil, "")
	assert.Empty(t, a.messages(alice, nil))
	a.ok(http.MethodDelete, chatPath, nil, "")
	assert.Equal(t, http.StatusNotFound, a.do(http.MethodDelete, chatPath, nil, "").Status)

	var presence wawp.ChatPresences
	a.ok(http.MethodGet, "/presence/"+esc(string(bob)), nil, "").decode(t, &presence)
	assert.Equal(t, wawp.ChatPresences{ID: bob, Presences: []wawp.ParticipantPresence{{Participant: bob, LastKnownPresence: wawp.PresenceOffline}}}, presence)
	require.NoError(t, srv.SetPresence(bob, bob, wawp.PresenceTyping))
	a.ok(http.MethodGet, "/presence/"+esc(string(bob)), nil, "").decode(t, &presence)
	assert.Equal(t, wawp.PresenceTyping, presence.Presences[0].LastKnownPresence)
	assert.False(t, presence.Presences[0].LastSeen.IsZero())
	payloadOf(t, lastEvent(t, srv, "presence.update"), &presence)
	assert.Equal(t, bob, presence.ID)

	a.ok(http.MethodPost, "/presence", vals("presence", "composing", "chatId", string(bob)), "")
	r = a.do(http.MethodPost, "/presence", vals("presence", "typing"), "")
	assert.Equal(t, "rest_missing_callback_param", r.wpError(t).Code, "typing needs a chat")
	r = a.do(http.MethodPost, "/presence", vals("presence", "away"), "")
	assert.Equal(t, "rest_invalid_param", r.wpError(t).Code)
}

func TestProfile(t *testing.T) {
	t.Parallel()
	srv := newServer(t, WithAutoLogin())
	a := api(t, srv)
	a.ok(http.MethodPut, "/profile/nameRequest", vals("name", "Support Bot"), "")
	a.ok(http.MethodPut, "/profile/status", vals("status", "Open 9-5"), "")
	a.ok(http.MethodPut, "/profile/picture", vals("file[url]", "https://x.test/me.png"), "")
	var p map[string]any
	a.ok(http.MethodGet, "/profile", nil, "").decode(t, &p)
	assert.Equal(t, map[string]any{"id": string(DefaultMeID), "name": "Support Bot", "picture": "https://x.test/me.png"}, p)
	a.ok(http.MethodDelete, "/profile/picture", nil, "")
	a.ok(http.MethodGet, "/profile", nil, "").decode(t, &p)
	assert.Nil(t, p["picture"])
	assert.Empty(t, srv.Events(), "profile changes produce no event")
}
