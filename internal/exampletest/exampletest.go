// Package exampletest holds what the tests of the example programs share.
// The programs themselves import nothing of it, so that each can be copied
// on its own.
package exampletest

import (
	"context"
	"testing"
	"time"
)

// NoEnv is a getenv that finds nothing, so that an example runs against its
// built-in fake server.
func NoEnv(string) string { return "" }

// Context ends when the test does, or after 10 seconds, so that an example
// that hangs fails its test instead of stalling the run.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
