package wawp

import (
	"context"
	"net/http"
)

// ProfileService reads and changes the WhatsApp profile of the session's own
// account: display name, "About" text and picture.
type ProfileService service

// MyProfile is the session account's own profile.
type MyProfile struct {
	ID ChatID `json:"id"`
	// Picture is the picture URL, or "" when there is none.
	Picture string `json:"picture"`
	Name    string `json:"name"`
}

// Get returns the account's profile.
//
// Wawp API: GET /profile
func (s *ProfileService) Get(ctx context.Context) (*MyProfile, error) {
	ep := endpoint{route: route{http.MethodGet, "/profile"}, class: classRead}
	return callRef[MyProfile](ctx, s.client, ep, input{})
}

type nameQuery struct {
	Name string `url:"name"`
}

// SetName changes the account's display name. Servers that do not know the
// profile/nameRequest route are asked once more at profile/name.
//
// Wawp API: PUT /profile/nameRequest
func (s *ProfileService) SetName(ctx context.Context, name string) error {
	if err := required("name", name); err != nil {
		return err
	}
	ep := endpoint{
		route:    route{http.MethodPut, "/profile/nameRequest"},
		class:    classIdempotentWrite,
		fallback: &route{http.MethodPut, "/profile/name"},
	}
	return s.client.exec(ctx, ep, input{query: nameQuery{Name: name}})
}

type statusQuery struct {
	Status string `url:"status"`
}

// SetAbout changes the account's "About" text.
//
// Wawp API: PUT /profile/status
func (s *ProfileService) SetAbout(ctx context.Context, about string) error {
	if err := required("status", about); err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPut, "/profile/status"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: statusQuery{Status: about}})
}

type fileQuery struct {
	File File `url:"file"`
}

// SetPicture makes the image at file.URL the account's profile picture. The
// file's name and MIME type are taken from the URL when left empty.
//
// Wawp API: PUT /profile/picture
func (s *ProfileService) SetPicture(ctx context.Context, file File) error {
	f, err := file.prepare("file")
	if err != nil {
		return err
	}
	ep := endpoint{route: route{http.MethodPut, "/profile/picture"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{query: fileQuery{File: f}})
}

// DeletePicture removes the account's profile picture.
//
// Wawp API: DELETE /profile/picture
func (s *ProfileService) DeletePicture(ctx context.Context) error {
	ep := endpoint{route: route{http.MethodDelete, "/profile/picture"}, class: classIdempotentWrite}
	return s.client.exec(ctx, ep, input{})
}
