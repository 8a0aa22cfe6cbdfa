package wawp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Values shared by the webhook fixtures.
const (
	fixAlice   ChatID = "447441429009@c.us"
	fixMe      ChatID = "201012345678@c.us"
	fixGroup   ChatID = "120363041234567890@g.us"
	fixSession        = "wawp-84729105"
)

// parseFixture decodes testdata/webhooks/<name> and checks what every event
// keeps: its exact bytes and its payload's bytes.
func parseFixture(t *testing.T, name string) *Event {
	t.Helper()
	body := fixture(t, "webhooks/"+name)
	ev, err := ParseEvent(body)
	require.NoError(t, err)
	assert.Equal(t, string(body), string(ev.Raw), "Raw is the event's exact bytes")
	var generic struct {
		Payload json.RawMessage `json:"payload"`
	}
	require.NoError(t, json.Unmarshal(body, &generic))
	if generic.Payload == nil {
		// The legacy flat form is all payload.
		generic.Payload = body
	}
	assert.Equal(t, string(generic.Payload), string(ev.RawPayload()), "RawPayload is the payload's exact bytes")
	return ev
}

// fixtureVersion is the server version most fixtures claim.
const fixtureVersion = "2025.9.4"

// assertEnvelope checks the full envelope the fixture generator writes for
// the seq-th event, from a server of fixtureVersion.
func assertEnvelope(t *testing.T, ev *Event, typ EventType, seq int, engine Engine) {
	t.Helper()
	assertEnvelopeFrom(t, ev, typ, seq, engine, fixtureVersion, nil)
}

// assertEnvelopeFrom is assertEnvelope for a fixture from the given server
// version and worker.
func assertEnvelopeFrom(t *testing.T, ev *Event, typ EventType, seq int, engine Engine, version string, worker *EnvironmentWorker) {
	t.Helper()
	assert.Equal(t, typ, ev.Type)
	assert.Equal(t, fmt.Sprintf("evt_01jq8x3m5k7w2r9t4v6y8z0m%02d", seq), ev.ID)
	assert.Equal(t, int64(1741249702485+seq*1000), ev.Timestamp.UnixMilli())
	assert.Equal(t, fixSession, ev.Session)
	assert.Equal(t, Metadata{"instance_id": "123456789", "user_id": "5000", "display_name": "Acme Support"}, ev.Metadata)
	assert.Equal(t, &MeInfo{ID: fixMe, LID: "123123@lid", PushName: "Acme Support"}, ev.Me)
	assert.Equal(t, engine, ev.Engine)
	want := &Environment{Version: version, Engine: engine, Tier: TierPlus, Platform: "linux/x64", Worker: worker}
	if engine == EngineWEBJS {
		want.Browser = "/usr/bin/google-chrome-stable"
	}
	assert.Equal(t, want, ev.Environment)
}

// payloadAs asserts the payload's dynamic type.
func payloadAs[T any](t *testing.T, ev *Event) *T {
	t.Helper()
	p, ok := ev.Payload.(*T)
	require.True(t, ok, "payload is %T, want *%T", ev.Payload, *new(T))
	return p
}

