package wawp_test

// The Go code of README.md, compiled and run: TestREADMEGoBlocksAreHere
// checks that every block of the README stands here (or, for the Redis
// block, in wawpredis/readme_test.go) word for word.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

func sendHello(ctx context.Context, client *wawp.Client) error {
	msg, err := client.Messages.SendText(ctx, "447441429009@c.us", wawp.SendTextParams{Text: "Hello from Go"})
	if err != nil {
		return err
	}
	fmt.Println("sent", msg.ID, msg.Type())
	return nil
}

// newBotHandler answers every text with a greeting.
func newBotHandler(client *wawp.Client, secret string) (http.Handler, error) {
	h, err := wawp.NewWebhookHandler(secret, wawp.WithSkipFromMe())
	if err != nil {
		return nil, err
	}
	h.OnMessage(func(ctx context.Context, e *wawp.Event, m *wawp.Message) error {
		if m.Type() != wawp.MessageTypeText {
			return nil // images, voice notes, stickers... are left alone
		}
		_, err := client.Messages.SendText(ctx, m.From, wawp.SendTextParams{Text: "Hello!"})
		return err // an error answers 500, and Wawp delivers the event again
	})
	return h, nil
}

func printHistory(ctx context.Context, client *wawp.Client, chatID wawp.ChatID) error {
	for msg, err := range client.Chats.MessagesIter(ctx, chatID, &wawp.ChatMessagesParams{Limit: 100}) {
		if err != nil {
			return err
		}
		fmt.Println(msg.Timestamp.Format(time.DateTime), msg.Type(), msg.Body)
	}
	return nil
}

func TestGreeter(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()

	handler, err := newBotHandler(srv.Client(), "secret") // your webhook handler
	if err != nil {
		t.Fatal(err)
	}
	bot := httptest.NewServer(handler)
	defer bot.Close()
	if err := srv.SetWebhook(bot.URL, "secret"); err != nil {
		t.Fatal(err)
	}

	// An inbound message: a signed "message" event.
	if _, err := srv.Receive("447441429009@c.us", "hi"); err != nil {
		t.Fatal(err)
	}
	// WaitIdle also fails when the bot refused a delivery (a wrong secret, a 500).
	if err := srv.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent() // what the bot sent back
	if len(sent) != 1 || sent[0].Body != "Hello!" {
		t.Fatalf("bot sent %+v", sent)
	}
}

func TestInfoWithHTTPMock(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, "https://wawp.net/wp-json/awp/v1/session/info",
		httpmock.NewStringResponder(http.StatusOK, `{"name":"wawp-84729105","status":"WORKING"}`))
	client, err := wawp.NewClient("INSTANCE1", "token", wawp.WithHTTPClient(&http.Client{Transport: mock}))
	if err != nil {
		t.Fatal(err)
	}
	session, err := client.Sessions.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if session.Status != wawp.SessionWorking {
		t.Fatalf("status %s", session.Status)
	}
	// The query holds instance_id and access_token; the responder matched the path.
	if mock.GetTotalCallCount() != 1 {
		t.Fatal("one request expected")
	}
}

// subscribe points the instance's webhook at url, signed with secret
// (paid plans only).
func subscribe(ctx context.Context, client *wawp.Client, url, secret string) error {
	return client.Webhooks.Set(ctx, url, wawp.WebhookSetParams{
		Events: []wawp.EventType{wawp.EventMessage, wawp.EventMessageAck},
		HMAC:   secret, // deliveries carry X-Wawp-Signature: hex HMAC-SHA256 of the body
	})
}

// verifyPhone sends a one-time code to phone and checks the code the user typed.
func verifyPhone(ctx context.Context, client *wawp.Client, phone wawp.ChatID, typed func() string) (bool, error) {
	if err := client.Verify.SendOTP(ctx, phone, nil); err != nil {
		return false, err // a *wawp.CooldownError says how long to wait in RetryAfter
	}
	res, err := client.Verify.CheckOTP(ctx, phone, wawp.VerifyCheckOTPParams{Code: typed()})
	if err != nil {
		return false, err // after five wrong codes, a *wawp.LockoutError
	}
	return res.Verified, nil
}

func TestREADMESendHello(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	require.NoError(t, sendHello(context.Background(), srv.Client()))
	sent := srv.Sent()
	require.Len(t, sent, 1)
	assert.Equal(t, "Hello from Go", sent[0].Body)
}

func TestREADMEHistory(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	_, err := srv.Receive("447441429009@c.us", "first")
	require.NoError(t, err)
	require.NoError(t, printHistory(context.Background(), srv.Client(), "447441429009@c.us"))
}

func TestREADMEV2(t *testing.T) {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	ctx := context.Background()
	client := srv.Client()
	receiver := httptest.NewServer(http.NotFoundHandler())
	defer receiver.Close()
	require.NoError(t, subscribe(ctx, client, receiver.URL, "s3cret"))
	config, err := client.Webhooks.Config(ctx)
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(config), receiver.URL)

	const phone = wawp.ChatID("201234567890@c.us")
	ok, err := verifyPhone(ctx, client, phone, func() string {
		code, sent := srv.LastOTP(phone)
		require.True(t, sent)
		return code
	})
	require.NoError(t, err)
	assert.True(t, ok)
}

// TestREADMEGoBlocksAreHere keeps the README honest: each of its Go blocks
// is compiled (and run by a test) because it stands in this file or in the
// Redis module's readme_test.go.
func TestREADMEGoBlocksAreHere(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var compiled string
	for _, name := range []string{"readme_test.go", filepath.Join("wawpredis", "readme_test.go")} {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		compiled += string(src)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks)
	for _, block := range blocks {
		assert.True(t, strings.Contains(compiled, block[1]), "README block not compiled:\n%s", block[1])
	}
}
