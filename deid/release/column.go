package release

import "strings"

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
// appearance and keeps the code of every row.
type dict struct {
	index  map[string]int32
	values []string
	rows   codes
}

func newDict() *dict { return &dict{index: map[string]int32{}} }

// add appends a row holding v.
func (d *dict) add(v []byte) {
	code, ok := d.index[string(v)] // no allocation for the look-up
	if !ok {
		code = int32(len(d.values))
		s := string(v)
		d.index[s] = code
		d.values = append(d.values, s)
	}
	d.rows.add(code)
}

// merge appends the rows of a chunk's dictionary, its values numbered in
// order of first appearance after the dictionary's own.
func (d *dict) merge(c *chunkDict) {
	remap := c.remap[:0]
	for _, v := range c.values {
		code, ok := d.index[v]
		if !ok {
			code = int32(len(d.values))
			v = strings.Clone(v) // c's values alias the chunk
			d.index[v] = code
			d.values = append(d.values, v)
		}
		remap = append(remap, code)
	}
	c.remap = remap
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
	remap  []int32 // scratch of merge
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

// reset empties c, keeping its memory, and lets go of the chunk it
// aliased.
func (c *chunkDict) reset() {
	clear(c.index)
	clear(c.values)
	c.values, c.codes = c.values[:0], c.codes[:0]
}
