package ops

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// JSON answers with v as JSON, as gin's c.JSON does (the same bytes, HTML
// escaping included, and a newline after them), but encoded in
// encoding/json's pooled buffer and written from there: c.JSON copies
// each answer into a new slice first (json.Marshal), and at 100,000 posts
// those copies were over half of what a repeated /api/search allocated,
// so the garbage collector ran twice as often as the searches needed. A
// value that cannot be encoded is a 500 with nothing else written.
func JSON(c *gin.Context, code int, v any) {
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Status(code)
	if err := json.NewEncoder(c.Writer).Encode(v); err != nil && !c.Writer.Written() {
		_ = c.Error(err)
		c.Status(http.StatusInternalServerError)
		c.Writer.WriteHeaderNow()
	}
}
