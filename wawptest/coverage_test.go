package wawptest

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wawp-go/wawp"
)

// catalogRow is one endpoint of testdata/endpoints.tsv.
type catalogRow struct {
	n, section, method, path, goMethod, paramsIn, params string
}

func readCatalog(t *testing.T) []catalogRow {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "endpoints.tsv"))
	require.NoError(t, err)
	defer f.Close()
	var rows []catalogRow
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first || len(cols) < 8 {
			continue
		}
		rows = append(rows, catalogRow{n: cols[0], section: cols[1], method: cols[3], path: cols[4], goMethod: cols[5], paramsIn: cols[6], params: cols[7]})
	}
	require.NoError(t, sc.Err())
	return rows
}

// world is the data a catalog request can refer to.
type world struct {
	chat         wawp.ChatID    // a person with an incoming and an outgoing message
	incoming     wawp.MessageID // their message
	own          wawp.MessageID // the session's message to them
	group        wawp.ChatID    // a group the session created, with two members
	member       wawp.ChatID    // a member of that group
	inviteCode   string
	label        string
	channel      wawp.ChatID // a directory channel the session follows
	ownedChannel wawp.ChatID // a channel the session created
	statusID     string
}

// seedWorld logs the default instance in and creates one of everything.
func seedWorld(t *testing.T, srv *Server) world {
	t.Helper()
	a := api(t, srv)
	require.NoError(t, srv.ScanQR())
	w := world{chat: alice, member: "447441429011@c.us"}
	require.NoError(t, srv.AddContact(Contact{ID: alice, Name: "Alice", PushName: "Al", About: "Hi", PictureURL: "https://x.test/a.jpg", LID: "123456789@lid"}))
	w.incoming = receive(t, srv, alice, "hello").ID
	w.own = a.sendText(alice, "hi there").ID

	var g groupInfoJSON
	a.ok(http.MethodPost, "/groups", nil, `{"name":"Team","participants":[{"id":"447441429010"},{"id":"447441429011@c.us"}]}`).decode(t, &g)
	w.group = g.ID
	w.inviteCode = strings.TrimPrefix(g.Invite, inviteLinkPrefix)

	var l wawp.Label
	a.ok(http.MethodPost, "/labels", nil, `{"name":"Lead","color":1}`).decode(t, &l)
	w.label = l.ID

	w.channel = "120363000000000001@newsletter"
	a.ok(http.MethodPost, "/channels/"+esc(string(w.channel))+"/follow", nil, "")
	var ch channelJSON
	a.ok(http.MethodPost, "/channels", nil, `{"name":"Mine"}`).decode(t, &ch)
	w.ownedChannel = ch.ID

	var status struct {
		Key statusKey `json:"key"`
	}
	a.ok(http.MethodPost, "/status/text", vals("text", "story"), "").decode(t, &status)
	w.statusID = status.Key.ID
	return w
}

// catalogRequest is a minimal valid request for one catalog row.
type catalogRequest struct {
	query url.Values
	body  string
}

