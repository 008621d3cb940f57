package release

import "encoding/json"

// MarshalJSON writes the report with the fields its tags leave out when
// they are zero written whenever they apply: a t of 0 (every class has
// the table's distribution) when t was asked for, an l when l was, and
// the people counts, 0 included, when k counts people. Without this a
// reader could not tell "t = 0 reached" from "t not checked".
func (r KAnonymityReport) MarshalJSON() ([]byte, error) {
	type plain KAnonymityReport // without this method
	var out struct {
		plain
		L                *int     `json:"l,omitempty"`
		T                *float64 `json:"t,omitempty"`
		People           *int     `json:"people,omitempty"`
		ReleasedPeople   *int     `json:"released_people,omitempty"`
		SuppressedPeople *int     `json:"suppressed_people,omitempty"`
	}
	out.plain = plain(r)
	if r.LRequested > 0 {
		out.L = &r.L
	}
	if r.TRequested > 0 {
		out.T = &r.T
	}
	if r.Person != "" {
		out.People, out.ReleasedPeople, out.SuppressedPeople = &r.People, &r.ReleasedPeople, &r.SuppressedPeople
	}
	return json.Marshal(out)
}
