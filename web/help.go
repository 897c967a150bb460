package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/web/site"
)

// helpPage documents the query language of the search box: GET /help.
type helpPage struct {
	site.Base
	Sections []helpSection
}

type helpSection struct {
	ID    string
	Title string
	Rows  []helpRow
}

// helpRow is one construct of the language with an example that links to
// its search. Every example must parse: TestHelpExamples checks them.
type helpRow struct {
	Syntax  string
	Example string // a query, shown and linked
	Means   string
}

// helpSections is the reference table of /help, in the order of
// search/querylang's grammar.
var helpSections = []helpSection{
	{ID: "words", Title: "Words and phrases", Rows: []helpRow{
		{"word word", "redis queue", "Posts with every word. Matches in titles rank higher."},
		{`"a phrase"`, `"asset manager"`, "The words next to each other, in this order."},
		{"-word", "mocha -release", "Leave out posts with the word."},
		{"word OR word", "redis OR postgres", "Posts with either word (OR in capitals)."},
		{"prefix*", "migrat*", "Words that start with the prefix: migrate, migration, migrating."},
	}},
	{ID: "filters", Title: "Filters", Rows: []helpRow{
		{"author:slug", "author:chris-roos", "Posts by one person."},
		{`author:"Display Name"`, `author:"chris roos" mocha`, "The same, by display name: quote names with spaces. Case doesn't matter."},
		{"project:slug", "project:mocha", "Posts about a project."},
		{"topic:slug", "topic:show-and-tell", "Posts with a topic (a section heading of the notes)."},
		{"year:YYYY", "year:2018 mocha", "Posts from one year."},
		{"month:YYYY-MM", "month:2018-02", "Posts from one month."},
		{"kind:kind", "kind:blog", "Posts of one kind."},
		{"week:N", "week:474", "The weeknote of a numbered week."},
		{"after:DATE", "after:2017-12 harmonia", "Posts from the start of that year, month or day on (YYYY, YYYY-MM or YYYY-MM-DD)."},
		{"before:DATE", "before:2018-03-01 harmonia", "Posts before the start of that year, month or day."},
	}},
}

func (s *Server) help(c *gin.Context) error {
	c.HTML(http.StatusOK, "help", helpPage{Base: s.site.Base(c, "Search help"), Sections: helpSections})
	return nil
}
