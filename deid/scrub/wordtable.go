package scrub

import (
	"sort"
	"strings"
)

// A wordTable is a set of lower-case ASCII words, each with a small value,
// looked up in any ASCII case. It is indexed by the words' first two
// letters (or first letter and end), so that a look-up of a word that is
// not in it costs one read of a small table: the scanner looks up most
// words of a text. It is never written after initialization.
type wordTable struct {
	start [27*26 + 1]uint16 // entries of key k are at start[k]:start[k+1]
	lens  [27 * 26]uint32   // bit n set if an entry of key k has n bytes
	first [26]uint32        // bit n set if an entry starting with the letter has n bytes
	words []string
	vals  []uint8
}

// wordKeyOf returns the table key of w: its first two letters, or its
// first letter alone; -1 if w does not start with ASCII letters.
func wordKeyOf(w []byte) int {
	if len(w) == 0 || !isLetter(w[0]) {
		return -1
	}
	second := 26
	if len(w) > 1 {
		if !isLetter(w[1]) {
			return -1
		}
		second = int(w[1] | 0x20 - 'a')
	}
	return int(w[0]|0x20-'a')*27 + second
}

// A wordGroup is words separated by white space, all with one value.
type wordGroup struct {
	val   uint8
	words string
}

// newWordTable builds a table of the words of groups.
func newWordTable(groups ...wordGroup) *wordTable {
	type entry struct {
		key  int
		word string
		val  uint8
	}
	var es []entry
	for _, g := range groups {
		for _, w := range strings.Fields(g.words) {
			es = append(es, entry{wordKeyOf([]byte(w)), w, g.val})
		}
	}
	sort.SliceStable(es, func(a, b int) bool { return es[a].key < es[b].key })
	wt := &wordTable{}
	k := 0
	for i, e := range es {
		for k <= e.key {
			wt.start[k] = uint16(i)
			k++
		}
		wt.words = append(wt.words, e.word)
		wt.vals = append(wt.vals, e.val)
		wt.lens[e.key] |= 1 << min(len(e.word), 31)
		wt.first[e.word[0]-'a'] |= 1 << min(len(e.word), 31)
	}
	for ; k < len(wt.start); k++ {
		wt.start[k] = uint16(len(es))
	}
	return wt
}

// wordSet is a table of words with the value 1.
func wordSet(words string) *wordTable { return newWordTable(wordGroup{1, words}) }

// lookup returns the value of w, in any ASCII case, or 0.
func (wt *wordTable) lookup(w []byte) uint8 {
	k := wordKeyOf(w)
	if k < 0 {
		return 0
	}
	for j := wt.start[k]; j < wt.start[k+1]; j++ {
		if equalFold(w, wt.words[j]) {
			return wt.vals[j]
		}
	}
	return 0
}

// has reports whether w, in any ASCII case, is in the table.
func (wt *wordTable) has(w []byte) bool { return wt.lookup(w) != 0 }

// mayHold reports whether a word of n bytes starting with the ASCII letter
// a and the byte b may be in the table: a test cheap enough for every
// word.
func (wt *wordTable) mayHold(a, b byte, n int) bool {
	a, b = a|0x20-'a', b|0x20-'a'
	if n >= 31 || wt.first[a]&(1<<n) == 0 || b >= 26 {
		return false
	}
	return wt.lens[int(a)*27+int(b)]&(1<<n) != 0
}
