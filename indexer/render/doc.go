// Package render turns a snip's Markdown into what a post shows and what
// is indexed, in one goldmark parse: sanitised HTML, plain text, headings,
// links and a summary. It reads no files: a picture's size and version,
// or that the images folder lacks it, are asked of the caller (Pictures).
//
// Each post's Markdown is parsed once by goldmark (GFM, footnotes,
// typographer) into sanitised HTML (bluemonday), the plain text that is
// indexed (from the AST: no markup, ERB or URLs; blocks never run
// together), its headings and its links. Each heading with words is a
// section: its name, the id goldmark gave it (which its HTML keeps, with a
// link to itself) and where its line starts in the text, so search can say
// which part of a post matched and link to it. ERB is expanded first: by('slug')
// becomes a signature linked to /slug, image_tag and image_path become
// images under /images/ (or their alt text where the images folder lacks
// the picture), and every other tag is dropped. Pictures get their width
// and height, a versioned URL, loading="lazy" and decoding="async"; one
// alone in its paragraph becomes a figure captioned with its alt text
// (images.go).
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
package render
