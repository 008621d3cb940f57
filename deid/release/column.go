package release

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
