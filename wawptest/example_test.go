package wawptest_test

import (
	"context"
	"encoding/json"
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

	_ = srv.ScanQR() // the phone scans the code
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

	srv.SetWebhook(bot.URL, "secret")
	srv.Receive("447441429009", "hello")
	_ = srv.WaitIdle(context.Background())

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

	srv.FailNext(2, http.StatusServiceUnavailable, "")
	info, err := srv.Client().Sessions.Info(context.Background())
	fmt.Println(info.Status, err, len(srv.Requests()))
	// Output:
	// WORKING <nil> 3
}
