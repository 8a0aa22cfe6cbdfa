package wawptest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/wawp-go/wawp"
)

// sessionJSON is the SessionDTO / SessionInfo answer of the lifecycle calls.
type sessionJSON struct {
	Name   string            `json:"name"`
	Status string            `json:"status"`
	Config sessionConfigJSON `json:"config"`
	Me     *wawp.MeInfo      `json:"me,omitempty"`
	Engine map[string]string `json:"engine,omitempty"`
}

type sessionConfigJSON struct {
	Metadata map[string]string `json:"metadata"`
	Webhooks []webhookJSON     `json:"webhooks"`
	Proxy    *string           `json:"proxy"`
}

type webhookJSON struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

func (s *Server) sessionView(inst *instance, withInfo bool) sessionJSON {
	out := sessionJSON{
		Name:   inst.name,
		Status: string(inst.status),
		Config: sessionConfigJSON{Metadata: inst.metadata, Webhooks: []webhookJSON{}},
	}
	if url := s.hooks.currentURL(); url != "" {
		out.Config.Webhooks = []webhookJSON{{URL: url, Events: []string{"*"}}}
	}
	if withInfo {
		out.Engine = map[string]string{"engine": engineName}
		if inst.status == wawp.SessionWorking {
			me := inst.me
			out.Me = &me
		}
	}
	return out
}

// changeStatus moves the session to status and emits session.status.
func (s *Server) changeStatus(inst *instance, status wawp.SessionStatus, now time.Time) {
	inst.setStatus(status, now)
	s.emit(inst, "session.status", map[string]any{
		"name":     inst.name,
		"status":   status,
		"statuses": append([]statusPoint(nil), inst.history...),
	})
}

// boot runs a start: STARTING, then WORKING when the account is still
// linked (or auto-login is on), SCAN_QR_CODE otherwise.
func (s *Server) boot(inst *instance, now time.Time) {
	s.changeStatus(inst, wawp.SessionStarting, now)
	if s.cfg.autoLogin {
		inst.authenticated = true
	}
	if inst.authenticated {
		s.changeStatus(inst, wawp.SessionWorking, now)
		return
	}
	s.changeStatus(inst, wawp.SessionScanQRCode, now)
}

func handleCreateSession(c *call) (any, *apiError) {
	name, err := c.required("name")
	if err != nil {
		return nil, err
	}
	s := c.s
	s.sessions++
	id := randomHex(6)
	for s.instances[id] != nil {
		id = randomHex(6)
	}
	me := meInfo(wawp.ChatID(fmt.Sprintf("1555%07d@c.us", 1000000+s.sessions)), name)
	inst := newInstance(id, name, me)
	s.instances[id] = inst
	return s.sessionView(inst, false), nil
}

func handleStartSession(c *call) (any, *apiError) {
	switch c.inst.status {
	case wawp.SessionStopped, wawp.SessionFailed:
		c.s.boot(c.inst, c.now)
		view := c.s.sessionView(c.inst, false)
		view.Status = string(wawp.SessionStarting)
		return view, nil
	}
	return c.s.sessionView(c.inst, false), nil
}

func handleStopSession(c *call) (any, *apiError) {
	if c.inst.status != wawp.SessionStopped {
		c.s.changeStatus(c.inst, wawp.SessionStopped, c.now)
	}
	return c.s.sessionView(c.inst, false), nil
}

func handleRestartSession(c *call) (any, *apiError) {
	if c.inst.status != wawp.SessionStopped {
		c.s.changeStatus(c.inst, wawp.SessionStopped, c.now)
	}
	c.s.boot(c.inst, c.now)
	view := c.s.sessionView(c.inst, false)
	view.Status = string(wawp.SessionStarting)
	return view, nil
}

func handleDeleteSession(c *call) (any, *apiError) {
	if c.inst.status != wawp.SessionStopped {
		c.s.changeStatus(c.inst, wawp.SessionStopped, c.now)
	}
	delete(c.s.instances, c.inst.id)
	return success()
}

func handleLogoutSession(c *call) (any, *apiError) {
	c.inst.authenticated = false
	c.s.changeStatus(c.inst, wawp.SessionScanQRCode, c.now)
	return c.s.sessionView(c.inst, false), nil
}

func handleSessionInfo(c *call) (any, *apiError) {
	return c.s.sessionView(c.inst, true), nil
}

// handleSessionMe answers the account, or JSON null until the session is WORKING.
func handleSessionMe(c *call) (any, *apiError) {
	if c.inst.status != wawp.SessionWorking {
		return nil, nil
	}
	return c.inst.me, nil
}

func handleGetQR(c *call) (any, *apiError) {
	switch format := c.optional("format"); format {
	case "raw":
		return map[string]string{"value": qrValue()}, nil
	case "", "image":
		return c.s.pngJSON(), nil
	default:
		return nil, errInvalid("format", "must be raw or image")
	}
}

func handleRequestCode(c *call) (any, *apiError) {
	phone, err := c.required("phone_number")
	if err != nil {
		return nil, err
	}
	if _, perr := wawp.UserChatID(phone); perr != nil || strings.Contains(phone, "@") {
		return nil, errInvalid("phone_number", "must be digits with the country code")
	}
	return map[string]string{"code": pairingCode()}, nil
}

func handleScreenshot(c *call) (any, *apiError) {
	return c.s.pngJSON(), nil
}

func (s *Server) pngJSON() map[string]string {
	return map[string]string{"mimetype": "image/png", "data": base64.StdEncoding.EncodeToString(s.png)}
}

// qrValue is a fresh login QR text in WhatsApp's "2@ref,key,key,key" form.
func qrValue() string {
	part := func(n int) string {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return base64.StdEncoding.EncodeToString(b)
	}
	return "2@" + part(36) + "," + part(32) + "," + part(32) + "," + part(16)
}

// pairingCode is a code such as "K3PQ-7ZXM".
func pairingCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// qrPNG draws a small QR-like picture: three finder squares and a fixed
// pattern. It is a real PNG, not a scannable code.
func qrPNG() []byte {
	const modules, scale = 21, 4
	img := image.NewGray(image.Rect(0, 0, (modules+2)*scale, (modules+2)*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	dark := func(x, y int) bool {
		for _, corner := range [][2]int{{0, 0}, {modules - 7, 0}, {0, modules - 7}} {
			dx, dy := x-corner[0], y-corner[1]
			if dx >= 0 && dx < 7 && dy >= 0 && dy < 7 {
				ring := min(dx, dy, 6-dx, 6-dy)
				return ring != 1
			}
		}
		return (x*7+y*13+x*y)%5 < 2
	}
	for y := 0; y < modules; y++ {
		for x := 0; x < modules; x++ {
			if !dark(x, y) {
				continue
			}
			for py := 0; py < scale; py++ {
				for px := 0; px < scale; px++ {
					img.SetGray((x+1)*scale+px, (y+1)*scale+py, color.Gray{})
				}
			}
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
