package wawp

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testChannel is the channel most tests act on; testChannelPath is its escaped path.
const (
	testChannel     ChatID = "120363123456789012@newsletter"
	testChannelPath string = "/channels/120363123456789012%40newsletter"
)

func TestChannelsEndpoints(t *testing.T) {
	t.Parallel()
	picture := "https://mmg.whatsapp.net/m1/v/t24/An9pQ1picture?ccb=10-5&oh=01_Q5Aa&_nc_cat=10"
	preview := "https://mmg.whatsapp.net/m1/v/t24/An9pQ1preview?ccb=10-5&oh=01_Q5Aa&_nc_cat=10"
	wawpUpdates := func(role ChannelRole) *Channel {
		return &Channel{
			ID:               testChannel,
			Name:             "Wawp Updates",
			Invite:           "https://www.whatsapp.com/channel/0029VaB1c2D3e4F5g6H7i8J9",
			Preview:          preview,
			Picture:          picture,
			Description:      "Product news",
			Verified:         true,
			Role:             role,
			SubscribersCount: intPtr(1523),
		}
	}
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /channels",
			fixture:  "channels/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.List(ctx, &ChannelListParams{Role: ChannelRoleOwner})
			},
			path:  "/channels",
			query: vals("role", "OWNER"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, []Channel{
					*wawpUpdates(ChannelRoleOwner),
					{
						ID:       "120363987654321098@newsletter",
						Name:     "Football Daily",
						Invite:   "https://www.whatsapp.com/channel/0029VaZ9y8X7w6V5u4T3s2R1",
						Verified: false,
						Role:     ChannelRoleSubscriber,
					},
				}, got)
			},
		},
		{
			endpoint: "POST /channels",
			fixture:  "channels/create.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.Create(ctx, ChannelCreateParams{
					Name:        "Channel Name",
					Description: "Channel Description",
					Picture:     &File{URL: "https://example.com/img/filename.jpg"},
					Type:        "string",
				})
			},
			path: "/channels",
			body: `{"name":"Channel Name","description":"Channel Description","picture":{"url":"https://example.com/img/filename.jpg","filename":"filename.jpg","mimetype":"image/jpeg"},"type":"string"}`,
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Channel{
					ID:               testChannel,
					Name:             "Channel Name",
					Invite:           "https://www.whatsapp.com/channel/0029VaB1c2D3e4F5g6H7i8J9",
					Preview:          preview,
					Picture:          picture,
					Description:      "Channel Description",
					Role:             ChannelRoleOwner,
					SubscribersCount: intPtr(0),
				}, got)
			},
		},
		{
			endpoint: "GET /channels/{id}",
			fixture:  "channels/get.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Channels.Get(ctx, testChannel, nil) },
			path:     testChannelPath,
			check:    func(t *testing.T, got any) { assert.Equal(t, wawpUpdates(ChannelRoleAdmin), got) },
		},
		{
			endpoint: "DELETE /channels/{id}",
			fixture:  "channels/synthetic_delete.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Channels.Delete(ctx, testChannel) },
			path:     testChannelPath,
		},
		{
			endpoint: "GET /channels/{id}/messages/preview",
			fixture:  "channels/preview_messages.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.PreviewMessages(ctx, testChannel, &ChannelPreviewMessagesParams{DownloadMedia: true, Limit: 50})
			},
			path:  testChannelPath + "/messages/preview",
			query: vals("downloadMedia", "true", "limit", "50"),
			check: func(t *testing.T, got any) {
				posts, ok := got.([]ChannelMessage)
				require.True(t, ok, "got %T", got)
				require.Len(t, posts, 2)
				assert.Equal(t, map[string]int{"👍": 12, "❤️": 3}, posts[0].Reactions)
				assert.Equal(t, 1520, posts[0].ViewCount)
				require.NotNil(t, posts[0].Message)
				assert.Equal(t, MessageID("false_120363123456789012@newsletter_3EB0B430A6F1C7D8E9F0"), posts[0].Message.ID)
				assert.Equal(t, testChannel, posts[0].Message.From)
				assert.Equal(t, "Version 2 is out", posts[0].Message.Body)
				assert.Equal(t, int64(1710481111), posts[0].Message.Timestamp.Unix())
				require.NotNil(t, posts[0].Message.Media)
				assert.Equal(t, "https://wawp.net/media/3EB0B430A6F1C7D8E9F0.jpg", posts[0].Message.Media.URL)
				assert.Equal(t, AckDevice, posts[0].Message.Ack)

				assert.Empty(t, posts[1].Reactions)
				assert.Equal(t, 2210, posts[1].ViewCount)
				require.NotNil(t, posts[1].Message)
				assert.Equal(t, MessageID("false_120363123456789012@newsletter_3EB0C767D26A1D6A5F3B"), posts[1].Message.ID, "object IDs decode")
				assert.Equal(t, "Welcome", posts[1].Message.Body)
			},
		},
		{
			endpoint: "POST /channels/{id}/follow",
			fixture:  "channels/synthetic_follow.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Channels.Follow(ctx, testChannel) },
			path:     testChannelPath + "/follow",
		},
		{
			endpoint: "POST /channels/{id}/unfollow",
			fixture:  "channels/synthetic_unfollow.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Channels.Unfollow(ctx, testChannel) },
			path:     testChannelPath + "/unfollow",
		},
		{
			endpoint: "POST /channels/{id}/mute",
			fixture:  "channels/synthetic_mute.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Channels.Mute(ctx, testChannel) },
			path:     testChannelPath + "/mute",
		},
		{
			endpoint: "POST /channels/{id}/unmute",
			fixture:  "channels/synthetic_unmute.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Channels.Unmute(ctx, testChannel) },
			path:     testChannelPath + "/unmute",
		},
		{
			endpoint: "GET /channels/search",
			fixture:  "channels/search_by_view.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.SearchByView(ctx, ChannelSearchByViewParams{
					View:       "RECOMMENDED",
					Countries:  []string{"US", "GB"},
					Categories: []string{"NEWS"},
					Limit:      50,
				})
			},
			path:  "/channels/search",
			query: vals("view", "RECOMMENDED", "countries[]", "US", "countries[]", "GB", "categories[]", "NEWS", "limit", "50"),
			check: func(t *testing.T, got any) {
				r, ok := got.(*ChannelSearchResult)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, ChannelSearchPage{EndCursor: "AQHRl3mA6uk2vXyN0tQo9F8c+/=", HasNextPage: true}, r.Page)
				assert.Equal(t, "AQHRl3mA6uk2vXyN0tQo9F8c+/=", r.NextCursor())
				assert.Equal(t, []Channel{
					{
						ID:               "120363111111111111@newsletter",
						Name:             "Tech Today",
						Invite:           "https://www.whatsapp.com/channel/0029Va1111111111111111",
						Preview:          "https://mmg.whatsapp.net/m1/v/t24/AnTechPreview?_nc_cat=10",
						Picture:          "https://mmg.whatsapp.net/m1/v/t24/AnTechPicture?_nc_cat=10",
						Description:      "Daily technology news",
						Verified:         true,
						SubscribersCount: intPtr(250000),
					},
					{
						ID:               "120363222222222222@newsletter",
						Name:             "Local Weather",
						Invite:           "https://www.whatsapp.com/channel/0029Va2222222222222222",
						SubscribersCount: intPtr(1200),
					},
				}, r.Channels)
			},
		},
		{
			endpoint: "GET /channels/search",
			fixture:  "channels/search_by_text.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.SearchByText(ctx, ChannelSearchByTextParams{
					Text:        "football",
					Categories:  []string{"SPORTS", "NEWS"},
					Limit:       10,
					StartCursor: "AQHRl3mA6uk2vXyN0tQo9F8c+/=",
				})
			},
			path:  "/channels/search",
			query: vals("text", "football", "categories[]", "SPORTS", "categories[]", "NEWS", "limit", "10", "startCursor", "AQHRl3mA6uk2vXyN0tQo9F8c+/="),
			check: func(t *testing.T, got any) {
				r, ok := got.(*ChannelSearchResult)
				require.True(t, ok, "got %T", got)
				assert.Equal(t, ChannelSearchPage{StartCursor: "AQHRl3mA6uk2vXyN0tQo9F8c+/=", HasPreviousPage: true}, r.Page)
				assert.Empty(t, r.NextCursor())
				require.Len(t, r.Channels, 1)
				assert.Equal(t, ChatID("120363333333333333@newsletter"), r.Channels[0].ID)
				assert.Equal(t, "Football Daily", r.Channels[0].Name)
				assert.Equal(t, "Scores and transfers", r.Channels[0].Description)
				assert.True(t, r.Channels[0].Verified)
				assert.Equal(t, intPtr(98000), r.Channels[0].SubscribersCount)
				assert.Empty(t, r.Channels[0].Role)
			},
		},
		{
			endpoint: "GET /channels/search/views",
			fixture:  "channels/search_views.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Channels.SearchViews(ctx) },
			path:     "/channels/search/views",
			check: func(t *testing.T, got any) {
				assert.Equal(t, []ChannelSearchOption{
					{Value: "RECOMMENDED", Name: "Recommended"},
					{Value: "TRENDING", Name: "Trending"},
					{Value: "POPULAR", Name: "Popular"},
					{Value: "NEW", Name: "New"},
				}, got)
			},
		},
		{
			endpoint: "GET /channels/search/countries",
			fixture:  "channels/search_countries.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Channels.SearchCountries(ctx) },
			path:     "/channels/search/countries",
			check: func(t *testing.T, got any) {
				assert.Equal(t, []ChannelCountry{
					{Code: "US", Name: "United States"},
					{Code: "GB", Name: "United Kingdom"},
					{Code: "EG", Name: "Egypt"},
				}, got)
			},
		},
		{
			endpoint: "GET /channels/search/categories",
			fixture:  "channels/search_categories.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Channels.SearchCategories(ctx) },
			path:     "/channels/search/categories",
			check: func(t *testing.T, got any) {
				assert.Equal(t, []ChannelSearchOption{
					{Value: "ENTERTAINMENT", Name: "Entertainment"},
					{Value: "SPORTS", Name: "Sports"},
					{Value: "NEWS", Name: "News"},
				}, got)
			},
		},
	})
}

