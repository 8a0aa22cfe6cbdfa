package wawp

// StatusService covers the status endpoints.
type StatusService service
