; Candidate loop invariants for COPY-ONCE of src/copy/variants/fixed.c, for
; svmcheck-prove copy --spacer --variant fixed --prop COPY-ONCE --invariants FILE
; With them COPY-ONCE is PROVED for every npages (docs/proofs.md, "Given
; candidate invariants"; test proof-spacer-once-fixed): Houdini keeps all of
; them on the exact encoding, and the three clauses into the violation are
; unsat under them, so Spacer is not needed.
; w is COPY-ONCE's witness index, cover the successful calls that hold it;
; addr is the input's system addresses, sys_addr the system-side array as
; the code and the migrate layer leave it (tails filled in). The frame
; facts (the last of each loop) are quantified: Houdini checks them by
; instantiation (skolemized where they are to be shown, instantiated at
; the indices the clause reads and writes where they are assumed).
; For COPY-ONCE only: offered to the other properties' encodings they cost
; Houdini time there and do not help (COPY-CONTIG's Houdini: 9 s without
; them, 31 s with them).
; property COPY-ONCE
(define-fun zero () (_ BitVec 64) #x0000000000000000)
(define-fun one () (_ BitVec 64) #x0000000000000001)
; Index x is populated: a device page, and a system address or a folio tail.
(define-fun pop ((x (_ BitVec 64))) Bool
  (and (select has x)
       (or (distinct (select addr x) zero)
           (and (distinct x zero) (distinct (select rem (bvsub x one)) #x0000)))))
(define-fun in_run ((x (_ BitVec 64)) (start (_ BitVec 64)) (len (_ BitVec 64))) Bool
  (and (distinct len zero) (bvule start x) (bvult x (bvadd start len))))
; The pages a head at x brings (NR_PAGES(order), 1 for order 0).
(define-fun folio_span ((x (_ BitVec 64))) (_ BitVec 64)
  (ite (= (select order x) #x00) one (bvshl one ((_ zero_extend 56) (select order x)))))
(define-fun covers ((c (_ BitVec 32)) (x (_ BitVec 64))) Bool
  (= c (ite (pop x) #x00000001 #x00000000)))

; loop fixed.c:104
; The region pointer: at most one shape, and the input's region once set
; (so that the XE_WARN_ON branch, which returns without a failed
; submission, is never taken).
(assert (not (and c.vr@xe_device.o16 c.vr@xe_device.o176)))
(assert (=> c.vr@xe_device.o16 (= region #x00000000)))
(assert (=> c.vr@xe_device.o176 (= region #x00000001)))
(assert (=> c.vr@NULL.o_ (= c.vr@NULL.o_.off zero)))
(assert (or c.vr@NULL c.vr@NULL.o_ c.vr@xe_device.o16 c.vr@xe_device.o176))
; The open run ends at i, holds at most CHUNK pages, and does not wrap.
(assert (or (= c.len zero) (= (bvadd c.start c.len) i)))
(assert (bvule c.len #x0000000000000004))
(assert (bvule c.len i))
(assert (not failed))
; The witness: not yet covered from i on; in the open run, populated and
; not yet covered; before i and outside the run, covered once if populated.
(assert (=> (bvuge w i) (= cover #x00000000)))
(assert (=> (in_run w c.start c.len) (and (= cover #x00000000) (pop w))))
(assert (=> (and (bvult w i) (not (in_run w c.start c.len))) (covers cover w)))
; i is not inside a folio, unless the folio has no device pages.
(assert (or (= i zero) (= (select rem (bvsub i one)) #x0000) (not (select has i))))
; Frame: nothing at or after i has been written.
(assert (forall ((x (_ BitVec 64))) (=> (bvuge x i) (= (select sys_addr x) (select addr x)))))

; loop fixed.c:125
(assert (not (and c.vr@xe_device.o16 c.vr@xe_device.o176)))
(assert (=> c.vr@xe_device.o16 (= region #x00000000)))
(assert (=> c.vr@xe_device.o176 (= region #x00000001)))
(assert (or c.vr@xe_device.o16 c.vr@xe_device.o176))
(assert (not c.vr@NULL.o_))
; The open run ends at page i + j, which is inside the input.
(assert (or (= c.len zero) (= (bvadd c.start c.len) (bvadd i j))))
(assert (bvule c.len #x0000000000000004))
(assert (bvule c.len (bvadd i j)))
(assert (bvult (bvadd i j) npages))
; span is the head's folio, cut at npages.
(assert (= span (ite (bvugt (folio_span i) (bvsub npages i)) (bvsub npages i) (folio_span i))))
(assert (not failed))
(assert (=> (bvuge w (bvadd i j)) (= cover #x00000000)))
(assert (=> (in_run w c.start c.len) (and (= cover #x00000000) (pop w))))
(assert (=> (and (bvult w (bvadd i j)) (not (in_run w c.start c.len))) (covers cover w)))
; i is a head (not a tail) with a device page and a system address, and
; i + j is page j of its folio: a tail for j > 0, so populated.
(assert (or (= i zero) (= (select rem (bvsub i one)) #x0000)))
(assert (select has (bvadd i j)))
(assert (distinct (select addr i) zero))
(assert (= (bvadd (select rem (bvadd i j)) ((_ extract 15 0) j))
           (bvsub (bvshl #x0001 ((_ zero_extend 8) (select order i))) #x0001)))
(assert (or (= j zero) (distinct (select rem (bvsub (bvadd i j) one)) #x0000)))
(assert (pop (bvadd i j)))
; Frame: nothing at or after i + j has been written.
(assert (forall ((x (_ BitVec 64))) (=> (bvuge x (bvadd i j)) (= (select sys_addr x) (select addr x)))))
