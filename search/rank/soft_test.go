package rank

import (
	"slices"
	"testing"

	"github.com/freerange/weeknotes/search/querylang"
)

func TestOptional(t *testing.T) {
	for _, c := range []struct {
		uses  []int
		total int
		want  []bool
	}{
		// "want start credit union": want and start are in a third and
		// more of 539 posts.
		{[]int{173, 332, 47, 29}, 539, []bool{true, true, false, false}},
		// Two words are all required however common.
		{[]int{400, 500}, 539, []bool{false, false}},
		// The two rarest stay required even when common.
		{[]int{300, 200, 250}, 539, []bool{true, false, false}},
		// Nothing common: nothing optional.
		{[]int{10, 20, 30}, 539, []bool{false, false, false}},
		// A person's name (-1) is never optional.
		{[]int{-1, 400, 20, 300}, 539, []bool{false, true, false, true}},
	} {
		if got := Optional(c.uses, c.total); !slices.Equal(got, c.want) {
			t.Errorf("Optional(%v, %d) = %v, want %v", c.uses, c.total, got, c.want)
		}
	}
}

func TestSplit(t *testing.T) {
	must, may := Split([]string{"want", "start", "credit", "union"}, []bool{true, true, false, false})
	if !slices.Equal(must, []string{"credit", "union"}) || !slices.Equal(may, []string{"want", "start"}) {
		t.Errorf("Split: must %v, may %v", must, may)
	}
}

func TestSoft(t *testing.T) {
	for q, want := range map[string]bool{
		"why did we want to start a credit union": true,
		"credit union author:chris-roos":          true,
		`want start "credit union"`:               false,
		"want start credit union -kubernetes":     false,
		"credit OR union start want":              false,
		"credit union migrat*":                    false,
	} {
		p, err := querylang.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := Soft(p); got != want {
			t.Errorf("Soft(%q) = %v, want %v", q, got, want)
		}
	}
}
