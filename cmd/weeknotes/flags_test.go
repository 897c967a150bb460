package main

import (
	"errors"
	"flag"
	"runtime"
	"strings"
	"testing"
)

func TestFlagsFromEnvironment(t *testing.T) {
	t.Parallel()
	newFlags := func() (*flag.FlagSet, *string, *bool, *string) {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		addr := fs.String("addr", "127.0.0.1:8080", "")
		watch := fs.Bool("watch", false, "")
		format := fs.String("log-format", "text", "")
		return fs, addr, watch, format
	}
	env := map[string]string{"WEEKNOTES_ADDR": ":9000", "WEEKNOTES_WATCH": "true", "WEEKNOTES_LOG_FORMAT": "json", "WEEKNOTES_DRAFTS": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	fs, addr, watch, format := newFlags()
	fs.Parse([]string{"--addr", "127.0.0.1:1"})
	if err := flagsFromEnv(fs, lookup); err != nil {
		t.Fatal(err)
	}
	if *addr != "127.0.0.1:1" || !*watch || *format != "json" {
		t.Errorf("addr %q (the flag wins), watch %v, log-format %q (from the environment)", *addr, *watch, *format)
	}

	env["WEEKNOTES_WATCH"] = "sometimes"
	fs, _, _, _ = newFlags()
	fs.Parse(nil)
	err := flagsFromEnv(fs, lookup)
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "WEEKNOTES_WATCH") {
		t.Errorf("bad value: %v, want a usage error naming WEEKNOTES_WATCH", err)
	}
	if got := envName("log-format"); got != "WEEKNOTES_LOG_FORMAT" {
		t.Errorf("envName = %q", got)
	}
}

func TestEnvironmentThroughRun(t *testing.T) {
	t.Parallel()
	env := map[string]string{"WEEKNOTES_POSTS": seeds, "WEEKNOTES_INDEX": t.TempDir()}
	if _, stderr, err := runEnv(env, "index"); err != nil || !strings.Contains(stderr, "indexed 1 posts") {
		t.Fatalf("index from the environment: %v\n%s", err, stderr)
	}
	env["WEEKNOTES_LOG_FORMAT"] = "xml"
	_, _, err := runEnv(env, "serve")
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "xml") {
		t.Errorf("serve with WEEKNOTES_LOG_FORMAT=xml: %v, want a usage error", err)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, _, err := runArgs("version")
	if err != nil || !strings.HasPrefix(out, "weeknotes ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("version: %q, %v", out, err)
	}
}
