// Echo-bot answers every incoming WhatsApp text with the same text. It is a
// webhook server: Wawp posts each event to it, signed with the webhook
// secret, and the bot answers through the API.
//
// With WAWP_INSTANCE_ID, WAWP_ACCESS_TOKEN and WAWP_WEBHOOK_SECRET set it
// serves that instance's webhook on WAWP_WEBHOOK_LISTEN (default ":8080")
// until interrupted; give the instance the same webhook URL and secret in
// the Wawp dashboard. Without credentials it shows itself at work against
// an in-process fake Wawp server (package wawptest) and exits:
//
//	go run ./examples/echo-bot
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "echo-bot:", err)
		os.Exit(1)
	}
}

// run serves the bot until ctx ends. The bot checks every delivery's
// signature and skips the session's own messages, since its echoes come
// back as events too.
func run(ctx context.Context, out io.Writer, env func(string) string) error {
	client, secret, srv, err := connect(out, env)
	if err != nil {
		return err
	}
	bot, err := wawp.NewWebhookHandler(secret, wawp.WithSkipFromMe())
	if err != nil {
		return err
	}
	bot.OnMessage(func(ctx context.Context, _ *wawp.Event, m *wawp.Message) error {
		if m.Body == "" || m.HasMedia || m.From.IsStatusBroadcast() {
			return nil // texts in chats only: no captions, no statuses
		}
		_, err := client.Messages.SendText(ctx, m.From, wawp.SendTextParams{Text: m.Body, ReplyTo: m.ID})
		return err // an error makes Wawp deliver the event again
	})
	if srv != nil {
		return demo(ctx, out, srv, bot, secret)
	}

	ln, err := net.Listen("tcp", cmp.Or(env("WAWP_WEBHOOK_LISTEN"), ":8080"))
	if err != nil {
		return err
	}
	server := &http.Server{Handler: bot, ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan error, 1)
	go func() { <-ctx.Done(); stopped <- server.Shutdown(context.Background()) }()
	fmt.Fprintln(out, "echo bot listening on", ln.Addr())
	if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped // the answers in flight are sent
}

// connect returns a client for the instance named by WAWP_INSTANCE_ID and
// WAWP_ACCESS_TOKEN, with its webhook secret, or, when they are not set,
// for a fake server it starts; srv is nil with a real instance.
func connect(out io.Writer, env func(string) string) (client *wawp.Client, secret string, srv *wawptest.Server, err error) {
	if env(wawp.EnvInstanceID) == "" || env(wawp.EnvAccessToken) == "" {
		srv = wawptest.NewServer(wawptest.WithAutoLogin())
		fmt.Fprintln(out, "using a fake Wawp server (set WAWP_INSTANCE_ID, WAWP_ACCESS_TOKEN and WAWP_WEBHOOK_SECRET to serve your instance)")
		return srv.Client(), demoSecret, srv, nil
	}
	if secret = env("WAWP_WEBHOOK_SECRET"); secret == "" {
		return nil, "", nil, errors.New("WAWP_WEBHOOK_SECRET is required: the bot answers signed deliveries only")
	}
	if client, err = wawp.NewClientFromEnv(); err != nil {
		return nil, "", nil, err
	}
	fmt.Fprintln(out, "using Wawp instance", client.InstanceID())
	return client, secret, nil, nil
}

// demoSecret signs the fake server's deliveries.
const demoSecret = "echo-bot-secret"

// demo shows the bot at work on the fake server: two people write, a
// forger posts an unsigned delivery, and the bot's answers are printed.
func demo(ctx context.Context, out io.Writer, srv *wawptest.Server, bot http.Handler, secret string) error {
	defer srv.Close()
	hook := httptest.NewServer(bot)
	defer hook.Close()
	if err := srv.SetWebhook(hook.URL, secret); err != nil {
		return err
	}

	for _, in := range []struct{ from, text string }{{"447441429009", "Hello, bot!"}, {"4915112345678", "Echo?"}} {
		if _, err := srv.Receive(wawp.ChatID(in.from), in.text); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s wrote %q\n", in.from, in.text)
	}
	forged, err := http.Post(hook.URL, "application/json", strings.NewReader(`{"event":"message","payload":{"from":"1@c.us","body":"spam"}}`))
	if err != nil {
		return err
	}
	forged.Body.Close()
	fmt.Fprintln(out, "an unsigned delivery was answered", forged.Status)

	if err := srv.WaitIdle(ctx); err != nil { // every event delivered and answered
		return err
	}
	for _, m := range srv.Sent() {
		fmt.Fprintf(out, "bot echoed %q to %s\n", m.Body, m.To)
	}
	return nil
}
