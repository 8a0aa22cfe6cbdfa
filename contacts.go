package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ContactsService reads and manages contacts: listing, lookups, number
// checks, blocking, the phone's address book and the mapping between hidden
// linked IDs (@lid) and phone numbers.
type ContactsService service

// ContactSortField is a field contact lists can be sorted by. It is an open enum.
type ContactSortField string

// Contact sort fields the engines document.
const (
	ContactSortByID   ContactSortField = "id"
	ContactSortByName ContactSortField = "name"
)

// String returns the field name as sent on the wire.
func (f ContactSortField) String() string { return string(f) }

// IsKnown reports whether f is one of the documented fields.
func (f ContactSortField) IsKnown() bool { return f == ContactSortByID || f == ContactSortByName }

// ContactListParams selects a page of contacts. nil or the zero value asks
// for the server's default page.
type ContactListParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit     int              `url:"limit,omitempty"`
	Offset    int              `url:"offset,omitempty"`
	SortBy    ContactSortField `url:"sortBy,omitempty"`
	SortOrder SortOrder        `url:"sortOrder,omitempty"`
}

// Contact is a WhatsApp contact. Its shape depends on the server's engine, so
// every field but ID may be missing; Raw keeps the object exactly as sent.
type Contact struct {
	ID     ChatID `json:"id"`
	Number string `json:"number"`
	// Name is the name in the phone's address book.
	Name string `json:"name"`
	// PushName is the name the person chose for themselves.
	PushName    string `json:"pushname"`
	ShortName   string `json:"shortName"`
	IsMe        bool   `json:"isMe"`
	IsGroup     bool   `json:"isGroup"`
	IsWAContact bool   `json:"isWAContact"`
	IsMyContact bool   `json:"isMyContact"`
	IsBlocked   bool   `json:"isBlocked"`
	// Raw is the contact as the server sent it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the known fields, accepting an engine's object ID
// ({"_serialized": ...}), and keeps the whole object in Raw.
func (c *Contact) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	type plain Contact
	var wire struct {
		plain
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*c = Contact(wire.plain)
	c.ID = ChatID(engineID(wire.ID))
	c.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// List returns a page of contacts. params may be nil.
//
// Wawp API: GET /contacts/all
func (s *ContactsService) List(ctx context.Context, params *ContactListParams) ([]Contact, error) {
	p := valueOf(params)
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/contacts/all"}, class: classRead}
	return call[[]Contact](ctx, s.client, ep, input{query: p})
}

// ListIter yields every contact from params.Offset on, fetching pages of
// params.Limit contacts (100 when 0) lazily until a short page. params may be
// nil and is never modified.
func (s *ContactsService) ListIter(ctx context.Context, params *ContactListParams) iter.Seq2[Contact, error] {
	p := valueOf(params)
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]Contact, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.List(ctx, &page)
	})
}

// contactQuery names the contact of calls that take it in the query.
type contactQuery struct {
	ContactID ChatID `url:"contactId"`
	// Refresh is sent by ProfilePicture only.
	Refresh bool `url:"refresh,omitempty"`
}

// Get returns one contact. contactID is a chat ID or a bare phone number.
//
// Wawp API: GET /contacts
func (s *ContactsService) Get(ctx context.Context, contactID ChatID) (*Contact, error) {
	if err := checkChatID("contactId", contactID); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/contacts"}, class: classRead}
	return callRef[Contact](ctx, s.client, ep, input{query: contactQuery{ContactID: contactID}})
}

// PhoneCheck says whether a phone number has a WhatsApp account.
type PhoneCheck struct {
	NumberExists bool `json:"numberExists"`
	// ChatID is the account's real chat ID, which can differ from the number
	// asked about (Brazilian numbers, for example); empty when it does not exist.
	ChatID ChatID `json:"chatId,omitempty"`
}

type phoneQuery struct {
	Phone string `url:"phone"`
}

