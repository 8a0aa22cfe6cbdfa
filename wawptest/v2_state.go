package wawptest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/wawp-go/wawp"
)

// V2BasePath is the v2 API root below the server URL, as on api.wawp.net.
const V2BasePath = "/v2/"

// Plan is the account's Wawp plan, which decides what the v2 API allows.
type Plan string

// Plans the fake server knows. A server starts on PlanUnlimited.
const (
	// PlanFree answers the webhook management API with 403
	// subscription_required and allows only the free rate-limit policies.
	PlanFree Plan = "free"
	// PlanUnlimited allows every v2 call and every policy.
	PlanUnlimited Plan = "unlimited"
)

// Errors of the v2 control methods.
var (
	// ErrUnknownApproval means no approval request has that ID.
	ErrUnknownApproval = errors.New("wawptest: unknown approval request")
	// ErrApprovalAnswered means the approval request is no longer pending.
	ErrApprovalAnswered = errors.New("wawptest: approval request already answered or expired")
)

// Documented limits of the authentication engine, as the fake applies them.
const (
	verifyCooldown   = time.Minute
	otpMaxFailures   = 5
	otpLockout       = 15 * time.Minute
	approvalLifetime = 15 * time.Minute
	approvalPollGap  = 2 * time.Second
	tempLinkLifetime = 30 * time.Minute
	systemWebhookURL = wawp.SystemWebhookURLPrefix + "wawptest"
	// subscriptionRetryUnit is what one second of a subscription's retry
	// delay lasts in the fake, so that tests of retries stay fast.
	subscriptionRetryUnit = 10 * time.Millisecond
)

// v2State is everything the v2-only endpoints keep, per instance. It is
// guarded by the server's lock, except deliveries, which have their own.
type v2State struct {
	routes    []*route
	plan      Plan
	instances map[string]*v2Instance
	delivery  *subscriptionQueue
}

// v2Instance is the v2 state of one instance.
type v2Instance struct {
	subscriptions []*subscription
	system        *subscription // nil once a replace dropped it
	policy        string
	tempLink      *tempLink
	lastSend      map[wawp.ChatID]time.Time
	otps          map[wawp.ChatID]*otp
	approvals     map[string]*approval
	votes         map[wawp.MessageID][]string
}

// subscription is one webhook URL of the v2 webhook API.
type subscription struct {
	URL      string           `json:"url"`
	Name     string           `json:"name,omitempty"`
	Events   []string         `json:"events"`
	IsActive int              `json:"is_active"`
	Retries  subscriptionPace `json:"retries"`
	HMAC     string           `json:"hmac,omitempty"`
}

type subscriptionPace struct {
	Delay    int `json:"delay"`
	Attempts int `json:"attempts"`
}

func (s *subscription) wants(event string) bool {
	return s.IsActive == 1 && slices.Contains(s.Events, event)
}

type tempLink struct {
	token   string
	expires time.Time
}

type otp struct {
	code        string
	failures    int
	lockedUntil time.Time
}

type approval struct {
	chat       wawp.ChatID
	status     wawp.ApprovalStatus
	sentAt     time.Time
	lastPolled time.Time
}

func newV2State() *v2State {
	return &v2State{routes: v2RouteTable(), plan: PlanUnlimited, instances: map[string]*v2Instance{}, delivery: newSubscriptionQueue()}
}

// of returns the v2 state of inst, creating it.
func (v *v2State) of(inst *instance) *v2Instance {
	st, ok := v.instances[inst.id]
	if !ok {
		st = &v2Instance{
			system:    &subscription{URL: systemWebhookURL, Events: []string{"message", "message.ack"}, IsActive: 1, Retries: defaultPace()},
			policy:    string(wawp.RateLimitStandard),
			lastSend:  map[wawp.ChatID]time.Time{},
			otps:      map[wawp.ChatID]*otp{},
			approvals: map[string]*approval{},
			votes:     map[wawp.MessageID][]string{},
		}
		v.instances[inst.id] = st
	}
	return st
}

func defaultPace() subscriptionPace {
	return subscriptionPace{Delay: int(wawp.DefaultWebhookRetryDelay / time.Second), Attempts: wawp.DefaultWebhookRetryAttempts}
}

// deliver queues ev for every subscription of the instance that wants it.
// The caller holds the server's lock.
func (v *v2State) deliver(inst *instance, ev Event) {
	st, ok := v.instances[inst.id]
	if !ok {
		return
	}
	for _, sub := range st.subscriptions {
		if sub.wants(ev.Name) {
			v.delivery.enqueue(subscriptionItem{event: ev, sub: *sub})
		}
	}
}

