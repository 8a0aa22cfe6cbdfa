package wawp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SessionsService manages the lifecycle of the WhatsApp session behind an
// instance (create, start, stop, restart, log out, delete, inspect), its
// sending policy (RateLimit, SetRateLimit) and its temporary access links
// for logging in without the API credentials (TempLink, CreateTempLink,
// RevokeTempLinks).
type SessionsService service

// SessionStatus is the state of a session. It is an open enum: other values
// decode and are kept.
type SessionStatus string

// Session states, from the documented lifecycle.
const (
	SessionStopped    SessionStatus = "STOPPED"
	SessionStarting   SessionStatus = "STARTING"
	SessionScanQRCode SessionStatus = "SCAN_QR_CODE"
	SessionWorking    SessionStatus = "WORKING"
	SessionFailed     SessionStatus = "FAILED"
	// SessionPasskeyRequired asks for a passkey login; the session.status
	// event carries the challenge in Data. Newer GOWS servers only.
	SessionPasskeyRequired SessionStatus = "PASSKEY_REQUIRED"
	// SessionPasskeyConfirmationRequired asks to confirm the passkey login on
	// the phone; the session.status event carries {"code": ...} in Data.
	// Newer servers only.
	SessionPasskeyConfirmationRequired SessionStatus = "PASSKEY_CONFIRMATION_REQUIRED"
	// SessionDeleted is the status the v2 delete answer reports.
	SessionDeleted SessionStatus = "DELETED"
)

// IsKnown reports whether s is one of the documented states.
func (s SessionStatus) IsKnown() bool {
	switch s {
	case SessionStopped, SessionStarting, SessionScanQRCode, SessionWorking, SessionFailed,
		SessionPasskeyRequired, SessionPasskeyConfirmationRequired, SessionDeleted:
		return true
	}
	return false
}

// Engine is the WhatsApp engine a session runs on. It is an open enum:
// other values decode and are kept.
type Engine string

// Engines the reference documents.
const (
	EngineWEBJS Engine = "WEBJS"
	EngineWPP   Engine = "WPP"
	EngineNOWEB Engine = "NOWEB"
	EngineGOWS  Engine = "GOWS"
	// EngineVENOM and EngineNOWEBMobile are reported by older servers only.
	EngineVENOM       Engine = "VENOM"
	EngineNOWEBMobile Engine = "NOWEB_MOBILE"
)

// String returns the engine name.
func (e Engine) String() string { return string(e) }

// IsKnown reports whether e is one of the documented engines.
func (e Engine) IsKnown() bool {
	switch e {
	case EngineWEBJS, EngineWPP, EngineNOWEB, EngineGOWS, EngineVENOM, EngineNOWEBMobile:
		return true
	}
	return false
}

// Session describes a session as the lifecycle endpoints return it. The
// lifecycle calls fill Name, Status and Config; Info fills the rest too.
type Session struct {
	// Name is the server's session name, such as "wawp-84729105".
	Name   string        `json:"name"`
	Status SessionStatus `json:"status"`
	Config SessionConfig `json:"config"`
	// Me is the logged-in account; nil until the session is WORKING.
	Me *MeInfo `json:"me,omitempty"`
	// QR is the login QR code as base64 text, sent by Info while the
	// session is in SCAN_QR_CODE; "" otherwise.
	QR string `json:"qr,omitempty"`
	// AssignedWorker names the server worker that runs the session, when
	// the server reports it.
	AssignedWorker string `json:"assignedWorker,omitempty"`
	// Timestamps holds the session's activity time; nil when not sent.
	Timestamps *SessionTimestamps `json:"timestamps,omitempty"`
	// Presence is the session's own presence, whose shape the reference
	// does not document; nil when not sent.
	Presence json.RawMessage `json:"presence,omitempty"`
	// Apps lists the apps attached to the session, whose shape the
	// reference does not document; nil when not sent.
	Apps json.RawMessage `json:"apps,omitempty"`
	// Engine describes the engine; nil when the server does not say.
	Engine *SessionEngine `json:"engine,omitempty"`

	// instanceID is the top-level instance_id of the logout and delete
	// answers.
	instanceID string
}

