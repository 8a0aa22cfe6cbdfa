package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Benchmarks of the SDK against what a careful engineer writes by hand with
// net/http and encoding/json, each pair in one process against one
// in-process loopback server. BENCHMARKS.md has the figures.
//
// Benchmark<Name> are plain pairs, for benchstat. BenchmarkRatio<Name> run
// ratioRounds comparison rounds in which every iteration calls each side
// once (see compare), report the ratios of the medians on a "summary" line,
// and fail when a target is missed, but only with WAWP_BENCH_ENFORCE=1: CI
// runs every benchmark once with -benchtime 1x so that they keep compiling
// and running, and single iterations say nothing about speed.

// Targets checked by the BenchmarkRatio benchmarks.
const (
	// maxRequestRatio bounds SDK time over hand-written time for SendText and
	// Chats.Messages.
	maxRequestRatio = 1.05
	// maxExtraAllocs bounds SDK allocations per call above the hand-written ones.
	maxExtraAllocs = 10
	// maxIterPeakPages bounds the live heap while iterating, in pages: the
	// page being yielded, and the next one while it is read and decoded.
	maxIterPeakPages = 2.0
)

const (
	// enforceEnv makes the BenchmarkRatio benchmarks fail on a missed target.
	enforceEnv = "WAWP_BENCH_ENFORCE"
	// ratioRounds is how often each side runs in a comparison; medians are kept.
	ratioRounds = 5
	// benchSenders is the number of goroutines sending through one client.
	benchSenders = 256
	// benchPageSize is the page size of Chats.Messages and of the iterator.
	benchPageSize = 100
	// benchIterTotal is the number of messages the iterator walks through.
	benchIterTotal = 10000
	// benchChat is the chat every benchmark talks to.
	benchChat = ChatID("447441429009@c.us")
)

// ---------------------------------------------------------------------------
// Fixtures: realistic WEBJS-engine messages, with the engine's _data object.

// benchMessageData is an engine _data object as WEBJS sends it, about 1.4 KiB.
func benchMessageData(i int, fromMe bool, body string, ts int64) string {
	var secret strings.Builder
	for k := range 32 {
		if k > 0 {
			secret.WriteByte(',')
		}
		fmt.Fprintf(&secret, `"%d":%d`, k, (i*31+k*17)%256)
	}
	return fmt.Sprintf(`{"id":{"fromMe":%[1]t,"remote":"447441429009@c.us","id":"3EB0%016[2]X","_serialized":"%[1]t_447441429009@c.us_3EB0%016[2]X"},`+
		`"viewed":false,"body":%[3]q,"type":"chat","t":%[4]d,"notifyName":"Alice","from":"447441429009@c.us","to":"201012345678@c.us",`+
		`"ack":3,"invis":false,"isNewMsg":true,"star":false,"kicNotified":false,"recvFresh":true,"isFromTemplate":false,`+
		`"pollInvalidated":false,"isSentCardAd":false,"latestEditMsgKey":null,"latestEditSenderTimestampMs":null,`+
		`"mentionedJidList":[],"groupMentions":[],"isEventCanceled":false,"eventInvalidated":false,"isVcardOverMmsDocument":false,`+
		`"isForwarded":false,"hasReaction":false,"viewMode":"VISIBLE","messageSecret":{%[5]s},"productHeaderImageRejected":false,`+
		`"lastPlaybackProgress":0,"isDynamicReplyButtonsMsg":false,"isCarouselCard":false,"parentMsgId":null,"isMdHistoryMsg":false,`+
		`"stickerSentTs":0,"isAvatar":false,"lastUpdateFromServerTs":0,"invokedBotWid":null,"bizBotType":null,"botResponseTargetId":null,`+
		`"botPluginType":null,"botPluginReferenceIndex":null,"botPluginSearchProvider":null,"botPluginSearchUrl":null,`+
		`"botPluginSearchQuery":null,"botPluginMaybeParent":false,"botReelPluginThumbnailCdnUrl":null,"botMsgBodyType":null,`+
		`"requiresDirectConnection":null,"bizContentPlaceholderType":null,"hostedBizEncStateMismatch":false,`+
		`"senderOrRecipientAccountTypeHosted":false,"placeholderCreatedWhenAccountIsHosted":false,"links":[]}`,
		fromMe, i, body, ts, secret.String())
}

