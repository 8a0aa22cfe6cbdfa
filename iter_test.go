package wawp

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOffsetPages(t *testing.T) {
	t.Parallel()
	var calls [][2]int
	fetch := func(_ context.Context, offset, limit int) ([]int, error) {
		calls = append(calls, [2]int{offset, limit})
		var page []int
		for i := offset; i < min(offset+limit, 7); i++ {
			page = append(page, i)
		}
		return page, nil
	}
	var got []int
	for v, err := range offsetPages(context.Background(), 0, 3, fetch) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6}, got)
	assert.Equal(t, [][2]int{{0, 3}, {3, 3}, {6, 3}}, calls, "stops after the short page")

	calls = nil
	for v := range offsetPages(context.Background(), 2, 0, fetch) {
		if v == 3 {
			break
		}
	}
	assert.Equal(t, [][2]int{{2, defaultPageSize}}, calls, "a break fetches nothing more")
}

func TestOffsetPagesStopsOnErrorAndContext(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	var n int
	for _, err := range offsetPages(context.Background(), 0, 2, func(context.Context, int, int) ([]int, error) { return nil, boom }) {
		n++
		assert.ErrorIs(t, err, boom)
	}
	assert.Equal(t, 1, n)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fetches := 0
	var errs []error
	for v, err := range offsetPages(ctx, 0, 2, func(context.Context, int, int) ([]int, error) {
		fetches++
		return []int{1, 2}, nil
	}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v == 2 {
			cancel()
		}
	}
	assert.Equal(t, 1, fetches)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestCursorPages(t *testing.T) {
	t.Parallel()
	pages := map[string]struct {
		items []string
		next  string
	}{
		"":   {[]string{"a", "b"}, "c1"},
		"c1": {[]string{"c"}, "c2"},
		"c2": {[]string{"d"}, ""},
	}
	var cursors []string
	fetch := func(_ context.Context, cursor string) ([]string, string, error) {
		cursors = append(cursors, cursor)
		p := pages[cursor]
		return p.items, p.next, nil
	}
	var got []string
	for v, err := range cursorPages(context.Background(), "", fetch) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, got)
	assert.Equal(t, []string{"", "c1", "c2"}, cursors)

	cursors = nil
	for v := range cursorPages(context.Background(), "", fetch) {
		if v == "b" {
			break
		}
	}
	assert.Equal(t, []string{""}, cursors)
}
