package snip

import "testing"

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"week-474", "week-474"},
		{"Week 474", "week-474"},
		{"../../etc/passwd", "etc-passwd"},
		{"..", ""},
		{"/evil.example/x", "evil.example-x"},
		{"x?q=1", "x-q-1"},
		{"a/b/c", "a-b-c"},
		{"api/search", "api-search"},
		{".hidden.", "hidden"},
		{"a..b", "a-b"},
		{"snake_case", "snake_case"},
		{"café ☕", "caf"},
		{"☕", ""},
	}
	for _, tt := range tests {
		got := SafeName(tt.in)
		if got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !IsSlug(got) {
			t.Errorf("SafeName(%q) = %q is not a slug", tt.in, got)
		}
	}
}

func TestEditorFile(t *testing.T) {
	for name, want := range map[string]bool{
		"#x.snip.markdown#": true, ".#x.snip.markdown": true, "x.snip.markdown~": true,
		"x.snip.markdown.swp": true, "x.tmp": true, "#": false, "x.snip.markdown": false,
		"c#.snip.markdown": false, "#hashtag.snip.markdown": false,
	} {
		if got := EditorFile(name); got != want {
			t.Errorf("EditorFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"chris-roos", "Chris Roos"},
		{"ben_griffiths", "Ben Griffiths"},
		{"floppy", "Floppy"},
		{"élodie-durand", "Élodie Durand"},
		{"--odd--slug--", "Odd Slug"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := DisplayName(tt.in); got != tt.want {
				t.Errorf("DisplayName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
