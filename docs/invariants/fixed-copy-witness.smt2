; Candidate loop invariants for COPY-WAIT, COPY-ERR and COPY-FENCE of
; src/copy/variants/fixed.c, for
; svmcheck-prove copy --spacer --variant fixed --invariants docs/invariants/fixed-copy-contig.smt2
;   --invariants FILE [--prop COPY-WAIT|COPY-ERR|COPY-FENCE]
; With them (and the COPY-CONTIG file's facts on the region pointer and the
; run) each of the three is PROVED for every npages by the kept invariants
; alone, in about 1.5 s each, with the entries' contents abstracted
; (docs/proofs.md, "The monitors' candidates"; test
; proof-spacer-monitors-fixed). Spacer alone takes 9-25 s for each.
; The three monitors share a witness call: one successful submission, chosen
; when it is issued. Its job fence is element 1 of the job fences
; (c.newest@job_fences.i_ with idx 1), a later fence on its engine
; element 2, any other element 0. The ghost cells (world.cpp, enum Cell):
; w_ok (the witness was chosen), w_eng (its engine), w_done (a wait
; completed it), w_refs/w_deps (its fence's references, and those other
; jobs took as dependencies), err_seen/late/w_before_fail (COPY-ERR), pref
; and pref_deps (the pre-migrate fence's references, and those jobs took).
; A cell an encoding does not carry makes a candidate not applicable there.
; property COPY-WAIT
; property COPY-ERR
; property COPY-FENCE
(define-fun zero () (_ BitVec 64) #x0000000000000000)
(define-fun newest_is ((e (_ BitVec 64))) Bool
  (and c.newest@job_fences.i_ (= c.newest@job_fences.i_.idx e)))

; loop fixed.c:104
; c.newest: NULL, or a job fence (never an error pointer: a failed
; submission returns before it is stored); c.pre_migrate_fence: NULL or
; the caller's.
(assert (or c.newest@NULL c.newest@NULL.o_ c.newest@job_fences.i_))
(assert (=> c.newest@NULL.o_ (= c.newest@NULL.o_.off zero)))
(assert (not (and c.newest@NULL c.newest@job_fences.i_)))
(assert (not (and c.newest@NULL.o_ c.newest@job_fences.i_)))
(assert (=> c.newest@job_fences.i_ (bvule c.newest@job_fences.i_.idx #x0000000000000002)))
(assert (or c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence))
(assert (not (and c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence)))
; Every job goes to c.vr's engine, so once the witness is issued the newest
; fence is its own or a later one of its engine: the wait at "out" completes
; it (COPY-WAIT, and COPY-ERR's "unfinished" part).
(assert (=> w_ok (or c.vr@xe_device.o16 c.vr@xe_device.o176)))
(assert (=> (and w_ok c.vr@xe_device.o16) (= w_eng engine0)))
(assert (=> (and w_ok c.vr@xe_device.o176) (= w_eng engine1)))
(assert (=> w_ok (or (newest_is #x0000000000000001) (newest_is #x0000000000000002))))
(assert (=> (not w_ok) (or c.newest@NULL c.newest@NULL.o_ (newest_is zero))))
(assert (not w_done))
; COPY-FENCE: no job depends on a job fence, the witness's fence holds the
; one reference c.newest owns while it is the newest, and the pre-migrate
; fence gains at most one dependency reference (the first job's), which
; the job's draining drops.
(assert (= w_deps #x00000000))
(assert (= w_refs (ite (newest_is #x0000000000000001) #x00000001 #x00000000)))
(assert (= (bvsub pref pref_deps) #x00000001))
(assert (bvule pref_deps #x00000001))
(assert (=> c.pre_migrate_fence@pre_migrate_fence (= pref_deps #x00000000)))
; COPY-ERR: a failed submission leaves the loop at once, so inside it none
; has failed.
(assert (= err #x00000000))
(assert (not err_seen))
(assert (not late))
(assert (not w_before_fail))

; loop fixed.c:125
; The same facts at the folio loop's header.
(assert (or c.newest@NULL c.newest@NULL.o_ c.newest@job_fences.i_))
(assert (=> c.newest@NULL.o_ (= c.newest@NULL.o_.off zero)))
(assert (not (and c.newest@NULL c.newest@job_fences.i_)))
(assert (not (and c.newest@NULL.o_ c.newest@job_fences.i_)))
(assert (=> c.newest@job_fences.i_ (bvule c.newest@job_fences.i_.idx #x0000000000000002)))
(assert (or c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence))
(assert (not (and c.pre_migrate_fence@NULL c.pre_migrate_fence@pre_migrate_fence)))
(assert (=> w_ok (or c.vr@xe_device.o16 c.vr@xe_device.o176)))
(assert (=> (and w_ok c.vr@xe_device.o16) (= w_eng engine0)))
(assert (=> (and w_ok c.vr@xe_device.o176) (= w_eng engine1)))
(assert (=> w_ok (or (newest_is #x0000000000000001) (newest_is #x0000000000000002))))
(assert (=> (not w_ok) (or c.newest@NULL c.newest@NULL.o_ (newest_is zero))))
(assert (not w_done))
(assert (= w_deps #x00000000))
(assert (= w_refs (ite (newest_is #x0000000000000001) #x00000001 #x00000000)))
(assert (= (bvsub pref pref_deps) #x00000001))
(assert (bvule pref_deps #x00000001))
(assert (=> c.pre_migrate_fence@pre_migrate_fence (= pref_deps #x00000000)))
(assert (= err #x00000000))
(assert (not err_seen))
(assert (not late))
(assert (not w_before_fail))
