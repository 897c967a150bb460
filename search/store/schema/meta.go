package schema

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/freerange/weeknotes/search/archive"
)

// storedPost is what the meta field holds: a post's metadata, without its
// HTML and text (fields of their own).
type storedPost struct {
	Name     string            `json:"name"`
	Title    string            `json:"title"`
	Author   archive.Term      `json:"author"`
	Created  time.Time         `json:"created"`
	Updated  time.Time         `json:"updated"`
	Kind     string            `json:"kind"`
	Week     int               `json:"week,omitempty"`
	Draft    bool              `json:"draft,omitempty"`
	Topics   []archive.Term    `json:"topics"`
	Projects []archive.Term    `json:"projects"`
	Summary  string            `json:"summary"`
	Source   string            `json:"source"`
	File     archive.FileStamp `json:"file"`
	Images   []archive.Picture `json:"images,omitempty"`
	Sections []archive.Section `json:"sections,omitempty"`
	Code     []archive.Span    `json:"code,omitempty"`
	Written  []string          `json:"written_topics,omitempty"`
	Links    []string          `json:"links,omitempty"`
}

func EncodeMeta(p archive.Post) []byte {
	if len(p.Topics) == 0 {
		p.Topics = nil
	}
	if len(p.Projects) == 0 {
		p.Projects = nil
	}
	data, _ := json.Marshal(storedPost{p.Name, p.Title, p.Author, p.Created, p.Updated, p.Kind, p.Week, p.Draft,
		p.Topics, p.Projects, p.Summary, p.Source, p.File, p.Images, p.Sections, p.Code, p.WrittenTopics, p.Links})
	return data
}

func DecodeMeta(data []byte) (archive.Post, error) {
	var s storedPost
	if err := json.Unmarshal(data, &s); err != nil {
		return archive.Post{}, err
	}
	// Empty lists as nil, as posts.gob (gob) gives them back.
	if len(s.Topics) == 0 {
		s.Topics = nil
	}
	if len(s.Projects) == 0 {
		s.Projects = nil
	}
	if len(s.Sections) == 0 {
		s.Sections = nil
	}
	if len(s.Code) == 0 {
		s.Code = nil
	}
	if len(s.Written) == 0 {
		s.Written = nil
	}
	if len(s.Links) == 0 {
		s.Links = nil
	}
	return archive.Post{Name: s.Name, Title: s.Title, Author: s.Author, Created: s.Created, Updated: s.Updated, Kind: s.Kind,
		Week: s.Week, Draft: s.Draft, Topics: s.Topics, Projects: s.Projects, Summary: s.Summary, Source: s.Source, File: s.File, Images: s.Images, Sections: s.Sections, Code: s.Code, WrittenTopics: s.Written, Links: s.Links}, nil
}

// textSeparator stands between a post's title and its text in the text
// field: a blank line, so no phrase runs from the title into the text.
const textSeparator = "\n\n"

// TextValue is what the text field holds of a post: its title, then its
// plain text. Offsets and positions in the field count from the title's
// start, so the text's offsets there are len(title)+len(textSeparator)
// more than in archive.Post.Text.
func TextValue(title, text string) string { return title + textSeparator + text }

// BodyOf is the post's text in value, its text field's value (TextValue).
func BodyOf(value, title string) string { return strings.TrimPrefix(value, title+textSeparator) }

func YearOf(t time.Time) string { return strconv.Itoa(t.Year()) }

func MonthOf(t time.Time) string { return t.Format("2006-01") }

// ReadPost reads one document's stored post: metadata, and with
// withText its plain text (the stored text field less its title).
func ReadPost(r index.IndexReader, iid index.IndexInternalID, withText bool) (archive.Post, error) {
	id, err := r.ExternalID(iid)
	if err != nil {
		return archive.Post{}, err
	}
	doc, err := r.Document(id)
	if err != nil || doc == nil {
		return archive.Post{}, fmt.Errorf("document %s: %v", id, err)
	}
	var meta, text []byte
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case FieldMeta:
			meta = f.Value()
		case FieldText:
			if withText {
				text = f.Value()
			}
		}
	})
	p, err := DecodeMeta(meta)
	if err != nil {
		return archive.Post{}, fmt.Errorf("document %s: %w", id, err)
	}
	if withText {
		p.Text = BodyOf(string(text), p.Title)
	}
	return p, nil
}
