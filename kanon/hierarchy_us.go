package kanon

import (
	"fmt"
	"sync"
)

// USStates returns the hierarchy of US states by the Census Bureau's
// regions and divisions: a state (its USPS code, "CA", or its name,
// "California"), then its census division ("Pacific"), its census region
// ("West") and "*". The District of Columbia is in the South Atlantic
// division, as the Census Bureau counts it; Puerto Rico and the other
// territories, which no census region holds, generalize to "U.S.
// territories" and then "*".
//
// A value the hierarchy does not know (a misspelling, a province of
// another country) makes building a table fail with an InputError naming
// its row, like any value missing from a hierarchy.
func USStates() *Hierarchy { return usStates() }

var usStates = sync.OnceValue(func() *Hierarchy {
	var rows [][]string
	for _, s := range states {
		d := divisions[s.division]
		rows = append(rows,
			[]string{s.code, d.name, d.region, "*"},
			[]string{s.name, d.name, d.region, "*"})
	}
	h, err := NewHierarchy(rows)
	if err != nil {
		panic(fmt.Sprintf("kanon: the US state table does not nest: %v", err))
	}
	return h
})

// USZIP3 returns a hierarchy of three-digit ZIP code prefixes ("941", as
// HIPAA Safe Harbor releases ZIP codes) that agrees with [USStates]: a
// prefix generalizes to the USPS code of its state ("CA"), then to the
// state's census division and region, and "*". A release that holds both
// a ZIP3 and a state column can then generalize them together, one level
// at a time, and "941" under "CA" costs less than "9**", which mixes four
// states.
//
// Each prefix belongs to the sectional center facility of one state, so
// the state of a prefix is a fact about the prefix, not a guess. "000",
// the code Safe Harbor substitutes for the prefixes of areas of 20,000
// people or fewer, belongs to no state: it stays "000" up to "*", as do
// the prefixes of military mail (APO/FPO) and any prefix that no state
// holds. Other values (not three digits) are missing from the hierarchy.
func USZIP3() *Hierarchy { return usZIP3() }

var usZIP3 = sync.OnceValue(func() *Hierarchy {
	stateOf := map[string]usState{}
	for _, s := range states {
		stateOf[s.code] = s
	}
	rows := make([][]string, 0, 1000)
	for p := range 1000 {
		prefix := fmt.Sprintf("%03d", p)
		code := zip3State(p)
		s, ok := stateOf[code]
		if !ok {
			rows = append(rows, []string{prefix, prefix, prefix, prefix, "*"})
			continue
		}
		d := divisions[s.division]
		rows = append(rows, []string{prefix, s.code, d.name, d.region, "*"})
	}
	h, err := NewHierarchy(rows)
	if err != nil {
		panic(fmt.Sprintf("kanon: the ZIP3 table does not nest: %v", err))
	}
	return h
})

// zip3State returns the USPS code of the state whose sectional center
// facility holds the three-digit ZIP prefix p, or "" for a prefix no state
// holds (000, unassigned prefixes, military mail).
func zip3State(p int) string {
	// Single prefixes assigned apart from their neighbours.
	switch p {
	case 5:
		return "NY" // Holtsville
	case 8:
		return "VI"
	case 55:
		return "MA" // Andover
	case 201:
		return "VA" // Dulles
	case 340:
		return "" // military (AA)
	case 569:
		return "DC"
	case 733:
		return "TX" // Austin
	case 885:
		return "TX" // El Paso
	case 969:
		return "GU"
	}
	for _, r := range zip3Ranges {
		if p >= r.lo && p <= r.hi {
			return r.state
		}
	}
	return ""
}

