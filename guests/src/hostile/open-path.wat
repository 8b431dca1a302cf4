;; open-path: opens params.path read-only, relative to the first preopen (fd 3), following symlinks,
;; reads what it can and reports {"errno": <path_open's errno>, "bytes": <bytes read>}. The corpus
;; runs it with escape attempts (absolute paths, "..", symlinks out) and with paths that may be read.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"errno\":#,\"bytes\":#}\00")
  (data (i32.const 2048) "\"path\":\"") ;; what precedes the path in stdin's {"params":{"path":"..."}}

  (func (export "_start")
    (local $path i32) (local $end i32)
    (local.set $path (call $path_param))
    (local.set $end (local.get $path))
    (loop $to_quote
      (if (i32.ne (i32.load8_u (local.get $end)) (i32.const 34))
        (then
          (local.set $end (i32.add (local.get $end) (i32.const 1)))
          (br $to_quote))))
    ;; path_open(dirfd 3, LOOKUP_SYMLINK_FOLLOW, path, oflags none, rights FD_READ, inherit none,
    ;; fdflags none, the new fd at 32)
    (i32.store (i32.const 256)
      (call $path_open (i32.const 3) (i32.const 1) (local.get $path) (i32.sub (local.get $end) (local.get $path))
        (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 32)))
    (if (i32.eqz (i32.load (i32.const 256)))
      (then
        (i32.store (i32.const 16) (i32.const 12288))
        (i32.store (i32.const 20) (i32.const 4096))
        (drop (call $fd_read (i32.load (i32.const 32)) (i32.const 16) (i32.const 1) (i32.const 260)))))
    (call $report))

  ;; Reads stdin at 8192 and returns where the value of "path" starts; exits 1 when there is none.
  (func $path_param (result i32)
    (local $at i32) (local $last i32)
    (i32.store (i32.const 16) (i32.const 8192))
    (i32.store (i32.const 20) (i32.const 4000))
    (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))
    (local.set $at (i32.const 8192))
    (local.set $last (i32.add (i32.const 8192) (i32.load (i32.const 24))))
    (loop $scan
      (if (i32.gt_u (i32.add (local.get $at) (i32.const 8)) (local.get $last))
        (then (call $proc_exit (i32.const 1))))
      (if (i64.eq (i64.load (local.get $at)) (i64.load (i32.const 2048)))
        (then (return (i32.add (local.get $at) (i32.const 8)))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $scan))
    (unreachable))

  ;; ---- the report (the same helper in every corpus module that reports numbers) ----
  ;; Memory: 0..15 the report's iovec, 256.. the numbers (one i32 each, in order), 1024.. the
  ;; template (NUL-terminated, '#' where a number goes), 4096.. the report as it is written.
  (func $report
    (local $in i32) (local $out i32) (local $next i32) (local $c i32)
    (local.set $in (i32.const 1024))
    (local.set $out (i32.const 4096))
    (local.set $next (i32.const 256))
    (block $end
      (loop $copy
        (local.set $c (i32.load8_u (local.get $in)))
        (br_if $end (i32.eqz (local.get $c)))
        (if (i32.eq (local.get $c) (i32.const 35)) ;; '#'
          (then
            (local.set $out (call $decimal (local.get $out) (i32.load (local.get $next))))
            (local.set $next (i32.add (local.get $next) (i32.const 4))))
          (else
            (i32.store8 (local.get $out) (local.get $c))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))))
        (local.set $in (i32.add (local.get $in) (i32.const 1)))
        (br $copy)))
    (i32.store (i32.const 0) (i32.const 4096))
    (i32.store (i32.const 4) (i32.sub (local.get $out) (i32.const 4096)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Writes $n in decimal at $out; returns where the digits end.
  (func $decimal (param $out i32) (param $n i32) (result i32)
    (local $end i32) (local $v i32)
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then
        (i32.store8 (local.get $out) (i32.const 45)) ;; '-'
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $n (i32.sub (i32.const 0) (local.get $n)))))
    (local.set $end (local.get $out))
    (local.set $v (local.get $n))
    (loop $count
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $count (local.get $v)))
    (local.set $out (local.get $end))
    (loop $digit
      (local.set $out (i32.sub (local.get $out) (i32.const 1)))
      (i32.store8 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (local.get $end)))
