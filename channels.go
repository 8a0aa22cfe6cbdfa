package wawp

// ChannelsService covers the channels endpoints.
type ChannelsService service
