package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestListsInOtherForms checks lists that would get pseudonyms matching
// nothing released: UTF-16 without a byte order mark (NULs between the
// letters), lines ended by CR alone (one line of all the IDs) and
// tab-separated columns. Each fails naming its line, never an ID.
func TestListsInOtherForms(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"utf-16 without BOM": "u\x00-\x00a\x00\n\x00",
		"CR line ends":       "u-alpha\ru-beta\ru-gamma\r",
		"tab columns":        "u-alpha\t1961-04-17\n",
	} {
		in := filepath.Join(dir, "ids.txt")
		if err := os.WriteFile(in, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := run([]string{"-demo-keys", "-in", in}, &out, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: err %v, want one naming line 1", name, err)
			continue
		}
		for _, id := range []string{"u-alpha", "u-beta", "1961"} {
			if strings.Contains(err.Error(), id) {
				t.Errorf("%s: the error %q holds an identifier", name, err)
			}
		}
	}
}
