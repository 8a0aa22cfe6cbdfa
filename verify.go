package wawp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// VerifyService verifies your users over WhatsApp with the v2
// authentication engine: a one-time code (SendOTP, CheckOTP) or a list
// message with an approve and a reject row (SendApproval, CheckApproval,
// WaitApproval).
//
// Each recipient can be sent one code or approval a minute (a *CooldownError
// otherwise); five wrong codes lock the recipient out for 15 minutes (a
// *LockoutError).
type VerifyService service

// Documented limits of the authentication engine.
const (
	// VerifyCooldown is the pause per recipient between two sends.
	VerifyCooldown = time.Minute
	// VerifyLockout is how long wrong codes lock a recipient out.
	VerifyLockout = 15 * time.Minute
	// ApprovalPollInterval is the fastest pace CheckApproval may be called
	// at: once every 2 seconds.
	ApprovalPollInterval = 2 * time.Second
)

// OTPLanguage is the language of the code message. It is an open enum of
// two-letter codes; the constants are the documented 26.
type OTPLanguage string

// Languages of the code message.
const (
	OTPEnglish    OTPLanguage = "en"
	OTPArabic     OTPLanguage = "ar"
	OTPFrench     OTPLanguage = "fr"
	OTPSpanish    OTPLanguage = "es"
	OTPPortuguese OTPLanguage = "pt"
	OTPGerman     OTPLanguage = "de"
	OTPItalian    OTPLanguage = "it"
	OTPTurkish    OTPLanguage = "tr"
	OTPIndonesian OTPLanguage = "id"
	OTPHindi      OTPLanguage = "hi"
	OTPRussian    OTPLanguage = "ru"
	OTPJapanese   OTPLanguage = "ja"
	OTPKorean     OTPLanguage = "ko"
	OTPChinese    OTPLanguage = "zh"
	OTPDutch      OTPLanguage = "nl"
	OTPPolish     OTPLanguage = "pl"
	OTPVietnamese OTPLanguage = "vi"
	OTPThai       OTPLanguage = "th"
	OTPMalay      OTPLanguage = "ms"
	OTPPersian    OTPLanguage = "fa"
	OTPUrdu       OTPLanguage = "ur"
	OTPBengali    OTPLanguage = "bn"
	OTPGreek      OTPLanguage = "el"
	OTPRomanian   OTPLanguage = "ro"
	OTPSwedish    OTPLanguage = "sv"
	OTPUkrainian  OTPLanguage = "uk"
)

// String returns the language code.
func (l OTPLanguage) String() string { return string(l) }

// IsKnown reports whether l is one of the documented languages.
func (l OTPLanguage) IsKnown() bool {
	switch l {
	case OTPEnglish, OTPArabic, OTPFrench, OTPSpanish, OTPPortuguese, OTPGerman, OTPItalian,
		OTPTurkish, OTPIndonesian, OTPHindi, OTPRussian, OTPJapanese, OTPKorean, OTPChinese,
		OTPDutch, OTPPolish, OTPVietnamese, OTPThai, OTPMalay, OTPPersian, OTPUrdu, OTPBengali,
		OTPGreek, OTPRomanian, OTPSwedish, OTPUkrainian:
		return true
	}
	return false
}

// validLanguageCode reports whether l looks like a two-letter code, so that
// languages added later pass.
func validLanguageCode(l OTPLanguage) bool {
	return len(l) == 2 && l[0] >= 'a' && l[0] <= 'z' && l[1] >= 'a' && l[1] <= 'z'
}

// CooldownError is the answer to a second code or approval sent to the same
// recipient within VerifyCooldown. It wraps the *APIError (so it also
// matches ErrRateLimited).
type CooldownError struct {
	// RetryAfter is when a new send may succeed: the server's Retry-After,
	// or VerifyCooldown when it gave none.
	RetryAfter time.Duration
	// Err is the server's 429 answer.
	Err *APIError
}

// Error names the call and the wait.
func (e *CooldownError) Error() string {
	return fmt.Sprintf("wawp: %s %s: recipient cooldown, retry after %s", e.Err.Method, e.Err.Path, e.RetryAfter)
}

// Unwrap returns the API error.
func (e *CooldownError) Unwrap() error { return e.Err }

// LockoutError is the answer to CheckOTP once wrong codes locked the
// recipient out. It wraps the *APIError (so it also matches ErrRateLimited).
type LockoutError struct {
	// RetryAfter is when the lockout ends: the server's Retry-After, or
	// VerifyLockout when it gave none.
	RetryAfter time.Duration
	// Err is the server's 429 answer.
	Err *APIError
}

// Error names the call and the wait.
func (e *LockoutError) Error() string {
	return fmt.Sprintf("wawp: %s %s: recipient locked out, retry after %s", e.Err.Method, e.Err.Path, e.RetryAfter)
}

