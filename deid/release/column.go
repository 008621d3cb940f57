package release

import (
	"math"
	"strings"
	"sync"

	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/deidkit/deidkit/internal/offheap"
)

// blockBits sizes the blocks of a codes column: growing a column adds a
// block instead of copying the whole column, so that a column's memory is
// its 4 bytes per row plus at most one block, at every moment.
const blockBits = 16

// codes is a column of int32 codes, one per row, in blocks outside the
// Go heap (package offheap): the bulk of the stage's memory, which the
// collector then neither paces by nor holds as garbage until its next
// cycle once the blocks are freed. Whoever makes a codes frees it.
type codes struct {
	blocks [][]int32
	n      int
}

func (c *codes) add(v int32) {
	if c.n>>blockBits == len(c.blocks) {
		c.blocks = append(c.blocks, offheap.Make[int32](1<<blockBits))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, v)
	c.n++
}

// addChunk adds the codes of a chunk's rows, each code below 0 replaced
// by remap's entry -1-code (see chunkDict), a block at a time.
func (c *codes) addChunk(src, remap []int32) {
	for len(src) > 0 {
		if c.n>>blockBits == len(c.blocks) {
			c.blocks = append(c.blocks, offheap.Make[int32](1<<blockBits))
		}
		b := &c.blocks[len(c.blocks)-1]
		n := len(*b)
		k := min(len(src), 1<<blockBits-n)
		dst := (*b)[n : n+k]
		for i, code := range src[:k] {
			if code < 0 {
				code = remap[-1-code]
			}
			dst[i] = code
		}
		*b = (*b)[:n+k]
		c.n += k
		src = src[k:]
	}
}

func (c *codes) at(row int) int32 { return c.blocks[row>>blockBits][row&(1<<blockBits-1)] }

func (c *codes) len() int { return c.n }

// freeBlockOf frees the block of row: its rows must not be read after.
func (c *codes) freeBlockOf(row int) {
	b := &c.blocks[row>>blockBits]
	offheap.Free(*b)
	*b = nil
}

// free frees every block; c is then empty.
func (c *codes) free() {
	for _, b := range c.blocks {
		offheap.Free(b)
	}
	*c = codes{}
}

// dict numbers the distinct values of a column in order of first
// appearance and keeps the code of every row. Rows are added a chunk at a
// time (merge), by one goroutine, while others look values up
// (chunkDict.add and resolve) under the read lock of the stage's
// dictionaries.
type dict struct {
	short  *shortIndex      // values of at most maxShort bytes
	index  map[string]int32 // longer values
	fps    *fingerprints    // instead of short and index, for the person column
	values []string
	rows   codes
}

func newDict() *dict { return &dict{short: newShortIndex(), index: map[string]int32{}} }

// newPersonDict returns a dict for the person column, numbered by
// fingerprints.
func newPersonDict() *dict { return &dict{fps: newFingerprints()} }

// code returns the code of v, if d has it.
func (d *dict) code(v string) (int32, bool) {
	if d.fps != nil {
		return d.fps.code(d.fps.of(v))
	}
	if len(v) <= maxShort {
		return d.short.code(packShort(v))
	}
	code, ok := d.index[v]
	return code, ok
}

// number gives v the next code.
func (d *dict) number(v string) int32 {
	code := int32(len(d.values))
	if d.fps != nil {
		d.fps.add(d.fps.of(v), code)
	} else if len(v) <= maxShort {
		d.short.add(packShort(v), code)
	} else {
		d.index[v] = code
	}
	d.values = append(d.values, v)
	return code
}

// merge appends the rows of a chunk's dictionary: the values the
// dictionary did not have when the chunk was read are numbered in order
// of first appearance after its own, unless an earlier chunk merged them
// since. Values are added to the index under mu's write lock.
func (d *dict) merge(c *chunkDict, mu *sync.RWMutex) {
	if len(c.values) > 0 {
		mu.Lock()
		c.remap = c.remap[:0]
		for _, v := range c.values {
			code, ok := d.code(v)
			if !ok {
				code = d.number(strings.Clone(v)) // c's values alias the chunk
			}
			c.remap = append(c.remap, code)
		}
		mu.Unlock()
	}
	d.rows.addChunk(c.codes, c.remap)
}

// A chunkDict holds the codes of a column's values in one chunk: their
// codes in the column's dict, or for a value it did not have, -1 less the
// index of the value among those new to it (values, in order of first
// appearance, aliasing the chunk's fields).
type chunkDict struct {
	codes  []int32 // per record
	index  map[string]int32
	values []string
	remap  []int32 // scratch of merge

	// Values of a fingerprinted column, looked up by resolve.
	pending []string
	fps     []fingerprint
}

// add appends a record holding v, looked up in the column's dictionary d
// (under the read lock of the stage's dictionaries); in a fingerprinted
// column, v waits for resolve.
func (c *chunkDict) add(v []byte, d *dict) {
	if d.fps != nil {
		// People are told apart as kanon tells them apart (Verify counts
		// them so): " p1", "p1", "P1" and "ｐ１" are one person to TopDown
		// too. Most IDs (pseudonyms, lower-case ones) fold to themselves
		// and alias the chunk; the others get a copy of their own.
		id := idnorm.Normalize(v)
		if !idnorm.Folded(id) {
			id = idnorm.Fold(nil, id)
		}
		c.pending = append(c.pending, str(id))
		return
	}
	k := str(v)
	code, ok := d.code(k)
	if !ok {
		code = c.local(k)
	}
	c.codes = append(c.codes, code)
}

// local returns the code of a value d lacks: -1 less its index among the
// chunk's values new to d.
func (c *chunkDict) local(k string) int32 {
	if c.index == nil {
		c.index = map[string]int32{}
	}
	i, ok := c.index[k]
	if !ok {
		i = int32(len(c.values))
		c.index[k] = i
		c.values = append(c.values, k)
	}
	return -1 - i
}

// missing marks a value resolve did not find in the dictionary.
const missing = math.MinInt32

// resolve looks up the values add left for it in a fingerprinted column
// (under the read lock of the stage's dictionaries): their fingerprints
// first, then the table's slots in one loop, whose look-ups do not depend
// on each other, so that the processor overlaps their cache misses.
func (c *chunkDict) resolve(d *dict) {
	if len(c.pending) == 0 {
		return
	}
	c.fps = c.fps[:0]
	for _, k := range c.pending {
		c.fps = append(c.fps, d.fps.of(k))
	}
	start := len(c.codes)
	for _, fp := range c.fps {
		code, ok := d.fps.code(fp)
		if !ok {
			code = missing
		}
		c.codes = append(c.codes, code)
	}
	for i, code := range c.codes[start:] {
		if code == missing {
			c.codes[start+i] = c.local(c.pending[i])
		}
	}
	clear(c.pending)
	c.pending = c.pending[:0]
}

// reset empties c, keeping its memory, and lets go of the chunk it
// aliased.
func (c *chunkDict) reset() {
	clear(c.index)
	clear(c.values)
	clear(c.pending)
	c.values, c.codes, c.pending = c.values[:0], c.codes[:0], c.pending[:0]
}