func TestChannelsDefaults(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `[]`)

	_, err := c.Channels.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, vals(), ts.last().Query, "no role lists all channels")

	_, err = c.Channels.PreviewMessages(context.Background(), testChannel, nil)
	require.NoError(t, err)
	assert.Equal(t, vals("downloadMedia", "false"), ts.last().Query, "downloadMedia=false is sent")

	ts.replyFixture("channels/create.json")
	_, err = c.Channels.Create(context.Background(), ChannelCreateParams{Name: "Channel Name"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"Channel Name","description":""}`, string(ts.last().Body), "no picture, no type")

	ts.replyFixture("channels/search_by_view.json")
	_, err = c.Channels.SearchByView(context.Background(), ChannelSearchByViewParams{View: "TRENDING"})
	require.NoError(t, err)
	assert.Equal(t, vals("view", "TRENDING"), ts.last().Query)
}

func TestChannelsSearchSendsBracketKeys(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("channels/search_by_view.json")
	_, err := c.Channels.SearchByView(context.Background(), ChannelSearchByViewParams{View: "POPULAR", Countries: []string{"GB"}})
	require.NoError(t, err)
	raw := ts.last().RawQuery
	assert.Contains(t, raw, url.QueryEscape("countries[]")+"=GB")
	assert.NotContains(t, raw, "categories")
}

func TestChannelsCreateKeepsCallerPicture(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.replyFixture("channels/create.json")
	picture := &File{URL: "https://example.com/img/logo.png"}
	_, err := c.Channels.Create(context.Background(), ChannelCreateParams{Name: "Channel Name", Picture: picture})
	require.NoError(t, err)
	assert.Equal(t, &File{URL: "https://example.com/img/logo.png"}, picture)
	assert.JSONEq(t, `{"name":"Channel Name","description":"","picture":{"url":"https://example.com/img/logo.png","filename":"logo.png","mimetype":"image/png"}}`, string(ts.last().Body))
}

func TestChannelRole(t *testing.T) {
	t.Parallel()
	for _, r := range []ChannelRole{ChannelRoleOwner, ChannelRoleAdmin, ChannelRoleSubscriber, ChannelRoleGuest} {
		assert.True(t, r.IsKnown(), r.String())
	}
	assert.False(t, ChannelRole("VIEWER").IsKnown())
	assert.Equal(t, "VIEWER", ChannelRole("VIEWER").String())
}

// Channel follow state calls are safe to repeat and retry like reads.
func TestChannelsActionsRetry(t *testing.T) {
	t.Parallel()
	calls := map[string]func(ctx context.Context, c *Client) error{
		"Follow":   func(ctx context.Context, c *Client) error { return c.Channels.Follow(ctx, testChannel) },
		"Unfollow": func(ctx context.Context, c *Client) error { return c.Channels.Unfollow(ctx, testChannel) },
		"Mute":     func(ctx context.Context, c *Client) error { return c.Channels.Mute(ctx, testChannel) },
		"Unmute":   func(ctx context.Context, c *Client) error { return c.Channels.Unmute(ctx, testChannel) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusBadGateway, `{"statusCode":502,"message":"Bad Gateway"}`)
			require.Error(t, call(context.Background(), c))
			assert.Equal(t, 3, ts.count())
		})
	}
	t.Run("Create is not repeated", func(t *testing.T) {
		t.Parallel()
		c, ts := newTestClient(t)
		ts.reply(http.StatusBadGateway, `{"statusCode":502,"message":"Bad Gateway"}`)
		_, err := c.Channels.Create(context.Background(), ChannelCreateParams{Name: "x"})
		require.Error(t, err)
		assert.Equal(t, 1, ts.count())
	})
}

func TestChannelsValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"Get without id", "id", func(ctx context.Context, c *Client) error { _, err := c.Channels.Get(ctx, "", nil); return err }},
		{"Delete without id", "id", func(ctx context.Context, c *Client) error { return c.Channels.Delete(ctx, " ") }},
		{"PreviewMessages without id", "id", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.PreviewMessages(ctx, "", nil)
			return err
		}},
		{"PreviewMessages negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.PreviewMessages(ctx, testChannel, &ChannelPreviewMessagesParams{Limit: -1})
			return err
		}},
		{"Follow without id", "id", func(ctx context.Context, c *Client) error { return c.Channels.Follow(ctx, "") }},
		{"Unfollow without id", "id", func(ctx context.Context, c *Client) error { return c.Channels.Unfollow(ctx, "") }},
		{"Mute without id", "id", func(ctx context.Context, c *Client) error { return c.Channels.Mute(ctx, "") }},
		{"Unmute without id", "id", func(ctx context.Context, c *Client) error { return c.Channels.Unmute(ctx, "") }},
		{"Create without name", "name", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.Create(ctx, ChannelCreateParams{Description: "d"})
			return err
		}},
		{"Create with a picture without url", "picture.url", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.Create(ctx, ChannelCreateParams{Name: "n", Picture: &File{}})
			return err
		}},
		{"Create with a relative picture url", "picture.url", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.Create(ctx, ChannelCreateParams{Name: "n", Picture: &File{URL: "logo.png"}})
			return err
		}},
		{"SearchByView without view", "view", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.SearchByView(ctx, ChannelSearchByViewParams{Countries: []string{"US"}})
			return err
		}},
		{"SearchByView negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.SearchByView(ctx, ChannelSearchByViewParams{View: "NEW", Limit: -1})
			return err
		}},
		{"SearchByText without text", "text", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.SearchByText(ctx, ChannelSearchByTextParams{Text: " "})
			return err
		}},
		{"SearchByText negative limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Channels.SearchByText(ctx, ChannelSearchByTextParams{Text: "x", Limit: -2})
			return err
		}},
		{"SearchByViewIter without view", "view", func(ctx context.Context, c *Client) error {
			return firstIterError(c.Channels.SearchByViewIter(ctx, ChannelSearchByViewParams{}))
		}},
		{"SearchByTextIter without text", "text", func(ctx context.Context, c *Client) error {
			return firstIterError(c.Channels.SearchByTextIter(ctx, ChannelSearchByTextParams{}))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}

// firstIterError returns the first error an iterator yields.
func firstIterError[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// cursorCase runs one channel search iterator against a server whose pages
// are chained by cursors.
type cursorCase struct {
	name string
	// extra is the query every page carries besides startCursor.
	extra url.Values
	// start iterates from startCursor; unchanged asserts the caller's params
	// were not modified.
	start func(ctx context.Context, c *Client, startCursor string) (seq iter.Seq2[ChatID, error], unchanged func(t *testing.T))
}

// Cursors with characters that need escaping, to check they go back exactly
// as the server sent them.
const (
	cursorPage2 = "AQHRl3mA6uk2+/=="
	cursorPage3 = "b&c d%3D?"
)

// serveCursorPages answers with three pages of two, one and one channels:
// page 1 without startCursor, then pages 2 and 3 by the cursors above. The
// last page has an end cursor but no next page.
func serveCursorPages(ts *testServer) {
	pages := map[string]struct {
		ids     []int
		end     string
		hasNext bool
	}{
		"":          {ids: []int{1, 2}, end: cursorPage2, hasNext: true},
		cursorPage2: {ids: []int{3}, end: cursorPage3, hasNext: true},
		cursorPage3: {ids: []int{4}, end: "after-the-end", hasNext: false},
	}
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Query().Get("startCursor")]
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"statusCode":400,"message":"unknown cursor"}`))
			return
		}
		channels := make([]string, len(page.ids))
		for i, id := range page.ids {
			channels[i] = fmt.Sprintf(`{"id":"%s","name":"Channel %d","invite":"","verified":false}`, searchChannelID(id), id)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"page":{"startCursor":null,"endCursor":%q,"hasNextPage":%t,"hasPreviousPage":false},"channels":[%s]}`,
			page.end, page.hasNext, strings.Join(channels, ","))
	})
}

func searchChannelID(i int) ChatID { return ChatID(fmt.Sprintf("12036300000000000%d@newsletter", i)) }

// cursorQuery is the exact query of one page request.
func cursorQuery(extra url.Values, cursor string) url.Values {
	q := url.Values{}
	for k, v := range extra {
		q[k] = append([]string(nil), v...)
	}
	if cursor != "" {
		q.Set("startCursor", cursor)
	}
	return q
}

func runCursorCases(t *testing.T, cases []cursorCase) {
	t.Helper()
	collect := func(t *testing.T, seq iter.Seq2[ChatID, error]) []ChatID {
		var got []ChatID
		for id, err := range seq {
			require.NoError(t, err)
			got = append(got, id)
		}
		return got
	}
	for _, tc := range cases {
		t.Run(tc.name+"/three pages", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCursorPages(ts)
			seq, unchanged := tc.start(context.Background(), c, "")
			assert.Equal(t, []ChatID{searchChannelID(1), searchChannelID(2), searchChannelID(3), searchChannelID(4)}, collect(t, seq))
			reqs := ts.requestsSeen()
			require.Len(t, reqs, 3, "the page without a next page ends the search")
			for i, cursor := range []string{"", cursorPage2, cursorPage3} {
				assert.Equal(t, http.MethodGet, reqs[i].Method)
				assert.Equal(t, "/channels/search", reqs[i].Path)
				assert.Equal(t, cursorQuery(tc.extra, cursor), reqs[i].Query, "page %d", i)
			}
			unchanged(t)
		})
		t.Run(tc.name+"/from a cursor", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCursorPages(ts)
			seq, unchanged := tc.start(context.Background(), c, cursorPage2)
			assert.Equal(t, []ChatID{searchChannelID(3), searchChannelID(4)}, collect(t, seq))
			reqs := ts.requestsSeen()
			require.Len(t, reqs, 2)
			assert.Equal(t, cursorQuery(tc.extra, cursorPage2), reqs[0].Query)
			assert.Equal(t, cursorQuery(tc.extra, cursorPage3), reqs[1].Query)
			unchanged(t)
		})
		t.Run(tc.name+"/next page without cursor", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusOK, `{"page":{"startCursor":null,"endCursor":null,"hasNextPage":true,"hasPreviousPage":false},"channels":[{"id":"1@newsletter"}]}`)
			seq, _ := tc.start(context.Background(), c, "")
			assert.Equal(t, []ChatID{"1@newsletter"}, collect(t, seq))
			assert.Equal(t, 1, ts.count(), "no cursor, no further page")
		})
		t.Run(tc.name+"/break", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCursorPages(ts)
			seq, unchanged := tc.start(context.Background(), c, "")
			var got []ChatID
			for id, err := range seq {
				require.NoError(t, err)
				got = append(got, id)
				break
			}
			assert.Equal(t, []ChatID{searchChannelID(1)}, got)
			assert.Equal(t, 1, ts.count(), "no page is fetched after the loop breaks")
			unchanged(t)
		})
		t.Run(tc.name+"/break at a page end", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCursorPages(ts)
			seq, _ := tc.start(context.Background(), c, "")
			var got []ChatID
			for id, err := range seq {
				require.NoError(t, err)
				got = append(got, id)
				if len(got) == 2 {
					break
				}
			}
			assert.Equal(t, []ChatID{searchChannelID(1), searchChannelID(2)}, got)
			assert.Equal(t, 1, ts.count())
		})
		t.Run(tc.name+"/cancelled before", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCursorPages(ts)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			seq, _ := tc.start(ctx, c, "")
			var errs []error
			for id, err := range seq {
				assert.Empty(t, id)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], context.Canceled)
			assert.Equal(t, 0, ts.count())
		})
		t.Run(tc.name+"/cancelled between pages", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			serveCursorPages(ts)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seq, unchanged := tc.start(ctx, c, "")
			var got []ChatID
			var errs []error
			for id, err := range seq {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, id)
				if len(got) == 2 {
					cancel()
				}
			}
			assert.Equal(t, []ChatID{searchChannelID(1), searchChannelID(2)}, got)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], context.Canceled)
			assert.Equal(t, 1, ts.count(), "no request after the context ended")
			unchanged(t)
		})
		t.Run(tc.name+"/error ends the search", func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusUnauthorized, `{"code":"invalid_access_token","message":"Invalid access token","data":{"status":401}}`)
			seq, _ := tc.start(context.Background(), c, "")
			var errs []error
			for _, err := range seq {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrUnauthorized)
			assert.Equal(t, 1, ts.count())
		})
	}
}

func TestChannelsSearchIterators(t *testing.T) {
	t.Parallel()
	channelIDs := func(seq iter.Seq2[Channel, error]) iter.Seq2[ChatID, error] {
		return func(yield func(ChatID, error) bool) {
			for ch, err := range seq {
				if !yield(ch.ID, err) {
					return
				}
			}
		}
	}
	runCursorCases(t, []cursorCase{
		{
			name:  "Channels.SearchByViewIter",
			extra: vals("view", "RECOMMENDED", "countries[]", "US", "countries[]", "GB", "categories[]", "NEWS", "limit", "2"),
			start: func(ctx context.Context, c *Client, startCursor string) (iter.Seq2[ChatID, error], func(*testing.T)) {
				params := ChannelSearchByViewParams{View: "RECOMMENDED", Countries: []string{"US", "GB"}, Categories: []string{"NEWS"}, Limit: 2, StartCursor: startCursor}
				want := ChannelSearchByViewParams{View: "RECOMMENDED", Countries: []string{"US", "GB"}, Categories: []string{"NEWS"}, Limit: 2, StartCursor: startCursor}
				return channelIDs(c.Channels.SearchByViewIter(ctx, params)), func(t *testing.T) {
					assert.Equal(t, want, params, "params must not change")
				}
			},
		},
		{
			name:  "Channels.SearchByTextIter",
			extra: vals("text", "news", "categories[]", "NEWS", "limit", "2"),
			start: func(ctx context.Context, c *Client, startCursor string) (iter.Seq2[ChatID, error], func(*testing.T)) {
				params := ChannelSearchByTextParams{Text: "news", Categories: []string{"NEWS"}, Limit: 2, StartCursor: startCursor}
				want := ChannelSearchByTextParams{Text: "news", Categories: []string{"NEWS"}, Limit: 2, StartCursor: startCursor}
				return channelIDs(c.Channels.SearchByTextIter(ctx, params)), func(t *testing.T) {
					assert.Equal(t, want, params, "params must not change")
				}
			},
		},
	})
}

func TestChannelsOptionalParameters(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	var queries []url.Values
	record := func(name string) httpmock.Responder {
		return func(req *http.Request) (*http.Response, error) {
			q := req.URL.Query()
			q.Del("instance_id")
			q.Del("access_token")
			queries = append(queries, q)
			return fixtureResponder(t, name)(req)
		}
	}
	mock.RegisterRegexpResponder(http.MethodGet, regexp.MustCompile(`/channels/120363123456789012%40newsletter$`), record("channels/get.json"))
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"channels/search", record("channels/search_by_text.json"))

	ch, err := c.Channels.Get(context.Background(), testChannel, &ChannelGetParams{Name: "Wawp Updates"})
	require.NoError(t, err)
	assert.Equal(t, "Wawp Updates", ch.Name)
	_, err = c.Channels.SearchByText(context.Background(), ChannelSearchByTextParams{Text: "news", Countries: []string{"US", "GB"}})
	require.NoError(t, err)

	assert.Equal(t, []url.Values{
		vals("name", "Wawp Updates"),
		{"text": {"news"}, "countries[]": {"US", "GB"}},
	}, queries)
}

func TestChannelsRejectMalformedIDs(t *testing.T) {
	t.Parallel()
	for _, id := range []ChatID{"..", "abc@newsletter", "123@example.com"} {
		assertNoRequest(t, "id", func(ctx context.Context, c *Client) error { _, err := c.Channels.Get(ctx, id, nil); return err })
		assertNoRequest(t, "id", func(ctx context.Context, c *Client) error { return c.Channels.Follow(ctx, id) })
	}
}

func TestChannelViewIsOpen(t *testing.T) {
	t.Parallel()
	assert.True(t, ChannelViewRecommended.IsKnown())
	assert.Equal(t, "RECOMMENDED", ChannelViewRecommended.String())
	assert.False(t, ChannelView("TRENDING").IsKnown(), "views a server adds still work, but are not documented")
}
