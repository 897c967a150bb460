// Command weeknotes indexes a soup of weekly notes and serves search over it.
//
//	weeknotes index  --posts DIR --index DIR [--drafts] [--aliases FILE]
//	weeknotes serve  [--posts DIR] [--index DIR] [--addr HOST:PORT] [--base-url URL] [--drafts] [--watch] [--log-format text|json]
//	weeknotes search [--author A] [--project P] [--topic T] [--year Y] QUERY
//	weeknotes version
//
// Every flag can also be set in the environment as WEEKNOTES_<FLAG>
// (upper case, dashes as underscores: WEEKNOTES_LOG_FORMAT); a flag given
// on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gin-gonic/gin"
)

const usage = `usage: weeknotes COMMAND [flags]

commands:
  index   build the search index from a soup of posts
  serve   serve search over the index (building it first when stale)
  search  search the index from the terminal
  version print the version, VCS revision and Go version

Run "weeknotes COMMAND -h" for a command's flags. Every flag can also be
set as WEEKNOTES_<FLAG> (WEEKNOTES_ADDR, WEEKNOTES_LOG_FORMAT, ...); a flag
on the command line wins.
`

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	// Gin's debug mode logs every route to stdout; a GIN_MODE in the
	// environment still decides. Set here, not in web.New, because it is
	// package state that tests (and parallel servers) must not change.
	if gin.Mode() == gin.DebugMode {
		gin.SetMode(gin.ReleaseMode)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ue *usageError
		switch {
		case errors.Is(err, flag.ErrHelp):
			os.Exit(0)
		case errors.As(err, &ue):
			fmt.Fprintln(os.Stderr, "weeknotes:", err)
			os.Exit(2)
		default:
			fmt.Fprintln(os.Stderr, "weeknotes:", err)
			os.Exit(1)
		}
	}
}

// lookupEnv finds an environment variable: os.LookupEnv in main, a map
// of the test's own in tests (which can then run in parallel, each with
// its own environment).
type lookupEnv func(key string) (string, bool)

func run(ctx context.Context, args []string, env lookupEnv, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &usageError{"no command given"}
	}
	switch args[0] {
	case "index":
		return runIndex(ctx, args[1:], env, stderr)
	case "serve":
		return runServe(ctx, args[1:], env, stderr)
	case "search":
		return runSearch(ctx, args[1:], env, stdout, stderr)
	case "version", "--version":
		return runVersion(args[1:], env, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return &usageError{fmt.Sprintf("unknown command %q (want index, serve, search or version)", args[0])}
}

// parseFlags parses args with fs, allowing flags after positional arguments
// ("weeknotes search redis --author chris-roos"), sets the flags not given
// from env, and returns the positionals.
func parseFlags(fs *flag.FlagSet, args []string, env lookupEnv) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stderr)
				fs.Usage()
				return nil, err
			}
			return nil, &usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			rest = append(rest, args[1:]...)
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	return rest, flagsFromEnv(fs, env)
}

// EnvPrefix starts the environment variable of every flag.
const EnvPrefix = "WEEKNOTES_"

// envName is the environment variable that sets a flag: --log-format is
// WEEKNOTES_LOG_FORMAT.
func envName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// flagsFromEnv sets each flag not given on the command line from its
// environment variable, when that is set and not empty.
func flagsFromEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		key := envName(f.Name)
		v, ok := lookup(key)
		if !ok || v == "" {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = &usageError{fmt.Sprintf("%s: %s=%q: %v", fs.Name(), key, v, e)}
		}
	})
	return err
}

func noArgs(fs *flag.FlagSet, rest []string) error {
	if len(rest) > 0 {
		return &usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), strings.Join(rest, " "))}
	}
	return nil
}
