package wawpredis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wawp-go/wawp"
)

// Inbox defaults.
const (
	// DefaultGroup names the inbox's consumer group.
	DefaultGroup = "workers"
	// DefaultMinIdle is how long a delivery a worker holds may go without a
	// sign of life before another worker takes it over.
	DefaultMinIdle = time.Minute
	// DefaultMaxAttempts is how many failed runs move a delivery to the
	// dead-letter stream.
	DefaultMaxAttempts = 5
	// DefaultMinBackoff is the pause after a delivery's first failure; each
	// further failure doubles it.
	DefaultMinBackoff = time.Second
	// DefaultMaxBackoff caps the pause between two runs of a delivery.
	DefaultMaxBackoff = time.Minute
	// DefaultBatch is how many deliveries a worker reads at once.
	DefaultBatch = 10
)

// Bounds of the inbox's own timing.
const (
	// minMinIdle keeps the reclaim and heartbeat periods, fractions of
	// MinIdle, above Redis's millisecond resolution.
	minMinIdle = 20 * time.Millisecond
	// maxBlock bounds one blocking read, so that Run notices a cancelled
	// context and reclaims on time.
	maxBlock = time.Second
	// errorPause is how long Run waits after a Redis failure before trying
	// again, so that an unreachable Redis is not hammered.
	errorPause = 250 * time.Millisecond
)

// InboxOptions configures an Inbox. The zero value uses the defaults.
type InboxOptions struct {
	// Prefix starts every key (DefaultPrefix when empty).
	Prefix string
	// Group names the consumer group the workers share (DefaultGroup when
	// empty).
	Group string
	// Consumer names this process's workers in the group (host name,
	// process ID and a random suffix when empty). Two processes must not
	// share a name.
	Consumer string
	// MinIdle is how long a delivery may go without a sign of life from the
	// worker holding it before another worker reclaims it (DefaultMinIdle
	// when zero, at least 20ms). A live worker renews its hold every third
	// of MinIdle, however slow the callbacks. Keep it above one and a half
	// times the Deduplicator's lease, so that the claim of a worker that
	// died has expired when its delivery is reclaimed: otherwise the
	// delivery is taken for a duplicate and dropped.
	MinIdle time.Duration
	// MaxAttempts is how many failed runs move a delivery to the dead-letter
	// stream (DefaultMaxAttempts when zero).
	MaxAttempts int
	// MinBackoff is the pause after a delivery's first failure, doubled for
	// each further failure up to MaxBackoff (defaults DefaultMinBackoff and
	// DefaultMaxBackoff when zero).
	MinBackoff time.Duration
	// MaxBackoff caps the pause between two runs of a delivery.
	MaxBackoff time.Duration
	// Batch is how many deliveries a worker reads at once (DefaultBatch
	// when zero).
	Batch int
	// Log receives Redis failures at Warn level and dead-lettered deliveries
	// at Error level; nothing is logged when it is nil. Callback errors are
	// the handler's to log (see wawp.WithErrorLog).
	Log *slog.Logger
}

// Inbox is a durable queue of webhook deliveries on a Redis stream. It is
// the wawp.EventQueue of the receiving replicas, so that they answer Wawp
// as soon as a delivery is stored, and the source of the workers, which
// run the callbacks through a consumer group. A delivery is acknowledged
// only once its callbacks succeeded; a failed one is run again after a
// backoff and moved to the dead-letter stream after MaxAttempts failures;
// one held by a worker that died is reclaimed by another after MinIdle.
// It is safe for concurrent use.
type Inbox struct {
	rdb      redis.UniversalClient
	stream   string
	dead     string
	attempts string
	group    string
	consumer string
	opts     InboxOptions
}

var _ wawp.EventQueue = (*Inbox)(nil)

// NewInbox returns an Inbox on rdb. A nil rdb or a bad value in opts is
// reported as a *wawp.ValidationError.
func NewInbox(rdb redis.UniversalClient, opts InboxOptions) (*Inbox, error) {
	if rdb == nil {
		return nil, &wawp.ValidationError{Field: "redis client", Reason: "must not be nil"}
	}
	if err := opts.setDefaults(); err != nil {
		return nil, err
	}
	consumer := opts.Consumer
	if consumer == "" {
		var err error
		if consumer, err = defaultConsumer(); err != nil {
			return nil, err
		}
	}
	prefix := cmp.Or(opts.Prefix, DefaultPrefix)
	return &Inbox{
		rdb:      rdb,
		stream:   prefix + "inbox",
		dead:     prefix + "inbox:dead",
		attempts: prefix + "inbox:attempts",
		group:    cmp.Or(opts.Group, DefaultGroup),
		consumer: consumer,
		opts:     opts,
	}, nil
}

