package wawp

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Values the leak test puts into every call: private text and a phone
// number that must never show up in an error string, and a chat and a
// message of that number.
const (
	leakText  = "PRIVATE-TEXT-71a9"
	leakPhone = "447441429009"
	leakChat  = ChatID(leakPhone + "@c.us")
	leakMsgID = MessageID("true_" + leakPhone + "@c.us_3EB0PRIVATE")
)

// echoingAnswers are servers that repeat the request URL, with its token and
// query, everywhere an answer can carry text.
var echoingAnswers = map[string]http.HandlerFunc{
	"2xx HTML page": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = fmt.Fprintf(w, "<html><title>%s</title><body>%s</body></html>", html.EscapeString(r.URL.String()), r.URL.RawQuery)
	},
	"2xx error envelope": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"code":"rest_forbidden","message":"cannot serve %s","data":{"status":403}}`, r.URL)
	},
	"5xx JSON error": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = fmt.Fprintf(w, `{"statusCode":500,"message":"failed at %s","error":%q}`, r.URL, r.URL.RawQuery)
	},
	"4xx text echoing the query": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.URL.String())
		http.Error(w, "bad request: "+r.URL.RawQuery+" at "+r.URL.String(), http.StatusBadRequest)
	},
	"redirect to another host": func(w http.ResponseWriter, r *http.Request) {
		u := *r.URL
		u.Scheme, u.Host = "http", "elsewhere.invalid"
		w.Header().Set("Location", u.String())
		w.WriteHeader(http.StatusTemporaryRedirect)
		_, _ = fmt.Fprintf(w, "moved to %s", u.String())
	},
	"headers only": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.URL.String())
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusForbidden)
	},
}

// TestEveryMethodKeepsSecrets calls every method of the catalog against each
// echoing server and checks that no error string (at any depth), returned
// value or log line shows the token, and that no error string shows query
// values.
func TestEveryMethodKeepsSecrets(t *testing.T) {
	t.Parallel()
	rows := allCatalogRows(t)
	for scenario, handler := range echoingAnswers {
		t.Run(scenario, func(t *testing.T) {
			t.Parallel()
			for _, row := range rows {
				var logs safeBuffer
				c, ts := newTestClient(t, WithLogger(newDebugLogger(&logs)))
				ts.handle(handler)
				results := callByName(t, c, row.goMethod)
				if !assert.GreaterOrEqual(t, ts.count(), 1, "%s must reach the server: %v", row.goMethod, resultError(results)) {
					continue
				}
				assert.Equal(t, 1, ts.count(), "%s: an error answer or a redirect is not followed or repeated", row.goMethod)
				for i, out := range renderResults(results) {
					assertNoToken(t, out, i)
				}
				assertNoToken(t, logs.String(), -1)
				for err := resultError(results); err != nil; err = errors.Unwrap(err) {
					assert.NotContains(t, err.Error(), leakText, "%s: error strings show no query values", row.goMethod)
					assert.NotContains(t, err.Error(), "access_token", "%s: error strings show no query", row.goMethod)
				}
			}
		})
	}
}

// callByName calls c.<Service>.<Method> with sample arguments.
func callByName(t *testing.T, c *Client, goMethod string) []reflect.Value {
	t.Helper()
	service, method, _ := strings.Cut(goMethod, ".")
	svc := reflect.ValueOf(c).Elem().FieldByName(service)
	require.True(t, svc.IsValid(), "no service %s", service)
	fn := svc.MethodByName(method)
	require.True(t, fn.IsValid(), "no method %s", goMethod)
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < fn.Type().NumIn(); i++ {
		if fn.Type().IsVariadic() && i == fn.Type().NumIn()-1 {
			break
		}
		arg := sampleValue(fn.Type().In(i), positionalNames[goMethod])
		if id, ok := serviceChats[service]; ok && arg.Type() == reflect.TypeFor[ChatID]() && i == 1 {
			arg = reflect.ValueOf(id) // the service's own kind of chat comes first
		}
		args = append(args, arg)
	}
	return fn.Call(args)
}

// serviceChats are the chat IDs the services whose first identifier is not
// a person take.
var serviceChats = map[string]ChatID{
	"Groups":   "120363000000000001@g.us",
	"Channels": "120363000000000002@newsletter",
}

// positionalNames names the positional text parameters that a generic
// sample would not pass validation for, so that sampleString picks a fitting
// value.
var positionalNames = map[string]string{
	"Auth.RequestCode":    "phone",
	"Labels.Update":       "id",
	"Labels.Delete":       "id",
	"Labels.Chats":        "id",
	"Labels.Get":          "id",
	"Labels.LinkChat":     "id",
	"Labels.UnlinkChat":   "id",
	"Webhooks.Set":        "url",
	"Webhooks.Update":     "url",
	"Webhooks.Delete":     "url",
	"Contacts.LIDByPhone": "phone",
}

// sampleValue builds a value of type typ that passes validation: chat and
// message IDs of leakPhone, URLs where a field names one, leakText for
// other text, and one element in every list.
func sampleValue(typ reflect.Type, field string) reflect.Value {
	switch typ {
	case reflect.TypeFor[ChatID]():
		return reflect.ValueOf(leakChat)
	case reflect.TypeFor[MessageID]():
		return reflect.ValueOf(leakMsgID)
	case reflect.TypeFor[time.Time]():
		start := time.Now().Add(time.Hour).Truncate(time.Second)
		if field == "End" {
			return reflect.ValueOf(start.Add(2 * time.Hour))
		}
		return reflect.ValueOf(start)
	case reflect.TypeFor[time.Duration]():
		return reflect.ValueOf(Pin24Hours)
	}
	switch field {
	case "VCard", "ColorHex", "Retract", "Indexes":
		return reflect.New(typ).Elem() // the alternatives of fields that are set
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString(sampleString(field))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Pointer:
		v.Set(sampleValue(typ.Elem(), field).Addr())
	case reflect.Slice:
		n := 1
		if strings.Contains(field, "Option") {
			n = 2 // a poll needs two options
		}
		v.Set(reflect.MakeSlice(typ, 0, n))
		for range n {
			v.Set(reflect.Append(v, sampleValue(typ.Elem(), field)))
		}
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.IsExported() && !strings.HasPrefix(f.Type.String(), "json.") {
				v.Field(i).Set(sampleValue(f.Type, f.Name))
			}
		}
	}
	if typ.Kind() == reflect.Pointer {
		return v
	}
	return v.Addr().Elem()
}

// sampleString picks a plausible value for a text field by its name.
func sampleString(field string) string {
	lower := strings.ToLower(field)
	switch {
	case strings.Contains(lower, "url"):
		return "https://example.com/" + leakText + ".jpg"
	case strings.Contains(lower, "mime"):
		return "image/jpeg"
	case strings.Contains(lower, "filename"):
		return "photo.jpg"
	case strings.Contains(lower, "phone"), strings.Contains(lower, "number"):
		return "+" + leakPhone
	case strings.Contains(lower, "color"):
		return "#ff0000"
	case strings.Contains(lower, "data"):
		return "aGVsbG8="
	case lower == "id":
		return "42"
	case lower == "lang":
		return "en"
	case lower == "code":
		return "123456"
	}
	return leakText
}

// renderResults prints every returned value the ways a program might.
func renderResults(results []reflect.Value) []string {
	var out []string
	for _, r := range results {
		if r.Kind() == reflect.Interface && r.IsNil() {
			continue
		}
		v := r.Interface()
		if err, ok := v.(error); ok {
			out = append(out, leakChecks(err)...)
			continue
		}
		out = append(out, fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v))
	}
	return out
}

// resultError returns the error among a call's results, or nil.
func resultError(results []reflect.Value) error {
	last := results[len(results)-1]
	if last.IsNil() {
		return nil
	}
	return last.Interface().(error)
}
