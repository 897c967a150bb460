package web

import (
	"net/http"
	"path/filepath"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/freerange/weeknotes/search/store/catalog"
	"github.com/freerange/weeknotes/web/ops"
	"github.com/freerange/weeknotes/web/site"
)

// The endpoints an operator uses (the wrapping of every request, metrics
// included, is package ops's):
//
//	GET /healthz   "ok" while the process serves (liveness)
//	GET /readyz    the open index: {"status": "ready", "documents": N, "posts": N,
//	               "built_at": ..., "age_seconds": ..., "build": ID}; 503 when it can't be read
//	GET /metrics   Prometheus text format, from the Server's own registry

// readiness is the body of /readyz.
type readiness struct {
	Status     string    `json:"status"`
	Documents  uint64    `json:"documents"`
	Posts      int       `json:"posts"`
	BuiltAt    time.Time `json:"built_at"`
	AgeSeconds float64   `json:"age_seconds"`
	Build      string    `json:"build"`
}

// readyz answers 200 while the index being served can be read.
func (s *Server) readyz(c *gin.Context) {
	ix := site.Index(c)
	n, err := ix.DocCount()
	if err != nil {
		s.log.Error("readiness check failed", "id", ops.RequestID(c), "index", ix.Path, "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "error": "the index can't be read"})
		return
	}
	c.JSON(http.StatusOK, readiness{
		Status:     "ready",
		Documents:  n,
		Posts:      ix.Catalog.Posts,
		BuiltAt:    ix.Catalog.BuiltAt,
		AgeSeconds: time.Since(ix.Catalog.BuiltAt).Round(time.Millisecond).Seconds(),
		Build:      filepath.Base(ix.Path),
	})
}

// RecordReindex counts one rebuild of the index and how long it took; err
// is nil when the new build is being served.
func (s *Server) RecordReindex(took time.Duration, err error) { s.metrics.RecordReindex(took, err) }

// servedCatalog is the catalog of the index being served, for the metrics'
// gauges.
func (s *Server) servedCatalog() (catalog.Catalog, bool) {
	ix := s.Take()
	if ix == nil {
		return catalog.Catalog{}, false
	}
	defer ix.Close()
	return ix.Catalog, true
}
