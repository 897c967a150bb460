// Package archive is the domain of Weeknotes: a post, the facet values
// (terms) it carries, the people and projects (entities) it names, the
// facets themselves, and the rule (Slug) that turns a name into the form
// URLs and facet values share.
//
// Its contract: plain values and pure functions, standard library only.
// The indexer makes these values from a soup, search stores and queries
// them, web shows them; none of them owns the types, so none has to
// import another just to speak about a post.
package archive
