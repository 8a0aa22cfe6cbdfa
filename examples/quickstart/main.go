// Quickstart walks a WhatsApp session through its whole life with wawp-go:
// start it, log in with the QR code, send a text and receive the reply
// through a signed webhook.
//
// Without credentials it runs against an in-process fake Wawp server
// (package wawptest) that plays the phone and the contact, and finishes in
// a moment:
//
//	go run ./examples/quickstart
//
// With WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN set it uses that instance.
// WAWP_TO is the recipient (default: the account itself). To wait for the
// reply, set WAWP_WEBHOOK_LISTEN (such as ":8080") and WAWP_WEBHOOK_SECRET,
// and point the instance's webhook at that address in the Wawp dashboard.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// Patience for the steps a person performs: scanning the code, replying.
// WhatsApp replaces the QR code every 20 to 40 seconds.
const (
	loginTimeout = 2 * time.Minute
	qrLifetime   = 30 * time.Second
	replyTimeout = 5 * time.Minute
)

// demoContact is the person the fake server plays.
const demoContact wawp.ChatID = "447441429009@c.us"

// demoSecret signs the fake server's webhook deliveries.
const demoSecret = "quickstart-secret"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) error {
	client, srv, err := connect(out, env)
	if err != nil {
		return err
	}
	if srv != nil {
		defer srv.Close()
	}
	return roundTrip(ctx, out, env, client, srv)
}

// roundTrip is the walk through a session's life. srv is the fake server
// to play the phone and the contact on, or nil with a real instance.
func roundTrip(ctx context.Context, out io.Writer, env func(string) string, client *wawp.Client, srv *wawptest.Server) error {
	// 1. Start the session, unless it is running already.
	info, err := client.Sessions.Info(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "session status:", info.Status)
	switch info.Status {
	case wawp.SessionStopped:
		_, err = client.Sessions.Start(ctx)
		fmt.Fprintln(out, "starting the session")
	case wawp.SessionFailed:
		_, err = client.Sessions.Restart(ctx)
		fmt.Fprintln(out, "restarting the failed session")
	}
	if err != nil {
		return err
	}
	info, err = client.Sessions.WaitForStatus(ctx, wawp.SessionScanQRCode, wawp.SessionWorking)
	if err != nil {
		return err
	}

	// 2. Log in: WhatsApp on the phone scans the QR code.
	if info.Status == wawp.SessionScanQRCode {
		if err := logIn(ctx, out, client, srv); err != nil {
			return err
		}
	}
	me, err := client.Sessions.Me(ctx)
	if err != nil {
		return err
	}
	if me == nil {
		return errors.New("the session is not logged in")
	}
	fmt.Fprintf(out, "logged in as %s (%s)\n", me.PushName, me.ID)

	// 3. Send a text.
	to := me.ID
	if srv != nil {
		to = demoContact
	} else if env("WAWP_TO") != "" {
		if to, err = wawp.ParseChatID(env("WAWP_TO")); err != nil {
			return err
		}
	}
	text := wawp.SendTextParams{Text: "Hello from wawp-go!"}
	sent, err := client.Messages.SendText(ctx, to, text)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "sent %q to %s as %s\n", text.Text, to, sent.ID)

	// 4. Receive the reply through a webhook.
	return awaitReply(ctx, out, env, srv, to)
}

// connect returns a client for the instance named by WAWP_INSTANCE_ID and
// WAWP_ACCESS_TOKEN or, when they are not set, for a fake server it starts;
// srv is nil with a real instance.
func connect(out io.Writer, env func(string) string) (client *wawp.Client, srv *wawptest.Server, err error) {
	if env(wawp.EnvInstanceID) != "" && env(wawp.EnvAccessToken) != "" {
		client, err = wawp.NewClientFromEnv()
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintln(out, "using Wawp instance", client.InstanceID())
		return client, nil, nil
	}
	srv = wawptest.NewServer()
	fmt.Fprintln(out, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)")
	return srv.Client(), srv, nil
}

// logIn shows the QR code until the session is logged in, with a fresh code
// when one expires. On the fake server it plays the phone and scans the code.
func logIn(ctx context.Context, out io.Writer, client *wawp.Client, srv *wawptest.Server) error {
	ctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	for {
		fmt.Fprintln(out, "scan this code with WhatsApp > Linked devices > Link a device:")
		if err := showQR(ctx, out, client); err != nil {
			return err
		}
		if srv != nil {
			if err := srv.ScanQR(); err != nil {
				return err
			}
			fmt.Fprintln(out, "(the fake phone scanned the code)")
		}
		_, err := waitWorking(ctx, qrLifetime, client)
		if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return err
		}
		fmt.Fprintln(out, "the code expired, here is a new one")
	}
}