// UnmarshalJSON reads the session and the instance_id some answers carry
// next to it.
func (s *Session) UnmarshalJSON(b []byte) error {
	type plain Session
	var wire struct {
		plain
		InstanceID string `json:"instance_id"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*s = Session(wire.plain)
	s.instanceID = wire.InstanceID
	return nil
}

// InstanceID returns the session's instance ID: the one in its metadata (a
// session that Sessions.Create has just made), or the instance_id that the
// logout and delete answers carry.
func (s *Session) InstanceID() string {
	if id := s.Config.Metadata["instance_id"]; id != "" {
		return id
	}
	return s.instanceID
}

// SessionTimestamps holds the times a session reports.
type SessionTimestamps struct {
	// Activity is the session's last activity; zero when null.
	Activity Timestamp `json:"activity"`
}

// SessionEngine describes the engine behind a session.
type SessionEngine struct {
	Engine Engine `json:"engine"`
	// WWebVersion and State are sent by the WEBJS engine only.
	WWebVersion string `json:"WWebVersion,omitempty"`
	State       string `json:"state,omitempty"`
	// Raw is the description as sent, with the engine-specific fields.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the documented fields and keeps the rest in Raw.
func (e *SessionEngine) UnmarshalJSON(b []byte) error {
	type plain SessionEngine
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*e = SessionEngine(p)
	e.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// SessionConfig is the session's configuration. The typed parts are nil
// when the server does not send them.
type SessionConfig struct {
	// Metadata is echoed in every webhook; Wawp stores instance_id and
	// account details here.
	Metadata Metadata `json:"metadata,omitempty"`
	// Webhooks is kept raw: Wawp sends an object ({}) where upstream
	// servers send a list of webhook configurations.
	Webhooks json.RawMessage `json:"webhooks,omitempty"`
	// Proxy is nil when the session uses no proxy (null).
	Proxy *SessionProxy `json:"proxy,omitempty"`
	// Debug is true when the server logs the session verbosely.
	Debug  bool           `json:"debug,omitempty"`
	Ignore *SessionIgnore `json:"ignore,omitempty"`
	Client *SessionClient `json:"client,omitempty"`
	// NOWEB, GOWS and WEBJS are engine settings, sent only for their engine.
	NOWEB *SessionNOWEBConfig `json:"noweb,omitempty"`
	GOWS  *SessionGOWSConfig  `json:"gows,omitempty"`
	WEBJS *SessionWEBJSConfig `json:"webjs,omitempty"`
}

// SessionProxy is the proxy a session connects through.
type SessionProxy struct {
	Server   string `json:"server"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
}

// SessionIgnore lists the chat types whose events the session suppresses;
// a nil field is the server's default.
type SessionIgnore struct {
	Status    *bool `json:"status,omitempty"`
	Groups    *bool `json:"groups,omitempty"`
	Channels  *bool `json:"channels,omitempty"`
	Broadcast *bool `json:"broadcast,omitempty"`
}

// SessionClient is how the session presents itself to WhatsApp.
type SessionClient struct {
	DeviceName  string `json:"deviceName,omitempty"`
	BrowserName string `json:"browserName,omitempty"`
}

// SessionNOWEBConfig holds the NOWEB engine's settings.
type SessionNOWEBConfig struct {
	// MarkOnline is nil when not sent; the server's default is true.
	MarkOnline *bool `json:"markOnline,omitempty"`
	// Store is nil when the engine's message store is not configured.
	Store *SessionNOWEBStore `json:"store,omitempty"`
}

// SessionNOWEBStore configures the NOWEB engine's message store.
type SessionNOWEBStore struct {
	Enabled  bool `json:"enabled"`
	FullSync bool `json:"fullSync"`
}

// SessionGOWSConfig holds the GOWS engine's settings.
type SessionGOWSConfig struct {
	// Storage is nil when the engine's storage is not configured.
	Storage *SessionGOWSStorage `json:"storage,omitempty"`
}

// SessionGOWSStorage says what the GOWS engine stores; a nil field is the
// server's default.
type SessionGOWSStorage struct {
	Messages *bool `json:"messages,omitempty"`
	Groups   *bool `json:"groups,omitempty"`
	Chats    *bool `json:"chats,omitempty"`
	Labels   *bool `json:"labels,omitempty"`
}

// SessionWEBJSConfig holds the WEBJS engine's settings.
type SessionWEBJSConfig struct {
	// TagsEventsOn turns on the engine's tag events.
	TagsEventsOn bool `json:"tagsEventsOn,omitempty"`
}

// Metadata is a string map that also accepts numbers and booleans as values,
// since servers are not consistent about quoting IDs.
type Metadata map[string]string

// UnmarshalJSON converts scalar values to their text (numbers exactly as
// sent); nested values are kept as JSON and nulls are dropped.
func (m *Metadata) UnmarshalJSON(b []byte) error {
	var values map[string]any
	if err := json.Unmarshal(b, &values); err != nil {
		return fmt.Errorf("wawp: metadata is not an object: %w", err)
	}
	out, err := metadataOf(values, func() (map[string]json.RawMessage, error) {
		var texts map[string]json.RawMessage
		err := json.Unmarshal(b, &texts)
		return texts, err
	})
	*m = out
	return err
}

// metadataOf converts decoded metadata. The common values, strings and
// integers, convert as they are; anything else is the JSON text as sent,
// which asSent gives, asked for only then.
func metadataOf(values map[string]any, asSent func() (map[string]json.RawMessage, error)) (Metadata, error) {
	if values == nil {
		return nil, nil
	}
	out := make(Metadata, len(values))
	var texts map[string]json.RawMessage
	for k, v := range values {
		if text, ok := metadataText(v); ok {
			if v != nil {
				out[k] = text
			}
			continue
		}
		if texts == nil {
			var err error
			if texts, err = asSent(); err != nil {
				return nil, fmt.Errorf("wawp: metadata is not an object: %w", err)
			}
		}
		out[k] = string(texts[k])
	}
	return out, nil
}

// metadataText gives the text of a decoded JSON string, boolean, null or
// integer that a float64 holds exactly; ok is false for anything else.
func metadataText(v any) (text string, ok bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case float64:
		if math.Abs(v) < 1<<53 && v == math.Trunc(v) {
			return strconv.FormatInt(int64(v), 10), true
		}
	}
	return "", false
}

