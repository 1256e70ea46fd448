; Candidate loop invariants for COPY-CONTIG of src/copy/variants/fixed.c, for
; svmcheck-prove copy --spacer --variant fixed --prop COPY-CONTIG --invariants FILE
; With them COPY-CONTIG is PROVED for every npages (docs/proofs.md, "Given
; candidate invariants"; test proof-spacer-contig-fixed): with the system
; addresses abstracted Houdini keeps all of them, and both clauses into the
; violation are unsat under them, so Spacer is not needed. The same file
; with its loops renamed leaves the violation of fixed_contig_gap open
; (test proof-spacer-contig-defect).
; k is COPY-CONTIG's witness: an index of the system-side array.
(define-fun zero () (_ BitVec 64) #x0000000000000000)
(define-fun one () (_ BitVec 64) #x0000000000000001)
(define-fun dpa_at ((x (_ BitVec 64))) (_ BitVec 64)
  (bvadd dpa_base (bvmul ((_ zero_extend 32) (select page x)) page_size)))
(define-fun run_ok ((start (_ BitVec 64)) (len (_ BitVec 64)) (base (_ BitVec 64))) Bool
  (=> (and (bvule start k) (bvult (bvsub k start) len))
      (and (select has k) (= (dpa_at k) (bvadd base (bvmul (bvsub k start) page_size))))))

; loop fixed.c:104
(assert (not (and c.vr@xe_device.o16 c.vr@xe_device.o176)))
(assert (bvule c.len i))
(assert pagemap_addr@system_side_array)
(assert pages@pages__)
(assert (or (= c.len zero) (= (bvadd c.start c.len) i)))
(assert (bvule c.len #x0000000000000004))
(assert (run_ok c.start c.len c.base))
(assert (=> c.vr@xe_device.o16 (= region #x00000000)))
(assert (=> c.vr@xe_device.o176 (= region #x00000001)))
(assert (=> c.vr@NULL (= c.len zero)))
(assert (=> c.vr@NULL.o_ (= c.vr@NULL.o_.off zero)))
(assert (=> c.vr@NULL.o_ (= c.len zero)))
(assert (or c.vr@NULL c.vr@NULL.o_ c.vr@xe_device.o16 c.vr@xe_device.o176))

; loop fixed.c:125
(assert (not (and c.vr@xe_device.o16 c.vr@xe_device.o176)))
(assert (bvule c.len (bvadd i j)))
(assert pagemap_addr@system_side_array)
(assert pages@pages__)
(assert (or (= c.len zero) (= (bvadd c.start c.len) (bvadd i j))))
(assert (bvule c.len #x0000000000000004))
(assert (run_ok c.start c.len c.base))
(assert (=> c.vr@xe_device.o16 (= region #x00000000)))
(assert (=> c.vr@xe_device.o176 (= region #x00000001)))
(assert (or c.vr@xe_device.o16 c.vr@xe_device.o176))
(assert (select has i))
(assert (select has (bvadd i j)))
(assert (= (dpa_at (bvadd i j)) (bvadd dpa (bvmul j page_size))))
(assert (bvule (select order i) #x09))
(define-fun folio () (_ BitVec 64) (bvshl one ((_ zero_extend 56) (select order i))))
(assert (= span (ite (bvult folio (bvsub npages i)) folio (bvsub npages i))))
(assert (or (= j zero) (= (bvadd ((_ zero_extend 48) (select rem (bvsub (bvadd i j) one))) j)
                          folio)))
(assert (= dpa (dpa_at i)))
(assert (= (select page (bvadd i j)) (bvadd (select page i) ((_ extract 31 0) j))))
(assert (=> dpage@struct_page_of_region_0.i_ (= dpage@struct_page_of_region_0.i_.idx ((_ zero_extend 32) (select page i)))))
(assert (=> dpage@struct_page_of_region_1.i_ (= dpage@struct_page_of_region_1.i_.idx ((_ zero_extend 32) (select page i)))))
(assert (not c.vr@NULL.o_))
