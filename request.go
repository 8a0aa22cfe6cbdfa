package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
)

// callClass decides how a call is retried and whether it is paced.
type callClass uint8

const (
	// classRead fetches without changing anything: safe to repeat.
	classRead callClass = iota + 1
	// classIdempotentWrite changes state, but repeating it is harmless
	// (session lifecycle, mark read, set a name).
	classIdempotentWrite
	// classWrite creates something (a group, a label, a pairing code): it is
	// not repeated after an ambiguous failure, and not paced.
	classWrite
	// classSend sends a message or a status: it is paced by the instance's
	// rate limiter and never repeated after an ambiguous failure, since a
	// duplicate WhatsApp message is worse than an error.
	classSend
	// classAccount acts on the account rather than an instance: it carries
	// only the access token, and is not repeated after an ambiguous failure.
	classAccount
)

// retriesAmbiguous reports whether a failure that may have reached the
// server (a timeout, a reset, a 502) can be retried.
func (k callClass) retriesAmbiguous() bool {
	return k == classRead || k == classIdempotentWrite
}

// paced reports whether the call waits on the rate limiter.
func (k callClass) paced() bool { return k == classSend }

// apiVersion names the API root an endpoint lives under.
type apiVersion uint8

const (
	apiV1 apiVersion = iota
	apiV2
)

// endpoint describes one API endpoint, once: its route, its call class and,
// where the reference flags a conflict, the alternate route tried once when
// the server answers rest_no_route.
type endpoint struct {
	route
	class    callClass
	fallback *route
	version  apiVersion
}

// routeMissing reports an answer that says the route itself is unknown, so
// that the alternate route is worth a try: WordPress's rest_no_route, a 405,
// or on v2 (which has no such code) a 404.
func (ep endpoint) routeMissing(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch {
	case apiErr.Code == CodeNoRoute, apiErr.StatusCode == http.StatusMethodNotAllowed:
		return true
	case ep.version == apiV2:
		return apiErr.StatusCode == http.StatusNotFound
	}
	return false
}

// route is a method and a path template relative to the API root, written as
// the catalog writes it: "/chats/{chatId}/messages/{messageId}".
type route struct {
	method, path string
}

// input is what one call sends besides its endpoint.
type input struct {
	// path holds the values of the path's {placeholders}, in order.
	path []string
	// query is a struct with `url` tags or a url.Values.
	query any
	// body is sent as JSON when not nil.
	body any
}

// request is one API call, fully encoded but without credentials. Every
// attempt builds a fresh *http.Request from it, so it can be replayed.
type request struct {
	ctx context.Context
	ep  endpoint
	// path and fallbackPath are relative to the API root, their variable
	// segments escaped.
	path, fallbackPath string
	query              string
	body               []byte
}

// rawBody receives an undecoded response; services use it for images.
type rawBody struct {
	ContentType string
	Body        []byte
}

// call is the request path every endpoint method takes: it validates and
// encodes the input, sends it under ep's call class and decodes the answer
// into a T.
func call[T any](ctx context.Context, c *Client, ep endpoint, in input) (T, error) {
	var out T
	req, err := c.newRequest(ctx, ep, in)
	if err != nil {
		return out, err
	}
	err = c.do(&req, &out)
	return out, err
}