func TestParseEventFixtures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file  string
		check func(t *testing.T, ev *Event)
	}{
		{"session.status.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventSessionStatus, 1, "WEBJS")
			s := payloadAs[SessionStatusEvent](t, ev)
			assert.Equal(t, fixSession, s.Name)
			assert.Equal(t, SessionWorking, s.Status)
			require.Len(t, s.Statuses, 3)
			assert.Equal(t, SessionStopped, s.Statuses[0].Status)
			assert.Equal(t, int64(1741249600000), s.Statuses[0].Timestamp.UnixMilli())
			assert.Equal(t, SessionStarting, s.Statuses[1].Status)
			assert.Equal(t, int64(1741249650000), s.Statuses[1].Timestamp.UnixMilli())
			assert.Equal(t, SessionWorking, s.Statuses[2].Status)
			assert.Equal(t, int64(1741249702000), s.Statuses[2].Timestamp.UnixMilli())
			assert.Equal(t, "null", string(s.Data))
			assert.Empty(t, s.QR)
			assert.Empty(t, s.InstanceID)
		}},
		{"message.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessage, 2, "WEBJS")
			m := payloadAs[Message](t, ev)
			assert.Same(t, m, ev.Message())
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0965B123D06E0B70741"), m.ID)
			assert.Equal(t, int64(1741249702), m.Timestamp.Unix())
			assert.Equal(t, fixAlice, m.From)
			assert.False(t, m.FromMe)
			assert.Empty(t, m.Source)
			assert.Equal(t, fixMe, m.To)
			assert.Empty(t, m.Participant)
			assert.Equal(t, "Hi, is my order on its way?", m.Body)
			assert.False(t, m.HasMedia)
			assert.Nil(t, m.Media)
			assert.Equal(t, AckServer, m.Ack)
			assert.Equal(t, "SERVER", m.AckName)
			assert.Empty(t, m.VCards)
			assert.Nil(t, m.Location)
			require.NotNil(t, m.ReplyTo)
			assert.Equal(t, MessageID("AAAAAAAAAAAAAAAAAAAA"), m.ReplyTo.ID, "a bare quoted ID stays bare")
			assert.Equal(t, fixMe, m.ReplyTo.Participant)
			assert.Equal(t, "Your order has shipped.", m.ReplyTo.Body)
			assert.JSONEq(t, `{"notifyName":"Alice","type":"chat"}`, string(m.Data))
		}},
		{"message.any.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessageAny, 3, "WEBJS")
			m := payloadAs[Message](t, ev)
			assert.Equal(t, MessageID("true_447441429009@c.us_3EB0C431C26A1916E07E"), m.ID)
			assert.Equal(t, int64(1741249760), m.Timestamp.Unix())
			assert.Equal(t, fixMe, m.From)
			assert.True(t, m.FromMe)
			assert.Equal(t, MessageSourceAPI, m.Source)
			assert.Equal(t, fixAlice, m.To)
			assert.Equal(t, AckPending, m.Ack)
			assert.Equal(t, "PENDING", m.AckName)
			require.NotNil(t, m.Location)
			assert.InDelta(t, 51.5074, float64(m.Location.Latitude), 1e-9, "latitude sent as a string")
			assert.InDelta(t, -0.1278, float64(m.Location.Longitude), 1e-9, "longitude sent as a number")
			assert.Equal(t, "Acme Depot", m.Location.Name)
			assert.Equal(t, "1 Dock Road, London", m.Location.Address)
			assert.Equal(t, "Acme Depot\n1 Dock Road, London", m.Location.Description)
			assert.Nil(t, m.ReplyTo)
		}},
		{"message.reaction.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessageReaction, 4, "WEBJS")
			r := payloadAs[ReactionEvent](t, ev)
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB05D8E6A1C4F2B9A77"), r.ID)
			// A float of seconds is not exact in binary, so compare to the nearest millisecond.
			assert.Equal(t, int64(1710481111853), r.Timestamp.Round(time.Millisecond).UnixMilli(), "float seconds keep their milliseconds")
			assert.Equal(t, fixAlice, r.From)
			assert.False(t, r.FromMe)
			assert.Equal(t, fixAlice, r.Participant)
			assert.Equal(t, fixMe, r.To)
			assert.Equal(t, "🙏", r.Reaction.Text)
			assert.Equal(t, MessageID("true_447441429009@c.us_3EB0C431C26A1916E07E"), r.Reaction.MessageID)
			assert.False(t, r.Reaction.Removed())
			assert.Nil(t, ev.Message())
		}},
		{"message.ack.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessageAck, 5, "WEBJS")
			a := payloadAs[AckEvent](t, ev)
			assert.Equal(t, MessageID("true_447441429009@c.us_3EB0C431C26A1916E07E"), a.ID)
			assert.Equal(t, fixAlice, a.From)
			assert.Equal(t, fixMe, a.To)
			assert.Empty(t, a.Participant)
			assert.True(t, a.FromMe)
			assert.Equal(t, AckRead, a.Ack)
			assert.Equal(t, "READ", a.AckName)
			assert.Equal(t, fixAlice, a.ChatID)
			assert.Equal(t, fixAlice, a.Chat())
			assert.JSONEq(t, `{}`, string(a.Data))
		}},
		{"message.ack.group.json", func(t *testing.T, ev *Event) {
			// Servers send message.ack.group since 2025.12.2.
			assertEnvelopeFrom(t, ev, EventMessageAckGroup, 26, EngineGOWS, "2025.12.2", nil)
			a := payloadAs[AckEvent](t, ev)
			assert.Equal(t, MessageID("true_120363041234567890@g.us_3EB0D00D1E5C0FFEE123_447441429009@c.us"), a.ID)
			assert.Equal(t, fixGroup, a.From)
			assert.Equal(t, fixAlice, a.Participant)
			assert.Equal(t, AckDevice, a.Ack)
			assert.Equal(t, "DEVICE", a.AckName)
			assert.Empty(t, a.ChatID)
			assert.Equal(t, fixGroup, a.Chat(), "the chat comes from the message ID")
		}},
		{"message.revoked.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessageRevoked, 6, "WEBJS")
			r := payloadAs[RevokedEvent](t, ev)
			assert.Equal(t, MessageID("3EB0965B123D06E0B70741"), r.RevokedMessageID)
			require.NotNil(t, r.After)
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0A1B2C3D4E5F60718"), r.After.ID)
			assert.Equal(t, int64(1741249800), r.After.Timestamp.Unix())
			assert.Equal(t, fixAlice, r.After.From)
			assert.Equal(t, fixMe, r.After.To)
			assert.Empty(t, r.After.Body)
			assert.JSONEq(t, `{"type":"revoked"}`, string(r.After.Data))
			assert.Nil(t, r.Before)
			assert.JSONEq(t, `{}`, string(r.Data))
		}},
		{"message.edited.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessageEdited, 7, "WEBJS")
			m := payloadAs[EditedMessage](t, ev)
			assert.Same(t, &m.Message, ev.Message())
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0F00DBA5EBA11C0DE"), m.ID)
			assert.Equal(t, int64(1741249900), m.Timestamp.Unix())
			assert.Equal(t, fixAlice, m.From)
			assert.Equal(t, fixMe, m.To)
			assert.Equal(t, "Hi, is my order #1042 on its way?", m.Body)
			assert.Equal(t, AckServer, m.Ack)
			assert.Equal(t, MessageID("3EB0965B123D06E0B70741"), m.EditedMessageID)
		}},
		{"group.v2.join.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventGroupJoin, 8, "WEBJS")
			g := payloadAs[GroupJoinEvent](t, ev)
			assert.Equal(t, int64(1741250000), g.Timestamp.Unix())
			assert.Equal(t, GroupSnapshot{
				ID:                         fixGroup,
				Subject:                    "Order support",
				Description:                "Questions about your orders",
				Invite:                     "https://chat.whatsapp.com/Hc3Jk9sLq2N8xYzA1bCdEf",
				MembersCanAddNewMember:     true,
				MembersCanSendMessages:     true,
				NewMembersApprovalRequired: false,
				Participants: []GroupParticipant{
					{ID: fixMe, Role: GroupRoleParticipant},
					{ID: "123456789012345@lid", PhoneNumber: fixAlice, Role: GroupRoleSuperAdmin},
				},
			}, g.Group)
			assert.JSONEq(t, `{}`, string(g.Data))
		}},
		{"group.v2.leave.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventGroupLeave, 9, "WEBJS")
			g := payloadAs[GroupLeaveEvent](t, ev)
			assert.Equal(t, int64(1741250050), g.Timestamp.Unix())
			assert.Equal(t, fixGroup, g.Group.ID)
		}},
		{"group.v2.update.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventGroupUpdate, 10, "WEBJS")
			g := payloadAs[GroupUpdateEvent](t, ev)
			assert.Equal(t, int64(1741250100), g.Timestamp.Unix())
			assert.Equal(t, fixGroup, g.Group.ID)
			require.NotNil(t, g.Group.Subject)
			assert.Equal(t, "Order support (EU)", *g.Group.Subject)
			require.NotNil(t, g.Group.MembersCanSendMessages)
			assert.False(t, *g.Group.MembersCanSendMessages, "a change to false is told apart from no change")
			assert.Nil(t, g.Group.Description)
			assert.Nil(t, g.Group.Invite)
			assert.Nil(t, g.Group.MembersCanAddNewMember)
			assert.Nil(t, g.Group.NewMembersApprovalRequired)
			assert.Nil(t, g.Group.Participants)
		}},
		{"group.v2.participants.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventGroupParticipants, 11, "WEBJS")
			g := payloadAs[GroupParticipantsEvent](t, ev)
			assert.Equal(t, GroupActionPromote, g.Type)
			assert.Equal(t, int64(1741250150), g.Timestamp.Unix())
			assert.Equal(t, fixGroup, g.Group.ID)
			assert.Equal(t, []GroupParticipant{{ID: "123456789012345@lid", PhoneNumber: fixAlice, Role: GroupRoleAdmin}}, g.Participants)
		}},
		{"presence.update.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventPresenceUpdate, 12, "NOWEB")
			p := payloadAs[ChatPresences](t, ev)
			assert.Equal(t, fixGroup, p.ID)
			require.Len(t, p.Presences, 2)
			assert.Equal(t, fixAlice, p.Presences[0].Participant)
			assert.Equal(t, PresenceTyping, p.Presences[0].LastKnownPresence)
			assert.True(t, p.Presences[0].LastSeen.IsZero(), "null lastSeen")
			assert.Equal(t, ChatID("447700900123@c.us"), p.Presences[1].Participant)
			assert.Equal(t, PresenceOffline, p.Presences[1].LastKnownPresence)
			assert.Equal(t, int64(1741250180), p.Presences[1].LastSeen.Unix())
		}},
		{"poll.vote.failed.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventPollVoteFailed, 13, "NOWEB")
			v := payloadAs[PollVoteEvent](t, ev)
			assert.Equal(t, MessageID("false_447441429009@c.us_2E8C4CDA89EDE3BC0BC7F605364B8451"), v.Vote.ID)
			assert.Equal(t, ChatID("me"), v.Vote.To)
			assert.Equal(t, fixAlice, v.Vote.From)
			assert.False(t, v.Vote.FromMe)
			assert.Empty(t, v.Vote.SelectedOptions)
			assert.Equal(t, int64(1741250200), v.Vote.Timestamp.Unix())
			assert.Equal(t, MessageKey{ID: "true_447441429009@c.us_BAE595F4E0A2042C", To: fixAlice, From: "me", FromMe: true}, v.Poll)
		}},
		{"poll.vote.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventPollVote, 14, "NOWEB")
			v := payloadAs[PollVoteEvent](t, ev)
			assert.Equal(t, MessageKey{
				ID: "false_120363041234567890@g.us_2E8C4CDA89EDE3BC0BC7F605364B8452_447441429009@c.us",
				To: fixGroup, From: fixGroup, Participant: fixAlice,
			}, v.Vote.MessageKey)
			assert.Equal(t, []string{"Awesome!", "Good"}, v.Vote.SelectedOptions)
			assert.Equal(t, int64(1741250210), v.Vote.Timestamp.Unix())
			assert.Equal(t, MessageKey{ID: "true_120363041234567890@g.us_BAE595F4E0A2042D", To: fixGroup, From: fixMe, FromMe: true}, v.Poll)
		}},
		{"chat.archive.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventChatArchive, 15, "WEBJS")
			a := payloadAs[ChatArchiveEvent](t, ev)
			assert.Equal(t, fixAlice, a.ID)
			assert.True(t, a.Archived)
			assert.Equal(t, int64(1741250300), a.Timestamp.Unix())
		}},
		{"call.received.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventCallReceived, 16, "WEBJS")
			c := payloadAs[CallEvent](t, ev)
			assert.Equal(t, "ABCDEFGABCDEFGABCDEFGABCDEFG", c.ID)
			assert.Equal(t, fixAlice, c.From)
			assert.Equal(t, int64(1741250400), c.Timestamp.Unix())
			assert.False(t, c.IsVideo)
			assert.False(t, c.IsGroup)
			assert.JSONEq(t, `{}`, string(c.Data))
		}},
		{"call.accepted.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventCallAccepted, 17, "WEBJS")
			c := payloadAs[CallEvent](t, ev)
			assert.Equal(t, "ABCDEFGABCDEFGABCDEFGABCDEFG", c.ID)
			assert.Equal(t, fixAlice, c.From)
			assert.Equal(t, int64(1741250405), c.Timestamp.Unix())
			assert.True(t, c.IsVideo)
			assert.False(t, c.IsGroup)
		}},
		{"call.rejected.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventCallRejected, 18, "WEBJS")
			c := payloadAs[CallEvent](t, ev)
			assert.Equal(t, "HIJKLMNHIJKLMNHIJKLMNHIJKLMN", c.ID)
			assert.Equal(t, ChatID("447700900123@c.us"), c.From)
			assert.Equal(t, int64(1741250410), c.Timestamp.Unix())
			assert.False(t, c.IsVideo)
			assert.True(t, c.IsGroup)
		}},
		{"label.upsert.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventLabelUpsert, 19, "NOWEB")
			assert.Equal(t, &Label{ID: "10", Name: "VIP customer", Color: 14, ColorHex: "#00a0f2"}, payloadAs[Label](t, ev))
		}},
		{"label.deleted.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventLabelDeleted, 20, "NOWEB")
			assert.Equal(t, &Label{ID: "10", Name: "", Color: 14, ColorHex: "#00a0f2"}, payloadAs[Label](t, ev))
		}},
		{"label.chat.added.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventLabelChatAdded, 21, "NOWEB")
			assert.Equal(t, &LabelChatEvent{
				LabelID: "1", ChatID: fixAlice,
				Label: &Label{ID: "1", Name: "Lead", Color: 0, ColorHex: "#ff9485"},
			}, payloadAs[LabelChatEvent](t, ev))
		}},
		{"label.chat.deleted.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventLabelChatDeleted, 22, "NOWEB")
			assert.Equal(t, &LabelChatEvent{LabelID: "6", ChatID: fixAlice, Label: nil}, payloadAs[LabelChatEvent](t, ev))
		}},
		{"event.response.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventEventResponse, 23, "GOWS")
			r := payloadAs[EventResponseEvent](t, ev)
			assert.Equal(t, MessageID("false_447441429009@c.us_58BBBBBBBBBBBBBBBBBBBBBBBB"), r.ID)
			assert.Equal(t, int64(1747707858), r.Timestamp.Unix())
			assert.Equal(t, fixAlice, r.From)
			assert.Empty(t, r.Participant)
			assert.False(t, r.FromMe)
			assert.Equal(t, MessageSourceApp, r.Source)
			assert.Equal(t, AckUnknown, r.Ack)
			assert.Equal(t, "UNKNOWN", r.AckName)
			assert.Nil(t, r.ReplyTo)
			assert.Equal(t, MessageKey{ID: "true_447441429009@c.us_3EBAAAAAAAAAAAAAAAAAAAAAAAAAA", To: fixAlice, From: "me", FromMe: true}, r.EventCreationKey)
			require.NotNil(t, r.EventResponse)
			assert.Equal(t, RSVPGoing, r.EventResponse.Response)
			assert.Equal(t, int64(1747707858429), r.EventResponse.Timestamp.UnixMilli())
			assert.Equal(t, 2, r.EventResponse.ExtraGuestCount)
		}},
		{"event.response.failed.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventEventResponseFailed, 24, "GOWS")
			r := payloadAs[EventResponseEvent](t, ev)
			assert.Equal(t, MessageID("false_447441429009@c.us_58CCCCCCCCCCCCCCCCCCCCCCCC"), r.ID)
			assert.Equal(t, MessageID("true_447441429009@c.us_3EBAAAAAAAAAAAAAAAAAAAAAAAAAA"), r.EventCreationKey.ID)
			assert.Nil(t, r.EventResponse)
		}},
		{"engine.event.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventEngineEvent, 25, "NOWEB")
			e := payloadAs[EngineEvent](t, ev)
			assert.Equal(t, "messages.upsert", e.Event)
			assert.JSONEq(t, `{"type":"notify","messages":[{"key":{"remoteJid":"447441429009@s.whatsapp.net","fromMe":false,"id":"3EB0965B123D06E0B70741"}}]}`, string(e.Data))
		}},
		{"message.waiting.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessageWaiting, 39, EngineWEBJS)
			m := payloadAs[Message](t, ev)
			assert.Same(t, m, ev.Message())
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0F5A6B7C8D9E0F1A2"), m.ID)
			assert.Empty(t, m.Body, "the text has not arrived yet")
			assert.Equal(t, AckUnknown, m.Ack)
		}},
		{"message_float_timestamp.json", func(t *testing.T, ev *Event) {
			assert.Equal(t, EventMessage, ev.Type)
			assert.Equal(t, "evt_01jq8x3m5k7w2r9t4v6y8z0m27", ev.ID)
			assert.Equal(t, EngineNOWEB, ev.Engine)
			assert.Nil(t, ev.Environment, "older servers send no environment")
			m := payloadAs[Message](t, ev)
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0AB12CD34EF56AB78"), m.ID)
			assert.Equal(t, int64(1741249702853), m.Timestamp.Round(time.Millisecond).UnixMilli())
		}},
		{"message_null_ack.json", func(t *testing.T, ev *Event) {
			assert.Equal(t, EventMessage, ev.Type)
			assert.Empty(t, ev.ID, "older servers send no event id")
			assert.True(t, ev.Timestamp.IsZero())
			assert.Nil(t, ev.Metadata)
			assert.Nil(t, ev.Me)
			assert.Nil(t, ev.Environment)
			assert.Equal(t, fixSession, ev.Session)
			m := payloadAs[Message](t, ev)
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0A11AC00000000001"), m.ID)
			assert.Equal(t, AckUnknown, m.Ack)
			assert.Equal(t, "UNKNOWN", m.AckName)
			assert.Empty(t, m.Body, "null body")
			assert.Nil(t, m.ReplyTo)
		}},
		{"message_media.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessage, 29, "WEBJS")
			m := payloadAs[Message](t, ev)
			const url = "https://api.wawp.net/api/files/wawp-84729105/false_447441429009@c.us_3EB0ED1A00000000000A.jpeg"
			assert.Equal(t, MessageID("false_447441429009@c.us_3EB0ED1A00000000000A"), m.ID)
			assert.Equal(t, "Photo of the damaged box", m.Body)
			assert.True(t, m.HasMedia)
			require.NotNil(t, m.Media)
			assert.Equal(t, url, m.Media.URL)
			assert.Equal(t, "image/jpeg", m.Media.MIMEType)
			assert.Empty(t, m.Media.Filename)
			assert.Equal(t, &S3Object{Bucket: "wawp-media", Key: "wawp-84729105/false_447441429009@c.us_3EB0ED1A00000000000A.jpeg"}, m.Media.S3)
			assert.Equal(t, "null", string(m.Media.Error))
			assert.Equal(t, url, m.MediaURL)
			assert.Equal(t, AckDevice, m.Ack)
		}},
		{"message_group.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, EventMessage, 30, "WEBJS")
			m := payloadAs[Message](t, ev)
			assert.Equal(t, MessageID("false_120363041234567890@g.us_3EB06A0B000000000001_447441429009@c.us"), m.ID)
			parts, err := m.ID.Parts()
			require.NoError(t, err)
			assert.Equal(t, fixAlice, parts.Participant)
			assert.Equal(t, fixGroup, m.From)
			assert.Equal(t, fixAlice, m.Participant)
			assert.Equal(t, fixAlice, m.Author)
			assert.Equal(t, "@201012345678 can you check order #1042?", m.Body)
			require.NotNil(t, m.ReplyTo)
			assert.Equal(t, MessageID("true_120363041234567890@g.us_3EB0C431C26A1916E07F_201012345678@c.us"), m.ReplyTo.ID, "a serialized quoted ID stays serialized")
			assert.Equal(t, fixMe, m.ReplyTo.Participant)
			assert.Equal(t, "Any questions?", m.ReplyTo.Body)
			assert.False(t, m.ReplyTo.HasMedia)
		}},
		{"session_status_passkey.json", func(t *testing.T, ev *Event) {
			// Passkey statuses come from 2026 servers, which also name their worker.
			assertEnvelopeFrom(t, ev, EventSessionStatus, 34, EngineGOWS, "2026.1.4", &EnvironmentWorker{ID: "worker-eu-2"})
			s := payloadAs[SessionStatusEvent](t, ev)
			assert.Equal(t, SessionPasskeyRequired, s.Status)
			assert.True(t, s.Status.IsKnown())
			require.Len(t, s.Statuses, 2)
			assert.Equal(t, SessionPasskeyRequired, s.Statuses[1].Status)
			var challenge struct {
				Challenge string `json:"challenge"`
				Timeout   int    `json:"timeout"`
			}
			require.NoError(t, json.Unmarshal(s.Data, &challenge))
			assert.Equal(t, "mF0bHxE1x2t9cY3vQ8pZ7w", challenge.Challenge)
			assert.Equal(t, 60000, challenge.Timeout)
		}},
		{"session_status_legacy.json", func(t *testing.T, ev *Event) {
			assert.Equal(t, EventSessionStatus, ev.Type)
			assert.Empty(t, ev.ID)
			assert.Equal(t, int64(1722170400), ev.Timestamp.Unix())
			assert.Empty(t, ev.Session)
			s := payloadAs[SessionStatusEvent](t, ev)
			assert.Equal(t, "123456789", s.InstanceID)
			assert.Equal(t, SessionScanQRCode, s.Status)
			assert.True(t, strings.HasPrefix(s.QR, "data:image/png;base64,iVBORw0KGgo"), s.QR)
			assert.Empty(t, s.Statuses)
		}},
		{"unknown_event.json", func(t *testing.T, ev *Event) {
			assertEnvelope(t, ev, "group.v2.participants.join_request", 33, "GOWS")
			assert.False(t, ev.Type.IsKnown())
			u := payloadAs[UnknownEvent](t, ev)
			assert.Equal(t, ev.Type, u.Type)
			assert.Equal(t, string(ev.RawPayload()), string(u.Raw))
			var got struct {
				Action      string `json:"action"`
				RequesterID string `json:"requesterId"`
			}
			require.NoError(t, json.Unmarshal(u.Raw, &got))
			assert.Equal(t, "created", got.Action)
			assert.Equal(t, "123456789012345@lid", got.RequesterID)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			ev := parseFixture(t, tc.file)
			tc.check(t, ev)
		})
	}
}