// benchMessage is message i of a chat's history: mostly text, every tenth
// with downloaded media, every seventh quoting an earlier message.
func benchMessage(i int) string {
	fromMe := i%3 == 0
	from, to := "447441429009@c.us", "201012345678@c.us"
	if fromMe {
		from, to = to, from
	}
	ts := int64(1710480000 + i*7)
	body := fmt.Sprintf("Message %06d: is my order on its way? It was due on Tuesday.", i)
	id := fmt.Sprintf("%t_447441429009@c.us_3EB0%016X", fromMe, i)
	media, mediaURL, hasMedia := "null", "", false
	if i%10 == 0 {
		hasMedia = true
		mediaURL = "https://api.wawp.net/api/files/" + id + ".jpeg"
		media = fmt.Sprintf(`{"url":%q,"mimetype":"image/jpeg","filename":null,"error":null}`, mediaURL)
	}
	replyTo := "null"
	if i%7 == 0 {
		replyTo = `{"id":"AAAAAAAAAAAAAAAAAAAA","participant":"201012345678@c.us","body":"Your order has shipped.","_data":{}}`
	}
	return fmt.Sprintf(`{"id":%q,"timestamp":%d,"from":%q,"fromMe":%t,"source":"app","to":%q,"participant":null,"body":%q,`+
		`"hasMedia":%t,"media":%s,"mediaUrl":%q,"ack":3,"ackName":"READ","vCards":[],"replyTo":%s,"_data":%s}`,
		id, ts, from, fromMe, to, body, hasMedia, media, mediaURL, replyTo, benchMessageData(i, fromMe, body, ts))
}

// benchMessagesPage is the JSON array of messages offset to offset+n-1.
func benchMessagesPage(offset, n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(benchMessage(offset + i))
	}
	b.WriteByte(']')
	return b.Bytes()
}

// ---------------------------------------------------------------------------
// What a careful engineer writes without the SDK.

// The hand-written sides decode into the SDK's own types, as one direct
// json.Unmarshal: what the comparison measures is the request path around
// the decode (encoding, credentials, error envelopes, limits, retries), not
// the richer decoding the types themselves do, which costs the same either
// way.

// handClient is a reused client with the SDK's transport settings and
// timeout, so that the comparison measures the code, not the settings.
func handClient() *http.Client {
	return &http.Client{Transport: defaultTransport(), Timeout: DefaultTimeout}
}

// handCall sends one request and decodes a 200 answer into out. It reads
// the body whole and unmarshals it: on this machine that beat
// json.NewDecoder plus draining by 4 to 6 percent, so it is the baseline.
func handCall(ctx context.Context, hc *http.Client, method, rawURL string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unexpected status %d", resp.StatusCode)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, out)
}

