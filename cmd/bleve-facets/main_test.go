package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const corpus = "../../../shared/corpus/soups"

// The program is what README shows as reading the index with plain
// Bleve: it must build from Bleve's public API and the standard library
// alone, with no Weeknotes package among everything it links.
func TestUsesOnlyBleveAndTheStandardLibrary(t *testing.T) {
	t.Parallel()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(gobin, "list", "-f", "{{.ImportPath}} {{.Standard}}", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	self := "github.com/freerange/weeknotes/cmd/bleve-facets"
	deps := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, _, _ := strings.Cut(line, " ")
		deps++
		if path != self && strings.HasPrefix(path, "github.com/freerange/weeknotes") {
			t.Errorf("bleve-facets links the Weeknotes package %s", path)
		}
	}
	out, err = exec.Command(gobin, "list", "-f", `{{join .Imports "\n"}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		std := !strings.Contains(strings.Split(imp, "/")[0], ".")
		if !std && !strings.HasPrefix(imp, "github.com/blevesearch/bleve/v2") {
			t.Errorf("bleve-facets imports %s: neither Bleve nor the standard library", imp)
		}
	}
	if deps < 50 {
		t.Errorf("go list -deps named only %d packages: it didn't list what the program links", deps)
	}
}

var (
	buildOnce sync.Once
	bins      map[string]string
	buildErr  error
)

// binaries builds weeknotes and bleve-facets once, into a folder of the
// test's own, as a user would with go build -o.
func binaries(t *testing.T) (weeknotes, bleveFacets string) {
	t.Helper()
	buildOnce.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			buildErr = fmt.Errorf("no go command on PATH: %w", err)
			return
		}
		dir, err := os.MkdirTemp("", "bleve-facets-test-")
		if err != nil {
			buildErr = err
			return
		}
		bins = map[string]string{}
		for name, pkg := range map[string]string{"weeknotes": "../weeknotes", "bleve-facets": "."} {
			bins[name] = filepath.Join(dir, name)
			if out, err := exec.Command(gobin, "build", "-o", bins[name], pkg).CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return bins["weeknotes"], bins["bleve-facets"]
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bins != nil {
		os.RemoveAll(filepath.Dir(bins["weeknotes"]))
	}
	os.Exit(code)
}

// cleanEnv is the environment without WEEKNOTES_ settings from outside.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WEEKNOTES_") {
			env = append(env, kv)
		}
	}
	return env
}

// serve starts weeknotes serve over the index on a free port and returns
// its address once it serves.
func serve(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	cmd.Env = cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	urls := make(chan string, 1)
	var logMu sync.Mutex
	var log []string
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			logMu.Lock()
			log = append(log, sc.Text())
			logMu.Unlock()
			var m struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &m) == nil && m.Msg == "serving" {
				urls <- m.URL
			}
		}
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	select {
	case u := <-urls:
		return u
	case <-exited:
	case <-time.After(60 * time.Second):
	}
	logMu.Lock()
	defer logMu.Unlock()
	t.Fatalf("serve did not start:\n%s", strings.Join(log, "\n"))
	return ""
}

var bleveDirLine = regexp.MustCompile(`(?m)^the Bleve index is (.+)$`)

// The plain-Bleve program, run as a process of its own over the Bleve
// index that `weeknotes index` names, gives the same totals and counts as
// a running `weeknotes serve` answers at /api/search and /api/timeline,
// over HTTP, for the same words and filters.
func TestPlainBleveAgreesWithTheAPI(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("%s is absent", corpus)
	}
	t.Parallel()
	weeknotes, bleveFacets := binaries(t)
	dir := filepath.Join(t.TempDir(), "index")
	cmd := exec.Command(weeknotes, "index", "--posts", corpus, "--index", dir)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("weeknotes index: %v\n%s", err, out)
	}
	m := bleveDirLine.FindSubmatch(out)
	if m == nil {
		t.Fatalf("weeknotes index does not say where the Bleve index is:\n%s", out)
	}
	bleveDir := string(m[1])
	if !strings.HasPrefix(bleveDir, dir) {
		t.Fatalf("the Bleve index %s is not in the index folder %s", bleveDir, dir)
	}
	base := serve(t, weeknotes, "--posts", corpus, "--index", dir)
	client := &http.Client{Timeout: 10 * time.Second}
	getJSON := func(target string, v any) {
		t.Helper()
		resp, err := client.Get(base + target)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", target, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
	}
	plainBleve := func(args ...string) Counts {
		t.Helper()
		cmd := exec.Command(bleveFacets, append([]string{"-index", bleveDir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bleve-facets %v: %v\n%s", args, err, stderr.String())
		}
		var c Counts
		if err := json.Unmarshal(out, &c); err != nil {
			t.Fatalf("bleve-facets %v: %v\n%s", args, err, out)
		}
		return c
	}

	type facetValue struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	}
	flag := map[string]string{"author": "author", "projects": "project", "topics": "topic", "year": "year"}
	for _, tt := range []struct {
		q       string
		filters map[string]string // field in Bleve -> slug
	}{
		{"", nil},
		{"redis", nil},
		{"asset manager", nil},
		{"", map[string]string{"author": "chris-roos"}},
		{"mocha", map[string]string{"year": "2018"}},
		{"", map[string]string{"projects": "mocha"}},
		{"", map[string]string{"topics": "cotech"}},
		{"deploy", map[string]string{"author": "james-mead", "year": "2019"}},
		// Spelling variants, folded by the mapping's analyzer as by ours.
		{"visualization", nil},
		{"co-op", nil},
		{"colour", nil},
	} {
		name := tt.q
		params := url.Values{"q": {tt.q}, "per_page": {"1"}}
		args := []string{"-q", tt.q}
		for f, v := range tt.filters {
			params.Set(flag[f], v)
			args = append(args, "-"+flag[f], v)
			name += " " + f + ":" + v
		}
		t.Run(name, func(t *testing.T) {
			plain := plainBleve(args...)
			var api struct {
				Total  int                     `json:"total"`
				Facets map[string][]facetValue `json:"facets"`
			}
			getJSON("/api/search?"+params.Encode(), &api)
			if int(plain.Total) != api.Total {
				t.Errorf("total: plain Bleve %d, /api/search %d", plain.Total, api.Total)
			}
			if api.Total == 0 {
				t.Fatal("the case finds nothing: it tests nothing")
			}
			// A facet's counts in the API ignore its own selection, so
			// compare the facets that are not filtered.
			for field, facet := range map[string]string{"author": "author", "projects": "project", "topics": "topic"} {
				if tt.filters[field] != "" {
					continue
				}
				for _, v := range api.Facets[facet] {
					if got := plain.Facets[field][v.Value]; got != v.Count {
						t.Errorf("%s %s: plain Bleve %d, /api/search %d", field, v.Value, got, v.Count)
					}
				}
				if facet != "topic" && len(api.Facets[facet]) != len(plain.Facets[field]) {
					t.Errorf("%s: plain Bleve has %d values, /api/search %d", field, len(plain.Facets[field]), len(api.Facets[facet]))
				}
			}
			if tt.filters["year"] == "" {
				for _, v := range api.Facets["year"] {
					if got := plain.Years[v.Value]; got != v.Count {
						t.Errorf("year %s: plain Bleve (date ranges) %d, /api/search %d", v.Value, got, v.Count)
					}
				}
			}
		})
	}

	// Over every post, the date ranges by year are the timeline's years.
	plain := plainBleve()
	var timeline []struct {
		Year  int `json:"year"`
		Count int `json:"count"`
	}
	getJSON("/api/timeline", &timeline)
	sum := 0
	for _, y := range timeline {
		sum += y.Count
		if got := plain.Years[strconv.Itoa(y.Year)]; got != y.Count {
			t.Errorf("timeline %d: plain Bleve %d, /api/timeline %d", y.Year, got, y.Count)
		}
	}
	if sum != int(plain.DocCount) || sum == 0 {
		t.Errorf("the timeline counts %d posts, the index holds %d", sum, plain.DocCount)
	}
}
