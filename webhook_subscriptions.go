package wawp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// WebhooksService manages the instance's webhook subscriptions through the
// v2 API: which URLs receive which events, with what retry policy and
// signing secret. It is for paid (Unlimited) plans only: on a free plan every
// call fails with ErrSubscriptionRequired.
//
// Besides the caller's subscriptions, every instance has a protected system
// webhook (SystemWebhookURLPrefix) that feeds Wawp's own inbox, auto-replies
// and notifications. It can be disabled with Update but not deleted, and
// Replace keeps it unless told otherwise.
type WebhooksService service

// SystemWebhookURLPrefix starts the URL of the protected system webhook.
const SystemWebhookURLPrefix = "https://app.wawp.net/api/webhook/"

// IsSystemWebhook reports whether url is the protected system webhook.
func IsSystemWebhook(url string) bool {
	return strings.HasPrefix(strings.TrimSpace(url), SystemWebhookURLPrefix)
}

// Documented defaults of a subscription's retry policy.
const (
	DefaultWebhookRetryDelay    = 2 * time.Second
	DefaultWebhookRetryAttempts = 15
)

// WebhookRetryPolicy says how Wawp retries a delivery the receiver did not
// accept. Without one a subscription gets DefaultWebhookRetryDelay and
// DefaultWebhookRetryAttempts.
type WebhookRetryPolicy struct {
	// Delay is the pause between attempts; the API counts it in whole seconds.
	Delay time.Duration
	// Attempts is how many times a delivery is tried.
	Attempts int
}

// MarshalJSON writes the delay in seconds.
func (p WebhookRetryPolicy) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Delay    int64 `json:"delay"`
		Attempts int   `json:"attempts"`
	}{int64(p.Delay / time.Second), p.Attempts})
}

