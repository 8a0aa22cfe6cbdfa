// Package wawpredis lets several replicas of a Wawp bot share what one
// process would otherwise keep alone, in Redis:
//
//   - Deduplicator implements wawp.Deduplicator, so that an event Wawp
//     delivers twice runs its callbacks once even when the two deliveries
//     reach different replicas;
//   - Limiter paces the sends of each WhatsApp instance through one budget
//     shared by every process (see wawp.WithInstanceRateLimiter);
//   - Inbox implements wawp.EventQueue on a Redis stream: the webhook
//     handler answers Wawp as soon as a delivery is stored, and workers in
//     any number of processes run the callbacks, retry failures, dead-letter
//     what keeps failing and take over what a crashed worker held.
//
// Deliveries are processed at least once end to end; with a Deduplicator
// on the handler the workers use, each event's callbacks run effectively
// once.
//
// # Keys
//
// Every key starts with a prefix, "wawp:" unless the Prefix field of the
// constructor's options says otherwise, so that several bots can share one Redis:
//
//	{prefix}dedup:{event ID}     string: a claim token while an event is
//	                             processed (expires with the lease), then
//	                             "done" (expires after the retention)
//	{prefix}rate:{instance ID}   string: the limiter's theoretical arrival
//	                             time in microseconds of Redis's clock
//	{prefix}inbox                stream of deliveries, field "body"
//	{prefix}inbox:attempts       hash: failed attempts per stream entry ID
//	{prefix}inbox:dead           stream of dead-lettered deliveries, fields
//	                             "body", "id", "attempts" and "error"
//
// The inbox's consumer group is named "workers" unless InboxOptions.Group
// says otherwise.
//
// The module needs Redis 6.2 or later, for XAUTOCLAIM.
package wawpredis
