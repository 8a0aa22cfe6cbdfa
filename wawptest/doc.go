// Package wawptest is an in-process fake of the Wawp WhatsApp REST API (v1)
// for testing code that uses package wawp, or any other Wawp client.
//
// NewServer starts an HTTP server (net/http/httptest) that serves all 110
// endpoints of the Wawp v1 catalog under BasePath ("/wp-json/awp/v1/") from
// in-memory state, with the wire format of wawp.net: credentials in the
// query string, operation parameters in the query string or, for the
// endpoints that take one, a JSON body, WAHA-shaped answers and
// WordPress-shaped errors. It records every request, fails on demand, and
// posts signed webhook events.
//
//	srv := wawptest.NewServer(wawptest.WithAutoLogin())
//	defer srv.Close()
//	err := srv.SetWebhook(botURL, "secret")  // events go to your handler, signed
//
//	client := srv.Client()  // a *wawp.Client bound to the server
//	// ... run the code under test with client ...
//
//	_, err = srv.Receive("447441429009", "hi")  // a message arrives: "message" event
//	err = srv.WaitIdle(ctx)    // every event delivered; an error lists the refused ones
//	sent := srv.Sent()         // the messages the code sent, in order
//	actions := srv.Actions()   // and everything it did to messages
//
// # Options and arguments
//
// Every option and every method that takes a value checks it and reports a
// bad one, before anything changes, as an error wrapping
// *wawp.ValidationError that names the parameter; a bad chat ID wraps the
// error of wawp.ParseChatID. NewServer panics on a bad option, as
// httptest.NewServer does on a misconfiguration, so tests and examples stay
// one line; StartServer returns the error instead.
//
// # Instances and sessions
//
// The server holds one account (access token DefaultAccessToken, or the one
// given to WithCredentials) with any number of instances. The default instance
// (DefaultInstanceID) exists from the start in status STOPPED, so a test can
// walk the whole lifecycle:
//
//	STOPPED --start--> STARTING --> SCAN_QR_CODE --ScanQR()--> WORKING
//	any --stop--> STOPPED    any --logout--> SCAN_QR_CODE    delete: gone
//
// Start answers STARTING and moves on at once, to WORKING when the account
// is still linked (it was WORKING before and did not log out) and to
// SCAN_QR_CODE otherwise. Restart is a stop and a start. WithAutoLogin makes
// the default instance WORKING from the start and lets every start skip the
// QR code. createSession makes a new STOPPED instance whose ID (12
// upper-case hex digits) is at config.metadata.instance_id. Each instance
// has its own chats, contacts, groups, labels, channels and profile; the
// public channel directory is shared.
//
// Every status change emits a session.status event.
//
// # Checks and errors
//
// A request is checked in this order, and the first failure answers:
//
//	unknown path, or a path without the method   404 rest_no_route
//	access_token missing or wrong                 401 invalid_access_token
//	instance_id missing or unknown                404 invalid_instance
//	session in the wrong status                   422 wawp_upstream_error
//	body of a JSON endpoint is not an object      400 rest_invalid_json
//	required parameter missing                    400 rest_missing_callback_param
//	parameter unusable (bad chat ID, file URL,    400 rest_invalid_param
//	  poll, colour, cursor, ...)
//	object unknown (chat, message, group, label,  404 wawp_upstream_error
//	  channel, contact, status, invite code)
//
// Error bodies are WordPress's: {"code":..,"message":..,"data":{"status":..}};
// 400s also name the parameters in data.params and in the message.
// createSession needs only access_token. The session calls (start, stop,
// restart, logout, delete, info, me) work in any status; getQr and
// requestCode need SCAN_QR_CODE; getScreenshot needs a started session;
// every other call needs WORKING. session/me answers JSON null until the
// session is WORKING.
//
// Operation parameters are read only where the catalog puts them: the
// query string, or the JSON body for sendPoll, sendContactVcard, POST
// /channels, POST /chats/overview, POST /groups, /groups/join, the group
// picture, description, subject and participant changes, and the label
// create, update and chat-labels calls. A parameter sent in the wrong place
// counts as missing. Lists are sent as name[] (or repeated name); file
// fields as file[url], file[filename] and file[mimetype]; chat IDs may be
// bare phone numbers. The catalog's alternate methods are routed too:
// GET /session/logout, GET /chats and GET /chats/{chatId}/messages/{messageId}.
//
// # Answers
//
// Sends answer the stored wawp.Message: ID "true_<chat>_<20 hex digits>",
// From the session's account, FromMe, Source "api", Ack SERVER, and a small
// engine-like _data. Status posts answer the message plus the engine's
// "key" ({remoteJid, fromMe, id}); status/delete takes that id. Calls whose
// reference answer is unknown answer {"success":true}. Groups use WAHA's
// GroupInfo shape (the one of group.v2 events), participants
// [{id,role}], chats {id,name,isGroup,unreadCount,markedUnread,archived,
// conversationTimestamp}, the chats overview WAHA's ChatSummary, contacts
// WAHA's contact object, channel search {page{...},channels[...]} with
// opaque cursors. Chat messages are listed newest first, 10 unless limit
// says otherwise. getQr answers {"mimetype":"image/png","data":<base64 PNG>}
// or, with format=raw, {"value":"2@..."}; requestCode a code such as
// "K3PQ-7ZXM".
//
// # Driving the WhatsApp side
//
// Tests play the phone and the contacts with ScanQR, SetStatus, Receive,
// ReceiveMessage, AdvanceAck and SetAck, and seed data with AddContact,
// AddLID, AddGroup and SetPresence. Server.Instance(id) returns a handle
// with the same methods for any instance, such as one made by
// Sessions.Create; the Server methods act on the default instance. An ID
// no instance has gives ErrUnknownInstance, a message the instance does not
// have ErrUnknownMessage. AddChannel is a Server method only: the channel
// directory is shared by all instances.
//
// # Recording and faults
//
// Requests returns every request (credentials removed from Query), Sent the
// messages sent through the API in their current state, Actions every
// change made to messages (ActionSend, ActionReact, ActionEdit,
// ActionDelete, ActionStar, ActionUnstar, ActionPin, ActionUnpin) with its
// details, Events every event produced. FailNext(n, status, body) makes the
// next n calls answer status (200 to 599) with body; an empty body becomes a WordPress error whose code follows the
// status: 400 rest_invalid_param, 401 invalid_access_token, 403
// rest_forbidden, 404 rest_not_found, 429 rest_too_many_requests, 500
// internal_server_error, 502/503/504 wawp_upstream_error, others
// wawptest_fault. WithLatency delays every answer.
//
// # Webhooks
//
// After SetWebhook(url, key, opts...), events are posted to url, in the order they
// were produced, by one goroutine, so a receiver that calls back into the
// server cannot deadlock it. Every send produces message.any then
// message.ack (SERVER), later acks produce message.ack, incoming messages
// produce message then message.any; edits, reactions, archiving, presence,
// groups (group.v2.join, group.v2.leave, group.v2.update,
// group.v2.participants) and labels (label.upsert, label.deleted,
// label.chat.added, label.chat.deleted) produce their WAHA events.
//
// Each event is WAHA's envelope {id,timestamp,event,session,metadata,
// engine,me,payload,environment}, with id "evt_" and 26 lower-case letters
// and digits, timestamp in milliseconds, engine "GOWS", me present while the
// session is WORKING. Headers: Content-Type application/json,
// X-Webhook-Request-Id (the event id), X-Webhook-Timestamp (milliseconds)
// and, when the key is not empty, the signature: by default X-Webhook-Hmac
// (lower-case hex HMAC-SHA512 of the exact body, see Sign) with
// X-Webhook-Hmac-Algorithm sha512; with WithSignature(SignatureWawp),
// Wawp's X-Wawp-Signature (lower-case hex HMAC-SHA256 of the exact body)
// alone. A connection error or 5xx answer is retried after 50 ms and 100 ms,
// then the event is given up; Deliveries lists every attempt. An event
// whose last attempt got no 2xx answer is a DeliveryError (URL without user
// info or query): DeliveryErrors lists them all, and WaitIdle, which waits
// until the queue is empty, returns those not reported before, joined, so
// a receiver that refuses events (a wrong secret answers 401) fails the
// test that caused it. Close stops delivery and drops what is left.
package wawptest
