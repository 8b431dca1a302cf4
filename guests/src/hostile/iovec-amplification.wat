;; iovec-amplification: ONE fd_write call with 8192 iovecs that each point at all 4 MiB of memory
;; (32 GiB to copy): one unit of fuel, and no branch or call inside it where an interrupt is seen.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 64)
  (func (export "_start")
    (local $bytes i32)
    ;; iovec 0 = {buf 0, len 4 MiB}; doubling copies make 8192 of them (64 KiB of iovecs)
    (i32.store (i32.const 0) (i32.const 0))
    (i32.store (i32.const 4) (i32.const 0x400000))
    (local.set $bytes (i32.const 8))
    (loop $double
      (memory.copy (local.get $bytes) (i32.const 0) (local.get $bytes))
      (local.set $bytes (i32.shl (local.get $bytes) (i32.const 1)))
      (br_if $double (i32.lt_u (local.get $bytes) (i32.const 65536))))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 8192) (i32.const 0x10000)))))
