package kanon

import "testing"

func TestAdultLoads(t *testing.T) {
	tab := loadAdult(t, "adult.csv")
	if tab.Len() != 30162 {
		t.Fatalf("rows = %d", tab.Len())
	}
	for i, name := range tab.QuasiIdentifiers() {
		t.Logf("%s numeric=%v values=%d levels=%d", name, tab.IsNumeric(i), tab.qi[i].dom.size(), tab.Levels(i))
	}
}