// knownEventTypes lists every event type with a typed payload.
func knownEventTypes() []EventType {
	return []EventType{
		EventSessionStatus, EventMessage, EventMessageAny, EventMessageReaction, EventMessageAck,
		EventMessageAckGroup, EventMessageWaiting, EventMessageRevoked, EventMessageEdited, EventGroupJoin, EventGroupLeave,
		EventGroupUpdate, EventGroupParticipants, EventPresenceUpdate, EventPollVote, EventPollVoteFailed,
		EventChatArchive, EventCallReceived, EventCallAccepted, EventCallRejected, EventLabelUpsert,
		EventLabelDeleted, EventLabelChatAdded, EventLabelChatDeleted, EventEventResponse,
		EventEventResponseFailed, EventEngineEvent,
	}
}

func TestEveryEventTypeHasAFixtureAndATypedPayload(t *testing.T) {
	t.Parallel()
	for _, typ := range knownEventTypes() {
		assert.True(t, typ.IsKnown(), typ)
		assert.Equal(t, string(typ), typ.String())
		ev := parseFixture(t, string(typ)+".json")
		assert.Equal(t, typ, ev.Type)
		assert.NotNil(t, ev.Payload)
		_, unknown := ev.Payload.(*UnknownEvent)
		assert.False(t, unknown, "%s decodes to a typed payload", typ)
		// Without a payload the typed payload is still there, zero.
		bare, err := ParseEvent([]byte(`{"event":"` + string(typ) + `"}`))
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("%T", ev.Payload), fmt.Sprintf("%T", bare.Payload))
		assert.Nil(t, bare.RawPayload())
	}
}

