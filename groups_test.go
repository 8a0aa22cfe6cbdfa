package wawp

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testGroup is the group most tests act on; testGroupPath is its escaped path.
const (
	testGroup     ChatID = "123456789@g.us"
	testGroupPath string = "/groups/123456789%40g.us"
)

func boolPtr(b bool) *bool { return &b }

func TestGroupsEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /groups",
			fixture:  "groups/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.List(ctx, &GroupListParams{Limit: 50, Offset: 10, SortBy: GroupSortBySubject, SortOrder: "DESC"})
			},
			path:  "/groups",
			query: vals("limit", "50", "offset", "10", "sortBy", "subject", "sortOrder", "DESC"),
			check: func(t *testing.T, got any) {
				groups, ok := got.([]Group)
				require.True(t, ok, "got %T", got)
				require.Len(t, groups, 2)
				assert.Equal(t, ChatID("120363041234567890@g.us"), groups[0].ID)
				assert.Equal(t, "Project Alpha", groups[0].Subject)
				assert.Equal(t, "Sprint team", groups[0].Description)
				assert.Equal(t, ChatID("447441429009@c.us"), groups[0].Owner)
				assert.Equal(t, time.Unix(1700000000, 0).UTC(), groups[0].CreatedAt.Time)
				assert.Equal(t, []GroupParticipant{
					{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
					{ID: "201012345678@c.us", Role: GroupRoleParticipant},
				}, groups[0].Participants)
				assert.Equal(t, boolPtr(true), groups[0].Restrict)
				assert.Equal(t, boolPtr(false), groups[0].Announce)
				assert.Equal(t, boolPtr(true), groups[0].MembersCanSendMessages)
				assert.Equal(t, boolPtr(false), groups[0].MembersCanAddNewMember)
				assert.Equal(t, boolPtr(false), groups[0].NewMembersApprovalRequired)
				assert.Equal(t, fixtureElements(t, "groups/list.json")[0], groups[0].Raw)

				assert.Equal(t, ChatID("447441429009-1600000000@g.us"), groups[1].ID)
				assert.Equal(t, "Family", groups[1].Subject)
				assert.Empty(t, groups[1].Description)
				assert.Equal(t, boolPtr(true), groups[1].Announce)
				assert.Equal(t, boolPtr(false), groups[1].MembersCanSendMessages)
				assert.Nil(t, groups[1].MembersCanAddNewMember)
				assert.Nil(t, groups[1].NewMembersApprovalRequired)
			},
		},
		{
			endpoint: "POST /groups",
			fixture:  "groups/create.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.Create(ctx, GroupCreateParams{Subject: "Project Alpha", Participants: []ChatID{"123456789", "987654321@c.us", "+44 7441-429009", "118000000000001@lid"}})
			},
			path: "/groups",
			body: `{"name":"Project Alpha","participants":[{"id":"123456789@c.us"},{"id":"987654321@c.us"},{"id":"447441429009@c.us"},{"id":"118000000000001@lid"}]}`,
			check: func(t *testing.T, got any) {
				g, ok := got.(*Group)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, ChatID("120363041234567890@g.us"), g.ID)
				assert.Equal(t, "Project Alpha", g.Subject)
				assert.Equal(t, ChatID("447441429009@c.us"), g.Owner)
				assert.Equal(t, time.Unix(1710481111, 0).UTC(), g.CreatedAt.Time)
				assert.Equal(t, []GroupParticipant{
					{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
					{ID: "123456789@c.us", Role: GroupRoleParticipant},
					{ID: "987654321@c.us", Role: GroupRoleParticipant},
				}, g.Participants)
				assert.JSONEq(t, string(fixture(t, "groups/create.json")), string(g.Raw))
			},
		},
		{
			endpoint: "GET /groups/join-info",
			fixture:  "groups/join_info.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.JoinInfo(ctx, "https://chat.whatsapp.com/K8gDqTnWk1Z3bQ9xR2vL7s")
			},
			path:  "/groups/join-info",
			query: vals("code", "https://chat.whatsapp.com/K8gDqTnWk1Z3bQ9xR2vL7s"),
			check: func(t *testing.T, got any) {
				info, ok := got.(*GroupJoinInfo)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, ChatID("120363041234567890@g.us"), info.ID)
				assert.Equal(t, "Project Alpha", info.Subject)
				assert.Equal(t, "Sprint team", info.Description)
				assert.Equal(t, 12, info.Size)
				assert.JSONEq(t, string(fixture(t, "groups/join_info.json")), string(info.Raw))
			},
		},
		{
			endpoint: "POST /groups/join",
			fixture:  "groups/join.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.Join(ctx, "https://chat.whatsapp.com/1234567890abcdef")
			},
			path:  "/groups/join",
			body:  `{"code":"https://chat.whatsapp.com/1234567890abcdef"}`,
			check: func(t *testing.T, got any) { assert.Equal(t, ChatID("120363041234567890@g.us"), got) },
		},
		{
			endpoint: "GET /groups/count",
			fixture:  "groups/count.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.Count(ctx) },
			path:     "/groups/count",
			check:    func(t *testing.T, got any) { assert.Equal(t, 3, got) },
		},
		{
			endpoint: "POST /groups/refresh",
			fixture:  "groups/synthetic_refresh.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Groups.Refresh(ctx) },
			path:     "/groups/refresh",
		},
		{
			endpoint: "GET /groups/{id}",
			fixture:  "groups/get.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.Get(ctx, testGroup) },
			path:     testGroupPath,
			check: func(t *testing.T, got any) {
				g, ok := got.(*Group)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, testGroup, g.ID)
				assert.Equal(t, "Project Alpha", g.Subject)
				assert.Equal(t, "Sprint team", g.Description)
				assert.Equal(t, ChatID("447441429009@c.us"), g.Owner)
				assert.Equal(t, time.Unix(1700000000, 0).UTC(), g.CreatedAt.Time)
				assert.Empty(t, g.Invite)
				assert.Equal(t, []GroupParticipant{
					{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
					{ID: "201012345678@c.us", Role: GroupRoleAdmin},
					{ID: "118000000000001@lid", Role: GroupRoleParticipant},
				}, g.Participants)
				assert.Equal(t, boolPtr(true), g.Announce)
				assert.Equal(t, boolPtr(true), g.Restrict)
				assert.Equal(t, boolPtr(true), g.MembersCanAddNewMember)
				assert.Equal(t, boolPtr(false), g.MembersCanSendMessages)
				assert.Equal(t, boolPtr(true), g.NewMembersApprovalRequired)
				assert.JSONEq(t, string(fixture(t, "groups/get.json")), string(g.Raw))
			},
		},
		{
			endpoint: "DELETE /groups/{id}",
			fixture:  "groups/synthetic_delete.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Groups.Delete(ctx, testGroup) },
			path:     testGroupPath,
		},
		{
			endpoint: "POST /groups/{id}/leave",
			fixture:  "groups/synthetic_leave.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Groups.Leave(ctx, testGroup) },
			path:     testGroupPath + "/leave",
		},
		{
			endpoint: "GET /groups/{id}/picture",
			fixture:  "groups/picture.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Groups.Picture(ctx, testGroup, &GroupPictureParams{Refresh: true})
			},
			path:  testGroupPath + "/picture",
			query: vals("refresh", "true"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, "https://pps.whatsapp.net/v/t61.24694-24/12345678_n.jpg?ccb=11-4&oh=01_Q5AaIM&oe=66A1B2C3&_nc_cat=104", got)
			},
		},
		{
			endpoint: "PUT /groups/{id}/picture",
			fixture:  "groups/set_picture.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.SetPicture(ctx, testGroup, File{URL: "https://example.com/img/team.jpg"})
			},
			path: testGroupPath + "/picture",
			body: `{"file":{"url":"https://example.com/img/team.jpg","filename":"team.jpg","mimetype":"image/jpeg"}}`,
		},
		{
			endpoint: "DELETE /groups/{id}/picture",
			fixture:  "groups/delete_picture.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Groups.DeletePicture(ctx, testGroup) },
			path:     testGroupPath + "/picture",
		},
		{
			endpoint: "PUT /groups/{id}/description",
			fixture:  "groups/synthetic_set_description.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.SetDescription(ctx, testGroup, GroupSetDescriptionParams{Description: "Sprint team"})
			},
			path: testGroupPath + "/description",
			body: `{"description":"Sprint team"}`,
		},
		{
			endpoint: "PUT /groups/{id}/subject",
			fixture:  "groups/synthetic_set_subject.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.SetSubject(ctx, testGroup, GroupSetSubjectParams{Subject: "Project Alpha"})
			},
			path: testGroupPath + "/subject",
			body: `{"subject":"Project Alpha"}`,
		},
		{
			endpoint: "GET /groups/{id}/settings/security/info-admin-only",
			fixture:  "groups/info_admin_only.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.InfoAdminOnly(ctx, testGroup) },
			path:     testGroupPath + "/settings/security/info-admin-only",
			check:    func(t *testing.T, got any) { assert.Equal(t, true, got) },
		},
		{
			endpoint: "PUT /groups/{id}/settings/security/info-admin-only",
			fixture:  "groups/synthetic_set_info_admin_only.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.SetInfoAdminOnly(ctx, testGroup, GroupAdminsOnlyParams{AdminsOnly: true})
			},
			path:  testGroupPath + "/settings/security/info-admin-only",
			query: vals("adminsOnly", "true"),
		},
		{
			endpoint: "GET /groups/{id}/settings/security/messages-admin-only",
			fixture:  "groups/messages_admin_only.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.MessagesAdminOnly(ctx, testGroup) },
			path:     testGroupPath + "/settings/security/messages-admin-only",
			check:    func(t *testing.T, got any) { assert.Equal(t, true, got) },
		},
		{
			endpoint: "PUT /groups/{id}/settings/security/messages-admin-only",
			fixture:  "groups/synthetic_set_messages_admin_only.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.SetMessagesAdminOnly(ctx, testGroup, GroupAdminsOnlyParams{AdminsOnly: false})
			},
			path:  testGroupPath + "/settings/security/messages-admin-only",
			query: vals("adminsOnly", "false"),
		},
		{
			endpoint: "GET /groups/{id}/invite-code",
			fixture:  "groups/invite_code.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.InviteCode(ctx, testGroup) },
			path:     testGroupPath + "/invite-code",
			check:    func(t *testing.T, got any) { assert.Equal(t, "https://chat.whatsapp.com/K8gDqTnWk1Z3bQ9xR2vL7s", got) },
		},
		{
			endpoint: "POST /groups/{id}/invite-code/revoke",
			fixture:  "groups/revoke_invite_code.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.RevokeInviteCode(ctx, testGroup) },
			path:     testGroupPath + "/invite-code/revoke",
			check:    func(t *testing.T, got any) { assert.Equal(t, "Hx7Lm2Pq9Rs4Tv6Wy8Za1B", got) },
		},
		{
			endpoint: "GET /groups/{id}/participants",
			fixture:  "groups/participants.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Groups.Participants(ctx, testGroup) },
			path:     testGroupPath + "/participants",
			check: func(t *testing.T, got any) {
				assert.Equal(t, []GroupParticipant{
					{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
					{ID: "201012345678@c.us", Role: GroupRoleAdmin},
					{ID: "118000000000001@lid", PhoneNumber: "15551234567@c.us", Role: GroupRoleParticipant},
				}, got)
			},
		},
		{
			endpoint: "POST /groups/{id}/participants/add",
			fixture:  "groups/synthetic_add_participants.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.AddParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"111222333", "444555666@c.us"}})
			},
			path: testGroupPath + "/participants/add",
			body: `{"participants":[{"id":"111222333@c.us"},{"id":"444555666@c.us"}]}`,
		},
		{
			endpoint: "POST /groups/{id}/participants/remove",
			fixture:  "groups/synthetic_remove_participants.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.RemoveParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"123456789"}})
			},
			path: testGroupPath + "/participants/remove",
			body: `{"participants":[{"id":"123456789@c.us"}]}`,
		},
		{
			endpoint: "POST /groups/{id}/admin/promote",
			fixture:  "groups/synthetic_promote_participants.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.PromoteParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"123456789@c.us", "118000000000001@lid"}})
			},
			path: testGroupPath + "/admin/promote",
			body: `{"participants":[{"id":"123456789@c.us"},{"id":"118000000000001@lid"}]}`,
		},
		{
			endpoint: "POST /groups/{id}/admin/demote",
			fixture:  "groups/synthetic_demote_participants.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Groups.DemoteParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"0044 7441 429009"}})
			},
			path: testGroupPath + "/admin/demote",
			body: `{"participants":[{"id":"447441429009@c.us"}]}`,
		},
	})
}

