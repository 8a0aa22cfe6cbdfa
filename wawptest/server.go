package wawptest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wawp-go/wawp"
)

// Defaults of a server built without options.
const (
	// DefaultInstanceID is the ID of the instance every server starts with.
	DefaultInstanceID = "A1B2C3D4E5F6"
	// DefaultAccessToken is the account token the server accepts.
	DefaultAccessToken = "wawptest0token"
	// DefaultSessionName is the session name of the default instance.
	DefaultSessionName = "wawp-10000001"
	// DefaultMeID is the WhatsApp account the default instance logs in as.
	DefaultMeID wawp.ChatID = "15550000001@c.us"
	// DefaultPushName is the display name of that account.
	DefaultPushName = "Wawp Test"
	// BasePath is the API root below the server URL, as on wawp.net.
	BasePath = "/wp-json/awp/v1/"
)

// Sentinel errors returned by the server's control methods.
var (
	// ErrUnknownInstance means the instance does not exist, or was deleted.
	ErrUnknownInstance = errors.New("wawptest: unknown instance")
	// ErrUnknownMessage means no message has that ID.
	ErrUnknownMessage = errors.New("wawptest: unknown message")
	// ErrNotScanning means the session is not showing a QR code, so ScanQR
	// has nothing to scan.
	ErrNotScanning = errors.New("wawptest: session is not in SCAN_QR_CODE")
)

// Server is an in-process fake of the Wawp v1 REST API. It serves every
// endpoint of the catalog under BasePath from in-memory state, records the
// requests it receives, can fail on demand and posts signed webhook events.
// All its methods are safe for concurrent use.
type Server struct {
	// URL is the server's root, such as "http://127.0.0.1:41234", without BasePath.
	URL string

	cfg       config
	http      *httptest.Server
	routes    []*route
	hooks     *webhookQueue
	png       []byte
	closeOnce sync.Once

	mu        sync.Mutex
	instances map[string]*instance
	sent      []*message
	actions   []Action
	requests  []Request
	events    []Event
	fault     fault
	directory []*Channel
	sessions  int // sessions created so far, for generated names and numbers
	v2        *v2State
}

// Request is an API call as the server received it.
type Request struct {
	// Method is the HTTP method, such as "POST".
	Method string
	// Path is the unescaped path below BasePath, such as "/chats/1@c.us/messages".
	// Requests outside BasePath keep their full path.
	Path string
	// InstanceID is the instance_id query parameter; empty when absent.
	InstanceID string
	// Query holds the query parameters without instance_id and access_token.
	Query url.Values
	// Header holds the request headers.
	Header http.Header
	// Body is the raw request body; empty when none was sent.
	Body []byte
}

// fault is the scripted failure set by FailNext.
type fault struct {
	remaining int
	status    int
	body      string
}

// config collects the options of NewServer.
type config struct {
	instanceID  string
	token       string
	sessionName string
	me          wawp.MeInfo
	autoLogin   bool
	latency     time.Duration
}

// Option configures a Server built by NewServer or StartServer. An option
// given a bad value makes StartServer return a *wawp.ValidationError naming
// it, and NewServer panic with that error.
type Option func(*config) error

// WithCredentials sets the default instance's ID and the account's access
// token. Neither may be empty or hold spaces or control characters.
func WithCredentials(id, token string) Option {
	return func(c *config) error {
		if err := checkWord("WithCredentials", "id", id); err != nil {
			return err
		}
		if err := checkWord("WithCredentials", "token", token); err != nil {
			return err
		}
		c.instanceID, c.token = id, token
		return nil
	}
}

// WithSessionName sets the session name of the default instance, which
// webhook envelopes carry in their "session" field. It may not be empty or
// hold spaces or control characters.
func WithSessionName(name string) Option {
	return func(c *config) error {
		if err := checkWord("WithSessionName", "name", name); err != nil {
			return err
		}
		c.sessionName = name
		return nil
	}
}

// WithMe sets the WhatsApp account the default instance logs in as: a
// person's chat ID (a bare phone number becomes <digits>@c.us) and the
// display name.
func WithMe(id wawp.ChatID, pushName string) Option {
	return func(c *config) error {
		me, err := parsePerson("WithMe", "id", id)
		if err != nil {
			return err
		}
		c.me = meInfo(me, pushName)
		return nil
	}
}

// WithAutoLogin makes the default instance WORKING from the start, and makes
// every session start go straight to WORKING without a QR scan.
func WithAutoLogin() Option {
	return func(c *config) error {
		c.autoLogin = true
		return nil
	}
}

