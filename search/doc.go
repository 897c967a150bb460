// Package search runs searches over a snapshot of the index: it parses
// and checks a querylang.Request, matches its words with Bleve (BM25 over the text
// field, with the factors of package rank), filters, counts facets, sorts and
// pages with an in-memory accelerator built from the snapshot (package
// accel), highlights the page's hits and lists the sections of each that
// match (rank.Sections), and offers corrections and completions.
//
// An Index is one store.Snapshot with its accelerator and result cache; it
// never changes, so nothing derived from it goes stale. Writer hands out a
// new Index after each update, and Holder is the one place a server keeps
// the Index it serves: each request takes a counted reference for its
// whole life. Results are read-only (the cache shares them).
package search