func TestGroupsListAsMap(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("groups/list_map.json")
	groups, err := c.Groups.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, vals(), ts.last().Query)
	require.Len(t, groups, 2)

	// The server's order is kept, and a group without an id takes its key.
	assert.Equal(t, ChatID("120363041234567890@g.us"), groups[0].ID)
	assert.Equal(t, "Project Alpha", groups[0].Subject)
	assert.Equal(t, "Sprint team", groups[0].Description)
	assert.Equal(t, ChatID("447441429009@c.us"), groups[0].Owner)
	assert.Equal(t, time.Unix(1700000000, 0).UTC(), groups[0].CreatedAt.Time)
	assert.Equal(t, []GroupParticipant{
		{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
		{ID: "201012345678@c.us", Role: GroupRoleParticipant},
	}, groups[0].Participants)
	assert.Equal(t, boolPtr(true), groups[0].Restrict)
	assert.Equal(t, boolPtr(false), groups[0].MembersCanAddNewMember)
	assert.Equal(t, boolPtr(true), groups[0].NewMembersApprovalRequired)

	assert.Equal(t, ChatID("120363099999999999@g.us"), groups[1].ID)
	assert.Equal(t, "Book club", groups[1].Subject)
	assert.Equal(t, []GroupParticipant{{ID: "201012345678@c.us", Role: GroupRoleAdmin}}, groups[1].Participants)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(fixture(t, "groups/list_map.json"), &raw))
	assert.JSONEq(t, string(raw["120363099999999999@g.us"]), string(groups[1].Raw))
}