// MeInfo is the WhatsApp account a session is logged in as.
type MeInfo struct {
	ID ChatID `json:"id"`
	// LID is the account's hidden linked ID, on newer servers.
	LID ChatID `json:"lid,omitempty"`
	// JID is the account with its device number, such as "123:4@s.whatsapp.net".
	JID      string `json:"jid,omitempty"`
	PushName string `json:"pushName"`
}

type createSessionParams struct {
	Name string `url:"name"`
}

// Create makes a new session in the account and returns it; its ID is
// Session.InstanceID. It needs only the access token, so an account-level
// client made with an empty instance ID works. Use Client.WithInstance to
// act on the new session.
//
// Wawp API: POST /createSession
func (s *SessionsService) Create(ctx context.Context, name string) (*Session, error) {
	if err := required("name", name); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/createSession"}, class: classAccount}
	return callRef[Session](ctx, s.client, ep, input{query: createSessionParams{Name: name}})
}

// lifecycle sends one of the session lifecycle calls, which are safe to
// repeat.
func (s *SessionsService) lifecycle(ctx context.Context, rt route, fallback *route) (*Session, error) {
	ep := endpoint{route: rt, class: classIdempotentWrite, fallback: fallback}
	return callRef[Session](ctx, s.client, ep, input{})
}

// Start starts the session; it then moves through STARTING to SCAN_QR_CODE
// or WORKING.
//
// Wawp API: POST /session/start
func (s *SessionsService) Start(ctx context.Context) (*Session, error) {
	return s.lifecycle(ctx, route{http.MethodPost, "/session/start"}, nil)
}

// Stop stops the session without logging it out.
//
// Wawp API: POST /session/stop
func (s *SessionsService) Stop(ctx context.Context) (*Session, error) {
	return s.lifecycle(ctx, route{http.MethodPost, "/session/stop"}, nil)
}

// Restart stops and starts the session, the documented way out of FAILED.
//
// Wawp API: POST /session/restart
func (s *SessionsService) Restart(ctx context.Context) (*Session, error) {
	return s.lifecycle(ctx, route{http.MethodPost, "/session/restart"}, nil)
}

