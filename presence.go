package wawp

// PresenceService covers the presence endpoints.
type PresenceService service