func TestGroupsListEmptyAnswers(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`[]`, `{}`, `null`} {
		c, ts := newTestClient(t)
		ts.reply(http.StatusOK, body)
		groups, err := c.Groups.List(context.Background(), nil)
		require.NoError(t, err, body)
		assert.Empty(t, groups, body)
	}
}

func TestGroupsListRejectsOtherShapes(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `"groups"`)
	_, err := c.Groups.List(context.Background(), nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "/groups", de.Path)
}

func TestGroupDecodesEngineShapes(t *testing.T) {
	t.Parallel()
	t.Run("WAHA GroupInfo", func(t *testing.T) {
		t.Parallel()
		var g Group
		require.NoError(t, json.Unmarshal(fixture(t, "groups/group_info.json"), &g))
		assert.Equal(t, ChatID("1231231232@g.us"), g.ID)
		assert.Equal(t, "Work Group", g.Subject)
		assert.Equal(t, "Group description", g.Description)
		assert.Equal(t, "https://chat.whatsapp.com/invitecode", g.Invite)
		assert.True(t, g.CreatedAt.IsZero())
		assert.Equal(t, []GroupParticipant{
			{ID: "99999@c.us", Role: GroupRoleParticipant},
			{ID: "118000000000001@lid", PhoneNumber: "15551234567@c.us", Role: GroupRoleAdmin},
			{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
		}, g.Participants)
		assert.Equal(t, boolPtr(true), g.MembersCanAddNewMember)
		assert.Equal(t, boolPtr(true), g.MembersCanSendMessages)
		assert.Equal(t, boolPtr(false), g.Announce, "derived from membersCanSendMessages")
		assert.Equal(t, boolPtr(true), g.NewMembersApprovalRequired)
		assert.Nil(t, g.Restrict)
	})
	t.Run("GOWS", func(t *testing.T) {
		t.Parallel()
		var g Group
		require.NoError(t, json.Unmarshal(fixture(t, "groups/group_gows.json"), &g))
		assert.Equal(t, ChatID("120363041234567890@g.us"), g.ID)
		assert.Equal(t, "Project Alpha", g.Subject)
		assert.Equal(t, "Sprint team", g.Description)
		assert.Equal(t, ChatID("447441429009@c.us"), g.Owner)
		assert.Equal(t, time.Date(2024, 3, 15, 5, 58, 31, 0, time.UTC), g.CreatedAt.Time)
		assert.Equal(t, []GroupParticipant{
			{ID: "447441429009@c.us", Role: GroupRoleSuperAdmin},
			{ID: "118000000000001@lid", PhoneNumber: "15551234567@c.us", Role: GroupRoleAdmin},
			{ID: "201012345678@c.us", Role: GroupRoleParticipant},
		}, g.Participants)
		assert.Equal(t, boolPtr(false), g.Announce)
		assert.Equal(t, boolPtr(true), g.MembersCanSendMessages)
		assert.Equal(t, boolPtr(true), g.Restrict)
		assert.Equal(t, boolPtr(false), g.MembersCanAddNewMember)
		assert.Equal(t, boolPtr(true), g.NewMembersApprovalRequired)
	})
	t.Run("WEBJS creation answer", func(t *testing.T) {
		t.Parallel()
		var g Group
		require.NoError(t, json.Unmarshal(fixture(t, "groups/create_webjs.json"), &g))
		assert.Equal(t, ChatID("120363041234567890@g.us"), g.ID)
		assert.Equal(t, "Project Alpha", g.Subject)
		assert.Equal(t, []GroupParticipant{
			{ID: "123456789@c.us", Role: GroupRoleParticipant},
			{ID: "987654321@c.us", Role: GroupRoleParticipant},
		}, g.Participants)
	})
	t.Run("participant IDs as user and server", func(t *testing.T) {
		t.Parallel()
		var g Group
		require.NoError(t, json.Unmarshal([]byte(`{"id":{"server":"g.us","user":"42"},"participants":[{"id":{"server":"s.whatsapp.net","user":"447441429009"},"isAdmin":true}]}`), &g))
		assert.Equal(t, ChatID("42@g.us"), g.ID)
		assert.Equal(t, []GroupParticipant{{ID: "447441429009@c.us", Role: GroupRoleAdmin}}, g.Participants)
	})
	t.Run("null", func(t *testing.T) {
		t.Parallel()
		g := Group{Subject: "kept"}
		require.NoError(t, json.Unmarshal([]byte(`null`), &g))
		assert.Equal(t, "kept", g.Subject)
	})
}

func TestGroupsCreateAnswerFromWEBJS(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("groups/create_webjs.json")
	g, err := c.Groups.Create(context.Background(), GroupCreateParams{Subject: "Project Alpha", Participants: []ChatID{"123456789", "987654321"}})
	require.NoError(t, err)
	assert.Equal(t, ChatID("120363041234567890@g.us"), g.ID)
	assert.Len(t, g.Participants, 2)
}

func TestGroupsInviteCodeAnswerShapes(t *testing.T) {
	t.Parallel()
	const code = "K8gDqTnWk1Z3bQ9xR2vL7s"
	for _, body := range []string{
		`"` + code + `"`,
		`{"code":"` + code + `"}`,
		`{"inviteCode":"` + code + `"}`,
		`{"invite":"` + code + `"}`,
		`{"inviteLink":"` + code + `"}`,
		`{"link":"` + code + `"}`,
		`{"url":"` + code + `"}`,
		`{"url":"https://chat.whatsapp.com/other","code":"` + code + `"}`,
	} {
		c, ts := newTestClient(t)
		ts.reply(http.StatusOK, body)
		got, err := c.Groups.InviteCode(context.Background(), testGroup)
		require.NoError(t, err, body)
		assert.Equal(t, code, got, body)
		got, err = c.Groups.RevokeInviteCode(context.Background(), testGroup)
		require.NoError(t, err, body)
		assert.Equal(t, code, got, body)
	}
}

func TestGroupsInviteCodeWithoutCodeIsDecodeError(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"success":true}`, `""`, `42`} {
		c, ts := newTestClient(t)
		ts.reply(http.StatusOK, body)
		_, err := c.Groups.InviteCode(context.Background(), testGroup)
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, testGroupPath+"/invite-code", de.Path, body)
	}
}

func TestGroupsCountAcceptsBareNumber(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `7`)
	n, err := c.Groups.Count(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 7, n)

	ts.reply(http.StatusOK, `"seven"`)
	_, err = c.Groups.Count(context.Background())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
}

func TestGroupsPictureNone(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"groups/picture_none.json", ""} {
		c, ts := newTestClient(t)
		if name != "" {
			ts.replyFixture(name)
		} else {
			ts.reply(http.StatusOK, `null`)
		}
		url, err := c.Groups.Picture(context.Background(), testGroup, nil)
		require.NoError(t, err)
		assert.Empty(t, url)
		assert.Equal(t, vals(), ts.last().Query, "refresh=false is left to the server default")
	}
}

func TestGroupsAdminsOnlyFalse(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"adminsOnly":false}`)
	info, err := c.Groups.InfoAdminOnly(context.Background(), testGroup)
	require.NoError(t, err)
	assert.False(t, info)
	messages, err := c.Groups.MessagesAdminOnly(context.Background(), testGroup)
	require.NoError(t, err)
	assert.False(t, messages)

	require.NoError(t, c.Groups.SetInfoAdminOnly(context.Background(), testGroup, GroupAdminsOnlyParams{AdminsOnly: false}))
	assert.Equal(t, vals("adminsOnly", "false"), ts.last().Query)
	require.NoError(t, c.Groups.SetMessagesAdminOnly(context.Background(), testGroup, GroupAdminsOnlyParams{AdminsOnly: true}))
	assert.Equal(t, vals("adminsOnly", "true"), ts.last().Query)
}

