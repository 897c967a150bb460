package main

// End-to-end tests: the real binary, built once, run as a child process.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

var (
	buildOnce sync.Once
	binDir    string
	exe       string
	buildErr  error
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode) // as main does; tests that call run skip main
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	if benchFixed != nil && benchFixed.soup != "" {
		os.RemoveAll(filepath.Dir(benchFixed.soup))
	}
	os.Exit(code)
}

// binary builds weeknotes once for all the tests that run it.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			buildErr = fmt.Errorf("no go command on PATH: %w", err)
			return
		}
		binDir, buildErr = os.MkdirTemp("", "weeknotes-e2e-")
		if buildErr != nil {
			return
		}
		exe = filepath.Join(binDir, "weeknotes")
		out, err := exec.Command(gobin, "build", "-o", exe, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return exe
}

// cleanEnv is the environment without WEEKNOTES_ settings from outside.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, EnvPrefix) {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// server is a running "weeknotes serve" with its JSON log lines.
type server struct {
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	lines  []map[string]any
	exited chan struct{}
}

func (s *server) logs() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lines)
}

// logged reports whether a log line has msg and every given attribute.
func (s *server) logged(msg string, attrs map[string]string) bool {
	for _, l := range s.logs() {
		if l["msg"] != msg {
			continue
		}
		ok := true
		for k, v := range attrs {
			if fmt.Sprint(l[k]) != v {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// startServe runs serve on a free port and waits for its "serving" line.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	cmd.Env = cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) != nil {
				m = map[string]any{"msg": "unparsed", "line": sc.Text()}
			}
			s.mu.Lock()
			s.lines = append(s.lines, m)
			s.mu.Unlock()
			if m["msg"] == "serving" {
				urls <- fmt.Sprint(m["url"])
			}
		}
		cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			cmd.Process.Kill()
			<-s.exited
		}
	})
	select {
	case s.url = <-urls:
	case <-s.exited:
		t.Fatalf("serve exited before serving: %v", s.logs())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve didn't start: %v", s.logs())
	}
	return s
}

// stop sends SIGTERM and expects a prompt exit with status 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	start := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("serve didn't stop within 10s of SIGTERM")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("serve exited with status %d", code)
	}
	if !s.logged("stopped", nil) {
		t.Errorf("no \"stopped\" line in the log")
	}
	t.Logf("stopped %s after SIGTERM", time.Since(start).Round(time.Millisecond))
}

type apiResult struct {
	Total     int  `json:"total"`
	Corrected bool `json:"corrected"` // the words were spelled otherwise to find anything
	Hits      []struct {
		Name   string `json:"name"`
		Author struct {
			Name string `json:"name"`
		} `json:"author"`
	} `json:"hits"`
}

var client = &http.Client{Timeout: 10 * time.Second}

func (s *server) search(q string) (apiResult, error) {
	var r apiResult
	resp, err := client.Get(s.url + "/api/search?q=" + url.QueryEscape(q))
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return r, fmt.Errorf("status %d", resp.StatusCode)
	}
	return r, json.NewDecoder(resp.Body).Decode(&r)
}

// names is "name/author name" of each hit of q, or an error text.
func (s *server) names(q string) string {
	r, err := s.search(q)
	if err != nil {
		return "error: " + err.Error()
	}
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Name+"/"+h.Author.Name)
	}
	return strings.Join(out, " ")
}

// eventually polls cond for up to 3 seconds and returns how long it took.
func eventually(t *testing.T, what string, cond func() bool) time.Duration {
	t.Helper()
	return eventuallyWithin(t, 3*time.Second, what, cond)
}

