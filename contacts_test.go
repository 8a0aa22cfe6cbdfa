package wawp

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContactsEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /contacts/all",
			fixture:  "contacts/list.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.List(ctx, &ContactListParams{Limit: 50, Offset: 150, SortBy: ContactSortByName, SortOrder: SortDesc})
			},
			path:  "/contacts/all",
			query: vals("limit", "50", "offset", "150", "sortBy", "name", "sortOrder", "DESC"),
			check: func(t *testing.T, got any) {
				list, ok := got.([]Contact)
				require.True(t, ok, "got %T", got)
				require.Len(t, list, 2)
				raw := fixtureElements(t, "contacts/list.json")
				assertAlice(t, list[0])
				assert.JSONEq(t, string(raw[0]), string(list[0].Raw))

				bob := list[1]
				assert.Equal(t, ChatID("447441429010@c.us"), bob.ID, "an object ID decodes from _serialized")
				assert.Equal(t, "447441429010", bob.Number)
				assert.Equal(t, "Bob", bob.PushName)
				assert.Empty(t, bob.Name)
				assert.True(t, bob.IsWAContact)
				assert.True(t, bob.IsBlocked)
				assert.False(t, bob.IsMyContact)
				assert.JSONEq(t, string(raw[1]), string(bob.Raw))
			},
		},
		{
			endpoint: "GET /contacts",
			fixture:  "contacts/get.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Contacts.Get(ctx, aliceChat) },
			path:     "/contacts",
			query:    vals("contactId", "447441429009@c.us"),
			check: func(t *testing.T, got any) {
				contact, ok := got.(*Contact)
				require.True(t, ok, "got %T", got)
				assertAlice(t, *contact)
				assert.JSONEq(t, string(fixture(t, "contacts/get.json")), string(contact.Raw))
			},
		},
		{
			endpoint: "GET /contacts/check-exists",
			fixture:  "contacts/check_exists.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.CheckExists(ctx, "+44 7441-429009")
			},
			path:  "/contacts/check-exists",
			query: vals("phone", "447441429009"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &PhoneCheck{NumberExists: true, ChatID: aliceChat}, got)
			},
		},
		{
			endpoint: "GET /contacts/about",
			fixture:  "contacts/about.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Contacts.About(ctx, "447441429009") },
			path:     "/contacts/about",
			query:    vals("contactId", "447441429009"),
			check:    func(t *testing.T, got any) { assert.Equal(t, "Hey there! I am using WhatsApp.", got) },
		},
		{
			endpoint: "GET /contacts/profile-picture",
			fixture:  "contacts/profile_picture.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.ProfilePicture(ctx, aliceChat, &ContactProfilePictureParams{Refresh: true})
			},
			path:  "/contacts/profile-picture",
			query: vals("contactId", "447441429009@c.us", "refresh", "true"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, "https://pps.whatsapp.net/v/t61.24694-24/alice.jpg?ccb=11-4", got)
			},
		},
		{
			endpoint: "POST /contacts/block",
			fixture:  "contacts/synthetic_block.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Contacts.Block(ctx, aliceChat) },
			path:     "/contacts/block",
			query:    vals("contactId", "447441429009@c.us"),
		},
		{
			endpoint: "POST /contacts/unblock",
			fixture:  "contacts/synthetic_unblock.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Contacts.Unblock(ctx, aliceChat) },
			path:     "/contacts/unblock",
			query:    vals("contactId", "447441429009@c.us"),
		},
		{
			endpoint: "PUT /contacts/{contactId}",
			fixture:  "contacts/upsert.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Contacts.Upsert(ctx, aliceChat, ContactUpsertParams{FirstName: "Alice", LastName: "Example"})
			},
			path:  "/contacts/447441429009%40c.us",
			query: vals("firstName", "Alice", "lastName", "Example"),
		},
		{
			endpoint: "GET /lids",
			fixture:  "contacts/lids.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.LIDs(ctx, &ContactLIDsParams{Limit: 100, Offset: 200})
			},
			path:  "/lids",
			query: vals("limit", "100", "offset", "200"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, []LIDMapping{
					{LID: "123123123123123@lid", Phone: "447441429009@c.us"},
					{LID: "456456456456456@lid"},
					{Phone: "447441429010@c.us"},
				}, got)
			},
		},
		{
			endpoint: "GET /lids/count",
			fixture:  "contacts/lid_count.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Contacts.LIDCount(ctx) },
			path:     "/lids/count",
			check:    func(t *testing.T, got any) { assert.Equal(t, 128, got) },
		},
	})
}

