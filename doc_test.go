package wawp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExportedNamesAreDocumented checks that every exported declaration of
// the SDK and of wawptest has a doc comment that is a sentence.
func TestExportedNamesAreDocumented(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{".", "wawptest"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		fset := token.NewFileSet()
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
			require.NoError(t, err)
			for _, decl := range file.Decls {
				for _, d := range exportedDocs(decl) {
					pos := fset.Position(d.pos)
					if assert.NotNil(t, d.doc, "%s: %s has no doc comment", pos, d.name) {
						text := strings.TrimSpace(d.doc.Text())
						assert.True(t, strings.HasSuffix(text, ".") || strings.HasSuffix(text, ":") || strings.Contains(text, "\n"),
							"%s: the doc of %s is not a sentence", pos, d.name)
					}
				}
			}
		}
	}
}

type declDoc struct {
	name string
	pos  token.Pos
	doc  *ast.CommentGroup
}

// exportedDocs lists the exported names a declaration introduces with the
// comment that documents each: its own, or its group's for grouped consts.
func exportedDocs(decl ast.Decl) []declDoc {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() || (d.Recv != nil && !exportedReceiver(d)) {
			return nil
		}
		return []declDoc{{d.Name.Name, d.Pos(), d.Doc}}
	case *ast.GenDecl:
		var out []declDoc
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() {
					out = append(out, declDoc{s.Name.Name, s.Pos(), firstDoc(s.Doc, d.Doc)})
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() {
						out = append(out, declDoc{n.Name, n.Pos(), firstDoc(s.Doc, d.Doc)})
					}
				}
			}
		}
		return out
	}
	return nil
}

func exportedReceiver(fn *ast.FuncDecl) bool {
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if idx, ok := typ.(*ast.IndexExpr); ok {
		typ = idx.X
	}
	ident, ok := typ.(*ast.Ident)
	return ok && ident.IsExported()
}

func firstDoc(docs ...*ast.CommentGroup) *ast.CommentGroup {
	for _, d := range docs {
		if d != nil {
			return d
		}
	}
	return nil
}
