package wawp

// ProfileService covers the profile endpoints.
type ProfileService service
