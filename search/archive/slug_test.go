package archive

import "testing"

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Show & Tell", "show-and-tell"},
		{"Show and Tell", "show-and-tell"},
		{"Show &amp; Tell", "show-and-tell"},
		{"show&tell", "show-and-tell"},
		{"SHOW AND TELL", "show-and-tell"},
		{"Show and Tell 🎉", "show-and-tell"},
		{"GFR's week", "gfrs-week"},
		{"GFR’s week", "gfrs-week"},
		{"‘Quoted’ words", "quoted-words"},
		{"  Hello,   World!  ", "hello-world"},
		{"Week 474", "week-474"},
		{"asset-manager", "asset-manager"},
		{"snake_case_name", "snake-case-name"},
		{"Asset Management for GOV.UK", "asset-management-for-gov-uk"},
		{"Café Ünïcode", "café-ünïcode"},
		{"&#8220;Smart&#8221; quotes", "smart-quotes"},
		{"🎉", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
