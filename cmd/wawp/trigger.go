package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// samples holds one webhook delivery per event type, copied from the
// repository's testdata/webhooks, named EVENT.json.
//
//go:embed events/*.json
var samples embed.FS

// eventTypes lists the event types trigger can send, sorted.
func eventTypes() []string {
	entries, err := samples.ReadDir("events")
	if err != nil {
		return nil // the directory is embedded: this cannot happen
	}
	names := make([]string, 0, len(entries))
	for _, entry := range entries {
		names = append(names, strings.TrimSuffix(entry.Name(), ".json"))
	}
	sort.Strings(names)
	return names
}

// sampleFields says where trigger puts -from and -text in an event's
// payload, and whether the payload's id is a message ID to renew.
type sampleFields struct {
	sender    []string
	text      []string
	messageID bool
}

// editableFields returns the fields of an event type that -from and -text
// change; events missing here take neither.
func editableFields(event string) sampleFields {
	switch event {
	case "message", "message.any", "message.edited":
		return sampleFields{sender: []string{"from"}, text: []string{"body"}, messageID: true}
	case "message.reaction":
		return sampleFields{sender: []string{"from"}, text: []string{"reaction", "text"}, messageID: true}
	case "event.response", "event.response.failed":
		return sampleFields{sender: []string{"from"}, messageID: true}
	case "message.ack", "call.received", "call.accepted", "call.rejected":
		return sampleFields{sender: []string{"from"}}
	case "message.ack.group":
		return sampleFields{sender: []string{"participant"}}
	case "message.revoked":
		return sampleFields{sender: []string{"after", "from"}}
	case "poll.vote":
		return sampleFields{sender: []string{"vote", "participant"}}
	case "poll.vote.failed":
		return sampleFields{sender: []string{"vote", "from"}}
	}
	return sampleFields{}
}

// Signature header styles of -header.
const (
	headerWAHA = "waha"
	headerWawp = "wawp"
)

func runTrigger(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "trigger", "trigger EVENT -to URL -secret SECRET [flags]",
		"Posts one signed sample delivery of EVENT to the webhook handler at -to and\n"+
			"prints the status it answered. Each delivery gets a fresh event id and\n"+
			"timestamp. The exit code is 0 for a 2xx answer and 1 otherwise.\n\n"+
			"Events: "+strings.Join(eventTypes(), ", "))
	to := fs.String("to", "", "URL of the webhook handler (required)")
	secret := fs.String("secret", "", "the handler's webhook secret, to sign the delivery (required)")
	from := fs.String("from", "", "sender's phone number or chat ID, for events that have a sender")
	text := fs.String("text", "", "message text, for message, message.any, message.edited and message.reaction")
	header := fs.String("header", headerWAHA, "signature style: waha (X-Webhook-Hmac, HMAC-SHA512) or wawp (X-Wawp-Signature, HMAC-SHA256)")
	asJSON := fs.Bool("json", false, "also print the delivered body")
	positional, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usagef("trigger needs exactly one EVENT, one of: %s", strings.Join(eventTypes(), ", "))
	}
	event := positional[0]
	switch {
	case *to == "":
		return usagef("-to is required: the URL of your webhook handler, such as http://127.0.0.1:8080/webhook")
	case *secret == "":
		return usagef("-secret is required: the secret your handler verifies signatures with")
	case *header != headerWAHA && *header != headerWawp:
		return usagef("-header must be %s or %s, not %q", headerWAHA, headerWawp, *header)
	}
	var sender wawp.ChatID
	if *from != "" {
		if sender, err = parseChat("from", *from); err != nil {
			return err
		}
	}
	body, err := buildEvent(event, sender, *text, time.Now())
	if err != nil {
		return err
	}
	status, err := postEvent(ctx, *to, body, *secret, *header)
	if err != nil {
		return err
	}
	if *asJSON {
		fmt.Fprintf(e.stdout, "%s\n", body)
	}
	fmt.Fprintf(e.stdout, "%s %s: %s\n", event, *to, status)
	if !strings.HasPrefix(status, "2") {
		return fmt.Errorf("the handler answered %s", status)
	}
	return nil
}

