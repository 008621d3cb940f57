package scrub

import (
	"sync"

	"github.com/deidkit/deidkit/internal/idnorm"
)

// Identifiers spelled with other code points than the detectors read: an
// '@' or digits in fullwidth forms ("zq＠example.org", "１２３-４５-６７８９"),
// digits of other scripts, dashes and dots drawn like '-' and '.',
// invisible characters inside ("123-4\u200b5-6789"), bidirectional
// controls, an accent combined with its letter rather than composed. A
// reader reads them as the plain identifier, and so does every match: the
// detectors and a Known set look at the text's skeleton (idnorm.Skeleton:
// each rune as it reads, ASCII as it is), and each match found there is
// a span of the text that covers every byte standing for it, the
// invisible ones included. A Known set's values are read the same way
// when added, so that both sides of a comparison are skeletons.
//
// An ASCII text is its own skeleton and is read as it is: finding that
// out costs a look at eight bytes at a time.

// init prepares m to find the matches of text, in its skeleton if the
// skeleton differs from it.
func (m *matcher) init(text []byte, kinds kindSet, known *Known) {
	*m = matcher{}
	if !idnorm.ASCII(text) {
		skel := skeletons.Get().(*idnorm.Skeleton)
		if skel.Read(text) {
			m.skel, text = skel, skel.Text
		} else {
			skeletons.Put(skel)
		}
	}
	m.initText(text, kinds, known)
}

// skeletons keeps the memory of the skeletons read, so that scrubbing
// text that is not ASCII does not allocate either.
var skeletons = sync.Pool{New: func() any { return new(idnorm.Skeleton) }}

// release gives back the memory m took. m is done with.
func (m *matcher) release() {
	if m.skel != nil {
		clear(m.skel.Text) // text of a record
		skeletons.Put(m.skel)
		m.skel = nil
	}
}

// match returns the next match, or false at the end of the text.
func (m *matcher) match() (Match, bool) {
	for {
		mt, ok := m.matchText()
		if !ok || m.skel == nil {
			return mt, ok
		}
		// Two matches that end and start inside the bytes one rune reads
		// as (a ligature) share the rune: the first replaces it.
		s, e := m.skel.Span(mt.Start, mt.End)
		if s = max(s, m.skelEnd); e <= s {
			continue
		}
		m.skelEnd = e
		return Match{Kind: mt.Kind, Start: s, End: e}, true
	}
}

// read returns text as it reads, its skeleton, or text itself when that
// is the same; the skeleton in *buf, which it may grow.
func read(text []byte, buf *[]byte) []byte {
	if idnorm.ASCII(text) {
		return text
	}
	*buf = idnorm.AppendRead((*buf)[:0], text)
	return *buf
}
