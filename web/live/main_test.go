package live

import (
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestMain puts Gin in test mode once, before any test runs: the mode is
// package state, so no test changes it while others may run.
func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}