func TestGroupsSetDescriptionMayClear(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	require.NoError(t, c.Groups.SetDescription(context.Background(), testGroup, GroupSetDescriptionParams{Description: ""}))
	assert.JSONEq(t, `{"description":""}`, string(ts.last().Body))
}

func TestGroupsOldStyleIDIsOneSegment(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("groups/get.json")
	_, err := c.Groups.Get(context.Background(), "447441429009-1600000000@g.us")
	require.NoError(t, err)
	assert.Equal(t, "/groups/447441429009-1600000000%40g.us", ts.last().Path)
}

// TestGroupsRetries checks which calls are repeated after a gateway error:
// reads, settings, refresh, leave, revoke, joining, removals and role
// changes are; creation and adding people, which may send invites, are not.
func TestGroupsRetries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		call     func(ctx context.Context, c *Client) error
		attempts int
	}{
		{"List", func(ctx context.Context, c *Client) error { _, err := c.Groups.List(ctx, nil); return err }, 3},
		{"Refresh", func(ctx context.Context, c *Client) error { return c.Groups.Refresh(ctx) }, 3},
		{"Leave", func(ctx context.Context, c *Client) error { return c.Groups.Leave(ctx, testGroup) }, 3},
		{"SetSubject", func(ctx context.Context, c *Client) error {
			return c.Groups.SetSubject(ctx, testGroup, GroupSetSubjectParams{Subject: "x"})
		}, 3},
		{"SetMessagesAdminOnly", func(ctx context.Context, c *Client) error {
			return c.Groups.SetMessagesAdminOnly(ctx, testGroup, GroupAdminsOnlyParams{AdminsOnly: true})
		}, 3},
		{"RevokeInviteCode", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.RevokeInviteCode(ctx, testGroup)
			return err
		}, 3},
		{"Create", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupCreateParams{Subject: "x", Participants: []ChatID{"123456789"}})
			return err
		}, 1},
		{"Join", func(ctx context.Context, c *Client) error { _, err := c.Groups.Join(ctx, "abc"); return err }, 3},
		{"AddParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.AddParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}, 1},
		{"RemoveParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.RemoveParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}, 3},
		{"PromoteParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.PromoteParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}, 3},
		{"DemoteParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.DemoteParticipants(ctx, testGroup, GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusBadGateway, `{"statusCode":502,"message":"Bad Gateway"}`)
			require.Error(t, tc.call(context.Background(), c))
			assert.Equal(t, tc.attempts, ts.count())
		})
	}
}