func TestEveryEventListedInTheCatalogIsKnown(t *testing.T) {
	t.Parallel()
	lines := strings.Split(strings.TrimSpace(string(fixture(t, "events.tsv"))), "\n")
	require.Len(t, lines, 25, "header and 24 events")
	for _, line := range lines[1:] {
		name, _, _ := strings.Cut(line, "\t")
		assert.True(t, EventType(name).IsKnown(), name)
		_, err := os.Stat(filepath.Join("testdata", "webhooks", name+".json"))
		assert.NoError(t, err, "fixture for %s", name)
	}
}

func TestParseEventsArray(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhooks/array.json")
	events, err := ParseEvents(body)
	require.NoError(t, err)
	require.Len(t, events, 2)

	assertEnvelope(t, events[0], EventMessage, 31, "WEBJS")
	m := payloadAs[Message](t, events[0])
	assert.Equal(t, MessageID("false_447441429009@c.us_3EB0A77A000000000001"), m.ID)
	assert.Equal(t, "First", m.Body)

	assertEnvelope(t, events[1], EventMessageAck, 32, "WEBJS")
	a := payloadAs[AckEvent](t, events[1])
	assert.Equal(t, AckPlayed, a.Ack)
	assert.Equal(t, "PLAYED", a.AckName)

	var items []json.RawMessage
	require.NoError(t, json.Unmarshal(body, &items))
	for i, ev := range events {
		assert.Equal(t, string(items[i]), string(ev.Raw), "event %d keeps its own bytes", i)
	}

	_, err = ParseEvent(body)
	require.Error(t, err, "ParseEvent takes one event")
}