// Logout unlinks the WhatsApp account; the session stays and asks for a new
// QR scan. Some servers route it as GET, which is tried once when POST has
// no route.
//
// Wawp API: POST /session/logout
func (s *SessionsService) Logout(ctx context.Context) (*Session, error) {
	return s.lifecycle(ctx, route{http.MethodPost, "/session/logout"}, &route{http.MethodGet, "/session/logout"})
}

// Delete removes the session for good and returns its last state (DELETED
// on servers that say); later calls with its instance ID fail with
// ErrInstanceNotFound or ErrNotFound.
//
// Wawp API: DELETE /session/delete
func (s *SessionsService) Delete(ctx context.Context) (*Session, error) {
	ep := endpoint{route: route{http.MethodDelete, "/session/delete"}, class: classIdempotentWrite}
	return callRef[Session](ctx, s.client, ep, input{})
}

// Info returns the session's status, configuration and account.
//
// Wawp API: GET /session/info
func (s *SessionsService) Info(ctx context.Context) (*Session, error) {
	ep := endpoint{route: route{http.MethodGet, "/session/info"}, class: classRead}
	return callRef[Session](ctx, s.client, ep, input{})
}

// Me returns the WhatsApp account the session is logged in as, or nil and no
// error while it is not logged in.
//
// Wawp API: GET /session/me
func (s *SessionsService) Me(ctx context.Context) (*MeInfo, error) {
	ep := endpoint{route: route{http.MethodGet, "/session/me"}, class: classRead}
	return call[*MeInfo](ctx, s.client, ep, input{})
}

// Polling bounds for WaitForStatus.
const (
	waitFirstPoll = 500 * time.Millisecond
	waitMaxPoll   = 5 * time.Second
)

// WaitForStatus polls Info, backing off from 0.5 s to 5 s between polls,
// until the session reaches one of statuses, and returns it then. It stops
// with ErrSessionFailed when the session reaches FAILED (unless FAILED is
// wanted) and with the context's error when ctx ends. API errors end the
// wait too; transient ones are already retried by Info.
func (s *SessionsService) WaitForStatus(ctx context.Context, statuses ...SessionStatus) (*Session, error) {
	if len(statuses) == 0 {
		return nil, &ValidationError{Field: "statuses", Reason: "must name at least one status"}
	}
	pause := waitFirstPoll
	for {
		info, err := s.Info(ctx)
		if err != nil {
			return nil, err
		}
		for _, want := range statuses {
			if info.Status == want {
				return info, nil
			}
		}
		if info.Status == SessionFailed {
			return info, fmt.Errorf("wawp: waiting for %v: %w", statuses, ErrSessionFailed)
		}
		if err := s.client.wait(ctx, pause); err != nil {
			return nil, fmt.Errorf("wawp: waiting for %v, last status %s: %w", statuses, info.Status, err)
		}
		pause = min(pause*2, waitMaxPoll)
	}
}

// String returns the status name.
func (s SessionStatus) String() string { return string(s) }

// RateLimitPolicySlug names a sending policy of the v2 rate-limit API. It is
// an open enum: the server offers more policies than the two documented.
type RateLimitPolicySlug string

// Rate-limit policies the documentation names. Free accounts may choose only
// these (see RateLimitInfo.FreePolicies); paid accounts may choose any
// available policy, including high-throughput and unlimited ones.
const (
	RateLimitStrict   RateLimitPolicySlug = "strict"
	RateLimitStandard RateLimitPolicySlug = "standard_policy"
)

// String returns the slug.
func (p RateLimitPolicySlug) String() string { return string(p) }

// IsKnown reports whether p is one of the documented policies.
func (p RateLimitPolicySlug) IsKnown() bool {
	return p == RateLimitStrict || p == RateLimitStandard
}

