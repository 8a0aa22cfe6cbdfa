package wawp

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twoPasses decodes a send answer as every other result is decoded: the
// error envelope checked on its own, then json.Unmarshal.
type twoPasses struct{ answer *sentAnswer }

func (p *twoPasses) UnmarshalJSON(b []byte) error { return p.answer.UnmarshalJSON(b) }

// acceptSendAnswer hands body to accept as the 200 answer to a send,
// decoded in one pass (as sends are) and in two (as other results are).
func acceptSendAnswer(c *Client, body []byte) (onePass, twoPass sentAnswer, onePassErr, twoPassErr error) {
	req := &request{ctx: context.Background(), ep: endpoint{route: route{http.MethodPost, "/send"}, class: classSend}, path: "send"}
	rt := route{http.MethodPost, "send"}
	answer := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}}
	onePassErr = c.accept(req, rt, answer, slices.Clone(body), &onePass)
	twoPassErr = c.accept(req, rt, answer, slices.Clone(body), &twoPasses{&twoPass})
	return onePass, twoPass, onePassErr, twoPassErr
}

// newAnswerClient is the client whose accept judges the answers.
func newAnswerClient(t testing.TB) *Client {
	t.Helper()
	c, err := NewClient(testInstance, testToken)
	require.NoError(t, err)
	return c
}

func TestSendAnswerDecodedOnceAsInTwoPasses(t *testing.T) {
	t.Parallel()
	var _ envelopeReader = (*sentAnswer)(nil) // sends take the one-pass path
	c := newAnswerClient(t)
	sent, err := os.ReadFile("testdata/messages/send_text.json")
	require.NoError(t, err)

	const (
		success     = "success"
		apiError    = "API error"
		decodeError = "decode error"
	)
	for _, tc := range []struct {
		name, body, want string
		// id is the decoded message's ID on success.
		id MessageID
	}{
		{"WAHA message", string(sent), success, "true_447441429009@c.us_3EB0B430C1C9E2A0F4A7"},
		{"white space around", " \r\n" + string(sent) + "\n\t", success, "true_447441429009@c.us_3EB0B430C1C9E2A0F4A7"},
		{"NOWEB's own message", `{"key":{"id":"3EB0"},"message":{"conversation":"hi"},"status":1}`, success, "3EB0"},
		{"code and message of a success", `{"id":"true_1@c.us_A","code":"sent","message":"queued"}`, success, "true_1@c.us_A"},
		{"data that is not an envelope's", `{"id":"true_1@c.us_A","data":"text"}`, success, "true_1@c.us_A"},
		{"null", `null`, success, ""},
		{"empty", ``, success, ""},
		{"upstream status", `{"statusCode":500,"message":"boom","error":"Internal Server Error"}`, apiError, ""},
		{"WordPress status", `{"code":"x","message":"y","data":{"status":502}}`, apiError, ""},
		{"repeated data merges", `{"data":{"status":502},"data":{"other":1}}`, apiError, ""},
		{"known code, folded case", `{"CODE":"invalid_instance","message":"Instance not found."}`, apiError, ""},
		{"a list", `[{"id":"true_1@c.us_A"}]`, decodeError, ""},
		{"a number as id", `{"id":5}`, decodeError, ""},
		{"space JSON does not allow", `{"id":"true_1@c.us_A"}` + "\u00a0", decodeError, ""},
		{"truncated", `{"id":"true_1@c.us_A"`, decodeError, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			onePass, twoPass, onePassErr, twoPassErr := acceptSendAnswer(c, []byte(tc.body))
			assert.Equal(t, twoPass, onePass)
			assert.Equal(t, twoPassErr, onePassErr)
			var apiErr *APIError
			var decodeErr *DecodeError
			switch tc.want {
			case success:
				require.NoError(t, onePassErr)
				assert.Equal(t, tc.id, onePass.ID)
			case apiError:
				assert.True(t, errors.As(onePassErr, &apiErr), "%v", onePassErr)
			case decodeError:
				assert.True(t, errors.As(onePassErr, &decodeErr), "%v", onePassErr)
			}
		})
	}
}

func TestSendAnswerKeepsItsTextInRaw(t *testing.T) {
	t.Parallel()
	body := `{"id":"true_1@c.us_A","body":"hi"}`
	onePass, _, err, _ := acceptSendAnswer(newAnswerClient(t), []byte("\n"+body+"\n"))
	require.NoError(t, err)
	assert.Equal(t, body, string(onePass.Raw), "the answer without the space around it")
}

// FuzzSendAnswer checks that a send answer decoded in one pass, with its
// error envelope, gives what the envelope check followed by json.Unmarshal
// gives: the same message, or the same error.
func FuzzSendAnswer(f *testing.F) {
	sent, err := os.ReadFile("testdata/messages/send_text.json")
	require.NoError(f, err)
	for _, seed := range []string{
		string(sent), `null`, ``, `[]`, `{"id":5}`, `{"id":{"_serialized":"true_1@c.us_A"}}`,
		`{"key":{"id":"3EB0"},"message":{"conversation":"hi"},"status":1}`,
		`{"id":"x","data":"text"}`, `{"data":{"status":502},"data":{"other":1}}`,
		`{"Status":"503","Code":"rest_no_route"}`, `{"error":"quota_reached","message":"m"}`,
		`{"_data":{"Info":{"ID":"3EB0"}},"_DATA":null}`,
	} {
		f.Add([]byte(seed))
	}
	c := newAnswerClient(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		onePass, twoPass, onePassErr, twoPassErr := acceptSendAnswer(c, body)
		if !assert.ObjectsAreEqual(twoPassErr, onePassErr) {
			t.Fatalf("errors differ on %q:\none pass:   %v\ntwo passes: %v", body, onePassErr, twoPassErr)
		}
		if !assert.ObjectsAreEqual(twoPass, onePass) {
			one, _ := json.Marshal(onePass.Message)
			two, _ := json.Marshal(twoPass.Message)
			t.Fatalf("answers differ on %q:\none pass:   %s\ntwo passes: %s", body, one, two)
		}
	})
}
