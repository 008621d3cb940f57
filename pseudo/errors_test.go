package pseudo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// sentinels lists every exported error of the package; the test below
// fails when one is declared and not listed.
var sentinels = map[string]error{
	"ErrWeakKey": ErrWeakKey, "ErrNoPrimaryKey": ErrNoPrimaryKey, "ErrUnsupportedKey": ErrUnsupportedKey,
	"ErrUnknownKey": ErrUnknownKey, "ErrInvalidDomain": ErrInvalidDomain, "ErrKeyset": ErrKeyset,
	"ErrInvalidOption": ErrInvalidOption, "ErrDomainMismatch": ErrDomainMismatch, "ErrCollision": ErrCollision,
	"ErrInvalidToken": ErrInvalidToken, "ErrNotInAlphabet": ErrNotInAlphabet, "ErrDomainTooSmall": ErrDomainTooSmall,
	"ErrTooLong": ErrTooLong, "ErrNoAudit": ErrNoAudit, "ErrNoAuditInfo": ErrNoAuditInfo, "ErrAuditFailed": ErrAuditFailed,
	"ErrZeroValue": ErrZeroValue, "ErrEmptyID": ErrEmptyID, "ErrMalformedID": ErrMalformedID,
}

// Every sentinel error carries the package prefix, and they are distinct.
func TestSentinelErrors(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
						declared[n.Name] = true
					}
				}
			}
		}
	}
	for name := range declared {
		if _, ok := sentinels[name]; !ok {
			t.Errorf("%s is not listed in sentinels", name)
		}
	}
	seen := map[error]string{}
	for name, err := range sentinels {
		if !declared[name] {
			t.Errorf("%s is listed but not declared", name)
		}
		if !strings.HasPrefix(err.Error(), "pseudo: ") {
			t.Errorf("%s = %q lacks the package prefix", name, err)
		}
		if prev, dup := seen[err]; dup {
			t.Errorf("%s and %s are the same error", name, prev)
		}
		seen[err] = name
	}
}
