package wawptest

import (
	"net/http"
	"strings"

	"github.com/wawp-go/wawp"
)

// paramsIn says where a route reads its operation parameters from.
type paramsIn int

const (
	inQuery paramsIn = iota
	inJSON
)

// need is the session status a route requires.
type need int

const (
	needNothing need = iota
	needWorking
	needQR
	needRunning
)

// check answers 422 wawp_upstream_error when the session cannot serve the call.
func (n need) check(inst *instance) *apiError {
	switch {
	case n == needWorking && inst.status != wawp.SessionWorking:
		return errState("WORKING", inst.status)
	case n == needQR && inst.status != wawp.SessionScanQRCode:
		return errState("SCAN_QR_CODE", inst.status)
	case n == needRunning && inst.status == wawp.SessionStopped:
		return errState("a started session", inst.status)
	}
	return nil
}

// route is one endpoint: a method, a path pattern below BasePath whose
// "{name}" segments capture one unescaped segment, and its handler.
type route struct {
	method   string
	segments []string
	in       paramsIn
	// account routes need only the access token.
	account bool
	needs   need
	handle  func(*call) (any, *apiError)
}

func newRoute(method, pattern string, in paramsIn, needs need, handle func(*call) (any, *apiError)) *route {
	return &route{
		method:   method,
		segments: strings.Split(strings.Trim(pattern, "/"), "/"),
		in:       in,
		needs:    needs,
		handle:   handle,
	}
}

