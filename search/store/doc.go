// Package store owns the Bleve index of an archive: a fresh build
// (Builder, Build), updates in place as one Bleve batch each (Writer,
// either on the served build or on a linked copy made current by Commit),
// and snapshots (Snapshot): the Bleve snapshot with every post's metadata
// in document order and each post's text. It is the only package that
// sees Bleve's internal document numbers (through package fence); others
// see rows, 0 to Len()-1, and match and read term positions by row
// (Match, Positions).
//
// Its parts: schema (a post as a Bleve document), caches (the files
// derived from Bleve, rebuilt from it when missing or stale), catalog
// (what the index knows besides its documents), folder (the index
// directory and the atomic swap of builds) and fence (everything that
// depends on scorch's internals: document numbering, persisted batches,
// the final merge). Every build is safe to read
// while another process builds or updates a copy; one process writes at
// a time (the writer lock).
package store
