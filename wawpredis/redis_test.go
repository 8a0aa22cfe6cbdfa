package wawpredis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
)

// testSecret signs the deliveries the tests send.
const testSecret = "test-webhook-secret"

// redisServer is a redis-server process of one test, without persistence
// unless the test asks for it.
type redisServer struct {
	addr string
	args []string
	cmd  *exec.Cmd
}

// startRedis starts a redis-server on a free port with its own directory
// and stops it at cleanup. Without the binary the test fails on CI and is
// skipped elsewhere, with the reason.
func startRedis(tb testing.TB, extraArgs ...string) *redisServer {
	tb.Helper()
	s, err := newRedisServer(serverDir(tb), extraArgs...)
	if err != nil {
		noRedis(tb, err)
	}
	tb.Cleanup(s.kill)
	return s
}

// newRedisServer starts a redis-server without persistence, unless
// extraArgs turn it on, keeping its files in dir.
func newRedisServer(dir string, extraArgs ...string) (*redisServer, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	_ = l.Close()
	args := append([]string{bin,
		"--port", port, "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--protected-mode", "no",
	}, extraArgs...)
	s := &redisServer{addr: net.JoinHostPort("127.0.0.1", port), args: args}
	return s, s.start()
}

// serverDir returns a directory removed at cleanup, in memory where the
// machine has /dev/shm: the restart test kills the process, not the
// machine, so fsync to a disk would only slow it down.
func serverDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "wawpredis-")
	if err != nil {
		return tb.TempDir()
	}
	tb.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

// noRedis ends a test that has no Redis to run against.
func noRedis(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("redis-server cannot start (install it with apt-get install -y redis-server): %v", err)
	}
	tb.Skipf("skipped: redis-server cannot start (install it with apt-get install -y redis-server): %v", err)
}

// start runs the server and waits until it answers PING.
func (s *redisServer) start() error {
	s.cmd = exec.Command(s.args[0], s.args[1:]...)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := s.ping()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			s.kill()
			return fmt.Errorf("redis-server on %s did not answer: %w", s.addr, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ping checks the server with a plain connection: a client would retry
// dialing with its own backoff and slow every start down.
func (s *redisServer) ping() error {
	conn, err := net.DialTimeout("tcp", s.addr, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	reply := make([]byte, 7)
	if _, err := io.ReadFull(conn, reply); err != nil {
		return err
	}
	if string(reply) != "+PONG\r\n" {
		return fmt.Errorf("redis-server answered PING with %q", reply)
	}
	return nil
}

// kill stops the server at once, as a crash would.
func (s *redisServer) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// client returns a client of the server, closed at cleanup.
func (s *redisServer) client(tb testing.TB) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: s.addr})
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// eventBody returns the message fixture with the event ID id.
func eventBody(tb testing.TB, id string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "webhooks", "message.json"))
	require.NoError(tb, err)
	var event map[string]any
	require.NoError(tb, json.Unmarshal(raw, &event))
	event["id"] = id
	body, err := json.Marshal(event)
	require.NoError(tb, err)
	return body
}

// signedRequest is a delivery of body signed with testSecret.
func signedRequest(ctx context.Context, url string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wawp.HeaderWebhookHMAC, wawp.SignWebhook(body, testSecret, wawp.AlgorithmSHA512))
	return req, nil
}

// post sends one signed delivery and returns the status.
func post(ctx context.Context, client *http.Client, url string, body []byte) (int, error) {
	req, err := signedRequest(ctx, url, body)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// eventCounter counts the callback runs of each event ID.
type eventCounter struct {
	mu   sync.Mutex
	runs map[string]int
}

func newEventCounter() *eventCounter { return &eventCounter{runs: map[string]int{}} }

func (c *eventCounter) add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs[id]++
}

// snapshot returns a copy of the counts.
func (c *eventCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.runs)
}

// count returns how many times id ran.
func (c *eventCounter) count(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[id]
}

// countingHandler returns a handler whose message callback counts each run
// in counter, deduplicating through dedup.
func countingHandler(tb testing.TB, dedup wawp.Deduplicator, counter *eventCounter, opts ...wawp.WebhookOption) *wawp.WebhookHandler {
	tb.Helper()
	h, err := wawp.NewWebhookHandler(testSecret, append([]wawp.WebhookOption{wawp.WithDeduplicator(dedup)}, opts...)...)
	require.NoError(tb, err)
	h.OnMessage(func(_ context.Context, e *wawp.Event, _ *wawp.Message) error {
		counter.add(e.ID)
		return nil
	})
	return h
}