func TestParseEventsSingleObjectAndWhitespace(t *testing.T) {
	t.Parallel()
	body := append([]byte(" \n\t"), fixture(t, "webhooks/message.json")...)
	body = append(body, "\r\n  "...)
	events, err := ParseEvents(body)
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, EventMessage, events[0].Type)
	assert.Equal(t, string(body), string(events[0].Raw), "Raw is the body as sent")

	one, err := ParseEvent(body)
	require.NoError(t, err)
	assert.Equal(t, events[0].Raw, one.Raw)

	none, err := ParseEvents([]byte(" [ ] "))
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestParseEventCopiesTheBody(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhooks/message.json")
	ev, err := ParseEvent(body)
	require.NoError(t, err)
	want := string(body)
	for i := range body {
		body[i] = 'x'
	}
	assert.Equal(t, want, string(ev.Raw))
	assert.Equal(t, "Hi, is my order on its way?", ev.Message().Body)
}

func TestParseEventErrors(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"empty":                "",
		"spaces":               "  \n",
		"not JSON":             "event=message",
		"truncated":            `{"event":"message","payload":{"id":"x"`,
		"string":               `"message"`,
		"null":                 `null`,
		"no event":             `{"session":"default","payload":{}}`,
		"empty event":          `{"event":"","payload":{}}`,
		"null event":           `{"event":null}`,
		"event not a string":   `{"event":42}`,
		"legacy without id":    `{"status":"WORKING","ts":1722170400}`,
		"legacy null id":       `{"instance_id":null,"status":"WORKING"}`,
		"bad message payload":  `{"event":"message","payload":"hello"}`,
		"bad ack":              `{"event":"message.ack","payload":{"ack":"read"}}`,
		"bad timestamp":        `{"event":"message","timestamp":"yesterday"}`,
		"bad metadata":         `{"event":"message","metadata":["a"]}`,
		"bad me":               `{"event":"message","me":"me"}`,
		"array element broken": `[{"event":"message"},{"session":"x"}]`,
		"trailing garbage":     `{"event":"message"} {"event":"message"}`,
	} {
		_, err := ParseEvents([]byte(body))
		assert.Error(t, err, name)
	}
	_, err := ParseEvent([]byte(`{"session":"default"}`))
	assert.ErrorIs(t, err, ErrMissingEventType)
}

func TestParseEventTolerances(t *testing.T) {
	t.Parallel()
	t.Run("missing ack is unknown", func(t *testing.T) {
		t.Parallel()
		ev, err := ParseEvent([]byte(`{"event":"message","payload":{"id":"false_1@c.us_A","body":"x"}}`))
		require.NoError(t, err)
		assert.Equal(t, AckUnknown, ev.Message().Ack)
		ack, err := ParseEvent([]byte(`{"event":"message.ack","payload":{"id":"true_1@c.us_A","ack":null}}`))
		require.NoError(t, err)
		assert.Equal(t, AckUnknown, payloadAs[AckEvent](t, ack).Ack)
		assert.Equal(t, ChatID("1@c.us"), payloadAs[AckEvent](t, ack).Chat())
		assert.Empty(t, (&AckEvent{ID: "not-serialized"}).Chat())
	})
	t.Run("numeric metadata and string coordinates", func(t *testing.T) {
		t.Parallel()
		ev, err := ParseEvent([]byte(`{"event":"message","metadata":{"a":1,"b":true,"c":null,"d":"x\"y","e\u00e9":{"n":[1, 2]}},
			"payload":{"location":{"latitude":"-33.86","longitude":"151.2"}}}`))
		require.NoError(t, err)
		assert.Equal(t, Metadata{"a": "1", "b": "true", "d": `x"y`, "eé": `{"n":[1, 2]}`}, ev.Metadata)
		assert.InDelta(t, -33.86, float64(ev.Message().Location.Latitude), 1e-9)
		assert.InDelta(t, 151.2, float64(ev.Message().Location.Longitude), 1e-9)
	})
	t.Run("legacy numeric instance id", func(t *testing.T) {
		t.Parallel()
		ev, err := ParseEvent([]byte(`{"instance_id":123456789,"status":"WORKING","ts":1722170400}`))
		require.NoError(t, err)
		assert.Equal(t, "123456789", payloadAs[SessionStatusEvent](t, ev).InstanceID)
	})
	t.Run("names match like encoding/json", func(t *testing.T) {
		t.Parallel()
		// Field names match case-insensitively and escapes are decoded. The
		// last event name wins; a repeated payload is merged, later members
		// over earlier ones.
		ev, err := ParseEvent([]byte(`{"Event":"label.upsert","payload":{"id":"1"},"PAYLOAD":{"id":"2","name":"Lead"}}`))
		require.NoError(t, err)
		assert.Equal(t, EventLabelUpsert, ev.Type)
		assert.Equal(t, &Label{ID: "2", Name: "Lead"}, payloadAs[Label](t, ev))
		assert.Equal(t, `{"id":"2","name":"Lead"}`, string(ev.RawPayload()))

		ev, err = ParseEvent([]byte(`{"\u0065vent":"call.rec\u0065ived","payload":{"id":"C1"}}`))
		require.NoError(t, err)
		assert.Equal(t, EventCallReceived, ev.Type)
		assert.Equal(t, "C1", payloadAs[CallEvent](t, ev).ID)
	})
	t.Run("unknown event with any payload", func(t *testing.T) {
		t.Parallel()
		for _, payload := range []string{`"text"`, `[1,2]`, `null`, `{"a":{"b":"}"}}`} {
			ev, err := ParseEvent([]byte(`{"event":"custom.event","payload":` + payload + `}`))
			require.NoError(t, err, payload)
			u := payloadAs[UnknownEvent](t, ev)
			assert.Equal(t, EventType("custom.event"), u.Type)
			assert.Equal(t, payload, string(u.Raw))
			assert.Equal(t, payload, string(ev.RawPayload()))
		}
		ev, err := ParseEvent([]byte(`{"event":"custom.event"}`))
		require.NoError(t, err)
		assert.Nil(t, payloadAs[UnknownEvent](t, ev).Raw)
	})
	t.Run("reaction removed", func(t *testing.T) {
		t.Parallel()
		ev, err := ParseEvent([]byte(`{"event":"message.reaction","payload":{"reaction":{"text":"","messageId":"true_1@c.us_A"}}}`))
		require.NoError(t, err)
		assert.True(t, payloadAs[ReactionEvent](t, ev).Reaction.Removed())
	})
}

