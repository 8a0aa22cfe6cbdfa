package wawptest

import (
	"fmt"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// This file holds the methods tests use to drive the server from the
// WhatsApp side: logging in, delivering messages and receipts, seeding data.
// An Instance handle acts on one instance; the Server methods of the same
// names act on the default instance.

// Instance is a handle on one instance of the server, for driving it from
// the WhatsApp side: Server.Instance returns it for any instance ID, such as
// one made by Sessions.Create. The handle does not hold the instance: while
// no instance has its ID (not created yet, or deleted), its methods return
// an error wrapping ErrUnknownInstance. Bad arguments are reported before
// anything changes, as an error wrapping *wawp.ValidationError; a bad chat
// ID wraps the error of wawp.ParseChatID.
type Instance struct {
	s  *Server
	id string
}

// Instance returns a handle on the instance with id.
func (s *Server) Instance(id string) *Instance {
	return &Instance{s: s, id: id}
}

// defaultHandle is the handle the Server's driving methods delegate to.
func (s *Server) defaultHandle() *Instance {
	return s.Instance(s.cfg.instanceID)
}

// ID returns the instance ID the handle acts on.
func (in *Instance) ID() string { return in.id }

// locked runs f on the instance under the server's lock.
func (in *Instance) locked(f func(inst *instance) error) error {
	in.s.mu.Lock()
	defer in.s.mu.Unlock()
	inst, err := in.s.instanceByID(in.id)
	if err != nil {
		return err
	}
	return f(inst)
}

// Status returns the instance's session status, or "" when it does not exist.
func (in *Instance) Status() wawp.SessionStatus {
	var status wawp.SessionStatus
	_ = in.locked(func(inst *instance) error {
		status = inst.status
		return nil
	})
	return status
}

// SetStatus forces the instance into status, one of the documented session
// statuses such as FAILED, and emits session.status. WORKING also links the
// account, so later starts skip the QR code; SCAN_QR_CODE unlinks it; the
// others keep the link as it is.
func (in *Instance) SetStatus(status wawp.SessionStatus) error {
	if !status.IsKnown() {
		return invalid("SetStatus", "status", fmt.Sprintf("%q is not a documented session status", status))
	}
	return in.locked(func(inst *instance) error {
		switch status {
		case wawp.SessionWorking:
			inst.authenticated = true
		case wawp.SessionScanQRCode:
			inst.authenticated = false
		}
		in.s.changeStatus(inst, status, time.Now())
		return nil
	})
}

// ScanQR logs the instance in, as a phone scanning its QR code would:
// SCAN_QR_CODE becomes WORKING and session.status is emitted. It fails
// with ErrNotScanning in any other status.
func (in *Instance) ScanQR() error {
	return in.locked(func(inst *instance) error {
		if inst.status != wawp.SessionScanQRCode {
			return fmt.Errorf("%w (status %s)", ErrNotScanning, inst.status)
		}
		inst.authenticated = true
		in.s.changeStatus(inst, wawp.SessionWorking, time.Now())
		return nil
	})
}

// AdvanceAck moves a message of the instance to its next delivery state:
// SERVER, DEVICE, READ, then PLAYED for voice and video messages. It emits
// message.ack and returns the new state; at the last state nothing changes.
// A message the instance does not have is ErrUnknownMessage.
func (in *Instance) AdvanceAck(id wawp.MessageID) (wawp.Ack, error) {
	var next wawp.Ack
	err := in.locked(func(inst *instance) error {
		m, err := inst.knownMessage(id)
		if err != nil {
			return err
		}
		final := wawp.AckRead
		if m.msg.Media != nil && isPlayable(m.msg.Media.MIMEType) {
			final = wawp.AckPlayed
		}
		next = max(m.msg.Ack+1, wawp.AckServer)
		if m.msg.Ack >= final {
			next = m.msg.Ack
			return nil
		}
		in.s.setAck(inst, m, next)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

func isPlayable(mimeType string) bool {
	return len(mimeType) >= 6 && (mimeType[:6] == "audio/" || mimeType[:6] == "video/")
}

// SetAck sets the delivery state of a message of the instance, one of the
// documented states such as wawp.AckError, and emits message.ack when it
// changed. A message the instance does not have is ErrUnknownMessage.
func (in *Instance) SetAck(id wawp.MessageID, ack wawp.Ack) error {
	if !ack.IsKnown() {
		return invalid("SetAck", "ack", fmt.Sprintf("%d is not a documented delivery state", int(ack)))
	}
	return in.locked(func(inst *instance) error {
		m, err := inst.knownMessage(id)
		if err != nil {
			return err
		}
		in.s.setAck(inst, m, ack)
		return nil
	})
}

// Receive delivers a text message from a person to the instance, as
// ReceiveMessage does, and returns it as stored. A bare phone number is
// accepted for from.
func (in *Instance) Receive(from wawp.ChatID, text string) (wawp.Message, error) {
	return in.ReceiveMessage(wawp.Message{From: from, Body: text})
}

// ReceiveMessage delivers m to the instance as an incoming message,
// whatever the session's status, and returns it as stored: it emits message
// and message.any. m.From is the chat (a person, or a group with
// m.Participant as the sender); the server fills the ID, a missing Timestamp
// and To, sets FromMe false and Ack DEVICE unless m.Ack is set.
func (in *Instance) ReceiveMessage(m wawp.Message) (wawp.Message, error) {
	from, err := parseChatArg("ReceiveMessage", "From", m.From)
	if err != nil {
		return wawp.Message{}, err
	}
	m.From = from
	if from.IsGroup() {
		if m.Participant == "" {
			return wawp.Message{}, invalid("ReceiveMessage", "Participant", "is required for a group message: it is the sender")
		}
		if m.Participant, err = parseChatArg("ReceiveMessage", "Participant", m.Participant); err != nil {
			return wawp.Message{}, err
		}
	}
	var stored wawp.Message
	err = in.locked(func(inst *instance) error {
		stored = in.s.storeIncoming(inst, m, time.Now())
		return nil
	})
	if err != nil {
		return wawp.Message{}, err
	}
	return stored, nil
}

// Contact is an address-book entry of an instance's account, seeded with
// AddContact.
type Contact struct {
	// ID is the person's chat ID; a bare phone number becomes <digits>@c.us.
	ID wawp.ChatID
	// Name is the address-book name; empty for a number that is not saved.
	Name string
	// PushName is the name the person set in WhatsApp.
	PushName string
	// About is the person's "about" text.
	About string
	// PictureURL is the profile picture; empty for none.
	PictureURL string
	// LID, when set, is the person's hidden linked ID; AddContact maps it to ID.
	LID wawp.ChatID
}

// AddContact adds or replaces a contact of the instance. Contacts are
// listed by the contacts endpoints and exist for contacts/check-exists.
func (in *Instance) AddContact(c Contact) error {
	id, err := parsePerson("AddContact", "ID", c.ID)
	if err != nil {
		return err
	}
	c.ID = id
	if c.LID != "" && !c.LID.IsLID() {
		return invalid("AddContact", "LID", "is not an @lid ID")
	}
	return in.locked(func(inst *instance) error {
		inst.contacts[id] = &contact{Contact: c, inAddressBook: c.Name != ""}
		if c.LID != "" {
			inst.addLID(c.LID, id)
		}
		return nil
	})
}

// AddLID records for the instance that the hidden linked ID lid
// (<digits>@lid) belongs to the phone number pn (<digits>@c.us, or a bare
// phone number).
func (in *Instance) AddLID(lid, pn wawp.ChatID) error {
	if !lid.IsLID() {
		return invalid("AddLID", "lid", "is not an @lid ID")
	}
	pnID, err := parsePerson("AddLID", "pn", pn)
	if err != nil {
		return err
	}
	return in.locked(func(inst *instance) error {
		inst.addLID(lid, pnID)
		return nil
	})
}

// AddGroup makes a group created by someone else with the instance as a
// member, as if the session had been added to it, and emits group.v2.join.
// The subject may not be blank. The first participant is the group's owner
// (superadmin), so at least one is needed; the session is a plain
// participant. It returns the group's ID.
func (in *Instance) AddGroup(subject string, participants ...wawp.ChatID) (wawp.ChatID, error) {
	if strings.TrimSpace(subject) == "" {
		return "", invalid("AddGroup", "subject", "is required")
	}
	if len(participants) == 0 {
		return "", invalid("AddGroup", "participants", "must name at least the owner")
	}
	ids := make([]wawp.ChatID, len(participants))
	for i, raw := range participants {
		id, err := parseChatArg("AddGroup", "participants", raw)
		if err != nil {
			return "", err
		}
		if !id.IsUser() && !id.IsLID() {
			return "", invalid("AddGroup", "participants", "must be people's @c.us or @lid IDs")
		}
		ids[i] = id
	}
	g := &group{subject: subject}
	err := in.locked(func(inst *instance) error {
		for _, id := range ids {
			if _, member := g.member(id); member || id == inst.me.ID {
				continue
			}
			role := wawp.GroupRoleParticipant
			if len(g.participants) == 0 {
				role, g.owner = wawp.GroupRoleSuperAdmin, id
			}
			g.participants = append(g.participants, wawp.GroupParticipant{ID: id, Role: role})
		}
		g.participants = append(g.participants, wawp.GroupParticipant{ID: inst.me.ID, Role: wawp.GroupRoleParticipant})
		in.s.addGroup(inst, g, time.Now())
		return nil
	})
	if err != nil {
		return "", err
	}
	return g.id, nil
}

// SetPresence records participant's presence in chat (participant is the
// chat itself for a direct chat) for the instance and emits
// presence.update. Online and typing-like states set the last-seen time.
// p must be one of the five documented presences.
func (in *Instance) SetPresence(chat, participant wawp.ChatID, p wawp.Presence) error {
	chatID, err := parseChatArg("SetPresence", "chat", chat)
	if err != nil {
		return err
	}
	who, err := parseChatArg("SetPresence", "participant", participant)
	if err != nil {
		return err
	}
	switch p {
	case wawp.PresenceOnline, wawp.PresenceOffline, wawp.PresenceTyping, wawp.PresenceRecording, wawp.PresencePaused:
	default:
		return invalid("SetPresence", "p", fmt.Sprintf("%q is not online, offline, typing, recording or paused", p))
	}
	return in.locked(func(inst *instance) error {
		entry := wawp.ParticipantPresence{Participant: who, LastKnownPresence: p}
		if p != wawp.PresenceOffline {
			entry.LastSeen = wawp.Timestamp{Time: time.Now().UTC().Truncate(time.Second)}
		}
		list := inst.presences[chatID]
		replaced := false
		for i := range list {
			if list[i].Participant == who {
				list[i], replaced = entry, true
			}
		}
		if !replaced {
			list = append(list, entry)
		}
		inst.presences[chatID] = list
		in.s.emit(inst, "presence.update", inst.chatPresences(chatID))
		return nil
	})
}

// AddChannel adds a channel to the public directory that channel search,
// get and follow use. The directory is shared by all instances, so this is
// a Server method only.
func (s *Server) AddChannel(ch Channel) error {
	if !ch.ID.IsChannel() {
		return invalid("AddChannel", "ID", "does not end in @newsletter")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.directory = append(s.directory, &ch)
	return nil
}

// The methods below act on the default instance; each is the Instance
// method of the same name on Instance(InstanceID()).

// Status returns the default instance's session status, or "" when it was
// deleted.
func (s *Server) Status() wawp.SessionStatus { return s.defaultHandle().Status() }

// SetStatus forces the default instance into status; see Instance.SetStatus.
func (s *Server) SetStatus(status wawp.SessionStatus) error {
	return s.defaultHandle().SetStatus(status)
}

// ScanQR logs the default instance in; see Instance.ScanQR.
func (s *Server) ScanQR() error { return s.defaultHandle().ScanQR() }

// AdvanceAck moves a message of the default instance to its next delivery
// state; see Instance.AdvanceAck.
func (s *Server) AdvanceAck(id wawp.MessageID) (wawp.Ack, error) {
	return s.defaultHandle().AdvanceAck(id)
}

// SetAck sets the delivery state of a message of the default instance; see
// Instance.SetAck.
func (s *Server) SetAck(id wawp.MessageID, ack wawp.Ack) error {
	return s.defaultHandle().SetAck(id, ack)
}

// Receive delivers a text message to the default instance; see
// Instance.Receive.
func (s *Server) Receive(from wawp.ChatID, text string) (wawp.Message, error) {
	return s.defaultHandle().Receive(from, text)
}

// ReceiveMessage delivers m to the default instance; see
// Instance.ReceiveMessage.
func (s *Server) ReceiveMessage(m wawp.Message) (wawp.Message, error) {
	return s.defaultHandle().ReceiveMessage(m)
}

// AddContact adds or replaces a contact of the default instance; see
// Instance.AddContact.
func (s *Server) AddContact(c Contact) error { return s.defaultHandle().AddContact(c) }

// AddLID maps a linked ID to a phone number for the default instance; see
// Instance.AddLID.
func (s *Server) AddLID(lid, pn wawp.ChatID) error { return s.defaultHandle().AddLID(lid, pn) }

// AddGroup adds the default instance to a new group; see Instance.AddGroup.
func (s *Server) AddGroup(subject string, participants ...wawp.ChatID) (wawp.ChatID, error) {
	return s.defaultHandle().AddGroup(subject, participants...)
}

// SetPresence records a presence for the default instance; see
// Instance.SetPresence.
func (s *Server) SetPresence(chat, participant wawp.ChatID, p wawp.Presence) error {
	return s.defaultHandle().SetPresence(chat, participant, p)
}
