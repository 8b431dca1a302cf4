;; huge-table: a table of 100 million elements, allocated by the host before anything runs.
(module
  (memory (export "memory") 1)
  (table 100000000 funcref)
  (func (export "_start")))
