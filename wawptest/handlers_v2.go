package wawptest

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// v2RouteTable lists the v2-only endpoints, their paths relative to
// V2BasePath. Where the catalog lists several methods, the fake serves
// each of them.
func v2RouteTable() []*route {
	const (
		get, post, put, patch, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete
	)
	q, j := inQuery, inJSON
	w, none := needWorking, needNothing
	return []*route{
		newRoute(get, "/session/rate-limit", q, none, handleRateLimit),
		newRoute(patch, "/session/rate-limit", q, none, handleSetRateLimit),
		newRoute(get, "/session/temp-link", q, none, handleTempLink),
		newRoute(post, "/session/temp-link", q, none, handleCreateTempLink),
		newRoute(del, "/session/temp-link", q, none, handleRevokeTempLinks),
		newRoute(get, "/session/webhook", q, none, paidOnly(handleWebhookConfig)),
		newRoute(post, "/session/webhook", j, none, paidOnly(handleReplaceWebhooks)),
		newRoute(post, "/webhook/set", j, none, paidOnly(handleSetWebhook)),
		newRoute(patch, "/webhook/update", j, none, paidOnly(handleUpdateWebhook)),
		newRoute(del, "/webhook/delete", q, none, paidOnly(handleDeleteWebhook)),
		newRoute(get, "/auth/otp/send", q, w, handleSendOTP),
		newRoute(post, "/auth/otp/send", q, w, handleSendOTP),
		newRoute(get, "/auth/otp/verify", q, none, handleVerifyOTP),
		newRoute(post, "/auth/otp/verify", q, none, handleVerifyOTP),
		newRoute(post, "/auth/list/send", j, w, handleSendApproval),
		newRoute(get, "/auth/list/verify", q, none, handleVerifyApproval),
		newRoute(post, "/auth/list/verify", q, none, handleVerifyApproval),
		newRoute(post, "/send/audio", j, w, handleSendAudio),
		newRoute(post, "/send/poll/vote", j, w, handleVotePoll),
		newRoute(post, "/send/list", j, w, handleSendList),
		newRoute(post, "/send/event", j, w, handleSendEvent),
		newRoute(get, "/lids/pn/{number}", q, none, handleLIDByPhone),
		newRoute(get, "/labels/{id}", q, none, handleGetLabel),
		newRoute(put, "/labels/{id}/chats/{chatId}", q, none, handleLinkLabel(true)),
		newRoute(del, "/labels/{id}/chats/{chatId}", q, none, handleLinkLabel(false)),
	}
}

// v2Segments splits a path below V2BasePath into unescaped segments.
func v2Segments(u *url.URL) ([]string, bool) {
	rest, ok := strings.CutPrefix(u.EscapedPath(), V2BasePath)
	if !ok {
		return nil, false
	}
	var segments []string
	for _, seg := range strings.Split(strings.Trim(rest, "/"), "/") {
		unescaped, err := url.PathUnescape(seg)
		if err != nil {
			unescaped = seg
		}
		segments = append(segments, unescaped)
	}
	return segments, true
}

// serveV2 routes and serves a v2 call, answering errors in the v2 shape
// {status, message, error}. The authentication engine also takes the token
// as a Bearer header.
func (s *Server) serveV2(w http.ResponseWriter, r *http.Request, segments []string, body []byte) {
	rt, vars := matchRoute(s.v2.routes, r.Method, segments)
	if rt == nil {
		writeV2Error(w, errNoRoute())
		return
	}
	q := r.URL.Query()
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && q.Get("access_token") == "" && segments[0] == "auth" {
		q.Set("access_token", bearer)
	}
	result, apiErr := s.dispatch(rt, vars, q, body)
	if apiErr != nil {
		writeV2Error(w, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// retryAfter, as an apiError's params, makes the answer carry Retry-After.
type retryAfter time.Duration

func writeV2Error(w http.ResponseWriter, e *apiError) {
	if d, ok := e.params.(retryAfter); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((time.Duration(d)+time.Second-1)/time.Second)))
	}
	writeJSON(w, e.status, map[string]any{"status": e.status, "message": e.message, "error": e.code})
}

func errTooSoon(message string, wait time.Duration) *apiError {
	return &apiError{status: http.StatusTooManyRequests, code: "rate_limited", message: message, params: retryAfter(wait)}
}

