package deid

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every sentinel error of deid and of its packages says which package it
// comes from ("deid: malformed date"), as errors of the standard library
// do: an error logged far from its cause still tells where to look. A
// sentinel may also be another package's own (deid.ErrNotInAlphabet is
// pseudo's), which that package's test checks.
func TestSentinelsCarryPackagePrefix(t *testing.T) {
	for _, dir := range []string{".", "scrub", "deidtest", "internal/csvrec", "internal/jsonrec", "internal/chunk"} {
		checkSentinels(t, dir)
	}
}

func checkSentinels(t *testing.T, dir string) {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		prefix := f.Name.Name + ": "
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if !strings.HasPrefix(id.Name, "Err") || i >= len(vs.Values) {
						continue
					}
					n++
					where := fset.Position(id.Pos()).String()
					switch v := vs.Values[i].(type) {
					case *ast.SelectorExpr: // another package's sentinel
					case *ast.CallExpr:
						if len(v.Args) == 0 {
							t.Errorf("%s: %s has no message", where, id.Name)
							continue
						}
						lit, ok := v.Args[0].(*ast.BasicLit)
						msg, err := strconv.Unquote(litValue(lit, ok))
						if err != nil || !strings.HasPrefix(msg, prefix) {
							t.Errorf("%s: %s = %s, want a message starting with %q", where, id.Name, litValue(lit, ok), prefix)
						}
					default:
						t.Errorf("%s: %s is not errors.New(\"%s...\") nor another package's sentinel", where, id.Name, prefix)
					}
				}
			}
		}
	}
	if dir == "." && n < 10 {
		t.Errorf("found %d sentinels in package deid: the test reads the wrong files", n)
	}
}

func litValue(lit *ast.BasicLit, ok bool) string {
	if !ok || lit.Kind != token.STRING {
		return "(not a string literal)"
	}
	return lit.Value
}

// A wrapped sentinel does not repeat the package's prefix in a message
// that has it already.
func TestFieldErrorNamesPrefixOnce(t *testing.T) {
	_, err := applyRule(t, testKeys(t), "2026-01-01", Rule{Field: "dob", Action: Year}, "1962-13-45")
	if !errors.Is(err, ErrMalformedDate) || strings.Count(err.Error(), "deid: ") != 1 {
		t.Errorf("error %q: want ErrMalformedDate with one \"deid: \"", err)
	}
}

func TestOptionsInputUnset(t *testing.T) {
	_, err := NewTransformer(keepAll(), Keys{}, Options{})
	if err == nil || !strings.Contains(err.Error(), "set Options.Input to deid.CSV or deid.NDJSON") {
		t.Errorf("NewTransformer without Options.Input: %v", err)
	}
	_, err = NewTransformer(keepAll(), Keys{}, Options{Input: 7})
	if err == nil || !strings.Contains(err.Error(), "Format(7) not supported: set Options.Input") {
		t.Errorf("NewTransformer with Options.Input 7: %v", err)
	}
}
