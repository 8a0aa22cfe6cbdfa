// Verify-phone checks that a user owns a WhatsApp number with wawp-go's
// Verify service: it sends a one-time code, reads the code the user types
// and checks it.
//
// Without credentials it runs against an in-process fake Wawp server
// (package wawptest), which plays the user reading the code:
//
//	go run ./examples/verify-phone
//
// With WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN set it uses that instance and
// WAWP_TO (a phone number with its country code) is the user; the code is
// read from standard input.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/wawp-go/wawp"
	"github.com/wawp-go/wawp/wawptest"
)

// demoUser is the number the fake server's user owns.
const demoUser wawp.ChatID = "201234567890"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdin, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "verify-phone:", err)
		os.Exit(1)
	}
}

// run verifies one number. in is where the user's code is read from with a
// real instance.
func run(ctx context.Context, in io.Reader, out io.Writer, env func(string) string) error {
	client, srv, user, err := connect(out, env)
	if err != nil {
		return err
	}
	if srv != nil {
		defer srv.Close()
	}

	if err := client.Verify.SendOTP(ctx, user, &wawp.VerifySendOTPParams{Lang: wawp.OTPEnglish, Footer: "wawp-go example"}); err != nil {
		var cooldown *wawp.CooldownError
		if errors.As(err, &cooldown) {
			return fmt.Errorf("a code was sent to this number moments ago; try again in %s", cooldown.RetryAfter)
		}
		return err
	}
	fmt.Fprintln(out, "sent a code to", user)

	code, err := readCode(in, out, srv, user)
	if err != nil {
		return err
	}
	res, err := client.Verify.CheckOTP(ctx, user, wawp.VerifyCheckOTPParams{Code: code})
	var lockout *wawp.LockoutError
	switch {
	case errors.As(err, &lockout):
		return fmt.Errorf("too many wrong codes; try again in %s", lockout.RetryAfter)
	case err != nil:
		return err
	case !res.Verified:
		fmt.Fprintln(out, "wrong code: the number is not verified")
		return nil
	}
	fmt.Fprintln(out, "verified", user)
	return nil
}

// connect returns a client for the instance in the environment or, without
// credentials, for a fake server it starts (srv is nil with a real instance),
// and the number to verify.
func connect(out io.Writer, env func(string) string) (*wawp.Client, *wawptest.Server, wawp.ChatID, error) {
	if env(wawp.EnvInstanceID) != "" && env(wawp.EnvAccessToken) != "" {
		to := env("WAWP_TO")
		if to == "" {
			return nil, nil, "", errors.New("WAWP_TO (the number to verify) is required with a real instance")
		}
		client, err := wawp.NewClientFromEnv()
		if err != nil {
			return nil, nil, "", err
		}
		fmt.Fprintln(out, "using Wawp instance", client.InstanceID())
		return client, nil, wawp.ChatID(to), nil
	}
	srv := wawptest.NewServer(wawptest.WithAutoLogin())
	fmt.Fprintln(out, "using a fake Wawp server (set WAWP_INSTANCE_ID and WAWP_ACCESS_TOKEN to use your instance)")
	return srv.Client(), srv, demoUser, nil
}

// readCode asks for the code the user received; on the fake server the
// user reads it from their phone, which is the server.
func readCode(in io.Reader, out io.Writer, srv *wawptest.Server, user wawp.ChatID) (string, error) {
	if srv != nil {
		code, ok := srv.LastOTP(user)
		if !ok {
			return "", errors.New("the fake server sent no code")
		}
		fmt.Fprintln(out, "(the user reads the code on their phone and types it)")
		return code, nil
	}
	fmt.Fprint(out, "code: ")
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("reading the code: %w", err)
	}
	return strings.TrimSpace(line), nil
}
