package deidtest

// zipArea is a three-digit ZIP prefix and its state.
type zipArea struct {
	prefix string
	state  string
	lat    int32 // rough center, micro-degrees
	lon    int32
}

// areas are common ZIP3 areas, drawn most of the time.
var areas = [...]zipArea{
	{"021", "MA", 42360000, -71060000}, {"010", "MA", 42100000, -72590000},
	{"070", "NJ", 40730000, -74170000}, {"100", "NY", 40780000, -73970000},
	{"112", "NY", 40650000, -73950000}, {"191", "PA", 39950000, -75160000},
	{"200", "DC", 38900000, -77030000}, {"280", "NC", 35220000, -80840000},
	{"303", "GA", 33750000, -84390000}, {"331", "FL", 25770000, -80190000},
	{"372", "TN", 36160000, -86780000}, {"432", "OH", 39960000, -82990000},
	{"482", "MI", 42330000, -83050000}, {"551", "MN", 44950000, -93090000},
	{"606", "IL", 41880000, -87630000}, {"752", "TX", 32780000, -96800000},
	{"770", "TX", 29760000, -95370000}, {"802", "CO", 39740000, -104990000},
	{"850", "AZ", 33450000, -112070000}, {"900", "CA", 34050000, -118240000},
	{"941", "CA", 37770000, -122420000}, {"973", "OR", 45520000, -122680000},
	{"981", "WA", 47610000, -122330000}, {"967", "HI", 21310000, -157860000},
	{"995", "AK", 61220000, -149900000},
}

// restricted are the ZIP3 areas of fewer than 20,000 people that Safe
// Harbor replaces with 000.
var restricted = [...]zipArea{
	{"036", "NH", 43200000, -72400000}, {"059", "VT", 44800000, -71900000},
	{"063", "CT", 41400000, -72100000}, {"102", "NY", 40750000, -73990000},
	{"203", "DC", 38890000, -77010000}, {"556", "MN", 47500000, -91200000},
	{"692", "NE", 42800000, -100700000}, {"790", "TX", 35200000, -101800000},
	{"821", "WY", 44700000, -110500000}, {"823", "WY", 41600000, -107200000},
	{"830", "WY", 43500000, -110800000}, {"831", "WY", 42800000, -110900000},
	{"878", "NM", 34100000, -106900000}, {"879", "NM", 32900000, -107300000},
	{"884", "NM", 35200000, -103700000}, {"890", "NV", 36170000, -115140000},
	{"893", "NV", 39500000, -114900000},
}

var firstNames = [...]string{
	"Anna", "James", "Maria", "Robert", "Linda", "Michael", "Sofia", "David", "Emma", "Daniel",
	"Olivia", "José", "Chloé", "Wei", "Aisha", "Noah", "Zoë", "Mateo", "Hannah", "Liam",
	"Fatima", "Ethan", "Mia", "Lucas", "Amelia", "Kenji", "Priya", "Oscar", "Ingrid", "Omar",
}

var lastNames = [...]string{
	"Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
	"Lee", "Nguyen", "O'Brien", "Müller", "Kowalski", "Chen", "Patel", "Kim", "Dubois", "Rossi",
	"Andersen", "Silva", "Cohen", "Okafor", "Yamamoto", "Haddad", "Novak", "Ivanova", "Walsh",
}

var mailDomains = [...]string{"example.com", "example.org", "example.net", "mail.example.com"}

var devices = [...]string{
	"Body Cardio BC-2", "Body Smart S1", "Body Comp Pro", "ScanWatch 2", "ScanWatch Light",
	"BPM Connect", "BPM Core", "Sleep Analyzer", "Move ECG", "Pulse HR",
}

// Notes: "{email}", "{phone}", "{ip}" and "{first}" are replaced by the
// user's values.
var notes = [...]string{
	"after breakfast",
	"before workout",
	"felt dizzy, sat down for 5 min",
	"felt great today",
	"call me at {phone} if this looks wrong",
	"sent the report to {email}",
	"email {email} or phone {phone}",
	"logged in from {ip} at the office",
	`doctor said "keep going"`,
	`scale showed "ERR" first, then this`,
	"morning\nafter run",
	"travel day:\n- flight delayed\n- no sleep",
	"après le sport, un peu fatigué",
	"体重を測った",
	"😀 new personal best, 10k steps",
	"{first} measured this, not me",
	"  leading spaces, trailing tab\t",
	"BP high, retook: 135/85, \"ok\"",
	"wrote to support from {ip}, ticket #4411",
	"Ärger mit der Waage; neu gekoppelt",
}

// edgeBirthDates sit on the boundaries of date parsing and 90+ top-coding
// relative to 2026-01-01.
var edgeBirthDates = [...]string{
	"1936-01-01", // 90 that very day
	"1936-01-02", // 89
	"1935-12-31", // 90
	"1934-06-15", // 91
	"1937-03-01", // 88
	"1936-02-29", // leap day, 89
	"1932-02-29", // leap day, 93
	"1931-02-28", // oldest
	"1948-02-29",
	"2000-02-29",
	"2012-12-31", // youngest
}
