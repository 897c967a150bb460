package schema

import (
	"testing"

	"github.com/freerange/weeknotes/indexer/testsoup"
)

// corpusFiles reads the Markdown files of the shared corpus, skipping the
// test when it is absent.
func corpusFiles(t testing.TB) [][]byte {
	return testsoup.CorpusFiles(t, "../../../../shared/corpus/soups")
}
