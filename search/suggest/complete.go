package suggest

import (
	"bytes"
	"slices"
	"sort"
	"strings"

	"github.com/freerange/weeknotes/search/analysis"
	"github.com/freerange/weeknotes/search/archive"
)

// Searcher runs the searches that completions lead to, so that what the
// search box offers is what a search finds.
type Searcher interface {
	// Count is the number of posts a search for query finds, as the
	// search page would say; 0 for a query the search page would refuse.
	Count(query string) (int, error)
	// Texts calls yield with the plain text of the posts a search for
	// query finds as typed (not corrected), at most most of them, the
	// most relevant first, and the parts of it that are code
	// (archive.Post.Code), until yield returns false. The text is the
	// Searcher's own buffer, valid until yield returns, which yield may
	// change.
	Texts(query string, most int, yield func(text []byte, code []archive.Span) bool) error
}

// Bounds on the work of completing the word being typed. Each completion
// counted is one search. Phrases are looked for in the posts that best
// match what was typed before the word being typed, at most phrasePosts
// of them and phraseBudget bytes of their text, so a common word before
// it costs no more than a rare one.
const (
	completionsShown    = 4         // completions offered
	completionsCounted  = 8         // completions whose whole query may be counted, for the few shown
	completionsWords    = 32        // most used words with the prefix, grouped by stem
	phraseContextWords  = 3         // typed words before the one being typed that a phrase must follow
	phraseStopWordsMost = 1         // stop words a phrase may run on through ("show and tell")
	phraseMinPosts      = 2         // posts a phrase must be in: one is happenstance ("show a linear")
	phrasePrefixWords   = 256       // words a prefix may start for the posts read to need it
	phrasePosts         = 64        // posts read for phrases
	phraseBudget        = 256 << 10 // bytes of their text read
)

// candidate is one completion: the forms of the word being typed (or of
// a phrase beginning with it) that a search treats alike, having the same
// terms as the index has them.
type candidate struct {
	used   map[string]uint64 // form -> posts that use it (the vocabulary)
	follow map[string]int    // form -> posts read where it follows the typed words
	phrase int               // posts read where some form follows the typed words
	form   string            // the form shown
	count  int               // posts the whole query finds
}

// best is the form to show: the one most often following the typed words,
// else the one most posts use.
func (c *candidate) best() string {
	best, bestN, bestUse := "", -1, uint64(0)
	for f, n := range c.follow {
		if n > bestN || n == bestN && (c.used[f] > bestUse || c.used[f] == bestUse && f < best) {
			best, bestN, bestUse = f, n, c.used[f]
		}
	}
	if best != "" {
		return best
	}
	for f, n := range c.used {
		if best == "" || n > bestUse || n == bestUse && f < best {
			best, bestUse = f, n
		}
	}
	return best
}

// completeWord offers up to completionsShown completions of last, the word
// being typed after head (what was typed before it, as typed). Each is
// the whole query, head and all, with the number of posts a search for it
// finds (s.Count), and none finds nothing, nor is a word only code holds
// (codeOnly: kamal_registry_password). Phrases are looked for outside
// code. Forms that a search treats
// alike ("mock", "mocks", "mocking": one stem) are one completion, shown
// in the form most used. Phrases come first: a completion that follows
// the last typed words in some post ("pair programming", not "pair
// progress"), most often first, running on through stop words ("show and"
// is completed as "show and tell"); then the rest by the posts they find.
func completeWord(v *Vocab, s Searcher, head, last string) ([]Item, error) {
	byKey := map[string]*candidate{}
	var order []*candidate // in the order first met, for a stable sort
	group := func(form string) *candidate {
		key := strings.Join(termsOf(form), " ")
		if key == "" {
			return nil // only stop words: it finds what head alone finds
		}
		c := byKey[key]
		if c == nil {
			c = &candidate{used: map[string]uint64{}, follow: map[string]int{}}
			byKey[key] = c
			order = append(order, c)
		}
		return c
	}
	words := 0 // words that start with last
	if len(last) >= 2 {
		var top []completion
		top, words = completions(v, last, completionsWords)
		for _, w := range top {
			if c := group(w.Term); c != nil {
				c.used[w.Term] = w.Count
			}
		}
	}
	// After typed words even one letter narrows the phrases enough
	// ("show and t"); one digit does not ("week 4").
	if context := contextWords(head); len(context) > 0 && (len(last) >= 2 || 'a' <= last[0] && last[0] <= 'z') {
		follows, err := phrases(s, head, context, last, words)
		if err != nil {
			return nil, err
		}
		for _, p := range follows {
			if p.posts < phraseMinPosts {
				continue
			}
			if c := group(p.form); c != nil {
				c.follow[p.form] = p.posts
				c.phrase += p.posts // forms of one key rarely follow in one post
				if _, ok := c.used[p.form]; !ok {
					c.used[p.form] = v.count(p.form)
				}
			}
		}
	}
	for _, c := range order {
		c.form = c.best()
	}
	// Count the phrases first, then the words most posts use.
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.phrase != b.phrase {
			return a.phrase > b.phrase
		}
		return a.used[a.form] > b.used[b.form]
	})
	var found []*candidate
	for _, c := range order[:min(len(order), completionsCounted)] {
		if c.phrase == 0 { // phrases were found outside code
			code, err := v.codeOnly(s, c.form, c.used[c.form])
			if err != nil {
				return nil, err
			}
			if code {
				continue
			}
		}
		n, err := s.Count(head + c.form)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			c.count = n
			found = append(found, c)
			if len(found) == completionsShown {
				break
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.phrase != b.phrase {
			return a.phrase > b.phrase
		}
		if a.count != b.count {
			return a.count > b.count
		}
		return a.form < b.form
	})
	out := []Item{}
	for _, c := range found[:min(len(found), completionsShown)] {
		out = append(out, Item{Kind: KindQuery, Label: head + c.form, Count: c.count})
	}
	return out, nil
}