// catalogRequests gives, per go_method, a well-formed request.
func catalogRequests(w world) map[string]catalogRequest {
	chat := string(w.chat)
	q := func(kv ...string) catalogRequest { return catalogRequest{query: vals(kv...)} }
	b := func(body string) catalogRequest { return catalogRequest{body: body} }
	return map[string]catalogRequest{
		"Sessions.Create": q("name", "Second"),
		"Sessions.Start":  {}, "Sessions.Stop": {}, "Sessions.Restart": {}, "Sessions.Delete": {},
		"Sessions.Logout": {}, "Sessions.Info": {}, "Sessions.Me": {},
		"Auth.QRRaw":       q("format", "raw"),
		"Auth.QRImage":     {},
		"Auth.RequestCode": q("phone_number", "447441429009"),
		"Auth.Screenshot":  {},

		"Messages.SendText":         q("chatId", chat, "message", "hi"),
		"Messages.SendImage":        q("chatId", chat, "file[url]", "https://x.test/a.jpg", "file[filename]", "a.jpg", "file[mimetype]", "image/jpeg", "caption", "c"),
		"Messages.SendFile":         q("chatId", chat, "file[url]", "https://x.test/a.pdf"),
		"Messages.SendVoice":        q("chatId", chat, "file[url]", "https://x.test/a.ogg", "convert", "false"),
		"Messages.SendVideo":        q("chatId", chat, "file[url]", "https://x.test/a.mp4", "convert", "false", "asNote", "false"),
		"Messages.SendLinkPreview":  q("chatId", chat, "url", "https://wawp.net", "title", "Wawp"),
		"Messages.SendLocation":     q("chatId", chat, "latitude", "38.89", "longitude", "-77.09", "title", "Office"),
		"Messages.SendPoll":         b(`{"chatId":"` + chat + `","poll":{"name":"Q","options":["a","b"],"multipleAnswers":false}}`),
		"Messages.SendContactVCard": b(`{"chatId":"` + chat + `","contacts":[{"fullName":"John","phoneNumber":"+1 555 0100"}]}`),
		"Messages.MarkSeen":         q("chatId", chat, "messageIds[]", string(w.incoming)),
		"Messages.StartTyping":      q("chatId", chat),
		"Messages.StopTyping":       q("chatId", chat),
		"Messages.React":            q("chatId", chat, "messageId", string(w.incoming), "reaction", "👍"),
		"Messages.Star":             q("chatId", chat, "messageId", string(w.incoming), "star", "true"),

		"Profile.Get":           {},
		"Profile.SetName":       q("name", "Bot"),
		"Profile.SetAbout":      q("status", "Busy"),
		"Profile.SetPicture":    q("file[url]", "https://x.test/me.jpg"),
		"Profile.DeletePicture": {},

		"Channels.List":             q("role", "SUBSCRIBER"),
		"Channels.Create":           b(`{"name":"News","description":"d","picture":{"url":"https://x.test/p.jpg"},"type":"string"}`),
		"Channels.Get":              {},
		"Channels.Delete":           {},
		"Channels.PreviewMessages":  q("downloadMedia", "false", "limit", "5"),
		"Channels.Follow":           {},
		"Channels.Unfollow":         {},
		"Channels.Mute":             {},
		"Channels.Unmute":           {},
		"Channels.SearchByView":     q("view", "RECOMMENDED", "countries[]", "US", "limit", "5"),
		"Channels.SearchByText":     q("text", "news", "limit", "5"),
		"Channels.SearchViews":      {},
		"Channels.SearchCountries":  {},
		"Channels.SearchCategories": {},

		"Presence.Set": q("presence", "typing", "chatId", chat),
		"Presence.Get": {},

		"Status.SendText":  q("text", "hello", "backgroundColor", "#38b42f", "font", "0"),
		"Status.SendImage": q("file[url]", "https://x.test/a.jpg", "caption", "c"),
		"Status.SendVoice": q("file[url]", "https://x.test/a.ogg", "convert", "true"),
		"Status.SendVideo": q("file[url]", "https://x.test/a.mp4", "convert", "true"),
		"Status.Delete":    q("id", w.statusID),

		"Chats.List":          q("sortBy", "id", "sortOrder", "asc", "limit", "10", "offset", "0"),
		"Chats.Overview":      q("limit", "10", "offset", "0", "ids[]", chat),
		"Chats.OverviewByIDs": b(`{"pagination":{"limit":10,"offset":0},"filter":{"ids":["` + chat + `"]}}`),
		"Chats.Delete":        {},
		"Chats.Picture":       q("refresh", "true"),
		"Chats.Messages":      q("limit", "10", "offset", "0", "downloadMedia", "false", "filter.fromMe", "true"),
		"Chats.ClearMessages": {},
		"Chats.MarkRead":      q("messages", "10", "days", "7"),
		"Chats.Message":       q("downloadMedia", "false"),
		"Chats.DeleteMessage": {},
		"Chats.EditMessage":   q("text", "edited", "linkPreview", "false"),
		"Chats.PinMessage":    q("duration", "86400"),
		"Chats.UnpinMessage":  {},
		"Chats.Archive":       {},
		"Chats.Unarchive":     {},
		"Chats.MarkUnread":    {},

		"Contacts.List":           q("limit", "10", "offset", "0", "sortBy", "name", "sortOrder", "asc"),
		"Contacts.Get":            q("contactId", chat),
		"Contacts.CheckExists":    q("phone", "447441429009"),
		"Contacts.About":          q("contactId", chat),
		"Contacts.ProfilePicture": q("contactId", chat, "refresh", "false"),
		"Contacts.Block":          q("contactId", chat),
		"Contacts.Unblock":        q("contactId", chat),
		"Contacts.Upsert":         q("firstName", "Alice", "lastName", "Smith"),
		"Contacts.LIDs":           q("limit", "10", "offset", "0"),
		"Contacts.LIDCount":       {},

		"Groups.List":                 q("limit", "10", "offset", "0", "sortBy", "subject", "sortOrder", "desc"),
		"Groups.Create":               b(`{"name":"New","participants":[{"id":"447441429012"}]}`),
		"Groups.JoinInfo":             q("code", inviteLinkPrefix+w.inviteCode),
		"Groups.Join":                 b(`{"code":"` + w.inviteCode + `"}`),
		"Groups.Count":                {},
		"Groups.Refresh":              {},
		"Groups.Get":                  {},
		"Groups.Delete":               {},
		"Groups.Leave":                {},
		"Groups.Picture":              q("refresh", "false"),
		"Groups.SetPicture":           b(`{"file":{"url":"https://x.test/g.jpg","filename":"g.jpg","mimetype":"image/jpeg"}}`),
		"Groups.DeletePicture":        {},
		"Groups.SetDescription":       b(`{"description":"Sprint team"}`),
		"Groups.SetSubject":           b(`{"subject":"Project Alpha"}`),
		"Groups.InfoAdminOnly":        {},
		"Groups.SetInfoAdminOnly":     q("adminsOnly", "true"),
		"Groups.MessagesAdminOnly":    {},
		"Groups.SetMessagesAdminOnly": q("adminsOnly", "true"),
		"Groups.InviteCode":           {},
		"Groups.RevokeInviteCode":     {},
		"Groups.Participants":         {},
		"Groups.AddParticipants":      b(`{"participants":[{"id":"447441429012"}]}`),
		"Groups.RemoveParticipants":   b(`{"participants":[{"id":"` + string(w.member) + `"}]}`),
		"Groups.PromoteParticipants":  b(`{"participants":[{"id":"` + string(w.member) + `"}]}`),
		"Groups.DemoteParticipants":   b(`{"participants":[{"id":"` + string(w.member) + `"}]}`),

		"Labels.List":          {},
		"Labels.Create":        b(`{"name":"VIP","colorHex":"#64c4ff"}`),
		"Labels.Update":        b(`{"name":"Lead+","color":2}`),
		"Labels.Delete":        {},
		"Labels.ChatLabels":    {},
		"Labels.SetChatLabels": b(`{"labels":[{"id":"` + w.label + `"}]}`),
		"Labels.Chats":         {},
	}
}

