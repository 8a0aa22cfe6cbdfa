package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Binaries built once for the package's tests, run as a user runs them.
var (
	wawpBin    string
	echoBotBin string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wawp-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wawpBin = filepath.Join(dir, "wawp")
	echoBotBin = filepath.Join(dir, "echo-bot")
	for target, pkg := range map[string]string{wawpBin: ".", echoBotBin: "../../examples/echo-bot"} {
		if out, err := exec.Command("go", "build", "-o", target, pkg).CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building %s: %v\n%s", pkg, err, out)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// processTimeout bounds every wait on a process.
const processTimeout = 10 * time.Second

// cleanEnv is the test process's environment without WAWP_ variables, so
// that a developer's real credentials never reach a command under test.
func cleanEnv(extra ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WAWP_") {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

// result is a finished run of the wawp binary.
type result struct {
	stdout, stderr string
	code           int
}

// runWawp runs the wawp binary with args and env and waits for it.
func runWawp(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), processTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, wawpBin, args...)
	cmd.Env = cleanEnv(env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running wawp %s: %v", strings.Join(args, " "), err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// process is a long-running command whose output lines tests wait for.
type process struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr *syncBuffer
	done   chan struct{} // closed when stdout reached its end

	mu      sync.Mutex
	lines   []string
	newLine chan struct{} // closed and replaced on every line
}

// syncBuffer is a bytes.Buffer safe for a process and a test to share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs bin in the background; the test's cleanup interrupts it.
func start(t *testing.T, env []string, bin string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv(env...)
	p := &process{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{}), newLine: make(chan struct{})}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	p.stdin, err = cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	go p.read(stdout)
	t.Cleanup(func() { p.stop(t) })
	return p
}

func (p *process) read(stdout io.Reader) {
	defer close(p.done)
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		p.mu.Lock()
		p.lines = append(p.lines, lines.Text())
		close(p.newLine)
		p.newLine = make(chan struct{})
		p.mu.Unlock()
	}
}

// output returns every line printed so far.
func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// waitFor waits for a line containing every one of parts and returns it.
func (p *process) waitFor(t *testing.T, parts ...string) string {
	t.Helper()
	deadline := time.After(processTimeout)
	for {
		p.mu.Lock()
		for _, line := range p.lines {
			if containsAll(line, parts) {
				p.mu.Unlock()
				return line
			}
		}
		changed := p.newLine
		p.mu.Unlock()
		select {
		case <-changed:
		case <-p.done:
			if line, ok := p.find(parts); ok {
				return line
			}
			t.Fatalf("%s ended without printing %q\nstdout:\n%s\nstderr:\n%s", filepath.Base(p.cmd.Path), parts, p.output(), p.stderr)
		case <-deadline:
			t.Fatalf("%s did not print %q in %s\nstdout:\n%s\nstderr:\n%s", filepath.Base(p.cmd.Path), parts, processTimeout, p.output(), p.stderr)
		}
	}
}

func (p *process) find(parts []string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, line := range p.lines {
		if containsAll(line, parts) {
			return line, true
		}
	}
	return "", false
}

func containsAll(line string, parts []string) bool {
	for _, part := range parts {
		if !strings.Contains(line, part) {
			return false
		}
	}
	return true
}

// exitCode waits for the process to end by itself and returns its exit code.
func (p *process) exitCode(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(processTimeout):
		t.Fatalf("%s did not exit\nstdout:\n%s\nstderr:\n%s", filepath.Base(p.cmd.Path), p.output(), p.stderr)
	}
	err := p.cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

// stop interrupts the process, as Ctrl-C does, and reaps it.
func (p *process) stop(t *testing.T) {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(processTimeout):
		t.Errorf("%s ignored the interrupt", filepath.Base(p.cmd.Path))
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	_ = p.cmd.Wait()
}

// fakeServer is a running "wawp fake" and the environment it printed.
type fakeServer struct {
	*process
	root string   // http://127.0.0.1:PORT
	env  []string // the exported variables, KEY=VALUE
}

// startFake runs "wawp fake" on a free port with args and reads its banner.
func startFake(t *testing.T, args ...string) *fakeServer {
	t.Helper()
	p := start(t, nil, wawpBin, append([]string{"fake", "-addr", "127.0.0.1:0"}, args...)...)
	f := &fakeServer{process: p}
	line := p.waitFor(t, "fake Wawp server on ")
	f.root = strings.Fields(strings.TrimPrefix(line, "fake Wawp server on "))[0]
	export := p.waitFor(t, "export ")
	f.env = strings.Fields(strings.TrimSpace(export))[1:]
	return f
}

// getenv returns a variable of the fake's banner.
func (f *fakeServer) getenv(key string) string {
	for _, kv := range f.env {
		if k, v, _ := strings.Cut(kv, "="); k == key {
			return v
		}
	}
	return ""
}

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}
