package wawptest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// The session lifecycle: start, scan the QR code, work.
func Example() {
	srv := wawptest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	info, _ := client.Sessions.Info(ctx)
	fmt.Println("before:", info.Status)

	_, _ = client.Sessions.Start(ctx)
	qr, _ := client.Sessions.WaitForStatus(ctx, wawp.SessionScanQRCode)
	fmt.Println("started:", qr.Status)

	if err := srv.ScanQR(); err != nil { // the phone scans the code
		fmt.Println(err)
		return
	}
	info, _ = client.Sessions.Info(ctx)
	fmt.Println("after scan:", info.Status, info.Me.ID)
	// Output:
	// before: STOPPED
	// started: SCAN_QR_CODE
	// after scan: WORKING 15550000001@c.us
}

// A bot's webhook receives signed events; WaitIdle replaces sleeping.
func ExampleServer_SetWebhook() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()

	var mu sync.Mutex
	var got []string
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		valid := r.Header.Get("X-Webhook-Hmac") == wawptest.Sign(body, "secret")
		var env struct {
			Event   string       `json:"event"`
			Payload wawp.Message `json:"payload"`
		}
		_ = json.Unmarshal(body, &env)
		mu.Lock()
		got = append(got, fmt.Sprintf("%s from %s: %q (signed: %t)", env.Event, env.Payload.From, env.Payload.Body, valid))
		mu.Unlock()
	}))
	defer bot.Close()

	if err := srv.SetWebhook(bot.URL, "secret"); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := srv.Receive("447441429009", "hello"); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.WaitIdle(context.Background()); err != nil {
		fmt.Println(err) // a delivery the bot did not accept
		return
	}

	mu.Lock()
	defer mu.Unlock()
	for _, line := range got {
		fmt.Println(line)
	}
	// Output:
	// message from 447441429009@c.us: "hello" (signed: true)
	// message.any from 447441429009@c.us: "hello" (signed: true)
}

// Scripted failures exercise a client's retries.
func ExampleServer_FailNext() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()

	if err := srv.FailNext(2, http.StatusServiceUnavailable, ""); err != nil {
		fmt.Println(err)
		return
	}
	info, err := srv.Client().Sessions.Info(context.Background())
	fmt.Println(info.Status, err, len(srv.Requests()))

	// A status that cannot be an HTTP answer is refused, nothing armed.
	fmt.Println(srv.FailNext(1, 600, ""))
	// Output:
	// WORKING <nil> 3
	// wawptest: FailNext: wawp: status must be a final HTTP status from 200 to 599, not 600
}

// Actions lists what the code under test did to messages, sends included.
func ExampleServer_Actions() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	in, err := srv.Receive("447441429009", "Is the shop open?")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := client.Messages.React(ctx, in.From, in.ID, wawp.ReactParams{Reaction: "👀"}); err != nil {
		fmt.Println(err)
		return
	}
	reply, err := client.Messages.SendText(ctx, in.From, wawp.SendTextParams{Text: "Yes, until 6"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := client.Chats.EditMessage(ctx, in.From, reply.ID, wawp.ChatEditMessageParams{Text: "Yes, until 7"}); err != nil {
		fmt.Println(err)
		return
	}

	for _, a := range srv.Actions() {
		switch a.Kind {
		case wawptest.ActionSend:
			fmt.Printf("%s to %s: %q\n", a.Kind, a.Chat, a.Message.Body)
		case wawptest.ActionReact:
			fmt.Printf("%s %s\n", a.Kind, a.Reaction)
		case wawptest.ActionEdit:
			fmt.Printf("%s: %q\n", a.Kind, a.Text)
		}
	}
	// Output:
	// react 👀
	// send to 447441429009@c.us: "Yes, until 6"
	// edit: "Yes, until 7"
}

// An Instance handle drives an instance made by Sessions.Create.
func ExampleServer_Instance() {
	srv := wawptest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	created, _ := srv.AccountClient().Sessions.Create(ctx, "Shop")
	id := created.Config.Metadata["instance_id"]
	shop := srv.AccountClient().WithInstance(id)
	_, _ = shop.Sessions.Start(ctx)

	inst := srv.Instance(id)
	fmt.Println(inst.Status())
	if err := inst.ScanQR(); err != nil {
		fmt.Println(err)
		return
	}
	m, err := inst.Receive("447441429009", "hello shop")
	if err != nil {
		fmt.Println(err)
		return
	}
	msgs, _ := shop.Chats.Messages(ctx, m.From, nil)
	fmt.Println(inst.Status(), len(msgs), msgs[0].Body)

	_, err = srv.Instance("000000000000").Receive("447441429009", "hi")
	fmt.Println(errors.Is(err, wawptest.ErrUnknownInstance))
	// Output:
	// SCAN_QR_CODE
	// WORKING 1 hello shop
	// true
}

// WaitIdle reports the events a webhook receiver refused, here for a
// wrong secret.
func ExampleServer_WaitIdle() {
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	handler, _ := wawp.NewWebhookHandler("the bot's secret")
	bot := httptest.NewServer(handler)
	defer bot.Close()

	if err := srv.SetWebhook(bot.URL, "another secret"); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := srv.Receive("447441429009", "hello"); err != nil {
		fmt.Println(err)
		return
	}
	err := srv.WaitIdle(context.Background())
	fmt.Println(errors.Is(err, wawptest.ErrDeliveryFailed))
	for _, d := range srv.DeliveryErrors() {
		fmt.Println(d.Event, d.Status)
	}
	// Output:
	// true
	// message 401
	// message.any 401
}
