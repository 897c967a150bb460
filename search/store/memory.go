package store

import (
	"math"
	"runtime/debug"
)

// buildMemoryLimit is the soft limit on the Go heap a build sets while it
// runs (runtime/debug.SetMemoryLimit), unless the operator set one
// (GOMEMLIMIT). A build's live heap is 400-500 MB at 100,000 posts (the
// posts in flight between renderers, the open batch and the two batch
// writers, and the metadata of every post); with the collector's default
// it grew to twice that, and Bleve's mapped segment files came on top:
// peak RSS 1.48-1.63 GB. With this limit and the heap handed back before
// the final merge (see Finish), 1.39-1.44 GB, at no measured cost in CPU
// (README, Performance). A lower limit (800 MB) cost 8% more CPU.
const buildMemoryLimit = 1000 << 20

// memoryLimit is the limit a build set, to put back when it ends.
type memoryLimit struct {
	prev int64
	set  bool
}

// limitMemory sets buildMemoryLimit when no limit is set. Two builds in
// one process (tests) share it: the second sees the first's and leaves
// it, and may run its end without one; either way only memory is at
// stake, never results.
func limitMemory() *memoryLimit {
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return &memoryLimit{}
	}
	debug.SetMemoryLimit(buildMemoryLimit)
	return &memoryLimit{prev: prev, set: true}
}

// restore puts back the limit there was; it may be called more than once.
func (m *memoryLimit) restore() {
	if m != nil && m.set {
		debug.SetMemoryLimit(m.prev)
		m.set = false
	}
}
