package ops

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestJSONAnswersAsGinDoes(t *testing.T) {
	t.Parallel()
	v := map[string]any{"q": "<b>&</b>", "n": 3, "hits": []string{"a", "ü"}}
	answer := func(write func(c *gin.Context)) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		write(c)
		return w
	}
	got := answer(func(c *gin.Context) { JSON(c, http.StatusCreated, v) })
	want := answer(func(c *gin.Context) { c.JSON(http.StatusCreated, v) })
	if got.Code != want.Code || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
		t.Errorf("status %d, type %q; gin: %d, %q", got.Code, got.Header().Get("Content-Type"), want.Code, want.Header().Get("Content-Type"))
	}
	// The same value, escaped the same way, with the newline of an Encoder.
	if got.Body.String() != want.Body.String()+"\n" {
		t.Errorf("body %q, gin's %q", got.Body.String(), want.Body.String())
	}
	var back map[string]any
	if err := json.Unmarshal(got.Body.Bytes(), &back); err != nil || back["q"] != "<b>&</b>" {
		t.Errorf("body does not read back: %v %v", back, err)
	}
}

func TestJSONOfAValueThatCannotBeEncodedIs500(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	JSON(c, http.StatusOK, map[string]float64{"x": math.NaN()})
	if w.Code != http.StatusInternalServerError || w.Body.Len() != 0 {
		t.Errorf("status %d, body %q; want 500 and nothing", w.Code, w.Body.String())
	}
}
