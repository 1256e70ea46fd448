; Candidate loop invariants for src/copy/variants/fixed.c (test fixture of
; --invariants). Each is only a candidate: the prover keeps what Z3 proves
; inductive (Houdini) and drops the rest. The last one is false on purpose:
; the open run reaches CHUNK = 4 pages, so "c.len <= 2" must be dropped.
(define-fun zero () (_ BitVec 64) #x0000000000000000)
(define-fun chunk_pages () (_ BitVec 64) #x0000000000000004)

; loop fixed.c:104
; The open run ends at the page loop's index, and never exceeds CHUNK.
(assert (or (= c.len zero) (= (bvadd c.start c.len) i)))
(assert (bvule c.len chunk_pages))
; No region pointer yet, no run.
(assert (=> c.vr@NULL (= c.len zero)))

; loop fixed.c:125
; Inside a folio the run ends at i + j.
(assert (or (= c.len zero) (= (bvadd c.start c.len) (bvadd i j))))
(assert (bvule c.len chunk_pages))
(assert (bvule c.len #x0000000000000002))
