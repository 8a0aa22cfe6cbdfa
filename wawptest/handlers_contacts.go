package wawptest

import (
	"strings"

	"github.com/wawp-go/wawp"
)

// contactJSON is a contact as WAHA's contact endpoints answer it.
type contactJSON struct {
	ID          wawp.ChatID `json:"id"`
	Number      string      `json:"number"`
	Name        string      `json:"name,omitempty"`
	PushName    string      `json:"pushname,omitempty"`
	ShortName   string      `json:"shortName,omitempty"`
	IsMe        bool        `json:"isMe"`
	IsGroup     bool        `json:"isGroup"`
	IsWAContact bool        `json:"isWAContact"`
	IsMyContact bool        `json:"isMyContact"`
	IsBlocked   bool        `json:"isBlocked"`
}

func (inst *instance) contactView(ct *contact) contactJSON {
	short, _, _ := strings.Cut(ct.Name, " ")
	return contactJSON{
		ID:          ct.ID,
		Number:      ct.ID.User(),
		Name:        ct.Name,
		PushName:    ct.PushName,
		ShortName:   short,
		IsMe:        ct.ID == inst.me.ID,
		IsGroup:     ct.ID.IsGroup(),
		IsWAContact: true,
		IsMyContact: ct.inAddressBook,
		IsBlocked:   inst.blocked[ct.ID],
	}
}

// contactParam reads contactId; a bare phone number becomes <digits>@c.us.
func (c *call) contactParam() (wawp.ChatID, *apiError) {
	return c.chatParam("contactId")
}

// knownContact reads contactId and finds the contact.
func (c *call) knownContact() (*contact, *apiError) {
	id, err := c.contactParam()
	if err != nil {
		return nil, err
	}
	ct, ok := c.inst.contacts[id]
	if !ok {
		return nil, errNotFound("contact", id)
	}
	return ct, nil
}

func handleListContacts(c *call) (any, *apiError) {
	limit, offset, err := c.page(0)
	if err != nil {
		return nil, err
	}
	desc, err := c.sortOrder(false)
	if err != nil {
		return nil, err
	}
	sortBy := c.optional("sortBy")
	if sortBy != "" && sortBy != "id" && sortBy != "name" {
		return nil, errInvalid("sortBy", "must be id or name")
	}
	contacts := make([]*contact, 0, len(c.inst.contacts))
	for _, ct := range c.inst.contacts {
		contacts = append(contacts, ct)
	}
	key := func(ct *contact) string {
		if sortBy == "name" {
			return strings.ToLower(ct.Name) + "\x00" + string(ct.ID)
		}
		return string(ct.ID)
	}
	sortByKey(contacts, desc, key)
	out := []contactJSON{}
	for _, ct := range window(contacts, limit, offset) {
		out = append(out, c.inst.contactView(ct))
	}
	return out, nil
}

func handleGetContact(c *call) (any, *apiError) {
	ct, err := c.knownContact()
	if err != nil {
		return nil, err
	}
	return c.inst.contactView(ct), nil
}

// handleCheckExists reports a number as on WhatsApp when the session knows
// it: a seeded contact, or someone it has a chat with.
func handleCheckExists(c *call) (any, *apiError) {
	phone, err := c.required("phone")
	if err != nil {
		return nil, err
	}
	id, perr := wawp.UserChatID(phone)
	if perr != nil {
		return nil, errInvalid("phone", "must be a phone number with the country code")
	}
	_, isContact := c.inst.contacts[id]
	_, hasChat := c.inst.chats[id]
	if !isContact && !hasChat {
		return map[string]bool{"numberExists": false}, nil
	}
	return map[string]any{"numberExists": true, "chatId": id}, nil
}

func handleContactAbout(c *call) (any, *apiError) {
	ct, err := c.knownContact()
	if err != nil {
		return nil, err
	}
	return map[string]*string{"about": nullable(ct.About)}, nil
}

func handleContactPicture(c *call) (any, *apiError) {
	id, err := c.contactParam()
	if err != nil {
		return nil, err
	}
	if _, err := c.boolParam("refresh", false); err != nil {
		return nil, err
	}
	return map[string]*string{"profilePictureURL": nullable(c.inst.contactFor(id).PictureURL)}, nil
}

func handleBlockContact(block bool) func(*call) (any, *apiError) {
	return func(c *call) (any, *apiError) {
		id, err := c.contactParam()
		if err != nil {
			return nil, err
		}
		if block {
			c.inst.blocked[id] = true
		} else {
			delete(c.inst.blocked, id)
		}
		return success()
	}
}

// handleUpsertContact saves a contact in the phone's address book.
func handleUpsertContact(c *call) (any, *apiError) {
	id, err := c.pathChat("contactId")
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(c.optional("firstName") + " " + c.optional("lastName"))
	if name == "" {
		return nil, errMissing("firstName")
	}
	ct := c.inst.contactFor(id)
	ct.Name, ct.inAddressBook = name, true
	c.inst.contacts[id] = ct
	return success()
}

func handleListLIDs(c *call) (any, *apiError) {
	limit, offset, err := c.page(100)
	if err != nil {
		return nil, err
	}
	return append([]lidMapping{}, window(c.inst.lids, limit, offset)...), nil
}

func handleCountLIDs(c *call) (any, *apiError) {
	return map[string]int{"count": len(c.inst.lids)}, nil
}