// routeTable lists every endpoint of the catalog, plus the alternate methods
// the catalog notes for logout, the chats list and getting a message.
func routeTable() []*route {
	const (
		get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	)
	q, j := inQuery, inJSON
	w := needWorking
	create := newRoute(post, "/createSession", q, needNothing, handleCreateSession)
	create.account = true
	return []*route{
		// Sessions and login.
		create,
		newRoute(post, "/session/start", q, needNothing, handleStartSession),
		newRoute(post, "/session/stop", q, needNothing, handleStopSession),
		newRoute(post, "/session/restart", q, needNothing, handleRestartSession),
		newRoute(del, "/session/delete", q, needNothing, handleDeleteSession),
		newRoute(post, "/session/logout", q, needNothing, handleLogoutSession),
		newRoute(get, "/session/logout", q, needNothing, handleLogoutSession),
		newRoute(get, "/session/info", q, needNothing, handleSessionInfo),
		newRoute(get, "/session/me", q, needNothing, handleSessionMe),
		newRoute(get, "/getQr", q, needQR, handleGetQR),
		newRoute(post, "/requestCode", q, needQR, handleRequestCode),
		newRoute(get, "/getScreenshot", q, needRunning, handleScreenshot),
		// Messages.
		newRoute(post, "/send", q, w, handleSendText),
		newRoute(post, "/sendImage", q, w, handleSendMedia(mediaImage)),
		newRoute(post, "/sendFile", q, w, handleSendMedia(mediaFile)),
		newRoute(post, "/sendVoice", q, w, handleSendMedia(mediaVoice)),
		newRoute(post, "/sendVideo", q, w, handleSendMedia(mediaVideo)),
		newRoute(post, "/sendLinkPreview", q, w, handleSendLinkPreview),
		newRoute(post, "/sendLocation", q, w, handleSendLocation),
		newRoute(post, "/sendPoll", j, w, handleSendPoll),
		newRoute(post, "/sendContactVcard", j, w, handleSendContactVCard),
		newRoute(post, "/sendSeen", q, w, handleSendSeen),
		newRoute(post, "/startTyping", q, w, handleTyping(wawp.PresenceTyping)),
		newRoute(post, "/stopTyping", q, w, handleTyping(wawp.PresencePaused)),
		newRoute(put, "/reaction", q, w, handleReaction),
		newRoute(put, "/star", q, w, handleStar),
		// Profile.
		newRoute(get, "/profile", q, w, handleGetProfile),
		newRoute(put, "/profile/nameRequest", q, w, handleSetProfileName),
		newRoute(put, "/profile/status", q, w, handleSetProfileAbout),
		newRoute(put, "/profile/picture", q, w, handleSetProfilePicture),
		newRoute(del, "/profile/picture", q, w, handleDeleteProfilePicture),
		// Channels.
		newRoute(get, "/channels", q, w, handleListChannels),
		newRoute(post, "/channels", j, w, handleCreateChannel),
		newRoute(get, "/channels/search", q, w, handleSearchChannels),
		newRoute(get, "/channels/search/views", q, w, handleSearchViews),
		newRoute(get, "/channels/search/countries", q, w, handleSearchCountries),
		newRoute(get, "/channels/search/categories", q, w, handleSearchCategories),
		newRoute(get, "/channels/{id}", q, w, handleGetChannel),
		newRoute(del, "/channels/{id}", q, w, handleDeleteChannel),
		newRoute(get, "/channels/{id}/messages/preview", q, w, handlePreviewChannel),
		newRoute(post, "/channels/{id}/follow", q, w, handleFollowChannel(true)),
		newRoute(post, "/channels/{id}/unfollow", q, w, handleFollowChannel(false)),
		newRoute(post, "/channels/{id}/mute", q, w, handleMuteChannel(true)),
		newRoute(post, "/channels/{id}/unmute", q, w, handleMuteChannel(false)),
		// Presence.
		newRoute(post, "/presence", q, w, handleSetPresence),
		newRoute(get, "/presence/{chatId}", q, w, handleGetPresence),
		// Status (stories).
		newRoute(post, "/status/text", q, w, handleStatusText),
		newRoute(post, "/status/image", q, w, handleStatusMedia(mediaImage)),
		newRoute(post, "/status/voice", q, w, handleStatusMedia(mediaVoice)),
		newRoute(post, "/status/video", q, w, handleStatusMedia(mediaVideo)),
		newRoute(post, "/status/delete", q, w, handleStatusDelete),
		// Chats.
		newRoute(post, "/chats", q, w, handleListChats),
		newRoute(get, "/chats", q, w, handleListChats),
		newRoute(get, "/chats/overview", q, w, handleChatsOverview),
		newRoute(post, "/chats/overview", j, w, handleChatsOverviewByIDs),
		newRoute(del, "/chats/{chatId}", q, w, handleDeleteChat),
		newRoute(get, "/chats/{chatId}/picture", q, w, handleChatPicture),
		newRoute(get, "/chats/{chatId}/messages", q, w, handleChatMessages),
		newRoute(del, "/chats/{chatId}/messages", q, w, handleClearMessages),
		newRoute(post, "/chats/{chatId}/messages/read", q, w, handleMarkChatRead),
		newRoute(post, "/chats/{chatId}/messages/{messageId}", q, w, handleGetMessage),
		newRoute(get, "/chats/{chatId}/messages/{messageId}", q, w, handleGetMessage),
		newRoute(del, "/chats/{chatId}/messages/{messageId}", q, w, handleDeleteMessage),
		newRoute(put, "/chats/{chatId}/messages/{messageId}", q, w, handleEditMessage),
		newRoute(post, "/chats/{chatId}/messages/{messageId}/pin", q, w, handlePinMessage(true)),
		newRoute(post, "/chats/{chatId}/messages/{messageId}/unpin", q, w, handlePinMessage(false)),
		newRoute(post, "/chats/{chatId}/archive", q, w, handleArchiveChat(true)),
		newRoute(post, "/chats/{chatId}/unarchive", q, w, handleArchiveChat(false)),
		newRoute(post, "/chats/{chatId}/unread", q, w, handleMarkChatUnread),
		// Contacts and LIDs.
		newRoute(get, "/contacts/all", q, w, handleListContacts),
		newRoute(get, "/contacts", q, w, handleGetContact),
		newRoute(get, "/contacts/check-exists", q, w, handleCheckExists),
		newRoute(get, "/contacts/about", q, w, handleContactAbout),
		newRoute(get, "/contacts/profile-picture", q, w, handleContactPicture),
		newRoute(post, "/contacts/block", q, w, handleBlockContact(true)),
		newRoute(post, "/contacts/unblock", q, w, handleBlockContact(false)),
		newRoute(put, "/contacts/{contactId}", q, w, handleUpsertContact),
		newRoute(get, "/lids", q, w, handleListLIDs),
		newRoute(get, "/lids/count", q, w, handleCountLIDs),
		// Groups.
		newRoute(get, "/groups", q, w, handleListGroups),
		newRoute(post, "/groups", j, w, handleCreateGroup),
		newRoute(get, "/groups/join-info", q, w, handleGroupJoinInfo),
		newRoute(post, "/groups/join", j, w, handleJoinGroup),
		newRoute(get, "/groups/count", q, w, handleCountGroups),
		newRoute(post, "/groups/refresh", q, w, handleRefreshGroups),
		newRoute(get, "/groups/{id}", q, w, handleGetGroup),
		newRoute(del, "/groups/{id}", q, w, handleDeleteGroup),
		newRoute(post, "/groups/{id}/leave", q, w, handleLeaveGroup),
		newRoute(get, "/groups/{id}/picture", q, w, handleGroupPicture),
		newRoute(put, "/groups/{id}/picture", j, w, handleSetGroupPicture),
		newRoute(del, "/groups/{id}/picture", q, w, handleDeleteGroupPicture),
		newRoute(put, "/groups/{id}/description", j, w, handleSetGroupDescription),
		newRoute(put, "/groups/{id}/subject", j, w, handleSetGroupSubject),
		newRoute(get, "/groups/{id}/settings/security/info-admin-only", q, w, handleGroupSetting(settingInfo)),
		newRoute(put, "/groups/{id}/settings/security/info-admin-only", q, w, handleSetGroupSetting(settingInfo)),
		newRoute(get, "/groups/{id}/settings/security/messages-admin-only", q, w, handleGroupSetting(settingMessages)),
		newRoute(put, "/groups/{id}/settings/security/messages-admin-only", q, w, handleSetGroupSetting(settingMessages)),
		newRoute(get, "/groups/{id}/invite-code", q, w, handleInviteCode),
		newRoute(post, "/groups/{id}/invite-code/revoke", q, w, handleRevokeInviteCode),
		newRoute(get, "/groups/{id}/participants", q, w, handleGroupParticipants),
		newRoute(post, "/groups/{id}/participants/add", j, w, handleChangeParticipants(changeAdd)),
		newRoute(post, "/groups/{id}/participants/remove", j, w, handleChangeParticipants(changeRemove)),
		newRoute(post, "/groups/{id}/admin/promote", j, w, handleChangeParticipants(changePromote)),
		newRoute(post, "/groups/{id}/admin/demote", j, w, handleChangeParticipants(changeDemote)),
		// Labels.
		newRoute(get, "/labels", q, w, handleListLabels),
		newRoute(post, "/labels", j, w, handleCreateLabel),
		newRoute(put, "/labels/{labelId}", j, w, handleUpdateLabel),
		newRoute(del, "/labels/{labelId}", q, w, handleDeleteLabel),
		newRoute(get, "/labels/chats/{chatId}", q, w, handleChatLabels),
		newRoute(put, "/labels/chats/{chatId}", j, w, handleSetChatLabels),
		newRoute(get, "/labels/{labelId}/chats", q, w, handleLabelChats),
	}
}

