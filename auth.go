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

// QRRaw returns the text value encoded in the login QR code, for rendering
// it yourself. The value changes every 20 to 40 seconds while the session is
// in SCAN_QR_CODE.
//
// Wawp API: GET /getQr
func (s *AuthService) QRRaw(ctx context.Context) (string, error) {
	raw, err := s.getRaw(ctx, "getQr", qrParams{Format: "raw"})
	if err != nil {
		return "", err
	}
	value, ok := qrValue(raw.Body)
	if !ok {
		return "", &DecodeError{Method: http.MethodGet, Path: "/getQr", Snippet: snippetOf(raw.Body), Err: errNoQRValue}
	}
	return value, nil
}

// QRImage returns the login QR code as an image. The server may answer with
// raw PNG bytes, a data URI, or JSON holding either; all decode the same.
//
// Wawp API: GET /getQr
func (s *AuthService) QRImage(ctx context.Context) (*Image, error) {
	raw, err := s.getRaw(ctx, "getQr", nil)
	if err != nil {
		return nil, err
	}
	return decodeImage(http.MethodGet, "/getQr", raw)
}

// Screenshot returns a live screenshot of the session's WhatsApp screen.
//
// Wawp API: GET /getScreenshot
func (s *AuthService) Screenshot(ctx context.Context) (*Image, error) {
	raw, err := s.getRaw(ctx, "getScreenshot", nil)
	if err != nil {
		return nil, err
	}
	return decodeImage(http.MethodGet, "/getScreenshot", raw)
}

type requestCodeParams struct {
	PhoneNumber string `url:"phone_number"`
}

// RequestCode asks for a pairing code to log in without scanning a QR code:
// the user types it into WhatsApp under "Link with phone number". The
// session should be in SCAN_QR_CODE. phoneNumber is the account's number in
// international form; "+", spaces, dashes and a leading 00 are removed.
//
// Wawp API: POST /requestCode
func (s *AuthService) RequestCode(ctx context.Context, phoneNumber string) (string, error) {
	chat, err := UserChatID(phoneNumber)
	if err != nil {
		return "", &ValidationError{Field: "phone_number", Reason: "must be a phone number in international form"}
	}
	req, err := s.client.newLegacyRequest(ctx, http.MethodPost, "requestCode", requestCodeParams{PhoneNumber: chat.User()}, nil)
	if err != nil {
		return "", err
	}
	var out struct {
		Code string `json:"code"`
	}
	if err := s.client.do(req, &out); err != nil {
		return "", err
	}
	if out.Code == "" {
		return "", &DecodeError{Method: http.MethodPost, Path: "/requestCode", Err: errNoPairingCode}
	}
	return out.Code, nil
}

func (s *AuthService) getRaw(ctx context.Context, path string, params any) (*rawBody, error) {
	req, err := s.client.newLegacyRequest(ctx, http.MethodGet, path, params, nil)
	if err != nil {
		return nil, err
	}
	var raw rawBody
	if err := s.client.do(req, &raw); err != nil {
		return nil, err
	}
	return &raw, nil
}

type decodeFailure string

func (e decodeFailure) Error() string { return string(e) }

const (
	errNoQRValue     decodeFailure = "no QR value in the response"
	errNoImage       decodeFailure = "no image in the response"
	errNoPairingCode decodeFailure = "no pairing code in the response"
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
func decodeImage(method, path string, raw *rawBody) (*Image, error) {
	body := bytes.TrimSpace(raw.Body)
	fail := &DecodeError{Method: method, Path: path, Snippet: snippetOf(body), Err: errNoImage}
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

// qrValue finds the QR text in {value}, in {mimetype,data} whose base64 data
// holds {value} or the text itself, or in a plain text body.
func qrValue(body []byte) (string, bool) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "", false
	}
	if body[0] != '{' {
		var text string
		if json.Unmarshal(body, &text) == nil {
			return text, text != ""
		}
		return string(body), true
	}
	var j struct {
		Value string `json:"value"`
		Data  string `json:"data"`
	}
	if json.Unmarshal(body, &j) != nil {
		return "", false
	}
	if j.Value != "" {
		return j.Value, true
	}
	decoded, err := base64.StdEncoding.DecodeString(j.Data)
	if err != nil || len(decoded) == 0 {
		return "", false
	}
	if decoded[0] == '{' {
		return qrValue(decoded)
	}
	return string(decoded), true
}

// snippetOf returns the first 200 bytes of a body for error messages.
func snippetOf(body []byte) string {
	const maxSnippet = 200
	if len(body) > maxSnippet {
		body = body[:maxSnippet]
	}
	return strings.ToValidUTF8(string(body), "")
}