func eventuallyWithin(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < limit {
		if cond() {
			return time.Since(start)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%s: not seen within %s", what, limit)
	return time.Since(start)
}

// busy reports whether the machine's load average is over its CPU count:
// other work then makes a rebuild slower than this code makes it.
func busy() (float64, bool) {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, false
	}
	var load float64
	fmt.Sscan(string(data), &load)
	return load, load > float64(runtime.NumCPU())
}

func snip(title, body, date, author string) string { return testsoup.Post(title, body, date, author) }

func person(name string) string { return testsoup.Person(name) }

func write(t testing.TB, path, data string) { testsoup.Write(t, path, data) }

// saveLikeAnEditor writes a temporary file beside path and renames it over.
func saveLikeAnEditor(t testing.TB, path, data string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".swp")
	write(t, tmp, data)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// hammer asks for searches until stop is closed, counting the answers
// that are not 2xx (a transport error counts too).
func hammer(s *server, stop <-chan struct{}, total, failed *atomic.Int64, firstFailure *atomic.Value) {
	targets := []string{"/api/search?q=week", "/api/search", "/", "/readyz", "/search?q=alpha"}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		resp, err := client.Get(s.url + targets[i%len(targets)])
		total.Add(1)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 300 {
				err = fmt.Errorf("%s: status %d", targets[i%len(targets)], resp.StatusCode)
			}
		}
		if err != nil {
			failed.Add(1)
			firstFailure.CompareAndSwap(nil, err.Error())
		}
	}
}

// The real binary with --watch over a temporary soup: edits, editor
// saves, additions, renames, deletions, new folders, people and a broken
// post, each checked through the API while searches run without a failure.
func TestServeWatch(t *testing.T) {
	t.Parallel()
	soup := t.TempDir()
	const date = "2020-01-%02d 10:00:00 +00:00"
	write(t, filepath.Join(soup, "people", "ann-lee.snip.markdown"), person("Ann Lee"))
	write(t, filepath.Join(soup, "projects", "kite.snip.markdown"), "The kite project.\n\n:display_name: Kite\n")
	for i, word := range []string{"alpha", "bravo", "charlie"} {
		write(t, filepath.Join(soup, "weeknotes", fmt.Sprintf("week-%d.snip.markdown", i+1)),
			snip(fmt.Sprintf("Week %d", i+1), "We worked on "+word+".", fmt.Sprintf(date, i+1), "ann-lee"))
	}
	s := startServe(t, "--watch", "--posts", soup, "--index", filepath.Join(t.TempDir(), "index"))
	if got := s.names("alpha"); got != "week-1/Ann Lee" {
		t.Fatalf("alpha: %q", got)
	}

	stop := make(chan struct{})
	var total, failed atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); hammer(s, stop, &total, &failed, &firstFailure) }()
	}

	var took []time.Duration
	expect := func(what, q, want string) {
		t.Helper()
		d := eventually(t, what, func() bool { return s.names(q) == want })
		if got := s.names(q); got != want {
			t.Errorf("%s: search %q = %q, want %q", what, q, got, want)
		}
		took = append(took, d)
	}
	p := func(elem ...string) string { return filepath.Join(append([]string{soup}, elem...)...) }

	write(t, p("weeknotes", "week-1.snip.markdown"), snip("Week 1", "We worked on alpha and delta.", fmt.Sprintf(date, 1), "ann-lee"))
	expect("edit in place", "delta", "week-1/Ann Lee")

	saveLikeAnEditor(t, p("weeknotes", "week-2.snip.markdown"), snip("Week 2", "We worked on bravo and echo.", fmt.Sprintf(date, 2), "ann-lee"))
	expect("editor save (temp file, rename)", "echo", "week-2/Ann Lee")

	write(t, p("weeknotes", "week-4.snip.markdown"), snip("Week 4", "Foxtrot all week.", fmt.Sprintf(date, 4), "ann-lee"))
	expect("new post", "foxtrot", "week-4/Ann Lee")

	if err := os.Rename(p("weeknotes", "week-3.snip.markdown"), p("weeknotes", "week-30.snip.markdown")); err != nil {
		t.Fatal(err)
	}
	expect("renamed post", "charlie", "week-30/Ann Lee")

	if err := os.Remove(p("weeknotes", "week-4.snip.markdown")); err != nil {
		t.Fatal(err)
	}
	expect("deleted post", "foxtrot", "")

	write(t, p("2020", "week-5.snip.markdown"), snip("Week 5", "Golf.", fmt.Sprintf(date, 5), "ann-lee"))
	expect("post in a new folder", "golf", "week-5/Ann Lee")
	write(t, p("2020", "week-7.snip.markdown"), snip("Week 7", "India.", fmt.Sprintf(date, 7), "ann-lee"))
	expect("second post in the new folder", "india", "week-7/Ann Lee")
	write(t, p("2020", "deep", "er", "week-6.snip.markdown"), snip("Week 6", "Hotel.", fmt.Sprintf(date, 6), "ann-lee"))
	expect("post in new nested folders", "hotel", "week-6/Ann Lee")

	write(t, p("people", "bo-chen.snip.markdown"), person("Bo Chen"))
	write(t, p("weeknotes", "week-8.snip.markdown"), snip("Week 8", "Juliet.", fmt.Sprintf(date, 8), "bo-chen"))
	expect("new person and their post", "juliet", "week-8/Bo Chen")
	saveLikeAnEditor(t, p("people", "bo-chen.snip.markdown"), person("Bo Q. Chen"))
	expect("person renamed", "juliet", "week-8/Bo Q. Chen")

	// A broken edit keeps the last good version and says why.
	write(t, p("weeknotes", "week-1.snip.markdown"), snip("Week 1", "Kilo.", "the day after tomorrow", "ann-lee"))
	eventually(t, "broken post logged", func() bool {
		return s.logged("post is broken; serving its last good version", map[string]string{"file": "weeknotes/week-1.snip.markdown"})
	})
	if got := s.names("delta"); got != "week-1/Ann Lee" {
		t.Errorf("broken post: its last good version isn't served: delta = %q", got)
	}
	if got := s.names("kilo"); got != "" {
		t.Errorf("broken post: the broken version is served: kilo = %q", got)
	}
	write(t, p("weeknotes", "week-1.snip.markdown"), snip("Week 1", "Kilo.", fmt.Sprintf(date, 1), "ann-lee"))
	expect("post fixed", "kilo", "week-1/Ann Lee")

	close(stop)
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of %d requests failed during swaps; first: %v", n, total.Load(), firstFailure.Load())
	}
	if total.Load() < 100 {
		t.Errorf("only %d requests made during the test", total.Load())
	}
	slices.Sort(took)
	t.Logf("%d requests, none failed; change to result: median %s, max %s", total.Load(),
		took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))
	s.stop(t)
}

