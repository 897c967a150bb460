// Package terms works out what a post is about, as archive.Terms: its
// topics, from its headings, filed by the topic table, and the projects
// it names. It reads the two tables (the topic table and the project alias
// table) and nothing else of a soup.
//
// Topics are a post's level-2 and level-3 headings, folded by Topic, then
// filed by the topic table (the root's topics.yml, else the one built in: a
// copy of data/topics.yml) under another topic ("Miscellany" under
// Miscellaneous), and a plural under its singular when another post has the
// singular as a heading ("Printer kits" under Printer kit). A singular
// topic that is a project's slug in the plural is the project's topic
// ("Smart Answer", Smart Answers). The root's topics.yml is no snip. Projects
// are those a post names in a heading, links to (/mocha) or mentions by name
// (whole words): the display name or its leading words, as written; the
// slug's words, capitalised, in any case; or an alias from the alias table
// (the root's aliases.yml, else the one built in: a copy of
// data/aliases.yml).
package terms
