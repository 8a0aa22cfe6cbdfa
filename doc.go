// Package wawp is a typed client for the Wawp WhatsApp REST API
// (https://wawp.net/wp-json/awp/v1/, and https://api.wawp.net/v2/ for the
// calls only v2 serves).
//
// A Client acts for one Wawp instance, the WhatsApp session hosted by Wawp.
// Its services mirror the sections of the API:
//
//	Sessions  create, start, stop, restart, log out, delete, inspect,
//	          rate-limit policies, temporary access links
//	Auth      QR code and pairing-code login, screenshots
//	Messages  text, media, location, polls and votes, lists, events, vCards,
//	          reactions, read receipts
//	Presence  online, typing and recording states
//	Status    24-hour status posts
//	Chats     chat lists, history, edits, pins, archive
//	Contacts  contacts, number checks, blocking, hidden linked IDs
//	Groups    groups, participants, admin settings, invites
//	Labels    WhatsApp Business labels
//	Channels  channels (newsletters) and channel search
//	Profile   the account's own name, about text and picture
//	Webhooks  webhook subscriptions: URLs, events, retries, signing secrets
//	Verify    one-time codes and approval requests for your own users
//
// Every network method takes a context.Context first. Input is validated
// before anything is sent (a *ValidationError names the field); a failed
// response is an *APIError that matches sentinels such as ErrUnauthorized
// and ErrInstanceNotFound through errors.Is. Reads are retried with
// jittered backoff; message sends are never retried after an ambiguous
// failure, so a flaky network cannot send a message twice.
//
// The access token never appears in an error, a log line or fmt output.
//
// Webhook deliveries are decoded with ParseEvent, checked with
// VerifySignature and served by the http.Handler NewWebhookHandler returns.
// Package wawptest provides an in-process fake Wawp server for tests and
// examples.
package wawp