// setDefaults checks o and fills in the defaults of its zero fields.
func (o *InboxOptions) setDefaults() error {
	switch {
	case o.MinIdle < 0 || (o.MinIdle > 0 && o.MinIdle < minMinIdle):
		return &wawp.ValidationError{Field: "min idle", Reason: "must be zero or at least 20ms"}
	case o.MaxAttempts < 0:
		return &wawp.ValidationError{Field: "max attempts", Reason: "must not be negative"}
	case o.MinBackoff < 0 || o.MaxBackoff < 0:
		return &wawp.ValidationError{Field: "backoff", Reason: "must not be negative"}
	case o.Batch < 0:
		return &wawp.ValidationError{Field: "batch", Reason: "must not be negative"}
	}
	o.MinIdle = cmp.Or(o.MinIdle, DefaultMinIdle)
	o.MaxAttempts = cmp.Or(o.MaxAttempts, DefaultMaxAttempts)
	o.MinBackoff = cmp.Or(o.MinBackoff, DefaultMinBackoff)
	o.MaxBackoff = cmp.Or(o.MaxBackoff, DefaultMaxBackoff)
	o.Batch = cmp.Or(o.Batch, DefaultBatch)
	if o.MaxBackoff < o.MinBackoff {
		return &wawp.ValidationError{Field: "backoff", Reason: "maximum must not be below minimum"}
	}
	return nil
}

// defaultConsumer names a consumer after its host and process, with a
// random suffix so that a restarted process with a reused PID is new.
func defaultConsumer() (string, error) {
	host, err := os.Hostname()
	if err != nil {
		host = "host"
	}
	token, err := newToken()
	if err != nil {
		return "", err
	}
	return host + "-" + strconv.Itoa(os.Getpid()) + "-" + token[:8], nil
}

// Consumer returns the name this inbox's workers read under.
func (in *Inbox) Consumer() string { return in.consumer }

// Enqueue appends one delivery body to the stream. Once it returned nil
// the delivery is as durable as Redis's persistence makes it.
func (in *Inbox) Enqueue(ctx context.Context, body []byte) error {
	err := in.rdb.XAdd(ctx, &redis.XAddArgs{Stream: in.stream, Values: []any{"body", body}}).Err()
	if err != nil {
		return fmt.Errorf("wawpredis: enqueue to %s: %w", in.stream, err)
	}
	return nil
}

// Run is a worker: until ctx is done it reads deliveries through the
// consumer group, reclaims those that a dead worker held, and passes each to
// h.Process, acknowledging it when that succeeds. Run may be called any
// number of times at once, in one process or many. A Redis failure does not
// stop it: it is logged and the worker tries again. Run returns ctx.Err()
// once ctx is done, leaving the delivery it was running to be reclaimed.
func (in *Inbox) Run(ctx context.Context, h *wawp.WebhookHandler) error {
	if h == nil {
		return &wawp.ValidationError{Field: "handler", Reason: "must not be nil"}
	}
	w := &worker{inbox: in, handler: h, reclaimCursor: "0-0"}
	for ctx.Err() == nil {
		if err := w.step(ctx); err != nil && ctx.Err() == nil {
			in.warn(ctx, "wawpredis: inbox worker", err)
			_ = sleep(ctx, errorPause)
		}
	}
	return ctx.Err()
}

// worker is the state of one Run.
type worker struct {
	inbox         *Inbox
	handler       *wawp.WebhookHandler
	groupReady    bool
	nextReclaim   time.Time
	reclaimCursor string
}

// step makes sure the group exists, reclaims what is due and reads one
// batch of new deliveries.
func (w *worker) step(ctx context.Context) error {
	in := w.inbox
	if !w.groupReady {
		if err := in.createGroup(ctx); err != nil {
			return err
		}
		w.groupReady = true
	}
	if !time.Now().Before(w.nextReclaim) {
		if err := w.reclaim(ctx); err != nil {
			return w.noteGroupLoss(err)
		}
	}
	streams, err := in.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group:    in.group,
		Consumer: in.consumer,
		Streams:  []string{in.stream, ">"},
		Count:    int64(in.opts.Batch),
		Block:    min(maxBlock, in.reclaimEvery()),
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return w.noteGroupLoss(fmt.Errorf("wawpredis: read %s: %w", in.stream, err))
	}
	for _, s := range streams {
		if err := w.runAll(ctx, s.Messages); err != nil {
			return err
		}
	}
	return nil
}

// reclaim takes over one batch of deliveries idle longer than MinIdle.
// XAUTOCLAIM walks the pending list with a cursor; a full pass waits for
// the next reclaim period.
func (w *worker) reclaim(ctx context.Context) error {
	in := w.inbox
	msgs, cursor, err := in.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
		Stream:   in.stream,
		Group:    in.group,
		Consumer: in.consumer,
		MinIdle:  in.opts.MinIdle,
		Start:    w.reclaimCursor,
		Count:    int64(in.opts.Batch),
	}).Result()
	if err != nil {
		return fmt.Errorf("wawpredis: reclaim from %s: %w", in.stream, err)
	}
	w.reclaimCursor = cursor
	if cursor == "0-0" {
		w.nextReclaim = time.Now().Add(in.reclaimEvery())
	}
	return w.runAll(ctx, msgs)
}

