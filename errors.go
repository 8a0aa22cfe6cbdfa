package wawp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Sentinel errors matched by *APIError through errors.Is.
var (
	// ErrUnauthorized matches HTTP 401 and the invalid_access_token code.
	ErrUnauthorized = errors.New("wawp: unauthorized")
	// ErrForbidden matches HTTP 403, such as a plan quota being reached.
	ErrForbidden = errors.New("wawp: forbidden")
	// ErrNotFound matches HTTP 404, including an unknown route.
	ErrNotFound = errors.New("wawp: not found")
	// ErrInstanceNotFound matches the invalid_instance code: the instance ID is wrong or deleted.
	ErrInstanceNotFound = errors.New("wawp: instance not found")
	// ErrRateLimited matches HTTP 429.
	ErrRateLimited = errors.New("wawp: rate limited")
	// ErrServerNotFound matches the server_not_found code: the instance has no WhatsApp server.
	ErrServerNotFound = errors.New("wawp: server not found")
	// ErrUpstream matches the wawp_upstream_error code and the gateway statuses 502 and 504.
	ErrUpstream = errors.New("wawp: upstream error")
	// ErrSessionFailed is returned by Sessions.WaitForStatus when the session reaches FAILED.
	ErrSessionFailed = errors.New("wawp: session failed")
	// ErrSubscriptionRequired matches the subscription_required code of the
	// v2 API: the endpoint (such as webhook management) needs a paid plan.
	// It is a 403, so it matches ErrForbidden too.
	ErrSubscriptionRequired = errors.New("wawp: subscription required")
	// ErrQuotaReached matches the quota_reached code of the v2 API: the
	// plan's instance quota is used up. It is a 403, so it matches
	// ErrForbidden too.
	ErrQuotaReached = errors.New("wawp: quota reached")
)

// Error codes the API is documented to return.
const (
	CodeInvalidInstance    = "invalid_instance"
	CodeInvalidAccessToken = "invalid_access_token"
	CodeServerNotFound     = "server_not_found"
	CodeUpstreamError      = "wawp_upstream_error"
	CodeNoRoute            = "rest_no_route"
	// The v2 API's plan checks, sent in the error field of {status, message, error}.
	CodeSubscriptionRequired = "subscription_required"
	CodeQuotaReached         = "quota_reached"
)

// maxErrorBody caps the part of an error body that is read and kept on an
// APIError; the rest is never read.
const maxErrorBody = 16 << 10

// maxErrorMessage caps APIError.Message, so that Error() stays short
// whatever the server sends.
const maxErrorMessage = 2 << 10

// APIError is a response the server marked as failed, by its HTTP status or by
// an error envelope inside a 2xx body.
type APIError struct {
	// StatusCode is the HTTP status, or the status named in a 2xx error envelope.
	StatusCode int
	// Code is the machine-readable code, such as "invalid_instance", when the body has one.
	Code string
	// Message is the server's human-readable explanation, or a short text snippet.
	Message string
	// Method and Path identify the call; Path never includes the query string.
	Method string
	Path   string
	// RetryAfter is the delay the server asked for, from the Retry-After header.
	RetryAfter time.Duration
	// Body is the start of the response body (at most 16 KiB, the part that
	// was read), with the token and URL queries removed.
	Body []byte
}

// Error describes the failure without credentials.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "wawp: %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Is lets errors.Is match the package's sentinel errors.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.Code == CodeInvalidAccessToken
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.Code == CodeNoRoute
	case ErrInstanceNotFound:
		return e.Code == CodeInvalidInstance
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServerNotFound:
		return e.Code == CodeServerNotFound
	case ErrUpstream:
		return e.Code == CodeUpstreamError || e.StatusCode == http.StatusBadGateway || e.StatusCode == http.StatusGatewayTimeout
	case ErrSubscriptionRequired:
		return e.Code == CodeSubscriptionRequired
	case ErrQuotaReached:
		return e.Code == CodeQuotaReached
	}
	return false
}

// ValidationError reports bad input found before any request was sent.
type ValidationError struct {
	// Field names the offending parameter as it is called on the wire.
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the field and the problem.
func (e *ValidationError) Error() string {
	return "wawp: " + e.Field + " " + e.Reason
}

// required rejects an empty or blank value of field before any I/O.
func required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return &ValidationError{Field: field, Reason: "is required"}
	}
	return nil
}

// requireChatID checks the chatId parameter by ParseChatID's rules. Bare
// phone numbers pass: the API takes them wherever it takes a chat ID.
func requireChatID(id ChatID) error { return checkChatID("chatId", id) }