// showQR draws the login QR code, or prints the text it encodes when the
// image cannot be drawn.
func showQR(ctx context.Context, out io.Writer, client *wawp.Client) error {
	qr, err := client.Auth.QRImage(ctx)
	if err != nil {
		return err
	}
	if err := printQR(out, qr.Data); err != nil {
		code, rawErr := client.Auth.QRRaw(ctx)
		if rawErr != nil {
			return errors.Join(err, rawErr)
		}
		fmt.Fprintf(out, "(%v) the code holds this text, turn it into a QR code to scan it:\n%s\n", err, code.Value)
	}
	return nil
}

// waitWorking waits at most d for the session to be logged in.
func waitWorking(ctx context.Context, d time.Duration, client *wawp.Client) (*wawp.Session, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return client.Sessions.WaitForStatus(ctx, wawp.SessionWorking)
}

// awaitReply serves a webhook that checks every delivery's signature and
// prints the first message that arrives.
func awaitReply(ctx context.Context, out io.Writer, env func(string) string, srv *wawptest.Server, to wawp.ChatID) (err error) {
	addr, secret := env("WAWP_WEBHOOK_LISTEN"), env("WAWP_WEBHOOK_SECRET")
	if srv != nil {
		addr, secret = "127.0.0.1:0", demoSecret
	}
	if addr == "" {
		fmt.Fprintln(out, "WAWP_WEBHOOK_LISTEN is not set: not waiting for a reply")
		return nil
	}
	if secret == "" {
		return errors.New("WAWP_WEBHOOK_SECRET is required with WAWP_WEBHOOK_LISTEN")
	}

	replies := make(chan *wawp.Message, 1)
	hook, err := wawp.NewWebhookHandler(secret)
	if err != nil {
		return err
	}
	hook.OnMessage(func(_ context.Context, _ *wawp.Event, m *wawp.Message) error {
		select {
		case replies <- m:
		default: // only the first reply is printed
		}
		return nil
	})
	url, stop, err := serve(addr, hook)
	if err != nil {
		return err
	}
	defer stop()

	if srv != nil {
		if err := srv.SetWebhook(url, secret); err != nil {
			return err
		}
		if _, err := srv.Receive(to, "Hi! Got your message."); err != nil { // the contact answers
			return err
		}
		// Every delivery ends before the receiver stops; one it refused is an error.
		defer func() { err = errors.Join(err, srv.WaitIdle(ctx)) }()
	} else {
		fmt.Fprintf(out, "waiting up to %s for a message at %s\n", replyTimeout, url)
	}

	select {
	case m := <-replies:
		fmt.Fprintf(out, "received %q from %s\n", m.Body, m.From)
		return nil
	case <-time.After(replyTimeout):
		return errors.New("no reply arrived")
	case <-ctx.Done():
		return ctx.Err()
	}
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

// printQR draws a QR code image with half blocks, two rows of modules per
// line. Light modules are drawn and dark ones left blank, so the code shows
// the right way round on the usual light-on-dark terminal.
func printQR(out io.Writer, data []byte) error {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return err
	}
	b := img.Bounds()
	dark := func(x, y int) bool {
		if !(image.Point{x, y}).In(b) {
			return false
		}
		r, g, bl, a := img.At(x, y).RGBA()
		return a >= 0x8000 && r+g+bl < 3*0x8000 // transparent counts as light
	}
	// The top-left finder pattern starts with a run of 7 dark modules.
	corner := 0
	for corner < min(b.Dx(), b.Dy()) && !dark(b.Min.X+corner, b.Min.Y+corner) {
		corner++
	}
	run := 0
	for dark(b.Min.X+corner+run, b.Min.Y+corner) {
		run++
	}
	module := run / 7
	if module == 0 {
		return errors.New("no QR code found in the image")
	}
	start := corner%module + module/2 // centre of the first module
	halves := map[[2]bool]string{{true, true}: "█", {true, false}: "▀", {false, true}: "▄", {false, false}: " "}
	for y := b.Min.Y + start; y < b.Max.Y; y += 2 * module {
		var line strings.Builder
		for x := b.Min.X + start; x < b.Max.X; x += module {
			line.WriteString(halves[[2]bool{!dark(x, y), !dark(x, y+module)}])
		}
		fmt.Fprintln(out, line.String())
	}
	return nil
}
