package wawp

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// TEMPORARY: the request shape from before endpoint descriptors, kept only
// while services move to call/exec. Deleted once none uses it.

type legacyFlags struct {
	idempotent   bool
	accountLevel bool
	fallback     *route
}

func pathf(format string, segments ...string) string {
	escaped := make([]any, len(segments))
	for i, s := range segments {
		escaped[i] = strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	return fmt.Sprintf(format, escaped...)
}

func (c *Client) newLegacyRequest(ctx context.Context, method, path string, params, body any) (*request, error) {
	if ctx == nil {
		return nil, &ValidationError{Field: "ctx", Reason: "must not be nil"}
	}
	q, err := encodeQuery(params)
	if err != nil {
		return nil, err
	}
	b, err := encodeBody(body)
	if err != nil {
		return nil, err
	}
	req := &request{ctx: ctx, ep: endpoint{route: route{method, path}}, path: strings.TrimPrefix(path, "/"), query: q, body: b}
	req.legacy = &legacyFlags{idempotent: method != http.MethodPost}
	return req, nil
}

func (req *request) resolveLegacy(c *Client) error {
	l := req.legacy
	switch {
	case l.accountLevel:
		req.ep.class = classAccount
	case l.idempotent:
		req.ep.class = classIdempotentWrite
	default:
		req.ep.class = classSend
	}
	if l.fallback != nil {
		req.ep.fallback = l.fallback
		req.fallbackPath = l.fallback.path
	}
	if req.ep.class != classAccount && c.instanceID == "" {
		return &ValidationError{Field: "instance_id", Reason: "is required for this call; create the client with an instance ID or use Client.WithInstance"}
	}
	return nil
}
