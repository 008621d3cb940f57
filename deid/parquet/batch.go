package parquet

import (
	"encoding/binary"
	"math"
	"slices"

	pq "github.com/parquet-go/parquet-go"
)

// batchRows is how many rows are handed to the column writers at a time:
// enough to amortize a call per column, few enough that a batch stays in
// cache.
const batchRows = 256

// batchBytes bounds the arena of a batch, beyond one record, so that its
// offsets fit in int32 whatever the records' size.
const batchBytes = 1 << 20

// A batch holds rows in the order they arrive, as cells that locate each
// field in an arena, and turns them into parquet-go values one column at a
// time when they are written. Values carry pointers; building them from
// offsets only then lets the arena grow freely while rows are added, and
// keeps one column's values, not the whole batch's, in a reused buffer.
type batch struct {
	types        []Type
	emptyStrings bool
	rows         int
	cells        []cell // row-major: cells[r*len(types)+i]
	arena        []byte // string bytes, and the 8 bytes of each number
	values       []pq.Value
}

// A cell locates a field in the arena; n < 0 is a null.
type cell struct{ off, n int32 }

func (b *batch) init(types []Type, emptyStrings bool) {
	b.types = types
	b.emptyStrings = emptyStrings
	b.cells = make([]cell, 0, batchRows*len(types))
	b.arena = make([]byte, 0, 64<<10)
	b.values = make([]pq.Value, 0, batchRows)
}

// add appends a row of len(b.types) fields and returns its size in bytes.
// If a field does not parse as its column's type, add returns the column's
// index as bad, and the batch must not be written.
func (b *batch) add(fields [][]byte) (size, bad int) {
	for i, f := range fields {
		size += len(f)
		t := b.types[i]
		if len(f) == 0 && (t != String || !b.emptyStrings) {
			b.cells = append(b.cells, cell{n: -1})
			continue
		}
		off := int32(len(b.arena))
		if t == String {
			b.arena = append(b.arena, f...)
			b.cells = append(b.cells, cell{off: off, n: int32(len(f))})
			continue
		}
		bits, ok := parse(t, f)
		if !ok {
			return size, i
		}
		b.arena = binary.LittleEndian.AppendUint64(b.arena, bits)
		b.cells = append(b.cells, cell{off: off, n: 8})
	}
	b.rows++
	return size, -1
}

// parse reads a value of a numeric column type as the 8 bytes it is
// stored as.
func parse(t Type, f []byte) (uint64, bool) {
	switch t {
	case Int64:
		n, ok := parseInt64(f)
		return uint64(n), ok
	case Double:
		x, ok := parseDouble(f)
		return math.Float64bits(x), ok
	case Timestamp:
		us, ok := parseTimestamp(f)
		return uint64(us), ok
	}
	return 0, false
}

// column returns the values of column i, valid until the next call.
func (b *batch) column(i int) []pq.Value {
	vals := slices.Grow(b.values[:0], b.rows)[:b.rows]
	b.values = vals
	t := b.types[i]
	null := pq.NullValue().Level(0, 0, i)
	for k, r := 0, i; k < len(vals); k, r = k+1, r+len(b.types) {
		c := b.cells[r]
		switch {
		case c.n < 0:
			vals[k] = null
			continue
		case t == Int64 || t == Timestamp:
			vals[k] = pq.Int64Value(int64(binary.LittleEndian.Uint64(b.arena[c.off:])))
		case t == Double:
			vals[k] = pq.DoubleValue(math.Float64frombits(binary.LittleEndian.Uint64(b.arena[c.off:])))
		default:
			end := c.off + c.n
			vals[k] = pq.ByteArrayValue(b.arena[c.off:end:end])
		}
		// In place rather than with Level, which copies the value twice.
		vals[k].SetDefinitionLevel(1)
		vals[k].SetColumnIndex(i)
	}
	return vals
}

func (b *batch) reset() {
	clear(b.values) // drop the pointers into the arena
	b.rows = 0
	b.cells = b.cells[:0]
	b.arena = b.arena[:0]
}
