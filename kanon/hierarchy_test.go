package kanon

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadHierarchyErrors(t *testing.T) {
	cases := []struct {
		name, in  string
		line      int
		value     string
		reasonHas string
	}{
		{"rows of different depth", "a;x;*\nb;*\n", 2, "b", "levels"},
		{"value defined twice", "a;x;*\nb;x;*\na;y;*\n", 3, "a", "first on line 1"},
		{"levels do not nest", "a;x;*\nb;y;*\nc;x;z\n", 3, "c", "do not nest"},
		{"no levels", "a;*\nb\n", 2, "b", "no generalization"},
		{"nesting broken deep", "a;x;p;*\nb;y;p;*\nc;y;q;*\n", 3, "c", `"y"`},
		{"two top values", "a;x;*\nb;y;*\nc;z;all\n", 3, "all", "ImplicitTop"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadHierarchy(strings.NewReader(c.in), ';')
			var he *HierarchyError
			if !errors.As(err, &he) || !errors.Is(err, ErrHierarchy) {
				t.Fatalf("err = %v, want a HierarchyError", err)
			}
			if he.Line != c.line || he.Value != c.value || !strings.Contains(he.Reason, c.reasonHas) {
				t.Errorf("got line %d value %q reason %q; want line %d value %q reason with %q",
					he.Line, he.Value, he.Reason, c.line, c.value, c.reasonHas)
			}
			if !strings.Contains(err.Error(), "line") {
				t.Errorf("message %q does not name the line", err)
			}
		})
	}
}

func TestHierarchyMissingValue(t *testing.T) {
	h, err := ReadHierarchy(strings.NewReader("a;x;*\nb;x;*\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "q", Hierarchy: h}}},
		[][]string{{"a"}, {"b"}, {"cell-value"}, {"cell-value"}})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Row != 3 || ie.Column != "q" || !errors.Is(err, ErrInput) {
		t.Fatalf("err = %v, want an InputError at row 3, column q", err)
	}
	if strings.Contains(err.Error(), "cell-value") {
		t.Errorf("error %q names the table value", err)
	}
}

func labelsOf(t *testing.T, h *Hierarchy, v string) []string {
	t.Helper()
	l, _, err := h.labels(v)
	if err != nil {
		t.Fatalf("labels(%q): %v", v, err)
	}
	return l
}

func TestHierarchyBuilders(t *testing.T) {
	iv, err := Intervals(5, 10, 40)
	if err != nil {
		t.Fatal(err)
	}
	mask, err := Masking(5)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := Tree(map[string]string{"flu": "respiratory", "asthma": "respiratory", "respiratory": "disease", "fracture": "disease"})
	if err != nil {
		t.Fatal(err)
	}
	twoTops, err := NewHierarchy([][]string{{"a", "x"}, {"b", "y"}}, ImplicitTop())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		h    *Hierarchy
		v    string
		want []string
	}{
		{"intervals", iv, "17", []string{"[15, 20)", "[10, 20)", "[0, 40)", "*"}},
		{"intervals negative", iv, "-3", []string{"[-5, 0)", "[-10, 0)", "[-40, 0)", "*"}},
		{"dates", Dates("2006-01-02"), "2021-03-04", []string{"2021-03", "2021", "2020s", "*"}},
		{"masking", mask, "12345", []string{"1234*", "123**", "12***", "1****", "*"}},
		{"masking short", mask, "123", []string{"12*", "1**", "*", "*", "*"}},
		{"tree", tree, "flu", []string{"respiratory", "disease"}},
		{"tree shallow leaf keeps its value", tree, "fracture", []string{"fracture", "disease"}},
		{"implicit top", twoTops, "a", []string{"x", "*"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := labelsOf(t, c.h, c.v); !slices.Equal(got, c.want) {
				t.Errorf("labels(%q) = %q, want %q", c.v, got, c.want)
			}
			if c.h.Depth() != len(c.want) {
				t.Errorf("Depth = %d, want %d", c.h.Depth(), len(c.want))
			}
		})
	}
	bad := []struct {
		name string
		f    func() error
	}{
		{"widths that do not nest", func() error { _, err := Intervals(5, 7); return err }},
		{"zero width", func() error { _, err := Intervals(0); return err }},
		{"no widths", func() error { _, err := Intervals(); return err }},
		{"masking length", func() error { _, err := Masking(0); return err }},
		{"tree cycle", func() error { _, err := Tree(map[string]string{"a": "b", "b": "c", "c": "b"}); return err }},
		{"two tops", func() error { _, err := NewHierarchy([][]string{{"a", "x"}, {"b", "y"}}); return err }},
		{"forest", func() error { _, err := Tree(map[string]string{"a": "x", "b": "y"}); return err }},
		{"value too long to mask", func() error { _, _, err := mask.labels("1234567"); return err }},
		{"date in another layout", func() error { _, _, err := Dates("2006-01-02").labels("04/03/2021"); return err }},
		{"interval of text", func() error { _, _, err := iv.labels("abc"); return err }},
	}
	for _, c := range bad {
		if c.f() == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func TestAdultHierarchies(t *testing.T) {
	want := map[string]int{"age": 4, "education": 3, "marital-status": 2, "native-country": 2,
		"race": 1, "salary-class": 1, "sex": 1, "workclass": 2}
	for name, depth := range want {
		f, err := os.Open(filepath.Join("testdata", "adult", "adult_hierarchy_"+name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		h, err := ReadHierarchy(f, ';')
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if h.Depth() != depth {
			t.Errorf("%s: depth %d, want %d", name, h.Depth(), depth)
		}
	}
}

// Categorical codes follow the hierarchy depth-first, so every node covers
// a contiguous range of codes; numeric codes follow the numbers.
func TestDomainOrder(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	for _, c := range tab.qi {
		d := c.dom
		if d.numeric {
			for i := 1; i < d.size(); i++ {
				if d.nums[i-1] > d.nums[i] {
					t.Fatalf("%s: codes not in numeric order", c.name)
				}
			}
			continue
		}
		for j := 1; j <= d.depth; j++ {
			// The first and last code under each node.
			first, last := make([]int32, d.nodes(j)), make([]int32, d.nodes(j))
			for node := range first {
				first[node] = -1
			}
			for code, node := range d.gen[j] {
				if first[node] < 0 {
					first[node] = int32(code)
				}
				last[node] = int32(code)
			}
			for node := range d.nodes(j) {
				lo, hi := first[node], last[node]
				if int(hi-lo+1) != int(d.leafCount[j][node]) {
					t.Fatalf("%s level %d node %q covers codes %d..%d but %d values", c.name, j, d.labels[j][node], lo, hi, d.leafCount[j][node])
				}
				for code := lo; code <= hi; code++ {
					if d.gen[j][code] != int32(node) {
						t.Fatalf("%s: node %q is not contiguous", c.name, d.labels[j][node])
					}
				}
			}
		}
	}
}
