package search

// ForgetCorrections empties the memo of spelling corrections, so a
// benchmark measures finding them.
func (ix *Index) ForgetCorrections() { ix.Vocab().ForgetCorrections() }
