package wawp

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the root of the Wawp v1 REST API.
const DefaultBaseURL = "https://wawp.net/wp-json/awp/v1/"

// DefaultV2BaseURL is the root of the Wawp v2 REST API, which serves the
// capabilities v1 lacks (webhook subscriptions, phone verification, rate-limit
// policies and some message kinds).
const DefaultV2BaseURL = "https://api.wawp.net/v2/"

// DefaultTimeout bounds one HTTP attempt when no WithTimeout or WithHTTPClient
// timeout is given.
const DefaultTimeout = 30 * time.Second

// Environment variables read by NewClientFromEnv.
const (
	EnvInstanceID  = "WAWP_INSTANCE_ID"
	EnvAccessToken = "WAWP_ACCESS_TOKEN"
	EnvBaseURL     = "WAWP_BASE_URL"
	EnvV2BaseURL   = "WAWP_V2_BASE_URL"
)

// RateLimiter paces outgoing sends. *rate.Limiter from golang.org/x/time/rate
// satisfies it, and so does the shared limiter of the wawpredis module.
type RateLimiter interface {
	// Wait blocks until the next send may go, or returns ctx's error.
	Wait(ctx context.Context) error
}

// RateLimiterFunc returns the limiter that paces the sends of one instance.
// Each WhatsApp number has its own budget, so a client calls it once per
// instance it acts for.
type RateLimiterFunc func(instanceID string) RateLimiter

// Client talks to the Wawp API on behalf of one instance. It is safe for
// concurrent use by many goroutines.
type Client struct {
	instanceID  string
	accessToken *secret
	redactor    redactor
	baseURL     *url.URL
	base        string // baseURL.String(), computed once
	v2base      string // the v2 API root, with its trailing slash
	httpClient  *http.Client
	userAgent   string
	retry       RetryPolicy
	// limiter paces this instance's sends; limiters hands out the limiter of
	// each instance and is shared by the clients WithInstance makes.
	limiter  RateLimiter
	limiters *instanceLimiters
	logger   *slog.Logger
	// maxResponseBytes caps a success body.
	maxResponseBytes int64
	// wait sleeps between attempts and polls; tests replace it to observe delays.
	wait func(ctx context.Context, d time.Duration) error

	common service

	// Sessions starts, stops and inspects the instance's WhatsApp session.
	Sessions *SessionsService
	// Auth logs the session in: QR codes, pairing codes, screenshots.
	Auth *AuthService
	// Messages sends every kind of message, reactions, stars and typing.
	Messages *MessagesService
	// Profile reads and changes the account's name, about text and picture.
	Profile *ProfileService
	// Channels manages and searches WhatsApp channels (newsletters).
	Channels *ChannelsService
	// Presence sets and reads online and typing states.
	Presence *PresenceService
	// Status posts and deletes 24-hour statuses (stories).
	Status *StatusService
	// Chats lists chats and their messages, and edits, pins and deletes them.
	Chats *ChatsService
	// Contacts looks up, blocks and saves contacts, and maps LIDs to phones.
	Contacts *ContactsService
	// Groups creates groups and manages their settings and members.
	Groups *GroupsService
	// Labels manages WhatsApp Business labels and the chats they mark.
	Labels *LabelsService
	// Webhooks manages webhook subscriptions (v2 API, paid plans).
	Webhooks *WebhooksService
	// Verify verifies end users over WhatsApp: one-time codes and approvals (v2 API).
	Verify *VerifyService
}

// service is the shared base of every API section.
type service struct {
	client *Client
}

// config collects options before the client is built, so option order never matters.
type config struct {
	baseURL    string
	v2BaseURL  string
	httpClient *http.Client
	timeout    time.Duration
	userAgent  string
	retry      *RetryPolicy
	maxBody    int64
	limiters   *instanceLimiters
	logger     *slog.Logger
}

// Option configures a Client built by NewClient.
type Option func(*config) error

// WithBaseURL points the client at another API root, such as a wawptest server.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		c.baseURL = base
		return nil
	}
}

// WithV2BaseURL points the client's v2 calls at another API root, such as a
// wawptest server. The default is DefaultV2BaseURL.
func WithV2BaseURL(base string) Option {
	return func(c *config) error {
		c.v2BaseURL = base
		return nil
	}
}

// WithHTTPClient makes the client send through a copy of hc. The caller's
// value is never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return &ValidationError{Field: "http client", Reason: "must not be nil"}
		}
		c.httpClient = hc
		return nil
	}
}

