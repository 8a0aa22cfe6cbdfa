package wawptest

import (
	"fmt"
	"time"

	"github.com/wawp-go/wawp"
)

// This file holds the methods tests use to drive the server from the
// WhatsApp side: logging in, delivering messages and receipts, seeding data.
// Unless their name says otherwise they act on the default instance.

// Status returns the session status of the default instance, or "" when it
// was deleted.
func (s *Server) Status() wawp.SessionStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.defaultInstance()
	if err != nil {
		return ""
	}
	return inst.status
}

// SetStatus forces the default instance into status, such as FAILED, and
// emits session.status. WORKING also links the account, so later starts
// skip the QR code; STOPPED and FAILED keep the link as it is.
func (s *Server) SetStatus(status wawp.SessionStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.defaultInstance()
	if err != nil {
		return err
	}
	switch status {
	case wawp.SessionWorking:
		inst.authenticated = true
	case wawp.SessionScanQRCode:
		inst.authenticated = false
	}
	s.changeStatus(inst, status, time.Now())
	return nil
}

// ScanQR logs the default instance in, as a phone scanning its QR code
// would: SCAN_QR_CODE becomes WORKING and session.status is emitted. It
// fails with ErrNotScanning in any other status.
func (s *Server) ScanQR() error {
	return s.ScanQRFor(s.cfg.instanceID)
}

// ScanQRFor is ScanQR for any instance, such as one made by Sessions.Create.
func (s *Server) ScanQRFor(instanceID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.instanceByID(instanceID)
	if err != nil {
		return err
	}
	if inst.status != wawp.SessionScanQRCode {
		return fmt.Errorf("%w (status %s)", ErrNotScanning, inst.status)
	}
	inst.authenticated = true
	s.changeStatus(inst, wawp.SessionWorking, time.Now())
	return nil
}

// AdvanceAck moves a message, of any instance, to its next delivery state:
// SERVER, DEVICE, READ, then PLAYED for voice and video messages. It emits
// message.ack and returns the new state; at the last state nothing changes.
func (s *Server) AdvanceAck(id wawp.MessageID) (wawp.Ack, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, m, err := s.findMessageAnywhere(id)
	if err != nil {
		return 0, err
	}
	final := wawp.AckRead
	if m.msg.Media != nil && isPlayable(m.msg.Media.MIMEType) {
		final = wawp.AckPlayed
	}
	next := m.msg.Ack + 1
	if m.msg.Ack < wawp.AckServer {
		next = wawp.AckServer
	}
	if m.msg.Ack >= final {
		return m.msg.Ack, nil
	}
	s.setAck(inst, m, next)
	return next, nil
}

func isPlayable(mimeType string) bool {
	return len(mimeType) >= 6 && (mimeType[:6] == "audio/" || mimeType[:6] == "video/")
}

// SetAck sets a message's delivery state, such as wawp.AckError, and emits
// message.ack when it changed.
func (s *Server) SetAck(id wawp.MessageID, ack wawp.Ack) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, m, err := s.findMessageAnywhere(id)
	if err != nil {
		return err
	}
	s.setAck(inst, m, ack)
	return nil
}

// Receive delivers a text message from a person to the default instance, as
// ReceiveMessage does. A bare phone number is accepted for from. It returns
// the zero Message when ReceiveMessage would fail.
func (s *Server) Receive(from wawp.ChatID, text string) wawp.Message {
	m, err := s.ReceiveMessage(wawp.Message{From: from, Body: text})
	if err != nil {
		return wawp.Message{}
	}
	return m
}

// ReceiveMessage delivers m to the default instance as an incoming message,
// whatever the session's status, and returns it as stored: it emits message
// and message.any. m.From is the chat (a person, or a group with
// m.Participant as the sender); the server fills the ID, a missing Timestamp
// and To, sets FromMe false and Ack DEVICE unless m.Ack is set.
func (s *Server) ReceiveMessage(m wawp.Message) (wawp.Message, error) {
	return s.ReceiveMessageFor(s.cfg.instanceID, m)
}

