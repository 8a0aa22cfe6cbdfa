package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wawp-go/wawp"
)

// instanceFlags are the flags every instance command shares.
type instanceFlags struct {
	instanceID, token, baseURL string
	json                       bool
}

// addInstanceFlags defines -instance, -token, -base-url and -json. The
// token's default is never shown: help output must not reveal it.
func addInstanceFlags(fs *flag.FlagSet) *instanceFlags {
	f := &instanceFlags{}
	fs.StringVar(&f.instanceID, "instance", "", "instance ID (default $"+envInstanceID+")")
	fs.StringVar(&f.token, "token", "", "access token (default $"+envAccessToken+")")
	fs.StringVar(&f.baseURL, "base-url", "", "API root, such as a fake's URL (default $"+envBaseURL+", else wawp.net)")
	fs.BoolVar(&f.json, "json", false, "print JSON for scripts instead of text")
	return f
}

// client builds the API client from the flags, falling back to the
// environment, and names the fix when credentials are missing.
func (f *instanceFlags) client(e *env) (*wawp.Client, error) {
	instanceID := cmp.Or(f.instanceID, e.getenv(envInstanceID))
	token := cmp.Or(f.token, e.getenv(envAccessToken))
	baseURL := cmp.Or(f.baseURL, e.getenv(envBaseURL))
	var missing []string
	if instanceID == "" {
		missing = append(missing, envInstanceID+" (or -instance)")
	}
	if token == "" {
		missing = append(missing, envAccessToken+" (or -token)")
	}
	if len(missing) > 0 {
		return nil, usagef("missing credentials: set %s; for a server other than wawp.net also set %s (or -base-url)",
			strings.Join(missing, " and "), envBaseURL)
	}
	return newClient(instanceID, token, baseURL)
}

// parseClient parses a command's flags, which take no positional
// arguments, and builds the client they name.
func (f *instanceFlags) parseClient(e *env, fs *flag.FlagSet, args []string) (*wawp.Client, error) {
	if err := parseNone(fs, args); err != nil {
		return nil, err
	}
	return f.client(e)
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// parseChat checks a chat ID flag and shows the accepted forms when it is wrong.
func parseChat(flagName, value string) (wawp.ChatID, error) {
	if value == "" {
		return "", usagef("-%s is required: a phone number in international form (447441429009) or a chat ID ending in @c.us, @lid, @g.us or @newsletter", flagName)
	}
	id, err := wawp.ParseChatID(value)
	if err != nil {
		return "", usagef("-%s: %v\naccepted forms: 447441429009, +44 7441 429009, 447441429009@c.us, 123456789@lid, 120363041234567890@g.us, 120363041234567890@newsletter, status@broadcast", flagName, err)
	}
	return id, nil
}

func runStatus(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "status", "status [flags]", "Shows the session status of the instance and the account it is logged in as.")
	inst := addInstanceFlags(fs)
	c, err := inst.parseClient(e, fs, args)
	if err != nil {
		return err
	}
	s, err := sessionInfo(ctx, c)
	if err != nil {
		return err
	}
	return printSession(e.stdout, inst.json, c.InstanceID(), s)
}

// lifecycle returns the command that runs one session lifecycle call.
func lifecycle(action string) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(e, action, action+" [flags]", "Asks the server to "+action+" the instance's session and prints the status it answers.")
		inst := addInstanceFlags(fs)
		c, err := inst.parseClient(e, fs, args)
		if err != nil {
			return err
		}
		s, err := sessionAction(ctx, c, action)
		if err != nil {
			return err
		}
		return printSession(e.stdout, inst.json, c.InstanceID(), s)
	}
}

func parseNone(fs *flag.FlagSet, args []string) error {
	positional, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	return noPositional(fs, positional)
}