// CheckExists reports whether phone, a number in international form, has a
// WhatsApp account. '+', spaces, dashes and a leading 00 are removed first.
// Wawp advises at most one check per second per instance.
//
// Wawp API: GET /contacts/check-exists
func (s *ContactsService) CheckExists(ctx context.Context, phone string) (*PhoneCheck, error) {
	phone = normalizePhone(strings.TrimSpace(phone))
	if err := required("phone", phone); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/contacts/check-exists"}, class: classRead}
	return callRef[PhoneCheck](ctx, s.client, ep, input{query: phoneQuery{Phone: phone}})
}

// About returns the contact's "About" text.
//
// Wawp API: GET /contacts/about
func (s *ContactsService) About(ctx context.Context, contactID ChatID) (string, error) {
	if err := checkChatID("contactId", contactID); err != nil {
		return "", err
	}
	ep := endpoint{route: route{http.MethodGet, "/contacts/about"}, class: classRead}
	out, err := call[struct {
		About string `json:"about"`
	}](ctx, s.client, ep, input{query: contactQuery{ContactID: contactID}})
	return out.About, err
}

// ContactProfilePictureParams chooses how ProfilePicture reads a picture.
// nil or the zero value reads the server's cached copy.
type ContactProfilePictureParams struct {
	// Refresh bypasses the server's cache of about a day. Use it sparingly:
	// it may be rate limited.
	Refresh bool
}

// ProfilePicture returns the URL of the contact's profile picture, or "" when
// it has none or hides it. params may be nil.
//
// Wawp API: GET /contacts/profile-picture
func (s *ContactsService) ProfilePicture(ctx context.Context, contactID ChatID, params *ContactProfilePictureParams) (string, error) {
	if err := checkChatID("contactId", contactID); err != nil {
		return "", err
	}
	q := contactQuery{ContactID: contactID, Refresh: valueOf(params).Refresh}
	ep := endpoint{route: route{http.MethodGet, "/contacts/profile-picture"}, class: classRead}
	// A null profilePictureURL decodes as "".
	out, err := call[struct {
		URL string `json:"profilePictureURL"`
	}](ctx, s.client, ep, input{query: q})
	return out.URL, err
}

// Block blocks the contact.
//
// Wawp API: POST /contacts/block
func (s *ContactsService) Block(ctx context.Context, contactID ChatID) error {
	return s.blocking(ctx, contactID, route{http.MethodPost, "/contacts/block"})
}

// Unblock unblocks the contact.
//
// Wawp API: POST /contacts/unblock
func (s *ContactsService) Unblock(ctx context.Context, contactID ChatID) error {
	return s.blocking(ctx, contactID, route{http.MethodPost, "/contacts/unblock"})
}

// blocking sends a block or unblock call; repeating either changes nothing
// more, so it is an idempotent write.
func (s *ContactsService) blocking(ctx context.Context, contactID ChatID, rt route) error {
	if err := checkChatID("contactId", contactID); err != nil {
		return err
	}
	ep := endpoint{route: rt, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: contactQuery{ContactID: contactID}})
}

// ContactUpsertParams is a contact's name in the phone's address book.
type ContactUpsertParams struct {
	// FirstName is required.
	FirstName string `url:"firstName"`
	LastName  string `url:"lastName,omitempty"`
}

// Upsert creates the contact in the phone's address book, or renames it
// when it is already there. Saving the same name twice leaves the same
// entry, so it is an idempotent write.
//
// Wawp API: PUT /contacts/{contactId}
func (s *ContactsService) Upsert(ctx context.Context, contactID ChatID, params ContactUpsertParams) error {
	if err := checkChatID("contactId", contactID); err != nil {
		return err
	}
	if err := required("firstName", params.FirstName); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPut, "/contacts/{contactId}"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{path: []string{string(contactID)}, query: params})
}

// ContactLIDsParams selects a page of LID mappings. nil or the zero value
// asks for the server's default page.
type ContactLIDsParams struct {
	// Limit is the page size; 0 leaves it to the server.
	Limit  int `url:"limit,omitempty"`
	Offset int `url:"offset,omitempty"`
}