// callRef is call for methods that return a pointer: nil on failure.
func callRef[T any](ctx context.Context, c *Client, ep endpoint, in input) (*T, error) {
	out, err := call[T](ctx, c, ep, in)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// exec is call for endpoints whose answer carries nothing the caller needs.
func (c *Client) exec(ctx context.Context, ep endpoint, in input) error {
	req, err := c.newRequest(ctx, ep, in)
	if err != nil {
		return err
	}
	return c.do(&req, nil)
}

// newRequest validates and encodes one call before any I/O.
func (c *Client) newRequest(ctx context.Context, ep endpoint, in input) (request, error) {
	if ctx == nil {
		return request{}, &ValidationError{Field: "ctx", Reason: "must not be nil"}
	}
	if ep.class != classAccount && c.instanceID == "" {
		return request{}, &ValidationError{Field: "instance_id", Reason: "is required for this call; create the client with an instance ID or use Client.WithInstance"}
	}
	path, err := expandPath(ep.path, in.path)
	if err != nil {
		return request{}, err
	}
	req := request{ctx: ctx, ep: ep, path: path}
	if ep.fallback != nil {
		if req.fallbackPath, err = expandPath(ep.fallback.path, in.path); err != nil {
			return request{}, err
		}
	}
	if req.query, err = encodeQuery(in.query); err != nil {
		return request{}, err
	}
	if req.body, err = encodeBody(in.body); err != nil {
		return request{}, err
	}
	return req, nil
}

// expandPath fills the {placeholders} of template with values, in order,
// escaping each as JavaScript's encodeURIComponent does ('@' becomes %40,
// '/' becomes %2F), as Wawp's own clients send them. A value that is empty,
// "." or ".." is rejected: a normalising proxy would turn it into another
// route.
func expandPath(template string, values []string) (string, error) {
	// Escaping at most triples a value, so the path is built in one buffer.
	size := len(template)
	for _, v := range values {
		size += 3 * len(v)
	}
	var b strings.Builder
	b.Grow(size)
	rest := strings.TrimPrefix(template, "/")
	for i := 0; ; i++ {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if i != len(values) {
				return "", fmt.Errorf("wawp: path %s takes %d values, got %d", template, i, len(values))
			}
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}') + open
		name := rest[open+1 : end]
		if i >= len(values) {
			return "", fmt.Errorf("wawp: path %s lacks a value for {%s}", template, name)
		}
		if err := checkSegment(name, values[i]); err != nil {
			return "", err
		}
		b.WriteString(rest[:open])
		b.WriteString(strings.ReplaceAll(url.QueryEscape(values[i]), "+", "%20"))
		rest = rest[end+1:]
	}
}

// checkSegment rejects path values that would change the route.
func checkSegment(field, value string) error {
	switch strings.TrimSpace(value) {
	case "":
		return &ValidationError{Field: field, Reason: "is required"}
	case ".", "..":
		return &ValidationError{Field: field, Reason: "must not be a dot segment"}
	}
	return nil
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
// relative to the v1 API root and must already be escaped (see
// url.PathEscape); query is a url.Values or a struct with `url` tags; body,
// when not nil, is sent as JSON; out, when not nil, receives the decoded JSON
// response. Credentials are added as on every other call. GET calls are
// retried as reads, PUT and DELETE as idempotent writes; other methods are
// never repeated after an ambiguous failure, and none is paced.
func (c *Client) Do(ctx context.Context, method, path string, query, body, out any) error {
	method = strings.ToUpper(strings.TrimSpace(method))
	if method == "" {
		return &ValidationError{Field: "method", Reason: "is required"}
	}
	if strings.ContainsAny(path, "{}?#") {
		return &ValidationError{Field: "path", Reason: "must be an escaped path without a query"}
	}
	class := classWrite
	switch method {
	case http.MethodGet, http.MethodHead:
		class = classRead
	case http.MethodPut, http.MethodDelete:
		class = classIdempotentWrite
	}
	req, err := c.newRequest(ctx, endpoint{route: route{method, path}, class: class}, input{query: query, body: body})
	if err != nil {
		return err
	}
	for _, segment := range strings.Split(req.path, "/") {
		if segment == "." || segment == ".." {
			return &ValidationError{Field: "path", Reason: "must not contain dot segments"}
		}
	}
	return c.do(&req, out)
}

// do runs the call, with its retries and its one fallback route, and decodes
// the answer into out.
func (c *Client) do(req *request, out any) error {
	err := c.send(req, route{req.ep.method, req.path}, out)
	if err != nil && req.ep.fallback != nil && req.ep.routeMissing(err) {
		err = c.send(req, route{req.ep.fallback.method, req.fallbackPath}, out)
	}
	return err
}

// send runs the attempts for one route under the retry policy.
func (c *Client) send(req *request, rt route, out any) error {
	for attempt := 1; ; attempt++ {
		err := c.attempt(req, rt, attempt, out)
		if err == nil {
			return nil
		}
		delay, again := c.retry.delay(req, attempt, err)
		if !again {
			return err
		}
		if werr := c.wait(req.ctx, delay); werr != nil {
			return fmt.Errorf("wawp: %s /%s: stopped waiting to retry: %w (last error: %w)", rt.method, rt.path, werr, err)
		}
	}
}

// attempt sends the request once, reads the answer and decodes it into out.
func (c *Client) attempt(req *request, rt route, attempt int, out any) error {
	ctx := req.ctx
	if req.ep.class.paced() && c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("wawp: %s /%s: rate limiter: %w", rt.method, rt.path, c.redactor.forRequest(req).sanitize(err))
		}
	}
	hreq, err := c.httpRequest(req, rt)
	if err != nil {
		return err
	}
	start := time.Now()
	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		err = c.transportError(req, rt, err)
		c.logAttempt(ctx, rt, attempt, 0, start, err)
		return err
	}
	defer hresp.Body.Close()
	if !isSuccess(hresp.StatusCode) {
		body, readErr := readErrorBody(hresp.Body)
		if readErr != nil {
			readErr = c.transportError(req, rt, readErr)
		}
		c.logAttempt(ctx, rt, attempt, hresp.StatusCode, start, readErr)
		return c.apiError(req, rt, hresp.StatusCode, hresp.Header, body)
	}
	body, err := readBody(hresp.Body, hresp.ContentLength, c.maxResponseBytes)
	if err != nil {
		err = c.bodyError(req, rt, err)
		c.logAttempt(ctx, rt, attempt, hresp.StatusCode, start, err)
		return err
	}
	c.logAttempt(ctx, rt, attempt, hresp.StatusCode, start, nil)
	return c.accept(req, rt, hresp, body, out)
}

