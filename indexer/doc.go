// Package indexer reads a soup, the archive format of the team's site, and
// writes its posts into the index that package search owns.
//
// # Soups and snips
//
// A soup is a folder tree of snips, one file each, usually
// NAME.snip.markdown (files without ".snip" in their name are snips too).
// Hidden files and folders, editor temporaries and backups (#x#, .#x, x~,
// x.swp, x.tmp: see snip.EditorFile), the root's images/ folder (pictures) and
// the root's aliases.yml (the project alias table) are not snips. Symbolic links
// to files are read; links to folders are not followed.
//
// A snip is its content followed by a metadata block of ":key: value"
// lines; package snip reads one (snip.Parse) and says what a name may be.
//
// # Meaning
//
//   - name: :name:, else the file name up to its first dot. A name must be
//     a slug (snip.IsSlug: lower-case letters, digits, -, _, dots only inside);
//     any other is a warning and is slugged (snip.SafeName; the file name's when
//     that leaves nothing; skipped when both do). A name that is one of
//     the server's snip.Routes gets "-post" ("-person", "-project") appended, and
//     a post named as a person or project gets "-post": the person's or
//     project's page keeps /NAME. Both are warnings.
//   - dates: :created_at: and :updated_at: in any of the forms snip.ParseDate
//     reads, keeping their offset; missing, unreadable or outside MinYear
//     (1990) to a year from now (a warning), the file's modification time.
//   - author: slugged as other facet values are.
//   - posts: snips whose :kind: is blog or show-and-tell. People: snips
//     under a people/ folder; projects: under projects/ or :kind: project.
//     Their display name is :display_name:, else made from the slug.
//     Everything else is a page: counted, not indexed.
//   - drafts are left out unless Options.Drafts is set (their files are
//     Archive.DraftFiles); snip.Snip.Draft says which are (an unclear
//     :draft: value is a draft: fail closed).
//   - two posts with one name: the non-draft wins, then the later updated;
//     the other is reported.
//
// # Rendering and terms
//
// Each post's Markdown is rendered once by package render (sanitised HTML,
// the plain text that is indexed, headings, links); package terms makes its
// topics and projects. Content nesting lists or quotes deeper than
// render.MaxNesting is a warning and is shown as preformatted text.
//
// One broken file is a Warning naming it; it never stops a load.
//
// # Pictures
//
// Pictures come from the images folder (Options.Images, else the one
// images.Find finds: ROOT/images, or the site's ROOT/../app/assets/images),
// read through package images: each post records the pictures it names
// (archive.Post.Images) with their size and version. A picture the folder
// lacks is shown as its alt text and reported as Missing, by post and
// file; it does not make the post broken. A person's or project's
// :image: (and a project's :images:, looked for under projects/ too) and
// :site:, :url:, :twitter:, :github:, :linkedin: are read into its
// archive.Entity. An update (Diff over the whole soup) looks at every
// picture the index's posts and entities name again, so one that came,
// went or changed renders again the posts that name it.
//
// The parts: package scan walks the soup and reads each file safely, snip
// parses one, render its Markdown, terms its topics and projects; indexer
// names and dedupes what the scan finds, renders it, and builds or updates
// the index (Build, Diff, Update). The parts never import indexer.
package indexer
