package main

// This file holds every call into the wawp and wawptest packages, so that a
// change of the SDK's method shapes is adapted here only.

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// Environment variables of the instance commands, as the SDK reads them.
const (
	envInstanceID  = wawp.EnvInstanceID
	envAccessToken = wawp.EnvAccessToken
	envBaseURL     = wawp.EnvBaseURL
)

// newClient builds a client for one instance; baseURL may be empty for wawp.net.
func newClient(instanceID, token, baseURL string) (*wawp.Client, error) {
	var opts []wawp.Option
	if baseURL != "" {
		opts = append(opts, wawp.WithBaseURL(baseURL))
	}
	return wawp.NewClient(instanceID, token, opts...)
}

// isInputError reports errors caused by what the user typed, found before
// anything was sent.
func isInputError(err error) bool {
	var v *wawp.ValidationError
	return errors.As(err, &v)
}

// errorHint names the likely fix for an API error, or returns "".
func errorHint(err error) string {
	switch {
	case errors.Is(err, wawp.ErrUnauthorized):
		return "check the access token (" + envAccessToken + " or -token)"
	case errors.Is(err, wawp.ErrInstanceNotFound):
		return "check the instance ID (" + envInstanceID + " or -instance)"
	case errors.Is(err, wawp.ErrUpstream):
		return "is the session started and WORKING? see \"wawp status\""
	}
	return ""
}

// sessionAction runs the lifecycle call named by a command: start, stop,
// restart or logout.
func sessionAction(ctx context.Context, c *wawp.Client, name string) (*wawp.Session, error) {
	switch name {
	case "start":
		return c.Sessions.Start(ctx)
	case "stop":
		return c.Sessions.Stop(ctx)
	case "restart":
		return c.Sessions.Restart(ctx)
	case "logout":
		return c.Sessions.Logout(ctx)
	}
	return nil, fmt.Errorf("no session action %q", name)
}

func sessionInfo(ctx context.Context, c *wawp.Client) (*wawp.Session, error) {
	return c.Sessions.Info(ctx)
}

func qrImage(ctx context.Context, c *wawp.Client) ([]byte, error) {
	img, err := c.Auth.QRImage(ctx)
	if err != nil {
		return nil, err
	}
	return img.Data, nil
}

// qrRaw returns the text the login QR code encodes.
func qrRaw(ctx context.Context, c *wawp.Client) (string, error) {
	qr, err := c.Auth.QRRaw(ctx)
	if err != nil {
		return "", err
	}
	return qr.Value, nil
}

func sendText(ctx context.Context, c *wawp.Client, to wawp.ChatID, text string, replyTo wawp.MessageID) (*wawp.Message, error) {
	return c.Messages.SendText(ctx, to, wawp.SendTextParams{Text: text, ReplyTo: replyTo})
}

func sendImage(ctx context.Context, c *wawp.Client, to wawp.ChatID, file wawp.File, caption string, replyTo wawp.MessageID) (*wawp.Message, error) {
	return c.Messages.SendImage(ctx, to, wawp.SendImageParams{File: file, Caption: caption, ReplyTo: replyTo})
}

func sendFile(ctx context.Context, c *wawp.Client, to wawp.ChatID, file wawp.File, caption string, replyTo wawp.MessageID) (*wawp.Message, error) {
	return c.Messages.SendFile(ctx, to, wawp.SendFileParams{File: file, Caption: caption, ReplyTo: replyTo})
}

func sendPoll(ctx context.Context, c *wawp.Client, to wawp.ChatID, poll wawp.Poll, replyTo wawp.MessageID) (*wawp.Message, error) {
	return c.Messages.SendPoll(ctx, to, wawp.SendPollParams{Poll: poll, ReplyTo: replyTo})
}

func listChats(ctx context.Context, c *wawp.Client, limit, offset int) ([]wawp.Chat, error) {
	return c.Chats.List(ctx, &wawp.ChatListParams{Limit: limit, Offset: offset})
}

func listGroups(ctx context.Context, c *wawp.Client, limit, offset int) ([]wawp.Group, error) {
	return c.Groups.List(ctx, &wawp.GroupListParams{Limit: limit, Offset: offset})
}

// newEventReceiver returns a verifying webhook handler that passes every
// event, of any type, to fn. Deduplication is off: a person debugging a
// webhook wants to see redeliveries too.
func newEventReceiver(secret string, fn func(*wawp.Event)) (http.Handler, error) {
	h, err := wawp.NewWebhookHandler(secret, wawp.WithDeduplicator(nil))
	if err != nil {
		return nil, err
	}
	show := func(_ context.Context, e *wawp.Event) error {
		fn(e)
		return nil
	}
	for _, t := range eventTypes() {
		h.On(wawp.EventType(t), show)
	}
	h.OnUnknown(show)
	return h, nil
}

// fakeOptions are the settings of "wawp fake" that shape the server.
type fakeOptions struct {
	instanceID, token string
	autoLogin         bool
}

func newFakeServer(o fakeOptions) *wawptest.Server {
	opts := []wawptest.Option{wawptest.WithCredentials(o.instanceID, o.token)}
	if o.autoLogin {
		opts = append(opts, wawptest.WithAutoLogin())
	}
	return wawptest.NewServer(opts...)
}

// fakeReceive delivers a text from a person to the fake's instance.
func fakeReceive(srv *wawptest.Server, from wawp.ChatID, text string) (wawp.Message, error) {
	return srv.ReceiveMessage(wawp.Message{From: from, Body: text})
}
