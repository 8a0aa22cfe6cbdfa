// Send-media sends an image, a PDF document, a voice note and a location
// with wawp-go, printing the ID of each message.
//
// Without credentials it runs against an in-process fake Wawp server
// (package wawptest) whose session is logged in already:
//
//	go run ./examples/send-media
//
// With WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN set it uses that instance,
// whose session must be logged in (see examples/quickstart), and sends to
// WAWP_TO (default: the account itself). The Wawp server downloads each
// file from its URL, so the URLs must be public.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// Public sample files. The file name and MIME type of each are taken from
// its URL unless File.Filename or File.MIMEType say otherwise.
const (
	imageURL = "https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png"
	pdfURL   = "https://www.w3.org/WAI/ER/tests/xhtml/testfiles/resources/pdf/dummy.pdf"
	voiceURL = "https://upload.wikimedia.org/wikipedia/commons/c/c8/Example.ogg"
)

// demoContact receives the messages on the fake server.
const demoContact wawp.ChatID = "447441429009@c.us"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "send-media:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) error {
	client, srv, err := connect(out, env)
	if err != nil {
		return err
	}
	to := demoContact
	if srv != nil {
		defer srv.Close()
	} else if to, err = recipient(ctx, client, env("WAWP_TO")); err != nil {
		return err
	}
	return sendMedia(ctx, out, client, to)
}

// sendMedia sends one message of each kind to chat.
func sendMedia(ctx context.Context, out io.Writer, client *wawp.Client, chat wawp.ChatID) error {
	image, err := client.Messages.SendImage(ctx, chat, wawp.SendImageParams{
		File:    wawp.File{URL: imageURL},
		Caption: "Dice with an alpha channel",
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "image sent:", image.ID)

	pdf, err := client.Messages.SendFile(ctx, chat, wawp.SendFileParams{
		File:    wawp.File{URL: pdfURL, Filename: "invoice-2024-001.pdf"}, // the name the recipient sees
		Caption: "Your invoice",
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "document sent:", pdf.ID)

	convert := true // WhatsApp plays OGG/Opus voice notes; let the server convert
	voice, err := client.Messages.SendVoice(ctx, chat, wawp.SendVoiceParams{
		File:    wawp.File{URL: voiceURL},
		Convert: &convert,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "voice note sent:", voice.ID)

	location, err := client.Messages.SendLocation(ctx, chat, wawp.SendLocationParams{
		Latitude:  51.500729,
		Longitude: -0.124625,
		Title:     "Big Ben",
		Message:   "Meet me here at noon",
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "location sent:", location.ID)
	return nil
}

// connect returns a client for the instance named by WAWP_INSTANCE_ID and
// WAWP_ACCESS_TOKEN or, when they are not set, for a logged-in fake server
// it starts; srv is nil with a real instance.
func connect(out io.Writer, env func(string) string) (client *wawp.Client, srv *wawptest.Server, err error) {
	if env(wawp.EnvInstanceID) != "" && env(wawp.EnvAccessToken) != "" {
		client, err = wawp.NewClientFromEnv()
		if err != nil {
			return nil, nil, err
		}
		fmt.Fprintln(out, "using Wawp instance", client.InstanceID())
		return client, nil, nil
	}
	srv = wawptest.NewServer(wawptest.WithAutoLogin())
	fmt.Fprintln(out, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)")
	return srv.Client(), srv, nil
}

// recipient is the chat named by to or, when to is empty, the account's own.
func recipient(ctx context.Context, client *wawp.Client, to string) (wawp.ChatID, error) {
	if to != "" {
		return wawp.ParseChatID(to)
	}
	me, err := client.Sessions.Me(ctx)
	if err != nil {
		return "", err
	}
	if me == nil {
		return "", errors.New("the session is not logged in: run examples/quickstart first")
	}
	return me.ID, nil
}
