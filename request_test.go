package wawp

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type encodingParams struct {
	ChatID   ChatID   `url:"chatId"`
	File     File     `url:"file"`
	IDs      []string `url:"messageIds,brackets"`
	Convert  bool     `url:"convert"`
	AsNote   *bool    `url:"asNote,omitempty"`
	Filter   int64    `url:"filter.timestamp.lte,omitempty"`
	Optional string   `url:"caption,omitempty"`
}

func TestQueryEncoding(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	yes := true
	params := encodingParams{
		ChatID:  "447441429009@c.us",
		File:    File{URL: "https://wawp.net/samples/cat.jpg", Filename: "cat.jpg", MIMEType: "image/jpeg"},
		IDs:     []string{"false_1@c.us_A", "false_1@c.us_B"},
		Convert: false,
		AsNote:  &yes,
		Filter:  1700000000,
	}
	require.NoError(t, c.Do(context.Background(), http.MethodGet, "probe", params, nil, nil))
	req := ts.last()
	assert.Equal(t, url.Values{
		"chatId":               {"447441429009@c.us"},
		"file[url]":            {"https://wawp.net/samples/cat.jpg"},
		"file[filename]":       {"cat.jpg"},
		"file[mimetype]":       {"image/jpeg"},
		"messageIds[]":         {"false_1@c.us_A", "false_1@c.us_B"},
		"convert":              {"false"},
		"asNote":               {"true"},
		"filter.timestamp.lte": {"1700000000"},
	}, req.Query)
	assert.True(t, strings.HasSuffix(req.RawQuery, "&instance_id="+testInstance+"&access_token="+url.QueryEscape(testToken)),
		"credentials come last in the query string")
}

func TestCredentialsCannotBeOverridden(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	sneaky := url.Values{"instance_id": {"EVIL"}, "access_token": {"EVIL"}, "chatId": {"1@c.us"}}
	require.NoError(t, c.Do(context.Background(), http.MethodGet, "probe", sneaky, nil, nil))
	req := ts.last()
	assert.Equal(t, []string{"EVIL", testInstance}, req.InstanceID, "ours is sent last, which the server reads")
	assert.Equal(t, testToken, req.AccessToken[len(req.AccessToken)-1])
}

func TestPathEscaping(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	path, err := expandPath("/chats/{chatId}/messages/{messageId}", []string{"447441429009@c.us", "false_447441429009@c.us_AAAA/.."})
	require.NoError(t, err)
	require.NoError(t, c.Do(context.Background(), http.MethodGet, path, nil, nil, nil))
	assert.Equal(t, "/chats/447441429009%40c.us/messages/false_447441429009%40c.us_AAAA%2F..", ts.last().Path,
		"a slash inside an ID cannot climb out of its segment")
}

func TestJSONBodyIsSentAndReplayed(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	var attempts atomic.Int32
	ts.handle(func(w http.ResponseWriter, _ *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	body := map[string]any{"name": "Team <A&B>", "participants": []map[string]string{{"id": "1@c.us"}}}
	var out struct{ OK bool }
	require.NoError(t, c.Do(context.Background(), http.MethodPut, "/groups", nil, body, &out))
	assert.True(t, out.OK)
	reqs := ts.requestsSeen()
	require.Len(t, reqs, 2)
	for _, req := range reqs {
		assert.Equal(t, `{"name":"Team <A&B>","participants":[{"id":"1@c.us"}]}`, string(req.Body), "HTML is not escaped and the body is replayed whole")
		assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
		assert.Equal(t, "/groups", req.Path)
	}
}

func TestDoValidatesBeforeIO(t *testing.T) {
	t.Parallel()
	assertNoRequest(t, "method", func(ctx context.Context, c *Client) error {
		return c.Do(ctx, "", "send", nil, nil, nil)
	})
	assertNoRequest(t, "ctx", func(_ context.Context, c *Client) error {
		//lint:ignore SA1012 a nil context is the input under test
		return c.Do(nil, http.MethodGet, "send", nil, nil, nil)
	})
}

func TestEmptySuccessBodyIsSuccess(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, "")
	out := struct{ Name string }{Name: "kept"}
	require.NoError(t, c.Do(context.Background(), http.MethodPost, "startTyping", nil, nil, &out))
	assert.Equal(t, "kept", out.Name)
}

func TestDecodeError(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"name": 42}`)
	var out struct{ Name string }
	err := c.Do(context.Background(), http.MethodGet, "session/info", nil, nil, &out)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "/session/info", de.Path)
	assert.Equal(t, `{"name": 42}`, de.Snippet)
}

func TestLoggerRecordsAttemptsWithoutQuery(t *testing.T) {
	t.Parallel()
	var logs safeBuffer
	c, ts := newTestClient(t, WithLogger(newDebugLogger(&logs)))
	ts.replyFixture("sessions/info.json")
	_, err := c.Sessions.Info(context.Background())
	require.NoError(t, err)
	out := logs.String()
	for _, want := range []string{`"method":"GET"`, `"path":"/session/info"`, `"status":200`, `"attempt":1`, `"duration"`} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, testInstance, "the query is never logged")
	assert.NotContains(t, out, "access_token")
}
