package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// defaultContact is who a line typed without a number comes from.
const defaultContact = "447441429009"

// activityPoll is how often the fake looks for sent messages and webhook
// deliveries to print.
const activityPoll = 100 * time.Millisecond

// fake is a running "wawp fake": the in-process server and what it prints.
type fake struct {
	srv     *wawptest.Server
	out     io.Writer
	contact wawp.ChatID
}

func runFake(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "fake", "fake [-addr 127.0.0.1:8080] [-webhook URL -secret SECRET] [flags]",
		"Runs a fake Wawp server to develop a bot against, and prints the environment\n"+
			"variables that point a program at it. It logs every API request (method,\n"+
			"path, status), every message the session sends and every webhook delivery.\n\n"+
			"Drive the bot by typing a message from a contact, one per line:\n"+
			"  447441429009: hello    a message from that number\n"+
			"  hello                  a message from the default contact (-from)\n"+
			"  /scan                  log the session in, as a phone scanning the QR code\n"+
			"or over HTTP:\n"+
			"  POST /_fake/receive {\"from\": \"447441429009\", \"text\": \"hello\"}\n"+
			"  POST /_fake/scan")
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve the fake API on (port 0 picks a free port)")
	webhook := fs.String("webhook", "", "URL to post webhook events to, such as your bot's http://127.0.0.1:9000/")
	secret := fs.String("secret", "", "secret to sign webhook deliveries with (X-Webhook-Hmac, HMAC-SHA512)")
	autoLogin := fs.Bool("auto-login", false, "start with the session WORKING, and skip the QR code on every start")
	from := fs.String("from", defaultContact, "the contact a typed line without a number comes from")
	instanceID := fs.String("instance", wawptest.DefaultInstanceID, "the fake instance's ID")
	token := fs.String("token", wawptest.DefaultAccessToken, "the access token the fake accepts")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	contact, err := parseChat("from", *from)
	if err != nil {
		return err
	}
	if *webhook != "" {
		if u, err := url.Parse(*webhook); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("-webhook must be an absolute http(s) URL, such as http://127.0.0.1:9000/")
		}
	}
	if *secret != "" && *webhook == "" {
		return usagef("-secret signs webhook deliveries: give -webhook too")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("-addr: %v", err)
	}
	f := &fake{
		srv:     newFakeServer(fakeOptions{instanceID: *instanceID, token: *token, autoLogin: *autoLogin}),
		out:     &lockedWriter{w: e.stdout},
		contact: contact,
	}
	defer f.srv.Close()
	if *webhook != "" {
		if err := f.srv.SetWebhook(*webhook, *secret); err != nil {
			return err
		}
	}
	f.banner("http://"+ln.Addr().String(), *webhook, *secret)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go f.printActivity(ctx)
	go f.readLines(e.stdin)
	return serveUntilDone(ctx, ln, f.handler())
}

// banner prints where the fake is and how to point a program at it.
func (f *fake) banner(root, webhook, secret string) {
	base := root + wawptest.BasePath
	vars := []string{
		envBaseURL + "=" + base,
		envInstanceID + "=" + f.srv.InstanceID(),
		envAccessToken + "=" + f.srv.AccessToken(),
	}
	if webhook != "" {
		if u, err := url.Parse(webhook); err == nil {
			vars = append(vars, "WAWP_WEBHOOK_LISTEN="+u.Host)
		}
	}
	if secret != "" {
		vars = append(vars, "WAWP_WEBHOOK_SECRET="+secret)
	}
	fmt.Fprintf(f.out, "fake Wawp server on %s (Ctrl-C to stop)\n", root)
	fmt.Fprintf(f.out, "session %s\n", f.srv.Status())
	switch {
	case webhook == "":
		fmt.Fprintln(f.out, "no webhook: events are not delivered (set -webhook)")
	case secret == "":
		fmt.Fprintf(f.out, "webhook %s, unsigned (no -secret)\n", webhook)
	default:
		fmt.Fprintf(f.out, "webhook %s, signed with -secret\n", webhook)
	}
	fmt.Fprintln(f.out, "point your bot at it with:")
	fmt.Fprintf(f.out, "  export %s\n", strings.Join(vars, " "))
	fmt.Fprintf(f.out, "type a message as \"PHONE: text\", or just \"text\" from %s; /scan logs the session in\n", f.contact.User())
}