const corpusAliases = "../../data/aliases.yml"

// On the real archive a change is served within 2 seconds.
func TestServeWatchCorpus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("../shared/corpus is absent")
	}
	soup := t.TempDir()
	testsoup.CopyTree(t, corpus, soup)
	s := startServe(t, "--watch", "--posts", soup, "--index", filepath.Join(t.TempDir(), "index"), "--aliases", corpusAliases)
	var files []string
	filepath.WalkDir(filepath.Join(soup, "weeknotes"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".snip.markdown") {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && !strings.Contains(string(data), "\n:draft: true") {
			files = append(files, p) // drafts aren't served: an edit to one shows nowhere
		}
		return nil
	})
	if len(files) < 5 {
		t.Fatalf("%d weeknotes in the corpus", len(files))
	}
	var took []time.Duration
	for i := range 5 {
		// A word unlike any in the corpus, added above the metadata block.
		word := fmt.Sprintf("zyxwv%dqq", i)
		f := files[i*len(files)/5]
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		at := strings.Index(string(data), "\n:")
		if at < 0 {
			t.Fatalf("%s: no metadata", f)
		}
		edited := string(data[:at]) + "\n\n" + word + "\n" + string(data[at:])
		start := time.Now()
		saveLikeAnEditor(t, f, edited)
		eventuallyWithin(t, 15*time.Second, "edit to "+filepath.Base(f), func() bool {
			// Not corrected: the word of the edit before differs by one
			// letter, and finding that post would say nothing of this one.
			r, err := s.search(word)
			return err == nil && r.Total == 1 && !r.Corrected
		})
		took = append(took, time.Since(start))
	}
	// Every change must show; how fast is a measurement, not a pass mark
	// (timed tests fail on a busy machine): the figures are logged here and
	// quoted, with the machine's load, in the closing notes.
	slices.Sort(took)
	load, _ := busy()
	t.Logf("write to visible on the corpus: %v (median %s; load average %.1f on %d CPUs)",
		took, took[len(took)/2].Round(time.Millisecond), load, runtime.NumCPU())
	s.stop(t)
}

