package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"
)

// Benchmarks of webhook parsing and of the webhook handler, on the harness
// of bench_test.go.

// Webhook targets checked by the BenchmarkRatio benchmarks.
const (
	// minParseSpeedupOverMap is how many times faster ParseEvent must be than
	// decoding the same event into map[string]any.
	minParseSpeedupOverMap = 1.3
	// maxParseOverFloor bounds ParseEvent time over one json.Unmarshal into
	// a struct of the envelope and the final payload type.
	maxParseOverFloor = 1.25
	// maxHandlerOverParts bounds the webhook handler's time over the sum of
	// HMAC verification alone and ParseEvent alone.
	maxHandlerOverParts = 1.25
)

const (
	// webhookBatch is how many uniquely identified, signed deliveries are
	// built at a time, outside the timer.
	webhookBatch = 4096
	// benchSecret signs the benchmark deliveries.
	benchSecret = "whsec-bench-0123456789abcdef"
)

// enforcedTargets returns targets only when WAWP_BENCH_ENFORCE=1, so that a
// run that checks nothing reports no verdicts: a single CI iteration says
// nothing about speed.
func enforcedTargets(targets ...target) []target {
	if os.Getenv(enforceEnv) != "1" {
		return nil
	}
	return targets
}

// benchMessageEvent is a `message` webhook delivery of about 2.5 KiB whose
// event ID ends in the twelve digits of n.
func benchMessageEvent(n int) []byte {
	return fmt.Appendf(nil, `{"id":"evt_01jq8x3m5k7w2r%012d","timestamp":1741249704485,"event":"message","session":"wawp-84729105",`+
		`"metadata":{"instance_id":"123456789","user_id":5000,"display_name":"Acme Support"},`+
		`"me":{"id":"201012345678@c.us","lid":"123123@lid","pushName":"Acme Support"},"payload":%s,"engine":"WEBJS",`+
		`"environment":{"version":"2025.9.4","engine":"WEBJS","tier":"PLUS","browser":"/usr/bin/google-chrome-stable","platform":"linux/x64"}}`,
		n, benchMessage(7))
}

// handEvent is the floor for event parsing with encoding/json: one
// json.Unmarshal into a struct of the envelope and the payload with the
// types ParseEvent gives them, so that the two do the same decoding work.
type handEvent struct {
	ID          string       `json:"id"`
	Timestamp   Timestamp    `json:"timestamp"`
	Event       EventType    `json:"event"`
	Session     string       `json:"session"`
	Metadata    Metadata     `json:"metadata"`
	Engine      Engine       `json:"engine"`
	Me          *MeInfo      `json:"me"`
	Environment *Environment `json:"environment"`
	Payload     Message      `json:"payload"`
}

// ---------------------------------------------------------------------------
// ParseEvent of a message event.

// parseSides are ParseEvent, a map decode and the floor on body.
func parseSides(body []byte) (sdk, untyped, floor side) {
	sdk = side{"sdk", func(testing.TB) bench {
		return bench{op: func() error {
			ev, err := ParseEvent(body)
			if err == nil && (ev.Message() == nil || ev.Message().ID == "") {
				err = fmt.Errorf("no message in %+v", ev)
			}
			return err
		}}
	}}
	untyped = side{"map", func(testing.TB) bench {
		return bench{op: func() error {
			var ev map[string]any
			err := json.Unmarshal(body, &ev)
			if err == nil && ev["event"] != "message" {
				err = fmt.Errorf("event %v", ev["event"])
			}
			return err
		}}
	}}
	floor = side{"floor", func(testing.TB) bench {
		return bench{op: func() error {
			var ev handEvent
			err := json.Unmarshal(body, &ev)
			if err == nil && ev.Payload.ID == "" {
				err = fmt.Errorf("no message ID")
			}
			return err
		}}
	}}
	return sdk, untyped, floor
}

func BenchmarkParseEvent(b *testing.B) {
	sdk, untyped, floor := parseSides(benchMessageEvent(1))
	b.Run("sdk", sdk.run)
	b.Run("map", untyped.run)
	b.Run("floor", floor.run)
}

