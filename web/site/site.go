// Package site is what every page of the web server shares: the base page
// the layout needs, the one adapter that turns a handler's error into a
// status page (or a JSON error under /api/), panic recovery, the index a
// request took, and small types pages and the JSON API have in common.
// Page groups (package browsing, and package web's own) build on it; it
// imports neither.
package site

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/querylang"
	"github.com/freerange/weeknotes/web/ops"
)

// Site is what pages need to know of the server they are part of.
type Site struct {
	Drafts  bool         // drafts are in the index and shown, marked
	BaseURL string       // starts every absolute URL (see web.ParseBaseURL)
	Log     *slog.Logger // errors behind a 500
}

// Base is what the layout needs on every page.
type Base struct {
	Title     string
	Query     string
	Drafts    bool
	Feed      string // the Atom feed of this page (see feeds.go)
	FeedTitle string
	// Canonical is the page's own URL when this one is a variant of it
	// (a post with ?q= marking words); "" otherwise.
	Canonical string
}

// Base is the base page of a page titled title.
func (s *Site) Base(c *gin.Context, title string) Base {
	return Base{Title: title, Query: c.Query("q"), Drafts: s.Drafts, Feed: Feed(c.Request.URL), FeedTitle: title}
}

// Error is the page of a failed request.
type Error struct {
	Base
	Status  int
	Message string
	Missing string     // the path asked for, offered as a search
	Nearest []NearLink // pages the path may have meant (a 404's NotFound)
}

// NearLink is a page a path that leads nowhere may have meant.
type NearLink struct {
	Label string
	Kind  string // "post", "person", "project", "topic"
	URL   string
}

// NotFound is a 404 that knows the pages the path asked for may have
// meant: the error page offers them.
type NotFound struct {
	Nearest []NearLink
}

func (e *NotFound) Error() string { return search.ErrNotFound.Error() }

// Is makes a NotFound a search.ErrNotFound.
func (e *NotFound) Is(target error) bool { return target == search.ErrNotFound }

// indexKey is where a request keeps the index it took (TakeIndex).
const indexKey = "weeknotes.index"

// TakeIndex gives each request the index being served as it starts, taken
// once for the whole request, so every part of a page comes from one
// snapshot, and released when the request is done: a swap never closes
// an index a request still reads.
func TakeIndex(holder *search.Holder) gin.HandlerFunc {
	return func(c *gin.Context) {
		ix := holder.Take()
		if ix == nil {
			c.AbortWithStatus(http.StatusServiceUnavailable)
			return
		}
		defer ix.Close()
		c.Set(indexKey, ix)
		c.Next()
	}
}

// Index is the index the request took.
func Index(c *gin.Context) *search.Index { return c.MustGet(indexKey).(*search.Index) }

// Handle adapts a handler that returns an error: the one place errors
// become status pages.
func (s *Site) Handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.Fail(c, err)
		}
	}
}

// Fail answers err: *querylang.InvalidError is a 400, search.ErrNotFound a
// 404, ErrMethodNotAllowed a 405, anything else a logged 500 that shows
// no internals.
func (s *Site) Fail(c *gin.Context, err error) {
	status, msg := http.StatusInternalServerError, "Something went wrong on our side."
	var inv *querylang.InvalidError
	switch {
	case errors.As(err, &inv):
		status, msg = http.StatusBadRequest, inv.Error()
	case errors.Is(err, search.ErrNotFound):
		status, msg = http.StatusNotFound, "There is no page at "+c.Request.URL.Path+"."
	case errors.Is(err, ErrMethodNotAllowed):
		status, msg = http.StatusMethodNotAllowed, "This page answers GET and HEAD only."
	default:
		s.Log.Error("request failed", "id", ops.RequestID(c), "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		c.JSON(status, gin.H{"error": msg})
		return
	}
	page := Error{
		Base:    s.Base(c, http.StatusText(status)),
		Status:  status,
		Message: msg,
		Missing: strings.Trim(c.Request.URL.Path, "/"),
	}
	var nf *NotFound
	if errors.As(err, &nf) {
		page.Nearest = nf.Nearest
	}
	c.HTML(status, "error", page)
}

// Recoverer turns a panic into a 500 (Fail).
func (s *Site) Recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.Fail(c, fmt.Errorf("panic: %v", r))
				c.Abort()
			}
		}()
		c.Next()
	}
}

// Link is a labelled link; Active marks the one in force.
type Link struct {
	Label  string
	URL    string
	Active bool
}

// Person is a person in the JSON API.
type Person struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Feed is the feed a page links to from its head: a search page's own
// search, otherwise the whole archive. Topic, person and project pages set
// theirs (package browsing).
func Feed(u *url.URL) string {
	if u.Path != "/search" {
		return "/feed.xml"
	}
	q := url.Values{}
	for k, v := range u.Query() {
		switch k {
		case "page", "cursor", "sort", "per_page":
		default:
			q[k] = v
		}
	}
	if len(q) == 0 {
		return "/feed.xml"
	}
	return "/feed.xml?" + q.Encode()
}

// ErrMethodNotAllowed is a request with a method no route answers.
var ErrMethodNotAllowed = errors.New("method not allowed")

// WeekNote is "week 466" for a numbered week whose title doesn't already
// say so: a line reading "Week 466 · week 466" says it twice.
func WeekNote(title string, week int) string {
	if week <= 0 {
		return ""
	}
	n := strconv.Itoa(week)
	if t := strings.ToLower(title); strings.Contains(t, "week "+n) || strings.Contains(t, "weeks "+n) {
		return ""
	}
	return "week " + n
}