// paidOnly answers 403 subscription_required on the free plan.
func paidOnly(h func(*call) (any, *apiError)) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		if c.s.v2.plan == PlanFree {
			return nil, &apiError{status: http.StatusForbidden, code: wawp.CodeSubscriptionRequired, message: "This feature requires an active Unlimited subscription."}
		}
		return h(c)
	}
}

func (c *call) v2() *v2Instance { return c.s.v2.of(c.inst) }

// Rate-limit policies.

type policyJSON struct {
	Slug      string         `json:"slug"`
	Name      string         `json:"name"`
	Available bool           `json:"available"`
	Limits    map[string]int `json:"limits"`
}

func policies(paid bool) []policyJSON {
	limits := func(perMinute, daily, protection, concurrent int) map[string]int {
		return map[string]int{
			"send_message_per_minute": perMinute, "send_message_daily_cap": daily, "account_protection_seconds": protection,
			"concurrent_limit": concurrent, "group_req_per_minute": perMinute / 3, "group_daily_cap": daily / 5,
			"check_req_per_minute": perMinute, "check_daily_cap": daily / 2,
		}
	}
	return []policyJSON{
		{"strict", "Strict", true, limits(10, 500, 6, 1)},
		{"standard_policy", "Standard", true, limits(30, 2000, 2, 2)},
		{"high_throughput", "High throughput", paid, limits(120, 20000, 0, 5)},
		{"unlimited", "Unlimited", paid, limits(0, 0, 0, 10)},
	}
}

func freePolicies() []string { return []string{"strict", "standard_policy"} }

func handleRateLimit(c *call) (any, *apiError) {
	paid := c.s.v2.plan != PlanFree
	return map[string]any{
		"policies": policies(paid), "free_policies": freePolicies(), "has_active_plan": paid, "current_policy": c.v2().policy,
	}, nil
}

func handleSetRateLimit(c *call) (any, *apiError) {
	slug, err := c.required("policy_slug")
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(policies(true), func(p policyJSON) bool { return p.Slug == slug })
	if i < 0 {
		return nil, errInvalid("policy_slug", "is not a policy")
	}
	if c.s.v2.plan == PlanFree && !slices.Contains(freePolicies(), slug) {
		return nil, &apiError{status: http.StatusForbidden, code: wawp.CodeSubscriptionRequired, message: "Free accounts may choose only strict or standard_policy."}
	}
	c.v2().policy = slug
	return handleRateLimit(c)
}

// Temporary access links.

func (c *call) tempLinkJSON() map[string]any {
	l := c.v2().tempLink
	if l == nil || !c.now.Before(l.expires) {
		return map[string]any{"link": nil}
	}
	return map[string]any{"link": "https://app.wawp.net/temp-qr/" + l.token, "expires_at": l.expires.UTC().Format(time.RFC3339)}
}

func handleTempLink(c *call) (any, *apiError) { return c.tempLinkJSON(), nil }

func handleCreateTempLink(c *call) (any, *apiError) {
	c.v2().tempLink = &tempLink{token: randomHex(32), expires: c.now.Add(tempLinkLifetime)}
	return c.tempLinkJSON(), nil
}

func handleRevokeTempLinks(c *call) (any, *apiError) {
	c.v2().tempLink = nil
	return success()
}

// Webhook subscriptions.

func handleWebhookConfig(c *call) (any, *apiError) {
	st := c.v2()
	list := make([]subscription, len(st.subscriptions))
	for i, sub := range st.subscriptions {
		list[i] = *sub
	}
	var system any
	if st.system != nil {
		system = *st.system
	}
	return map[string]any{"webhooks": list, "systemConfig": system}, nil
}

// subscriptionBody is a subscription as calls send it; nil fields were left out.
type subscriptionBody struct {
	URL      string            `json:"url"`
	Name     *string           `json:"name"`
	Events   []string          `json:"events"`
	IsActive json.RawMessage   `json:"is_active"`
	Retries  *subscriptionPace `json:"retries"`
	HMAC     *string           `json:"hmac"`
}

