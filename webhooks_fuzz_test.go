package wawp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webhookSeeds returns every webhook fixture, the fuzz seed corpus.
func webhookSeeds(f *testing.F) [][]byte {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "webhooks", "*.json"))
	require.NoError(f, err)
	require.NotEmpty(f, files)
	seeds := make([][]byte, 0, len(files))
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		seeds = append(seeds, b)
	}
	return seeds
}

func FuzzParseEvent(f *testing.F) {
	for _, seed := range webhookSeeds(f) {
		f.Add(seed)
	}
	f.Add([]byte(`{"Event":"message","payload":{},"PAYLOAD":{"id":"x"}}`))
	f.Add([]byte(`{"\u0065vent":"message","payload":{"body":"\"}]"}}`))
	f.Add([]byte(`[{"event":"x"},{"event":"y","payload":[1,"]"]}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := ParseEvents(body)
		if err != nil {
			return
		}
		for _, ev := range events {
			checkParsedEvent(t, ev)
		}
		if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
			one, err := ParseEvent(body)
			require.NoError(t, err)
			require.Len(t, events, 1)
			assert.Equal(t, events[0].Type, one.Type)
		}
	})
}

// checkParsedEvent asserts the invariants of any decoded event.
func checkParsedEvent(t *testing.T, ev *Event) {
	t.Helper()
	require.NotEmpty(t, ev.Type)
	require.NotNil(t, ev.Payload)
	require.True(t, json.Valid(ev.Raw), "Raw is one JSON value")

	// Raw decodes again to the same event.
	again, err := ParseEvent(ev.Raw)
	require.NoError(t, err)
	assert.Equal(t, ev.Type, again.Type)
	assert.Equal(t, ev.ID, again.ID)

	var generic struct {
		Event   EventType       `json:"event"`
		Payload json.RawMessage `json:"payload"`
	}
	require.NoError(t, json.Unmarshal(ev.Raw, &generic))
	if generic.Event == "" {
		assert.Equal(t, EventSessionStatus, ev.Type, "only the legacy form has no event name")
		assert.Equal(t, string(ev.Raw), string(ev.RawPayload()))
		return
	}
	assert.Equal(t, generic.Event, ev.Type)
	assert.Equal(t, string(generic.Payload), string(ev.RawPayload()))
	if u, ok := ev.Payload.(*UnknownEvent); ok {
		assert.Nil(t, newPayload(ev.Type), "only types without a payload type are unknown")
		assert.Equal(t, string(ev.RawPayload()), string(u.Raw))
	} else {
		assert.True(t, ev.Type.IsKnown())
	}

	// The one-pass decode gives what decoding the payload apart, once the
	// event name is known, gives.
	apart, err := decodeWireEvent(ev.Raw, false)
	require.NoError(t, err)
	payload, err := apart.payload()
	require.NoError(t, err)
	assert.Equal(t, payload, ev.Payload)
}

func FuzzVerifySignature(f *testing.F) {
	for _, seed := range webhookSeeds(f) {
		f.Add(seed, "my-secret-key", "sha512", "")
		f.Add(seed, "whsec-long-secret-value", "sha256", "")
	}
	f.Add([]byte(`{"event":"message","session":"default","engine":"WEBJS"}`), "my-secret-key", "",
		"208f8a55dde9e05519e898b10b89bf0d0b3b0fdf11fdbf09b6b90476301b98d8097c462b2b17a6ce93b6b47a136cf2e78a33a63f6752c2c1631777076153fa89")
	f.Add([]byte("{}"), "k", "md5", "00")
	f.Add([]byte(""), "", "SHA512", "zz")
	f.Fuzz(func(t *testing.T, body []byte, secretKey, algorithm, signature string) {
		// Whatever arrives, verification answers nil or a known error and
		// never repeats the secret.
		err := VerifyHMAC(body, signature, secretKey, algorithm)
		if err != nil {
			known := errors.Is(err, ErrSignatureMissing) || errors.Is(err, ErrSignatureMismatch) ||
				errors.Is(err, ErrUnsupportedAlgorithm) || errors.Is(err, ErrNoWebhookSecret)
			require.True(t, known, "unexpected error %v", err)
			if len(secretKey) >= 8 {
				assert.NotContains(t, err.Error(), secretKey)
			}
		}

		sig := SignWebhook(body, secretKey, algorithm)
		if _, unsupported := hmacHash(algorithm); unsupported != nil {
			require.Empty(t, sig)
			return
		}
		if secretKey == "" {
			require.ErrorIs(t, VerifyHMAC(body, sig, secretKey, algorithm), ErrNoWebhookSecret)
			return
		}
		require.NoError(t, VerifyHMAC(body, sig, secretKey, algorithm), "a body verifies against its own signature")
		h := http.Header{}
		h.Set(HeaderWebhookHMAC, sig)
		h.Set(HeaderWebhookHMACAlgorithm, algorithm)
		require.NoError(t, VerifySignature(body, h, secretKey))

		tampered := append([]byte{'x'}, body...)
		require.ErrorIs(t, VerifyHMAC(tampered, sig, secretKey, algorithm), ErrSignatureMismatch)
		require.ErrorIs(t, VerifyHMAC(body, sig, secretKey+"x", algorithm), ErrSignatureMismatch)

		// Wawp's header, told sha256 from sha512 by length, verifies alone
		// and beside a wrong engine header, and fails on a tampered body.
		wawp := http.Header{}
		wawp.Set(HeaderWawpSignature, sig)
		require.NoError(t, VerifySignature(body, wawp, secretKey))
		wawp.Set(HeaderWebhookHMAC, signature)
		require.NoError(t, VerifySignature(body, wawp, secretKey))
		require.Error(t, VerifySignature(tampered, wawp, secretKey))
		wawp.Set(HeaderWawpSignature, signature)
		wawp.Set(HeaderWebhookHMAC, sig)
		wawp.Set(HeaderWebhookHMACAlgorithm, algorithm)
		require.NoError(t, VerifySignature(body, wawp, secretKey), "a wrong Wawp header beside a right engine one")
	})
}

func FuzzWebhookHandler(f *testing.F) {
	for _, seed := range webhookSeeds(f) {
		f.Add(seed)
	}
	f.Add([]byte(`{"event":"message","payload":{"fromMe":true}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"event":"boom"}`))
	const maxBody = 64 << 10
	f.Fuzz(func(t *testing.T, body []byte) {
		h := newTestHandler(t, testWebhookSecret, WithMaxBodySize(maxBody), WithSkipFromMe())
		for _, typ := range knownEventTypes() {
			h.On(typ, func(_ context.Context, e *Event) error {
				checkParsedEvent(t, e)
				return nil
			})
		}
		h.OnMessage(func(_ context.Context, _ *Event, m *Message) error {
			if strings.Contains(m.Body, "panic") {
				panic("callback panic")
			}
			return nil
		})
		h.OnUnknown(func(_ context.Context, e *Event) error {
			if e.Type == "boom" {
				return errors.New("callback error")
			}
			return nil
		})

		r := delivery(body)
		w := deliver(h, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusInternalServerError:
		default:
			t.Fatalf("status %d is not allowed for a signed POST", w.Code)
		}
		if len(body) > maxBody {
			require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
			return
		}
		if _, err := ParseEvents(body); err != nil {
			require.Equal(t, http.StatusBadRequest, w.Code, "undecodable bodies are 400")
		} else {
			require.NotEqual(t, http.StatusBadRequest, w.Code, "decodable bodies are accepted")
		}
		require.False(t, bytes.Contains(w.Body.Bytes(), []byte("callback panic")))
	})
}
