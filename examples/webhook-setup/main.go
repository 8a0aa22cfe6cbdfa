// Webhook-setup subscribes a webhook receiver to an instance's events with
// wawp-go's Webhooks service (v2 API, paid plans), with a signing secret,
// and receives a verified event through the SDK's WebhookHandler.
//
// Without credentials it runs against an in-process fake Wawp server
// (package wawptest), which plays a contact who writes in:
//
//	go run ./examples/webhook-setup
//
// With WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN set it uses that instance:
// WAWP_WEBHOOK_URL is the public URL that reaches this program,
// WAWP_WEBHOOK_LISTEN (such as ":8080") the address it listens on and
// WAWP_WEBHOOK_SECRET the signing secret.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// eventTimeout bounds the wait for the first event.
const eventTimeout = 5 * time.Minute

// demoSecret signs the fake server's deliveries.
const demoSecret = "webhook-setup-secret"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "webhook-setup:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) (err error) {
	addr, public, secret := env("WAWP_WEBHOOK_LISTEN"), env("WAWP_WEBHOOK_URL"), env("WAWP_WEBHOOK_SECRET")
	realInstance := env(wawp.EnvInstanceID) != "" && env(wawp.EnvAccessToken) != ""
	if realInstance && (addr == "" || secret == "") {
		return errors.New("WAWP_WEBHOOK_LISTEN and WAWP_WEBHOOK_SECRET are required with a real instance")
	}
	client, srv, err := connect(out, env)
	if err != nil {
		return err
	}
	if srv != nil {
		defer srv.Close()
		addr, secret = "127.0.0.1:0", demoSecret
	}

	// 1. A receiver, like echo-bot's: the SDK's handler checks every
	// delivery's signature before any callback runs.
	messages := make(chan *wawp.Message, 1)
	hook, err := wawp.NewWebhookHandler(secret)
	if err != nil {
		return err
	}
	hook.OnMessage(func(_ context.Context, _ *wawp.Event, m *wawp.Message) error {
		select {
		case messages <- m:
		default: // only the first message is printed
		}
		return nil
	})
	local, stopServing, err := serve(addr, hook)
	if err != nil {
		return err
	}
	defer stopServing()
	if public == "" {
		public = local
	}

	// 2. Subscribe it to incoming messages, signed with the secret.
	err = client.Webhooks.Set(ctx, public, wawp.WebhookSetParams{
		Events:  []wawp.EventType{wawp.EventMessage},
		HMAC:    secret,
		Retries: &wawp.WebhookRetryPolicy{Delay: 5 * time.Second, Attempts: 5},
	})
	if errors.Is(err, wawp.ErrSubscriptionRequired) {
		return errors.New("webhook management needs a paid (Unlimited) Wawp plan")
	}
	if err != nil {
		return err
	}
	cfg, err := client.Webhooks.Config(ctx)
	if err != nil {
		return err
	}
	for _, w := range cfg.Webhooks {
		fmt.Fprintf(out, "subscribed %s to %v (active: %t)\n", w.URL, w.Events, w.Active)
	}
	if cfg.System != nil {
		fmt.Fprintln(out, "the system webhook stays in place")
	}

	// 3. Wait for a message.
	if srv != nil {
		if _, err := srv.Receive("447441429009", "Hi! Is this thing on?"); err != nil { // the contact writes in
			return err
		}
		// Every delivery ends before the receiver stops; one it refused is an error.
		defer func() { err = errors.Join(err, srv.WaitIdle(ctx)) }()
	} else {
		fmt.Fprintf(out, "waiting up to %s for a message at %s\n", eventTimeout, public)
	}
	select {
	case m := <-messages:
		fmt.Fprintf(out, "received a verified message %q from %s\n", m.Body, m.From)
		return nil
	case <-time.After(eventTimeout):
		return errors.New("no message arrived")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// connect returns a client for the instance in the environment or, without
// credentials, for a fake server it starts; srv is nil with a real instance.
func connect(out io.Writer, env func(string) string) (*wawp.Client, *wawptest.Server, error) {
	if env(wawp.EnvInstanceID) != "" && env(wawp.EnvAccessToken) != "" {
		client, err := wawp.NewClientFromEnv()
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintln(out, "using Wawp instance", client.InstanceID())
		return client, nil, nil
	}
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	fmt.Fprintln(out, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)")
	return srv.Client(), srv, nil
}

// serve runs h on addr until stop is called and returns the URL it answers.
func serve(addr string, h http.Handler) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	server := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/", func() { _ = server.Close() }, nil
}