func TestGroupsValidation(t *testing.T) {
	t.Parallel()
	noID := []struct {
		name string
		call func(ctx context.Context, c *Client) error
	}{
		{"Get", func(ctx context.Context, c *Client) error { _, err := c.Groups.Get(ctx, ""); return err }},
		{"Delete", func(ctx context.Context, c *Client) error { return c.Groups.Delete(ctx, " ") }},
		{"Leave", func(ctx context.Context, c *Client) error { return c.Groups.Leave(ctx, "") }},
		{"Picture", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Picture(ctx, "", &GroupPictureParams{Refresh: true})
			return err
		}},
		{"SetPicture", func(ctx context.Context, c *Client) error {
			return c.Groups.SetPicture(ctx, "", File{URL: "https://example.com/a.jpg"})
		}},
		{"DeletePicture", func(ctx context.Context, c *Client) error { return c.Groups.DeletePicture(ctx, "") }},
		{"SetDescription", func(ctx context.Context, c *Client) error {
			return c.Groups.SetDescription(ctx, "", GroupSetDescriptionParams{Description: "d"})
		}},
		{"SetSubject", func(ctx context.Context, c *Client) error {
			return c.Groups.SetSubject(ctx, "", GroupSetSubjectParams{Subject: "s"})
		}},
		{"InfoAdminOnly", func(ctx context.Context, c *Client) error { _, err := c.Groups.InfoAdminOnly(ctx, ""); return err }},
		{"SetInfoAdminOnly", func(ctx context.Context, c *Client) error {
			return c.Groups.SetInfoAdminOnly(ctx, "", GroupAdminsOnlyParams{AdminsOnly: true})
		}},
		{"MessagesAdminOnly", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.MessagesAdminOnly(ctx, "")
			return err
		}},
		{"SetMessagesAdminOnly", func(ctx context.Context, c *Client) error {
			return c.Groups.SetMessagesAdminOnly(ctx, "", GroupAdminsOnlyParams{AdminsOnly: false})
		}},
		{"InviteCode", func(ctx context.Context, c *Client) error { _, err := c.Groups.InviteCode(ctx, ""); return err }},
		{"RevokeInviteCode", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.RevokeInviteCode(ctx, "")
			return err
		}},
		{"Participants", func(ctx context.Context, c *Client) error { _, err := c.Groups.Participants(ctx, ""); return err }},
		{"AddParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.AddParticipants(ctx, "", GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}},
		{"RemoveParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.RemoveParticipants(ctx, "", GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}},
		{"PromoteParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.PromoteParticipants(ctx, "", GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}},
		{"DemoteParticipants", func(ctx context.Context, c *Client) error {
			return c.Groups.DemoteParticipants(ctx, "", GroupParticipantsParams{Participants: []ChatID{"123456789"}})
		}},
	}
	for _, tc := range noID {
		t.Run(tc.name+" without id", func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, "id", tc.call)
		})
	}

	type change = func(context.Context, ChatID, GroupParticipantsParams) error
	changes := map[string]func(c *Client) change{
		"AddParticipants":     func(c *Client) change { return c.Groups.AddParticipants },
		"RemoveParticipants":  func(c *Client) change { return c.Groups.RemoveParticipants },
		"PromoteParticipants": func(c *Client) change { return c.Groups.PromoteParticipants },
		"DemoteParticipants":  func(c *Client) change { return c.Groups.DemoteParticipants },
		"Create": func(c *Client) change {
			return func(ctx context.Context, _ ChatID, p GroupParticipantsParams) error {
				_, err := c.Groups.Create(ctx, GroupCreateParams{Subject: "Project Alpha", Participants: p.Participants})
				return err
			}
		},
	}
	badLists := []struct {
		name         string
		participants []ChatID
		field        string
	}{
		{"empty list", nil, "participants"},
		{"empty entry", []ChatID{"123456789", ""}, "participants[1].id"},
		{"letters", []ChatID{"alice"}, "participants[0].id"},
		{"too short", []ChatID{"12345"}, "participants[0].id"},
		{"group", []ChatID{"123456789", "987654321", "120363041234567890@g.us"}, "participants[2].id"},
		{"channel", []ChatID{"120363123456789012@newsletter"}, "participants[0].id"},
		{"status", []ChatID{"status@broadcast"}, "participants[0].id"},
		{"bad suffix", []ChatID{"123456789@example.com"}, "participants[0].id"},
	}
	for name, method := range changes {
		for _, bl := range badLists {
			t.Run(name+" "+bl.name, func(t *testing.T) {
				t.Parallel()
				assertNoRequest(t, bl.field, func(ctx context.Context, c *Client) error {
					return method(c)(ctx, testGroup, GroupParticipantsParams{Participants: bl.participants})
				})
			})
		}
	}

	others := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"Create without name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Create(ctx, GroupCreateParams{Subject: "  ", Participants: []ChatID{"123456789"}})
			return err
		}},
		{"JoinInfo without code", "code", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.JoinInfo(ctx, "")
			return err
		}},
		{"Join without code", "code", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.Join(ctx, " ")
			return err
		}},
		{"SetSubject without subject", "subject", func(ctx context.Context, c *Client) error {
			return c.Groups.SetSubject(ctx, testGroup, GroupSetSubjectParams{Subject: ""})
		}},
		{"SetPicture without url", "file.url", func(ctx context.Context, c *Client) error {
			return c.Groups.SetPicture(ctx, testGroup, File{})
		}},
		{"SetPicture with relative url", "file.url", func(ctx context.Context, c *Client) error {
			return c.Groups.SetPicture(ctx, testGroup, File{URL: "team.jpg"})
		}},
		{"List negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.List(ctx, &GroupListParams{Limit: -1})
			return err
		}},
		{"List negative offset", "offset", func(ctx context.Context, c *Client) error {
			_, err := c.Groups.List(ctx, &GroupListParams{Offset: -5})
			return err
		}},
	}
	for _, tc := range others {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}