// UnmarshalJSON reads the delay in seconds; numbers may come quoted.
func (p *WebhookRetryPolicy) UnmarshalJSON(b []byte) error {
	var wire struct {
		Delay    flexNumber `json:"delay"`
		Attempts flexNumber `json:"attempts"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	p.Delay = time.Duration(float64(wire.Delay) * float64(time.Second))
	p.Attempts = int(wire.Attempts)
	return nil
}

func (p *WebhookRetryPolicy) validate() error {
	switch {
	case p == nil:
		return nil
	case p.Delay < 0 || p.Delay%time.Second != 0:
		return &ValidationError{Field: "retries.delay", Reason: "must be a whole number of seconds, not negative"}
	case p.Attempts < 1:
		return &ValidationError{Field: "retries.attempts", Reason: "must be at least 1"}
	}
	return nil
}

// flexNumber reads a JSON number or a numeric string.
type flexNumber float64

// UnmarshalJSON accepts 5, "5" and null.
func (n *flexNumber) UnmarshalJSON(b []byte) error {
	text := strings.Trim(string(b), `"`)
	if text == "" || text == "null" {
		*n = 0
		return nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return fmt.Errorf("wawp: %s is not a number", b)
	}
	*n = flexNumber(f)
	return nil
}

// activeFlag is the is_active field: sent as 1 or 0 as documented, read from
// a boolean, a number or a string.
type activeFlag bool

// MarshalJSON writes 1 or 0.
func (f activeFlag) MarshalJSON() ([]byte, error) {
	if f {
		return []byte("1"), nil
	}
	return []byte("0"), nil
}

// UnmarshalJSON accepts true, false, 1, 0 and their quoted forms.
func (f *activeFlag) UnmarshalJSON(b []byte) error {
	switch strings.Trim(string(b), `"`) {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return fmt.Errorf("wawp: is_active %s is not a flag", b)
	}
	return nil
}

// WebhookSubscription is one webhook URL and what it receives.
type WebhookSubscription struct {
	// URL receives the events as POST requests; it is the subscription's key.
	URL string
	// Name is a label for people; the API shows it only in a sample.
	Name string
	// Events are the event names delivered to URL.
	Events []EventType
	// Active is false for a paused subscription.
	Active bool
	// Retries is the retry policy; nil leaves the server's (the defaults
	// when the subscription is new).
	Retries *WebhookRetryPolicy
	// HMAC is the secret that signs deliveries in the X-Wawp-Signature
	// header; empty when unsigned or when the server does not show it.
	HMAC string
}

// IsSystem reports whether the subscription is the protected system webhook.
func (w WebhookSubscription) IsSystem() bool { return IsSystemWebhook(w.URL) }

// subscriptionJSON is the wire form of a subscription.
type subscriptionJSON struct {
	URL      string              `json:"url"`
	Name     string              `json:"name,omitempty"`
	Events   []EventType         `json:"events,omitempty"`
	IsActive *activeFlag         `json:"is_active,omitempty"`
	Retries  *WebhookRetryPolicy `json:"retries,omitempty"`
	HMAC     string              `json:"hmac,omitempty"`
}

// MarshalJSON writes the subscription as Replace sends it.
func (w WebhookSubscription) MarshalJSON() ([]byte, error) {
	active := activeFlag(w.Active)
	return json.Marshal(subscriptionJSON{URL: w.URL, Name: w.Name, Events: w.Events, IsActive: &active, Retries: w.Retries, HMAC: w.HMAC})
}

// UnmarshalJSON reads a subscription; is_active defaults to true, as on the API.
func (w *WebhookSubscription) UnmarshalJSON(b []byte) error {
	var wire subscriptionJSON
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*w = WebhookSubscription{URL: wire.URL, Name: wire.Name, Events: wire.Events, Active: true, Retries: wire.Retries, HMAC: wire.HMAC}
	if wire.IsActive != nil {
		w.Active = bool(*wire.IsActive)
	}
	return nil
}

// validate checks a subscription before it is sent; field prefixes the
// field names, such as "webhooks[1]".
func (w WebhookSubscription) validate(field string) error {
	if err := checkWebhookURL(field+"url", w.URL); err != nil {
		return err
	}
	if err := checkEvents(field+"events", w.Events); err != nil {
		return err
	}
	return w.Retries.validate()
}

// WebhookConfig is the instance's webhook configuration.
type WebhookConfig struct {
	// Webhooks are the subscriptions, as the server lists them.
	Webhooks []WebhookSubscription `json:"webhooks"`
	// System is the protected system webhook: the server's systemConfig, or
	// the system entry of Webhooks; nil when neither shows one.
	System *WebhookSubscription `json:"-"`
	// SystemConfig is the server's systemConfig object, kept raw: its shape
	// is not documented.
	SystemConfig json.RawMessage `json:"systemConfig,omitempty"`
}

// UnmarshalJSON decodes the configuration and finds the system webhook.
func (c *WebhookConfig) UnmarshalJSON(b []byte) error {
	type plain WebhookConfig
	if err := json.Unmarshal(b, (*plain)(c)); err != nil {
		return err
	}
	var system WebhookSubscription
	if len(c.SystemConfig) > 0 && json.Unmarshal(c.SystemConfig, &system) == nil && system.URL != "" {
		c.System = &system
		return nil
	}
	for i := range c.Webhooks {
		if c.Webhooks[i].IsSystem() {
			system := c.Webhooks[i]
			c.System = &system
			return nil
		}
	}
	return nil
}

// Config returns the instance's webhook subscriptions and its system webhook.
//
// Wawp API: GET /v2/session/webhook
func (s *WebhooksService) Config(ctx context.Context) (*WebhookConfig, error) {
	ep := endpoint{route: route{http.MethodGet, "/session/webhook"}, class: classRead, version: apiV2}
	return callRef[WebhookConfig](ctx, s.client, ep, input{})
}

// WebhookReplaceParams is the new list of subscriptions for
// Webhooks.Replace. It goes by value although every field may be left
// empty: the list is always sent, and an empty one removes every
// subscription, which must be a choice and never the effect of a nil.
type WebhookReplaceParams struct {
	// Webhooks replace every subscription; an empty list removes them all.
	Webhooks []WebhookSubscription
	// RemoveSystemWebhook drops the protected system webhook too, which stops
	// Wawp's inbox sync. When false, Replace keeps the system webhook as
	// Config shows it unless Webhooks already lists its URL.
	RemoveSystemWebhook bool
}

// Replace overwrites the instance's subscriptions with params.Webhooks (the
// zero value removes them all). Unless params.RemoveSystemWebhook is set,
// it first reads the configuration with Config and keeps the system webhook,
// so two requests are sent.
//
// Wawp API: POST /v2/session/webhook
func (s *WebhooksService) Replace(ctx context.Context, params WebhookReplaceParams) error {
	list := append([]WebhookSubscription{}, params.Webhooks...)
	for i, w := range list {
		if err := w.validate(fmt.Sprintf("webhooks[%d].", i)); err != nil {
			return err
		}
	}
	if !params.RemoveSystemWebhook {
		cfg, err := s.Config(ctx)
		if err != nil {
			return fmt.Errorf("wawp: reading the system webhook to keep it: %w", err)
		}
		if cfg.System != nil && !listsURL(list, cfg.System.URL) {
			list = append(list, *cfg.System)
		}
	}
	// Writing the same list twice leaves the same state.
	ep := endpoint{route: route{http.MethodPost, "/session/webhook"}, class: classIdempotentWrite, version: apiV2}
	return s.client.exec(ctx, ep, input{body: struct {
		Webhooks []WebhookSubscription `json:"webhooks"`
	}{list}})
}

func listsURL(list []WebhookSubscription, url string) bool {
	for _, w := range list {
		if w.URL == url {
			return true
		}
	}
	return false
}

// WebhookSetParams describes the subscription Webhooks.Set creates or
// replaces.
type WebhookSetParams struct {
	// Events are the event names to deliver; at least one.
	Events []EventType
	// Active pauses the subscription when false; nil means active.
	Active *bool
	// Retries is the retry policy; nil means the documented default (2 s,
	// 15 attempts).
	Retries *WebhookRetryPolicy
	// HMAC, when set, signs every delivery: X-Wawp-Signature carries the
	// hex HMAC-SHA256 of the raw body under it (see VerifySignature).
	HMAC string
	// Name is a label for people; the API shows it only in a sample.
	Name string
}

// Set subscribes url to params.Events, or updates the subscription of url
// when it exists; other subscriptions are left alone. The reference does not
// show the method: POST is sent, and PUT once if the server has no POST
// route.
//
// Wawp API: POST /v2/webhook/set
func (s *WebhooksService) Set(ctx context.Context, url string, params WebhookSetParams) error {
	if err := checkWebhookURL("url", url); err != nil {
		return err
	}
	if err := checkEvents("events", params.Events); err != nil {
		return err
	}
	if err := params.Retries.validate(); err != nil {
		return err
	}
	body := subscriptionJSON{URL: url, Name: params.Name, Events: params.Events, IsActive: flagOf(params.Active), Retries: params.Retries, HMAC: params.HMAC}
	// An upsert by URL: repeating it leaves the same subscription.
	ep := endpoint{route: route{http.MethodPost, "/webhook/set"}, class: classIdempotentWrite, version: apiV2,
		fallback: &route{http.MethodPut, "/webhook/set"}}
	return s.client.exec(ctx, ep, input{body: body})
}

// WebhookUpdateParams are the changes Webhooks.Update makes; nil and empty
// fields keep their value. At least one field must be set, so the params go
// by value.
type WebhookUpdateParams struct {
	// Events replace the subscription's events when not empty.
	Events []EventType
	// Active pauses (false) or resumes (true) the subscription.
	Active *bool
	// Retries replaces the retry policy when not nil.
	Retries *WebhookRetryPolicy
	// HMAC replaces the signing secret when not empty.
	HMAC string
	// Name relabels the subscription; the API shows it only in a sample.
	Name string
}

// Update changes the subscription of url, which must exist; fields params
// leaves empty keep their value, and params that change nothing are a
// *ValidationError. It can pause the system webhook, which
// cannot be deleted.
//
// Wawp API: PATCH /v2/webhook/update
func (s *WebhooksService) Update(ctx context.Context, url string, params WebhookUpdateParams) error {
	if err := checkWebhookURL("url", url); err != nil {
		return err
	}
	if len(params.Events) == 0 && params.Active == nil && params.Retries == nil && params.HMAC == "" && params.Name == "" {
		return &ValidationError{Field: "params", Reason: "must change at least one field"}
	}
	if len(params.Events) > 0 {
		if err := checkEvents("events", params.Events); err != nil {
			return err
		}
	}
	if err := params.Retries.validate(); err != nil {
		return err
	}
	body := subscriptionJSON{URL: url, Name: params.Name, Events: params.Events, IsActive: flagOf(params.Active), Retries: params.Retries, HMAC: params.HMAC}
	ep := endpoint{route: route{http.MethodPatch, "/webhook/update"}, class: classIdempotentWrite, version: apiV2}
	return s.client.exec(ctx, ep, input{body: body})
}

type webhookURLQuery struct {
	URL string `url:"url"`
}

// Delete removes the subscription of url. The system webhook cannot be
// deleted (pause it with Update instead); trying is a *ValidationError.
//
// Wawp API: DELETE /v2/webhook/delete
func (s *WebhooksService) Delete(ctx context.Context, url string) error {
	if err := checkWebhookURL("url", url); err != nil {
		return err
	}
	if IsSystemWebhook(url) {
		return &ValidationError{Field: "url", Reason: "is the protected system webhook, which cannot be deleted; pause it with Update"}
	}
	// The page accepts url in the body or the query; the query survives
	// proxies that drop DELETE bodies.
	ep := endpoint{route: route{http.MethodDelete, "/webhook/delete"}, class: classIdempotentWrite, version: apiV2}
	return s.client.exec(ctx, ep, input{query: webhookURLQuery{URL: url}})
}

func flagOf(b *bool) *activeFlag {
	if b == nil {
		return nil
	}
	f := activeFlag(*b)
	return &f
}

// checkWebhookURL accepts an absolute http(s) URL. The API asks for public
// HTTPS; plain HTTP is let through for local receivers.
func checkWebhookURL(field, raw string) error {
	if strings.TrimSpace(raw) == "" {
		return &ValidationError{Field: field, Reason: "is required"}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &ValidationError{Field: field, Reason: "must be an absolute http(s) URL"}
	}
	return nil
}

func checkEvents(field string, events []EventType) error {
	if len(events) == 0 {
		return &ValidationError{Field: field, Reason: "must name at least one event"}
	}
	for i, e := range events {
		if strings.TrimSpace(string(e)) == "" {
			return &ValidationError{Field: field, Reason: fmt.Sprintf("must not be empty (event %d)", i)}
		}
	}
	return nil
}
