// Package snip reads one file of a soup: its content and the trailing
// metadata block, and says what a post's, person's or project's name may
// be. It knows nothing of other files, rendering or the index.
//
// A snip is its content followed by a metadata block:
//
//	Week 474
//	========
//
//	## Asset Manager
//	...
//
//	:name: week-474
//	:created_at: 2018-02-21 20:02:17.420782000 -05:00
//	:kind: blog
//	:author: chris-lowis
//	:page_title: Week 474
//
// The block is the trailing run of ":key: value" lines. Blank lines may split
// it into groups and a value may continue on indented lines (a YAML list).
// Keys are case-insensitive (:Draft: is :draft:). Each entry is parsed as
// YAML; values are trimmed. Only the last group is taken unconditionally: a
// group above it counts when it, or a group further up, holds a known key
// (created_at, kind, author, ...), so a paragraph such as ":tada: shipped!"
// stays content. A value that is not valid YAML, or a key given twice with
// two values, is a warning; the raw text, or the last value, is used. An
// entry over MaxMetaValueBytes, or whose value expands (aliases followed)
// past MaxMetaNodes nodes or MaxMetaDepth levels, is a warning and left out:
// a "billion laughs" costs a thousand steps.
//
// A :draft: of y, yes, true or on in any capitalisation is a draft; n, no,
// false, off (lower, Capitalised, UPPER) are not; any other value is a
// warning and a draft (fail closed), as is any :draft: entry that says so
// when another says not. Snip.Draft is set even when other entries are not
// valid YAML.
//
// Names: IsSlug says what a name must be, SafeName makes one, FixName
// applies both and moves a name off the server's Routes; EditorFile names
// the temporary and backup files that are not snips; DisplayName makes a
// display name from a slug.
package snip