// RateLimits are the limits of one policy, as the rate-limit documentation
// names them. The numbers are per instance; the server decides how it
// reports "no limit".
type RateLimits struct {
	SendMessagePerMinute int `json:"send_message_per_minute"`
	SendMessageDailyCap  int `json:"send_message_daily_cap"`
	// AccountProtectionSeconds is the pause the policy keeps between sends
	// to protect the number from bans.
	AccountProtectionSeconds int `json:"account_protection_seconds"`
	ConcurrentLimit          int `json:"concurrent_limit"`
	GroupReqPerMinute        int `json:"group_req_per_minute"`
	GroupDailyCap            int `json:"group_daily_cap"`
	CheckReqPerMinute        int `json:"check_req_per_minute"`
	CheckDailyCap            int `json:"check_daily_cap"`
}

// RateLimitPolicy is one policy an instance can run under.
type RateLimitPolicy struct {
	Slug RateLimitPolicySlug `json:"slug"`
	Name string              `json:"name,omitempty"`
	// Available reports whether the account's plan lets it choose the policy.
	Available bool       `json:"available"`
	Limits    RateLimits `json:"limits"`
}

// RateLimitInfo is the instance's current policy and the policies it may
// choose from.
type RateLimitInfo struct {
	// Current is the policy in force; nil when the server did not say.
	Current *RateLimitPolicy
	// Policies lists every policy, with Available set per the plan.
	Policies []RateLimitPolicy
	// FreePolicies names the policies a free account may choose.
	FreePolicies []RateLimitPolicySlug
	// HasActivePlan is true for paid accounts, which may choose any policy.
	HasActivePlan bool
	// Raw is the whole answer, for fields the documentation does not show.
	Raw json.RawMessage
}

