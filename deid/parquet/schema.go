package parquet

import (
	"reflect"
	"strings"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// newSchema returns the schema of a file whose columns are named by header,
// in its order, with the types of types, dictionary-encoded where dict
// says.
func newSchema(header []string, types []Type, dict []bool) *pq.Schema {
	fields := make(columns, len(header))
	for i, name := range header {
		// A one-field Group yields a Field that behaves as parquet-go's own
		// group fields do; only the order of the fields is ours.
		fields[i] = pq.Group{name: types[i].node(dict[i])}.Fields()[0]
	}
	return pq.NewSchema("record", fields)
}

// columns is the root group of the schema. parquet-go's Group is a map and
// orders its fields by name; columns keeps the order of the CSV header,
// which is the order of the policy's output.
type columns []pq.Field

func (c columns) ID() int                     { return 0 }
func (c columns) Type() pq.Type               { return pq.Group{}.Type() }
func (c columns) Optional() bool              { return false }
func (c columns) Repeated() bool              { return false }
func (c columns) Required() bool              { return true }
func (c columns) Leaf() bool                  { return false }
func (c columns) Fields() []pq.Field          { return c }
func (c columns) Encoding() encoding.Encoding { return nil }
func (c columns) Compression() compress.Codec { return nil }
func (c columns) GoType() reflect.Type        { return c.group().GoType() }
func (c columns) String() string {
	var b strings.Builder
	_ = pq.PrintSchema(&b, "record", c)
	return b.String()
}

func (c columns) group() pq.Group {
	g := make(pq.Group, len(c))
	for _, f := range c {
		g[f.Name()] = f
	}
	return g
}
