// Scale-out shows a bot running as several replicas on one Redis: a
// receiver that stores each webhook delivery and answers at once, and two
// workers that run the callbacks, each event once however often it is
// delivered. Here the three replicas live in one program; in production
// each is its own process, on as many machines as needed.
//
// It uses the Redis at REDIS_ADDR, or, when that is unset, starts a
// redis-server of its own on a free port (the binary must be installed):
//
//	go run ./examples/scale-out
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
)

// secret signs the deliveries this program sends itself, as Wawp would.
const secret = "scale-out-webhook-secret"

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "scale-out:", err)
		os.Exit(1)
	}
}

// run starts the replicas, sends them deliveries with duplicates and
// prints what each worker handled.
func run(ctx context.Context, out io.Writer) error {
	addr, stopRedis, err := redisAddr()
	if err != nil {
		return err
	}
	defer stopRedis()
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis at %s is unreachable: %w", addr, err)
	}
	// A prefix of its own for each run, so that a shared Redis keeps
	// earlier runs' events apart.
	prefix := "scale-out:" + randomHex() + ":"

	receiverURL, stopReceiver, err := startReceiver(rdb, prefix)
	if err != nil {
		return err
	}
	defer stopReceiver()

	events := []string{"evt_1", "evt_2", "evt_3", "evt_4", "evt_5", "evt_6"}
	log := &handledLog{byWorker: map[string][]string{}, all: make(chan string, 64)}
	workerCtx, stopWorkers := context.WithCancel(ctx)
	var workers sync.WaitGroup
	defer func() {
		stopWorkers()
		workers.Wait()
	}()
	for _, name := range []string{"worker-1", "worker-2"} {
		h, inbox, err := newWorker(rdb, prefix, name, log)
		if err != nil {
			return err
		}
		workers.Go(func() { _ = inbox.Run(workerCtx, h) })
	}

	// Wawp delivers some events twice, as it does after a timeout.
	deliveries := append(append([]string{}, events...), "evt_2", "evt_5", "evt_5")
	for _, id := range deliveries {
		status, err := deliver(ctx, receiverURL, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "receiver answered %d to %s\n", status, id)
	}
	if err := log.waitFor(ctx, len(events), 10*time.Second); err != nil {
		return err
	}
	log.print(out)
	return nil
}

// startReceiver serves the receiving replica on a local port.
func startReceiver(rdb *redis.Client, prefix string) (url string, stop func(), err error) {
	inbox, err := wawpredis.NewInbox(rdb, wawpredis.InboxOptions{Prefix: prefix})
	if err != nil {
		return "", nil, err
	}
	receiver, err := wawp.NewWebhookHandler(secret, wawp.WithEventQueue(inbox))
	if err != nil {
		return "", nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: receiver, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String() + "/webhook", func() { _ = srv.Close() }, nil
}

// newWorker returns a worker replica: a handler deduplicating through Redis
// and the inbox it reads under its own consumer name.
func newWorker(rdb *redis.Client, prefix, name string, log *handledLog) (*wawp.WebhookHandler, *wawpredis.Inbox, error) {
	dedup, err := wawpredis.NewDeduplicator(rdb, wawpredis.DedupOptions{Prefix: prefix})
	if err != nil {
		return nil, nil, err
	}
	h, err := wawp.NewWebhookHandler(secret, wawp.WithDeduplicator(dedup))
	if err != nil {
		return nil, nil, err
	}
	h.OnMessage(func(_ context.Context, e *wawp.Event, _ *wawp.Message) error {
		log.add(name, e.ID)
		return nil
	})
	inbox, err := wawpredis.NewInbox(rdb, wawpredis.InboxOptions{Prefix: prefix, Consumer: name})
	if err != nil {
		return nil, nil, err
	}
	return h, inbox, nil
}

// deliver posts one signed message event, as Wawp does.
func deliver(ctx context.Context, url, id string) (int, error) {
	body := fmt.Appendf(nil, `{"id":%q,"event":"message","session":"default","payload":{"id":"msg_%s","body":"hello"}}`, id, id)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, secret, wawp.AlgorithmSHA512))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("deliver %s: %w", id, err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// handledLog records which worker ran which event.
type handledLog struct {
	mu       sync.Mutex
	byWorker map[string][]string
	all      chan string
}

func (l *handledLog) add(worker, id string) {
	l.mu.Lock()
	l.byWorker[worker] = append(l.byWorker[worker], id)
	l.mu.Unlock()
	l.all <- id
}

// waitFor waits until n events were handled.
func (l *handledLog) waitFor(ctx context.Context, n int, timeout time.Duration) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for range n {
		select {
		case <-l.all:
		case <-timer.C:
			return errors.New("the workers did not handle every event in time")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (l *handledLog) print(out io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	workers := make([]string, 0, len(l.byWorker))
	for w := range l.byWorker {
		workers = append(workers, w)
	}
	sort.Strings(workers)
	for _, w := range workers {
		ids := l.byWorker[w]
		sort.Strings(ids)
		fmt.Fprintf(out, "%s handled %d events: %v\n", w, len(ids), ids)
	}
}

// redisAddr returns REDIS_ADDR or, when it is unset, the address of a
// redis-server started on a free port, with the function that stops it.
func redisAddr() (addr string, stop func(), err error) {
	if addr := os.Getenv("REDIS_ADDR"); addr != "" {
		return addr, func() {}, nil
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return "", nil, errors.New("REDIS_ADDR is unset and redis-server is not installed: set REDIS_ADDR to a running Redis, or install redis-server")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	_ = l.Close()
	dir, err := os.MkdirTemp("", "scale-out-redis-")
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return "", nil, fmt.Errorf("start redis-server: %w", err)
	}
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(dir)
	}
	addr = net.JoinHostPort("127.0.0.1", port)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			_ = conn.Close()
			return addr, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("redis-server on %s did not start: %w", addr, err)
		}
	}
}

// randomHex returns a short random name.
func randomHex() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