func BenchmarkRatioParseEvent(b *testing.B) {
	sdk, untyped, floor := parseSides(benchMessageEvent(1))
	ms := compare(b, sdk, untyped, floor)
	speedup, overFloor := ms[1].ns/ms[0].ns, ms[0].ns/ms[2].ns
	summarize(b, map[string]float64{
		"sdk-ns/event": ms[0].ns, "map-ns/event": ms[1].ns, "floor-ns/event": ms[2].ns,
		"sdk-allocs/event": ms[0].allocs, "map-allocs/event": ms[1].allocs, "floor-allocs/event": ms[2].allocs,
		"map/sdk": speedup, "sdk/floor": overFloor,
	}, enforcedTargets(
		target{speedup >= minParseSpeedupOverMap, fmt.Sprintf("ParseEvent map/sdk time %.2f (target >= %.1f)", speedup, minParseSpeedupOverMap)},
		target{overFloor <= maxParseOverFloor, fmt.Sprintf("ParseEvent sdk/floor time %.3f (target <= %.2f)", overFloor, maxParseOverFloor)},
	)...)
}

// ---------------------------------------------------------------------------
// The webhook handler end to end against its two costly parts alone.

// discardWriter is a ResponseWriter that keeps only the status.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }

// signedDeliveries builds n signed deliveries with the event IDs first to
// first+n-1, ready to serve.
func signedDeliveries(first, n int) []*http.Request {
	reqs := make([]*http.Request, n)
	for i := range reqs {
		body := benchMessageEvent(first + i)
		header := http.Header{}
		header.Set("Content-Type", "application/json")
		header.Set(HeaderWebhookHMAC, SignWebhook(body, benchSecret, AlgorithmSHA512))
		header.Set(HeaderWebhookHMACAlgorithm, AlgorithmSHA512)
		reqs[i] = &http.Request{
			Method:        http.MethodPost,
			URL:           &url.URL{Path: "/webhook"},
			Header:        header,
			Body:          io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)),
		}
	}
	return reqs
}

// webhookSides are the handler serving a new delivery, with a new event
// ID, on every call, so that deduplication never short-circuits (the
// callback fails the call if it is not reached); HMAC verification alone;
// and ParseEvent alone, the last two on one delivery of the same size.
func webhookSides() []side {
	handler := side{"handler", func(tb testing.TB) bench {
		reached := false
		h := newTestHandler(tb, benchSecret)
		h.OnMessage(func(_ context.Context, _ *Event, m *Message) error {
			if m.ID == "" {
				return fmt.Errorf("message without ID")
			}
			reached = true
			return nil
		})
		w := &discardWriter{header: http.Header{}}
		var batch []*http.Request
		served := 0
		return bench{
			op: func() error {
				reached, w.status = false, 0
				h.ServeHTTP(w, batch[served%webhookBatch])
				served++
				if w.status != http.StatusOK || !reached {
					return fmt.Errorf("status %d, callback reached: %t", w.status, reached)
				}
				return nil
			},
			refill: func() { batch = signedDeliveries(served, webhookBatch) },
			batch:  webhookBatch,
		}
	}}
	hmacOnly := side{"hmac", func(testing.TB) bench {
		req := signedDeliveries(1, 1)[0]
		body, _ := io.ReadAll(req.Body)
		return bench{op: func() error { return VerifySignature(body, req.Header, benchSecret) }}
	}}
	parse, _, _ := parseSides(benchMessageEvent(1))
	parse.name = "parse"
	return []side{handler, hmacOnly, parse}
}

func BenchmarkWebhookHandler(b *testing.B) {
	for _, sd := range webhookSides() {
		b.Run(sd.name, sd.run)
	}
}

func BenchmarkRatioWebhookHandler(b *testing.B) {
	ms := compare(b, webhookSides()...)
	ratio := ms[0].ns / (ms[1].ns + ms[2].ns)
	summarize(b, map[string]float64{
		"handler-ns/delivery": ms[0].ns, "hmac-ns/delivery": ms[1].ns, "parse-ns/delivery": ms[2].ns,
		"handler-allocs/delivery": ms[0].allocs, "hmac-allocs/delivery": ms[1].allocs, "parse-allocs/delivery": ms[2].allocs,
		"handler/(hmac+parse)": ratio,
	}, enforcedTargets(
		target{ratio <= maxHandlerOverParts, fmt.Sprintf("webhook handler/(hmac+parse) time %.3f (target <= %.2f)", ratio, maxHandlerOverParts)},
	)...)
}