// zip3Ranges are the USPS allocations of three-digit ZIP prefixes to
// states, as ranges; prefixes that are not in a range belong to no state.
var zip3Ranges = []struct {
	lo, hi int
	state  string
}{
	{6, 9, "PR"}, {10, 27, "MA"}, {28, 29, "RI"}, {30, 38, "NH"}, {39, 49, "ME"},
	{50, 59, "VT"}, {60, 69, "CT"}, {70, 89, "NJ"}, {100, 149, "NY"}, {150, 196, "PA"},
	{197, 199, "DE"}, {200, 205, "DC"}, {206, 219, "MD"}, {220, 246, "VA"}, {247, 268, "WV"},
	{270, 289, "NC"}, {290, 299, "SC"}, {300, 319, "GA"}, {320, 349, "FL"}, {350, 369, "AL"},
	{370, 385, "TN"}, {386, 397, "MS"}, {398, 399, "GA"}, {400, 427, "KY"}, {430, 459, "OH"},
	{460, 479, "IN"}, {480, 499, "MI"}, {500, 528, "IA"}, {530, 549, "WI"}, {550, 567, "MN"},
	{570, 577, "SD"}, {580, 588, "ND"}, {590, 599, "MT"}, {600, 629, "IL"}, {630, 658, "MO"},
	{660, 679, "KS"}, {680, 693, "NE"}, {700, 714, "LA"}, {716, 729, "AR"}, {730, 749, "OK"},
	{750, 799, "TX"}, {800, 816, "CO"}, {820, 831, "WY"}, {832, 838, "ID"}, {840, 847, "UT"},
	{850, 865, "AZ"}, {870, 884, "NM"}, {889, 898, "NV"}, {900, 961, "CA"}, {967, 968, "HI"},
	{970, 979, "OR"}, {980, 994, "WA"}, {995, 999, "AK"},
}

type usState struct {
	code, name string
	division   int // index in divisions
}

// divisions are the Census Bureau's nine divisions and their four regions,
// with a tenth group for the territories, which no region holds.
var divisions = []struct{ name, region string }{
	{"New England", "Northeast"}, {"Middle Atlantic", "Northeast"},
	{"East North Central", "Midwest"}, {"West North Central", "Midwest"},
	{"South Atlantic", "South"}, {"East South Central", "South"}, {"West South Central", "South"},
	{"Mountain", "West"}, {"Pacific", "West"},
	{"U.S. territories", "U.S. territories"},
}

const (
	newEngland = iota
	middleAtlantic
	eastNorthCentral
	westNorthCentral
	southAtlantic
	eastSouthCentral
	westSouthCentral
	mountain
	pacific
	territories
)

var states = []usState{
	{"CT", "Connecticut", newEngland}, {"ME", "Maine", newEngland}, {"MA", "Massachusetts", newEngland},
	{"NH", "New Hampshire", newEngland}, {"RI", "Rhode Island", newEngland}, {"VT", "Vermont", newEngland},
	{"NJ", "New Jersey", middleAtlantic}, {"NY", "New York", middleAtlantic}, {"PA", "Pennsylvania", middleAtlantic},
	{"IL", "Illinois", eastNorthCentral}, {"IN", "Indiana", eastNorthCentral}, {"MI", "Michigan", eastNorthCentral},
	{"OH", "Ohio", eastNorthCentral}, {"WI", "Wisconsin", eastNorthCentral},
	{"IA", "Iowa", westNorthCentral}, {"KS", "Kansas", westNorthCentral}, {"MN", "Minnesota", westNorthCentral},
	{"MO", "Missouri", westNorthCentral}, {"NE", "Nebraska", westNorthCentral}, {"ND", "North Dakota", westNorthCentral},
	{"SD", "South Dakota", westNorthCentral},
	{"DE", "Delaware", southAtlantic}, {"DC", "District of Columbia", southAtlantic}, {"FL", "Florida", southAtlantic},
	{"GA", "Georgia", southAtlantic}, {"MD", "Maryland", southAtlantic}, {"NC", "North Carolina", southAtlantic},
	{"SC", "South Carolina", southAtlantic}, {"VA", "Virginia", southAtlantic}, {"WV", "West Virginia", southAtlantic},
	{"AL", "Alabama", eastSouthCentral}, {"KY", "Kentucky", eastSouthCentral}, {"MS", "Mississippi", eastSouthCentral},
	{"TN", "Tennessee", eastSouthCentral},
	{"AR", "Arkansas", westSouthCentral}, {"LA", "Louisiana", westSouthCentral}, {"OK", "Oklahoma", westSouthCentral},
	{"TX", "Texas", westSouthCentral},
	{"AZ", "Arizona", mountain}, {"CO", "Colorado", mountain}, {"ID", "Idaho", mountain}, {"MT", "Montana", mountain},
	{"NV", "Nevada", mountain}, {"NM", "New Mexico", mountain}, {"UT", "Utah", mountain}, {"WY", "Wyoming", mountain},
	{"AK", "Alaska", pacific}, {"CA", "California", pacific}, {"HI", "Hawaii", pacific}, {"OR", "Oregon", pacific},
	{"WA", "Washington", pacific},
	{"PR", "Puerto Rico", territories}, {"VI", "U.S. Virgin Islands", territories}, {"GU", "Guam", territories},
	{"AS", "American Samoa", territories}, {"MP", "Northern Mariana Islands", territories},
}
