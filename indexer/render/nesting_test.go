package render

import (
	"strings"
	"testing"
)

func TestNesting(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"text\n", 0},
		{"- a\n  - b\n    - c\n", 3},
		{"- - - x\n", 3},
		{"> > - x\n", 3},
		{"1. a\n   1) b\n", 2},
		{"        code without a marker\n", 0},
		{"-not a marker\n", 0},
		{strings.Repeat("> ", 40) + "x\n", 40},
	}
	for _, tt := range tests {
		if got := nesting([]byte(tt.in), 1000); got != tt.want {
			t.Errorf("nesting(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	r := testRenderer()
	deep := strings.Repeat("- ", MaxNesting+1) + "x <script>\n"
	out := r.Render(deep, "")
	if out.Warning == "" || !strings.HasPrefix(out.HTML, "<pre>") || strings.Contains(out.HTML, "<script>") || !strings.Contains(out.Text, "x <script>") {
		t.Errorf("too deep: %+v", out)
	}
	if out := r.Render(strings.Repeat("- ", MaxNesting)+"x\n", ""); out.Warning != "" {
		t.Errorf("at the limit: warning %q", out.Warning)
	}
}
