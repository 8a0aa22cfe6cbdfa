package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The program answers every delivery 200 and its two workers handle each
// of the six events exactly once between them, duplicates included.
func TestRunHandlesEachEventOnce(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil && os.Getenv("REDIS_ADDR") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server is not installed (apt-get install -y redis-server): %v", err)
		}
		t.Skipf("skipped: redis-server is not installed and REDIS_ADDR is unset: %v", err)
	}
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out))

	assert.Equal(t, 9, strings.Count(out.String(), "receiver answered 200"))
	handled := map[string]int{}
	for _, m := range regexp.MustCompile(`worker-\d handled \d+ events: \[(.*)\]`).FindAllStringSubmatch(out.String(), -1) {
		for id := range strings.FieldsSeq(m[1]) {
			handled[id]++
		}
	}
	assert.Equal(t, map[string]int{"evt_1": 1, "evt_2": 1, "evt_3": 1, "evt_4": 1, "evt_5": 1, "evt_6": 1}, handled, out.String())
}