// requireChatAndMessage checks the chatId and messageId parameters.
func requireChatAndMessage(chatID ChatID, messageID MessageID) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	return checkMessageID("messageId", messageID)
}

// DecodeError is a 2xx response whose body did not match the expected shape.
type DecodeError struct {
	Method, Path string
	// Snippet is the start of the body, with credentials removed.
	Snippet string
	Err     error
}

// Error names the call and shows the start of the body.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("wawp: %s %s: decoding response: %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// errorEnvelope is the union of the error bodies the API family returns:
// WordPress {code,message,data.status}, upstream {statusCode,message,error}
// and {status,message,error}.
type errorEnvelope struct {
	Code       json.RawMessage `json:"code"`
	Message    json.RawMessage `json:"message"`
	Error      json.RawMessage `json:"error"`
	StatusCode json.RawMessage `json:"statusCode"`
	Status     json.RawMessage `json:"status"`
	Data       *struct {
		Status json.RawMessage `json:"status"`
	} `json:"data"`
}

// parsed is the envelope reduced to what APIError needs: the code, the
// message and the status it names (0 when none).
func (env *errorEnvelope) parsed() (code, message string, status int) {
	code = rawString(env.Code)
	message = rawText(env.Message)
	errorField := rawString(env.Error)
	switch {
	case code == "" && isCodeLike(errorField):
		// v2 names its machine-readable code in the error field.
		code = errorField
	case message == "":
		message = errorField
	}
	if env.Data != nil {
		status = rawInt(env.Data.Status)
	}
	if status == 0 {
		status = rawInt(env.StatusCode)
	}
	if status == 0 {
		status = rawInt(env.Status)
	}
	return code, message, status
}

// isCodeLike reports a snake_case identifier such as "quota_reached", as
// opposed to a phrase such as "Bad Request".
func isCodeLike(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_'
	}) < 0
}

// isErrorCode reports the codes that mean failure whatever the HTTP status.
func isErrorCode(code string) bool {
	switch code {
	case CodeInvalidInstance, CodeInvalidAccessToken, CodeServerNotFound, CodeUpstreamError, CodeNoRoute,
		CodeSubscriptionRequired, CodeQuotaReached:
		return true
	}
	return false
}

// errorEnvelopeIn reports whether a 2xx body is an error envelope in
// disguise: an object naming an error status (400 or more) in data.status,
// statusCode or status, or carrying a known error code. A success body that
// happens to have code and message fields, such as a pairing code, is not.
func errorEnvelopeIn(body []byte) bool {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var env errorEnvelope
	return json.Unmarshal(trimmed, &env) == nil && env.failed()
}

// failed reports whether the envelope names an error status (400 or more)
// or a known error code.
func (env *errorEnvelope) failed() bool {
	code, _, status := env.parsed()
	return status >= 400 || isErrorCode(code)
}

// apiError builds the error for a failed answer: its status, the code and
// message of its envelope or a snippet of its text, capped, without the
// token or query values.
func (c *Client) apiError(req *request, rt route, status int, header http.Header, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: rt.method, Path: "/" + rt.path}
	if ra, ok := parseRetryAfter(header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = ra
	}
	redactor := c.redactor.forRequest(req)
	clean := redactor.cleanText(string(body))
	e.Body = []byte(clean)

	var env errorEnvelope
	if json.Unmarshal(body, &env) == nil {
		if code, message, envStatus := env.parsed(); code != "" || message != "" {
			e.Code, e.Message = code, capText(redactor.cleanText(message), maxErrorMessage)
			if status < 400 && envStatus >= 400 {
				e.StatusCode = envStatus
			}
			return e
		}
	}
	e.Message = textSnippet(clean)
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

// capText cuts s to at most n bytes of valid UTF-8, marking the cut.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

var (
	htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
	spaces    = regexp.MustCompile(`\s+`)
)

// textSnippet reduces a text or HTML body to one short line.
func textSnippet(body string) string {
	if m := htmlTitle.FindStringSubmatch(body); m != nil && strings.TrimSpace(m[1]) != "" {
		body = m[1]
	} else {
		body = htmlTag.ReplaceAllString(body, " ")
	}
	body = strings.TrimSpace(spaces.ReplaceAllString(body, " "))
	const maxSnippet = 200
	return capText(body, maxSnippet)
}

// rawString reads a JSON string, or gives "" for anything else. An absent
// value (no bytes) is answered without a decode, which would only build an
// error to throw away.
func rawString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

// rawText accepts a string or a list of strings (NestJS validation errors).
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	if s := rawString(raw); s != "" {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	return ""
}

func rawInt(raw json.RawMessage) int {
	if len(raw) == 0 {
		return 0
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil {
		return int(n)
	}
	return 0
}