func TestParseEventDecodesInAnyKeyOrder(t *testing.T) {
	t.Parallel()
	// The payload is decoded into its type during the one decode when the
	// event name comes first, and afterwards when it comes last; both give
	// what decoding the payload on its own gives.
	const payload = `{"id":"C1","from":"447441429009@c.us","timestamp":1721374000,"isVideo":true,"_data":{"x":"}\""}}`
	want := &CallEvent{ID: "C1", From: fixAlice, IsVideo: true, Data: json.RawMessage(`{"x":"}\""}`)}
	require.NoError(t, want.Timestamp.UnmarshalJSON([]byte("1721374000")))
	for name, body := range map[string]string{
		"name first":             `{"event":"call.received","payload":` + payload + `}`,
		"name last":              ` { "payload" : ` + payload + ` , "event" : "call.received" } `,
		"name twice, same":       `{"event":"call.received","payload":` + payload + `,"event":"call.received"}`,
		"renamed after payload":  `{"event":"message","payload":` + payload + `,"event":"call.received"}`,
		"renamed before payload": `{"event":"message","event":"call.received","payload":` + payload + `}`,
		"unknown, then known":    `{"event":"custom","payload":` + payload + `,"event":"call.received"}`,
		"escaped and mixed case": `{"EVENT":"call.rec\u0065ived","Payload":` + payload + `}`,
		"payload twice, merged":  `{"event":"call.received","payload":{"id":"C0","isGroup":false},"payload":` + payload + `}`,
	} {
		ev, err := ParseEvent([]byte(body))
		require.NoError(t, err, name)
		assert.Equal(t, EventCallReceived, ev.Type, name)
		assert.Equal(t, want, payloadAs[CallEvent](t, ev), name)
	}

	// A renamed event whose first payload type cannot hold the payload still
	// decodes by its final name.
	ev, err := ParseEvent([]byte(`{"event":"label.upsert","event":"message.ack","payload":{"id":"true_1@c.us_A","ack":3}}`))
	require.NoError(t, err)
	assert.Equal(t, AckRead, payloadAs[AckEvent](t, ev).Ack)
	ev, err = ParseEvent([]byte(`{"event":"message.ack","payload":{"ack":"read","name":"Lead"},"event":"label.upsert"}`))
	require.NoError(t, err, "a payload the first type rejects")
	assert.Equal(t, &Label{Name: "Lead"}, payloadAs[Label](t, ev))
	ev, err = ParseEvent([]byte(`{"event":"message.ack","payload":{"id":"2","name":"Lead"},"event":"label.upsert"}`))
	require.NoError(t, err)
	assert.Equal(t, &Label{ID: "2", Name: "Lead"}, payloadAs[Label](t, ev))

	// A null payload gives a zero payload of the event's type, in either order.
	for _, body := range []string{`{"event":"message.ack","payload":null}`, `{"payload":null,"event":"message.ack"}`} {
		ev, err := ParseEvent([]byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, &AckEvent{Ack: AckUnknown}, payloadAs[AckEvent](t, ev), body)
		assert.Equal(t, "null", string(ev.RawPayload()), body)
	}
}

func TestParseEventRepeatedMembersDecodeAlikeInAnyOrder(t *testing.T) {
	t.Parallel()
	// A member sent more than once decodes as encoding/json decodes it into
	// a pointer field: objects merge, a null starts afresh. The result is the
	// same whether the event name comes first, so that the payload is
	// decoded in the one pass, or last, so that it is decoded afterwards.
	msg := func(body string, from ChatID) *Message {
		return &Message{Body: body, From: from, Ack: AckUnknown}
	}
	for _, tc := range []struct {
		name, members string
		want          *Message
	}{
		{"merged", `"payload":{"id":"A","body":"hi"},"PAYLOAD":{"from":"1@c.us"}`,
			&Message{ID: "A", Body: "hi", From: "1@c.us", Ack: AckUnknown}},
		{"null between", `"payload":{"body":"hi"},"payload":null,"Payload":{"id":"B","from":"1@c.us"}`,
			&Message{ID: "B", From: "1@c.us", Ack: AckUnknown}},
		{"null first", `"payload":null,"payload":{"id":"C","body":"hi"}`,
			&Message{ID: "C", Body: "hi", Ack: AckUnknown}},
		{"null last", `"payload":{"id":"D","body":"hi"},"payload":null`, msg("", "")},
		{"engine form, empty id", `"pAYloAd":{"id":""}`,
			&Message{Ack: AckUnknown, Data: json.RawMessage(`{"id":""}`)}},
		{"engine form, twice", `"payload":{"body":"hi"},"payload":{"from":"1@c.us"}`,
			&Message{Body: "hi", From: "1@c.us", Ack: AckUnknown, Data: json.RawMessage(`{"from":"1@c.us"}`)}},
	} {
		for _, body := range []string{
			`{"event":"message",` + tc.members + `}`,
			`{` + tc.members + `,"event":"message"}`,
		} {
			ev, err := ParseEvent([]byte(body))
			require.NoError(t, err, body)
			assert.Equal(t, tc.want, ev.Payload, "%s: %s", tc.name, body)
		}
	}

	// Metadata sent twice merges, and its non-scalar values keep their text.
	for _, body := range []string{
		`{"event":"message","metadata":{"a":[1],"b":"x"},"METADATA":{"c":{"d":2}}}`,
		`{"metadata":{"z":1},"metadata":null,"metadata":{"a":[1],"b":"x"},"Metadata":{"c":{"d":2}},"event":"message"}`,
	} {
		ev, err := ParseEvent([]byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, Metadata{"a": "[1]", "b": "x", "c": `{"d":2}`}, ev.Metadata, body)
	}

	// An unknown event keeps the last payload as sent, as RawPayload does.
	ev, err := ParseEvent([]byte(`{"event":"custom","payload":{"a":1},"Payload":{"b":2}}`))
	require.NoError(t, err)
	assert.Equal(t, `{"b":2}`, string(payloadAs[UnknownEvent](t, ev).Raw))
	assert.Equal(t, `{"b":2}`, string(ev.RawPayload()))
	ev, err = ParseEvent([]byte(`{"event":"custom","payload":{"a":1},"payload":null}`))
	require.NoError(t, err)
	assert.Equal(t, "null", string(payloadAs[UnknownEvent](t, ev).Raw))
}