// WithLatency delays every API answer by d, or until the request's context
// ends. A negative d is rejected; zero means no delay.
func WithLatency(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return invalid("WithLatency", "d", "must not be negative")
		}
		c.latency = d
		return nil
	}
}

// NewServer starts a fake Wawp server. Its default instance (DefaultInstanceID
// unless WithCredentials says otherwise) exists and is STOPPED, or WORKING
// with WithAutoLogin. Call Close when done.
//
// As with httptest.NewServer, a misconfiguration panics: an option given a
// bad value is a bug in the test, and the panic value is the error
// StartServer would return. Use StartServer when the options come from
// input that may be wrong.
func NewServer(opts ...Option) *Server {
	s, err := StartServer(opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// StartServer is NewServer returning an error instead of panicking when an
// option has a bad value. The error wraps a *wawp.ValidationError naming
// the option's parameter.
func StartServer(opts ...Option) (*Server, error) {
	cfg := config{
		instanceID:  DefaultInstanceID,
		token:       DefaultAccessToken,
		sessionName: DefaultSessionName,
		me:          meInfo(DefaultMeID, DefaultPushName),
	}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Server{
		cfg:       cfg,
		hooks:     newWebhookQueue(),
		png:       qrPNG(),
		instances: map[string]*instance{},
		directory: seedDirectory(),
		v2:        newV2State(),
	}
	s.routes = routeTable()
	inst := newInstance(cfg.instanceID, cfg.sessionName, cfg.me)
	if cfg.autoLogin {
		inst.authenticated = true
		inst.setStatus(wawp.SessionWorking, time.Now())
	}
	s.instances[cfg.instanceID] = inst
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.http.URL
	return s, nil
}

// Close stops webhook delivery, dropping events not yet delivered, and shuts
// the server down. It waits for the delivery goroutine to end. Calling it
// again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.hooks.close()
		s.v2.delivery.close()
		s.http.Close()
	})
}

// BaseURL returns the API root clients should use: URL followed by BasePath.
func (s *Server) BaseURL() string { return s.URL + BasePath }

// InstanceID returns the ID of the default instance.
func (s *Server) InstanceID() string { return s.cfg.instanceID }

// AccessToken returns the account token the server accepts.
func (s *Server) AccessToken() string { return s.cfg.token }

// Client returns a client for the default instance, bound to the server.
// It retries after short delays (at most 3 attempts, 10 to 100 ms) so tests
// stay fast; opts are applied after these defaults and may replace them. As
// with httptest.NewServer, a misconfiguration panics: an option that
// NewClient rejects is a bug in the test.
func (s *Server) Client(opts ...wawp.Option) *wawp.Client {
	return s.newClient(s.cfg.instanceID, opts)
}

// AccountClient returns a client that carries only the access token, for
// Sessions.Create. Use its WithInstance method to act on a created session.
func (s *Server) AccountClient(opts ...wawp.Option) *wawp.Client {
	return s.newClient("", opts)
}

func (s *Server) newClient(instanceID string, opts []wawp.Option) *wawp.Client {
	all := append([]wawp.Option{
		wawp.WithBaseURL(s.BaseURL()),
		wawp.WithV2BaseURL(s.V2BaseURL()),
		wawp.WithRetry(wawp.RetryPolicy{MaxAttempts: 3, BaseDelay: 10 * time.Millisecond, MaxDelay: 100 * time.Millisecond}),
	}, opts...)
	c, err := wawp.NewClient(instanceID, s.cfg.token, all...)
	if err != nil {
		panic(fmt.Sprintf("wawptest: building a client: %v", err))
	}
	return c
}

// Requests returns a copy of every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = Request{
			Method:     r.Method,
			Path:       r.Path,
			InstanceID: r.InstanceID,
			Query:      cloneValues(r.Query),
			Header:     r.Header.Clone(),
			Body:       append([]byte(nil), r.Body...),
		}
	}
	return out
}

// Sent returns the messages sent through the API (sends and statuses, of
// every instance), in order, each in its current state (ack, body after
// edits). Actions has the history of every change to messages: reactions,
// edits, deletions, stars and pins as well as the sends.
func (s *Server) Sent() []wawp.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]wawp.Message, len(s.sent))
	for i, m := range s.sent {
		out[i] = m.msg
	}
	return out
}

