package wawp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// These examples run against wawptest, an in-process fake of the Wawp API,
// so they need no account. In a program, build the client with
// wawp.NewClient(instanceID, accessToken) or wawp.NewClientFromEnv().

// A client acts for one instance: its ID and the account's access token.
func Example() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	ctx := context.Background()

	// WithBaseURL points the client at the fake server; leave it out to talk
	// to wawp.net.
	client, err := wawp.NewClient(srv.InstanceID(), srv.AccessToken(), wawp.WithBaseURL(srv.BaseURL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	me, err := client.Sessions.Me(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logged in as", me.PushName, me.ID)
	// Output:
	// logged in as Wawp Test 15550000001@c.us
}

func ExampleMessagesService_SendText() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	// The chat comes first; a bare phone number works too.
	msg, err := client.Messages.SendText(context.Background(), "447441429009", wawp.SendTextParams{
		Text: "Your order has *shipped*",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("to:", msg.To)
	fmt.Println("body:", msg.Body)
	fmt.Println("from me:", msg.FromMe, "ack:", msg.Ack)
	// Output:
	// to: 447441429009@c.us
	// body: Your order has *shipped*
	// from me: true ack: SERVER
}

func ExampleMessagesService_SendImage() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	// The file name and MIME type come from the URL when left empty.
	msg, err := client.Messages.SendImage(context.Background(), "447441429009@c.us", wawp.SendImageParams{
		File:    wawp.File{URL: "https://example.com/photos/cat.jpg"},
		Caption: "Look at this",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.Body, msg.HasMedia, msg.Media.MIMEType)
	// Output:
	// Look at this true image/jpeg
}

// Nothing is sent when the input is wrong: the error names the field.
func ExampleValidationError() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	_, err := client.Messages.SendText(context.Background(), "foo@bar", wawp.SendTextParams{Text: "hi"})
	var invalid *wawp.ValidationError
	if errors.As(err, &invalid) {
		fmt.Println("field:", invalid.Field)
	}
	fmt.Println("requests sent:", len(srv.Requests()))
	// Output:
	// field: chatId
	// requests sent: 0
}

// Start a session and wait until it shows a QR code, then until the phone
// has scanned it.
func ExampleSessionsService_WaitForStatus() {
	srv := wawptest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background() // use a deadline in real code: a person scans the code

	if _, err := client.Sessions.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	session, err := client.Sessions.WaitForStatus(ctx, wawp.SessionScanQRCode, wawp.SessionWorking)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", session.Status)

	if err := srv.ScanQR(); err != nil { // the phone scans the code
		log.Fatal(err)
	}
	session, err = client.Sessions.WaitForStatus(ctx, wawp.SessionWorking)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", session.Status, "as", session.Me.ID)
	// Output:
	// status: SCAN_QR_CODE
	// status: WORKING as 15550000001@c.us
}

// A new session is made with an account-level client, which has no
// instance ID, and used through WithInstance.
func ExampleSessionsService_Create() {
	srv := wawptest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	account := srv.AccountClient()

	session, err := account.Sessions.Create(ctx, "support-line")
	if err != nil {
		fmt.Println(err)
		return
	}
	client := account.WithInstance(session.InstanceID())
	fmt.Println("new instance has a 12-digit ID:", len(client.InstanceID()) == 12)

	info, err := client.Sessions.Info(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", info.Status)
	// Output:
	// new instance has a 12-digit ID: true
	// status: STOPPED
}

// RateLimit shows the sending policy in force and what each policy allows.
func ExampleSessionsService_RateLimit() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if err := client.Sessions.SetRateLimit(ctx, wawp.RateLimitStrict); err != nil {
		fmt.Println(err)
		return
	}
	info, err := client.Sessions.RateLimit(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("current:", info.Current.Slug, "sends a minute:", info.Current.Limits.SendMessagePerMinute)
	fmt.Println("free policies:", info.FreePolicies)
	// Output:
	// current: strict sends a minute: 10
	// free policies: [strict standard_policy]
}

// Log in without a camera: WhatsApp on the phone asks for the code under
// Linked devices > Link with phone number.
func ExampleAuthService_RequestCode() {
	srv := wawptest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if _, err := client.Sessions.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Sessions.WaitForStatus(ctx, wawp.SessionScanQRCode); err != nil {
		fmt.Println(err)
		return
	}
	code, err := client.Auth.RequestCode(ctx, "+1 555 000 0001")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("code looks like ABCD-EFGH:", regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}$`).MatchString(code.Code))
	fmt.Println("phone_number sent:", srv.Requests()[len(srv.Requests())-1].Query.Get("phone_number"))
	// Output:
	// code looks like ABCD-EFGH: true
	// phone_number sent: 15550000001
}

func ExampleChatsService_MessagesIter() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	for _, text := range []string{"one", "two", "three", "four", "five"} {
		if _, err := srv.Receive("447441429009", text); err != nil {
			log.Fatal(err)
		}
	}

	// Pages of two messages are fetched as the loop needs them, newest first.
	params := &wawp.ChatMessagesParams{Limit: 2}
	for msg, err := range client.Chats.MessagesIter(context.Background(), "447441429009@c.us", params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(msg.Body)
	}
	fmt.Println("pages fetched:", len(srv.Requests()))
	// Output:
	// five
	// four
	// three
	// two
	// one
	// pages fetched: 3
}

func ExampleChatsService_Message() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	received, err := srv.Receive("447441429009", "Is the order ready?")
	if err != nil {
		log.Fatal(err)
	}

	// nil params fetch the message without its media; set DownloadMedia to
	// have the server download it too.
	msg, err := client.Chats.Message(context.Background(), "447441429009@c.us", received.ID,
		&wawp.ChatMessageParams{DownloadMedia: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.Body)
	fmt.Println("sent:", srv.Requests()[len(srv.Requests())-1].Query.Encode())
	// Output:
	// Is the order ready?
	// sent: downloadMedia=true
}

func ExampleChatsService_EditMessage() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	chat := wawp.ChatID("447441429009@c.us")

	// Only messages the session sent can be edited; send one first.
	var sent wawp.Message
	err := client.Do(ctx, http.MethodPost, "send", url.Values{"chatId": {string(chat)}, "message": {"See you at 10"}}, nil, &sent)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Leave LinkPreview nil for the server's default (a preview); set it to
	// turn the preview off.
	err = client.Chats.EditMessage(ctx, chat, sent.ID, wawp.ChatEditMessageParams{
		Text:        "See you at 11 https://wawp.net",
		LinkPreview: wawp.Ptr(false),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sent:", srv.Requests()[len(srv.Requests())-1].Query.Encode())
	// Output:
	// sent: linkPreview=false&text=See+you+at+11+https%3A%2F%2Fwawp.net
}

func ExampleChatsService_OverviewByIDs() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	if _, err := srv.Receive("447441429009", "Hello"); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.Receive("4915112345678", "Hallo"); err != nil {
		log.Fatal(err)
	}

	// The IDs go in a JSON body, so long lists fit; Overview takes the same
	// filter, optional, in the query string.
	summaries, err := client.Chats.OverviewByIDs(context.Background(), wawp.ChatOverviewByIDsParams{
		IDs: []wawp.ChatID{"4915112345678@c.us"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range summaries {
		fmt.Println(s.ID, s.LastMessage.Body)
	}
	// Output:
	// 4915112345678@c.us Hallo
}

func ExampleContactsService_ProfilePicture() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	// nil params read the server's cached copy; Refresh bypasses the cache.
	_, err := client.Contacts.ProfilePicture(context.Background(), "447441429009",
		&wawp.ContactProfilePictureParams{Refresh: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sent:", srv.Requests()[len(srv.Requests())-1].Query.Encode())
	// Output:
	// sent: contactId=447441429009&refresh=true
}

func ExampleGroupsService_Create() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	group, err := client.Groups.Create(context.Background(), wawp.GroupCreateParams{
		Subject:      "Project X",
		Participants: []wawp.ChatID{"447441429009", "4915112345678@c.us"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(group.Subject, group.ID.IsGroup())
	for _, p := range group.Participants {
		fmt.Println(p.ID, p.Role)
	}
	// Output:
	// Project X true
	// 15550000001@c.us superadmin
	// 447441429009@c.us participant
	// 4915112345678@c.us participant
}

func ExampleGroupsService_ListIter() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		params := wawp.GroupCreateParams{Subject: name, Participants: []wawp.ChatID{"447441429009"}}
		if _, err := client.Groups.Create(ctx, params); err != nil {
			fmt.Println(err)
			return
		}
	}

	// Pages of two groups, without their participant lists, are fetched as
	// the loop needs them.
	params := &wawp.GroupListParams{Limit: 2, SortBy: wawp.GroupSortBySubject, Exclude: []wawp.GroupListExclude{wawp.GroupExcludeParticipants}}
	for group, err := range client.Groups.ListIter(ctx, params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(group.Subject)
	}
	// Output:
	// Alpha
	// Beta
	// Gamma
}

func ExampleGroupsService_PromoteParticipants() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	members := []wawp.ChatID{"447441429009", "4915112345678"}
	group, err := client.Groups.Create(ctx, wawp.GroupCreateParams{Subject: "Project X", Participants: members})
	if err != nil {
		fmt.Println(err)
		return
	}
	// One params type names the people for every participant change.
	deputy := wawp.GroupParticipantsParams{Participants: []wawp.ChatID{"4915112345678"}}
	if err := client.Groups.PromoteParticipants(ctx, group.ID, deputy); err != nil {
		fmt.Println(err)
		return
	}
	participants, err := client.Groups.Participants(ctx, group.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range participants {
		fmt.Println(p.ID, p.Role)
	}
	// Output:
	// 15550000001@c.us superadmin
	// 447441429009@c.us participant
	// 4915112345678@c.us admin
}

func ExampleLabelsService_SetChatLabels() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	blue := 14
	vip, err := client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "VIP", Color: &blue})
	if err != nil {
		fmt.Println(err)
		return
	}
	unpaid, err := client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "Unpaid", ColorHex: "#f74848"})
	if err != nil {
		fmt.Println(err)
		return
	}
	// SetChatLabels replaces the chat's labels: pass every label it should keep.
	chat := wawp.ChatID("447441429009@c.us")
	if err := client.Labels.SetChatLabels(ctx, chat, wawp.LabelSetChatLabelsParams{LabelIDs: []string{vip.ID, unpaid.ID}}); err != nil {
		fmt.Println(err)
		return
	}
	labels, err := client.Labels.ChatLabels(ctx, chat)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range labels {
		fmt.Println(l.Name, l.Color, l.ColorHex)
	}
	// Output:
	// VIP 14 #00a0f2
	// Unpaid 13 #f74848
}

// LinkChat adds one label to a chat and leaves the chat's other labels alone,
// unlike SetChatLabels, which replaces them all.
func ExampleLabelsService_LinkChat() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	chat := wawp.ChatID("447441429009@c.us")

	vip, err := client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "VIP", Color: wawp.Ptr(14)})
	if err != nil {
		log.Fatal(err)
	}
	unpaid, err := client.Labels.Create(ctx, wawp.LabelCreateParams{Name: "Unpaid", Color: wawp.Ptr(13)})
	if err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{vip.ID, unpaid.ID} {
		if err := client.Labels.LinkChat(ctx, id, chat); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := client.Labels.UnlinkChat(ctx, unpaid.ID, chat); err != nil {
		fmt.Println(err)
		return
	}
	labels, err := client.Labels.ChatLabels(ctx, chat)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range labels {
		fmt.Println(l.Name)
	}
	// Output:
	// VIP
}

func ExampleChannelsService_List() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if _, err := client.Channels.Create(ctx, wawp.ChannelCreateParams{Name: "Release notes"}); err != nil {
		fmt.Println(err)
		return
	}
	// nil lists every channel; a role narrows the list.
	owned, err := client.Channels.List(ctx, &wawp.ChannelListParams{Role: wawp.ChannelRoleOwner})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range owned {
		fmt.Println(ch.Name, ch.Role)
	}
	fmt.Println("role sent:", srv.Requests()[len(srv.Requests())-1].Query.Get("role"))
	// Output:
	// Release notes OWNER
	// role sent: OWNER
}

func ExampleChannelsService_SearchByTextIter() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	// The iterator follows the result pages' cursors, two channels a page.
	params := wawp.ChannelSearchByTextParams{Text: "news", Limit: 2}
	for ch, err := range client.Channels.SearchByTextIter(context.Background(), params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ch.Name)
	}
	fmt.Println("pages fetched:", len(srv.Requests()))
	// Output:
	// Daily Headlines
	// Tech Today
	// Cinema Club
	// Market Watch
	// pages fetched: 2
}

func ExampleContactsService_CheckExists() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	if err := srv.AddContact(wawptest.Contact{ID: "447441429009@c.us", Name: "Alice"}); err != nil {
		log.Fatal(err)
	}
	client := srv.Client()

	for _, phone := range []string{"+44 7441 429009", "+1 202 555 0143"} {
		check, err := client.Contacts.CheckExists(context.Background(), phone)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: exists %t, chat %q\n", phone, check.NumberExists, check.ChatID)
	}
	// Output:
	// +44 7441 429009: exists true, chat "447441429009@c.us"
	// +1 202 555 0143: exists false, chat ""
}

// Group members and senders may be hidden behind linked IDs (@lid); the
// phone number is found through the server's mappings.
func ExampleContactsService_ResolveLID() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	if err := srv.AddLID("123456789012345@lid", "447441429009@c.us"); err != nil {
		log.Fatal(err)
	}
	client := srv.Client()

	phone, err := client.Contacts.ResolveLID(context.Background(), "123456789012345@lid")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(phone)
	// Output:
	// 447441429009@c.us
}

// LIDByPhone asks the server for one number's linked ID in a single request;
// the LID is empty when the server knows none.
func ExampleContactsService_LIDByPhone() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	if err := srv.AddLID("123456789012345@lid", "447441429009@c.us"); err != nil {
		log.Fatal(err)
	}
	client := srv.Client()
	ctx := context.Background()

	for _, phone := range []string{"+44 7441 429009", "+1 202 555 0143"} {
		found, err := client.Contacts.LIDByPhone(ctx, phone)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %q\n", found.Number, found.LID)
	}
	// Output:
	// 447441429009: "123456789012345@lid"
	// 12025550143: ""
}

func ExampleProfileService_Get() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	if err := client.Profile.SetName(ctx, "Acme Support"); err != nil {
		fmt.Println(err)
		return
	}
	profile, err := client.Profile.Get(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %q picture=%q\n", profile.ID, profile.Name, profile.Picture)
	// Output:
	// 15550000001@c.us "Acme Support" picture=""
}

func ExampleMessagesService_SendPoll() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	msg, err := client.Messages.SendPoll(context.Background(), "447441429009@c.us", wawp.SendPollParams{
		Poll: wawp.Poll{Name: "Lunch?", Options: []string{"Pizza", "Sushi"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	parts, _ := msg.ID.Parts()
	fmt.Println(parts.FromMe, parts.Chat)
	// Output:
	// true 447441429009@c.us
}

// A list message is a button that opens a menu; the row the recipient picks
// comes back in their reply by its RowID.
func ExampleMessagesService_SendList() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	msg, err := client.Messages.SendList(context.Background(), "447441429009@c.us", wawp.SendListParams{
		Title:  "Delivery slot",
		Button: "Choose a slot",
		Sections: []wawp.ListSection{{
			Title: "Tomorrow",
			Rows: []wawp.ListRow{
				{Title: "Morning", RowID: "slot-am"},
				{Title: "Afternoon", RowID: "slot-pm"},
			},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("to:", msg.To, "title:", msg.Body)
	// Output:
	// to: 447441429009@c.us title: Delivery slot
}

// The session votes in a poll by option text (or by 0-based index with
// Indexes); a new vote replaces the previous one.
func ExampleMessagesService_VotePoll() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	chat := wawp.ChatID("447441429009@c.us")

	poll, err := client.Messages.SendPoll(ctx, chat, wawp.SendPollParams{
		Poll: wawp.Poll{Name: "Lunch?", Options: []string{"Pizza", "Sushi"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Messages.VotePoll(ctx, chat, poll.ID, wawp.VotePollParams{Options: []string{"Sushi"}}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("voted:", srv.PollVotes(poll.ID))
	// Output:
	// voted: [Sushi]
}

// An event invitation has a start and, optionally, an end; recipients answer
// it, which arrives as event.response webhook events.
func ExampleMessagesService_SendEvent() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	start := time.Date(2030, time.March, 14, 18, 0, 0, 0, time.UTC)
	msg, err := client.Messages.SendEvent(context.Background(), "447441429009@c.us", wawp.SendEventParams{
		Name:     "Store opening",
		Start:    start,
		End:      start.Add(2 * time.Hour),
		Location: "12 High Street",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("to:", msg.To, "event:", msg.Body)
	// Output:
	// to: 447441429009@c.us event: Store opening
}

func ExampleMessagesService_React() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	sent, err := client.Messages.SendText(ctx, "447441429009@c.us", wawp.SendTextParams{Text: "Shipped!"})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The chat and the message are positional; an empty Reaction removes it.
	if err := client.Messages.React(ctx, "447441429009@c.us", sent.ID, wawp.ReactParams{Reaction: "👍"}); err != nil {
		fmt.Println(err)
		return
	}
	last := srv.Requests()[len(srv.Requests())-1]
	fmt.Println(last.Method, last.Path, last.Query.Get("reaction"))
	// Output:
	// PUT /reaction 👍
}

func ExampleMessagesService_MarkSeen() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	// Nil params mark every unread message of the chat.
	if err := client.Messages.MarkSeen(context.Background(), "447441429009@c.us", nil); err != nil {
		fmt.Println(err)
		return
	}
	last := srv.Requests()[len(srv.Requests())-1]
	fmt.Println(last.Method, last.Path, last.Query.Encode())
	// Output:
	// POST /sendSeen chatId=447441429009%40c.us
}

func ExamplePresenceService_Set() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()

	// Typing applies to one chat; online and offline to the whole account.
	err := client.Presence.Set(context.Background(), wawp.PresenceSetParams{
		Presence: wawp.PresenceTyping,
		ChatID:   "447441429009@c.us",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	last := srv.Requests()[len(srv.Requests())-1]
	fmt.Println(last.Method, last.Path, last.Query.Encode())
	// Output:
	// POST /presence chatId=447441429009%40c.us&presence=typing
}

func ExamplePresenceService_Get() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	if err := srv.SetPresence("447441429009@c.us", "447441429009@c.us", wawp.PresenceTyping); err != nil {
		log.Fatal(err)
	}
	client := srv.Client()

	presence, err := client.Presence.Get(context.Background(), "447441429009@c.us")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range presence.Presences {
		fmt.Println(p.Participant, p.LastKnownPresence)
	}
	// Output:
	// 447441429009@c.us typing
}

func ExampleStatusService_SendText() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// A text status with the default green background, seen by all contacts.
	status, err := client.Status.SendText(ctx, wawp.StatusSendTextParams{Text: "Open on Sunday!"})
	if err != nil {
		fmt.Println(err)
		return
	}
	posted := srv.Sent()[0]
	fmt.Println(posted.To, posted.Body, status.ID != "")

	// Status.Delete takes the result's ID as is, before the 24 hours are up.
	if err := client.Status.Delete(ctx, status.ID, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("deleted")
	// Output:
	// status@broadcast Open on Sunday! true
	// deleted
}

// Set subscribes one URL to some events and leaves every other subscription,
// the protected system webhook included, as it was.
func ExampleWebhooksService_Set() {
	srv := wawptest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	err := client.Webhooks.Set(ctx, "https://example.com/wawp/events", wawp.WebhookSetParams{
		Events:  []wawp.EventType{wawp.EventMessage, wawp.EventMessageAck},
		Retries: &wawp.WebhookRetryPolicy{Delay: 5 * time.Second, Attempts: 3},
		HMAC:    "signing-secret", // deliveries carry X-Wawp-Signature; check it with VerifySignature
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	config, err := client.Webhooks.Config(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range config.Webhooks {
		fmt.Println(w.URL, w.Events, "active:", w.Active, "retries:", w.Retries.Attempts, "every", w.Retries.Delay)
	}
	fmt.Println("system webhook kept:", config.System != nil && config.System.IsSystem())
	// Output:
	// https://example.com/wawp/events [message message.ack] active: true retries: 3 every 5s
	// system webhook kept: true
}

// A one-time code: SendOTP sends it to the user's WhatsApp, the user types it
// into your app, and CheckOTP compares it.
func ExampleVerifyService_SendOTP() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	user := wawp.ChatID("447441429009@c.us")

	if err := client.Verify.SendOTP(ctx, user, &wawp.VerifySendOTPParams{Lang: wawp.OTPFrench, Footer: "Acme"}); err != nil {
		fmt.Println(err)
		return
	}
	// In a real app the user reads the code on their phone and types it in.
	code, ok := srv.LastOTP(user)
	if !ok {
		log.Fatal("no code was sent")
	}
	result, err := client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: code})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("verified:", result.Verified)

	// A second code within a minute is refused with the wait.
	err = client.Verify.SendOTP(ctx, user, nil)
	var cooldown *wawp.CooldownError
	fmt.Println("cooldown:", errors.As(err, &cooldown))
	// Output:
	// verified: true
	// cooldown: true
}

// An approval request asks the user to tap Approve or Reject in WhatsApp;
// WaitApproval polls at the pace the API allows until they answer.
func ExampleVerifyService_SendApproval() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // the user may never answer
	defer cancel()

	req, err := client.Verify.SendApproval(ctx, "447441429009@c.us", wawp.VerifySendApprovalParams{
		Title:   "Log in to Acme on a new laptop?",
		Approve: "Yes, it's me",
		Reject:  "No",
		Button:  "Answer",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Approve(req.ID); err != nil { // the user taps "Yes, it's me"
		log.Fatal(err)
	}
	result, err := client.Verify.WaitApproval(ctx, req.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(result.Status, "verified:", result.Verified)
	// Output:
	// approved verified: true
}

func ExampleParseEvent() {
	body := []byte(`{
		"id": "evt_01jq8x3m5k7w2r9t4v6y8z0abc",
		"timestamp": 1710481111853,
		"event": "message",
		"session": "wawp-84729105",
		"payload": {
			"id": "false_447441429009@c.us_AAAAAAAAAAAAAAAAAAAA",
			"from": "447441429009@c.us",
			"fromMe": false,
			"body": "Is my order ready?"
		}
	}`)
	event, err := wawp.ParseEvent(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	switch p := event.Payload.(type) {
	case *wawp.Message:
		fmt.Printf("%s from %s: %q\n", event.Type, p.From, p.Body)
	case *wawp.AckEvent:
		fmt.Println("delivery state", p.Ack)
	default:
		fmt.Println("unhandled", event.Type)
	}
	fmt.Println(event.Timestamp.UTC().Format("2006-01-02 15:04:05.000"))
	// Output:
	// message from 447441429009@c.us: "Is my order ready?"
	// 2024-03-15 05:38:31.853
}

func ExampleVerifySignature() {
	body := []byte(`{"event":"message","payload":{"body":"hi"}}`)
	header := http.Header{}
	header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, "s3cret", wawp.AlgorithmSHA512))

	fmt.Println(wawp.VerifySignature(body, header, "s3cret"))

	tampered := []byte(`{"event":"message","payload":{"body":"HI"}}`)
	err := wawp.VerifySignature(tampered, header, "s3cret")
	fmt.Println(errors.Is(err, wawp.ErrSignatureMismatch))
	// Output:
	// <nil>
	// true
}

// A webhook receiver: the handler checks each delivery's signature and
// calls the callback registered for the event's type.
func ExampleNewWebhookHandler() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()

	var mu sync.Mutex
	var got []string
	hook, err := wawp.NewWebhookHandler("s3cret", wawp.WithSkipFromMe())
	if err != nil {
		log.Fatal(err)
	}
	hook.OnMessage(func(ctx context.Context, e *wawp.Event, m *wawp.Message) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, fmt.Sprintf("%s from %s: %q", e.Type, m.From, m.Body))
		return nil // an error answers 500, and Wawp delivers the event again
	})
	receiver := httptest.NewServer(hook) // http.ListenAndServe(":8080", hook) in a program
	defer receiver.Close()

	if err := srv.SetWebhook(receiver.URL, "s3cret"); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.Receive("447441429009", "Hello!"); err != nil {
		log.Fatal(err)
	}
	if err := srv.WaitIdle(context.Background()); err != nil { // a delivery the handler refused
		log.Fatal(err)
	}

	mu.Lock()
	defer mu.Unlock()
	fmt.Println(strings.Join(got, "\n"))
	// Output:
	// message from 447441429009@c.us: "Hello!"
}

func ExampleUserChatID() {
	for _, phone := range []string{"+44 7441-429009", "0044 7441 429009", "447441429009", "447441429009@c.us"} {
		id, err := wawp.UserChatID(phone)
		fmt.Println(id, err)
	}
	_, err := wawp.UserChatID("not a number")
	fmt.Println(err != nil)
	// Output:
	// 447441429009@c.us <nil>
	// 447441429009@c.us <nil>
	// 447441429009@c.us <nil>
	// 447441429009@c.us <nil>
	// true
}

func ExampleMessageID_Parts() {
	parts, err := wawp.MessageID("false_120363000000000001@g.us_3EB0C767D71D3A5B0C1A_447441429009@c.us").Parts()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(parts.FromMe, parts.Chat, parts.ID, parts.Participant)
	// Output:
	// false 120363000000000001@g.us 3EB0C767D71D3A5B0C1A 447441429009@c.us
}

// Do reaches an endpoint with the client's credentials, retries and error
// handling, decoding the answer into any value.
func ExampleClient_Do() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	if err := srv.AddLID("123456789012345@lid", "447441429009@c.us"); err != nil {
		log.Fatal(err)
	}

	var out struct {
		Count int `json:"count"`
	}
	if err := client.Do(context.Background(), http.MethodGet, "lids/count", nil, nil, &out); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("LID mappings:", out.Count)
	// Output:
	// LID mappings: 1
}

// Failed calls return an *APIError, which errors.Is matches against the
// package's sentinels.
func ExampleAPIError() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client, err := wawp.NewClient(srv.InstanceID(), "wrong-token", wawp.WithBaseURL(srv.BaseURL()))
	if err != nil {
		fmt.Println(err)
		return
	}

	_, err = client.Sessions.Info(context.Background())
	fmt.Println("unauthorized:", errors.Is(err, wawp.ErrUnauthorized))
	var apiErr *wawp.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Method, apiErr.Path)
	}
	fmt.Println("token in message:", strings.Contains(err.Error(), "wrong-token"))
	// Output:
	// unauthorized: true
	// 401 invalid_access_token GET /session/info
	// token in message: false
}

// Payloads keep the server's raw JSON next to the typed fields.
func ExampleEvent_Message() {
	event, err := wawp.ParseEvent([]byte(`{"event":"message.any","payload":{"from":"447441429009@c.us","fromMe":true,"body":"sent from the phone","source":"app"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	if m := event.Message(); m != nil {
		var raw map[string]any
		_ = json.Unmarshal(event.RawPayload(), &raw)
		fmt.Println(m.FromMe, m.Body, raw["source"])
	}
	// Output:
	// true sent from the phone app
}
