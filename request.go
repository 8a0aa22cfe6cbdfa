package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
)

// request is one API call, fully encoded but without credentials. Every
// attempt builds a fresh *http.Request from it, so it can be replayed.
type request struct {
	ctx    context.Context
	method string
	// path is relative to the base URL, with its variable segments escaped.
	path  string
	query string
	body  []byte
	// idempotent calls may be retried after an ambiguous failure; the others
	// (message sends) are paced by the rate limiter and retried only when the
	// server provably never saw them.
	idempotent bool
	// accountLevel calls send only the access token (Sessions.Create).
	accountLevel bool
	// fallback is tried once when the server answers rest_no_route.
	fallback *route
}

// route is a method and path pair.
type route struct {
	method, path string
}

// response is a successful answer with its body read.
type response struct {
	status      int
	contentType string
	body        []byte
}

// rawBody receives an undecoded response; services use it for images.
type rawBody struct {
	ContentType string
	Body        []byte
}

// pathf formats an API path, escaping each variable segment the way
// JavaScript's encodeURIComponent does ('@' becomes %40, '/' becomes %2F),
// as Wawp's own clients send them.
func pathf(format string, segments ...string) string {
	escaped := make([]any, len(segments))
	for i, s := range segments {
		escaped[i] = strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	return fmt.Sprintf(format, escaped...)
}

// newRequest encodes params into the query string (go-querystring `url` tags)
// and body into JSON. POST calls start non-idempotent; services mark reads and
// session lifecycle calls sent by POST as idempotent.
func (c *Client) newRequest(ctx context.Context, method, path string, params, body any) (*request, error) {
	if ctx == nil {
		return nil, &ValidationError{Field: "ctx", Reason: "must not be nil"}
	}
	q, err := encodeQuery(params)
	if err != nil {
		return nil, err
	}
	b, err := encodeBody(body)
	if err != nil {
		return nil, err
	}
	return &request{
		ctx:        ctx,
		method:     method,
		path:       strings.TrimPrefix(path, "/"),
		query:      q,
		body:       b,
		idempotent: method != http.MethodPost,
	}, nil
}

func encodeQuery(params any) (string, error) {
	switch p := params.(type) {
	case nil:
		return "", nil
	case url.Values:
		return p.Encode(), nil
	}
	v, err := query.Values(params)
	if err != nil {
		return "", fmt.Errorf("wawp: encoding query parameters: %w", err)
	}
	return v.Encode(), nil
}

func encodeBody(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, fmt.Errorf("wawp: encoding request body: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Do sends a request to an endpoint the SDK has no method for yet. path is
// relative to the base URL and must already be escaped (see url.PathEscape);
// query is a url.Values or a struct with `url` tags; body, when not nil, is
// sent as JSON; out, when not nil, receives the decoded JSON response.
// Credentials are added as on every other call, and GET, PUT and DELETE
// calls are retried as reads.
func (c *Client) Do(ctx context.Context, method, path string, query, body, out any) error {
	if method == "" {
		return &ValidationError{Field: "method", Reason: "is required"}
	}
	req, err := c.newRequest(ctx, strings.ToUpper(method), path, query, body)
	if err != nil {
		return err
	}
	return c.do(req, out)
}

// do runs the call, with its retries and its one fallback route, and decodes
// the answer into out.
func (c *Client) do(req *request, out any) error {
	if !req.accountLevel && c.instanceID == "" {
		return &ValidationError{Field: "instance_id", Reason: "is required for this call; create the client with an instance ID or use Client.WithInstance"}
	}
	resp, err := c.send(req, route{req.method, req.path})
	var apiErr *APIError
	if err != nil && req.fallback != nil && errors.As(err, &apiErr) && apiErr.Code == CodeNoRoute {
		resp, err = c.send(req, *req.fallback)
	}
	if err != nil {
		return err
	}
	return c.decode(req, resp, out)
}

// send runs the attempts for one route under the retry policy.
func (c *Client) send(req *request, rt route) (*response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(req, rt, attempt)
		if err == nil {
			return resp, nil
		}
		delay, again := c.retry.delay(req, attempt, err)
		if !again {
			return nil, err
		}
		if werr := c.wait(req.ctx, delay); werr != nil {
			return nil, fmt.Errorf("wawp: %s /%s: stopped waiting to retry: %w (last error: %w)", rt.method, rt.path, werr, err)
		}
	}
}

// attempt sends the request once and reads the whole answer.
func (c *Client) attempt(req *request, rt route, attempt int) (*response, error) {
	ctx := req.ctx
	if !req.idempotent && c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, fmt.Errorf("wawp: %s /%s: rate limiter: %w", rt.method, rt.path, err)
		}
	}
	hreq, err := c.httpRequest(req, rt)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		c.logAttempt(ctx, rt, attempt, 0, start, err)
		return nil, c.transportError(ctx, rt, err)
	}
	defer hresp.Body.Close()
	body, err := readBody(hresp)
	c.logAttempt(ctx, rt, attempt, hresp.StatusCode, start, err)
	if err != nil {
		return nil, c.transportError(ctx, rt, err)
	}
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 || errorEnvelopeIn(body) {
		return nil, newAPIError(rt.method, "/"+rt.path, hresp.StatusCode, hresp.Header, body, c.redact)
	}
	return &response{status: hresp.StatusCode, contentType: hresp.Header.Get("Content-Type"), body: body}, nil
}

