package wawp

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
)

// redactor removes the access token from text the SDK hands back or logs:
// error strings, echoed bodies, URLs. The token is matched only as a whole
// word (not inside a longer run of token characters), raw or escaped, so a
// short token does not mangle unrelated text.
type redactor struct {
	pattern *regexp.Regexp // nil when there is nothing to hide
	// private are values one request sent (message text, phone numbers)
	// that its error strings must not repeat; see forRequest.
	private []string
}

// redactedText replaces the token in error output.
const redactedText = "[redacted]"

// tokenChars are the characters a token is made of, in any escaping; a
// match must not be preceded or followed by one of them.
const tokenChars = `A-Za-z0-9._~%+-`

func newRedactor(token string) redactor {
	if token == "" {
		return redactor{}
	}
	forms := []string{regexp.QuoteMeta(token)}
	for _, escaped := range []string{url.QueryEscape(token), url.PathEscape(token)} {
		if escaped != token {
			forms = append(forms, regexp.QuoteMeta(escaped))
		}
	}
	pattern := `(^|[^` + tokenChars + `])(` + strings.Join(forms, "|") + `)($|[^` + tokenChars + `])`
	return redactor{pattern: regexp.MustCompile(pattern)}
}

// text returns s without the token.
func (r redactor) text(s string) string {
	if r.pattern == nil {
		return s
	}
	// Adjacent matches share a boundary character, so repeat until stable.
	for {
		next := r.pattern.ReplaceAllString(s, "${1}"+redactedText+"${3}")
		if next == s {
			return s
		}
		s = next
	}
}

// withoutQuery returns rawURL without its query string and fragment: error
// strings name the path, never query values (the token, message text and
// phone numbers travel there).
func withoutQuery(rawURL string) string {
	if i := strings.IndexAny(rawURL, "?#"); i >= 0 {
		return rawURL[:i]
	}
	return rawURL
}

// sanitize returns err with every error of its chain that would show the
// token or a query string replaced by a redacted copy, so that no Unwrap
// reaches the original text. *url.Error keeps its type with the query cut
// from its URL; other errors that must change become opaque errors that
// keep their text (redacted) and still match their original with errors.Is.
// An error whose whole chain is clean is returned as it is.
func (r redactor) sanitize(err error) error {
	if err == nil || !r.chainLeaks(err) {
		return err
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr == err {
		return &url.Error{Op: urlErr.Op, URL: withoutQuery(urlErr.URL), Err: r.sanitize(urlErr.Err)}
	}
	out := &redactedError{text: r.cleanText(err.Error()), original: err}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if next := r.sanitize(u.Unwrap()); next != nil {
			out.causes = []error{next}
		}
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out.causes = append(out.causes, r.sanitize(e))
		}
	}
	return out
}

// chainLeaks reports whether any error reachable from err shows the token
// or a URL query.
func (r redactor) chainLeaks(err error) bool {
	if err == nil {
		return false
	}
	if r.cleanText(err.Error()) != err.Error() {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return r.chainLeaks(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if r.chainLeaks(e) {
				return true
			}
		}
	}
	return false
}

// queryInText finds URL queries inside free text, such as a proxy's
// "Get \"http://host/p?access_token=...\": ..." message.
// Only a '?' followed by a key=value run counts, so that a question mark in
// prose is left alone; a run that names access_token counts wherever it
// stands, as a server that echoes the raw query writes it.
var queryInText = regexp.MustCompile(`\?[^\s"'<>?=]*=[^\s"'<>]*|[^\s"'<>?]*access_token=[^\s"'<>]*`)

// cleanText removes URL queries, the token and the request's private values
// from s.
func (r redactor) cleanText(s string) string {
	s = r.text(queryInText.ReplaceAllStringFunc(s, keepTrailingPunctuation))
	for _, v := range r.private {
		for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v), html.EscapeString(v)} {
			s = strings.ReplaceAll(s, form, redactedText)
		}
	}
	return s
}

// minPrivateLen is the shortest sent value that error text is scrubbed of:
// shorter ones (flags, counts, "true") say nothing private, and scrubbing
// them would mangle unrelated text.
const minPrivateLen = 6

// forRequest returns a redactor that also scrubs the values req sent in its
// query and its JSON body. It runs only when an error is built, so calls
// that succeed pay nothing for it.
func (r redactor) forRequest(req *request) redactor {
	var values []string
	if q, err := url.ParseQuery(req.query); err == nil {
		for _, vs := range q {
			values = append(values, vs...)
		}
	}
	if len(req.body) > 0 {
		var body any
		if json.Unmarshal(req.body, &body) == nil {
			values = appendStrings(values, body)
		}
	}
	r.private = nil
	for _, v := range values {
		if len(v) >= minPrivateLen {
			r.private = append(r.private, v)
		}
	}
	return r
}

// appendStrings adds every string inside a decoded JSON value to out.
func appendStrings(out []string, v any) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	case map[string]any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	}
	return out
}

// keepTrailingPunctuation drops a matched query but keeps the punctuation
// that closed the sentence around it, as in "...?a=b: unexpected EOF".
func keepTrailingPunctuation(query string) string {
	trimmed := strings.TrimRight(query, ":,;.)")
	return query[len(trimmed):]
}

// redactedError stands in for an error whose text showed a secret.
type redactedError struct {
	text     string
	original error
	causes   []error
}

func (e *redactedError) Error() string { return e.text }

// Unwrap returns the sanitized causes.
func (e *redactedError) Unwrap() []error { return e.causes }

// Is matches what the replaced error matched, such as a sentinel error or
// context.DeadlineExceeded, without handing the original out.
func (e *redactedError) Is(target error) bool { return errors.Is(e.original, target) }

// GoString keeps %#v from printing the original error.
func (e *redactedError) GoString() string { return fmt.Sprintf("%q", e.text) }
