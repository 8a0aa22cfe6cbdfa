package wawptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/wawp-go/wawp"
)

// apiError is a WordPress-shaped error answer:
// {"code":..,"message":..,"data":{"status":..,"params":..}}.
type apiError struct {
	status  int
	code    string
	message string
	// params names the offending parameters, as WordPress does for 400s.
	params any
}

// errorBody is the JSON of an apiError, in WordPress's key order.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Status int `json:"status"`
		Params any `json:"params,omitempty"`
	} `json:"data"`
}

func (e *apiError) body() errorBody {
	b := errorBody{Code: e.code, Message: e.message}
	b.Data.Status, b.Data.Params = e.status, e.params
	return b
}

// errNoRoute is WordPress's answer for an unknown path or method.
func errNoRoute() *apiError {
	return &apiError{status: http.StatusNotFound, code: "rest_no_route", message: "No route was found matching the URL and request method."}
}

// errMissing reports required parameters that were not sent.
func errMissing(names ...string) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    "rest_missing_callback_param",
		message: "Missing parameter(s): " + strings.Join(names, ", "),
		params:  names,
	}
}

// errInvalid reports a parameter whose value is unusable.
func errInvalid(name, reason string) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    "rest_invalid_param",
		message: fmt.Sprintf("Invalid parameter(s): %s (%s %s)", name, name, reason),
		params:  map[string]string{name: name + " " + reason},
	}
}

// errNotFound reports an object the session does not know, as the upstream
// engine does.
func errNotFound(what string, id any) *apiError {
	return &apiError{status: http.StatusNotFound, code: wawp.CodeUpstreamError, message: fmt.Sprintf("%s %v was not found", what, id)}
}

// errState reports a call the session cannot serve in its current status.
func errState(want string, got wawp.SessionStatus) *apiError {
	return &apiError{
		status:  http.StatusUnprocessableEntity,
		code:    wawp.CodeUpstreamError,
		message: fmt.Sprintf("session status is %s; this call needs %s", got, want),
	}
}

// faultCode is the error code of a FailNext answer without a body.
func faultCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "rest_invalid_param"
	case http.StatusUnauthorized:
		return wawp.CodeInvalidAccessToken
	case http.StatusForbidden:
		return "rest_forbidden"
	case http.StatusNotFound:
		return "rest_not_found"
	case http.StatusTooManyRequests:
		return "rest_too_many_requests"
	case http.StatusInternalServerError:
		return "internal_server_error"
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return wawp.CodeUpstreamError
	}
	return "wawptest_fault"
}

func writeFault(w http.ResponseWriter, f fault) {
	if f.body == "" {
		msg := http.StatusText(f.status)
		if msg == "" {
			msg = fmt.Sprintf("status %d", f.status)
		}
		writeError(w, &apiError{status: f.status, code: faultCode(f.status), message: msg})
		return
	}
	contentType := "text/html; charset=UTF-8"
	if trimmed := strings.TrimSpace(f.body); strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		contentType = "application/json; charset=UTF-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(f.body))
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, e.body())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = marshal((&apiError{status: status, code: "internal_server_error", message: err.Error()}).body())
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// marshal encodes JSON without HTML escaping and without a trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// invalid reports a bad argument of an exported function or option, before
// anything changes: a *wawp.ValidationError naming the parameter, wrapped
// with the function's name.
func invalid(op, field, reason string) error {
	return fmt.Errorf("wawptest: %s: %w", op, &wawp.ValidationError{Field: field, Reason: reason})
}

// parseChatArg checks a chat ID argument with the SDK's parser (a bare phone
// number becomes <digits>@c.us); the error wraps the parser's.
func parseChatArg(op, field string, id wawp.ChatID) (wawp.ChatID, error) {
	parsed, err := wawp.ParseChatID(string(id))
	if err != nil {
		return "", fmt.Errorf("wawptest: %s: %s: %w", op, field, err)
	}
	return parsed, nil
}

// parsePerson is parseChatArg for an argument that must be a person's
// <digits>@c.us ID.
func parsePerson(op, field string, id wawp.ChatID) (wawp.ChatID, error) {
	parsed, err := parseChatArg(op, field, id)
	if err != nil {
		return "", err
	}
	if !parsed.IsUser() {
		return "", invalid(op, field, "is not a person's @c.us ID")
	}
	return parsed, nil
}

// checkWord rejects an empty value, or one with spaces or control
// characters, for identifiers that travel in query strings and JSON.
func checkWord(op, field, value string) error {
	if value == "" {
		return invalid(op, field, "is required")
	}
	if strings.ContainsFunc(value, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return invalid(op, field, "must not hold spaces or control characters")
	}
	return nil
}
