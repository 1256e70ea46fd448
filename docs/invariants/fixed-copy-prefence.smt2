; Candidate loop invariants for COPY-PREFENCE of src/copy/variants/fixed.c,
; for svmcheck-prove copy --spacer --variant fixed --prop COPY-PREFENCE
;   --invariants docs/invariants/fixed-copy-contig.smt2 --invariants FILE
; With them COPY-PREFENCE is PROVED for every npages by the kept invariants
; alone, in about 1.4 s with the entries' contents abstracted (test
; proof-spacer-monitors-fixed; Spacer alone takes 9-27 s).
; The ghost cells: any_ok (a job succeeded), first_no_dep (the first that
; did had no dependency on the pre-migrate fence), pre_waited (the
; pre-migrate fence was waited for). prefence is the input's pre-fence
; state: 0 none, 1 signalled, 2 pending. Without a monitor that tracks the
; job fences by phase, a job fence is the one shape c.newest@job_fences, so
; this file is apart from fixed-copy-witness.smt2.
; property COPY-PREFENCE

; loop fixed.c:104
; c.pre_migrate_fence is the caller's fence until a job succeeds: the first
; job depends on it, and if none succeeds it is still there to wait for at
; "out".
(assert (or c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence))
(assert (not (and c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence)))
(assert (= pre_migrate_fence@pre_migrate_fence (distinct prefence #x00000000)))
(assert (=> (distinct prefence #x00000000) (not first_no_dep)))
(assert (=> (not any_ok) (= c.pre_migrate_fence@pre_migrate_fence (distinct prefence #x00000000))))
(assert (not pre_waited))

; loop fixed.c:125
(assert (or c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence))
(assert (not (and c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence)))
(assert (= pre_migrate_fence@pre_migrate_fence (distinct prefence #x00000000)))
(assert (=> (distinct prefence #x00000000) (not first_no_dep)))
(assert (=> (not any_ok) (= c.pre_migrate_fence@pre_migrate_fence (distinct prefence #x00000000))))
(assert (not pre_waited))