// FailNext makes the next n API calls, whatever their route, answer status
// with body instead of being served. An empty body becomes a WordPress error
// body for that status (see the package documentation). The calls are still
// recorded by Requests. n = 0 cancels a failure still armed.
//
// status must be a final HTTP status, 200 to 599: net/http sends a 1xx as
// an informational answer followed by 200, so it cannot fail a call. A bad
// n or status returns an error wrapping *wawp.ValidationError and leaves
// the armed failure as it was.
func (s *Server) FailNext(n int, status int, body string) error {
	if n < 0 {
		return invalid("FailNext", "n", "must not be negative")
	}
	if status < 200 || status > 599 {
		return invalid("FailNext", "status", fmt.Sprintf("must be a final HTTP status from 200 to 599, not %d", status))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = fault{remaining: n, status: status, body: body}
	return nil
}

// serveHTTP is the one entry point: record, delay, fail on demand, route,
// then serve from state.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		writeError(w, &apiError{status: http.StatusBadRequest, code: "rest_invalid_json", message: "The request body could not be read."})
		return
	}
	segments, inAPI := apiSegments(r.URL)
	s.record(r, segments, inAPI, body)
	if !s.delay(r.Context()) {
		return
	}
	if f, ok := s.takeFault(); ok {
		writeFault(w, f)
		return
	}
	if v2, ok := v2Segments(r.URL); ok {
		s.serveV2(w, r, v2, body)
		return
	}
	var rt *route
	var vars map[string]string
	if inAPI {
		rt, vars = matchRoute(s.routes, r.Method, segments)
	}
	if rt == nil {
		writeError(w, errNoRoute())
		return
	}
	result, apiErr := s.dispatch(rt, vars, r.URL.Query(), body)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// apiSegments splits the path below BasePath into unescaped segments. A
// trailing slash is ignored, as WordPress does.
func apiSegments(u *url.URL) ([]string, bool) {
	rest, ok := strings.CutPrefix(u.EscapedPath(), strings.TrimSuffix(BasePath, "/"))
	if !ok || (rest != "" && rest[0] != '/') {
		return nil, false
	}
	rest = strings.Trim(rest, "/")
	if rest == "" {
		return []string{}, true
	}
	raw := strings.Split(rest, "/")
	segments := make([]string, len(raw))
	for i, seg := range raw {
		unescaped, err := url.PathUnescape(seg)
		if err != nil {
			unescaped = seg
		}
		segments[i] = unescaped
	}
	return segments, true
}

func (s *Server) record(r *http.Request, segments []string, inAPI bool, body []byte) {
	q := r.URL.Query()
	rec := Request{Method: r.Method, Path: r.URL.Path, InstanceID: q.Get("instance_id"), Header: r.Header.Clone(), Body: body}
	if inAPI {
		rec.Path = "/" + strings.Join(segments, "/")
	}
	q.Del("instance_id")
	q.Del("access_token")
	rec.Query = q
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
}

// delay applies WithLatency; it reports false when the client gave up first.
func (s *Server) delay(ctx context.Context) bool {
	if s.cfg.latency <= 0 {
		return true
	}
	t := time.NewTimer(s.cfg.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Server) takeFault() (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault.remaining == 0 {
		return fault{}, false
	}
	s.fault.remaining--
	return s.fault, true
}

// dispatch checks credentials, instance and session state, then runs the
// handler, all under the state lock.
func (s *Server) dispatch(rt *route, vars map[string]string, q url.Values, body []byte) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch token := q.Get("access_token"); {
	case token == "":
		return nil, &apiError{status: http.StatusUnauthorized, code: "invalid_access_token", message: "The access_token parameter is required."}
	case token != s.cfg.token:
		return nil, &apiError{status: http.StatusUnauthorized, code: "invalid_access_token", message: "The access_token is invalid."}
	}
	c := &call{s: s, route: rt, vars: vars, query: q, now: time.Now()}
	if !rt.account {
		inst, err := s.lookupInstance(q.Get("instance_id"))
		if err != nil {
			return nil, err
		}
		c.inst = inst
		if err := rt.needs.check(inst); err != nil {
			return nil, err
		}
	}
	if rt.in == inJSON {
		if err := c.parseBody(body); err != nil {
			return nil, err
		}
	}
	return rt.handle(c)
}

func (s *Server) lookupInstance(id string) (*instance, *apiError) {
	if id == "" {
		return nil, &apiError{status: http.StatusNotFound, code: "invalid_instance", message: "The instance_id parameter is required."}
	}
	inst, ok := s.instances[id]
	if !ok {
		return nil, &apiError{status: http.StatusNotFound, code: "invalid_instance", message: fmt.Sprintf("Instance %q was not found.", id)}
	}
	return inst, nil
}

func (s *Server) instanceByID(id string) (*instance, error) {
	inst, ok := s.instances[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownInstance, id)
	}
	return inst, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
