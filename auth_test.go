package wawp

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"testing"

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
				assert.Equal(t, "2@AbCdEfGhIjKlMnOpQrStUvWxYz0123456789,ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg=,hIjKlMnOpQrStUvWxYz0123456789ab=,cDeFgHiJkLmN=", got)
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
			check:    func(t *testing.T, got any) { assert.Equal(t, "ABCD-ABCD", got) },
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
		{"qr field with a data URI", "application/json", []byte(`{"qr":"` + dataURI + `"}`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ts := newTestClient(t)
			ts.setHeader("Content-Type", tc.contentType)
			ts.reply(http.StatusOK, string(tc.body))
			img, err := c.Auth.QRImage(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "image/png", img.MIMEType)
			assert.Equal(t, png, img.Data)
		})
	}
}

func TestQRImageWithoutImageIsDecodeError(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"status":"WORKING"}`, `"not base64 !!"`, "<html>hello</html>", "data:image/png,raw"} {
		c, ts := newTestClient(t)
		ts.setHeader("Content-Type", "text/html")
		ts.reply(http.StatusOK, body)
		_, err := c.Auth.QRImage(context.Background())
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, "/getQr", de.Path)
	}
}

func TestQRRawAnswerShapes(t *testing.T) {
	t.Parallel()
	wrapped := base64.StdEncoding.EncodeToString([]byte(`{"value":"2@abc,def","expiry":1732550000000}`))
	cases := map[string]string{
		"value object":            `{"value":"2@abc,def"}`,
		"base64 JSON inside data": `{"mimetype":"application/json","data":"` + wrapped + `"}`,
		"base64 text inside data": `{"mimetype":"text/plain","data":"` + base64.StdEncoding.EncodeToString([]byte("2@abc,def")) + `"}`,
		"JSON string":             `"2@abc,def"`,
		"plain text":              `2@abc,def`,
	}
	for name, body := range cases {
		c, ts := newTestClient(t)
		ts.reply(http.StatusOK, body)
		value, err := c.Auth.QRRaw(context.Background())
		require.NoError(t, err, name)
		assert.Equal(t, "2@abc,def", value, name)
	}
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{"status":"WORKING"}`)
	_, err := c.Auth.QRRaw(context.Background())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
}

func TestRequestCodeValidation(t *testing.T) {
	t.Parallel()
	for _, phone := range []string{"", "12", "call me"} {
		assertNoRequest(t, "phone_number", func(ctx context.Context, c *Client) error {
			_, err := c.Auth.RequestCode(ctx, phone)
			return err
		})
	}
	c, ts := newTestClient(t)
	ts.reply(http.StatusOK, `{}`)
	_, err := c.Auth.RequestCode(context.Background(), "447441429009")
	var de *DecodeError
	require.ErrorAs(t, err, &de, "an answer without a code is not a success")
}
