package wawpredis_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawpredis"
	"github.com/wawp-go/wawp/wawptest"
)

// Environment of a limiter child process: the Redis address, and when to
// start and stop asking, in Unix nanoseconds.
const (
	envLimiterChild = "WAWPREDIS_LIMITER_CHILD_ADDR"
	envLimiterStart = "WAWPREDIS_LIMITER_START"
	envLimiterStop  = "WAWPREDIS_LIMITER_STOP"
)

// sharedRate is the budget the processes of the contention test share.
var sharedRate = wawpredis.Rate{Events: 100, Per: time.Second, Burst: 10}

// Three processes hammering one instance's limiter for ten seconds get the
// budget between them: rate × 10 s + burst grants, within 5 %.
func TestLimiterHoldsProcessesToBudget(t *testing.T) {
	if addr := os.Getenv(envLimiterChild); addr != "" {
		runLimiterChild(t, addr)
		return
	}
	s := startRedis(t)
	const children, window = 3, 10 * time.Second
	start := time.Now().Add(time.Second)
	stop := start.Add(window)

	outputs := make([]strings.Builder, children)
	cmds := make([]*exec.Cmd, children)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLimiterHoldsProcessesToBudget$", "-test.count=1")
		cmd.Env = append(os.Environ(),
			envLimiterChild+"="+s.addr,
			envLimiterStart+"="+strconv.FormatInt(start.UnixNano(), 10),
			envLimiterStop+"="+strconv.FormatInt(stop.UnixNano(), 10))
		cmd.Stdout = &outputs[i]
		cmd.Stderr = &outputs[i]
		require.NoError(t, cmd.Start())
		cmds[i] = cmd
	}
	total := 0
	for i, cmd := range cmds {
		require.NoError(t, cmd.Wait(), "child %d: %s", i, outputs[i].String())
		grants, ok := childGrants(outputs[i].String())
		require.True(t, ok, "child %d printed no grant count: %s", i, outputs[i].String())
		assert.Positive(t, grants, "child %d was starved", i)
		total += grants
	}
	budget := float64(sharedRate.Events)*window.Seconds()/sharedRate.Per.Seconds() + float64(sharedRate.Burst)
	t.Logf("%d processes got %d grants; budget %.0f", children, total, budget)
	assert.LessOrEqual(t, float64(total), budget*1.05, "over budget")
	assert.GreaterOrEqual(t, float64(total), budget*0.95, "budget left unused under contention")
}

// runLimiterChild is one process of the contention test: eight goroutines
// ask for grants between the start and stop times, and the count is
// printed for the parent.
func runLimiterChild(t *testing.T, addr string) {
	start, stop := envTime(t, envLimiterStart), envTime(t, envLimiterStop)
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	lim, err := wawpredis.NewLimiter(rdb, sharedRate, wawpredis.LimiterOptions{})
	require.NoError(t, err)
	instance := lim.For("contended-instance")

	time.Sleep(time.Until(start))
	ctx, cancel := context.WithDeadline(context.Background(), stop)
	defer cancel()
	var grants atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for instance.Wait(ctx) == nil {
				if time.Now().After(stop) {
					return // granted after the window closed: not counted
				}
				grants.Add(1)
			}
		})
	}
	wg.Wait()
	fmt.Printf("grants %d\n", grants.Load())
}

func envTime(t *testing.T, name string) time.Time {
	ns, err := strconv.ParseInt(os.Getenv(name), 10, 64)
	require.NoError(t, err, name)
	return time.Unix(0, ns)
}

// childGrants reads the count a child printed.
func childGrants(output string) (int, bool) {
	sc := bufio.NewScanner(strings.NewReader(output))
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "grants "); ok {
			v, err := strconv.Atoi(n)
			return v, err == nil
		}
	}
	return 0, false
}

// Wait gives up when its context ends, without waiting for the budget.
func TestLimiterWaitHonoursContext(t *testing.T) {
	s := startRedis(t)
	lim, err := wawpredis.NewLimiter(s.client(t), wawpredis.Rate{Events: 1, Per: time.Hour}, wawpredis.LimiterOptions{})
	require.NoError(t, err)
	instance := lim.For("slow-instance")
	require.NoError(t, instance.Wait(t.Context()), "the first send is within the burst")

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	began := time.Now()
	err = instance.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(began), 2*time.Second)
}

// A burst is granted at once, the next send waits one interval, and
// another instance has its own budget.
func TestLimiterBurstThenPace(t *testing.T) {
	s := startRedis(t)
	lim, err := wawpredis.NewLimiter(s.client(t), wawpredis.Rate{Events: 5, Per: time.Second, Burst: 3}, wawpredis.LimiterOptions{Prefix: "bot:"})
	require.NoError(t, err)
	ctx := t.Context()
	a := lim.For("instance-a")
	for range 3 {
		quick, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		require.NoError(t, a.Wait(quick), "within the burst")
		cancel()
	}
	quick, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	require.ErrorIs(t, a.Wait(quick), context.DeadlineExceeded, "past the burst a send waits an interval")
	cancel()
	require.NoError(t, a.Wait(ctx))

	quick, cancel = context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	require.NoError(t, lim.For("instance-b").Wait(quick), "another instance has its own budget")
	assert.Equal(t, int64(1), s.client(t).Exists(ctx, "bot:rate:instance-a").Val())
}

// Two clients, as two replicas would have, each with its own Limiter on
// one Redis, share an instance's budget through WithInstanceRateLimiter.
func TestLimiterPacesClientsAcrossReplicas(t *testing.T) {
	s := startRedis(t)
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	defer srv.Close()
	replica := func() *wawp.Client {
		lim, err := wawpredis.NewLimiter(s.client(t), wawpredis.Rate{Events: 1, Per: time.Hour}, wawpredis.LimiterOptions{})
		require.NoError(t, err)
		return srv.Client(wawp.WithInstanceRateLimiter(lim.For))
	}
	first, second := replica(), replica()
	const to wawp.ChatID = "447441429009"
	params := wawp.SendTextParams{Text: "hello"}

	_, err := first.Messages.SendText(t.Context(), to, params)
	require.NoError(t, err, "the first send is within the budget")
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err = second.Messages.SendText(ctx, to, params)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the other replica's send must wait for the shared budget")
}

func TestNewLimiterRejectsBadRate(t *testing.T) {
	s := startRedis(t)
	for _, tc := range []struct {
		rate  wawpredis.Rate
		field string
	}{
		{wawpredis.Rate{Events: 0, Per: time.Second}, "rate"},
		{wawpredis.Rate{Events: 1, Per: 0}, "rate"},
		{wawpredis.Rate{Events: 2_000_000, Per: time.Second}, "rate"},
		{wawpredis.Rate{Events: 1, Per: time.Second, Burst: -1}, "burst"},
	} {
		_, err := wawpredis.NewLimiter(s.client(t), tc.rate, wawpredis.LimiterOptions{})
		var verr *wawp.ValidationError
		require.ErrorAs(t, err, &verr, "%+v", tc.rate)
		assert.Equal(t, tc.field, verr.Field)
	}
}
