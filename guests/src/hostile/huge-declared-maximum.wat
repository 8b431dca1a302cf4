;; huge-declared-maximum: starts small but declares a maximum of almost 4 GiB, far above the cap.
(module
  (memory (export "memory") 1 65535)
  (func (export "_start")))