// noteGroupLoss makes the next step create the group again when Redis lost
// it, as after a restart without persistence.
func (w *worker) noteGroupLoss(err error) error {
	if strings.Contains(err.Error(), "NOGROUP") {
		w.groupReady = false
	}
	return err
}

func (w *worker) runAll(ctx context.Context, msgs []redis.XMessage) error {
	for _, msg := range msgs {
		if err := w.run(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}

// run processes one delivery until it succeeds, is dead-lettered or ctx is
// done, keeping its hold on the delivery alive meanwhile.
func (w *worker) run(ctx context.Context, msg redis.XMessage) error {
	in := w.inbox
	body, ok := msg.Values["body"].(string)
	if !ok {
		return in.deadLetter(ctx, msg.ID, "", 0, errors.New("wawpredis: stream entry has no body"))
	}
	stop := in.keepHold(ctx, msg.ID)
	defer stop()
	for {
		err := w.handler.Process(ctx, []byte(body))
		if err == nil {
			return in.ack(ctx, msg.ID)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failures, herr := in.rdb.HIncrBy(ctx, in.attempts, msg.ID, 1).Result()
		if herr != nil {
			return fmt.Errorf("wawpredis: count attempts of %s: %w", msg.ID, herr)
		}
		if failures >= int64(in.opts.MaxAttempts) {
			return in.deadLetter(ctx, msg.ID, body, failures, err)
		}
		if err := sleep(ctx, in.backoff(failures)); err != nil {
			return err
		}
	}
}

// backoff is the pause after the given number of failures.
func (in *Inbox) backoff(failures int64) time.Duration {
	d := in.opts.MinBackoff
	for i := int64(1); i < failures && d < in.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, in.opts.MaxBackoff)
}

// touchScript resets a pending delivery's idle time, only while this
// consumer still holds it, so that a worker never takes back a delivery
// that another reclaimed.
var touchScript = redis.NewScript(`
local p = redis.call("XPENDING", KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if p[1] and p[1][2] == ARGV[2] then
	redis.call("XCLAIM", KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], "JUSTID")
	return 1
end
return 0`)

// keepHold touches the delivery every third of MinIdle until the returned
// function is called, so that a slow callback is not taken for a dead
// worker.
func (in *Inbox) keepHold(ctx context.Context, id string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(in.opts.MinIdle / 3)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			err := touchScript.Run(ctx, in.rdb, []string{in.stream}, in.group, in.consumer, id).Err()
			if err != nil && ctx.Err() == nil {
				in.warn(ctx, "wawpredis: keep hold of "+id, err)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// ack acknowledges and deletes a processed delivery. It goes on after ctx
// is cancelled, since the callbacks already ran.
func (in *Inbox) ack(ctx context.Context, id string) error {
	ctx, cancel := cleanupContext(ctx)
	defer cancel()
	_, err := in.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		in.remove(ctx, p, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("wawpredis: acknowledge %s: %w", id, err)
	}
	return nil
}

// deadLetter moves a delivery to the dead-letter stream with the reason,
// in one transaction.
func (in *Inbox) deadLetter(ctx context.Context, id, body string, failures int64, reason error) error {
	_, err := in.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.XAdd(ctx, &redis.XAddArgs{Stream: in.dead, Values: []any{
			"body", body, "id", id, "attempts", failures, "error", reason.Error(),
		}})
		in.remove(ctx, p, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("wawpredis: dead-letter %s: %w", id, err)
	}
	if in.opts.Log != nil {
		in.opts.Log.ErrorContext(ctx, "wawpredis: delivery dead-lettered", "id", id, "attempts", failures, "stream", in.dead)
	}
	return nil
}

// remove queues what takes a delivery off the inbox for good.
func (in *Inbox) remove(ctx context.Context, p redis.Pipeliner, id string) {
	p.XAck(ctx, in.stream, in.group, id)
	p.XDel(ctx, in.stream, id)
	p.HDel(ctx, in.attempts, id)
}

// createGroup creates the consumer group, reading from the stream's start
// so that deliveries enqueued before the first worker ran are not missed.
func (in *Inbox) createGroup(ctx context.Context) error {
	err := in.rdb.XGroupCreateMkStream(ctx, in.stream, in.group, "0").Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("wawpredis: create group %s on %s: %w", in.group, in.stream, err)
	}
	return nil
}

// reclaimEvery is how often a worker looks for deliveries to take over.
func (in *Inbox) reclaimEvery() time.Duration { return in.opts.MinIdle / 4 }

func (in *Inbox) warn(ctx context.Context, msg string, err error) {
	if in.opts.Log != nil {
		in.opts.Log.WarnContext(ctx, msg, "error", err)
	}
}