func printSession(w io.Writer, asJSON bool, instanceID string, s *wawp.Session) error {
	if asJSON {
		return printJSON(w, s)
	}
	line := fmt.Sprintf("instance %s: %s", instanceID, s.Status)
	if s.Me != nil {
		line += fmt.Sprintf(", logged in as %s (%s)", s.Me.PushName, s.Me.ID)
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// qrPoll is how often qr checks the session status while waiting.
const qrPoll = time.Second

func runQR(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "qr", "qr [flags]",
		"Shows the login QR code in the terminal, a new one every -refresh, until the\n"+
			"session is WORKING. Scan it with WhatsApp > Linked devices > Link a device.\n"+
			"The session must be started first (wawp start). With -json it prints one\n"+
			"JSON line per code, {\"qr\": TEXT}, and {\"status\": \"WORKING\"} at the end.")
	inst := addInstanceFlags(fs)
	refresh := fs.Duration("refresh", 20*time.Second, "how often to fetch a new code")
	wait := fs.Duration("wait", 3*time.Minute, "how long to wait for the scan before giving up")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	if *refresh <= 0 || *wait <= 0 {
		return usagef("-refresh and -wait must be positive")
	}
	c, err := inst.client(e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	var shown time.Time
	for {
		s, err := sessionInfo(ctx, c)
		if err != nil {
			return err
		}
		switch s.Status {
		case wawp.SessionWorking:
			if inst.json {
				return json.NewEncoder(e.stdout).Encode(map[string]wawp.SessionStatus{"status": s.Status})
			}
			return printSession(e.stdout, false, c.InstanceID(), s)
		case wawp.SessionScanQRCode:
			if time.Since(shown) >= *refresh {
				if err := showQR(ctx, e.stdout, c, inst.json); err != nil {
					return err
				}
				shown = time.Now()
			}
		case wawp.SessionStarting:
		default:
			return fmt.Errorf("the session is %s, not waiting for a scan: run \"wawp start\" (or \"wawp restart\") first", s.Status)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the session is not WORKING after %s: %w", *wait, ctx.Err())
		case <-time.After(qrPoll):
		}
	}
}

// showQR prints the code: drawn in half blocks, or as the text it encodes
// when the image cannot be drawn or JSON is asked for.
func showQR(ctx context.Context, w io.Writer, c *wawp.Client, asJSON bool) error {
	if !asJSON {
		png, err := qrImage(ctx, c)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "Scan this code with WhatsApp > Linked devices > Link a device:")
		drawErr := printQR(w, png)
		if drawErr == nil {
			return nil
		}
		fmt.Fprintf(w, "(%v) the code holds this text; turn it into a QR code to scan it:\n", drawErr)
	}
	value, err := qrRaw(ctx, c)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(w).Encode(map[string]string{"qr": value}) // one line per code
	}
	_, err = fmt.Fprintln(w, value)
	return err
}

func runSend(ctx context.Context, e *env, args []string) error {
	kinds := map[string]func(context.Context, *env, []string) error{
		"text": sendTextCmd, "image": sendMediaCmd("image"), "file": sendMediaCmd("file"), "poll": sendPollCmd,
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && isHelpFlag(args[0]) {
			fmt.Fprintln(e.stdout, sendUsage)
			return nil
		}
		return usagef("send needs a kind\n%s", sendUsage)
	}
	kind, ok := kinds[args[0]]
	if !ok {
		return usagef("send: unknown kind %q\n%s", args[0], sendUsage)
	}
	return kind(ctx, e, args[1:])
}

const sendUsage = `Usage: wawp send KIND -to CHAT [flags]

Kinds:
  text   -text TEXT
  image  -url URL [-caption TEXT]
  file   -url URL [-filename NAME] [-caption TEXT]
  poll   -question TEXT -option A -option B ... [-multiple]

Run "wawp send KIND -h" for the flags of a kind.`

func isHelpFlag(s string) bool {
	switch s {
	case "-h", "-help", "--help":
		return true
	}
	return false
}

// sendFlags are the flags every send kind shares.
type sendFlags struct {
	*instanceFlags
	to, replyTo string
}

func addSendFlags(fs *flag.FlagSet) *sendFlags {
	f := &sendFlags{instanceFlags: addInstanceFlags(fs)}
	fs.StringVar(&f.to, "to", "", "recipient: a phone number in international form or a chat ID (required)")
	fs.StringVar(&f.replyTo, "reply-to", "", "serialized ID of a message to quote")
	return f
}

// prepare parses the flags and returns the client and the recipient.
func (f *sendFlags) prepare(e *env, fs *flag.FlagSet, args []string) (*wawp.Client, wawp.ChatID, error) {
	if err := parseNone(fs, args); err != nil {
		return nil, "", err
	}
	to, err := parseChat("to", f.to)
	if err != nil {
		return nil, "", err
	}
	c, err := f.client(e)
	if err != nil {
		return nil, "", err
	}
	return c, to, nil
}

func (f *sendFlags) print(e *env, m *wawp.Message, to wawp.ChatID) error {
	if f.json {
		return printJSON(e.stdout, m)
	}
	_, err := fmt.Fprintf(e.stdout, "sent %s to %s\n", m.ID, to)
	return err
}

func sendTextCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "send text", "send text -to CHAT -text TEXT [flags]", "Sends a text message.")
	f := addSendFlags(fs)
	text := fs.String("text", "", "the message text (required)")
	c, to, err := f.prepare(e, fs, args)
	if err != nil {
		return err
	}
	if *text == "" {
		return usagef("-text is required")
	}
	m, err := sendText(ctx, c, to, *text, wawp.MessageID(f.replyTo))
	if err != nil {
		return err
	}
	return f.print(e, m, to)
}

