package wawptest

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"sync"
	"time"
)

// deliveryTimeout bounds one post, so that a receiver that never answers
// cannot stall the queue behind it.
const deliveryTimeout = 10 * time.Second

// deliveryQueue hands queued items to deliver one at a time, in order, from
// one goroutine, so that a receiver sees events in the order they happened
// and a slow receiver never holds up the handler that produced them. What
// a delivery does (signing, retries, recording) is up to deliver.
type deliveryQueue[T any] struct {
	// deliver is called with the queue's context, which Close cancels so
	// that an attempt or a pause in flight ends at once.
	deliver func(ctx context.Context, item T)
	ctx     context.Context
	cancel  context.CancelFunc
	wake    chan struct{}
	done    chan struct{}

	mu      sync.Mutex
	pending []T
	busy    bool
	idle    chan struct{} // closed while nothing is pending or in flight
	started bool
	closed  bool
}

func newDeliveryQueue[T any](deliver func(context.Context, T)) *deliveryQueue[T] {
	ctx, cancel := context.WithCancel(context.Background())
	idle := make(chan struct{})
	close(idle)
	return &deliveryQueue[T]{
		deliver: deliver,
		ctx:     ctx,
		cancel:  cancel,
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		idle:    idle,
	}
}

// start runs the delivery goroutine unless it runs already or the queue is
// closed: a closed queue must not start what close no longer waits for.
func (q *deliveryQueue[T]) start() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.startLocked()
}

func (q *deliveryQueue[T]) startLocked() {
	if !q.started && !q.closed {
		q.started = true
		go q.run()
	}
}

// enqueue adds item behind those pending, starting the goroutine if needed;
// after close it drops item.
func (q *deliveryQueue[T]) enqueue(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.startLocked()
	if len(q.pending) == 0 && !q.busy {
		q.idle = make(chan struct{})
	}
	q.pending = append(q.pending, item)
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *deliveryQueue[T]) run() {
	defer close(q.done)
	for {
		item, ok := q.next()
		if !ok {
			return
		}
		q.deliver(q.ctx, item)
		q.finish()
	}
}

// next waits for an item and marks the queue busy with it.
func (q *deliveryQueue[T]) next() (T, bool) {
	var none T
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return none, false
		}
		if len(q.pending) > 0 {
			item := q.pending[0]
			q.pending = q.pending[1:]
			q.busy = true
			q.mu.Unlock()
			return item, true
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-q.ctx.Done():
			return none, false
		}
	}
}

// finish marks the delivery in flight done and wakes waitIdle when it was
// the last one; close has already woken it when the queue is closed.
func (q *deliveryQueue[T]) finish() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.busy = false
	if len(q.pending) == 0 && !q.closed {
		close(q.idle)
	}
}

// waitIdle blocks until nothing is pending or in flight, or ctx ends.
func (q *deliveryQueue[T]) waitIdle(ctx context.Context) error {
	q.mu.Lock()
	idle := q.idle
	q.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close drops pending items, interrupts the delivery in flight and waits
// for the goroutine to end.
func (q *deliveryQueue[T]) close() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.closed = true
	q.pending = nil
	started := q.started
	if !isClosed(q.idle) {
		close(q.idle)
	}
	q.mu.Unlock()
	q.cancel()
	if started {
		<-q.done
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// sleepUnlessDone sleeps for d; it reports false when ctx ended meanwhile,
// so that Close need not wait out a retry pause.
func sleepUnlessDone(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// postEvent posts ev's body to url with the headers every delivery sends
// plus header, and returns the answer's status. It drains the answer so
// that the connection can be reused.
func postEvent(ctx context.Context, client *http.Client, url string, ev Event, header http.Header) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(ev.Body))
	if err != nil {
		return 0, err
	}
	maps.Copy(req.Header, header)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Request-Id", ev.ID)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