// LIDMapping pairs a hidden linked ID with the phone-number chat ID of the
// same person. Either side is empty when the server does not know it.
type LIDMapping struct {
	LID ChatID `json:"lid"`
	// Phone is the @c.us chat ID.
	Phone ChatID `json:"pn"`
}

// LIDs returns a page of the known LID to phone number mappings. params may
// be nil.
//
// Wawp API: GET /lids
func (s *ContactsService) LIDs(ctx context.Context, params *ContactLIDsParams) ([]LIDMapping, error) {
	p := valueOf(params)
	if err := checkPage(p.Limit, p.Offset); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/lids"}, class: classRead}
	return call[[]LIDMapping](ctx, s.client, ep, input{query: p})
}

// LIDsIter yields every LID mapping from params.Offset on, fetching pages of
// params.Limit mappings (100 when 0) lazily until a short page. params may be
// nil and is never modified.
func (s *ContactsService) LIDsIter(ctx context.Context, params *ContactLIDsParams) iter.Seq2[LIDMapping, error] {
	p := valueOf(params)
	return offsetPages(ctx, p.Offset, p.Limit, func(ctx context.Context, offset, limit int) ([]LIDMapping, error) {
		page := p
		page.Offset, page.Limit = offset, limit
		return s.LIDs(ctx, &page)
	})
}

// LIDCount returns how many LID mappings the server knows.
//
// Wawp API: GET /lids/count
func (s *ContactsService) LIDCount(ctx context.Context) (int, error) {
	ep := endpoint{route: route{http.MethodGet, "/lids/count"}, class: classRead}
	out, err := call[struct {
		Count int `json:"count"`
	}](ctx, s.client, ep, input{})
	return out.Count, err
}

// ResolveLID returns the phone-number chat ID (@c.us) of a hidden linked ID.
// lid may be "<digits>@lid" or bare digits. It pages through LIDs until it
// finds the mapping, so each call may cost several requests; use a
// LIDResolver to answer repeated lookups from a cache. The error wraps
// ErrNotFound when the server knows no phone number for lid.
func (s *ContactsService) ResolveLID(ctx context.Context, lid ChatID) (ChatID, error) {
	key, err := lidKey(lid)
	if err != nil {
		return "", err
	}
	return s.findMapping(ctx, lidLookup(key))
}

// ResolvePhone returns the hidden linked ID (@lid) of a phone number, given
// as a @c.us chat ID or a number in international form. It pages through
// LIDs until it finds the mapping, so each call may cost several requests;
// use a LIDResolver to answer repeated lookups from a cache. The error wraps
// ErrNotFound when the server knows no LID for phone.
func (s *ContactsService) ResolvePhone(ctx context.Context, phone ChatID) (ChatID, error) {
	key, err := phoneKey(phone)
	if err != nil {
		return "", err
	}
	return s.findMapping(ctx, phoneLookup(key))
}

// findMapping pages through the LID mappings until one answers l.
func (s *ContactsService) findMapping(ctx context.Context, l lookup) (ChatID, error) {
	for m, err := range s.LIDsIter(ctx, nil) {
		if err != nil {
			return "", err
		}
		if answer, ok := l.match(m); ok {
			return answer, nil
		}
	}
	return "", l.notFound()
}

// lidKey checks a LID and gives it its @lid suffix when it came bare.
func lidKey(lid ChatID) (ChatID, error) {
	s := strings.TrimSpace(string(lid))
	if isDigits(s) {
		s += SuffixLID
	}
	key := ChatID(s)
	if !key.IsLID() || !isDigits(key.User()) {
		return "", &ValidationError{Field: "lid", Reason: fmt.Sprintf("%q is not a linked ID (<digits>@lid)", s)}
	}
	return key, nil
}

