package wawptest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// Channel is a public WhatsApp channel in the server's search directory.
// Seed more with Server.AddChannel.
type Channel struct {
	// ID is the channel's chat ID, "<digits>@newsletter".
	ID wawp.ChatID
	// Name and Description are what search by text matches.
	Name        string
	Description string
	// Country is an ISO 3166 code such as "US"; search by view filters on it.
	Country string
	// Category is a category value such as "NEWS" (see /channels/search/categories).
	Category string
	// Verified marks a channel with WhatsApp's verified badge.
	Verified bool
	// Subscribers orders search results: most subscribers first.
	Subscribers int
	// PictureURL is the channel picture; empty for none.
	PictureURL string
}

const channelLinkPrefix = "https://www.whatsapp.com/channel/"

// channelJSON is WAHA's Channel; Role is empty in search results.
type channelJSON struct {
	ID               wawp.ChatID `json:"id"`
	Name             string      `json:"name"`
	Invite           string      `json:"invite"`
	Preview          *string     `json:"preview"`
	Picture          *string     `json:"picture"`
	Description      string      `json:"description"`
	Verified         bool        `json:"verified"`
	Role             string      `json:"role,omitempty"`
	SubscribersCount int         `json:"subscribersCount"`
}

func (ch Channel) inviteCode() string {
	return "0029Va" + strings.ToUpper(strconv.FormatUint(hashString(string(ch.ID)), 36))
}

func (ch Channel) view(role string) channelJSON {
	return channelJSON{
		ID:               ch.ID,
		Name:             ch.Name,
		Invite:           channelLinkPrefix + ch.inviteCode(),
		Preview:          nullable(ch.PictureURL),
		Picture:          nullable(ch.PictureURL),
		Description:      ch.Description,
		Verified:         ch.Verified,
		Role:             role,
		SubscribersCount: ch.Subscribers,
	}
}

// hashString is FNV-1a, for stable made-up codes.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// seedDirectory is the public channel directory every server starts with.
func seedDirectory() []*Channel {
	seed := []struct {
		name, description, country, category string
		subscribers                          int
	}{
		{"Daily Headlines", "World news every morning", "US", "NEWS", 120000},
		{"Tech Today", "Gadgets, apps and tech news", "US", "NEWS", 95000},
		{"Goal!", "Football scores and highlights", "GB", "SPORTS", 310000},
		{"Cricket Live", "Ball-by-ball cricket updates", "IN", "SPORTS", 540000},
		{"Cinema Club", "Trailers and film news", "US", "ENTERTAINMENT", 70000},
		{"Music Weekly", "New releases every Friday", "BR", "ENTERTAINMENT", 45000},
		{"Healthy Living", "Recipes and fitness tips", "GB", "LIFESTYLE", 38000},
		{"Travel Notes", "Places worth a visit", "ES", "LIFESTYLE", 26000},
		{"Startup Digest", "Funding rounds and founders", "DE", "BUSINESS", 18000},
		{"Market Watch", "Stocks and currencies news", "US", "BUSINESS", 64000},
		{"Campus Life", "Students sharing their days", "EG", "PEOPLE", 9000},
		{"Creators Corner", "Behind the scenes with creators", "IN", "PEOPLE", 12000},
	}
	out := make([]*Channel, len(seed))
	for i, c := range seed {
		out[i] = &Channel{
			ID:          wawp.ChatID(fmt.Sprintf("1203630000000000%02d@newsletter", i+1)),
			Name:        c.name,
			Description: c.description,
			Country:     c.country,
			Category:    c.category,
			Verified:    c.subscribers >= 50000,
			Subscribers: c.subscribers,
		}
	}
	return out
}

// channelViews, channelCountries and channelCategories are the search metadata.
func channelViews() []map[string]string {
	return []map[string]string{
		{"value": "RECOMMENDED", "name": "Recommended"},
		{"value": "TRENDING", "name": "Trending"},
		{"value": "POPULAR", "name": "Popular"},
		{"value": "NEW", "name": "New"},
	}
}

func channelCountries() []map[string]string {
	return []map[string]string{
		{"code": "BR", "name": "Brazil"},
		{"code": "DE", "name": "Germany"},
		{"code": "EG", "name": "Egypt"},
		{"code": "ES", "name": "Spain"},
		{"code": "GB", "name": "United Kingdom"},
		{"code": "IN", "name": "India"},
		{"code": "US", "name": "United States"},
	}
}