// termsOf is text's terms as the index has them (stemmed), stop words
// gone.
func termsOf(text string) []string {
	var out []string
	for _, t := range analysis.Prose().Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// contextWords are the plain words at the end of head, lower-cased, at
// most phraseContextWords of them and from the last that is not a stop
// word on ("we did pair" -> "pair", "show and" -> "show and"): what a
// phrase completion must follow. A filter, a quoted phrase or an operator
// ends them.
func contextWords(head string) []string {
	fields := strings.Fields(strings.ToLower(head))
	var out []string
	for i := len(fields) - 1; i >= 0 && len(out) < phraseContextWords; i-- {
		if !isOneWord(fields[i]) || fields[i] == "or" {
			break
		}
		out = append(out, fields[i])
	}
	slices.Reverse(out)
	for len(out) > 0 && len(termsOf(out[0])) == 0 {
		out = out[1:]
	}
	return out
}

// follower is a form that follows the typed words, and in how many posts.
type follower struct {
	form  string
	posts int
}

// phrases finds, in the posts that head finds (within phraseBudget bytes
// of their text; words is how many words of the vocabulary start with
// prefix), the words starting with prefix that follow the context
// words, with the stop words after them and the word after those ("show
// and" -> "and tell"), and in how many posts each does.
func phrases(s Searcher, head string, context []string, prefix string, words int) ([]follower, error) {
	posts := map[string]int{}
	left := phraseBudget
	seen := map[string]bool{}
	stop := map[string]bool{} // word -> it is a stop word, as met
	isStop := func(word string) bool {
		st, ok := stop[word]
		if !ok {
			st = len(termsOf(word)) == 0
			stop[word] = st
		}
		return st
	}
	// Find the first context word by all but its first letter, which
	// may be a capital ("Show and Tell"), without lower-casing the text.
	first := context[0]
	rest := []byte(first[1:])
	// The posts read are those with a word that starts with prefix too,
	// unless it may be a stop word (which no search finds) or too many
	// words start with it to search for them all: "continuous" finds every
	// post that continues something, "continuous int*" those that may say
	// "continuous integration".
	query := head
	if words > 0 && words <= phrasePrefixWords && len(termsOf(prefix)) > 0 {
		query = head + prefix + "*"
	}
	err := s.Texts(query, phrasePosts, func(text []byte, code []archive.Span) bool {
		left -= len(text)
		clear(seen)
		for at := 1; at < len(text); {
			i := bytes.Index(text[at:], rest)
			if i < 0 {
				break
			}
			start := at + i - 1
			at = start + len(first)
			if lowerByte(text[start]) != first[0] || start > 0 && isWordByte(lowerByte(text[start-1])) || archive.InSpans(code, start) {
				continue
			}
			if form, ok := follows(text, start, context, prefix, isStop); ok && !seen[form] {
				seen[form] = true
				posts[form]++
			}
		}
		return left > 0
	})
	out := make([]follower, 0, len(posts))
	for f, n := range posts {
		out = append(out, follower{f, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].posts != out[j].posts {
			return out[i].posts > out[j].posts
		}
		return out[i].form < out[j].form
	})
	return out, err
}

// follows reads, at text[start:], the context words one after another
// and then a word starting with prefix, each after a space or a hyphen,
// ignoring the case of ASCII letters, and says what follows them, in
// lower case: that word, and when it is a stop word the words after it up
// to one that is not.
func follows(text []byte, start int, context []string, prefix string, isStop func(string) bool) (string, bool) {
	at := start
	for i, w := range context {
		if i > 0 {
			if at = separator(text, at); at < 0 {
				return "", false
			}
		}
		if !hasPrefixFold(text[at:], w) {
			return "", false
		}
		at += len(w)
		if at < len(text) && isWordByte(lowerByte(text[at])) {
			return "", false
		}
	}
	var form []string
	for len(form) <= phraseStopWordsMost {
		if at = separator(text, at); at < 0 {
			return "", false
		}
		end := at
		for end < len(text) && isWordByte(lowerByte(text[end])) {
			end++
		}
		if end == at || len(form) == 0 && !hasPrefixFold(text[at:end], prefix) {
			return "", false
		}
		word := strings.ToLower(string(text[at:end]))
		form = append(form, word)
		if !isStop(word) {
			return strings.Join(form, " "), true
		}
		at = end
	}
	return "", false
}

// hasPrefixFold says whether b starts with prefix (lower case), ignoring
// the case of b's ASCII letters.
func hasPrefixFold[B []byte | string](b B, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		if lowerByte(b[i]) != prefix[i] {
			return false
		}
	}
	return true
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// separator is the position after the space or hyphen at text[at], or -1.
func separator(text []byte, at int) int {
	if at < len(text) && (text[at] == ' ' || text[at] == '-') {
		return at + 1
	}
	return -1
}