// weeknotes index killed with SIGKILL at random moments of real work, 30
// times: 15 full builds (--full) and 15 updates after edits (posts
// changed, added, renamed and deleted in a copy of the archive between
// runs), in a random order. After each kill the index opens and serves
// the posts it served before the kill, every one (the kill came before
// the run made its work current), or exactly the soup's (after); never a
// mix, never fewer. A last run unkilled converges: the index then holds
// exactly the soup's posts, each as the soup has it, no half-made build is
// left, and a server started afterwards serves them without rebuilding.
func TestIndexSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("../shared/corpus is absent")
	}
	t.Parallel()
	bin := binary(t)
	soup := filepath.Join(t.TempDir(), "soup")
	testsoup.CopyTree(t, corpus, soup)
	dir := filepath.Join(t.TempDir(), "index")
	soupArgs := []string{"--posts", soup, "--index", dir, "--aliases", corpusAliases}
	incremental := append([]string{"index"}, soupArgs...)
	full := append([]string{"index", "--full"}, soupArgs...)
	runBin(t, bin, incremental...)

	// A failure replays: the edits and the order of the runs come from the
	// seed alone, the kills' moments from a stream of their own (they
	// follow how long runs take here), so WEEKNOTES_KILL_SEED=N makes the
	// same edits again.
	seed := time.Now().UnixNano()
	if n, err := strconv.ParseInt(os.Getenv("WEEKNOTES_KILL_SEED"), 10, 64); err == nil {
		seed = n
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	delays := rand.New(rand.NewPCG(uint64(seed), 1))
	t.Logf("kill delays and edits from seed %d (WEEKNOTES_KILL_SEED=%d replays the edits)", seed, seed)
	ed := newSoupEditor(t, soup, indexPosts(t, dir), rng.IntN)

	// How long each kind of run takes here and now, to kill within it.
	took := map[bool]time.Duration{}
	ed.edit()
	took[false] = runBin(t, bin, incremental...)
	ed.edit()
	took[true] = runBin(t, bin, full...)
	before := indexNames(t, dir)
	if !slices.Equal(before, ed.want()) {
		t.Fatalf("an unkilled run does not serve the edited soup: %s", diffNames(before, ed.want()))
	}
	t.Logf("%d posts; an update after edits takes %s, a full build %s", len(before),
		took[false].Round(time.Millisecond), took[true].Round(time.Millisecond))

	kinds := make([]bool, 30) // true: --full
	for i := range 15 {
		kinds[i] = true
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	type tally struct{ midRun, finished, old, applied int }
	counts := map[bool]*tally{false: {}, true: {}}
	start := time.Now()
	for i, isFull := range kinds {
		ed.edit()
		want := ed.want()
		args := incremental
		if isFull {
			args = full
		}
		// Anywhere from start-up to a little past the run's usual end.
		delay := time.Duration(delays.Int64N(int64(took[isFull] * 11 / 10)))
		cmd := exec.Command(bin, args...)
		cmd.Env = cleanEnv()
		runStart := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		c := counts[isFull]
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			c.midRun++
		} else {
			c.finished++
			// It ran to its end first: aim the next kills of its kind
			// at a shorter run.
			took[isFull] = (took[isFull] + time.Since(runStart)) / 2
		}
		got := indexNames(t, dir)
		switch {
		case slices.Equal(got, before):
			c.old++
		case slices.Equal(got, want):
			c.applied++
		default:
			t.Fatalf("kill %d (%v, after %s): the index serves neither the posts it served before (%s) nor the soup's (%s)",
				i, args[:2], delay, diffNames(got, before), diffNames(got, want))
		}
		before = got
	}
	for _, isFull := range []bool{true, false} {
		c := counts[isFull]
		kind := map[bool]string{true: "full builds", false: "updates after edits"}[isFull]
		t.Logf("15 %s: %d killed mid-run, %d finished first; after the kill the index served the posts of before %d times, the new soup's %d times",
			kind, c.midRun, c.finished, c.old, c.applied)
	}
	if n := counts[true].midRun + counts[false].midRun; n < 20 {
		t.Errorf("only %d of 30 runs were killed while at work", n)
	}
	t.Logf("30 kills in %s", time.Since(start).Round(time.Millisecond))

	runBin(t, bin, incremental...)
	checkConverged(t, dir, soup)
	noTemps(t, dir)
	want := ed.want()
	s := startServe(t, soupArgs...)
	r, err := s.search("")
	if err != nil || r.Total != len(want) {
		t.Errorf("serve after the kills: %d posts (%v), want %d", r.Total, err, len(want))
	}
	if s.logged("building the index", nil) {
		t.Errorf("serve rebuilt the index after the kills")
	}
	s.stop(t)
}
