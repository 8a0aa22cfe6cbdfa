package wawp

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

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

func TestReadLimitedReadsLikeReadAll(t *testing.T) {
	// Not parallel: testing.AllocsPerRun refuses to run in a parallel test.
	body := bytes.Repeat([]byte("0123456789"), 300)
	readers := map[string]func() io.Reader{
		"whole":         func() io.Reader { return bytes.NewReader(body) },
		"one byte":      func() io.Reader { return iotest.OneByteReader(bytes.NewReader(body)) },
		"half":          func() io.Reader { return iotest.HalfReader(bytes.NewReader(body)) },
		"EOF with data": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(body)) },
		"failing midway": func() io.Reader {
			return io.MultiReader(bytes.NewReader(body[:700]), iotest.ErrReader(io.ErrUnexpectedEOF))
		},
	}
	for name, reader := range readers {
		for _, size := range []int64{-1, 0, 1, 700, int64(len(body)) - 1, int64(len(body)), int64(len(body)) + 1, 10000} {
			want, wantErr := io.ReadAll(reader())
			got, tooLong, err := readLimited(reader(), size, 1<<20)
			assert.Equal(t, want, got, "%s, size %d", name, size)
			assert.Equal(t, wantErr, err, "%s, size %d", name, size)
			assert.False(t, tooLong, "%s, size %d", name, size)
		}
	}

	// A large declared size sets aside no more than maxPrealloc.
	got, _, err := readLimited(bytes.NewReader(body[:10]), 1<<40, 1<<50)
	require.NoError(t, err)
	assert.Equal(t, body[:10], got)
	assert.Equal(t, maxPrealloc+1, cap(got))

	// The declared size takes one allocation, where io.ReadAll takes several.
	allocs := testing.AllocsPerRun(20, func() {
		if _, _, err := readLimited(bytes.NewReader(body), int64(len(body)), 1<<20); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 2.0, allocs, "the buffer and the bytes.Reader")
}

func TestReadLimitedStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("0123456789"), 1000)
	for _, size := range []int64{-1, 700, int64(len(body))} {
		got, tooLong, err := readLimited(bytes.NewReader(body), size, int64(len(body)))
		require.NoError(t, err)
		assert.False(t, tooLong, "a body at the limit is whole (size %d)", size)
		assert.Equal(t, body, got)
		// Doubling the last buffer would pass 10,000 bytes; it stops one
		// byte past the limit.
		assert.Equal(t, len(body)+1, cap(got), "growth stops at the limit (size %d)", size)

		got, tooLong, err = readLimited(iotest.OneByteReader(bytes.NewReader(body)), size, int64(len(body))-1)
		require.NoError(t, err)
		assert.True(t, tooLong, "a byte over the limit is too long (size %d)", size)
		assert.Nil(t, got)
	}
	// The largest limit is no limit.
	got, tooLong, err := readLimited(bytes.NewReader(body), math.MaxInt64, math.MaxInt64)
	require.NoError(t, err)
	assert.False(t, tooLong)
	assert.Equal(t, body, got)

	// Reading stops one byte past the limit.
	r := bytes.NewReader(body)
	_, tooLong, err = readLimited(r, -1, 100)
	require.NoError(t, err)
	assert.True(t, tooLong)
	assert.Equal(t, 101, len(body)-r.Len(), "read one byte past the limit, and no further")
}