// httpRequest builds one attempt. Credentials go last in the query string so
// no parameter can override them.
func (c *Client) httpRequest(req *request, rt route) (*http.Request, error) {
	var u strings.Builder
	u.Grow(len(c.base) + len(rt.path) + len(req.query) + 64)
	u.WriteString(c.base)
	u.WriteString(rt.path)
	u.WriteByte('?')
	if req.query != "" {
		u.WriteString(req.query)
		u.WriteByte('&')
	}
	if !req.accountLevel {
		u.WriteString("instance_id=")
		u.WriteString(url.QueryEscape(c.instanceID))
		u.WriteByte('&')
	}
	u.WriteString("access_token=")
	u.WriteString(url.QueryEscape(c.accessToken.value))

	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(req.ctx, rt.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("wawp: %s /%s: building request: %s", rt.method, rt.path, c.redact(err.Error()))
	}
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.userAgent)
	if req.body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	return hreq, nil
}

// readBody reads the whole body, sized from Content-Length when known.
func readBody(resp *http.Response) ([]byte, error) {
	const maxBody = 64 << 20
	if resp.ContentLength > 0 && resp.ContentLength <= maxBody {
		buf := make([]byte, resp.ContentLength)
		n, err := io.ReadFull(resp.Body, buf)
		return buf[:n], err
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxBody))
}

// transportError wraps a failure to get an answer. The URL inside is
// redacted; a context that ended is reported as such.
func (c *Client) transportError(ctx context.Context, rt route, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("wawp: %s /%s: %w", rt.method, rt.path, ctxErr)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = &url.Error{Op: urlErr.Op, URL: c.redact(urlErr.URL), Err: urlErr.Err}
	}
	return &TransportError{Method: rt.method, Path: "/" + rt.path, Err: err, redacted: c.redact(err.Error())}
}

// TransportError is a failure to exchange a request with the server: a dial
// error, a reset connection, a timeout. It wraps the cause.
type TransportError struct {
	Method, Path string
	Err          error
	redacted     string
}

// Error describes the failure without credentials.
func (e *TransportError) Error() string {
	return fmt.Sprintf("wawp: %s %s: %s", e.Method, e.Path, e.redacted)
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// decode stores the answer in out: raw for *rawBody, JSON otherwise. An
// empty 2xx body is a success that leaves out untouched.
func (c *Client) decode(req *request, resp *response, out any) error {
	if out == nil {
		return nil
	}
	if raw, ok := out.(*rawBody); ok {
		raw.ContentType, raw.Body = resp.contentType, resp.body
		return nil
	}
	if len(bytes.TrimSpace(resp.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		snippet := c.redact(string(resp.body))
		if len(snippet) > 200 {
			snippet = strings.ToValidUTF8(snippet[:200], "")
		}
		return &DecodeError{Method: req.method, Path: "/" + req.path, Snippet: snippet, Err: err}
	}
	return nil
}

// redact removes the access token, raw or query-escaped, from s.
func (c *Client) redact(s string) string {
	token := c.accessToken.value
	if token == "" {
		return s
	}
	s = strings.ReplaceAll(s, token, "[redacted]")
	if escaped := url.QueryEscape(token); escaped != token {
		s = strings.ReplaceAll(s, escaped, "[redacted]")
	}
	return s
}

func (c *Client) logAttempt(ctx context.Context, rt route, attempt, status int, start time.Time, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", rt.method),
		slog.String("path", "/"+rt.path),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", time.Since(start)),
	}
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		attrs = append(attrs, slog.String("error", c.redact(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "wawp request", attrs...)
}
