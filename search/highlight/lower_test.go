package highlight

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// The fast paths give what the plain ones did: byte by byte lower case,
// and html.EscapeString(squash(s)), on random mixes of letters, spaces,
// markup characters, multi-byte and broken UTF-8.
func TestFastPathsAgree(t *testing.T) {
	t.Parallel()
	pieces := []string{"a", "Z", "@", "[", "`", "{", "A", "m", "Q", " ", "  ", "\n", "\t", "\r\n", "<", ">", "&", "'", "\"",
		"é", "É", "\u00a0", "\u2003", "—", "🎉", "\xff", "\xc3", "0", "_", "\x7f", "\x80"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(40); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		want := []byte(s)
		for i, c := range want {
			if 'A' <= c && c <= 'Z' {
				want[i] = c + 'a' - 'A'
			}
		}
		if got := asciiLowerInto([]byte("x"), s); string(got) != "x"+string(want) {
			t.Fatalf("asciiLowerInto(%q) = %q, want %q", s, got[1:], want)
		}
		var out strings.Builder
		writeSquashed(&out, s)
		if want := html.EscapeString(squash(s)); out.String() != want {
			t.Fatalf("writeSquashed(%q) = %q, want %q", s, out.String(), want)
		}
	}
}

// squash is the plain way: each run of white space as one space.
func squash(s string) string {
	if !strings.ContainsAny(s, "\n\t\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
