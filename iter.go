package wawp

import (
	"context"
	"iter"
)

// defaultPageSize is the page size iterators use when the caller sets no limit.
const defaultPageSize = 100

// offsetPages yields the elements of consecutive pages, asking fetch for
// pageSize elements at growing offsets from start. A server may cap its
// pages below the size asked for, so a page that is short but not empty does
// not end the listing: the next page is asked for at the size the server
// gave, and the listing ends at the first page shorter than that, or empty.
// That costs at most one request more than a server without a cap. It
// fetches lazily, stops when the loop breaks, and yields the context's error
// once when ctx ends between pages.
func offsetPages[T any](ctx context.Context, start, pageSize int, fetch func(ctx context.Context, offset, limit int) ([]T, error)) iter.Seq2[T, error] {
	if pageSize <= 0 {
		pageSize = defaultPageSize
	}
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, &ValidationError{Field: "ctx", Reason: "must not be nil"})
			return
		}
		capLearned := false
		for offset := start; ; {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, offset, pageSize)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page {
				if !yield(item, nil) {
					return
				}
			}
			offset += len(page)
			switch {
			case len(page) == 0:
				return
			case len(page) < pageSize:
				if capLearned {
					return
				}
				pageSize, capLearned = len(page), true
			default:
				capLearned = true
			}
		}
	}
}

// cursorPages yields the elements of consecutive pages, passing each page's
// next cursor to the following fetch, until a page has no next cursor. It
// fetches lazily, stops when the loop breaks, and yields the context's error
// once when ctx ends between pages.
func cursorPages[T any](ctx context.Context, cursor string, fetch func(ctx context.Context, cursor string) (items []T, next string, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, &ValidationError{Field: "ctx", Reason: "must not be nil"})
			return
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, next, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range page {
				if !yield(item, nil) {
					return
				}
			}
			if next == "" || next == cursor {
				return
			}
			cursor = next
		}
	}
}
