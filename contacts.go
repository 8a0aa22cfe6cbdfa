package wawp

// ContactsService covers the contacts endpoints.
type ContactsService service
