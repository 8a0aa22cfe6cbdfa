package wawp

// GroupsService covers the groups endpoints.
type GroupsService service