func assertAlice(t *testing.T, c Contact) {
	t.Helper()
	assert.Equal(t, aliceChat, c.ID)
	assert.Equal(t, "447441429009", c.Number)
	assert.Equal(t, "Alice Example", c.Name)
	assert.Equal(t, "Alice", c.PushName)
	assert.Equal(t, "Alice", c.ShortName)
	assert.False(t, c.IsMe)
	assert.False(t, c.IsGroup)
	assert.True(t, c.IsWAContact)
	assert.True(t, c.IsMyContact)
	assert.False(t, c.IsBlocked)
}

func TestContactsDefaults(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /contacts/all",
			fixture:  "contacts/list.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Contacts.List(ctx, nil) },
			path:     "/contacts/all",
		},
		{
			endpoint: "GET /contacts/profile-picture",
			fixture:  "contacts/profile_picture.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.ProfilePicture(ctx, aliceChat, nil)
			},
			path:  "/contacts/profile-picture",
			query: vals("contactId", "447441429009@c.us"),
		},
		{
			endpoint: "PUT /contacts/{contactId}",
			fixture:  "contacts/upsert.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Contacts.Upsert(ctx, "447441429009", ContactUpsertParams{FirstName: "Alice"})
			},
			path:  "/contacts/447441429009",
			query: vals("firstName", "Alice"),
		},
		{
			endpoint: "GET /lids",
			fixture:  "contacts/lids.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Contacts.LIDs(ctx, nil) },
			path:     "/lids",
		},
	})
}