// Unwrap returns the API error.
func (e *LockoutError) Unwrap() error { return e.Err }

// rateLimitAs turns a 429 into the typed error make builds, with the
// server's Retry-After or fallback; other errors pass unchanged.
func rateLimitAs(err error, fallback time.Duration, build func(time.Duration, *APIError) error) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		return err
	}
	wait := apiErr.RetryAfter
	if wait <= 0 {
		wait = fallback
	}
	return build(wait, apiErr)
}

func cooldown(err error) error {
	return rateLimitAs(err, VerifyCooldown, func(d time.Duration, e *APIError) error { return &CooldownError{RetryAfter: d, Err: e} })
}

func lockout(err error) error {
	return rateLimitAs(err, VerifyLockout, func(d time.Duration, e *APIError) error { return &LockoutError{RetryAfter: d, Err: e} })
}

// VerifySendOTPParams are the optional parameters of Verify.SendOTP; nil
// means English and no footer.
type VerifySendOTPParams struct {
	// Lang is the message's language; empty means English.
	Lang OTPLanguage `url:"lang,omitempty"`
	// Footer is a short text under the code, such as the app's name.
	Footer string `url:"footer,omitempty"`
}

type otpSendQuery struct {
	ChatID ChatID `url:"chatId"`
	VerifySendOTPParams
}

// SendOTP sends a 6-digit one-time code to chatID (a phone number with its
// country code, or a @c.us chat ID). Within VerifyCooldown of the last send
// to the same recipient it fails with a *CooldownError.
//
// Wawp API: GET|POST /v2/auth/otp/send
func (s *VerifyService) SendOTP(ctx context.Context, chatID ChatID, params *VerifySendOTPParams) error {
	if err := requireChatID(chatID); err != nil {
		return err
	}
	q := otpSendQuery{ChatID: chatID}
	if params != nil {
		q.VerifySendOTPParams = *params
	}
	if q.Lang != "" && !validLanguageCode(q.Lang) {
		return &ValidationError{Field: "lang", Reason: "must be a two-letter language code such as \"en\""}
	}
	// POST with the parameters in the query, where the page lists them: a
	// code is a WhatsApp message, paced and never repeated.
	ep := endpoint{route: route{http.MethodPost, "/auth/otp/send"}, class: classSend, version: apiV2}
	return cooldown(s.client.exec(ctx, ep, input{query: q}))
}

// VerifyCheckOTPParams are the parameters of Verify.CheckOTP.
type VerifyCheckOTPParams struct {
	// Code is the 6-digit code the user typed.
	Code string `url:"code"`
	// ListID, when not 0, adds the verified user to that contact list.
	ListID int `url:"list_id,omitempty"`
}

type otpCheckQuery struct {
	ChatID ChatID `url:"chatId"`
	VerifyCheckOTPParams
}

// VerifyResult is the answer of the check calls.
type VerifyResult struct {
	// Verified is true when the code matched, or the user approved.
	Verified bool `json:"verified"`
	// Status is the approval's state; empty for codes.
	Status ApprovalStatus `json:"status,omitempty"`
	// Outcome is the server's outcome word, such as "success" (the wire's
	// code field; not to be confused with the code the user typed).
	Outcome string `json:"code,omitempty"`
	// Message is the server's explanation, when it sends one.
	Message string `json:"message,omitempty"`
}

// CheckOTP checks the code chatID's user typed. A wrong code answered as
// such is not an error: Verified is false; one answered with an error body
// is an *APIError. After five wrong codes the recipient is locked
// out and CheckOTP fails with a *LockoutError.
//
// Wawp API: GET|POST /v2/auth/otp/verify
func (s *VerifyService) CheckOTP(ctx context.Context, chatID ChatID, params VerifyCheckOTPParams) (*VerifyResult, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if len(params.Code) != 6 || !isDigits(params.Code) {
		return nil, &ValidationError{Field: "code", Reason: "must be 6 digits"}
	}
	if params.ListID < 0 {
		return nil, &ValidationError{Field: "list_id", Reason: "must not be negative"}
	}
	// POST: every check counts towards the lockout, so it is not a read and
	// is not repeated after an ambiguous failure.
	ep := endpoint{route: route{http.MethodPost, "/auth/otp/verify"}, class: classWrite, version: apiV2}
	out, err := callRef[VerifyResult](ctx, s.client, ep, input{query: otpCheckQuery{ChatID: chatID, VerifyCheckOTPParams: params}})
	return out, lockout(err)
}

// ApprovalStatus is the state of an approval request. It is an open enum.
type ApprovalStatus string