// buildEvent returns the sample delivery of event with a fresh id and
// timestamp, and the sender and text put in where the event has them.
func buildEvent(event string, from wawp.ChatID, text string, now time.Time) ([]byte, error) {
	raw, err := samples.ReadFile(path.Join("events", event+".json"))
	if err != nil {
		return nil, usagef("unknown event %q; events: %s", event, strings.Join(eventTypes(), ", "))
	}
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return nil, fmt.Errorf("sample %s: %w", event, err)
	}
	envelope["id"] = mustJSON("evt_" + strings.ToLower(rand.Text()))
	envelope["timestamp"] = mustJSON(now.UnixMilli())
	payload, err := buildPayload(event, envelope["payload"], from, text, now)
	if err != nil {
		return nil, err
	}
	envelope["payload"] = payload
	return json.Marshal(envelope)
}

func buildPayload(event string, payload json.RawMessage, from wawp.ChatID, text string, now time.Time) (json.RawMessage, error) {
	fields := editableFields(event)
	if from != "" && fields.sender == nil {
		return nil, usagef("-from: %s events have no sender", event)
	}
	if text != "" && fields.text == nil {
		return nil, usagef("-text: %s events have no text; it applies to message, message.any, message.edited and message.reaction", event)
	}
	var err error
	if _, has := lookupJSON(payload, "timestamp"); has {
		if payload, err = setJSON(payload, []string{"timestamp"}, now.Unix()); err != nil {
			return nil, err
		}
	}
	if fields.messageID {
		if payload, err = renewMessageID(payload, from); err != nil {
			return nil, err
		}
	}
	if from != "" {
		if payload, err = setJSON(payload, fields.sender, from); err != nil {
			return nil, err
		}
	}
	if text != "" {
		if payload, err = setJSON(payload, fields.text, text); err != nil {
			return nil, err
		}
	}
	return payload, nil
}

// renewMessageID gives the payload's message a fresh ID, in the chat of
// from when it is set.
func renewMessageID(payload json.RawMessage, from wawp.ChatID) (json.RawMessage, error) {
	raw, _ := lookupJSON(payload, "id")
	var id wawp.MessageID
	if json.Unmarshal(raw, &id) != nil {
		return payload, nil
	}
	parts, err := id.Parts()
	if err != nil {
		return payload, nil
	}
	if from != "" {
		parts.Chat = from
	}
	parts.ID = strings.ToUpper(rand.Text())
	return setJSON(payload, []string{"id"}, parts.MessageID())
}

// lookupJSON returns the value of key in a JSON object.
func lookupJSON(object json.RawMessage, key string) (json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(object, &m) != nil {
		return nil, false
	}
	v, ok := m[key]
	return v, ok
}

// setJSON sets the value at a path of keys in a JSON object, creating the
// objects on the way that do not exist.
func setJSON(object json.RawMessage, keys []string, value any) (json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if len(object) > 0 && string(object) != "null" {
		if err := json.Unmarshal(object, &m); err != nil {
			return nil, fmt.Errorf("setting %s: %w", strings.Join(keys, "."), err)
		}
	}
	if len(keys) == 1 {
		m[keys[0]] = mustJSON(value)
	} else {
		inner, err := setJSON(m[keys[0]], keys[1:], value)
		if err != nil {
			return nil, err
		}
		m[keys[0]] = inner
	}
	return json.Marshal(m)
}

// mustJSON encodes a string, number or ID, which cannot fail.
func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// postEvent delivers body to url, signed as a WAHA or Wawp server signs,
// and returns the answer's status line.
func postEvent(ctx context.Context, url string, body []byte, secret, header string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", usagef("-to: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wawp-cli/"+wawp.Version)
	req.Header.Set(wawp.HeaderWebhookTimestamp, strconv.FormatInt(time.Now().UnixMilli(), 10))
	req.Header.Set(wawp.HeaderWebhookRequestID, "req_"+strings.ToLower(rand.Text()))
	if header == headerWawp {
		req.Header.Set(wawp.HeaderWawpSignature, wawp.SignWebhook(body, secret, wawp.AlgorithmSHA256))
	} else {
		req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, secret, wawp.AlgorithmSHA512))
		req.Header.Set(wawp.HeaderWebhookHMACAlgorithm, wawp.AlgorithmSHA512)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("posting to the handler: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.Status, nil
}
