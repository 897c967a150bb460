package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"

	"golang.org/x/term"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/querylang"
)

func runSearch(ctx context.Context, args []string, env lookupEnv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	var f soupFlags
	f.register(fs, "data", defaultIndexDir)
	var req querylang.Request
	var author, project, topic, year string
	fs.StringVar(&author, "author", "", "only posts by this author `SLUG`")
	fs.StringVar(&project, "project", "", "only posts about this project `SLUG`")
	fs.StringVar(&topic, "topic", "", "only posts with this topic `SLUG`")
	fs.StringVar(&year, "year", "", "only posts from this `YEAR`")
	fs.StringVar(&req.Sort, "sort", "", "relevance, newest or oldest")
	fs.IntVar(&req.PerPage, "n", 10, "number of results")
	rest, err := parseFlags(fs, args, env)
	if err != nil {
		return err
	}
	req.Query = strings.Join(rest, " ")
	for _, kv := range []struct {
		v   string
		dst *[]string
	}{{author, &req.Authors}, {project, &req.Projects}, {topic, &req.Topics}, {year, &req.Years}} {
		if kv.v != "" {
			*kv.dst = []string{kv.v}
		}
	}
	if err := req.Normalize(); err != nil {
		return &usageError{"search: " + err.Error()}
	}
	if err := f.findImages(); err != nil {
		return err
	}
	if err := ensureIndex(ctx, f, stderr); err != nil {
		return err
	}
	ix, err := search.Open(f.index)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, req)
	if err != nil {
		return err
	}
	out, ok := stdout.(*os.File)
	printResults(stdout, res, ok && term.IsTerminal(int(out.Fd())))
	return nil
}

var markTag = regexp.MustCompile(`</?mark>`)

// printResults lists hits with their snippets: matches in bold on a
// terminal, between » and « elsewhere.
func printResults(w io.Writer, res *search.Result, tty bool) {
	fmt.Fprintf(w, "%d posts match (%s)\n", res.Total, res.Took.Round(1000))
	open, close := "»", "«"
	if tty {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	for i, h := range res.Hits {
		n := (res.Request.Page-1)*res.Request.PerPage + i + 1
		fmt.Fprintf(w, "\n%2d. %s  %s\n", n, h.Title, h.URL())
		meta := []string{h.Author.Label, h.Created.Format("2 Jan 2006")}
		if h.Week > 0 {
			meta = append(meta, fmt.Sprintf("week %d", h.Week))
		}
		fmt.Fprintf(w, "    %s\n", strings.Join(meta, " · "))
		snippet := markTag.ReplaceAllStringFunc(h.Snippet, func(t string) string {
			if t == "<mark>" {
				return open
			}
			return close
		})
		snippet = strings.Join(strings.Fields(html.UnescapeString(snippet)), " ")
		if snippet != "" {
			fmt.Fprintf(w, "    %s\n", snippet)
		}
	}
}