// isSuccess reports a 2xx status. Redirects are never followed (see
// buildHTTPClient), so a 3xx arrives here and is an error like a 4xx.
func isSuccess(status int) bool { return status >= 200 && status <= 299 }

// httpRequest builds one attempt. Credentials go last in the query string so
// no parameter can override them.
func (c *Client) httpRequest(req *request, rt route) (*http.Request, error) {
	var u strings.Builder
	base := c.base
	if req.ep.version == apiV2 {
		base = c.v2base
	}
	u.Grow(len(base) + len(rt.path) + len(req.query) + 64)
	u.WriteString(base)
	u.WriteString(rt.path)
	u.WriteByte('?')
	if req.query != "" {
		u.WriteString(req.query)
		u.WriteByte('&')
	}
	if req.ep.class != classAccount {
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
		return nil, fmt.Errorf("wawp: %s /%s: building request: %w", rt.method, rt.path, c.redactor.sanitize(err))
	}
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.userAgent)
	if req.body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	return hreq, nil
}

// maxPrealloc bounds the room set aside for a body before its bytes arrive,
// so that a peer declaring a huge Content-Length and sending little cannot
// make each call hold that much memory.
const maxPrealloc = 64 << 10

// readBody reads a success body of at most limit bytes. A body longer than
// limit is a *ResponseTooLargeError, never a silent cut.
func readBody(r io.Reader, declared, limit int64) ([]byte, error) {
	if declared > limit {
		return nil, &ResponseTooLargeError{Limit: limit}
	}
	body, tooLong, err := readLimited(r, declared, limit)
	switch {
	case err != nil:
		return nil, err
	case tooLong:
		return nil, &ResponseTooLargeError{Limit: limit}
	}
	return body, nil
}

// unknownLengthBuffer is the first buffer for a body of unknown length. Such
// bodies are sent chunked, which servers do for long answers such as lists,
// so it starts at the size of the transport's own read buffer rather than
// small.
const unknownLengthBuffer = 4 << 10

// readLimited reads r to the end, as io.ReadAll does, but stops as soon as
// it has more than limit bytes, reporting tooLong. The declared size (-1
// when unknown) sizes the first buffer, up to maxPrealloc, so that a body
// of that size takes one allocation; a full buffer doubles, never past the
// limit, so that a body of unknown or understated size takes a few.
func readLimited(r io.Reader, declared, limit int64) (body []byte, tooLong bool, err error) {
	// One byte past the limit tells a body at the limit from a longer one
	// (a limit of math.MaxInt64 is no limit).
	ceiling := limit
	if ceiling < math.MaxInt64 {
		ceiling++
	}
	first := int64(unknownLengthBuffer)
	if declared >= 0 {
		// One byte more than declared, so that the read meeting io.EOF
		// has room.
		first = min(max(declared, 511), maxPrealloc) + 1
	}
	b := make([]byte, 0, min(first, ceiling))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		switch {
		case int64(len(b)) > limit:
			return nil, true, nil
		case err == io.EOF:
			return b, false, nil
		case err != nil:
			return b, false, err
		}
		if len(b) == cap(b) {
			grown := make([]byte, len(b), min(2*int64(cap(b)), ceiling))
			copy(grown, b)
			b = grown
		}
	}
}

// readErrorBody reads no more of an error body than an APIError keeps.
func readErrorBody(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, maxErrorBody))
}

// ResponseTooLargeError is a success answer longer than the client's limit
// (see WithMaxResponseBytes). The body is not returned.
type ResponseTooLargeError struct {
	Method, Path string
	// Limit is the largest body the client accepts, in bytes.
	Limit int64
}