func TestGroupsSetPictureKeepsCallerFile(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	file := File{URL: " https://example.com/img/team.png "}
	require.NoError(t, c.Groups.SetPicture(context.Background(), testGroup, file))
	assert.Equal(t, File{URL: " https://example.com/img/team.png "}, file)
	assert.JSONEq(t, `{"file":{"url":"https://example.com/img/team.png","filename":"team.png","mimetype":"image/png"}}`, string(ts.last().Body))
}

func TestGroupsListIter(t *testing.T) {
	t.Parallel()
	groupID := func(i int) string { return fmt.Sprintf("1203630412345678%02d@g.us", i) }
	runIterCases(t, []iterCase{{
		name:   "Groups.ListIter",
		method: http.MethodGet,
		path:   "/groups",
		item: func(i int) string {
			return fmt.Sprintf(`{"id":%q,"subject":"Group %d","participants":[]}`, groupID(i), i)
		},
		key:   groupID,
		extra: vals("sortBy", "subject", "sortOrder", "ASC"),
		start: func(ctx context.Context, c *Client, limit, offset int) (iter.Seq2[string, error], func(*testing.T)) {
			params := &GroupListParams{SortBy: GroupSortBySubject, SortOrder: "ASC", Limit: limit, Offset: offset}
			want := *params
			seq := keysOf(c.Groups.ListIter(ctx, params), func(g Group) string { return string(g.ID) })
			return seq, func(t *testing.T) { assert.Equal(t, want, *params, "params must not change") }
		},
	}})
}

