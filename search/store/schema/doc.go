// Package schema is how a post becomes a Bleve document and back: the
// index mapping (only analyzers Bleve registers itself, so plain Bleve
// opens the index), the field names, the analysis done ahead of Batch
// (Preparer, with the faster analyzer that gives en's exact tokens), and
// the stored metadata (EncodeMeta, ReadPost). Version changes with any of
// them; an index of another version is rebuilt, never read.
package schema
