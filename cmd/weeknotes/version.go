package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// buildVersion describes this binary: the module version ("(devel)" for a
// build from a checkout), the VCS revision and time when the build recorded
// them, and the Go version.
func buildVersion() string {
	version, revision, when, modified := "(devel)", "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	parts := []string{"weeknotes " + version}
	if revision != "" {
		r := "revision " + revision
		if when != "" {
			r += " of " + when
		}
		if modified {
			r += " (modified)"
		}
		parts = append(parts, r)
	}
	parts = append(parts, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return strings.Join(parts, ", ")
}

func runVersion(args []string, env lookupEnv, stdout io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	rest, err := parseFlags(fs, args, env)
	if err != nil {
		return err
	}
	if err := noArgs(fs, rest); err != nil {
		return err
	}
	fmt.Fprintln(stdout, buildVersion())
	return nil
}
