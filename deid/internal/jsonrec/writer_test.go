package jsonrec

import (
	"encoding/json"
	"testing"
)

func TestAppendString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`q"b\s`, `"q\"b\\s"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x1f\x7f", `"\u0000\u001f` + "\x7f" + `"`},
		{"Zürich 日本 😀", `"Zürich 日本 😀"`},
		{"a\xffb", "\"a\ufffdb\""},
		{"\xed\xa0\x80", "\"\ufffd\ufffd\ufffd\""},
		{"</script>", `"</script>"`},
	}
	for _, tt := range tests {
		if got := string(AppendString(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("AppendString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if !json.Valid(AppendString(nil, []byte(tt.in))) {
			t.Errorf("AppendString(%q) is not valid JSON", tt.in)
		}
	}
}

func TestWriterDropsAndReplaces(t *testing.T) {
	line := []byte(`{"user_id":"u-1","email":"a@b.example","device":{"ip":"10.0.0.1","model":"S1"},"loc":{"lat":42.1},"w":72.40}`)
	var p Parser
	events, err := p.Parse(line, nil)
	if err != nil {
		t.Fatal(err)
	}
	var w Writer
	var path Path
	w.Reset([]byte("prefix "))
	for _, e := range events {
		switch pth := string(path.Visit(&e)); {
		case e.Kind == BeginObject:
			w.Begin(e)
		case e.Kind == EndObject:
			w.End()
		case pth == "email" || pth == "device.ip" || pth == "loc.lat":
		case pth == "user_id":
			w.ReplaceString(e, []byte("p-\"x\""))
		case pth == "device.model":
			w.ReplaceRaw(e, []byte("null"))
		default:
			w.Copy(e)
		}
	}
	want := `prefix {"user_id":"p-\"x\"","device":{"model":null},"loc":{},"w":72.40}`
	if got := string(w.Bytes()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
