package deid

import (
	"strings"
	"testing"
)

// Names of identifiers written in scripts without Latin look-alikes, or
// without spaces between words, are identifiers; the other names in
// these scripts stay unrecognized (dropped by the profiles, warned about
// under a default keep), never identifiers by accident of one character.
func TestClassifyOtherScripts(t *testing.T) {
	for _, tc := range []struct {
		name string
		cat  Category
	}{
		{"имя", CategoryNames},
		{"Имя", CategoryNames},
		{"姓名", CategoryNames},
		{"患者姓名", CategoryNames},
		{"user_姓名", CategoryNames},
		{"氏名", CategoryNames},
		{"名前", CategoryNames},
		{"이름", CategoryNames},
		{"환자이름", CategoryNames},
		{"電話番号", CategoryPhone},
		{"联系电话", CategoryPhone},
		{"携帯番号", CategoryPhone},
		{"전화번호", CategoryPhone},
		{"メールアドレス", CategoryEmail},
		{"电子邮箱", CategoryEmail},
		{"이메일", CategoryEmail},
		{"住所", CategoryGeographic},
		{"家庭地址", CategoryGeographic},
		{"주소", CategoryGeographic},
		{"身份证号", CategorySSN},
		{"주민등록번호", CategorySSN},
	} {
		c := classifyField(tc.name)
		if !c.kind.isDirect() || c.cat != tc.cat {
			t.Errorf("classifyField(%q) = %v %s (%s), want an identifier of category %s", tc.name, c.kind, c.cat, c.reason, tc.cat)
		}
	}
	for _, name := range []string{"体重", "心率", "血压", "歩数", "睡眠時間", "걸음수", "심박수", "名称", "品名"} {
		if c := classifyField(name); c.kind != kindUnrecognized {
			t.Errorf("classifyField(%q) = %v %s (%s), want unrecognized", name, c.kind, c.cat, c.reason)
		}
	}
}

// A rule word in another script must be reachable: one with a Latin
// look-alike letter folds to a mix of scripts, which is read as an
// identifier before any rule, so the word would never be matched.
func TestRuleWordsReachable(t *testing.T) {
	for _, rs := range [][]nameRule{overrideRules, identifierRules} {
		for _, r := range rs {
			for _, p := range r.pats {
				name := strings.Join(p.words, "_")
				if c := classifyName(name); strings.Contains(c.reason, "mixes Latin letters") {
					t.Errorf("rule pattern %s of category %s is never matched: %s", p, r.cat, c.reason)
				}
			}
		}
	}
}
