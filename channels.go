package wawp

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// ChannelsService creates, finds, follows and mutes WhatsApp channels
// (newsletters) and previews their posts.
type ChannelsService service

// ChannelRole is the session's role in a channel. It is an open enum.
type ChannelRole string

// Channel roles.
const (
	ChannelRoleOwner      ChannelRole = "OWNER"
	ChannelRoleAdmin      ChannelRole = "ADMIN"
	ChannelRoleSubscriber ChannelRole = "SUBSCRIBER"
	ChannelRoleGuest      ChannelRole = "GUEST"
)

// String returns the role name.
func (r ChannelRole) String() string { return string(r) }

// IsKnown reports whether r is one of the documented roles.
func (r ChannelRole) IsKnown() bool {
	switch r {
	case ChannelRoleOwner, ChannelRoleAdmin, ChannelRoleSubscriber, ChannelRoleGuest:
		return true
	}
	return false
}

// Channel is a WhatsApp channel.
type Channel struct {
	// ID is the channel's chat ID, such as "123123123123@newsletter".
	ID   ChatID `json:"id"`
	Name string `json:"name"`
	// Invite is the channel link, https://www.whatsapp.com/channel/<code>.
	Invite string `json:"invite"`
	// Preview and Picture are picture URLs; "" when the channel has none.
	Preview     string `json:"preview"`
	Picture     string `json:"picture"`
	Description string `json:"description"`
	Verified    bool   `json:"verified"`
	// Role is empty in search results, which describe channels publicly.
	Role ChannelRole `json:"role,omitempty"`
	// SubscribersCount is nil when the server does not report it.
	SubscribersCount *int `json:"subscribersCount,omitempty"`
}

// ChannelView is a view of the channel directory that SearchByView lists.
// It is an open enum: SearchViews returns the values a server accepts.
type ChannelView string

// Channel views the reference documents.
const (
	ChannelViewRecommended ChannelView = "RECOMMENDED"
)

// String returns the view name.
func (v ChannelView) String() string { return string(v) }

// IsKnown reports whether v is one of the documented views.
func (v ChannelView) IsKnown() bool { return v == ChannelViewRecommended }

// ChannelListParams narrows List. The zero value lists every channel.
type ChannelListParams struct {
	// Role keeps the channels where the session has this role; "" keeps all.
	Role ChannelRole `url:"role,omitempty"`
}

// List returns the channels the session knows: those it owns, administers
// or follows. params may be nil.
//
// Wawp API: GET /channels
func (s *ChannelsService) List(ctx context.Context, params *ChannelListParams) ([]Channel, error) {
	var p ChannelListParams
	if params != nil {
		p = *params
	}
	ep := endpoint{route: route{http.MethodGet, "/channels"}, class: classRead}
	return call[[]Channel](ctx, s.client, ep, input{query: p})
}

// ChannelCreateParams describes a new channel. Name is required.
type ChannelCreateParams struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Picture is the channel picture; nil creates the channel without one.
	Picture *File `json:"picture,omitempty"`
	// Type is sent only when set; Wawp's own client sends it, its meaning
	// is not documented.
	Type string `json:"type,omitempty"`
}

// Create makes a channel owned by the session and returns it. A repeated
// create would make a second channel, so it is never repeated after an
// ambiguous failure.
//
// Wawp API: POST /channels
func (s *ChannelsService) Create(ctx context.Context, params ChannelCreateParams) (*Channel, error) {
	if err := required("name", params.Name); err != nil {
		return nil, err
	}
	if params.Picture != nil {
		picture, err := params.Picture.prepare("picture")
		if err != nil {
			return nil, err
		}
		params.Picture = &picture
	}
	ep := endpoint{route: route{http.MethodPost, "/channels"}, class: classWrite}
	return callRef[Channel](ctx, s.client, ep, input{body: params})
}

// ChannelGetParams holds Get's optional query.
type ChannelGetParams struct {
	// Name is sent only when set. Wawp's own client documents it next to
	// the ID; upstream servers ignore it.
	Name string `url:"name,omitempty"`
}

// Get returns a channel by its ID. params may be nil.
//
// Wawp API: GET /channels/{id}
func (s *ChannelsService) Get(ctx context.Context, channelID ChatID, params *ChannelGetParams) (*Channel, error) {
	if err := checkChatID("id", channelID); err != nil {
		return nil, err
	}
	var p ChannelGetParams
	if params != nil {
		p = *params
	}
	ep := endpoint{route: route{http.MethodGet, "/channels/{id}"}, class: classRead}
	return callRef[Channel](ctx, s.client, ep, input{path: []string{string(channelID)}, query: p})
}

// Delete deletes a channel the session owns.
//
// Wawp API: DELETE /channels/{id}
func (s *ChannelsService) Delete(ctx context.Context, channelID ChatID) error {
	ep := endpoint{route: route{http.MethodDelete, "/channels/{id}"}, class: classIdempotentWrite}
	return s.channelCall(ctx, ep, channelID)
}