func TestContactsNullPictureAndMissingChat(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"profilePictureURL": null}`)
	url, err := c.Contacts.ProfilePicture(context.Background(), aliceChat, nil)
	require.NoError(t, err)
	assert.Empty(t, url)

	ts.reply(http.StatusOK, `{"numberExists": false}`)
	check, err := c.Contacts.CheckExists(context.Background(), "447441429099")
	require.NoError(t, err)
	assert.Equal(t, &PhoneCheck{}, check)
}

func TestContactsBlockingRetries(t *testing.T) {
	t.Parallel()
	for name, call := range map[string]func(ctx context.Context, c *Client) error{
		"Block":   func(ctx context.Context, c *Client) error { return c.Contacts.Block(ctx, aliceChat) },
		"Unblock": func(ctx context.Context, c *Client) error { return c.Contacts.Unblock(ctx, aliceChat) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.reply(http.StatusServiceUnavailable, `{"statusCode":503,"message":"busy"}`)
			require.Error(t, call(context.Background(), c))
			assert.Equal(t, 3, ts.count(), "block and unblock are safe to repeat")
		})
	}
}

func TestContactsValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field string
		call        func(ctx context.Context, c *Client) error
	}{
		{"List limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.List(ctx, &ContactListParams{Limit: -1})
			return err
		}},
		{"List offset", "offset", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.List(ctx, &ContactListParams{Offset: -1})
			return err
		}},
		{"Get", "contactId", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.Get(ctx, "")
			return err
		}},
		{"CheckExists", "phone", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.CheckExists(ctx, " + ")
			return err
		}},
		{"About", "contactId", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.About(ctx, " ")
			return err
		}},
		{"ProfilePicture", "contactId", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.ProfilePicture(ctx, "", &ContactProfilePictureParams{Refresh: true})
			return err
		}},
		{"Block", "contactId", func(ctx context.Context, c *Client) error { return c.Contacts.Block(ctx, "") }},
		{"Unblock", "contactId", func(ctx context.Context, c *Client) error { return c.Contacts.Unblock(ctx, "") }},
		{"Upsert contact", "contactId", func(ctx context.Context, c *Client) error {
			return c.Contacts.Upsert(ctx, "", ContactUpsertParams{FirstName: "Alice"})
		}},
		{"Upsert first name", "firstName", func(ctx context.Context, c *Client) error {
			return c.Contacts.Upsert(ctx, aliceChat, ContactUpsertParams{LastName: "Example"})
		}},
		{"LIDs limit", "limit", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.LIDs(ctx, &ContactLIDsParams{Limit: -1})
			return err
		}},
		{"LIDs offset", "offset", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.LIDs(ctx, &ContactLIDsParams{Offset: -100})
			return err
		}},
		{"ResolveLID", "lid", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.ResolveLID(ctx, "447441429009@c.us")
			return err
		}},
		{"ResolveLID empty", "lid", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.ResolveLID(ctx, "")
			return err
		}},
		{"ResolvePhone", "phone", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.ResolvePhone(ctx, "123123123123123@lid")
			return err
		}},
		{"LIDResolver.ResolveLID", "lid", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.NewLIDResolver(LIDResolverOptions{}).ResolveLID(ctx, "abc@lid")
			return err
		}},
		{"LIDResolver.ResolvePhone", "phone", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.NewLIDResolver(LIDResolverOptions{}).ResolvePhone(ctx, "12")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assertNoRequest(t, tc.field, tc.call)
		})
	}
}

func TestContactsIterators(t *testing.T) {
	t.Parallel()
	contactID := func(i int) string { return fmt.Sprintf("4474414290%02d@c.us", i) }
	runIterCases(t, []iterCase{
		{
			name:   "Contacts.ListIter",
			method: http.MethodGet,
			path:   "/contacts/all",
			item:   func(i int) string { return fmt.Sprintf(`{"id":%q,"pushname":"p%d"}`, contactID(i), i) },
			key:    contactID,
			extra:  vals("sortBy", "id", "sortOrder", "DESC"),
			start: func(ctx context.Context, c *Client, limit, offset int) (iter.Seq2[string, error], func(*testing.T)) {
				params := &ContactListParams{Limit: limit, Offset: offset, SortBy: ContactSortByID, SortOrder: SortDesc}
				want := *params
				seq := keysOf(c.Contacts.ListIter(ctx, params), func(ct Contact) string { return string(ct.ID) })
				return seq, func(t *testing.T) { assert.Equal(t, want, *params, "params must not change") }
			},
		},
		{
			name:   "Contacts.LIDsIter",
			method: http.MethodGet,
			path:   "/lids",
			item:   lidItem,
			key:    func(i int) string { return string(lidOf(i)) },
			start: func(ctx context.Context, c *Client, limit, offset int) (iter.Seq2[string, error], func(*testing.T)) {
				params := &ContactLIDsParams{Limit: limit, Offset: offset}
				want := *params
				seq := keysOf(c.Contacts.LIDsIter(ctx, params), func(m LIDMapping) string { return string(m.LID) })
				return seq, func(t *testing.T) { assert.Equal(t, want, *params, "params must not change") }
			},
		},
	})
}

func lidOf(i int) ChatID   { return ChatID(fmt.Sprintf("%d@lid", 100000000000000+i)) }
func phoneOf(i int) ChatID { return ChatID(fmt.Sprintf("%d@c.us", 447441430000+i)) }
func lidItem(i int) string { return fmt.Sprintf(`{"lid":%q,"pn":%q}`, lidOf(i), phoneOf(i)) }

func TestContactsResolveOneShot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, ts := newTestClient(t)
	servePages(ts, 250, lidItem)

	phone, err := c.Contacts.ResolveLID(ctx, lidOf(150))
	require.NoError(t, err)
	assert.Equal(t, phoneOf(150), phone)
	reqs := ts.requestsSeen()
	require.Len(t, reqs, 2, "paging stops at the page holding the answer")
	assert.Equal(t, vals("limit", "100"), reqs[0].Query)
	assert.Equal(t, vals("limit", "100", "offset", "100"), reqs[1].Query)

	// Bare digits are a LID too; a bare phone number is a phone.
	phone, err = c.Contacts.ResolveLID(ctx, ChatID(lidOf(3).User()))
	require.NoError(t, err)
	assert.Equal(t, phoneOf(3), phone)
	lid, err := c.Contacts.ResolvePhone(ctx, ChatID("+"+phoneOf(7).User()))
	require.NoError(t, err)
	assert.Equal(t, lidOf(7), lid)
	assert.Equal(t, 4, ts.count(), "nothing is cached between one-shot lookups")

	before := ts.count()
	_, err = c.Contacts.ResolveLID(ctx, "999@lid")
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "wawp: lid 999@lid: wawp: not found", err.Error())
	assert.Equal(t, 3, ts.count()-before, "a miss reads every page")

	_, err = c.Contacts.ResolvePhone(ctx, "447000000000@c.us")
	require.ErrorIs(t, err, ErrNotFound)
}

func TestContactsResolveSkipsHalfMappings(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	lids := fixture(t, "contacts/lids.json")
	ts.handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("offset") != "" {
			_, _ = w.Write([]byte("[]")) // the fixture is the whole listing
			return
		}
		_, _ = w.Write(lids)
	})
	_, err := c.Contacts.ResolveLID(context.Background(), "456456456456456@lid")
	require.ErrorIs(t, err, ErrNotFound, "a LID without a phone number is not an answer")
	_, err = c.Contacts.ResolvePhone(context.Background(), "447441429010")
	require.ErrorIs(t, err, ErrNotFound, "a phone number without a LID is not an answer")
}

// fakeClock is a settable time source for LIDResolver.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTestResolver(c *Client, opts LIDResolverOptions) (*LIDResolver, *fakeClock) {
	clock := &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	r := c.Contacts.NewLIDResolver(opts)
	r.now = clock.Now
	return r, clock
}

func TestLIDResolverCaches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, ts := newTestClient(t)
	servePages(ts, 5, lidItem)
	r, clock := newTestResolver(c, LIDResolverOptions{PageSize: 2, MinRefillInterval: time.Minute})

	phone, err := r.ResolveLID(ctx, lidOf(4))
	require.NoError(t, err)
	assert.Equal(t, phoneOf(4), phone)
	reqs := ts.requestsSeen()
	require.Len(t, reqs, 3, "the first miss fills the whole cache")
	assert.Equal(t, vals("limit", "2"), reqs[0].Query)
	assert.Equal(t, vals("limit", "2", "offset", "2"), reqs[1].Query)
	assert.Equal(t, vals("limit", "2", "offset", "4"), reqs[2].Query)

	// Both directions are answered from the cache now.
	for i := range 5 {
		phone, err := r.ResolveLID(ctx, lidOf(i))
		require.NoError(t, err)
		assert.Equal(t, phoneOf(i), phone)
		lid, err := r.ResolvePhone(ctx, phoneOf(i))
		require.NoError(t, err)
		assert.Equal(t, lidOf(i), lid)
	}
	assert.Equal(t, 3, ts.count())

	// A miss soon after a refill is answered without a request.
	_, err = r.ResolveLID(ctx, lidOf(5))
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "wawp: lid 100000000000005@lid: wawp: not found", err.Error())
	_, err = r.ResolvePhone(ctx, phoneOf(5))
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 3, ts.count(), "no refill within MinRefillInterval")

	// Once the interval has passed, a miss refills once, finding new mappings.
	servePages(ts, 6, lidItem)
	clock.Advance(time.Minute)
	lid, err := r.ResolvePhone(ctx, phoneOf(5))
	require.NoError(t, err)
	assert.Equal(t, lidOf(5), lid)
	assert.Equal(t, 3+4, ts.count(), "one refill of four pages (the last one empty)")

	clock.Advance(30 * time.Second)
	_, err = r.ResolveLID(ctx, "999@lid")
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 7, ts.count())
}

func TestLIDResolverBoundedAndNormalized(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, ts := newTestClient(t)
	// The server sends phones in the engine-internal form; answers use @c.us.
	item := func(i int) string {
		return fmt.Sprintf(`{"lid":%q,"pn":"%s@s.whatsapp.net"}`, lidOf(i), phoneOf(i).User())
	}
	servePages(ts, 10, item)
	r, _ := newTestResolver(c, LIDResolverOptions{PageSize: 2, MaxEntries: 2})

	phone, err := r.ResolveLID(ctx, lidOf(3))
	require.NoError(t, err, "a mapping past the bound is still found during the refill")
	assert.Equal(t, phoneOf(3), phone)
	assert.Equal(t, 2, ts.count(), "paging stops once the cache is full and the answer found")

	lid, err := r.ResolvePhone(ctx, phoneOf(1))
	require.NoError(t, err)
	assert.Equal(t, lidOf(1), lid)
	assert.Equal(t, 2, ts.count(), "mappings within the bound are cached")

	_, err = r.ResolveLID(ctx, lidOf(3))
	require.ErrorIs(t, err, ErrNotFound, "mappings past the bound are not cached")
	assert.Equal(t, 2, ts.count())
}

func TestLIDResolverRefillErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, ts := newTestClient(t)
	ts.reply(http.StatusUnauthorized, `{"code":"invalid_access_token","message":"Invalid access token","data":{"status":401}}`)
	r, _ := newTestResolver(c, LIDResolverOptions{})

	_, err := r.ResolveLID(ctx, lidOf(1))
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, 1, ts.count())

	// A failed refill does not count: the next miss tries again.
	servePages(ts, 3, lidItem)
	phone, err := r.ResolveLID(ctx, lidOf(1))
	require.NoError(t, err)
	assert.Equal(t, phoneOf(1), phone)
	assert.Equal(t, 3, ts.count(), "the refill's short page is followed by one more request")
}

func TestLIDResolverContext(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	servePages(ts, 3, lidItem)
	r, _ := newTestResolver(c, LIDResolverOptions{})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := r.ResolveLID(ctx, lidOf(1))
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, ts.count())

	// A lookup waiting for another lookup's refill gives up when its context ends.
	r.refilling <- struct{}{}
	_, err = r.ResolvePhone(ctx, phoneOf(1))
	require.ErrorIs(t, err, context.Canceled)
	<-r.refilling
	assert.Equal(t, 0, ts.count())
}

func TestLIDResolverConcurrentMissesShareOneRefill(t *testing.T) {
	t.Parallel()
	c, ts := newTestClient(t)
	servePages(ts, 5, lidItem)
	r, _ := newTestResolver(c, LIDResolverOptions{PageSize: 10})

	var wg sync.WaitGroup
	results := make([]ChatID, 16)
	errs := make([]error, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = r.ResolveLID(context.Background(), lidOf(i%5))
		}()
	}
	wg.Wait()
	for i := range results {
		require.NoError(t, errs[i])
		assert.Equal(t, phoneOf(i%5), results[i])
	}
	assert.Equal(t, 2, ts.count(), "one refill (a short page, then an empty one) serves every concurrent miss")
}

func TestLIDResolverDefaults(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	r := c.Contacts.NewLIDResolver(LIDResolverOptions{MaxEntries: -1})
	assert.Equal(t, LIDResolverOptions{
		MaxEntries:        DefaultLIDResolverMaxEntries,
		MinRefillInterval: DefaultLIDResolverRefillInterval,
		PageSize:          100,
	}, r.opts)
}

func TestContactsMalformedContactIDsRejectedLocally(t *testing.T) {
	t.Parallel()
	calls := map[string]func(ctx context.Context, c *Client) error{
		"Get": func(ctx context.Context, c *Client) error { _, err := c.Contacts.Get(ctx, "alice"); return err },
		"About": func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.About(ctx, "12@unknown")
			return err
		},
		"ProfilePicture": func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.ProfilePicture(ctx, "abc@c.us", &ContactProfilePictureParams{Refresh: true})
			return err
		},
		"Block":   func(ctx context.Context, c *Client) error { return c.Contacts.Block(ctx, "..") },
		"Unblock": func(ctx context.Context, c *Client) error { return c.Contacts.Unblock(ctx, "12") },
		"Upsert": func(ctx context.Context, c *Client) error {
			return c.Contacts.Upsert(ctx, "..", ContactUpsertParams{FirstName: "Alice"})
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mock := newMockClient(t)
			var ve *ValidationError
			require.ErrorAs(t, call(context.Background(), c), &ve)
			assert.Equal(t, "contactId", ve.Field)
			assert.Zero(t, mock.GetTotalCallCount(), "nothing may be sent on invalid input")
		})
	}
}

func TestContactsFixturesDecode(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"lids/count", fixtureResponder(t, "contacts/lid_count.json"))
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"lids", fixtureResponder(t, "contacts/lids.json"))
	ctx := context.Background()
	n, err := c.Contacts.LIDCount(ctx)
	require.NoError(t, err)
	assert.Equal(t, 128, n)
	lids, err := c.Contacts.LIDs(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, []LIDMapping{
		{LID: "123123123123123@lid", Phone: "447441429009@c.us"},
		{LID: "456456456456456@lid"},
		{Phone: "447441429010@c.us"},
	}, lids, "a null side decodes as empty")
}