// fillPath replaces the catalog placeholders with escaped IDs from w.
func fillPath(row catalogRow, w world) string {
	ids := map[string]string{
		"{chatId}":    string(w.chat),
		"{messageId}": string(w.own),
		"{labelId}":   w.label,
		"{contactId}": string(w.chat),
		"{id}":        string(w.group),
	}
	if row.section == "Channels" {
		ids["{id}"] = string(w.channel)
		if row.goMethod == "Channels.Delete" {
			ids["{id}"] = string(w.ownedChannel)
		}
	}
	return regexp.MustCompile(`\{[^}]+\}`).ReplaceAllStringFunc(row.path, func(p string) string { return url.PathEscape(ids[p]) })
}

// TestEveryCatalogEndpointIsServed sends a well-formed request for each of
// the 110 catalog rows to a fresh server and requires a 200 JSON answer.
func TestEveryCatalogEndpointIsServed(t *testing.T) {
	t.Parallel()
	rows := readCatalog(t)
	require.Len(t, rows, 110)
	for _, row := range rows {
		t.Run(row.n+"_"+row.goMethod, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			a := api(t, srv)
			a.ok(http.MethodPost, "/session/start", nil, "")
			var w world
			if row.section != "Auth" {
				w = seedWorld(t, srv)
			}
			req, ok := catalogRequests(w)[row.goMethod]
			require.True(t, ok, "no request for %s", row.goMethod)
			if row.paramsIn == "json" {
				require.NotEmpty(t, req.body, "%s takes a JSON body", row.goMethod)
			} else {
				require.Empty(t, req.body, "%s takes query parameters", row.goMethod)
			}
			if row.goMethod == "Sessions.Create" {
				a = a.as("", srv.AccessToken())
			}
			r := a.do(row.method, fillPath(row, w), req.query, req.body)
			require.Equal(t, http.StatusOK, r.Status, "%s %s: %s", row.method, row.path, r.Body)
			assert.True(t, json.Valid(r.Body), "answer is JSON: %s", r.Body)
		})
	}
}

// TestCatalogRequestsAreMinimal checks the table above has no request for
// a method outside the catalog.
func TestCatalogRequestsAreMinimal(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, row := range readCatalog(t) {
		known[row.goMethod] = true
	}
	for method := range catalogRequests(world{}) {
		assert.True(t, known[method], "%s is not in the catalog", method)
	}
}
