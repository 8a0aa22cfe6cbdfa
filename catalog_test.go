package wawp

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// catalogRow is one documented endpoint of testdata/endpoints.tsv.
type catalogRow struct {
	n        string
	endpoint string // "METHOD /path"
	goMethod string // "Service.Method"
}

func readCatalog(t *testing.T) []catalogRow {
	t.Helper()
	rows := readCatalogFile(t, "endpoints.tsv", func(cols []string) (catalogRow, bool) {
		if len(cols) < 6 || cols[0] == "n" {
			return catalogRow{}, false
		}
		return catalogRow{n: cols[0], endpoint: cols[3] + " " + cols[4], goMethod: cols[5]}, true
	})
	require.Len(t, rows, 110, "the catalog documents 110 endpoints")
	return rows
}

// readCatalogV2 returns the endpoints of testdata/endpoints-v2.tsv that only
// the v2 API has (new_in_v2 = yes). Their method may list several methods
// that do the same thing, as "GET|POST".
func readCatalogV2(t *testing.T) []catalogRow {
	t.Helper()
	rows := readCatalogFile(t, "endpoints-v2.tsv", func(cols []string) (catalogRow, bool) {
		if len(cols) < 7 || cols[0] == "n" || cols[6] != "yes" {
			return catalogRow{}, false
		}
		return catalogRow{n: "v2-" + cols[0], endpoint: cols[3] + " " + cols[4], goMethod: cols[5]}, true
	})
	require.Len(t, rows, 22, "the v2 catalog documents 22 endpoints new in v2")
	return rows
}

// readCatalogFile reads the tab-separated lines of a catalog in testdata and
// keeps the rows that row accepts.
func readCatalogFile(t *testing.T, name string, row func(cols []string) (catalogRow, bool)) []catalogRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	var rows []catalogRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if r, ok := row(strings.Split(sc.Text(), "\t")); ok {
			rows = append(rows, r)
		}
	}
	require.NoError(t, sc.Err())
	return rows
}

// allCatalogRows is the v1 catalog followed by the v2-only endpoints.
func allCatalogRows(t *testing.T) []catalogRow {
	t.Helper()
	return append(readCatalog(t), readCatalogV2(t)...)
}

var wawpAPILine = regexp.MustCompile(`^Wawp API: ([A-Z]+(?:\|[A-Z]+)* \S+)$`)

// documentedEndpoints maps "Service.Method" to the endpoints named by the
// `// Wawp API:` lines of its doc comment, read from the package source.
func documentedEndpoints(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	out := map[string][]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Doc == nil || !fn.Name.IsExported() {
				continue
			}
			key := receiverName(fn) + "." + fn.Name.Name
			for _, line := range strings.Split(fn.Doc.Text(), "\n") {
				if m := wawpAPILine.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
					out[key] = append(out[key], m[1])
				}
			}
		}
	}
	return out
}

// receiverName turns "*SessionsService" into "Sessions".
func receiverName(fn *ast.FuncDecl) string {
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	ident, ok := typ.(*ast.Ident)
	if !ok {
		return ""
	}
	return strings.TrimSuffix(ident.Name, "Service")
}

func TestEveryEndpointHasADocumentedMethod(t *testing.T) {
	t.Parallel()
	documented := documentedEndpoints(t)
	for _, row := range allCatalogRows(t) {
		lines := documented[row.goMethod]
		if assert.Len(t, lines, 1, "endpoint %s: %s needs exactly one '// Wawp API: %s' line", row.n, row.goMethod, row.endpoint) {
			assert.Equal(t, row.endpoint, lines[0], "endpoint %s: %s", row.n, row.goMethod)
		}
	}
}

var endpointLiteral = regexp.MustCompile(`endpoint:\s*("[^"]*")`)

func TestEveryEndpointHasARequestTest(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	require.NoError(t, err)
	tested := map[string]int{}
	for _, name := range files {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		for _, m := range endpointLiteral.FindAllStringSubmatch(string(src), -1) {
			endpoint, err := strconv.Unquote(m[1])
			require.NoError(t, err)
			tested[endpoint]++
		}
	}
	needed := map[string]int{}
	for _, row := range allCatalogRows(t) {
		needed[row.endpoint]++
	}
	for endpoint, n := range needed {
		assert.GreaterOrEqual(t, tested[endpoint], n, "%s needs %d request test case(s) in an endpointCase table", endpoint, n)
	}
	for endpoint := range tested {
		assert.Contains(t, needed, endpoint, "request test names an endpoint the catalog does not have")
	}
}

// TestEveryFixtureHasASource keeps testdata/SOURCES.md complete: each
// fixture names the reference section it comes from, or says it is
// synthetic.
func TestEveryFixtureHasASource(t *testing.T) {
	t.Parallel()
	sources, err := os.ReadFile(filepath.Join("testdata", "SOURCES.md"))
	require.NoError(t, err)
	err = filepath.WalkDir("testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := filepath.ToSlash(strings.TrimPrefix(path, "testdata"+string(filepath.Separator)))
		switch {
		case strings.HasSuffix(name, ".tsv"), name == "SOURCES.md", strings.HasPrefix(name, "fuzz/"):
			return nil
		}
		assert.Contains(t, string(sources), "`"+name+"`", "testdata/SOURCES.md must say where %s comes from", name)
		return nil
	})
	require.NoError(t, err)
}