// UnmarshalJSON decodes the answer. The documentation describes it without
// showing it, so the current policy is read as an object or a bare slug, and
// free_policies as slugs or policy objects.
func (r *RateLimitInfo) UnmarshalJSON(b []byte) error {
	var wire struct {
		Policies      []RateLimitPolicy `json:"policies"`
		FreePolicies  []json.RawMessage `json:"free_policies"`
		HasActivePlan bool              `json:"has_active_plan"`
		Current       json.RawMessage   `json:"current_policy"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*r = RateLimitInfo{Policies: wire.Policies, HasActivePlan: wire.HasActivePlan, Raw: append(json.RawMessage(nil), b...)}
	for _, raw := range wire.FreePolicies {
		r.FreePolicies = append(r.FreePolicies, policyRef(raw).Slug)
	}
	if len(wire.Current) > 0 && string(wire.Current) != "null" {
		current := policyRef(wire.Current)
		if current.Limits == (RateLimits{}) {
			if known := r.Policy(current.Slug); known != nil {
				current = *known
			}
		}
		r.Current = &current
	}
	return nil
}

// policyRef reads a policy given as an object or as its bare slug.
func policyRef(raw json.RawMessage) RateLimitPolicy {
	var p RateLimitPolicy
	if json.Unmarshal(raw, &p) != nil {
		var slug string
		_ = json.Unmarshal(raw, &slug)
		p.Slug = RateLimitPolicySlug(slug)
	}
	return p
}

// Policy returns the listed policy with slug, or nil.
func (r *RateLimitInfo) Policy(slug RateLimitPolicySlug) *RateLimitPolicy {
	for i := range r.Policies {
		if r.Policies[i].Slug == slug {
			return &r.Policies[i]
		}
	}
	return nil
}

// RateLimit returns the instance's sending policy and the policies it may
// choose from.
//
// Wawp API: GET /v2/session/rate-limit
func (s *SessionsService) RateLimit(ctx context.Context) (*RateLimitInfo, error) {
	ep := endpoint{route: route{http.MethodGet, "/session/rate-limit"}, class: classRead, version: apiV2}
	return callRef[RateLimitInfo](ctx, s.client, ep, input{})
}

type policyQuery struct {
	PolicySlug RateLimitPolicySlug `url:"policy_slug"`
}

// SetRateLimit puts the instance under the policy named slug; it persists
// across restarts. A free account may choose only its free policies (strict
// and standard_policy); other choices fail with a 403 (ErrForbidden).
//
// Wawp API: PATCH /v2/session/rate-limit
func (s *SessionsService) SetRateLimit(ctx context.Context, slug RateLimitPolicySlug) error {
	if err := required("policy_slug", string(slug)); err != nil {
		return err
	}
	// Choosing the same policy twice leaves the same state.
	ep := endpoint{route: route{http.MethodPatch, "/session/rate-limit"}, class: classIdempotentWrite, version: apiV2}
	return s.client.exec(ctx, ep, input{query: policyQuery{PolicySlug: slug}})
}

// TempLink is a temporary access link: a page at
// https://app.wawp.net/temp-qr/{token} that shows the login QR code, so a
// third party can link a phone without the API credentials. It lasts 30
// minutes.
type TempLink struct {
	URL string
	// Token is the link's random 64-character token, the last segment of URL.
	Token string
	// ExpiresAt is when the link stops working; zero when the server did not say.
	ExpiresAt time.Time
}

// tempLinkAnswer is the answer of the temp-link calls: {"link": null} when
// there is none, the link as a URL or as an object otherwise.
type tempLinkAnswer struct {
	Link      json.RawMessage `json:"link"`
	ExpiresAt flexTime        `json:"expires_at"`
}

func (a tempLinkAnswer) link() *TempLink {
	var object struct {
		URL       string   `json:"url"`
		Token     string   `json:"token"`
		ExpiresAt flexTime `json:"expires_at"`
	}
	if json.Unmarshal(a.Link, &object.URL) != nil {
		if json.Unmarshal(a.Link, &object) != nil {
			return nil
		}
	}
	if object.URL == "" {
		return nil
	}
	l := &TempLink{URL: object.URL, Token: object.Token, ExpiresAt: object.ExpiresAt.Time}
	if l.ExpiresAt.IsZero() {
		l.ExpiresAt = a.ExpiresAt.Time
	}
	if l.Token == "" {
		l.Token = l.URL[strings.LastIndexByte(l.URL, '/')+1:]
	}
	return l
}

// flexTime reads a time given as RFC 3339 text or as Unix seconds or
// milliseconds, since the v2 documentation does not show which.
type flexTime struct{ time.Time }

// UnmarshalJSON accepts RFC 3339 text, a number, a numeric string or null.
func (t *flexTime) UnmarshalJSON(b []byte) error {
	var text string
	if json.Unmarshal(b, &text) == nil {
		if at, err := time.Parse(time.RFC3339, text); err == nil {
			t.Time = at
			return nil
		}
	}
	var ts Timestamp
	if err := ts.UnmarshalJSON(b); err != nil {
		return err
	}
	t.Time = ts.Time
	return nil
}

// TempLink returns the instance's active temporary access link, or nil and
// no error when there is none.
//
// Wawp API: GET /v2/session/temp-link
func (s *SessionsService) TempLink(ctx context.Context) (*TempLink, error) {
	ep := endpoint{route: route{http.MethodGet, "/session/temp-link"}, class: classRead, version: apiV2}
	answer, err := call[tempLinkAnswer](ctx, s.client, ep, input{})
	if err != nil {
		return nil, err
	}
	return answer.link(), nil
}

// CreateTempLink expires any active temporary access link and returns a new
// one, valid for 30 minutes.
//
// Wawp API: POST /v2/session/temp-link
func (s *SessionsService) CreateTempLink(ctx context.Context) (*TempLink, error) {
	// Not repeated after an ambiguous failure: a repeat would expire the
	// link the first attempt may already have handed out.
	ep := endpoint{route: route{http.MethodPost, "/session/temp-link"}, class: classWrite, version: apiV2}
	answer, err := call[tempLinkAnswer](ctx, s.client, ep, input{})
	if err != nil {
		return nil, err
	}
	link := answer.link()
	if link == nil {
		return nil, s.client.shapeError(ep, errNoTempLink)
	}
	return link, nil
}

// errNoTempLink is the cause of the DecodeError returned when a link was
// created but the answer holds none.
var errNoTempLink = errors.New("the answer holds no link")

// RevokeTempLinks revokes every active temporary access link of the instance.
//
// Wawp API: DELETE /v2/session/temp-link
func (s *SessionsService) RevokeTempLinks(ctx context.Context) error {
	ep := endpoint{route: route{http.MethodDelete, "/session/temp-link"}, class: classIdempotentWrite, version: apiV2}
	return s.client.exec(ctx, ep, input{})
}
