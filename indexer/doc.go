// Package indexer reads a soup, the archive format of the team's site, and
// writes its posts into the index that package search owns.
//
// # Soups and snips
//
// A soup is a folder tree of snips, one file each, usually
// NAME.snip.markdown (files without ".snip" in their name are snips too).
// Hidden files and folders, editor temporaries and backups (#x#, .#x, x~,
// x.swp, x.tmp: see EditorFile), the root's images/ folder (assets) and
// the root's aliases.yml (the project alias table) are not snips. Symbolic links
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
// # Meaning
//
//   - name: :name:, else the file name up to its first dot. A name must be
//     a slug (IsSlug: lower-case letters, digits, -, _, dots only inside);
//     any other is a warning and is slugged (SafeName; the file name's when
//     that leaves nothing; skipped when both do). A name that is one of
//     the server's Routes gets "-post" ("-person", "-project") appended, and
//     a post named as a person or project gets "-post": the person's or
//     project's page keeps /NAME. Both are warnings.
//   - dates: :created_at: and :updated_at: in any of the forms ParseDate
//     reads, keeping their offset; missing, unreadable or outside MinYear
//     (1990) to a year from now (a warning), the file's modification time.
//   - author: slugged as other facet values are.
//   - posts: snips whose :kind: is blog or show-and-tell. People: snips
//     under a people/ folder; projects: under projects/ or :kind: project.
//     Their display name is :display_name:, else made from the slug.
//     Everything else is a page: counted, not indexed.
//   - drafts are left out unless Options.Drafts is set (their files are
//     Archive.DraftFiles). A :draft: of y, yes, true or on in any
//     capitalisation is a draft; n, no, false, off (lower, Capitalised,
//     UPPER) are not; any other value is a warning and a draft (fail
//     closed), as is any :draft: entry that says so when another says not.
//     Snip.Draft is set even when other entries are not valid YAML.
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
// Content nesting lists or quotes deeper than MaxNesting is a warning and
// is shown as preformatted text: goldmark's cost grows with the cube of the
// depth.
//
// The sanitiser keeps the classes the renderer writes (code highlighting,
// anchors, footnotes) and no others; prefixes the ids of raw HTML with
// "user-content-" (heading and footnote ids are kept, and a heading never
// gets an id the site's pages use: "q" becomes "q-1"); allows no form
// controls (task list boxes are written as ☑ and ☐); allows media URLs
// (src, poster) that are web or relative URLs only; and iframes only from
// YouTube, Vimeo's player, Google Docs, Speaker Deck and SlideShare.
//
// Topics are a post's level-2 and level-3 headings, folded by Topic, then
// filed by the topic table (the root's topics.yml, else the one built in: a
// copy of data/topics.yml) under another topic ("Miscellany" under
// Miscellaneous), and a plural under its singular when another post has the
// singular as a heading ("Printer kits" under Printer kit). A singular
// topic that is a project's slug in the plural is the project's topic
// ("Smart Answer", Smart Answers). The root's topics.yml is no snip. Projects
// are those a post names in a heading, links to (/mocha) or mentions by name
// or alias (case-sensitive, whole words).
//
// One broken file is a Warning naming it; it never stops a load.
package indexer