// ChannelPreviewMessagesParams selects the posts PreviewMessages returns.
type ChannelPreviewMessagesParams struct {
	// DownloadMedia asks the server to fetch the posts' media; it is always
	// sent, false included.
	DownloadMedia bool `url:"downloadMedia"`
	// Limit is the number of posts; 0 leaves it to the server.
	Limit int `url:"limit,omitempty"`
}

// ChannelMessage is a channel post with its public counters.
type ChannelMessage struct {
	// Reactions counts each emoji reaction.
	Reactions map[string]int `json:"reactions"`
	// Message is nil when the server sent none, or one in a shape the
	// Message type cannot hold.
	Message   *Message `json:"message"`
	ViewCount int      `json:"viewCount"`
}

// UnmarshalJSON reads the post with engineMessage, so engines that send the
// message ID as an object decode too.
func (m *ChannelMessage) UnmarshalJSON(b []byte) error {
	var wire struct {
		Reactions map[string]int  `json:"reactions"`
		Message   json.RawMessage `json:"message"`
		ViewCount int             `json:"viewCount"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	*m = ChannelMessage{Reactions: wire.Reactions, Message: engineMessage(wire.Message), ViewCount: wire.ViewCount}
	return nil
}

// PreviewMessages returns a channel's latest posts without following it.
// params may be nil.
//
// Wawp API: GET /channels/{id}/messages/preview
func (s *ChannelsService) PreviewMessages(ctx context.Context, channelID ChatID, params *ChannelPreviewMessagesParams) ([]ChannelMessage, error) {
	if err := checkChatID("id", channelID); err != nil {
		return nil, err
	}
	var p ChannelPreviewMessagesParams
	if params != nil {
		p = *params
	}
	if p.Limit < 0 {
		return nil, &ValidationError{Field: "limit", Reason: "must not be negative"}
	}
	ep := endpoint{route: route{http.MethodGet, "/channels/{id}/messages/preview"}, class: classRead}
	return call[[]ChannelMessage](ctx, s.client, ep, input{path: []string{string(channelID)}, query: p})
}

// The follow state calls set a state: repeating one changes nothing more.

// Follow subscribes the session to a channel.
//
// Wawp API: POST /channels/{id}/follow
func (s *ChannelsService) Follow(ctx context.Context, channelID ChatID) error {
	ep := endpoint{route: route{http.MethodPost, "/channels/{id}/follow"}, class: classIdempotentWrite}
	return s.channelCall(ctx, ep, channelID)
}

// Unfollow unsubscribes the session from a channel.
//
// Wawp API: POST /channels/{id}/unfollow
func (s *ChannelsService) Unfollow(ctx context.Context, channelID ChatID) error {
	ep := endpoint{route: route{http.MethodPost, "/channels/{id}/unfollow"}, class: classIdempotentWrite}
	return s.channelCall(ctx, ep, channelID)
}

// Mute silences a followed channel's notifications.
//
// Wawp API: POST /channels/{id}/mute
func (s *ChannelsService) Mute(ctx context.Context, channelID ChatID) error {
	ep := endpoint{route: route{http.MethodPost, "/channels/{id}/mute"}, class: classIdempotentWrite}
	return s.channelCall(ctx, ep, channelID)
}

// Unmute restores a followed channel's notifications.
//
// Wawp API: POST /channels/{id}/unmute
func (s *ChannelsService) Unmute(ctx context.Context, channelID ChatID) error {
	ep := endpoint{route: route{http.MethodPost, "/channels/{id}/unmute"}, class: classIdempotentWrite}
	return s.channelCall(ctx, ep, channelID)
}

// channelCall sends a call about one channel whose answer carries nothing
// the caller needs.
func (s *ChannelsService) channelCall(ctx context.Context, ep endpoint, channelID ChatID) error {
	if err := checkChatID("id", channelID); err != nil {
		return err
	}
	return s.client.exec(ctx, ep, input{path: []string{string(channelID)}})
}

// ChannelSearchByViewParams searches the channel directory by view. View
// is required, so the params go by value, to SearchByViewIter too.
type ChannelSearchByViewParams struct {
	// View is required: a value from SearchViews, such as
	// ChannelViewRecommended.
	View ChannelView `url:"view"`
	// Countries are country codes from SearchCountries, such as "US".
	Countries []string `url:"countries,brackets,omitempty"`
	// Categories are values from SearchCategories.
	Categories []string `url:"categories,brackets,omitempty"`
	// Limit is the page size; 0 leaves it to the server.
	Limit int `url:"limit,omitempty"`
	// StartCursor continues a search: the previous page's NextCursor.
	StartCursor string `url:"startCursor,omitempty"`
}

// ChannelSearchByTextParams searches the channel directory by text. Text
// is required, so the params go by value, to SearchByTextIter too.
type ChannelSearchByTextParams struct {
	// Text is required.
	Text string `url:"text"`
	// Countries are country codes from SearchCountries, such as "US";
	// Wawp's own client sends them with a text search too.
	Countries []string `url:"countries,brackets,omitempty"`
	// Categories are values from SearchCategories.
	Categories []string `url:"categories,brackets,omitempty"`
	// Limit is the page size; 0 leaves it to the server.
	Limit int `url:"limit,omitempty"`
	// StartCursor continues a search: the previous page's NextCursor.
	StartCursor string `url:"startCursor,omitempty"`
}

// ChannelSearchResult is one page of channel search results.
type ChannelSearchResult struct {
	Page     ChannelSearchPage `json:"page"`
	Channels []Channel         `json:"channels"`
}

// ChannelSearchPage locates a page of search results. Null cursors decode
// as "".
type ChannelSearchPage struct {
	StartCursor     string `json:"startCursor"`
	EndCursor       string `json:"endCursor"`
	HasNextPage     bool   `json:"hasNextPage"`
	HasPreviousPage bool   `json:"hasPreviousPage"`
}

// NextCursor returns the StartCursor of the following page, or "" when this
// is the last page.
func (r *ChannelSearchResult) NextCursor() string {
	if !r.Page.HasNextPage {
		return ""
	}
	return r.Page.EndCursor
}

// SearchByView returns a page of channels from the directory's view, such as
// the recommended channels.
//
// Wawp API: GET /channels/search
func (s *ChannelsService) SearchByView(ctx context.Context, params ChannelSearchByViewParams) (*ChannelSearchResult, error) {
	if err := required("view", string(params.View)); err != nil {
		return nil, err
	}
	if err := checkSearchLimit(params.Limit); err != nil {
		return nil, err
	}
	// One route serves both searches: the server tells them apart by view or text.
	ep := endpoint{route: route{http.MethodGet, "/channels/search"}, class: classRead}
	return callRef[ChannelSearchResult](ctx, s.client, ep, input{query: params})
}

// SearchByText returns a page of channels whose name or description match
// the text.
//
// Wawp API: GET /channels/search
func (s *ChannelsService) SearchByText(ctx context.Context, params ChannelSearchByTextParams) (*ChannelSearchResult, error) {
	if err := required("text", params.Text); err != nil {
		return nil, err
	}
	if err := checkSearchLimit(params.Limit); err != nil {
		return nil, err
	}
	// One route serves both searches: the server tells them apart by view or text.
	ep := endpoint{route: route{http.MethodGet, "/channels/search"}, class: classRead}
	return callRef[ChannelSearchResult](ctx, s.client, ep, input{query: params})
}

func checkSearchLimit(limit int) error {
	if limit < 0 {
		return &ValidationError{Field: "limit", Reason: "must not be negative"}
	}
	return nil
}

// SearchByViewIter yields every channel of a view search from
// params.StartCursor on, fetching pages lazily and following each page's
// end cursor until the last page. params is a copy, never modified.
func (s *ChannelsService) SearchByViewIter(ctx context.Context, params ChannelSearchByViewParams) iter.Seq2[Channel, error] {
	return cursorPages(ctx, params.StartCursor, func(ctx context.Context, cursor string) ([]Channel, string, error) {
		params.StartCursor = cursor
		return channelPage(s.SearchByView(ctx, params))
	})
}

// SearchByTextIter yields every channel of a text search from
// params.StartCursor on, fetching pages lazily and following each page's
// end cursor until the last page. params is a copy, never modified.
func (s *ChannelsService) SearchByTextIter(ctx context.Context, params ChannelSearchByTextParams) iter.Seq2[Channel, error] {
	return cursorPages(ctx, params.StartCursor, func(ctx context.Context, cursor string) ([]Channel, string, error) {
		params.StartCursor = cursor
		return channelPage(s.SearchByText(ctx, params))
	})
}

// channelPage splits a search result into what cursorPages needs.
func channelPage(r *ChannelSearchResult, err error) ([]Channel, string, error) {
	if err != nil {
		return nil, "", err
	}
	return r.Channels, r.NextCursor(), nil
}

// ChannelSearchOption is a search view or category: Value goes into a
// search, Name is for people.
type ChannelSearchOption struct {
	Value string `json:"value"`
	Name  string `json:"name"`
}

// ChannelCountry is a country channel searches can be narrowed to.
type ChannelCountry struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// SearchViews returns the views SearchByView accepts.
//
// Wawp API: GET /channels/search/views
func (s *ChannelsService) SearchViews(ctx context.Context) ([]ChannelSearchOption, error) {
	ep := endpoint{route: route{http.MethodGet, "/channels/search/views"}, class: classRead}
	return call[[]ChannelSearchOption](ctx, s.client, ep, input{})
}

// SearchCountries returns the countries both searches accept.
//
// Wawp API: GET /channels/search/countries
func (s *ChannelsService) SearchCountries(ctx context.Context) ([]ChannelCountry, error) {
	ep := endpoint{route: route{http.MethodGet, "/channels/search/countries"}, class: classRead}
	return call[[]ChannelCountry](ctx, s.client, ep, input{})
}

// SearchCategories returns the categories both searches accept.
//
// Wawp API: GET /channels/search/categories
func (s *ChannelsService) SearchCategories(ctx context.Context) ([]ChannelSearchOption, error) {
	ep := endpoint{route: route{http.MethodGet, "/channels/search/categories"}, class: classRead}
	return call[[]ChannelSearchOption](ctx, s.client, ep, input{})
}