// phoneKey turns a phone number or @c.us chat ID into its @c.us form.
func phoneKey(phone ChatID) (ChatID, error) {
	key, err := UserChatID(string(phone))
	if err != nil {
		return "", &ValidationError{Field: "phone", Reason: fmt.Sprintf("%q is not a phone number or @c.us chat ID", string(phone))}
	}
	return key, nil
}

// canonicalPhone gives a mapping's phone side in @c.us form, converting the
// engine-internal @s.whatsapp.net form some servers send.
func canonicalPhone(id ChatID) ChatID {
	if parsed, err := ParseChatID(string(id)); err == nil {
		return parsed
	}
	return id
}

// Defaults of LIDResolverOptions.
const (
	DefaultLIDResolverMaxEntries     = 10000
	DefaultLIDResolverRefillInterval = time.Minute
)

// LIDResolverOptions tunes a LIDResolver. Zero values take the defaults.
type LIDResolverOptions struct {
	// MaxEntries bounds how many mappings the cache keeps; mappings past it
	// are not cached. Default DefaultLIDResolverMaxEntries.
	MaxEntries int
	// MinRefillInterval is the shortest time between two refills of the
	// cache; a miss sooner than that after a refill answers not found without
	// a request. Default DefaultLIDResolverRefillInterval.
	MinRefillInterval time.Duration
	// PageSize is the limit of each LIDs request during a refill. Default 100.
	PageSize int
}

// LIDResolver maps hidden linked IDs to phone numbers and back from a cache
// of the server's LID mappings. A lookup that misses refills the whole
// cache once, by paging through LIDs, unless the last refill is more recent
// than MinRefillInterval. It is safe for concurrent use; concurrent misses
// share one refill.
type LIDResolver struct {
	contacts *ContactsService
	opts     LIDResolverOptions
	// now tells the time; tests replace it.
	now func() time.Time

	// refilling holds one token: whoever takes it may refill.
	refilling chan struct{}

	mu       sync.Mutex
	byLID    map[ChatID]ChatID
	byPhone  map[ChatID]ChatID
	filledAt time.Time
}

// NewLIDResolver returns an empty resolver that fills itself from this
// service's LIDs endpoint on the first lookup.
func (s *ContactsService) NewLIDResolver(opts LIDResolverOptions) *LIDResolver {
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultLIDResolverMaxEntries
	}
	if opts.MinRefillInterval <= 0 {
		opts.MinRefillInterval = DefaultLIDResolverRefillInterval
	}
	if opts.PageSize <= 0 {
		opts.PageSize = defaultPageSize
	}
	return &LIDResolver{
		contacts:  s,
		opts:      opts,
		now:       time.Now,
		refilling: make(chan struct{}, 1),
	}
}

// ResolveLID returns the phone-number chat ID (@c.us) of a hidden linked ID,
// given as "<digits>@lid" or bare digits. The error wraps ErrNotFound when
// the server knows no phone number for lid.
func (r *LIDResolver) ResolveLID(ctx context.Context, lid ChatID) (ChatID, error) {
	key, err := lidKey(lid)
	if err != nil {
		return "", err
	}
	return r.resolve(ctx, lidLookup(key))
}

// ResolvePhone returns the hidden linked ID (@lid) of a phone number, given
// as a @c.us chat ID or a number in international form. The error wraps
// ErrNotFound when the server knows no LID for phone.
func (r *LIDResolver) ResolvePhone(ctx context.Context, phone ChatID) (ChatID, error) {
	key, err := phoneKey(phone)
	if err != nil {
		return "", err
	}
	return r.resolve(ctx, phoneLookup(key))
}

// lookup is one question asked of the mappings, in either direction.
type lookup struct {
	key     ChatID
	fromLID bool
}

func lidLookup(lid ChatID) lookup     { return lookup{key: lid, fromLID: true} }
func phoneLookup(phone ChatID) lookup { return lookup{key: phone} }

// match answers the lookup from one mapping.
func (l lookup) match(m LIDMapping) (ChatID, bool) {
	if m.LID == "" || m.Phone == "" {
		return "", false
	}
	if l.fromLID {
		return canonicalPhone(m.Phone), m.LID == l.key
	}
	return m.LID, canonicalPhone(m.Phone) == l.key
}