// ReceiveMessageFor is ReceiveMessage for any instance, such as one made by
// Sessions.Create.
func (s *Server) ReceiveMessageFor(instanceID string, m wawp.Message) (wawp.Message, error) {
	from, err := wawp.ParseChatID(string(m.From))
	if err != nil {
		return wawp.Message{}, err
	}
	m.From = from
	if from.IsGroup() {
		if m.Participant == "" {
			return wawp.Message{}, fmt.Errorf("wawptest: a group message needs Participant, its sender")
		}
		if m.Participant, err = wawp.ParseChatID(string(m.Participant)); err != nil {
			return wawp.Message{}, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.instanceByID(instanceID)
	if err != nil {
		return wawp.Message{}, err
	}
	return s.storeIncoming(inst, m, time.Now()), nil
}

// Contact is an address-book entry of the session's account, seeded with
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

// AddContact adds or replaces a contact of the default instance. Contacts
// are listed by the contacts endpoints and exist for contacts/check-exists.
func (s *Server) AddContact(c Contact) error {
	id, err := wawp.ParseChatID(string(c.ID))
	if err != nil {
		return err
	}
	if !id.IsUser() {
		return fmt.Errorf("wawptest: contact ID %s is not a person's @c.us ID", id)
	}
	c.ID = id
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.defaultInstance()
	if err != nil {
		return err
	}
	inst.contacts[id] = &contact{Contact: c, inAddressBook: c.Name != ""}
	if c.LID != "" {
		inst.addLID(c.LID, id)
	}
	return nil
}

// AddLID records that the hidden linked ID lid (<digits>@lid) belongs to the
// phone number pn (<digits>@c.us) for the default instance.
func (s *Server) AddLID(lid, pn wawp.ChatID) error {
	if !lid.IsLID() {
		return fmt.Errorf("wawptest: %s is not an @lid ID", lid)
	}
	pnID, err := wawp.ParseChatID(string(pn))
	if err != nil || !pnID.IsUser() {
		return fmt.Errorf("wawptest: %s is not a person's @c.us ID", pn)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.defaultInstance()
	if err != nil {
		return err
	}
	inst.addLID(lid, pnID)
	return nil
}

// AddGroup makes a group created by someone else with the default instance
// as a member, as if the session had been added to it, and emits
// group.v2.join. The first participant is the group's owner (superadmin),
// the session a plain participant. It returns the group's ID.
func (s *Server) AddGroup(subject string, participants ...wawp.ChatID) (wawp.ChatID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.defaultInstance()
	if err != nil {
		return "", err
	}
	g := &group{subject: subject}
	for _, raw := range participants {
		id, err := wawp.ParseChatID(string(raw))
		if err != nil {
			return "", err
		}
		if _, in := g.member(id); in || id == inst.me.ID {
			continue
		}
		role := wawp.GroupRoleParticipant
		if len(g.participants) == 0 {
			role, g.owner = wawp.GroupRoleSuperAdmin, id
		}
		g.participants = append(g.participants, wawp.GroupParticipant{ID: id, Role: role})
	}
	g.participants = append(g.participants, wawp.GroupParticipant{ID: inst.me.ID, Role: wawp.GroupRoleParticipant})
	s.addGroup(inst, g, time.Now())
	return g.id, nil
}

// AddChannel adds a channel to the public directory that channel search,
// get and follow use. It is shared by all instances.
func (s *Server) AddChannel(ch Channel) error {
	if !ch.ID.IsChannel() {
		return fmt.Errorf("wawptest: channel ID %s does not end in @newsletter", ch.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.directory = append(s.directory, &ch)
	return nil
}

// SetPresence records participant's presence in chat (participant is the
// chat itself for a direct chat) for the default instance and emits
// presence.update. Online and typing-like states set the last-seen time.
func (s *Server) SetPresence(chat, participant wawp.ChatID, p wawp.Presence) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, err := s.defaultInstance()
	if err != nil {
		return err
	}
	entry := wawp.ParticipantPresence{Participant: participant, LastKnownPresence: p}
	if p != wawp.PresenceOffline {
		entry.LastSeen = wawp.Timestamp{Time: time.Now().UTC().Truncate(time.Second)}
	}
	list := inst.presences[chat]
	replaced := false
	for i := range list {
		if list[i].Participant == participant {
			list[i], replaced = entry, true
		}
	}
	if !replaced {
		list = append(list, entry)
	}
	inst.presences[chat] = list
	s.emit(inst, "presence.update", inst.chatPresences(chat))
	return nil
}