// Approval states. A request expires 15 minutes after it was sent.
const (
	ApprovalPending  ApprovalStatus = "pending"
	ApprovalApproved ApprovalStatus = "approved"
	ApprovalRejected ApprovalStatus = "rejected"
	ApprovalExpired  ApprovalStatus = "expired"
)

// String returns the state name.
func (a ApprovalStatus) String() string { return string(a) }

// IsKnown reports whether a is one of the documented states.
func (a ApprovalStatus) IsKnown() bool {
	switch a {
	case ApprovalPending, ApprovalApproved, ApprovalRejected, ApprovalExpired:
		return true
	}
	return false
}

// VerifySendApprovalParams are the parameters of Verify.SendApproval: the
// text of a list message whose two rows approve and reject. All but
// Description and Footer are required.
type VerifySendApprovalParams struct {
	// Title is the question, such as "Log in to Acme on a new laptop?".
	Title string `json:"title"`
	// Approve is the label of the approving row, such as "Yes, it's me".
	Approve string `json:"item1"`
	// Reject is the label of the rejecting row, such as "No".
	Reject string `json:"item2"`
	// Button is the label of the button that opens the two rows.
	Button string `json:"button"`
	// Description is optional text under the title.
	Description string `json:"description,omitempty"`
	// Footer is optional small text at the bottom, such as the app's name.
	Footer string `json:"footer,omitempty"`
}

func (p VerifySendApprovalParams) validate() error {
	for _, f := range []struct{ field, value string }{
		{"title", p.Title}, {"item1", p.Approve}, {"item2", p.Reject}, {"button", p.Button},
	} {
		if err := required(f.field, f.value); err != nil {
			return err
		}
	}
	return nil
}

// ApprovalRequest is a sent approval request.
type ApprovalRequest struct {
	// ID identifies the request for CheckApproval and WaitApproval.
	ID string
}

// UnmarshalJSON reads the request's ID from auth_id, or id.
func (r *ApprovalRequest) UnmarshalJSON(b []byte) error {
	var wire struct {
		AuthID json.RawMessage `json:"auth_id"`
		ID     json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	r.ID = scalarText(wire.AuthID)
	if r.ID == "" {
		r.ID = scalarText(wire.ID)
	}
	return nil
}

// SendApproval sends chatID's user a message asking them to approve or
// reject, such as a login. Follow it with WaitApproval. Within
// VerifyCooldown of the last send to the same recipient it fails with a
// *CooldownError.
//
// Wawp API: POST|GET /v2/auth/list/send
func (s *VerifyService) SendApproval(ctx context.Context, chatID ChatID, params VerifySendApprovalParams) (*ApprovalRequest, error) {
	if err := requireChatID(chatID); err != nil {
		return nil, err
	}
	if err := params.validate(); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodPost, "/auth/list/send"}, class: classSend, version: apiV2}
	out, err := callRef[ApprovalRequest](ctx, s.client, ep, input{body: struct {
		ChatID ChatID `json:"chatId"`
		VerifySendApprovalParams
	}{chatID, params}})
	if err != nil {
		return nil, cooldown(err)
	}
	if out.ID == "" {
		return nil, s.client.shapeError(ep, errNoApprovalID)
	}
	return out, nil
}

// errNoApprovalID is the cause of the DecodeError returned when a sent
// approval's answer carries no ID to check it by.
var errNoApprovalID = errors.New("the answer holds no auth_id")

type approvalQuery struct {
	AuthID string `url:"auth_id"`
}

// CheckApproval returns the state of the approval request id. Call it at
// most once every ApprovalPollInterval, or use WaitApproval.
//
// Wawp API: GET|POST /v2/auth/list/verify
func (s *VerifyService) CheckApproval(ctx context.Context, id string) (*VerifyResult, error) {
	if err := required("auth_id", id); err != nil {
		return nil, err
	}
	ep := endpoint{route: route{http.MethodGet, "/auth/list/verify"}, class: classRead, version: apiV2}
	return callRef[VerifyResult](ctx, s.client, ep, input{query: approvalQuery{AuthID: id}})
}

// WaitApproval polls CheckApproval every ApprovalPollInterval, the fastest
// pace the API allows, until the request id is no longer pending, and
// returns its final state: approved, rejected or expired (after 15
// minutes). It stops with the context's error when ctx ends.
func (s *VerifyService) WaitApproval(ctx context.Context, id string) (*VerifyResult, error) {
	for {
		res, err := s.CheckApproval(ctx, id)
		if err != nil {
			return nil, err
		}
		if res.Status != ApprovalPending {
			return res, nil
		}
		if err := s.client.wait(ctx, ApprovalPollInterval); err != nil {
			return nil, fmt.Errorf("wawp: waiting for approval: %w", err)
		}
	}
}
