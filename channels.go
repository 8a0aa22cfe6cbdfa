package wawp

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strings"
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

type channelRoleQuery struct {
	Role ChannelRole `url:"role,omitempty"`
}

// List returns the channels the session knows: those it owns, administers
// or follows. role narrows the list; "" returns all.
//
// Wawp API: GET /channels
func (s *ChannelsService) List(ctx context.Context, role ChannelRole) ([]Channel, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "channels", channelRoleQuery{Role: role}, nil)
	if err != nil {
		return nil, err
	}
	var out []Channel
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateChannelParams describes a new channel. Name is required.
type CreateChannelParams struct {
	Name        string
	Description string
	// Picture is the channel picture; nil creates the channel without one.
	Picture *File
	// Type is sent only when set; its meaning is not documented.
	Type string
}

type createChannelBody struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Picture     *File  `json:"picture,omitempty"`
	Type        string `json:"type,omitempty"`
}

// Create makes a channel owned by the session and returns it.
//
// Wawp API: POST /channels
func (s *ChannelsService) Create(ctx context.Context, params CreateChannelParams) (*Channel, error) {
	if strings.TrimSpace(params.Name) == "" {
		return nil, &ValidationError{Field: "name", Reason: "is required"}
	}
	body := createChannelBody{Name: params.Name, Description: params.Description, Type: params.Type}
	if params.Picture != nil {
		picture, err := params.Picture.prepare("picture")
		if err != nil {
			return nil, err
		}
		body.Picture = &picture
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "channels", nil, body)
	if err != nil {
		return nil, err
	}
	var out Channel
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns a channel by its ID; upstream servers also accept an invite
// code here.
//
// Wawp API: GET /channels/{id}
func (s *ChannelsService) Get(ctx context.Context, id ChatID) (*Channel, error) {
	if err := required("id", string(id)); err != nil {
		return nil, err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("channels/%s", string(id)), nil, nil)
	if err != nil {
		return nil, err
	}
	var out Channel
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes a channel the session owns.
//
// Wawp API: DELETE /channels/{id}
func (s *ChannelsService) Delete(ctx context.Context, id ChatID) error {
	if err := required("id", string(id)); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodDelete, pathf("channels/%s", string(id)), nil, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}

// PreviewChannelMessagesParams selects the posts PreviewMessages returns.
type PreviewChannelMessagesParams struct {
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
func (s *ChannelsService) PreviewMessages(ctx context.Context, id ChatID, params *PreviewChannelMessagesParams) ([]ChannelMessage, error) {
	if err := required("id", string(id)); err != nil {
		return nil, err
	}
	var p PreviewChannelMessagesParams
	if params != nil {
		p = *params
	}
	if p.Limit < 0 {
		return nil, &ValidationError{Field: "limit", Reason: "must not be negative"}
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, pathf("channels/%s/messages/preview", string(id)), p, nil)
	if err != nil {
		return nil, err
	}
	var out []ChannelMessage
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Follow subscribes the session to a channel.
//
// Wawp API: POST /channels/{id}/follow
func (s *ChannelsService) Follow(ctx context.Context, id ChatID) error {
	return s.channelAction(ctx, id, "follow")
}

// Unfollow unsubscribes the session from a channel.
//
// Wawp API: POST /channels/{id}/unfollow
func (s *ChannelsService) Unfollow(ctx context.Context, id ChatID) error {
	return s.channelAction(ctx, id, "unfollow")
}

// Mute silences a followed channel's notifications.
//
// Wawp API: POST /channels/{id}/mute
func (s *ChannelsService) Mute(ctx context.Context, id ChatID) error {
	return s.channelAction(ctx, id, "mute")
}

// Unmute restores a followed channel's notifications.
//
// Wawp API: POST /channels/{id}/unmute
func (s *ChannelsService) Unmute(ctx context.Context, id ChatID) error {
	return s.channelAction(ctx, id, "unmute")
}

// channelAction sends a POST that sets a channel's state; repeating it
// changes nothing more, so it retries like a read.
func (s *ChannelsService) channelAction(ctx context.Context, id ChatID, action string) error {
	if err := required("id", string(id)); err != nil {
		return err
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, pathf("channels/%s/", string(id))+action, nil, nil)
	if err != nil {
		return err
	}
	req.legacy.idempotent = true
	return s.client.do(req, nil)
}

// SearchChannelsByViewParams searches the channel directory by view.
type SearchChannelsByViewParams struct {
	// View is required: a value from SearchViews, such as "RECOMMENDED".
	View string `url:"view"`
	// Countries are country codes from SearchCountries, such as "US".
	Countries []string `url:"countries,brackets,omitempty"`
	// Categories are values from SearchCategories.
	Categories []string `url:"categories,brackets,omitempty"`
	// Limit is the page size; 0 leaves it to the server.
	Limit int `url:"limit,omitempty"`
	// StartCursor continues a search: the previous page's NextCursor.
	StartCursor string `url:"startCursor,omitempty"`
}

// SearchChannelsByTextParams searches the channel directory by text.
type SearchChannelsByTextParams struct {
	// Text is required.
	Text string `url:"text"`
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
func (s *ChannelsService) SearchByView(ctx context.Context, params SearchChannelsByViewParams) (*ChannelSearchResult, error) {
	if err := required("view", params.View); err != nil {
		return nil, err
	}
	if params.Limit < 0 {
		return nil, &ValidationError{Field: "limit", Reason: "must not be negative"}
	}
	return s.search(ctx, params)
}

// SearchByText returns a page of channels whose name or description match
// the text.
//
// Wawp API: GET /channels/search
func (s *ChannelsService) SearchByText(ctx context.Context, params SearchChannelsByTextParams) (*ChannelSearchResult, error) {
	if err := required("text", params.Text); err != nil {
		return nil, err
	}
	if params.Limit < 0 {
		return nil, &ValidationError{Field: "limit", Reason: "must not be negative"}
	}
	return s.search(ctx, params)
}

func (s *ChannelsService) search(ctx context.Context, params any) (*ChannelSearchResult, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "channels/search", params, nil)
	if err != nil {
		return nil, err
	}
	var out ChannelSearchResult
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SearchByViewIter yields every channel of a view search from
// params.StartCursor on, fetching pages lazily and following each page's
// end cursor until the last page. params is never modified.
func (s *ChannelsService) SearchByViewIter(ctx context.Context, params SearchChannelsByViewParams) iter.Seq2[Channel, error] {
	return cursorPages(ctx, params.StartCursor, func(ctx context.Context, cursor string) ([]Channel, string, error) {
		page := params
		page.StartCursor = cursor
		return channelPage(s.SearchByView(ctx, page))
	})
}

// SearchByTextIter yields every channel of a text search from
// params.StartCursor on, fetching pages lazily and following each page's
// end cursor until the last page. params is never modified.
func (s *ChannelsService) SearchByTextIter(ctx context.Context, params SearchChannelsByTextParams) iter.Seq2[Channel, error] {
	return cursorPages(ctx, params.StartCursor, func(ctx context.Context, cursor string) ([]Channel, string, error) {
		page := params
		page.StartCursor = cursor
		return channelPage(s.SearchByText(ctx, page))
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
	var out []ChannelSearchOption
	if err := s.searchMetadata(ctx, "channels/search/views", &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SearchCountries returns the countries SearchByView accepts.
//
// Wawp API: GET /channels/search/countries
func (s *ChannelsService) SearchCountries(ctx context.Context) ([]ChannelCountry, error) {
	var out []ChannelCountry
	if err := s.searchMetadata(ctx, "channels/search/countries", &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SearchCategories returns the categories both searches accept.
//
// Wawp API: GET /channels/search/categories
func (s *ChannelsService) SearchCategories(ctx context.Context) ([]ChannelSearchOption, error) {
	var out []ChannelSearchOption
	if err := s.searchMetadata(ctx, "channels/search/categories", &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *ChannelsService) searchMetadata(ctx context.Context, path string, out any) error {
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, path, nil, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, out)
}
