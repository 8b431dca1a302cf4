;; import-wasi-memory: imports its memory from the host, hoping to share (and read) the host's.
(module
  (import "wasi_snapshot_preview1" "memory" (memory 1))
  (func (export "_start")))