func channelCategories() []map[string]string {
	return []map[string]string{
		{"value": "BUSINESS", "name": "Businesses"},
		{"value": "ENTERTAINMENT", "name": "Entertainment"},
		{"value": "LIFESTYLE", "name": "Lifestyle"},
		{"value": "NEWS", "name": "News"},
		{"value": "PEOPLE", "name": "People"},
		{"value": "SPORTS", "name": "Sports"},
	}
}

// findChannel resolves a channel ID, invite code or invite link to the
// session's own entry (with its role) or the public directory (GUEST).
func (c *call) findChannel(raw string) (Channel, *followedChannel, *apiError) {
	code := strings.TrimPrefix(raw, channelLinkPrefix)
	for _, fc := range c.inst.channels {
		if string(fc.channel.ID) == raw || fc.channel.inviteCode() == code {
			return fc.channel, fc, nil
		}
	}
	for _, ch := range c.s.directory {
		if string(ch.ID) == raw || ch.inviteCode() == code {
			return *ch, nil, nil
		}
	}
	return Channel{}, nil, errNotFound("channel", raw)
}

func handleListChannels(c *call) (any, *apiError) {
	role := strings.ToUpper(c.optional("role"))
	switch role {
	case "", "OWNER", "ADMIN", "SUBSCRIBER":
	default:
		return nil, errInvalid("role", "must be OWNER, ADMIN or SUBSCRIBER")
	}
	out := []channelJSON{}
	for _, fc := range c.inst.channels {
		if role == "" || fc.role == role {
			out = append(out, fc.channel.view(fc.role))
		}
	}
	slices.SortFunc(out, func(a, b channelJSON) int { return strings.Compare(string(a.ID), string(b.ID)) })
	return out, nil
}

