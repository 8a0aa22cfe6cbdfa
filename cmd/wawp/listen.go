package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wawp-go/wawp"
)

func runListen(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "listen", "listen -secret SECRET [-addr :9000] [flags]",
		"Receives webhook deliveries, verifies their signature with -secret and prints\n"+
			"one line per event: time, type and what happened. Deliveries that fail the\n"+
			"check are answered 401 and printed too. Expose it to a real instance through\n"+
			"a tunnel and set the instance's webhook URL and secret to match.")
	addr := fs.String("addr", ":9000", "address to listen on")
	secret := fs.String("secret", "", "the webhook secret the instance signs with (required)")
	asJSON := fs.Bool("json", false, "print each event's raw JSON body instead of a summary line")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	if *secret == "" {
		return usagef("-secret is required: the webhook secret set on the instance")
	}
	out := &lockedWriter{w: e.stdout}
	receiver, err := newEventReceiver(*secret, func(ev *wawp.Event) {
		if *asJSON {
			fmt.Fprintf(out, "%s\n", ev.Raw)
			return
		}
		fmt.Fprintln(out, summarize(ev))
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("-addr: %v", err)
	}
	fmt.Fprintf(out, "listening on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	handler := logRejected(out, receiver)
	return serveUntilDone(ctx, ln, handler)
}

// serveUntilDone serves h on ln until ctx ends, then lets the requests in
// flight finish.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler) error {
	server := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		stopped <- server.Shutdown(shutdown)
	}()
	if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-stopped
}

// logRejected prints the deliveries the handler refused, with the likely fix.
func logRejected(out io.Writer, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if rec.status < http.StatusBadRequest {
			return
		}
		hint := ""
		switch rec.status {
		case http.StatusUnauthorized:
			hint = ": the signature is missing or does not match -secret"
		case http.StatusBadRequest:
			hint = ": the body is not a webhook event"
		}
		fmt.Fprintf(out, "%s rejected %s %s: %d %s%s\n", time.Now().Format(time.TimeOnly),
			r.Method, r.URL.Path, rec.status, http.StatusText(rec.status), hint)
	})
}

// statusRecorder remembers the status a handler answered.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// lockedWriter serialises the lines concurrent handlers print.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// summarize describes an event in one line: time, type, then key=value
// pairs of what happened.
func summarize(e *wawp.Event) string {
	at := e.Timestamp.Time
	if at.IsZero() {
		at = time.Now()
	}
	var fields []string
	add := func(key string, value any) {
		if s := fmt.Sprint(value); s != "" {
			fields = append(fields, key+"="+s)
		}
	}
	quoted := func(key, text string) { fields = append(fields, key+"="+fmt.Sprintf("%q", text)) }
	switch p := e.Payload.(type) {
	case *wawp.Message:
		describeMessage(p, add, quoted)
	case *wawp.EditedMessage:
		describeMessage(&p.Message, add, quoted)
		add("edited", p.EditedMessageID)
	case *wawp.AckEvent:
		add("chat", p.Chat())
		add("id", p.ID)
		add("ack", p.Ack)
	case *wawp.ReactionEvent:
		add("from", p.From)
		add("on", p.Reaction.MessageID)
		if p.Reaction.Removed() {
			add("reaction", "removed")
		} else {
			quoted("reaction", p.Reaction.Text)
		}
	case *wawp.RevokedEvent:
		if p.After != nil {
			add("from", p.After.From)
		}
		add("revoked", p.RevokedMessageID)
	case *wawp.SessionStatusEvent:
		add("status", p.Status)
	case *wawp.GroupJoinEvent:
		add("group", p.Group.ID)
		quoted("subject", p.Group.Subject)
	case *wawp.GroupLeaveEvent:
		add("group", p.Group.ID)
	case *wawp.GroupUpdateEvent:
		add("group", p.Group.ID)
		if p.Group.Subject != nil {
			quoted("subject", *p.Group.Subject)
		}
	case *wawp.GroupParticipantsEvent:
		add("group", p.Group.ID)
		add("action", p.Type)
		for _, m := range p.Participants {
			add("member", m.ID)
		}
	case *wawp.ChatPresences:
		add("chat", p.ID)
		for _, pr := range p.Presences {
			add(string(pr.Participant), pr.LastKnownPresence)
		}
	case *wawp.PollVoteEvent:
		add("from", cmp.Or(p.Vote.Participant, p.Vote.From))
		add("poll", p.Poll.ID)
		add("options", strings.Join(p.Vote.SelectedOptions, ","))
	case *wawp.ChatArchiveEvent:
		add("chat", p.ID)
		add("archived", p.Archived)
	case *wawp.CallEvent:
		add("from", p.From)
		add("video", p.IsVideo)
	case *wawp.Label:
		add("label", p.ID)
		quoted("name", p.Name)
	case *wawp.LabelChatEvent:
		add("label", p.LabelID)
		add("chat", p.ChatID)
	case *wawp.EventResponseEvent:
		add("from", p.From)
		if p.EventResponse != nil {
			add("response", p.EventResponse.Response)
		}
	case *wawp.EngineEvent:
		add("engine_event", p.Event)
	case *wawp.UnknownEvent:
		add("payload_bytes", len(p.Raw))
	}
	return fmt.Sprintf("%s %-22s %s", at.Local().Format(time.TimeOnly), e.Type, strings.Join(fields, " "))
}

func describeMessage(m *wawp.Message, add func(string, any), quoted func(string, string)) {
	if m.FromMe {
		add("to", m.To)
	} else {
		add("from", m.From)
	}
	if m.Participant != "" {
		add("sender", m.Participant)
	}
	if m.HasMedia {
		media := "yes"
		if m.Media != nil && m.Media.MIMEType != "" {
			media = m.Media.MIMEType
		}
		add("media", media)
	}
	if m.Body != "" || !m.HasMedia {
		quoted("text", m.Body)
	}
}
