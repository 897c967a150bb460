package searching

import (
	"bytes"
	"compress/gzip"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/lru"
	"github.com/freerange/weeknotes/web/ops"
)

// A search page is a function of its URL and of the snapshot it is made
// from: nothing else a request carries (no cookie, header or per-request
// token) goes into it, and the server's settings (drafts, base URL) are
// fixed for its life. So the pages rendered from the snapshot being served
// are kept, by URL, and a repeated search is answered with the bytes of the
// first, gzipped once for the clients that accept gzip. A new snapshot (an
// update, a swap) starts an empty cache: a kept page can never be stale.
// Whatever is added to the search page must keep it a function of the two.

// Bounds of the pages kept: a results page is some 30 to 60 KB, its gzip
// a sixth of that.
const (
	pageCacheEntries = 1000
	pageCacheBytes   = 48 << 20
)

// pageCache holds the pages of the snapshot being served.
type pageCache struct {
	holder *search.Holder
	cur    atomic.Pointer[snapshotPages]
	mu     sync.Mutex // one snapshotPages made at a time
}

// snapshotPages are the pages of one snapshot, by URL, and the parts of
// pages that depend on a post alone, by post (hitView).
type snapshotPages struct {
	snapshot string // snapshotKey
	pages    *lru.Cache[*cachedPage]
	posts    *lru.Cache[*postFragments]
}

// Bounds of the posts' fragments kept: a post's are some 600 bytes.
const (
	fragmentEntries = 100_000
	fragmentBytes   = 32 << 20
)

// cachedPage is a page's bytes, and their gzip once a client asked for it.
type cachedPage struct {
	body   []byte
	gzOnce sync.Once
	gz     []byte
}

func newPageCache(holder *search.Holder) *pageCache { return &pageCache{holder: holder} }

// snapshotKey names a snapshot without holding it: the build it is of and
// how many updates that build has had. Every update makes a new snapshot
// with the next generation; every build is a new directory.
func snapshotKey(ix *search.Index) string {
	return ix.Path + "\x00" + strconv.FormatUint(ix.Generation(), 10)
}

// of is what is kept of ix's pages; nil when ix is no longer the snapshot
// served (a request that began before a swap): its pages are not kept.
// A nil *snapshotPages keeps nothing.
func (pc *pageCache) of(ix *search.Index) *snapshotPages {
	key := snapshotKey(ix)
	if sp := pc.cur.Load(); sp != nil && sp.snapshot == key {
		return sp
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if sp := pc.cur.Load(); sp != nil && sp.snapshot == key {
		return sp
	}
	served := pc.holder.Take()
	if served == nil {
		return nil
	}
	defer served.Close()
	if !served.Is(ix) {
		return nil
	}
	sp := &snapshotPages{
		snapshot: key,
		pages: lru.New(pageCacheEntries, pageCacheBytes, func(url string, p *cachedPage) int {
			return len(url) + len(p.body) + len(p.body)/4 // the gzip, when made, errs high
		}),
		posts: lru.New(fragmentEntries, fragmentBytes, func(name string, f *postFragments) int {
			return len(name) + len(f.byline) + len(f.tags)
		}),
	}
	pc.cur.Store(sp)
	return sp
}

// page is the page kept for a URL.
func (sp *snapshotPages) page(url string) (*cachedPage, bool) {
	if sp == nil {
		return nil, false
	}
	return sp.pages.Get(url)
}

func (sp *snapshotPages) keep(url string, p *cachedPage) {
	if sp != nil {
		sp.pages.Put(url, p)
	}
}

// postFragments are the parts of a hit that depend on its post alone.
type postFragments struct {
	byline, tags template.HTML
}

// fragments are a post's, rendered by the templates "hit-byline" and
// "hit-tags" of page, or kept from the last time.
func (s *Pages) fragments(sp *snapshotPages, page string, h search.Hit) (*postFragments, error) {
	if sp != nil {
		if f, ok := sp.posts.Get(h.Name); ok {
			return f, nil
		}
	}
	var b strings.Builder
	f := &postFragments{}
	for _, part := range []struct {
		template string
		dst      *template.HTML
	}{{"hit-byline", &f.byline}, {"hit-tags", &f.tags}} {
		b.Reset()
		if err := s.pages[page].ExecuteTemplate(&b, part.template, h); err != nil {
			return nil, err
		}
		*part.dst = template.HTML(b.String()) // rendered, so escaped, by html/template
	}
	if sp != nil {
		sp.posts.Put(h.Name, f)
	}
	return f, nil
}

// gzipped is the page's body gzipped, made on first use.
func (p *cachedPage) gzipped() []byte {
	p.gzOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(p.body)
		zw.Close()
		p.gz = b.Bytes()
	})
	return p.gz
}

// write answers with the page: 200, HTML, gzipped when the client accepts
// it (ops.Compress then leaves it alone, and adds Vary when it is not).
func (p *cachedPage) write(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	body := p.body
	if len(body) >= ops.MinCompressBytes && ops.AcceptsGzip(c.GetHeader("Accept-Encoding")) {
		body = p.gzipped()
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Status(http.StatusOK)
	c.Writer.Write(body) // for HEAD, ops.Metrics.Wrap drops it
}

// renderPage executes a page's template into bytes.
func (s *Pages) renderPage(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(64 << 10)
	if err := s.pages[name].ExecuteTemplate(&b, "layout", data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