// SetPlan puts the account on plan; see Plan for what each allows. An
// unknown plan is refused with an error wrapping *wawp.ValidationError.
func (s *Server) SetPlan(plan Plan) error {
	if !plan.IsKnown() {
		return fmt.Errorf("wawptest: SetPlan: %w", &wawp.ValidationError{Field: "plan", Reason: "is not PlanFree or PlanUnlimited"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v2.plan = plan
	return nil
}

// V2BaseURL returns the v2 API root clients should use: URL followed by
// V2BasePath. Server.Client sets it with wawp.WithV2BaseURL.
func (s *Server) V2BaseURL() string { return s.URL + V2BasePath }

// LastOTP returns the last one-time code sent to chatID (a phone number or
// chat ID) through the v2 OTP API and not yet used, as the user would read
// it on their phone.
func (s *Server) LastOTP(chatID wawp.ChatID) (string, bool) {
	id, err := wawp.ParseChatID(string(chatID))
	if err != nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.v2.instances {
		if o, ok := st.otps[id]; ok {
			return o.code, true
		}
	}
	return "", false
}

// Approve answers the approval request id as the user tapping Approve.
func (s *Server) Approve(id string) error {
	return s.answerApproval(id, wawp.ApprovalApproved)
}

// Reject answers the approval request id as the user tapping Reject.
func (s *Server) Reject(id string) error {
	return s.answerApproval(id, wawp.ApprovalRejected)
}

func (s *Server) answerApproval(id string, status wawp.ApprovalStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.v2.instances {
		if a, ok := st.approvals[id]; ok {
			if a.state(time.Now()) != wawp.ApprovalPending {
				return ErrApprovalAnswered
			}
			a.status = status
			return nil
		}
	}
	return ErrUnknownApproval
}

// state is the approval's status, expired once its lifetime has passed.
func (a *approval) state(now time.Time) wawp.ApprovalStatus {
	if a.status == wawp.ApprovalPending && now.Sub(a.sentAt) >= approvalLifetime {
		return wawp.ApprovalExpired
	}
	return a.status
}

// PollVotes returns the options the session last voted for in the poll
// pollID through the v2 API; empty when it never voted or retracted.
func (s *Server) PollVotes(pollID wawp.MessageID) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.v2.instances {
		if votes, ok := st.votes[pollID]; ok {
			return append([]string(nil), votes...)
		}
	}
	return nil
}

// SubscriptionDelivery is one attempt to post an event to a v2 webhook
// subscription.
type SubscriptionDelivery struct {
	// URL is the subscription's URL.
	URL string
	Delivery
	// Signature is the X-Wawp-Signature header sent; empty without a secret.
	Signature string
}

// SubscriptionDeliveries returns every attempt to deliver to v2 webhook
// subscriptions so far, in order.
func (s *Server) SubscriptionDeliveries() []SubscriptionDelivery {
	return s.v2.delivery.attempts()
}

// SignSHA256 returns the X-Wawp-Signature value for body: the lower-case hex
// HMAC-SHA256 of the exact bytes, keyed with secret.
func SignSHA256(body []byte, secret string) string {
	return hexHMAC(sha256.New, body, secret)
}

// subscriptionQueue delivers events to v2 webhook subscriptions, retrying
// each per its subscription's policy. Unlike webhookQueue it keeps no
// failures, so its waitIdle only waits; SubscriptionDeliveries shows every
// attempt instead.
type subscriptionQueue struct {
	*deliveryQueue[subscriptionItem]
	client *http.Client

	mu         sync.Mutex // guards deliveries; the queue has its own lock
	deliveries []SubscriptionDelivery
}

type subscriptionItem struct {
	event Event
	sub   subscription
}

func newSubscriptionQueue() *subscriptionQueue {
	q := &subscriptionQueue{client: &http.Client{Timeout: deliveryTimeout}}
	q.deliveryQueue = newDeliveryQueue(q.deliver)
	return q
}

// deliver posts one event until the receiver answers 2xx or the
// subscription's attempts run out.
func (q *subscriptionQueue) deliver(ctx context.Context, item subscriptionItem) {
	attempts := max(item.sub.Retries.Attempts, 1)
	pause := time.Duration(item.sub.Retries.Delay) * subscriptionRetryUnit
	for attempt := 1; ; attempt++ {
		status, signature, err := q.post(ctx, item)
		q.record(SubscriptionDelivery{
			URL:       item.sub.URL,
			Delivery:  Delivery{Event: item.event.Name, ID: item.event.ID, Status: status, Attempt: attempt, Err: err},
			Signature: signature,
		})
		if err == nil && status >= 200 && status < 300 {
			return
		}
		if attempt >= attempts || !sleepUnlessDone(ctx, pause) {
			return
		}
	}
}

func (q *subscriptionQueue) record(d SubscriptionDelivery) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.deliveries = append(q.deliveries, d)
}

// post sends one attempt, signed when the subscription has a secret, and
// returns the signature so that tests can see what was sent.
func (q *subscriptionQueue) post(ctx context.Context, item subscriptionItem) (status int, signature string, err error) {
	header := http.Header{}
	if item.sub.HMAC != "" {
		signature = SignSHA256(item.event.Body, item.sub.HMAC)
		header.Set("X-Wawp-Signature", signature)
	}
	status, err = postEvent(ctx, q.client, item.sub.URL, item.event, header)
	return status, signature, err
}

func (q *subscriptionQueue) attempts() []SubscriptionDelivery {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]SubscriptionDelivery(nil), q.deliveries...)
}
