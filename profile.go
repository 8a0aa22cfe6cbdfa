package wawp

import (
	"context"
	"net/http"
	"strings"
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
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, "profile", nil, nil)
	if err != nil {
		return nil, err
	}
	var out MyProfile
	if err := s.client.do(req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

type nameQuery struct {
	Name string `url:"name"`
}

// SetName changes the account's display name. Servers that do not know the
// profile/nameRequest route are asked once more at profile/name.
//
// Wawp API: PUT /profile/nameRequest
func (s *ProfileService) SetName(ctx context.Context, name string) error {
	if strings.TrimSpace(name) == "" {
		return &ValidationError{Field: "name", Reason: "is required"}
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPut, "profile/nameRequest", nameQuery{Name: name}, nil)
	if err != nil {
		return err
	}
	req.legacy.fallback = &route{http.MethodPut, "profile/name"}
	return s.client.do(req, nil)
}

type statusQuery struct {
	Status string `url:"status"`
}

// SetAbout changes the account's "About" text.
//
// Wawp API: PUT /profile/status
func (s *ProfileService) SetAbout(ctx context.Context, about string) error {
	if strings.TrimSpace(about) == "" {
		return &ValidationError{Field: "status", Reason: "is required"}
	}
	return s.call(ctx, http.MethodPut, "profile/status", statusQuery{Status: about})
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
	return s.call(ctx, http.MethodPut, "profile/picture", fileQuery{File: f})
}

// DeletePicture removes the account's profile picture.
//
// Wawp API: DELETE /profile/picture
func (s *ProfileService) DeletePicture(ctx context.Context) error {
	return s.call(ctx, http.MethodDelete, "profile/picture", nil)
}

// call sends a request whose answer carries nothing the caller needs.
func (s *ProfileService) call(ctx context.Context, method, path string, params any) error {
	req, err := s.client.newLegacyRequest(ctx, method, path, params, nil)
	if err != nil {
		return err
	}
	return s.client.do(req, nil)
}