// handSendText is Messages.SendText written by hand.
func handSendText(ctx context.Context, hc *http.Client, base string, chat ChatID, text string) (*Message, error) {
	q := url.Values{}
	q.Set("chatId", string(chat))
	q.Set("message", text)
	q.Set("instance_id", testInstance)
	q.Set("access_token", testToken)
	var m Message
	if err := handCall(ctx, hc, http.MethodPost, base+"send?"+q.Encode(), &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// handChatMessages is Chats.Messages written by hand.
func handChatMessages(ctx context.Context, hc *http.Client, base string, chat ChatID, limit int) ([]Message, error) {
	q := url.Values{}
	q.Set("limit", strconv.Itoa(limit))
	q.Set("downloadMedia", "false")
	q.Set("instance_id", testInstance)
	q.Set("access_token", testToken)
	var out []Message
	if err := handCall(ctx, hc, http.MethodGet, base+"chats/"+url.PathEscape(string(chat))+"/messages?"+q.Encode(), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// Servers.

// benchServer is an in-process loopback server that counts the TCP
// connections it accepts.
type benchServer struct {
	*httptest.Server
	conns atomic.Int64
}

func newBenchServer(tb testing.TB, h http.Handler) *benchServer {
	tb.Helper()
	s := &benchServer{Server: httptest.NewUnstartedServer(h)}
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// base is the API root on this server, with its trailing slash.
func (s *benchServer) base() string { return s.URL + testBasePath + "/" }

// sdkClient is an SDK client with default settings bound to s.
func (s *benchServer) sdkClient(tb testing.TB) *Client {
	tb.Helper()
	c, err := NewClient(testInstance, testToken, WithBaseURL(s.base()))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// serveJSON answers every request with body.
func serveJSON(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

// ---------------------------------------------------------------------------
// Comparison machinery.

// bench is one prepared side of a comparison.
type bench struct {
	// op is the measured call.
	op func() error
	// refill, when set, runs untimed before call 0 and then every batch
	// calls, to prepare inputs that must not be reused.
	refill func()
	batch  int
	// cleanup runs once the side is done.
	cleanup func()
}

// side names a way to prepare a bench.
type side struct {
	name  string
	setup func(tb testing.TB) bench
}

// needsRefill reports whether call i must be preceded by a refill.
func (bn bench) needsRefill(i int) bool {
	return bn.refill != nil && i%bn.batch == 0
}

// run is the plain benchmark of a side, for benchstat.
func (sd side) run(b *testing.B) {
	bn := sd.setup(b)
	if bn.cleanup != nil {
		defer bn.cleanup()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if bn.needsRefill(i) {
			b.StopTimer()
			bn.refill()
			b.StartTimer()
		}
		if err := bn.op(); err != nil {
			b.Fatal(err)
		}
	}
}

// measured is a side's figures in a comparison.
type measured struct {
	// ns is the median over the rounds of the time per call.
	ns float64
	// allocs is the allocations per call, from testing.AllocsPerRun.
	allocs float64
}

// compare runs ratioRounds rounds. Each round is a sub-benchmark in which
// every iteration calls each side once, in an order that rotates, timing
// every call on its own: the sides share whatever the machine is doing at
// that moment, which damps noise far better than alternating whole runs.
// The median of each side's time over the rounds is kept.
//
// testing.Benchmark cannot be called here: it takes the lock that the
// running benchmark holds, and would deadlock.
func compare(b *testing.B, sides ...side) []measured {
	b.Helper()
	perRound := make([][]float64, len(sides))
	for range ratioRounds {
		var last []float64
		b.Run("round", func(b *testing.B) {
			last = pairedRound(b, sides)
		})
		if len(last) != len(sides) {
			b.Fatal("a comparison round failed")
		}
		for i, ns := range last {
			perRound[i] = append(perRound[i], ns)
		}
	}
	out := make([]measured, len(sides))
	for i, sd := range sides {
		out[i] = measured{ns: median(perRound[i]), allocs: allocsPerCall(b, sd)}
	}
	return out
}

// pairedRound runs b.N iterations of every side and returns each side's
// time per call.
func pairedRound(b *testing.B, sides []side) []float64 {
	benches := make([]bench, len(sides))
	for i, sd := range sides {
		benches[i] = sd.setup(b)
		if benches[i].cleanup != nil {
			defer benches[i].cleanup()
		}
	}
	elapsed := make([]time.Duration, len(sides))
	b.ResetTimer()
	for i := range b.N {
		for k := range benches {
			j := (k + i) % len(benches)
			bn := benches[j]
			if bn.needsRefill(i) {
				b.StopTimer()
				bn.refill()
				b.StartTimer()
			}
			start := time.Now()
			if err := bn.op(); err != nil {
				b.Fatalf("%s: %v", sides[j].name, err)
			}
			elapsed[j] += time.Since(start)
		}
	}
	b.StopTimer()
	out := make([]float64, len(sides))
	for j, sd := range sides {
		out[j] = float64(elapsed[j].Nanoseconds()) / float64(b.N)
		b.ReportMetric(out[j], sd.name+"-ns/call")
	}
	return out
}

// allocsPerCall counts a side's allocations per call. They include the
// in-process server's, which are the same for both sides of a pair.
func allocsPerCall(tb testing.TB, sd side) float64 {
	bn := sd.setup(tb)
	if bn.cleanup != nil {
		defer bn.cleanup()
	}
	if bn.refill != nil {
		bn.refill()
	}
	// AllocsPerRun makes one warm-up call more than it counts; a refilled
	// side must not run out of prepared inputs.
	runs := 100
	if bn.refill != nil {
		runs = min(runs, bn.batch-1)
	}
	var err error
	allocs := testing.AllocsPerRun(runs, func() {
		if e := bn.op(); e != nil {
			err = e
		}
	})
	if err != nil {
		tb.Fatalf("%s: %v", sd.name, err)
	}
	return allocs
}

func median(vs []float64) float64 {
	vs = slices.Clone(vs)
	slices.Sort(vs)
	if n := len(vs); n%2 == 0 {
		return (vs[n/2-1] + vs[n/2]) / 2
	}
	return vs[len(vs)/2]
}

// target is one checked figure.
type target struct {
	ok  bool
	msg string
}

// summarize reports a comparison's figures and verdicts on a "summary"
// sub-benchmark, since a benchmark with sub-benchmarks has no result line
// of its own. A missed target fails it when WAWP_BENCH_ENFORCE=1.
func summarize(b *testing.B, metrics map[string]float64, targets ...target) {
	judged := false
	b.Run("summary", func(b *testing.B) {
		for unit, v := range metrics {
			b.ReportMetric(v, unit)
		}
		b.ReportMetric(0, "ns/op")
		if judged {
			return
		}
		judged = true
		// The figures are logged too: a failed benchmark prints no result line.
		units := slices.Sorted(maps.Keys(metrics))
		figures := make([]string, len(units))
		for i, unit := range units {
			figures[i] = fmt.Sprintf("%.4g %s", metrics[unit], unit)
		}
		b.Log(strings.Join(figures, ", "))
		// Verdicts are given only when enforced: a single iteration, as CI
		// runs to keep the benchmarks compiling, says nothing about speed.
		if os.Getenv(enforceEnv) != "1" {
			return
		}
		for _, t := range targets {
			if t.ok {
				b.Log(t.msg + ": holds")
			} else {
				b.Error(t.msg + ": MISSED")
			}
		}
	})
}

// ---------------------------------------------------------------------------
// SendText.

const benchText = "Hello from Wawp! Your order #48213 has shipped & will arrive on Tuesday."

func newSendTextServer(tb testing.TB) *benchServer {
	body, err := os.ReadFile("testdata/messages/send_text.json")
	if err != nil {
		tb.Fatal(err)
	}
	return newBenchServer(tb, serveJSON(body))
}

func sendTextSides(srv *benchServer) (sdk, hand side) {
	sdk = side{"sdk", func(tb testing.TB) bench {
		c := srv.sdkClient(tb)
		ctx := context.Background()
		params := SendTextParams{Text: benchText}
		return bench{op: func() error {
			m, err := c.Messages.SendText(ctx, benchChat, params)
			if err == nil && m.ID == "" {
				err = fmt.Errorf("message without ID")
			}
			return err
		}, cleanup: c.httpClient.CloseIdleConnections}
	}}
	hand = side{"hand", func(testing.TB) bench {
		hc := handClient()
		ctx, base := context.Background(), srv.base()
		return bench{op: func() error {
			m, err := handSendText(ctx, hc, base, benchChat, benchText)
			if err == nil && m.ID == "" {
				err = fmt.Errorf("message without ID")
			}
			return err
		}, cleanup: hc.CloseIdleConnections}
	}}
	return sdk, hand
}

func BenchmarkSendText(b *testing.B) {
	sdk, hand := sendTextSides(newSendTextServer(b))
	b.Run("sdk", sdk.run)
	b.Run("hand", hand.run)
}

func BenchmarkRatioSendText(b *testing.B) {
	sdk, hand := sendTextSides(newSendTextServer(b))
	compareRequests(b, "SendText", compare(b, sdk, hand))
}

// compareRequests reports and checks the time ratio and the extra
// allocations of an SDK call against its hand-written twin.
func compareRequests(b *testing.B, name string, ms []measured) {
	sdk, hand := ms[0], ms[1]
	ratio, extra := sdk.ns/hand.ns, sdk.allocs-hand.allocs
	summarize(b, map[string]float64{
		"sdk-ns/call": sdk.ns, "hand-ns/call": hand.ns,
		"sdk-allocs/call": sdk.allocs, "hand-allocs/call": hand.allocs,
		"sdk/hand": ratio, "extra-allocs/call": extra,
	},
		target{ratio <= maxRequestRatio, fmt.Sprintf("%s sdk/hand time %.3f (target <= %.2f)", name, ratio, maxRequestRatio)},
		target{extra <= maxExtraAllocs, fmt.Sprintf("%s extra allocations per call %.0f (target <= %d)", name, extra, maxExtraAllocs)},
	)
}

// ---------------------------------------------------------------------------
// Chats.Messages: one page of 100 messages.

func chatMessagesSides(srv *benchServer) (sdk, hand side) {
	sdk = side{"sdk", func(tb testing.TB) bench {
		c := srv.sdkClient(tb)
		ctx := context.Background()
		params := &ChatMessagesParams{Limit: benchPageSize}
		return bench{op: func() error {
			ms, err := c.Chats.Messages(ctx, benchChat, params)
			if err == nil && len(ms) != benchPageSize {
				err = fmt.Errorf("got %d messages", len(ms))
			}
			return err
		}, cleanup: c.httpClient.CloseIdleConnections}
	}}
	hand = side{"hand", func(testing.TB) bench {
		hc := handClient()
		ctx, base := context.Background(), srv.base()
		return bench{op: func() error {
			ms, err := handChatMessages(ctx, hc, base, benchChat, benchPageSize)
			if err == nil && len(ms) != benchPageSize {
				err = fmt.Errorf("got %d messages", len(ms))
			}
			return err
		}, cleanup: hc.CloseIdleConnections}
	}}
	return sdk, hand
}

func newChatMessagesServer(tb testing.TB) *benchServer {
	return newBenchServer(tb, serveJSON(benchMessagesPage(0, benchPageSize)))
}

func BenchmarkChatMessages(b *testing.B) {
	sdk, hand := chatMessagesSides(newChatMessagesServer(b))
	b.Run("sdk", sdk.run)
	b.Run("hand", hand.run)
}

func BenchmarkRatioChatMessages(b *testing.B) {
	sdk, hand := chatMessagesSides(newChatMessagesServer(b))
	compareRequests(b, "Chats.Messages", compare(b, sdk, hand))
}

// ---------------------------------------------------------------------------
// 256 goroutines sending through one client.

// concurrentResult is one run of benchSenders goroutines.
type concurrentResult struct {
	sendsPerSec, conns float64
}

// concurrentSide runs b.N sends spread over benchSenders goroutines through
// one client and reports the throughput and the TCP connections the server
// accepted. Every run starts without idle connections and closes its own
// at the end, so each counts the connections it opened.
type concurrentSide struct {
	name string
	// client returns the send function and the way to close idle connections.
	client func(tb testing.TB) (send func(ctx context.Context) error, closeIdle func())
}

func (cs concurrentSide) run(b *testing.B, srv *benchServer) concurrentResult {
	send, closeIdle := cs.client(b)
	ctx := context.Background()
	srv.conns.Store(0)
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range benchSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				if err := send(ctx); err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	closeIdle()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	r := concurrentResult{sendsPerSec: float64(b.N) / elapsed.Seconds(), conns: float64(srv.conns.Load())}
	b.ReportMetric(r.sendsPerSec, "sends/s")
	b.ReportMetric(r.conns, "conns")
	b.ReportMetric(float64(b.N)/max(r.conns, 1), "sends/conn")
	return r
}

// concurrentSides are the SDK's default client and a hand-written sender on
// http.DefaultClient, what untyped code usually shares.
func concurrentSides(srv *benchServer) []concurrentSide {
	sdk := concurrentSide{"sdk", func(tb testing.TB) (func(context.Context) error, func()) {
		c := srv.sdkClient(tb)
		params := SendTextParams{Text: benchText}
		return func(ctx context.Context) error {
			_, err := c.Messages.SendText(ctx, benchChat, params)
			return err
		}, c.httpClient.CloseIdleConnections
	}}
	hand := concurrentSide{"hand", func(testing.TB) (func(context.Context) error, func()) {
		base := srv.base()
		return func(ctx context.Context) error {
			_, err := handSendText(ctx, http.DefaultClient, base, benchChat, benchText)
			return err
		}, http.DefaultClient.CloseIdleConnections
	}}
	return []concurrentSide{sdk, hand}
}

func BenchmarkConcurrentSend(b *testing.B) {
	srv := newSendTextServer(b)
	for _, cs := range concurrentSides(srv) {
		b.Run(cs.name, func(b *testing.B) { cs.run(b, srv) })
	}
}

func BenchmarkRatioConcurrentSend(b *testing.B) {
	srv := newSendTextServer(b)
	sides := concurrentSides(srv)
	var sendsPerSec [2][]float64
	var maxConns [2]float64
	for round := range ratioRounds {
		for k := range sides {
			i := (k + round) % len(sides)
			var last concurrentResult
			b.Run(sides[i].name, func(b *testing.B) { last = sides[i].run(b, srv) })
			sendsPerSec[i] = append(sendsPerSec[i], last.sendsPerSec)
			maxConns[i] = max(maxConns[i], last.conns)
		}
	}
	sdk, hand := median(sendsPerSec[0]), median(sendsPerSec[1])
	ratio := sdk / hand
	summarize(b, map[string]float64{
		"sdk-sends/s": sdk, "hand-sends/s": hand, "sdk/hand-throughput": ratio,
		"sdk-max-conns": maxConns[0], "hand-max-conns": maxConns[1],
	},
		target{maxConns[0] <= benchSenders, fmt.Sprintf("concurrent sdk connections at most %.0f (target <= %d senders, reused)", maxConns[0], benchSenders)},
		target{ratio >= 1, fmt.Sprintf("concurrent sdk/hand throughput %.2f (target >= 1)", ratio)},
	)
}

// ---------------------------------------------------------------------------
// Memory while iterating 10,000 messages.

type iterBench struct {
	srv *benchServer
	// sampling turns heap sampling on in the server handler.
	sampling atomic.Bool
	mu       sync.Mutex
	peak     uint64
}

func newIterBench(tb testing.TB) *iterBench {
	s := &iterBench{}
	s.srv = newBenchServer(tb, http.HandlerFunc(s.servePage))
	return s
}

// servePage answers a page of the 10,000-message history, sampling the live
// heap first while the client waits for it.
func (s *iterBench) servePage(w http.ResponseWriter, r *http.Request) {
	if s.sampling.Load() {
		s.sample()
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	n := max(min(limit, benchIterTotal-offset), 0)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(benchMessagesPage(offset, n))
}

// liveHeap collects garbage and returns the bytes still in use.
func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func (s *iterBench) sample() {
	live := liveHeap()
	s.mu.Lock()
	s.peak = max(s.peak, live)
	s.mu.Unlock()
}

// pageBytes is the live heap taken by one decoded page of messages.
func (s *iterBench) pageBytes(tb testing.TB) float64 {
	c := s.srv.sdkClient(tb)
	defer c.httpClient.CloseIdleConnections()
	base := liveHeap()
	page, err := c.Chats.Messages(context.Background(), benchChat, &ChatMessagesParams{Limit: benchPageSize})
	if err != nil || len(page) != benchPageSize {
		tb.Fatal(len(page), err)
	}
	held := liveHeap()
	runtime.KeepAlive(page)
	return float64(held) - float64(base)
}

// peakAbove walks the 10,000 messages once, keeping them all when keep is
// true, and returns the peak live heap above the heap before the walk. The
// heap is sampled at every page fetch and in the middle of every page.
func (s *iterBench) peakAbove(tb testing.TB, keep bool) float64 {
	c := s.srv.sdkClient(tb)
	defer c.httpClient.CloseIdleConnections()
	var kept []Message
	base := liveHeap()
	s.mu.Lock()
	s.peak = base
	s.mu.Unlock()
	s.sampling.Store(true)
	defer s.sampling.Store(false)
	n := 0
	for m, err := range c.Chats.MessagesIter(context.Background(), benchChat, &ChatMessagesParams{Limit: benchPageSize}) {
		if err != nil {
			tb.Fatal(err)
		}
		if keep {
			kept = append(kept, m)
		}
		if n%benchPageSize == benchPageSize/2 {
			s.sample()
		}
		n++
	}
	s.sample()
	if n != benchIterTotal || (keep && len(kept) != benchIterTotal) {
		tb.Fatalf("walked %d messages, kept %d", n, len(kept))
	}
	runtime.KeepAlive(kept)
	s.mu.Lock()
	defer s.mu.Unlock()
	return float64(s.peak) - float64(base)
}

func (s *iterBench) side(keep bool) func(b *testing.B) {
	return func(b *testing.B) {
		var peak float64
		for range b.N {
			peak = max(peak, s.peakAbove(b, keep))
		}
		b.ReportMetric(peak/1024, "peak-live-KiB")
	}
}

func BenchmarkMessagesIterMemory(b *testing.B) {
	s := newIterBench(b)
	b.Run("iter", s.side(false))
	b.Run("slice", s.side(true))
}

// BenchmarkRatioMessagesIterMemory measures the peak live heap directly,
// three times each way: it is a count of bytes, not a time.
func BenchmarkRatioMessagesIterMemory(b *testing.B) {
	s := newIterBench(b)
	page := s.pageBytes(b)
	var iterPeaks, slicePeaks []float64
	for range 3 {
		iterPeaks = append(iterPeaks, s.peakAbove(b, false))
		slicePeaks = append(slicePeaks, s.peakAbove(b, true))
	}
	iterPeak, slicePeak := median(iterPeaks), median(slicePeaks)
	pages := iterPeak / page
	summarize(b, map[string]float64{
		"page-KiB": page / 1024, "iter-peak-KiB": iterPeak / 1024, "slice-peak-KiB": slicePeak / 1024,
		"iter-peak-pages": pages, "slice-peak-pages": slicePeak / page,
	},
		target{pages <= maxIterPeakPages, fmt.Sprintf("MessagesIter peak live heap %.2f pages (target <= %.1f)", pages, maxIterPeakPages)},
	)
}

// ---------------------------------------------------------------------------
// The fast paths the benchmarks led to must decode exactly as the general
// code they replace.

func TestVCardsEmptyListDecodesLikeAList(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`[]`, `[ ]`, " [\n\t] ", "[\r\n]"} {
		var want []string
		require.NoError(t, json.Unmarshal([]byte(in), &want))
		var got VCards
		require.NoError(t, got.UnmarshalJSON([]byte(in)), in)
		require.NotNil(t, got, in)
		assert.Equal(t, want, []string(got), in)
	}
	for _, in := range []string{`[]]`, `[] []`, `[`, `]`, `[x]`, "[\u00a0]"} {
		assert.False(t, isEmptyJSONArray([]byte(in)), in)
	}
}