func (l lookup) notFound() error {
	if l.fromLID {
		return fmt.Errorf("wawp: lid %s: %w", l.key, ErrNotFound)
	}
	return fmt.Errorf("wawp: phone %s: %w", l.key, ErrNotFound)
}

// resolve answers from the cache, refilling it once on a miss when the last
// refill is old enough.
func (r *LIDResolver) resolve(ctx context.Context, l lookup) (ChatID, error) {
	if answer, ok := r.cached(l); ok {
		return answer, nil
	}
	if ctx == nil {
		return "", &ValidationError{Field: "ctx", Reason: "must not be nil"}
	}
	select {
	case r.refilling <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-r.refilling }()
	// Another lookup may have refilled the cache while this one waited.
	if answer, ok := r.cached(l); ok {
		return answer, nil
	}
	if !r.dueForRefill() {
		return "", l.notFound()
	}
	answer, ok, err := r.refill(ctx, l)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", l.notFound()
	}
	return answer, nil
}

func (r *LIDResolver) cached(l lookup) (ChatID, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	table := r.byPhone
	if l.fromLID {
		table = r.byLID
	}
	answer, ok := table[l.key]
	return answer, ok
}

func (r *LIDResolver) dueForRefill() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.filledAt.IsZero() || r.now().Sub(r.filledAt) >= r.opts.MinRefillInterval
}

// refill replaces the cache with the server's mappings, up to MaxEntries, and
// answers l on the way, so a mapping past the bound is still found. Once the
// cache is full and l answered, it stops paging. On error the old cache stays
// and the next miss may try again.
func (r *LIDResolver) refill(ctx context.Context, l lookup) (ChatID, bool, error) {
	var answer ChatID
	var found bool
	byLID := make(map[ChatID]ChatID)
	byPhone := make(map[ChatID]ChatID)
	for m, err := range r.contacts.LIDsIter(ctx, &ContactLIDsParams{Limit: r.opts.PageSize}) {
		if err != nil {
			return "", false, err
		}
		if !found {
			answer, found = l.match(m)
		}
		full := len(byLID) >= r.opts.MaxEntries
		if full && found {
			break
		}
		if full || m.LID == "" || m.Phone == "" {
			continue
		}
		phone := canonicalPhone(m.Phone)
		byLID[m.LID] = phone
		byPhone[phone] = m.LID
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byLID, r.byPhone, r.filledAt = byLID, byPhone, r.now()
	return answer, found, nil
}

// PhoneLID is the hidden linked ID (LID) of a phone number.
type PhoneLID struct {
	// LID is the number's @lid chat ID; empty when the server knows none.
	LID ChatID `json:"lid"`
	// Number is the phone number in digits, as the server echoes it.
	Number string `json:"number"`
}

type numberQuery struct {
	Number string `url:"number"`
}

// LIDByPhone returns the LID of phone, a number in international form ('+',
// spaces, dashes and a leading 00 are removed first). The LID is empty when
// the server knows none.
//
// Wawp API: GET /v2/lids/pn/{number}
func (s *ContactsService) LIDByPhone(ctx context.Context, phone string) (*PhoneLID, error) {
	// The same phone forms as Auth.RequestCode: digits, "+", spaces, dashes,
	// a leading 00, or a @c.us chat ID.
	chat, err := UserChatID(phone)
	if err != nil {
		return nil, &ValidationError{Field: "number", Reason: "must be a phone number in international form"}
	}
	phone = chat.User()
	ep := endpoint{route: route{http.MethodGet, "/lids/pn/{number}"}, class: classRead, version: apiV2}
	// The documented sample sends the number in the query as well as in the
	// path; both are sent so that either reading works.
	return callRef[PhoneLID](ctx, s.client, ep, input{path: []string{phone}, query: numberQuery{Number: phone}})
}
