;; fs-writes: tries every way WASI offers to change a read-only preopen (fd 3): create, truncate,
;; open for writing or appending, write through a read-only descriptor, resize, rename, unlink,
;; mkdir, rmdir, symlink, hard link, set times; reports each errno.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times"
    (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"create\":#,\"truncate\":#,\"open_for_write\":#,\"append\":#,\"write_read_only_fd\":#,\"set_size\":#,\"rename\":#,\"unlink\":#,\"mkdir\":#,\"rmdir\":#,\"symlink\":#,\"link\":#,\"set_times\":#}\00")
  (data (i32.const 2048) "new.txt")     ;; 7
  (data (i32.const 2064) "hello.txt")   ;; 9
  (data (i32.const 2080) "moved.txt")   ;; 9
  (data (i32.const 2096) "newdir")      ;; 6
  (data (i32.const 2112) "sub")         ;; 3
  (data (i32.const 2128) "/etc/passwd") ;; 11
  (data (i32.const 2144) "evil")        ;; 4
  (data (i32.const 2160) "x")           ;; 1

  ;; path_open under fd 3 with the given oflags, rights and fdflags; returns the errno.
  (func $open (param $path i32) (param $len i32) (param $oflags i32) (param $rights i64) (param $fdflags i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (local.get $path) (local.get $len)
      (local.get $oflags) (local.get $rights) (i64.const 0) (local.get $fdflags) (i32.const 32)))

  (func (export "_start")
    (local $fd i32)
    ;; oflags CREAT = 1, TRUNC = 8; rights FD_READ = 2, FD_WRITE = 64; fdflags APPEND = 1
    (i32.store (i32.const 256) (call $open (i32.const 2048) (i32.const 7) (i32.const 1) (i64.const 66) (i32.const 0)))
    (i32.store (i32.const 260) (call $open (i32.const 2064) (i32.const 9) (i32.const 8) (i64.const 66) (i32.const 0)))
    (i32.store (i32.const 264) (call $open (i32.const 2064) (i32.const 9) (i32.const 0) (i64.const 64) (i32.const 0)))
    (i32.store (i32.const 268) (call $open (i32.const 2064) (i32.const 9) (i32.const 0) (i64.const 2) (i32.const 1)))
    ;; a read-only descriptor of hello.txt, then a write and a resize through it
    (drop (call $open (i32.const 2064) (i32.const 9) (i32.const 0) (i64.const 2) (i32.const 0)))
    (local.set $fd (i32.load (i32.const 32)))
    (i32.store (i32.const 16) (i32.const 2160))
    (i32.store (i32.const 20) (i32.const 1))
    (i32.store (i32.const 272) (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 24)))
    (i32.store (i32.const 276) (call $fd_filestat_set_size (local.get $fd) (i64.const 0)))
    (i32.store (i32.const 280) (call $path_rename (i32.const 3) (i32.const 2064) (i32.const 9) (i32.const 3) (i32.const 2080) (i32.const 9)))
    (i32.store (i32.const 284) (call $path_unlink_file (i32.const 3) (i32.const 2064) (i32.const 9)))
    (i32.store (i32.const 288) (call $path_create_directory (i32.const 3) (i32.const 2096) (i32.const 6)))
    (i32.store (i32.const 292) (call $path_remove_directory (i32.const 3) (i32.const 2112) (i32.const 3)))
    (i32.store (i32.const 296) (call $path_symlink (i32.const 2128) (i32.const 11) (i32.const 3) (i32.const 2144) (i32.const 4)))
    (i32.store (i32.const 300) (call $path_link (i32.const 3) (i32.const 0) (i32.const 2064) (i32.const 9) (i32.const 3) (i32.const 2144) (i32.const 4)))
    ;; set both times to "now" (fstflags ATIM_NOW | MTIM_NOW = 2 | 8)
    (i32.store (i32.const 304) (call $path_filestat_set_times (i32.const 3) (i32.const 1) (i32.const 2064) (i32.const 9) (i64.const 0) (i64.const 0) (i32.const 10)))
    (call $report))

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
