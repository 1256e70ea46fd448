; Candidate loop invariants for src/copy/variants/seed_v4.c (test fixture of
; --invariants). Neither survives: run_start is an int, so past 2^31 pages
; it wraps and no longer trails the index; and the index runs ahead of the
; last run's start while no run is open. Whatever is kept, seed_v4's
; COPY-CHUNK defect (the final page rides along with a full run: a call of
; 5 pages) must still be refuted and replayed.
; loop seed_v4.c:69
(assert (bvule ((_ sign_extend 32) run_start) i))
(assert (bvule (bvsub i ((_ sign_extend 32) run_start)) #x0000000000000004))