// apply copies the fields that were sent onto sub.
func (b subscriptionBody) apply(sub *subscription) *apiError {
	if b.Events != nil {
		sub.Events = b.Events
	}
	if len(b.IsActive) > 0 {
		switch strings.Trim(string(b.IsActive), `"`) {
		case "1", "true":
			sub.IsActive = 1
		case "0", "false":
			sub.IsActive = 0
		default:
			return errInvalid("is_active", "must be 1 or 0")
		}
	}
	if b.Retries != nil {
		if b.Retries.Delay < 0 || b.Retries.Attempts < 1 {
			return errInvalid("retries", "needs a delay of 0 or more seconds and at least 1 attempt")
		}
		sub.Retries = *b.Retries
	}
	if b.HMAC != nil {
		sub.HMAC = *b.HMAC
	}
	if b.Name != nil {
		sub.Name = *b.Name
	}
	return nil
}

func (b subscriptionBody) checkURL() *apiError {
	u, err := url.Parse(b.URL)
	if b.URL == "" {
		return errMissing("url")
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errInvalid("url", "must be an absolute http(s) URL")
	}
	return nil
}

func (b subscriptionBody) newSubscription() (*subscription, *apiError) {
	if err := b.checkURL(); err != nil {
		return nil, err
	}
	if len(b.Events) == 0 {
		return nil, errMissing("events")
	}
	sub := &subscription{URL: b.URL, IsActive: 1, Retries: defaultPace()}
	return sub, b.apply(sub)
}

// find returns the subscription of url, the system webhook included.
func (st *v2Instance) find(url string) *subscription {
	if st.system != nil && st.system.URL == url {
		return st.system
	}
	for _, sub := range st.subscriptions {
		if sub.URL == url {
			return sub
		}
	}
	return nil
}

