// Package indexer reads a soup, the archive format of the team's site, and
// writes its posts into the index that package search owns.
//
// # Soups and snips
//
// A soup is a folder tree of snips, one file each, usually
// NAME.snip.markdown (files without ".snip" in their name are snips too).
// Hidden files and folders, the root's images/ folder (assets) and the
// root's aliases.yml (the project alias table) are not snips. Symbolic links
// to files are read; links to folders are not followed.
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
// Each entry is parsed as YAML; values are trimmed. Only the last group is
// taken unconditionally: a group above it must hold a known key (created_at,
// kind, author, ...), so a paragraph such as ":tada: shipped!" stays content.
// A value that is not valid YAML, or a key given twice with two values, is a
// warning; the raw text, or the last value, is used.
//
// # Meaning
//
//   - name: :name:, else the file name up to its first dot.
//   - dates: :created_at: and :updated_at: in any of the forms ParseDate
//     reads, keeping their offset; missing or unreadable (a warning), the
//     file's modification time.
//   - posts: snips whose :kind: is blog or show-and-tell. People: snips
//     under a people/ folder; projects: under projects/ or :kind: project.
//     Their display name is :display_name:, else made from the slug.
//     Everything else is a page: counted, not indexed.
//   - drafts (:draft: true) are left out unless Options.Drafts is set.
//   - two posts with one name: the non-draft wins, then the later updated;
//     the other is reported.
//
// # Rendering
//
// Each post's Markdown is parsed once by goldmark (GFM, footnotes,
// typographer) into sanitised HTML (bluemonday), the plain text that is
// indexed (from the AST: no markup, ERB or URLs; blocks never run
// together), its headings and its links. ERB is expanded first: by('slug')
// becomes a signature linked to /slug, image_tag and image_path become
// images under /images/ (or their alt text where ROOT/images lacks the
// asset), and every other tag is dropped.
//
// Topics are a post's level-2 and level-3 headings, folded by Topic. Projects
// are those a post names in a heading, links to (/mocha) or mentions by name
// or alias (case-sensitive, whole words).
//
// One broken file is a Warning naming it; it never stops a load.
package indexer