// handler serves the control endpoints and passes everything else to the
// fake API, logging each request.
func (f *fake) handler() http.Handler {
	target, _ := url.Parse(f.srv.URL) // the httptest server's own URL
	proxy := httputil.NewSingleHostReverseProxy(target)
	// The default error log prints the URL with its query, which holds the
	// access token.
	proxy.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		http.Error(w, "fake server unavailable", http.StatusBadGateway)
	}
	mux := http.NewServeMux()
	mux.Handle("/", proxy)
	mux.HandleFunc("/_fake/receive", f.handleReceive)
	mux.HandleFunc("/_fake/scan", f.handleScan)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, r)
		// The path only: the query carries the access token and message text.
		fmt.Fprintf(f.out, "%s %s %s %d\n", time.Now().Format(time.TimeOnly), r.Method, r.URL.Path, rec.status)
	})
}

// receiveRequest is the body of POST /_fake/receive.
type receiveRequest struct {
	From string `json:"from"`
	Text string `json:"text"`
}

func (f *fake) handleReceive(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST a JSON body {\"from\": PHONE, \"text\": TEXT}", http.StatusMethodNotAllowed)
		return
	}
	var in receiveRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil {
		http.Error(w, "the body must be JSON {\"from\": PHONE, \"text\": TEXT}", http.StatusBadRequest)
		return
	}
	from := f.contact
	if in.From != "" {
		id, err := wawp.ParseChatID(in.From)
		if err != nil {
			http.Error(w, "from: "+err.Error(), http.StatusBadRequest)
			return
		}
		from = id
	}
	if in.Text == "" {
		http.Error(w, "text is required", http.StatusBadRequest)
		return
	}
	m, err := f.receive(from, in.Text)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(m)
}

func (f *fake) handleScan(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if err := f.scan(); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// receive delivers a message from a contact and says so.
func (f *fake) receive(from wawp.ChatID, text string) (wawp.Message, error) {
	m, err := fakeReceive(f.srv, from, text)
	if err != nil {
		return wawp.Message{}, err
	}
	fmt.Fprintf(f.out, "%s received %q from %s (%s)\n", time.Now().Format(time.TimeOnly), text, m.From, m.ID)
	return m, nil
}

func (f *fake) scan() error {
	if err := f.srv.ScanQR(); err != nil {
		return fmt.Errorf("%w: run \"wawp start\" first", err)
	}
	fmt.Fprintf(f.out, "%s the phone scanned the QR code: session %s\n", time.Now().Format(time.TimeOnly), f.srv.Status())
	return nil
}

// readLines turns each typed line into a message from a contact, or runs
// a /command. It returns at the end of the input; the server keeps running.
func (f *fake) readLines(in io.Reader) {
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		var err error
		switch {
		case line == "":
			continue
		case line == "/scan":
			err = f.scan()
		case strings.HasPrefix(line, "/"):
			err = fmt.Errorf("unknown command %s: /scan is the only one; a message cannot start with /", line)
		default:
			from, text := f.parseLine(line)
			_, err = f.receive(from, text)
		}
		if err != nil {
			fmt.Fprintln(f.out, "error:", err)
		}
	}
}

// parseLine splits "PHONE: text" into its sender and text; a line whose
// part before ':' is not a phone number or chat ID is text from the default
// contact.
func (f *fake) parseLine(line string) (wawp.ChatID, string) {
	if before, after, ok := strings.Cut(line, ":"); ok {
		if id, err := wawp.ParseChatID(before); err == nil && strings.TrimSpace(after) != "" {
			return id, strings.TrimSpace(after)
		}
	}
	return f.contact, line
}

// printActivity prints, as they happen, each message the session sent (the
// bot's answers) and each webhook delivery attempt.
func (f *fake) printActivity(ctx context.Context) {
	tick := time.NewTicker(activityPoll)
	defer tick.Stop()
	sent, delivered := 0, 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := time.Now().Format(time.TimeOnly)
		messages := f.srv.Sent()
		for _, m := range messages[sent:] {
			what := fmt.Sprintf("%q", m.Body)
			if m.Media != nil {
				what = fmt.Sprintf("%s %s", m.Media.MIMEType, what)
			}
			fmt.Fprintf(f.out, "%s sent %s to %s (%s)\n", now, what, m.To, m.ID)
		}
		sent = len(messages)
		attempts := f.srv.Deliveries()
		for _, d := range attempts[delivered:] {
			result := fmt.Sprint(d.Status)
			if d.Err != nil {
				result = "failed: " + d.Err.Error()
			}
			fmt.Fprintf(f.out, "%s webhook %s %s attempt %d: %s\n", now, d.Event, d.ID, d.Attempt, result)
		}
		delivered = len(attempts)
	}
}
