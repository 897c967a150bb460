package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpus = "../../../shared/corpus/soups"

// runArgs runs the command in the test's process with an empty
// environment: WEEKNOTES_ settings outside the test change nothing.
func runArgs(args ...string) (string, string, error) { return runEnv(nil, args...) }

// runEnv runs the command with env as its whole environment.
func runEnv(env map[string]string, args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	err := run(context.Background(), args, lookup, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestBadInvocations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		usage bool   // exit status 2
		msg   string // in the one-line reason
	}{
		{nil, true, "no command"},
		{[]string{"frobnicate"}, true, `unknown command "frobnicate"`},
		{[]string{"index", "--posts", "../../data"}, true, "--index DIR"},
		{[]string{"index", "--bogus"}, true, "flag provided but not defined: -bogus"},
		{[]string{"serve", "--addr"}, true, "flag needs an argument: -addr"},
		{[]string{"index", "--posts", "/no/such/dir", "--index", "x"}, false, "posts directory /no/such/dir: no such file or directory"},
		{[]string{"index", "--posts", "main.go", "--index", "x"}, false, "not a directory"},
		{[]string{"search", "--sort", "sideways", "x"}, true, "sort"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			_, _, err := runArgs(tt.args...)
			if err == nil {
				t.Fatal("no error")
			}
			var ue *usageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("usage error = %v, want %v (%v)", !tt.usage, tt.usage, err)
			}
			if !strings.Contains(err.Error(), tt.msg) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should be one line containing %q", err, tt.msg)
			}
		})
	}
}

// seeds is a soup of the two seed documents alone: week 474 and week 473,
// a draft (data/ holds them among the sample archive).
const seeds = "testdata/seeds"

func TestIndexAndSearchSeeds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, stderr, err := runArgs("index", "--posts", seeds, "--index", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "indexed 1 posts") || !strings.Contains(stderr, "1 drafts left out") {
		t.Errorf("summary:\n%s", stderr)
	}
	out, _, err := runArgs("search", "--posts", seeds, "--index", dir, "redis", "--author", "chris-lowis")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "1 posts match") || !strings.Contains(out, "Week 474  /week-474") || !strings.Contains(out, "»redis«") {
		t.Errorf("search output:\n%s", out)
	}
	// Drafts only with --drafts (the index is rebuilt to match).
	out, stderr, err = runArgs("search", "--posts", seeds, "--index", dir, "--drafts", "redis")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "2 posts match") || !strings.Contains(stderr, "different --drafts") {
		t.Errorf("search --drafts output:\n%s\n%s", out, stderr)
	}
}

// The index is built once, then only updated with what changed.
func TestEnsureIndexBuildsOnceThenUpdates(t *testing.T) {
	t.Parallel()
	soup := t.TempDir()
	data, err := os.ReadFile("../../data/week-474.snip.markdown")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(soup, "week-474.snip.markdown"), data, 0o644)
	ix := t.TempDir()
	f := soupFlags{posts: soup, index: ix}
	var log bytes.Buffer
	for i, want := range []string{"no index yet", "", "updated the index: 1 posts added or changed, 0 removed"} {
		log.Reset()
		if i == 2 {
			os.WriteFile(filepath.Join(soup, "week-475.snip.markdown"), bytes.ReplaceAll(data, []byte("474"), []byte("475")), 0o644)
		}
		if err := ensureIndex(context.Background(), f, &log); err != nil {
			t.Fatal(err)
		}
		if want == "" && log.Len() > 0 || !strings.Contains(log.String(), want) {
			t.Errorf("run %d: log %q, want %q", i, log.String(), want)
		}
	}
}

// The whole real archive indexes with no warning: 539 posts, 2 drafts.
func TestIndexCorpus(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("../shared/corpus is absent")
	}
	_, stderr, err := runArgs("index", "--posts", corpus, "--index", t.TempDir(), "--aliases", "../../data/aliases.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"indexed 539 posts, 11 people, 33 projects", "2 drafts left out, 0 pages skipped"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("warnings:\n%s", stderr)
	}
}