// WithTimeout bounds each HTTP attempt. The default is DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return &ValidationError{Field: "timeout", Reason: "must not be negative"}
		}
		c.timeout = d
		return nil
	}
}

// WithUserAgent puts product in front of the SDK's own User-Agent token.
func WithUserAgent(product string) Option {
	return func(c *config) error {
		c.userAgent = product
		return nil
	}
}

// WithRetry replaces the default RetryPolicy. A policy with MaxAttempts 1
// turns retries off.
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = &p
		return nil
	}
}

// WithRateLimiter paces the sends of every instance this client and the
// clients made by WithInstance act for through the one limiter l: they share
// one budget. To give each WhatsApp number its own budget, use
// WithInstanceRateLimiter. Only message and status sends are paced.
func WithRateLimiter(l RateLimiter) Option {
	return func(c *config) error {
		if l == nil {
			return &ValidationError{Field: "rate limiter", Reason: "must not be nil"}
		}
		c.limiters = &instanceLimiters{newLimiter: func(string) RateLimiter { return l }}
		return nil
	}
}

// WithInstanceRateLimiter paces each instance's sends through its own
// limiter: newLimiter is called once for each instance that this client, or a
// client made from it by WithInstance, sends for. Only message and status
// sends are paced.
func WithInstanceRateLimiter(newLimiter RateLimiterFunc) Option {
	return func(c *config) error {
		if newLimiter == nil {
			return &ValidationError{Field: "rate limiter", Reason: "must not be nil"}
		}
		c.limiters = &instanceLimiters{newLimiter: newLimiter}
		return nil
	}
}

// DefaultMaxResponseBytes caps a success answer's body: 64 MiB, room for
// the largest media the API returns inline.
const DefaultMaxResponseBytes = 64 << 20

// WithMaxResponseBytes caps a success answer's body at n bytes (default
// DefaultMaxResponseBytes). A longer answer fails with a
// *ResponseTooLargeError; memory is set aside only as bytes arrive.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return &ValidationError{Field: "max response bytes", Reason: "must be positive"}
		}
		c.maxBody = n
		return nil
	}
}

// WithLogger logs each attempt at debug level: method, path, status,
// attempt and duration. Query strings, bodies and credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// NewClient returns a client for one Wawp instance. The access token is
// required; the instance ID may be empty for an account-level client whose
// only use is Sessions.Create.
func NewClient(instanceID, accessToken string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(accessToken) == "" {
		return nil, &ValidationError{Field: "access_token", Reason: "is required"}
	}
	cfg := config{baseURL: DefaultBaseURL, v2BaseURL: DefaultV2BaseURL, timeout: -1, maxBody: DefaultMaxResponseBytes}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	base, err := parseBaseURL("base URL", cfg.baseURL)
	if err != nil {
		return nil, err
	}
	v2base, err := parseBaseURL("v2 base URL", cfg.v2BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		instanceID:       strings.TrimSpace(instanceID),
		accessToken:      &secret{value: accessToken},
		redactor:         newRedactor(accessToken),
		baseURL:          base,
		base:             base.String(),
		v2base:           v2base.String(),
		httpClient:       buildHTTPClient(cfg),
		userAgent:        userAgent(cfg.userAgent),
		retry:            DefaultRetryPolicy(),
		limiters:         cfg.limiters,
		logger:           cfg.logger,
		maxResponseBytes: cfg.maxBody,
		wait:             sleepContext,
	}
	if cfg.retry != nil {
		c.retry = *cfg.retry
	}
	c.limiter = c.limiters.forInstance(c.instanceID)
	c.wireServices()
	return c, nil
}

// NewClientFromEnv builds a client from WAWP_INSTANCE_ID, WAWP_ACCESS_TOKEN
// and, when set, WAWP_BASE_URL and WAWP_V2_BASE_URL. Options given here apply
// after those.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	token := os.Getenv(EnvAccessToken)
	if token == "" {
		return nil, &ValidationError{Field: EnvAccessToken, Reason: "environment variable is not set"}
	}
	if base := os.Getenv(EnvBaseURL); base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	if base := os.Getenv(EnvV2BaseURL); base != "" {
		opts = append([]Option{WithV2BaseURL(base)}, opts...)
	}
	return NewClient(os.Getenv(EnvInstanceID), token, opts...)
}