// Error names the call and the limit.
func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("wawp: %s %s: response body exceeds the %d-byte limit", e.Method, e.Path, e.Limit)
}

// bodyError reports a failure while reading a success body.
func (c *Client) bodyError(req *request, rt route, err error) error {
	var tooLarge *ResponseTooLargeError
	if errors.As(err, &tooLarge) {
		return &ResponseTooLargeError{Method: rt.method, Path: "/" + rt.path, Limit: tooLarge.Limit}
	}
	return c.transportError(req, rt, err)
}

// transportError wraps a failure to get an answer: a dial error, a reset, a
// timeout or an ended context. Its chain is sanitized: no error in it shows
// the token or the query string.
func (c *Client) transportError(req *request, rt route, err error) error {
	if ctxErr := req.ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w: %w", ctxErr, err)
	}
	return &TransportError{Method: rt.method, Path: "/" + rt.path, Err: c.redactor.forRequest(req).sanitize(err)}
}

// TransportError is a failure to exchange a request with the server: a dial
// error, a reset connection, a timeout, or the context ending. It wraps the
// cause, so errors.Is(err, context.Canceled) and errors.Is(err,
// context.DeadlineExceeded) work. Neither its text nor any error it wraps
// shows the access token or the query string.
type TransportError struct {
	Method, Path string
	Err          error
}

// Error describes the failure without credentials or query values.
func (e *TransportError) Error() string {
	return fmt.Sprintf("wawp: %s %s: %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// envelopeReader is a result whose own decode reads the members of an error
// envelope too, so that a 2xx answer is decoded once rather than once for
// the envelope check and again for the result. Send answers are such
// results (see sentAnswer).
type envelopeReader interface {
	// decodeAnswer decodes body, a JSON value without the space around
	// it, with the members of an error envelope. It reports an envelope
	// that names an error (see errorEnvelope.failed), and then, as on an
	// error, leaves the result untouched.
	decodeAnswer(body []byte) (isErrorEnvelope bool, err error)
}

// jsonSpace is the white space JSON allows around a value.
const jsonSpace = " \t\r\n"

// accept stores a 2xx answer in out, unless the answer is an error envelope
// in disguise (see errorEnvelopeIn), which becomes an *APIError. An answer
// that an envelopeReader cannot decode is judged as any other: the envelope
// alone first, then the result's own decode.
func (c *Client) accept(req *request, rt route, hresp *http.Response, body []byte, out any) error {
	if reader, ok := out.(envelopeReader); ok {
		isErrorEnvelope, err := reader.decodeAnswer(bytes.Trim(body, jsonSpace))
		switch {
		case err == nil && isErrorEnvelope:
			return c.apiError(req, rt, hresp.StatusCode, hresp.Header, body)
		case err == nil:
			return nil
		}
	}
	if errorEnvelopeIn(body) {
		return c.apiError(req, rt, hresp.StatusCode, hresp.Header, body)
	}
	return c.decode(req, hresp.Header.Get("Content-Type"), body, out)
}

// decode stores the answer in out: raw for *rawBody, JSON otherwise. An
// empty 2xx body is a success that leaves out untouched.
func (c *Client) decode(req *request, contentType string, body []byte, out any) error {
	if out == nil {
		return nil
	}
	if raw, ok := out.(*rawBody); ok {
		raw.ContentType, raw.Body = contentType, body
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return c.decodeError(req, body, err)
	}
	return nil
}

// decodeError is the one constructor of *DecodeError: the snippet it keeps
// is short and without the token.
func (c *Client) decodeError(req *request, body []byte, err error) *DecodeError {
	redactor := c.redactor.forRequest(req)
	const maxSnippet = 200
	// Clean a generous prefix first, so that the cut cannot split a secret
	// and leave half of it.
	snippet := capText(redactor.cleanText(capText(string(body), 16*maxSnippet)), maxSnippet)
	return &DecodeError{Method: req.ep.method, Path: "/" + req.path, Snippet: snippet, Err: redactor.sanitize(err)}
}

// shapeError is a decode error for an answer that decoded but lacks what
// the call returns; like every decode error it comes from decodeError.
func (c *Client) shapeError(ep endpoint, err error) *DecodeError {
	return c.decodeError(&request{ep: ep, path: strings.TrimPrefix(ep.path, "/")}, nil, err)
}

// logAttempt logs one attempt at debug level. err is already sanitized.
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
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "wawp request", attrs...)
}
