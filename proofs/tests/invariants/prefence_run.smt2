; Candidate loop invariants for src/copy/variants/prefence.c (test fixture
; of --invariants, COPY-ONCE's encoding). The first holds and is kept (no
; region pointer, no open run); the second is false (a run is open after a
; populated page) and must be dropped; the third, over COPY-ONCE's witness
; w and its ghost count cover, is dropped too (a call can cover entries at
; or past the index). None hides prefence's COPY-ONCE defect (a folio's
; tails copied twice, or not at all): it must still be refuted and replayed.
(define-fun no_run () (_ BitVec 64) #xffffffffffffffff)
; loop prefence.c:69
(assert (=> vr@NULL (= run_base no_run)))
(assert (= run_base no_run))
(assert (=> (bvuge w i) (= cover #x00000000)))