// WithInstance returns a client for another instance of the same account. It
// shares this client's transport, retry policy and logger; its sends are
// paced by that instance's own limiter (see WithInstanceRateLimiter).
func (c *Client) WithInstance(instanceID string) *Client {
	clone := *c
	clone.instanceID = strings.TrimSpace(instanceID)
	clone.limiter = c.limiters.forInstance(clone.instanceID)
	clone.wireServices()
	return &clone
}

// InstanceID returns the instance this client acts for.
func (c *Client) InstanceID() string { return c.instanceID }

// BaseURL returns a copy of the API root the client sends to.
func (c *Client) BaseURL() *url.URL {
	u := *c.baseURL
	return &u
}

// String describes the client without its access token.
func (c *Client) String() string {
	return fmt.Sprintf("wawp.Client{instance: %q, baseURL: %q, accessToken: %s}", c.instanceID, c.baseURL, c.accessToken)
}

// GoString keeps the access token out of %#v output.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps the access token out of slog output.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("instance", c.instanceID),
		slog.String("baseURL", c.baseURL.String()),
	)
}

func (c *Client) wireServices() {
	c.common.client = c
	c.Sessions = (*SessionsService)(&c.common)
	c.Auth = (*AuthService)(&c.common)
	c.Messages = (*MessagesService)(&c.common)
	c.Profile = (*ProfileService)(&c.common)
	c.Channels = (*ChannelsService)(&c.common)
	c.Presence = (*PresenceService)(&c.common)
	c.Status = (*StatusService)(&c.common)
	c.Chats = (*ChatsService)(&c.common)
	c.Contacts = (*ContactsService)(&c.common)
	c.Groups = (*GroupsService)(&c.common)
	c.Labels = (*LabelsService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	c.Verify = (*VerifyService)(&c.common)
}

func parseBaseURL(field, raw string) (*url.URL, error) {
	if !strings.HasSuffix(raw, "/") {
		raw += "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, &ValidationError{Field: field, Reason: "must be an absolute http(s) URL"}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &ValidationError{Field: field, Reason: "scheme must be http or https"}
	}
	if u.RawQuery != "" || u.User != nil {
		return nil, &ValidationError{Field: field, Reason: "must not carry a query or user info"}
	}
	return u, nil
}

// buildHTTPClient copies the caller's client, or builds one whose transport
// keeps enough idle connections for many concurrent senders. Either way the
// copy never follows redirects: the API has none, and following one would
// hand the access token (in the query) to whatever host the Location names,
// possibly over plain http, and repeat a send. A 3xx answer is an *APIError.
func buildHTTPClient(cfg config) *http.Client {
	var hc http.Client
	if cfg.httpClient != nil {
		hc = *cfg.httpClient
	} else {
		hc.Transport = defaultTransport()
		hc.Timeout = DefaultTimeout
	}
	if cfg.timeout >= 0 {
		hc.Timeout = cfg.timeout
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

func defaultTransport() http.RoundTripper {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t := base.Clone()
	// 256 concurrent senders share 256 connections: idle ones are kept for
	// reuse, and a burst waits for a free one instead of dialing extras that
	// would be closed again (connection churn).
	t.MaxIdleConns = 512
	t.MaxIdleConnsPerHost = 256
	t.MaxConnsPerHost = 256
	return t
}

func userAgent(product string) string {
	ua := "wawp-go/" + Version
	if product = strings.TrimSpace(product); product != "" {
		ua = product + " " + ua
	}
	return ua
}

// secret holds the access token behind a pointer: fmt prints nested
// pointers as addresses, and every verb on the secret itself prints a
// placeholder, so the token cannot leak through %v of a Client or of a
// struct that holds one.
type secret struct {
	value string
}

func (*secret) String() string             { return "[redacted]" }
func (*secret) GoString() string           { return "[redacted]" }
func (*secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("[redacted]")) }

// instanceLimiters hands out one limiter per instance, made on first use and
// kept, so that every client acting for an instance shares its budget.
type instanceLimiters struct {
	newLimiter RateLimiterFunc
	mu         sync.Mutex
	byInstance map[string]RateLimiter
}

// forInstance returns the instance's limiter, or nil when sends are not paced.
func (l *instanceLimiters) forInstance(instanceID string) RateLimiter {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if lim, ok := l.byInstance[instanceID]; ok {
		return lim
	}
	if l.byInstance == nil {
		l.byInstance = map[string]RateLimiter{}
	}
	lim := l.newLimiter(instanceID)
	l.byInstance[instanceID] = lim
	return lim
}