func handleCreateChannel(c *call) (any, *apiError) {
	name, err := c.required("name")
	if err != nil {
		return nil, err
	}
	var body struct {
		Picture *remoteFile `json:"picture"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	ch := Channel{
		ID:          wawp.ChatID("120363" + randomDigits(12) + wawp.SuffixChannel),
		Name:        name,
		Description: c.optional("description"),
	}
	if body.Picture != nil {
		media, err := body.Picture.media("picture.url")
		if err != nil {
			return nil, err
		}
		ch.PictureURL = media.URL
	}
	c.inst.channels[ch.ID] = &followedChannel{channel: ch, role: "OWNER"}
	c.inst.chat(ch.ID, c.now)
	return ch.view("OWNER"), nil
}

func handleGetChannel(c *call) (any, *apiError) {
	ch, fc, err := c.findChannel(c.vars["id"])
	if err != nil {
		return nil, err
	}
	if fc != nil {
		return ch.view(fc.role), nil
	}
	return ch.view("GUEST"), nil
}

func handleDeleteChannel(c *call) (any, *apiError) {
	_, fc, err := c.findChannel(c.vars["id"])
	if err != nil {
		return nil, err
	}
	if fc == nil || fc.role != "OWNER" {
		return nil, errInvalid("id", "must be a channel the session owns")
	}
	delete(c.inst.channels, fc.channel.ID)
	return success()
}

// channelMessageJSON is WAHA's ChannelMessage.
type channelMessageJSON struct {
	Reactions map[string]int `json:"reactions"`
	Message   wawp.Message   `json:"message"`
	ViewCount int            `json:"viewCount"`
}

// handlePreviewChannel lists a channel's latest posts, newest first: what
// the session sent to it, then three made-up posts for directory channels.
func handlePreviewChannel(c *call) (any, *apiError) {
	ch, _, err := c.findChannel(c.vars["id"])
	if err != nil {
		return nil, err
	}
	limit, err := c.intParam("limit", 50, 1, 200)
	if err != nil {
		return nil, err
	}
	download, err := c.boolParam("downloadMedia", false)
	if err != nil {
		return nil, err
	}
	var posts []wawp.Message
	if own, ok := c.inst.chats[ch.ID]; ok {
		for _, m := range own.newestFirst() {
			posts = append(posts, mediaUnless(m.msg, download))
		}
	}
	if slices.ContainsFunc(c.s.directory, func(d *Channel) bool { return d.ID == ch.ID }) {
		posts = append(posts, directoryPosts(ch, c.now)...)
	}
	out := []channelMessageJSON{}
	for i, m := range window(posts, limit, 0) {
		out = append(out, channelMessageJSON{Reactions: map[string]int{"👍": 10 * (i + 1)}, Message: m, ViewCount: 100 * (i + 1)})
	}
	return out, nil
}

// directoryPosts are three posts a directory channel shows, newest first.
func directoryPosts(ch Channel, now time.Time) []wawp.Message {
	var out []wawp.Message
	for i := 3; i >= 1; i-- {
		at := now.Add(-time.Duration(4-i) * time.Hour).UTC().Truncate(time.Second)
		out = append(out, wawp.Message{
			ID:        wawp.MessageIDParts{Chat: ch.ID, ID: fmt.Sprintf("3EB0%016X", hashString(string(ch.ID))+uint64(i))}.MessageID(),
			Timestamp: wawp.Timestamp{Time: at},
			From:      ch.ID,
			To:        ch.ID,
			Body:      fmt.Sprintf("%s: post %d", ch.Name, i),
			Ack:       wawp.AckRead,
			AckName:   wawp.AckRead.String(),
		})
	}
	return out
}

func handleFollowChannel(follow bool) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		ch, fc, err := c.findChannel(c.vars["id"])
		if err != nil {
			return nil, err
		}
		switch {
		case follow && fc == nil:
			c.inst.channels[ch.ID] = &followedChannel{channel: ch, role: "SUBSCRIBER"}
		case !follow && fc != nil && fc.role == "SUBSCRIBER":
			delete(c.inst.channels, ch.ID)
		case !follow && fc != nil:
			return nil, errInvalid("id", "must be a channel the session follows, not one it runs")
		}
		return success()
	}
}

func handleMuteChannel(mute bool) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		_, fc, err := c.findChannel(c.vars["id"])
		if err != nil {
			return nil, err
		}
		if fc == nil {
			return nil, errInvalid("id", "must be a channel the session follows")
		}
		fc.muted = mute
		return success()
	}
}

// handleSearchChannels searches the directory by view (with country and
// category filters) or by text, with cursor paging.
func handleSearchChannels(c *call) (any, *apiError) {
	view, text := strings.ToUpper(c.optional("view")), strings.ToLower(c.optional("text"))
	if view == "" && text == "" {
		return nil, errMissing("view")
	}
	if view != "" && !slices.ContainsFunc(channelViews(), func(v map[string]string) bool { return v["value"] == view }) {
		return nil, errInvalid("view", "must be RECOMMENDED, TRENDING, POPULAR or NEW")
	}
	limit, err := c.intParam("limit", 50, 1, 1000)
	if err != nil {
		return nil, err
	}
	start := c.optional("startCursor")
	offset, ok := decodeCursor(start)
	if !ok {
		return nil, errInvalid("startCursor", "is not a cursor this server returned")
	}
	countries, categories := c.list("countries"), c.list("categories")
	var found []Channel
	for _, ch := range c.s.directory {
		switch {
		case text != "" && !strings.Contains(strings.ToLower(ch.Name+" "+ch.Description), text):
		case len(countries) > 0 && !slices.Contains(countries, ch.Country):
		case len(categories) > 0 && !slices.Contains(categories, ch.Category):
		default:
			found = append(found, *ch)
		}
	}
	if view == "NEW" {
		slices.Reverse(found)
	} else {
		slices.SortStableFunc(found, func(a, b Channel) int { return cmp.Compare(b.Subscribers, a.Subscribers) })
	}
	page := window(found, limit, offset)
	channels := make([]channelJSON, len(page))
	for i, ch := range page {
		channels[i] = ch.view("")
	}
	var end *string
	if len(page) > 0 {
		next := encodeCursor(offset + len(page))
		end = &next
	}
	return map[string]any{
		"page": map[string]any{
			"startCursor":     nullable(start),
			"endCursor":       end,
			"hasNextPage":     offset+len(page) < len(found),
			"hasPreviousPage": offset > 0,
		},
		"channels": channels,
	}, nil
}

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func decodeCursor(cursor string) (int, bool) {
	if cursor == "" {
		return 0, true
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
	if err != nil || n < 0 || !strings.HasPrefix(string(raw), "offset:") {
		return 0, false
	}
	return n, true
}

func handleSearchViews(*call) (any, *apiError)      { return channelViews(), nil }
func handleSearchCountries(*call) (any, *apiError)  { return channelCountries(), nil }
func handleSearchCategories(*call) (any, *apiError) { return channelCategories(), nil }
