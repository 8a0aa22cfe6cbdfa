package wawpredis_test

import (
	"fmt"
	"os"
	"testing"
)

// TestMain starts the redis-server the Example functions use, at
// REDIS_ADDR as a program would find it. Tests start their own.
func TestMain(m *testing.M) {
	if os.Getenv(envLimiterChild) != "" {
		os.Exit(m.Run())
	}
	os.Exit(runWithExampleRedis(m))
}

func runWithExampleRedis(m *testing.M) int {
	dir, err := os.MkdirTemp("", "wawpredis-example-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "wawpredis tests:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	s, err := newRedisServer(dir)
	if err != nil {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "wawpredis tests: redis-server cannot start (apt-get install -y redis-server):", err)
			return 1
		}
		fmt.Println("wawpredis tests skipped: redis-server cannot start (apt-get install -y redis-server):", err)
		return 0
	}
	defer s.kill()
	if err := os.Setenv("REDIS_ADDR", s.addr); err != nil {
		fmt.Fprintln(os.Stderr, "wawpredis tests:", err)
		return 1
	}
	return m.Run()
}
