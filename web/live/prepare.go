package live

import (
	"context"
	"errors"
	"time"

	"github.com/freerange/weeknotes/indexer"
	"github.com/freerange/weeknotes/search"
	"github.com/freerange/weeknotes/search/store"
)

// ErrStopped is Prepare's answer when the context ended during the first
// build: nothing half-done was left current, and stopping is what was
// asked for.
var ErrStopped = errors.New("stopped before the index was built")

// Prepare makes u.Dir's index current with the soup and opens it for
// serving: a fresh build when there is none or its schema is old, else
// the changes since the last run applied in place. With watch, the
// server keeps the index up to date itself: Prepare opens its Writer
// (u.Writer), which holds the writer lock while the server runs.
// built is how long a fresh build took (0 when there was none).
func (u *Updater) Prepare(ctx context.Context, watch bool) (ix *search.Index, built time.Duration, err error) {
	why, err := indexer.Stale(u.Dir, u.Options.Root, u.Options.Drafts)
	if err != nil {
		return nil, 0, err
	}
	if why != "" {
		u.Log.Info("building the index", "dir", u.Dir, "reason", why)
		start := time.Now()
		sum, err := indexer.Build(ctx, u.Options, u.Dir, nil)
		if err != nil && ctx.Err() != nil {
			return nil, 0, ErrStopped
		}
		if err != nil {
			return nil, 0, err
		}
		built = time.Since(start)
		u.Log.Info("indexed", "posts", sum.Indexed, "people", len(sum.People), "projects", len(sum.Projects),
			"drafts_left_out", sum.DraftsSkipped, "pages", sum.Pages, "warnings", len(sum.Warnings),
			"pictures_shown", sum.Pictures.Shown, "pictures_missing", len(sum.Missing), "took", built)
		u.Report(&indexer.Changes{Warnings: sum.Warnings, Missing: sum.Missing})
	}
	if watch {
		if u.Writer, err = search.OpenWriter(u.Dir); err != nil {
			return nil, 0, err
		}
		return u.Writer.Snapshot(), built, nil
	}
	if why == "" {
		switch _, c, err := indexer.Update(ctx, u.Options, u.Dir, false, nil); {
		case errors.Is(err, store.ErrLocked):
			u.Log.Warn("another process is updating the index; serving it as it is", "dir", u.Dir)
		case err != nil:
			return nil, 0, err
		case c != nil:
			if !c.Update.Empty() {
				u.Log.Info("updated the index", "put", len(c.Update.Put), "deleted", len(c.Update.Delete), "files_read", c.Read)
			}
			u.Report(c)
		}
	}
	ix, err = search.Open(u.Dir)
	return ix, built, err
}
