package release

import (
	"strings"
	"sync"
)

// blockBits sizes the blocks of a codes column: growing a column adds a
// block instead of copying the whole column, so that a column's memory is
// its 4 bytes per row plus at most one block, at every moment.
const blockBits = 16

// codes is a column of int32 codes, one per row, in blocks.
type codes struct {
	blocks [][]int32
	n      int
}

func (c *codes) add(v int32) {
	if c.n>>blockBits == len(c.blocks) {
		c.blocks = append(c.blocks, make([]int32, 0, 1<<blockBits))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, v)
	c.n++
}

func (c *codes) at(row int) int32 { return c.blocks[row>>blockBits][row&(1<<blockBits-1)] }

// code is at, as a function of a row.
func (c *codes) code(row int) int32 { return c.at(row) }

func (c *codes) len() int { return c.n }

// dict numbers the distinct values of a column in order of first
// appearance and keeps the code of every row. Rows are added a chunk at a
// time (merge), by one goroutine, while others look values up (resolve).
type dict struct {
	mu     sync.RWMutex // over index: held for writing by merge when it adds values
	index  map[string]int32
	values []string
	rows   codes
}

func newDict() *dict { return &dict{index: map[string]int32{}} }

// merge appends the rows of a chunk's dictionary, its values numbered in
// order of first appearance after the dictionary's own.
func (d *dict) merge(c *chunkDict) {
	remap := c.global
	for i, code := range remap {
		if code >= 0 {
			continue
		}
		// Unknown when the chunk was resolved: new, or added since by an
		// earlier chunk. Only merge writes the index: it may read it
		// without the lock.
		v := c.values[i]
		code, ok := d.index[v]
		if !ok {
			code = int32(len(d.values))
			v = strings.Clone(v) // c's values alias the chunk
			d.mu.Lock()
			d.index[v] = code
			d.mu.Unlock()
			d.values = append(d.values, v)
		}
		remap[i] = code
	}
	for _, code := range c.codes {
		d.rows.add(remap[code])
	}
}

// A chunkDict numbers the distinct values of a column within one chunk,
// in order of first appearance. Its values alias the chunk's fields.
type chunkDict struct {
	index  map[string]int32
	values []string
	codes  []int32 // per record
	global []int32 // per value: its code in the column's dict, -1 if unknown
}

func (c *chunkDict) add(v []byte) {
	if c.index == nil {
		c.index = map[string]int32{}
	}
	k := str(v)
	code, ok := c.index[k]
	if !ok {
		code = int32(len(c.values))
		c.index[k] = code
		c.values = append(c.values, k)
	}
	c.codes = append(c.codes, code)
}

// resolve looks the chunk's values up in the column's dictionary, which
// holds the values of the chunks before (those merged so far), so that
// merge has only the others to look up.
func (c *chunkDict) resolve(d *dict) {
	c.global = c.global[:0]
	d.mu.RLock()
	defer d.mu.RUnlock()
	for _, v := range c.values {
		code, ok := d.index[v]
		if !ok {
			code = -1
		}
		c.global = append(c.global, code)
	}
}

// reset empties c, keeping its memory, and lets go of the chunk it
// aliased.
func (c *chunkDict) reset() {
	clear(c.index)
	clear(c.values)
	c.values, c.codes, c.global = c.values[:0], c.codes[:0], c.global[:0]
}
