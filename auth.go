package wawp

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// AuthService logs a session in: by QR code, by pairing code, and lets you
// look at the session's screen.
type AuthService service

// Image is a picture returned by the API, such as a QR code or a screenshot.
type Image struct {
	// MIMEType is the image type, such as "image/png".
	MIMEType string
	// Data is the decoded image.
	Data []byte
}

type qrParams struct {
	Format string `url:"format,omitempty"`
}

// QRCode is the text encoded in the login QR code, for rendering it
// yourself.
type QRCode struct {
	// Value is the text to encode in the QR code.
	Value string
	// Expiry is when Value stops being valid; zero when the server does not
	// say (the v1 and upstream answers carry no expiry).
	Expiry Timestamp
}

// qrValueJSON is the documented raw QR answer: {value} upstream, and the
// JSON that v2's base64 data holds, {value, expiry} (Unix milliseconds).
type qrValueJSON struct {
	Value  string    `json:"value"`
	Expiry Timestamp `json:"expiry"`
}

// UnmarshalJSON reads {value[, expiry]}, or {mimetype, data} whose base64
// data holds that JSON, as v2 sends it. Any other shape is an error, so an
// HTML page or an image never passes for a QR value.
func (q *QRCode) UnmarshalJSON(b []byte) error {
	var wire struct {
		qrValueJSON
		Data string `json:"data"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	found := wire.qrValueJSON
	if found.Value == "" && wire.Data != "" {
		decoded, err := base64.StdEncoding.DecodeString(wire.Data)
		if err != nil {
			return errQRDataNotBase64
		}
		if json.Unmarshal(decoded, &found) != nil {
			return errNoQRValue
		}
	}
	if found.Value == "" {
		return errNoQRValue
	}
	*q = QRCode(found)
	return nil
}

// QRRaw returns the text encoded in the login QR code, for rendering it
// yourself. The value changes every 20 to 40 seconds while the session is
// in SCAN_QR_CODE. An answer that is not the documented QR shape is a
// *DecodeError.
//
// Wawp API: GET /getQr
func (s *AuthService) QRRaw(ctx context.Context) (*QRCode, error) {
	ep := endpoint{route: route{http.MethodGet, "/getQr"}, class: classRead}
	return callRef[QRCode](ctx, s.client, ep, input{query: qrParams{Format: "raw"}})
}

// QRImage returns the login QR code as an image. The server may answer with
// raw PNG bytes, a data URI, or JSON holding either; all decode the same.
//
// Wawp API: GET /getQr
func (s *AuthService) QRImage(ctx context.Context) (*Image, error) {
	return s.image(ctx, "/getQr")
}

// Screenshot returns a live screenshot of the session's WhatsApp screen.
// The documented answer is {mimetype, data} with base64 data; a data URI
// in data, or raw image bytes, decode too.
//
// Wawp API: GET /getScreenshot
func (s *AuthService) Screenshot(ctx context.Context) (*Image, error) {
	return s.image(ctx, "/getScreenshot")
}

// image fetches an image endpoint, undecoded, and reads any of its shapes.
func (s *AuthService) image(ctx context.Context, path string) (*Image, error) {
	ep := endpoint{route: route{http.MethodGet, path}, class: classRead}
	raw, err := call[rawBody](ctx, s.client, ep, input{})
	if err != nil {
		return nil, err
	}
	img, err := decodeImage(&raw)
	if err != nil {
		return nil, s.client.shapeError(ep, err)
	}
	return img, nil
}

type requestCodeParams struct {
	PhoneNumber string `url:"phone_number"`
}

// PairingCode is the answer to RequestCode.
type PairingCode struct {
	// Code is the pairing code to type into WhatsApp, such as "ABCD-1234".
	Code string `json:"code"`
	// Message is the server's instruction for the user, when it sends one.
	Message string `json:"message,omitempty"`
}

// RequestCode asks for a pairing code to log in without scanning a QR code:
// the user types it into WhatsApp under "Link with phone number". The
// session should be in SCAN_QR_CODE. phone is the account's number in
// international form; "+", spaces, dashes and a leading 00 are removed.
// Each call makes a new code, so it is never repeated after an ambiguous
// failure.
//
// Wawp API: POST /requestCode
func (s *AuthService) RequestCode(ctx context.Context, phone string) (*PairingCode, error) {
	chat, err := UserChatID(phone)
	if err != nil {
		return nil, &ValidationError{Field: "phone_number", Reason: "must be a phone number in international form"}
	}
	ep := endpoint{route: route{http.MethodPost, "/requestCode"}, class: classWrite}
	out, err := callRef[PairingCode](ctx, s.client, ep, input{query: requestCodeParams{PhoneNumber: chat.User()}})
	if err != nil {
		return nil, err
	}
	if out.Code == "" {
		return nil, s.client.shapeError(ep, errNoPairingCode)
	}
	return out, nil
}

type decodeFailure string

func (e decodeFailure) Error() string { return string(e) }

const (
	errNoQRValue       decodeFailure = "no QR value in the response"
	errQRDataNotBase64 decodeFailure = "the QR data is not base64"
	errNoImage         decodeFailure = "no image in the response"
	errNoPairingCode   decodeFailure = "no pairing code in the response"
)

// imageJSON holds the image fields seen across server versions:
// {mimetype,data} (base64 or data URI), {qr: data URI}, {image: ...}.
type imageJSON struct {
	MIMEType string `json:"mimetype"`
	Data     string `json:"data"`
	QR       string `json:"qr"`
	Image    string `json:"image"`
}

// decodeImage turns any of the image answers into an Image.
func decodeImage(raw *rawBody) (*Image, error) {
	body := bytes.TrimSpace(raw.Body)
	// The body stays out of the error: it may be a whole page.
	fail := errNoImage
	switch {
	case len(body) == 0:
		return nil, fail
	case body[0] == '{':
		var j imageJSON
		if json.Unmarshal(body, &j) != nil {
			return nil, fail
		}
		for _, candidate := range []string{j.Data, j.QR, j.Image} {
			if img, ok := imageFromText(candidate, j.MIMEType); ok {
				return img, nil
			}
		}
		return nil, fail
	case body[0] == '"':
		var text string
		if json.Unmarshal(body, &text) == nil {
			if img, ok := imageFromText(text, ""); ok {
				return img, nil
			}
		}
		return nil, fail
	case bytes.HasPrefix(body, []byte("data:")):
		if img, ok := imageFromText(string(body), ""); ok {
			return img, nil
		}
		return nil, fail
	}
	mimeType := raw.ContentType
	if !strings.HasPrefix(mimeType, "image/") {
		mimeType = http.DetectContentType(raw.Body)
	}
	if !strings.HasPrefix(mimeType, "image/") {
		return nil, fail
	}
	return &Image{MIMEType: mimeType, Data: raw.Body}, nil
}

// imageFromText decodes a data URI or bare base64 text.
func imageFromText(text, mimeType string) (*Image, bool) {
	if text == "" {
		return nil, false
	}
	if rest, ok := strings.CutPrefix(text, "data:"); ok {
		meta, payload, found := strings.Cut(rest, ",")
		if !found || !strings.HasSuffix(meta, ";base64") {
			return nil, false
		}
		mimeType, text = strings.TrimSuffix(meta, ";base64"), payload
	}
	data, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, false
	}
	if mimeType == "" {
		mimeType = http.DetectContentType(data)
	}
	return &Image{MIMEType: mimeType, Data: data}, true
}