func TestSignature(t *testing.T) {
	t.Parallel()
	const secretKey = "my-secret-key"
	body := []byte(`{"event":"message","session":"default","engine":"WEBJS"}`)
	const published = "208f8a55dde9e05519e898b10b89bf0d0b3b0fdf11fdbf09b6b90476301b98d8097c462b2b17a6ce93b6b47a136cf2e78a33a63f6752c2c1631777076153fa89"

	t.Run("published vector", func(t *testing.T) {
		t.Parallel()
		assert.Equal(t, published, SignWebhook(body, secretKey, "sha512"))
		assert.Equal(t, published, SignWebhook(body, secretKey, ""))
		h := http.Header{}
		h.Set("X-Webhook-Hmac", published)
		h.Set("X-Webhook-Hmac-Algorithm", "sha512")
		assert.NoError(t, VerifySignature(body, h, secretKey))
		h.Del("X-Webhook-Hmac-Algorithm")
		assert.NoError(t, VerifySignature(body, h, secretKey), "sha512 is the default")
		h.Set("X-Webhook-Hmac", strings.ToUpper(published))
		assert.NoError(t, VerifySignature(body, h, secretKey), "hex is case-insensitive")
	})

	sha256Sig := SignWebhook(body, secretKey, "sha256")
	require.Len(t, sha256Sig, 64)
	cases := []struct {
		name      string
		body      []byte
		signature string
		algorithm string
		secret    string
		want      error
	}{
		{"good sha512", body, published, "sha512", secretKey, nil},
		{"good sha256", body, sha256Sig, "sha256", secretKey, nil},
		{"algorithm in capitals", body, sha256Sig, " SHA256 ", secretKey, nil},
		{"sha256 MAC sent as sha512", body, sha256Sig, "sha512", secretKey, ErrSignatureMismatch},
		{"bad signature", body, strings.Repeat("0", 128), "sha512", secretKey, ErrSignatureMismatch},
		{"not hex", body, "zz" + published[2:], "sha512", secretKey, ErrSignatureMismatch},
		{"truncated", body, published[:64], "sha512", secretKey, ErrSignatureMismatch},
		{"wrong secret", body, published, "sha512", "other-key", ErrSignatureMismatch},
		{"tampered body", []byte(`{"event":"message","session":"default","engine":"NOWEB"}`), published, "sha512", secretKey, ErrSignatureMismatch},
		{"re-serialized body", []byte(`{"event": "message", "session": "default", "engine": "WEBJS"}`), published, "sha512", secretKey, ErrSignatureMismatch},
		{"wrong algorithm", body, published, "md5", secretKey, ErrUnsupportedAlgorithm},
		{"sha1", body, published, "sha1", secretKey, ErrUnsupportedAlgorithm},
		{"missing header", body, "", "sha512", secretKey, ErrSignatureMissing},
		{"blank header", body, "   ", "", secretKey, ErrSignatureMissing},
		{"empty secret", body, published, "sha512", "", ErrNoWebhookSecret},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if tc.signature != "" {
				h.Set(HeaderWebhookHMAC, tc.signature)
			}
			if tc.algorithm != "" {
				h.Set(HeaderWebhookHMACAlgorithm, tc.algorithm)
			}
			err := VerifySignature(tc.body, h, tc.secret)
			assert.Equal(t, err, VerifyHMAC(tc.body, tc.signature, tc.secret, tc.algorithm), "both forms agree")
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), secretKey)
			assert.NotContains(t, err.Error(), published[:16])
			assert.NotContains(t, err.Error(), sha256Sig[:16])
		})
	}

	assert.Empty(t, SignWebhook(body, secretKey, "md5"), "unsupported algorithms sign nothing")
	assert.True(t, errors.Is(VerifyHMAC(body, "00", secretKey, "md5"), ErrUnsupportedAlgorithm))
}

// The engine fixtures follow the message shapes of the reference:
// waha-schemas.md §3.2 (WAMessage fields), §1.2 (@s.whatsapp.net inside
// _data) and §5.2 (NOWEB key/message); wawp-v2-api.md §7.2 (the WEBJS _data
// object) and §2.4 (engines); wawp-v1-api.md §6 (GOWS _data.Info.ID and
// Info.Sender). Type and MediaType in the GOWS _data.Info follow DESIGN.md's
// list of engine fields.
func TestParseEventMessageEngineShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file      string
		seq       int
		engine    Engine
		id        MessageID
		body      string
		timestamp int64
		// raw checks the engine's own fields, kept in Data.
		raw func(t *testing.T, data json.RawMessage)
	}{
		{"message_engine_webjs.json", 35, EngineWEBJS, "false_447441429009@c.us_3EB0B1C2D3E4F5A6B7C8", "Where is parcel #1042?", 1741250700,
			func(t *testing.T, data json.RawMessage) {
				var webjs struct {
					ID struct {
						Serialized string `json:"_serialized"`
					} `json:"id"`
					Type string `json:"type"`
				}
				require.NoError(t, json.Unmarshal(data, &webjs))
				assert.Equal(t, "false_447441429009@c.us_3EB0B1C2D3E4F5A6B7C8", webjs.ID.Serialized)
				assert.Equal(t, "chat", webjs.Type)
			}},
		{"message_engine_gows.json", 36, EngineGOWS, "false_447441429009@c.us_3EB0C2D3E4F5A6B7C8D9", "Photo of the label", 1741250760,
			func(t *testing.T, data json.RawMessage) {
				var gows struct {
					Info struct {
						ID, Type, MediaType string
					}
				}
				require.NoError(t, json.Unmarshal(data, &gows))
				assert.Equal(t, "3EB0C2D3E4F5A6B7C8D9", gows.Info.ID)
				assert.Equal(t, "media", gows.Info.Type)
				assert.Equal(t, "image", gows.Info.MediaType)
			}},
		{"message_engine_noweb.json", 37, EngineNOWEB, "false_447441429009@c.us_3EB0D3E4F5A6B7C8D9E0", "Thanks, got it!", 1741250820,
			func(t *testing.T, data json.RawMessage) {
				var noweb struct {
					Key struct {
						RemoteJID string `json:"remoteJid"`
						ID        string `json:"id"`
					} `json:"key"`
					Message map[string]json.RawMessage `json:"message"`
				}
				require.NoError(t, json.Unmarshal(data, &noweb))
				assert.Equal(t, "447441429009@s.whatsapp.net", noweb.Key.RemoteJID)
				assert.Equal(t, "3EB0D3E4F5A6B7C8D9E0", noweb.Key.ID)
				assert.Contains(t, noweb.Message, "extendedTextMessage")
			}},
		{"message_engine_plain.json", 38, EngineGOWS, "false_447441429009@c.us_3EB0E4F5A6B7C8D9E0F1", "Plain message", 1741250880,
			func(t *testing.T, data json.RawMessage) {
				assert.Nil(t, data, "no _data was sent")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			ev := parseFixture(t, tc.file)
			assertEnvelope(t, ev, EventMessage, tc.seq, tc.engine)
			m := payloadAs[Message](t, ev)
			assert.Equal(t, tc.id, m.ID)
			assert.Equal(t, fixAlice, m.From)
			assert.Equal(t, tc.body, m.Body)
			assert.False(t, m.FromMe)
			assert.Equal(t, tc.timestamp, m.Timestamp.Unix())
			tc.raw(t, m.Data)
		})
	}
}

