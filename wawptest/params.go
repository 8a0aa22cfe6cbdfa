package wawptest

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// call is one request being served: its instance, path variables and
// parameters. Handlers run with the server's lock held.
type call struct {
	s     *Server
	inst  *instance
	route *route
	vars  map[string]string
	query url.Values
	// body is the top-level JSON object of routes that take a JSON body.
	body map[string]json.RawMessage
	raw  []byte
	now  time.Time
}

func (c *call) parseBody(body []byte) *apiError {
	c.raw = body
	c.body = map[string]json.RawMessage{}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, &c.body); err != nil || c.body == nil {
		c.body = map[string]json.RawMessage{}
		return &apiError{status: http.StatusBadRequest, code: "rest_invalid_json", message: "Invalid JSON body passed."}
	}
	return nil
}

// decodeBody decodes the whole JSON body into v.
func (c *call) decodeBody(v any) *apiError {
	if len(bytes.TrimSpace(c.raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.raw, v); err != nil {
		return &apiError{status: http.StatusBadRequest, code: "rest_invalid_param", message: "Invalid parameter(s): " + err.Error()}
	}
	return nil
}

// param returns a parameter as text and whether it was sent. Query routes
// read the query string, JSON routes the top level of the body.
func (c *call) param(name string) (string, bool) {
	if c.route.in == inJSON {
		raw, ok := c.body[name]
		if !ok || string(raw) == "null" {
			return "", false
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, true
		}
		return string(raw), true
	}
	v, ok := c.query[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// optional returns a parameter or "".
func (c *call) optional(name string) string {
	v, _ := c.param(name)
	return v
}

// required returns a parameter that must be sent and not be blank.
func (c *call) required(name string) (string, *apiError) {
	v, ok := c.param(name)
	if !ok || strings.TrimSpace(v) == "" {
		return "", errMissing(name)
	}
	return v, nil
}

// list returns a repeated query parameter, sent as name[] or name.
func (c *call) list(name string) []string {
	out := append([]string(nil), c.query[name+"[]"]...)
	return append(out, c.query[name]...)
}

// chatParam reads a required chat ID; a bare phone number becomes <digits>@c.us.
func (c *call) chatParam(name string) (wawp.ChatID, *apiError) {
	v, err := c.required(name)
	if err != nil {
		return "", err
	}
	return parseChat(name, v)
}

// pathChat reads a chat ID from a path segment.
func (c *call) pathChat(name string) (wawp.ChatID, *apiError) {
	return parseChat(name, c.vars[name])
}

func parseChat(name, v string) (wawp.ChatID, *apiError) {
	id, err := wawp.ParseChatID(v)
	if err != nil {
		return "", errInvalid(name, "is not a valid chat ID")
	}
	return id, nil
}

// messageParam reads a required serialized message ID.
func (c *call) messageParam(name string) (wawp.MessageID, *apiError) {
	v, err := c.required(name)
	if err != nil {
		return "", err
	}
	id, perr := wawp.ParseMessageID(v)
	if perr != nil {
		return "", errInvalid(name, "is not a serialized message ID")
	}
	return id, nil
}

// boolParam reads an optional boolean, def when absent.
func (c *call) boolParam(name string, def bool) (bool, *apiError) {
	v, ok := c.param(name)
	if !ok || v == "" {
		return def, nil
	}
	switch strings.ToLower(v) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, errInvalid(name, "is not a boolean")
}

// intParam reads an optional integer in [lo, hi], def when absent.
func (c *call) intParam(name string, def, lo, hi int) (int, *apiError) {
	v, ok := c.param(name)
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errInvalid(name, "must be an integer from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return n, nil
}

// floatParam reads a required number.
func (c *call) floatParam(name string) (float64, *apiError) {
	v, err := c.required(name)
	if err != nil {
		return 0, err
	}
	f, perr := strconv.ParseFloat(v, 64)
	if perr != nil {
		return 0, errInvalid(name, "is not a number")
	}
	return f, nil
}

// page reads limit and offset.
func (c *call) page(defLimit int) (limit, offset int, err *apiError) {
	if limit, err = c.intParam("limit", defLimit, 0, 1<<30); err != nil {
		return 0, 0, err
	}
	offset, err = c.intParam("offset", 0, 0, 1<<30)
	return limit, offset, err
}

// remoteFile is the file object of media sends and picture changes.
type remoteFile struct {
	URL      string `json:"url"`
	Filename string `json:"filename"`
	MIMEType string `json:"mimetype"`
}

// queryFile reads file[url], file[filename] and file[mimetype].
func (c *call) queryFile() (wawp.Media, *apiError) {
	f := remoteFile{URL: c.optional("file[url]"), Filename: c.optional("file[filename]"), MIMEType: c.optional("file[mimetype]")}
	return f.media("file[url]")
}

// media checks the URL and fills the name and type the way the server would
// from the URL. field names the URL parameter in errors.
func (f remoteFile) media(field string) (wawp.Media, *apiError) {
	if strings.TrimSpace(f.URL) == "" {
		return wawp.Media{}, errMissing(field)
	}
	u, err := url.Parse(f.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return wawp.Media{}, errInvalid(field, "must be an absolute http(s) URL")
	}
	m := wawp.Media{URL: f.URL, Filename: f.Filename, MIMEType: f.MIMEType}
	if m.Filename == "" {
		if base := path.Base(u.Path); base != "/" && base != "." {
			m.Filename = base
		}
	}
	if m.MIMEType == "" {
		m.MIMEType = mime.TypeByExtension(path.Ext(m.Filename))
	}
	if m.MIMEType == "" {
		m.MIMEType = "application/octet-stream"
	}
	return m, nil
}

// success is the answer of calls that return no data.
func success() (any, *apiError) {
	return map[string]bool{"success": true}, nil
}

// sortByKey orders items by key, in descending order when desc; equal keys
// keep their order.
func sortByKey[T any](items []T, desc bool, key func(T) string) {
	slices.SortStableFunc(items, func(a, b T) int {
		if desc {
			a, b = b, a
		}
		return strings.Compare(key(a), key(b))
	})
}
