package kanon

import "strings"

// FailingClassesByChecker groups the rows of a release by their released
// strings and returns the first row of every class that the algorithms'
// checker finds violating the models: the reference that Verify, written
// apart from it, is compared with.
func FailingClassesByChecker(t *Table, rel Release, models ...Model) (map[int]bool, error) {
	chk, err := newChecker(t, models)
	if err != nil {
		return nil, err
	}
	classes := map[string][]int32{}
	var order []string
	for row := range t.n {
		if rel.Suppressed(row) {
			continue
		}
		var key []string
		for q := range t.qi {
			key = append(key, rel.Released(row, q))
		}
		k := strings.Join(key, "\x00")
		if classes[k] == nil {
			order = append(order, k)
		}
		classes[k] = append(classes[k], int32(row))
	}
	failing := map[int]bool{}
	h := chk.newHist()
	for _, k := range order {
		h.reset()
		chk.addRows(h, classes[k])
		if !chk.holds(h) {
			failing[int(classes[k][0])] = true
		}
	}
	return failing, nil
}
