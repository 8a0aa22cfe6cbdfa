package wawp

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onePixelPNG is the image inside the auth fixtures.
const onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

func pngBytes(t *testing.T) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(onePixelPNG)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(b, []byte("\x89PNG")))
	return b
}

func TestAuthEndpoints(t *testing.T) {
	t.Parallel()
	png := pngBytes(t)
	runEndpointCases(t, []endpointCase{
		{
			endpoint: "GET /getQr",
			fixture:  "auth/qr_raw.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Auth.QRRaw(ctx) },
			path:     "/getQr",
			query:    vals("format", "raw"),
			check: func(t *testing.T, got any) {
				assert.Equal(t, &QRCode{Value: testQRValue}, got)
			},
		},
		{
			endpoint: "GET /getQr",
			fixture:  "auth/qr_image.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Auth.QRImage(ctx) },
			path:     "/getQr",
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Image{MIMEType: "image/png", Data: png}, got)
			},
		},
		{
			endpoint: "POST /requestCode",
			fixture:  "auth/request_code.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Auth.RequestCode(ctx, "+44 7441 429009") },
			path:     "/requestCode",
			query:    vals("phone_number", "447441429009"),
			check:    func(t *testing.T, got any) { assert.Equal(t, &PairingCode{Code: "ABCD-ABCD"}, got) },
		},
		{
			endpoint: "GET /getScreenshot",
			fixture:  "auth/screenshot.json",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.Auth.Screenshot(ctx) },
			path:     "/getScreenshot",
			check: func(t *testing.T, got any) {
				assert.Equal(t, &Image{MIMEType: "image/png", Data: png}, got)
			},
		},
	})
}

// testQRValue is the QR text in the auth fixtures.
const testQRValue = "2@AbCdEfGhIjKlMnOpQrStUvWxYz0123456789,ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg=,hIjKlMnOpQrStUvWxYz0123456789ab=,cDeFgHiJkLmN="

// mockAnswer registers a 200 answer with the given type and body for one
// route and returns the client.
func mockAnswer(t *testing.T, method, path, contentType string, body []byte) *Client {
	t.Helper()
	c, mock := newMockClient(t)
	resp := httpmock.NewBytesResponder(http.StatusOK, body).HeaderSet(http.Header{"Content-Type": {contentType}})
	mock.RegisterResponder(method, mockBaseURL+path, resp)
	return c
}

func TestQRRawKeepsV2Expiry(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodGet, mockBaseURL+"getQr", fixtureResponder(t, "auth/synthetic_qr_raw_v2.json"))
	qr, err := c.Auth.QRRaw(context.Background())
	require.NoError(t, err)
	assert.Equal(t, testQRValue, qr.Value)
	assert.Equal(t, time.UnixMilli(1732550000000).UTC(), qr.Expiry.Time)
}

func TestQRRawRejectsOtherShapes(t *testing.T) {
	t.Parallel()
	imageJSON := `{"mimetype":"image/png","data":"` + onePixelPNG + `"}`
	for name, body := range map[string]string{
		"HTML page":            "<html><body>Log in " + testToken + "</body></html>",
		"plain text":           "2@abc,def",
		"JSON string":          `"2@abc,def"`,
		"session object":       `{"status":"WORKING"}`,
		"image instead of raw": imageJSON,
		"data not base64":      `{"mimetype":"application/json","data":"not base64 !!"}`,
		"empty value":          `{"value":""}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := mockAnswer(t, http.MethodGet, "getQr", "text/html", []byte(body))
			qr, err := c.Auth.QRRaw(context.Background())
			assert.Nil(t, qr, "no QR value comes back from an answer of another shape")
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "/getQr", de.Path)
			assert.NotContains(t, err.Error(), testToken)
		})
	}
}

func TestQRImageAnswerShapes(t *testing.T) {
	t.Parallel()
	png := pngBytes(t)
	dataURI := "data:image/png;base64," + onePixelPNG
	cases := []struct {
		name        string
		contentType string
		body        []byte
	}{
		{"raw PNG bytes", "image/png", png},
		{"raw PNG with a generic type", "application/octet-stream", png},
		{"bare data URI", "text/plain", []byte(dataURI)},
		{"data URI as a JSON string", "application/json", []byte(`"` + dataURI + `"`)},
		{"mimetype and base64 data", "application/json", []byte(`{"mimetype":"image/png","data":"` + onePixelPNG + `"}`)},
		{"qr field with a data URI (v2)", "application/json", []byte(`{"qr":"` + dataURI + `"}`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := mockAnswer(t, http.MethodGet, "getQr", tc.contentType, tc.body)
			img, err := c.Auth.QRImage(context.Background())
			require.NoError(t, err)
			assert.Equal(t, &Image{MIMEType: "image/png", Data: png}, img)
		})
	}
}

func TestScreenshotDecodesBase64AndDataURI(t *testing.T) {
	t.Parallel()
	png := pngBytes(t)
	for name, body := range map[string]string{
		"bare base64 as documented": string(fixture(t, "auth/screenshot.json")),
		"data URI":                  `{"mimetype":"image/png","data":"data:image/png;base64,` + onePixelPNG + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := mockAnswer(t, http.MethodGet, "getScreenshot", "application/json", []byte(body))
			img, err := c.Auth.Screenshot(context.Background())
			require.NoError(t, err)
			assert.Equal(t, &Image{MIMEType: "image/png", Data: png}, img)
		})
	}
}

func TestImageWithoutImageIsDecodeError(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"status":"WORKING"}`, `"not base64 !!"`, "<html>" + testToken + "</html>", "data:image/png,raw"} {
		c := mockAnswer(t, http.MethodGet, "getQr", "text/html", []byte(body))
		_, err := c.Auth.QRImage(context.Background())
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, "/getQr", de.Path)
		assert.Empty(t, de.Snippet, "the body stays out of the error")
		assert.NotContains(t, err.Error(), testToken)
	}
}

func TestRequestCodeWithMessageIsSuccess(t *testing.T) {
	t.Parallel()
	c, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodPost, mockBaseURL+"requestCode", fixtureResponder(t, "auth/synthetic_request_code_message.json"))
	code, err := c.Auth.RequestCode(context.Background(), "447441429009")
	require.NoError(t, err, "a pairing code answer has code and message, and is not an error envelope")
	assert.Equal(t, &PairingCode{Code: "ABCD-1234", Message: "Enter this code"}, code)
}

func TestRequestCodeValidation(t *testing.T) {
	t.Parallel()
	for _, phone := range []string{"", "12", "call me"} {
		assertNoRequest(t, "phone_number", func(ctx context.Context, c *Client) error {
			_, err := c.Auth.RequestCode(ctx, phone)
			return err
		})
	}
	c := mockAnswer(t, http.MethodPost, "requestCode", "application/json", []byte(`{}`))
	_, err := c.Auth.RequestCode(context.Background(), "447441429009")
	var de *DecodeError
	require.ErrorAs(t, err, &de, "an answer without a code is not a success")
	assert.Equal(t, "/requestCode", de.Path)
}
