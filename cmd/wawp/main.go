// Command wawp runs a fake Wawp server for local bot development, sends
// signed sample webhook events, receives and prints real ones, and operates
// a Wawp instance from the terminal.
//
// Install it with:
//
//	go install github.com/wawp-go/wawp/cmd/wawp@latest
//
// Run "wawp help" for the commands and "wawp COMMAND -h" for their flags.
// Exit codes: 0 on success, 1 when the API or a webhook handler reports a
// failure, 2 for a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// env is what a command may touch of the outside world, so that tests and
// main give it the same things.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// command is one subcommand of wawp.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands lists every subcommand in the order help shows them.
func commands() []command {
	return []command{
		{"fake", "run a fake Wawp server to develop a bot against", runFake},
		{"trigger", "post one signed sample webhook event to a handler", runTrigger},
		{"listen", "receive webhook deliveries, verify them and print each event", runListen},
		{"status", "show the instance's session status", runStatus},
		{"start", "start the session", lifecycle("start")},
		{"stop", "stop the session", lifecycle("stop")},
		{"restart", "restart the session", lifecycle("restart")},
		{"logout", "log the session out of WhatsApp", lifecycle("logout")},
		{"qr", "show the login QR code until the session is WORKING", runQR},
		{"send", "send a message: text, image, file or poll", runSend},
		{"chats", "list the instance's chats", runChats},
		{"groups", "list the groups the instance is in", runGroups},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && name == "help" {
			return run(ctx, e, []string{rest[0], "-h"})
		}
		printUsage(e.stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return exitCode(e.stderr, c.run(ctx, e, rest))
		}
	}
	fmt.Fprintf(e.stderr, "wawp: unknown command %q\n\n", name)
	printUsage(e.stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "wawp drives the Wawp WhatsApp API from the terminal.")
	fmt.Fprintln(w, "\nUsage: wawp COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help     show this text; \"wawp help COMMAND\" shows a command's flags")
	fmt.Fprintf(w, "\nThe instance commands read %s, %s and %s,\n", envInstanceID, envAccessToken, envBaseURL)
	fmt.Fprintln(w, "or the flags -instance, -token and -base-url.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 API or handler failure, 2 usage error.")
}

// usageError is a mistake on the command line; it exits with code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode prints err, if any, and maps it to the exit code.
func exitCode(stderr io.Writer, err error) int {
	var usage *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &usage), isInputError(err):
		printError(stderr, err)
		return exitUsage
	}
	printError(stderr, err)
	if hint := errorHint(err); hint != "" {
		fmt.Fprintln(stderr, "wawp:", hint)
	}
	return exitFailure
}

// printError prints err once prefixed with the command's name, the SDK's
// errors carrying that prefix already.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "wawp:", strings.TrimPrefix(err.Error(), "wawp: "))
}

// newFlagSet returns a flag set whose -h prints the synopsis, the
// description and every flag.
func newFlagSet(e *env, name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: wawp %s\n\n%s\n", synopsis, description)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, allowing flags before and after positional
// arguments ("wawp trigger message -to URL"), and returns the positionals.
// A parse error is a usage error; -h returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{msg: fmt.Sprintf("%v (run \"wawp %s -h\" for the flags)", err, fs.Name())}
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// noPositional rejects arguments a command does not take.
func noPositional(fs *flag.FlagSet, positional []string) error {
	if len(positional) > 0 {
		return usagef("%s takes no arguments, got %q (run \"wawp %s -h\")", fs.Name(), strings.Join(positional, " "), fs.Name())
	}
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