func handleReplaceWebhooks(c *call) (any, *apiError) {
	var body struct {
		Webhooks *[]subscriptionBody `json:"webhooks"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Webhooks == nil {
		return nil, errMissing("webhooks")
	}
	st := c.v2()
	var system *subscription
	var custom []*subscription
	for _, b := range *body.Webhooks {
		sub, err := b.newSubscription()
		if err != nil {
			return nil, err
		}
		if sub.URL == systemWebhookURL {
			system = sub
			continue
		}
		custom = append(custom, sub)
	}
	st.system, st.subscriptions = system, custom
	return handleWebhookConfig(c)
}

func handleSetWebhook(c *call) (any, *apiError) {
	var body subscriptionBody
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	st := c.v2()
	if existing := st.find(body.URL); existing != nil {
		if len(body.Events) == 0 {
			return nil, errMissing("events")
		}
		if err := body.apply(existing); err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "webhook": *existing}, nil
	}
	sub, err := body.newSubscription()
	if err != nil {
		return nil, err
	}
	st.subscriptions = append(st.subscriptions, sub)
	return map[string]any{"success": true, "webhook": *sub}, nil
}

func handleUpdateWebhook(c *call) (any, *apiError) {
	var body subscriptionBody
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if err := body.checkURL(); err != nil {
		return nil, err
	}
	sub := c.v2().find(body.URL)
	if sub == nil {
		return nil, errNotFound("webhook", body.URL)
	}
	if err := body.apply(sub); err != nil {
		return nil, err
	}
	return map[string]any{"success": true, "webhook": *sub}, nil
}

func handleDeleteWebhook(c *call) (any, *apiError) {
	u, err := c.required("url")
	if err != nil {
		return nil, err
	}
	st := c.v2()
	if st.system != nil && st.system.URL == u {
		return nil, &apiError{status: http.StatusForbidden, code: "protected_webhook", message: "The system webhook cannot be deleted; disable it instead."}
	}
	i := slices.IndexFunc(st.subscriptions, func(sub *subscription) bool { return sub.URL == u })
	if i < 0 {
		return nil, errNotFound("webhook", u)
	}
	st.subscriptions = slices.Delete(st.subscriptions, i, i+1)
	return success()
}

// Authentication engine.

// cooldown answers 429 while chatID was sent a code or an approval less
// than a minute ago, and starts a new cooldown otherwise.
func (c *call) cooldown(chatID wawp.ChatID) *apiError {
	st := c.v2()
	if last, ok := st.lastSend[chatID]; ok && c.now.Sub(last) < verifyCooldown {
		return errTooSoon("Recipient protection: wait before sending again to this number.", verifyCooldown-c.now.Sub(last))
	}
	st.lastSend[chatID] = c.now
	return nil
}

func handleSendOTP(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	lang := wawp.OTPLanguage(c.optional("lang"))
	if lang == "" {
		lang = wawp.OTPEnglish
	}
	if !lang.IsKnown() {
		return nil, errInvalid("lang", "is not a supported language")
	}
	if err := c.cooldown(chatID); err != nil {
		return nil, err
	}
	code := randomDigits(6)
	c.v2().otps[chatID] = &otp{code: code}
	text := "Your verification code is " + code
	if footer := c.optional("footer"); footer != "" {
		text += "\n\n" + footer
	}
	c.s.storeOutgoing(c.inst, chatID, wawp.Message{Body: text}, map[string]any{"conversation": text}, c.now)
	return map[string]any{"success": true, "lang": lang}, nil
}

func handleVerifyOTP(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	code, err := c.required("code")
	if err != nil {
		return nil, err
	}
	if _, err := c.intParam("list_id", 0, 0, 1<<30); err != nil {
		return nil, err
	}
	o, ok := c.v2().otps[chatID]
	if !ok {
		return nil, errNotFound("code for", chatID)
	}
	if c.now.Before(o.lockedUntil) {
		return nil, errTooSoon("Brute force protection: too many wrong codes.", o.lockedUntil.Sub(c.now))
	}
	if code != o.code {
		o.failures++
		if o.failures >= otpMaxFailures {
			o.failures, o.lockedUntil = 0, c.now.Add(otpLockout)
			return nil, errTooSoon("Brute force protection: too many wrong codes.", otpLockout)
		}
		return map[string]any{"verified": false, "attempts_left": otpMaxFailures - o.failures}, nil
	}
	delete(c.v2().otps, chatID)
	return map[string]any{"code": "success", "verified": true}, nil
}

func handleSendApproval(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	var fields [4]string
	for i, name := range []string{"title", "item1", "item2", "button"} {
		if fields[i], err = c.required(name); err != nil {
			return nil, err
		}
	}
	if err := c.cooldown(chatID); err != nil {
		return nil, err
	}
	id := "auth_" + strings.ToLower(rand.Text())[:12]
	c.v2().approvals[id] = &approval{chat: chatID, status: wawp.ApprovalPending, sentAt: c.now}
	content := map[string]any{"listMessage": map[string]any{"title": fields[0], "buttonText": fields[3], "rows": []string{fields[1], fields[2]}}}
	c.s.storeOutgoing(c.inst, chatID, wawp.Message{Body: fields[0]}, content, c.now)
	return map[string]any{"code": "success", "auth_id": id}, nil
}

func handleVerifyApproval(c *call) (any, *apiError) {
	id, err := c.required("auth_id")
	if err != nil {
		return nil, err
	}
	a, ok := c.v2().approvals[id]
	if !ok {
		return nil, errNotFound("approval request", id)
	}
	if !a.lastPolled.IsZero() && c.now.Sub(a.lastPolled) < approvalPollGap {
		return nil, errTooSoon("Check at most once every 2 seconds.", approvalPollGap-c.now.Sub(a.lastPolled))
	}
	a.lastPolled = c.now
	status := a.state(c.now)
	return map[string]any{"code": "success", "status": status, "verified": status == wawp.ApprovalApproved}, nil
}

// Sends.

func handleSendAudio(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	var body struct {
		File remoteFile `json:"file"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	media, err := body.File.media("file.url")
	if err != nil {
		return nil, err
	}
	m := wawp.Message{HasMedia: true, Media: &media, Body: c.optional("caption")}
	return c.send(chatID, m, map[string]any{"audioMessage": map[string]any{"URL": media.URL, "mimetype": media.MIMEType}})
}

func handleVotePoll(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	id, err := c.required("messageId")
	if err != nil {
		return nil, err
	}
	poll, err := c.lookupMessage(chatID, wawp.MessageID(id))
	if err != nil {
		return nil, err
	}
	var data struct {
		Message struct {
			Poll *struct {
				Options []struct {
					Name string `json:"optionName"`
				} `json:"options"`
			} `json:"pollCreationMessage"`
		} `json:"Message"`
	}
	if json.Unmarshal(poll.msg.Data, &data) != nil || data.Message.Poll == nil {
		return nil, errInvalid("messageId", "is not a poll")
	}
	var body struct {
		Votes *[]json.RawMessage `json:"votes"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Votes == nil {
		return nil, errMissing("votes")
	}
	var chosen []string
	for _, raw := range *body.Votes {
		option, ok := pollOption(raw, data.Message.Poll.Options)
		if !ok {
			return nil, errInvalid("votes", "names an option the poll does not have")
		}
		chosen = append(chosen, option)
	}
	c.v2().votes[poll.msg.ID] = chosen
	return map[string]any{"success": true, "messageId": poll.msg.ID, "votes": chosen}, nil
}

// pollOption resolves a vote given as option text or 0-based index.
func pollOption(raw json.RawMessage, options []struct {
	Name string `json:"optionName"`
}) (string, bool) {
	var index int
	if json.Unmarshal(raw, &index) == nil {
		if index < 0 || index >= len(options) {
			return "", false
		}
		return options[index].Name, true
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		return "", false
	}
	i := slices.IndexFunc(options, func(o struct {
		Name string `json:"optionName"`
	}) bool {
		return o.Name == text
	})
	return text, i >= 0
}

func handleSendList(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	var body struct {
		Message *struct {
			Title    string `json:"title"`
			Button   string `json:"button"`
			Sections []struct {
				Title string            `json:"title"`
				Rows  []json.RawMessage `json:"rows"`
			} `json:"sections"`
		} `json:"message"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Message == nil {
		return nil, errMissing("message")
	}
	if body.Message.Button == "" || len(body.Message.Sections) == 0 {
		return nil, errInvalid("message", "needs a button and at least one section")
	}
	reply, err := c.replyTo()
	if err != nil {
		return nil, err
	}
	return c.send(chatID, wawp.Message{Body: body.Message.Title, ReplyTo: reply}, map[string]any{"listMessage": body.Message})
}

func handleSendEvent(c *call) (any, *apiError) {
	chatID, err := c.chatParam("chatId")
	if err != nil {
		return nil, err
	}
	var body struct {
		Event *struct {
			Name      string `json:"name"`
			StartTime int64  `json:"startTime"`
			EndTime   int64  `json:"endTime"`
		} `json:"event"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if body.Event == nil || body.Event.Name == "" || body.Event.StartTime <= 0 {
		return nil, errMissing("event.name", "event.startTime")
	}
	if body.Event.EndTime != 0 && body.Event.EndTime <= body.Event.StartTime {
		return nil, errInvalid("event.endTime", "must be after the start")
	}
	reply, err := c.replyTo()
	if err != nil {
		return nil, err
	}
	var event map[string]any
	_ = json.Unmarshal(c.body["event"], &event)
	return c.send(chatID, wawp.Message{Body: body.Event.Name, ReplyTo: reply}, map[string]any{"eventMessage": event})
}

// Contacts and labels.

func handleLIDByPhone(c *call) (any, *apiError) {
	number := c.vars["number"]
	pn, err := parseChat("number", number)
	if err != nil || !pn.IsUser() {
		return nil, errInvalid("number", "must be a phone number")
	}
	for _, m := range c.inst.lids {
		if m.PN == pn {
			return map[string]any{"lid": m.LID, "number": pn.User()}, nil
		}
	}
	return map[string]any{"lid": nil, "number": pn.User()}, nil
}

func (c *call) v2Label() (*wawp.Label, *apiError) {
	l, ok := c.inst.labels[c.vars["id"]]
	if !ok {
		return nil, errNotFound("label", c.vars["id"])
	}
	return l, nil
}

func handleGetLabel(c *call) (any, *apiError) {
	l, err := c.v2Label()
	if err != nil {
		return nil, err
	}
	return *l, nil
}

// handleLinkLabel links (or unlinks) one label and one chat, leaving the
// chat's other labels; repeating it changes nothing and emits nothing.
func handleLinkLabel(link bool) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		l, err := c.v2Label()
		if err != nil {
			return nil, err
		}
		chatID, err := c.pathChat("chatId")
		if err != nil {
			return nil, err
		}
		ids := c.inst.chatLabels[chatID]
		has := slices.Contains(ids, l.ID)
		switch {
		case link && !has:
			c.inst.chatLabels[chatID] = append(ids, l.ID)
			c.inst.chat(chatID, c.now)
			c.s.emitLabelChat(c.inst, "label.chat.added", l, chatID)
		case !link && has:
			c.inst.chatLabels[chatID] = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == l.ID })
			c.s.emitLabelChat(c.inst, "label.chat.deleted", l, chatID)
		}
		return success()
	}
}

// String names the plan.
func (p Plan) String() string { return string(p) }

// IsKnown reports whether p is one of the plans the fake server knows.
func (p Plan) IsKnown() bool { return p == PlanFree || p == PlanUnlimited }
