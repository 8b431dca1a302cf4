;; loop-in-start-section: an infinite loop in the start section, which runs while the module is
;; being instantiated, before _start and before the node has an instance to read fuel from.
(module
  (memory (export "memory") 1)
  (func $spin
    (loop $forever (br $forever)))
  (start $spin)
  (func (export "_start")))
