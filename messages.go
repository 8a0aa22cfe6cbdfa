package wawp

// MessagesService covers the messages endpoints.
type MessagesService service