func TestParseEventKeepsMessageWithBadCoordinate(t *testing.T) {
	t.Parallel()
	// Wawp's own message example (wawp-v1-api.md §15.2 and §15.3) has
	// "latitude":"string": the location's text must not fail the event.
	ev := parseFixture(t, "message_doc_example.json")
	assert.Equal(t, EventMessage, ev.Type)
	assert.Equal(t, EngineWEBJS, ev.Engine)
	m := payloadAs[Message](t, ev)
	assert.Equal(t, MessageID("false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA"), m.ID)
	assert.Equal(t, "string", m.Body)
	assert.True(t, m.FromMe)
	assert.Equal(t, AckError, m.Ack)
	require.NotNil(t, m.Location)
	assert.Equal(t, Location{Description: "string"}, *m.Location, "text coordinates decode as zero, the rest is kept")
	assert.Equal(t, VCards{"string"}, m.VCards)
	require.NotNil(t, m.Media)
	assert.Equal(t, "my-bucket", m.Media.S3.Bucket)

	// Numbers, numeric strings and a null location decode as before.
	for body, want := range map[string]*Location{
		`{"latitude":51.5074,"longitude":"-0.1278","live":true,"name":"Depot"}`: {Latitude: 51.5074, Longitude: -0.1278, Live: true, Name: "Depot"},
		`{"latitude":"","longitude":null}`:                                      {},
		`null`:                                                                  nil,
	} {
		ev, err := ParseEvent([]byte(`{"event":"message","payload":{"location":` + body + `}}`))
		require.NoError(t, err, body)
		assert.Equal(t, want, ev.Message().Location, body)
	}
	_, err := ParseEvent([]byte(`{"event":"message","payload":{"location":{"latitude":[1]}}}`))
	assert.NoError(t, err, "a coordinate of another JSON type is zero too")
	_, err = ParseEvent([]byte(`{"event":"message","payload":{"location":"here"}}`))
	assert.Error(t, err, "a location that is not an object still fails")
}

func TestWebhookEnums(t *testing.T) {
	t.Parallel()
	type enum interface {
		String() string
		IsKnown() bool
	}
	known := map[string][]enum{
		"EventType": {
			EventStateChange, EventLegacyGroupJoin, EventLegacyGroupLeave, EventMessageWaiting,
			EventMessageAckGroup, EventPollVote, EventEngineEvent,
		},
		"GroupAction": {GroupActionJoin, GroupActionLeave, GroupActionPromote, GroupActionDemote},
		"RSVP":        {RSVPUnknown, RSVPGoing, RSVPNotGoing, RSVPMaybe},
		"Engine":      {EngineWEBJS, EngineWPP, EngineNOWEB, EngineGOWS, EngineVENOM, EngineNOWEBMobile},
		"Tier":        {TierCore, TierPlus},
	}
	for name, values := range known {
		for _, v := range values {
			assert.True(t, v.IsKnown(), "%s %s", name, v)
			assert.NotEmpty(t, v.String())
		}
	}
	for _, v := range []enum{EventType("group.v2.participants.join_request"), GroupAction("kick"), RSVP("going"), Engine("webjs"), Tier("ENTERPRISE")} {
		assert.False(t, v.IsKnown(), v.String())
	}
	assert.Equal(t, "NOT_GOING", RSVPNotGoing.String())
	assert.Equal(t, "promote", GroupActionPromote.String())
	assert.Equal(t, "NOWEB_MOBILE", EngineNOWEBMobile.String())
	assert.Equal(t, "PLUS", TierPlus.String())

	// The deprecated events are known, and come with their raw payload.
	for _, typ := range []EventType{EventStateChange, EventLegacyGroupJoin, EventLegacyGroupLeave} {
		ev, err := ParseEvent([]byte(`{"event":"` + string(typ) + `","payload":{"a":1}}`))
		require.NoError(t, err)
		assert.Equal(t, &UnknownEvent{Type: typ, Raw: json.RawMessage(`{"a":1}`)}, ev.Payload)
	}

	// Values decode as sent, known or not.
	ev, err := ParseEvent([]byte(`{"event":"group.v2.participants","payload":{"type":"kick"},"engine":"WPP","environment":{"engine":"WPP","tier":"CORE"}}`))
	require.NoError(t, err)
	assert.Equal(t, GroupAction("kick"), payloadAs[GroupParticipantsEvent](t, ev).Type)
	assert.Equal(t, EngineWPP, ev.Engine)
	assert.Equal(t, &Environment{Engine: EngineWPP, Tier: TierCore}, ev.Environment)
}

func TestEnvironmentWorker(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]*EnvironmentWorker{
		`{"version":"2026.1.4","worker":{"id":"w-1"}}`: {ID: "w-1"},
		`{"version":"2026.1.4","worker":{"id":null}}`:  {},
		`{"version":"2025.9.4"}`:                       nil,
	} {
		ev, err := ParseEvent([]byte(`{"event":"message","environment":` + body + `}`))
		require.NoError(t, err, body)
		assert.Equal(t, want, ev.Environment.Worker, body)
	}
}

func TestSignatureWawpHeader(t *testing.T) {
	t.Parallel()
	const secretKey = "wawp-hmac-secret"
	body := fixture(t, "webhooks/message.json")
	sha256Sig := SignWebhook(body, secretKey, AlgorithmSHA256)
	sha512Sig := SignWebhook(body, secretKey, AlgorithmSHA512)
	// Computed apart from the SDK: hex HMAC-SHA256 of the raw body.
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write(body)
	require.Equal(t, hex.EncodeToString(mac.Sum(nil)), sha256Sig)

	cases := []struct {
		name   string
		body   []byte
		header map[string]string
		secret string
		want   error
	}{
		{"sha256", body, map[string]string{HeaderWawpSignature: sha256Sig}, secretKey, nil},
		{"sha512 by its length", body, map[string]string{HeaderWawpSignature: sha512Sig}, secretKey, nil},
		{"upper-case hex and spaces", body, map[string]string{HeaderWawpSignature: " " + strings.ToUpper(sha256Sig) + " "}, secretKey, nil},
		{"wrong secret", body, map[string]string{HeaderWawpSignature: SignWebhook(body, "other", AlgorithmSHA256)}, secretKey, ErrSignatureMismatch},
		{"tampered body", append([]byte(" "), body...), map[string]string{HeaderWawpSignature: sha256Sig}, secretKey, ErrSignatureMismatch},
		{"truncated", body, map[string]string{HeaderWawpSignature: sha256Sig[:40]}, secretKey, ErrSignatureMismatch},
		{"prefixed, a form Wawp is not documented to send", body, map[string]string{HeaderWawpSignature: "sha256=" + sha256Sig}, secretKey, ErrSignatureMismatch},
		{"empty secret", body, map[string]string{HeaderWawpSignature: sha256Sig}, "", ErrNoWebhookSecret},
		{"both headers right", body, map[string]string{HeaderWawpSignature: sha256Sig, HeaderWebhookHMAC: sha512Sig}, secretKey, nil},
		{"Wawp right, engine wrong", body, map[string]string{HeaderWawpSignature: sha256Sig, HeaderWebhookHMAC: strings.Repeat("0", 128)}, secretKey, nil},
		{"Wawp wrong, engine right", body, map[string]string{HeaderWawpSignature: strings.Repeat("0", 64), HeaderWebhookHMAC: sha512Sig}, secretKey, nil},
		{"both wrong", body, map[string]string{HeaderWawpSignature: strings.Repeat("0", 64), HeaderWebhookHMAC: strings.Repeat("0", 128)}, secretKey, ErrSignatureMismatch},
		{"Wawp wrong, engine algorithm unsupported", body, map[string]string{HeaderWawpSignature: strings.Repeat("0", 64), HeaderWebhookHMAC: sha512Sig, HeaderWebhookHMACAlgorithm: "md5"}, secretKey, ErrUnsupportedAlgorithm},
		{"neither header", body, map[string]string{HeaderWebhookHMACAlgorithm: "sha256"}, secretKey, ErrSignatureMissing},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			err := VerifySignature(tc.body, h, tc.secret)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), secretKey)
			assert.NotContains(t, err.Error(), sha256Sig[:16])
		})
	}
}