func TestGroupsListIterNilParamsAndErrors(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	servePages(ts, 1, func(int) string { return `{"id":"1@g.us"}` })
	var ids []ChatID
	for g, err := range c.Groups.ListIter(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, g.ID)
	}
	assert.Equal(t, []ChatID{"1@g.us"}, ids)
	assert.Equal(t, vals("limit", "100"), ts.requestsSeen()[0].Query)

	ts.reply(http.StatusUnauthorized, `{"code":"invalid_access_token","message":"Invalid access token","data":{"status":401}}`)
	var errs []error
	for _, err := range c.Groups.ListIter(context.Background(), &GroupListParams{Limit: 2}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
}

func TestGroupsListExclude(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"groups", func(req *http.Request) (*http.Response, error) {
		assert.Equal(t, []string{"participants"}, req.URL.Query()["exclude"])
		return fixtureResponder(t, "groups/list.json")(req)
	})
	groups, err := c.Groups.List(context.Background(), &GroupListParams{Exclude: []GroupListExclude{GroupExcludeParticipants}})
	require.NoError(t, err)
	assert.Len(t, groups, 2)
	assert.Equal(t, 1, mock.GetTotalCallCount())
	assert.True(t, GroupExcludeParticipants.IsKnown())
	assert.False(t, GroupListExclude("messages").IsKnown())
	assert.True(t, GroupSortBySubject.IsKnown())
	assert.False(t, GroupSortField("creation").IsKnown())
}

func TestGroupsRejectIDsThatAreNotGroups(t *testing.T) {
	t.Parallel()
	for _, id := range []ChatID{"447441429009@c.us", "120363123456789012@newsletter", "abc@g.us", "447441429009"} {
		assertNoRequest(t, "id", func(ctx context.Context, c *Client) error { _, err := c.Groups.Get(ctx, id); return err })
		assertNoRequest(t, "id", func(ctx context.Context, c *Client) error {
			return c.Groups.SetSubject(ctx, id, GroupSetSubjectParams{Subject: "x"})
		})
	}
}

func TestGroupsParticipantErrorsKeepPhoneNumbersOut(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	_, err := c.Groups.Create(context.Background(), GroupCreateParams{Subject: "x", Participants: []ChatID{"447441429009", "447441429@example.com"}})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "participants[1].id", ve.Field)
	assert.NotContains(t, err.Error(), "447441429")
	assert.Zero(t, mock.GetTotalCallCount())
}
