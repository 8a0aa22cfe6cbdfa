package wawp

// ChatsService covers the chats endpoints.
type ChatsService service