// matchRoute finds the route for method and path. When several patterns
// match, the one with a literal segment earliest wins, so "/channels/search"
// beats "/channels/{id}". A path that matches only under another method has
// no route, as in WordPress.
func matchRoute(routes []*route, method string, segments []string) (*route, map[string]string) {
	var best *route
	for _, rt := range routes {
		if rt.method != method || !rt.matches(segments) {
			continue
		}
		if best == nil || rt.moreSpecificThan(best) {
			best = rt
		}
	}
	if best == nil {
		return nil, nil
	}
	vars := map[string]string{}
	for i, seg := range best.segments {
		if name, ok := placeholder(seg); ok {
			vars[name] = segments[i]
		}
	}
	return best, vars
}

func (rt *route) matches(segments []string) bool {
	if len(segments) != len(rt.segments) {
		return false
	}
	for i, seg := range rt.segments {
		if _, ok := placeholder(seg); ok {
			if segments[i] == "" {
				return false
			}
			continue
		}
		if seg != segments[i] {
			return false
		}
	}
	return true
}

func (rt *route) moreSpecificThan(other *route) bool {
	for i, seg := range rt.segments {
		_, mine := placeholder(seg)
		_, theirs := placeholder(other.segments[i])
		if mine != theirs {
			return theirs
		}
	}
	return false
}

func placeholder(seg string) (string, bool) {
	if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}