// sendMediaCmd returns the command of a kind that sends a file by URL.
func sendMediaCmd(kind string) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(e, "send "+kind, "send "+kind+" -to CHAT -url URL [flags]",
			"Sends the "+kind+" at -url; the server downloads it from there.")
		f := addSendFlags(fs)
		var file wawp.File
		fs.StringVar(&file.URL, "url", "", "http(s) URL of the "+kind+" (required)")
		fs.StringVar(&file.Filename, "filename", "", "file name the recipient sees (default: from the URL)")
		fs.StringVar(&file.MIMEType, "mimetype", "", "MIME type (default: from the file name)")
		caption := fs.String("caption", "", "text shown with the "+kind)
		c, to, err := f.prepare(e, fs, args)
		if err != nil {
			return err
		}
		if file.URL == "" {
			return usagef("-url is required")
		}
		send := sendFile
		if kind == "image" {
			send = sendImage
		}
		m, err := send(ctx, c, to, file, *caption, wawp.MessageID(f.replyTo))
		if err != nil {
			return err
		}
		return f.print(e, m, to)
	}
}

func sendPollCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "send poll", "send poll -to CHAT -question TEXT -option A -option B [flags]", "Sends a poll with 2 to 12 options.")
	f := addSendFlags(fs)
	var poll wawp.Poll
	fs.StringVar(&poll.Name, "question", "", "the poll's question (required)")
	fs.Var((*stringList)(&poll.Options), "option", "an answer; repeat for each, 2 to 12 (required)")
	fs.BoolVar(&poll.MultipleAnswers, "multiple", false, "let people pick more than one answer")
	c, to, err := f.prepare(e, fs, args)
	if err != nil {
		return err
	}
	m, err := sendPoll(ctx, c, to, poll, wawp.MessageID(f.replyTo))
	if err != nil {
		return err
	}
	return f.print(e, m, to)
}

// listFlags are the paging flags of chats and groups.
type listFlags struct {
	*instanceFlags
	limit, offset int
}

func addListFlags(fs *flag.FlagSet, what string) *listFlags {
	f := &listFlags{instanceFlags: addInstanceFlags(fs)}
	fs.IntVar(&f.limit, "limit", 50, "how many "+what+" to list")
	fs.IntVar(&f.offset, "offset", 0, "how many "+what+" to skip")
	return f
}

func runChats(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "chats", "chats [flags]", "Lists the instance's chats, most recent first as the server sorts them.")
	f := addListFlags(fs, "chats")
	c, err := f.parseClient(e, fs, args)
	if err != nil {
		return err
	}
	chats, err := listChats(ctx, c, f.limit, f.offset)
	if err != nil {
		return err
	}
	if f.json {
		out := make([]chatJSON, len(chats))
		for i, ch := range chats {
			out[i] = chatJSON{ID: ch.ID, Name: ch.Name, Picture: ch.Picture, Timestamp: ch.Timestamp, UnreadCount: ch.UnreadCount, LastMessage: ch.LastMessage}
		}
		return printJSON(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tUNREAD\tLAST ACTIVITY")
	for _, ch := range chats {
		unread := "-"
		if ch.UnreadCount != nil {
			unread = fmt.Sprint(*ch.UnreadCount)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ch.ID, ch.Name, unread, formatTime(ch.Timestamp))
	}
	return tw.Flush()
}

// chatJSON is a chat as chats -json prints it: the fields every engine
// shares, named as in the API.
type chatJSON struct {
	ID          wawp.ChatID    `json:"id"`
	Name        string         `json:"name"`
	Picture     string         `json:"picture,omitempty"`
	Timestamp   wawp.Timestamp `json:"timestamp"`
	UnreadCount *int           `json:"unreadCount,omitempty"`
	LastMessage *wawp.Message  `json:"lastMessage,omitempty"`
}

func runGroups(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "groups", "groups [flags]", "Lists the groups the instance is in.")
	f := addListFlags(fs, "groups")
	c, err := f.parseClient(e, fs, args)
	if err != nil {
		return err
	}
	groups, err := listGroups(ctx, c, f.limit, f.offset)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, orEmpty(groups))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSUBJECT\tMEMBERS")
	for _, g := range groups {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", g.ID, g.Subject, len(g.Participants))
	}
	return tw.Flush()
}

// orEmpty makes an empty list print as [] rather than null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func formatTime(t wawp.Timestamp) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(time.DateTime)
}
