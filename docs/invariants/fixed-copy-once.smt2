; Candidate loop invariants for COPY-ONCE of src/copy/variants/fixed.c, for
; svmcheck-prove copy --spacer --variant fixed --prop COPY-ONCE --invariants FILE
; An experiment, measured in docs/proofs.md ("Given candidate invariants"):
; it does NOT prove COPY-ONCE today. The frame fact (the last assertion of
; each loop) is quantified, Z3 gives up on its Houdini checks (unknown at
; 20 s, with or without a pattern), and the facts that need it fall with it.
; w is COPY-ONCE's witness index, cover the successful calls that hold it.
(define-fun zero () (_ BitVec 64) #x0000000000000000)
(define-fun one () (_ BitVec 64) #x0000000000000001)
(define-fun pop ((x (_ BitVec 64))) Bool
  (and (select has x)
       (or (distinct (select addr x) zero)
           (and (distinct x zero) (distinct (select rem (bvsub x one)) #x0000)))))
(define-fun in_run ((x (_ BitVec 64)) (start (_ BitVec 64)) (len (_ BitVec 64))) Bool
  (and (distinct len zero) (bvule start x) (bvult x (bvadd start len))))
(define-fun covers ((c (_ BitVec 32)) (x (_ BitVec 64))) Bool
  (= c (ite (pop x) #x00000001 #x00000000)))

; loop fixed.c:104
(assert (or (= c.len zero) (= (bvadd c.start c.len) i)))
(assert (bvule c.len #x0000000000000004))
(assert (not failed))
(assert (=> (bvuge w i) (= cover #x00000000)))
(assert (=> (in_run w c.start c.len) (and (= cover #x00000000) (pop w))))
(assert (=> (and (bvult w i) (not (in_run w c.start c.len))) (covers cover w)))
(assert (or (= i zero) (= (select rem (bvsub i one)) #x0000) (not (select has i))))
(assert (forall ((x (_ BitVec 64))) (=> (bvuge x i) (= (select sys_addr x) (select addr x)))))

; loop fixed.c:125
(assert (or (= c.len zero) (= (bvadd c.start c.len) (bvadd i j))))
(assert (bvule c.len #x0000000000000004))
(assert (not failed))
(assert (=> (bvuge w (bvadd i j)) (= cover #x00000000)))
(assert (=> (in_run w c.start c.len) (and (= cover #x00000000) (pop w))))
(assert (=> (and (bvult w (bvadd i j)) (not (in_run w c.start c.len))) (covers cover w)))
(assert (or (= i zero) (= (select rem (bvsub i one)) #x0000)))
(assert (select has (bvadd i j)))
(assert (distinct (select addr i) zero))
(assert (= (bvadd (select rem (bvadd i j)) ((_ extract 15 0) j))
           (bvsub (bvshl #x0001 ((_ zero_extend 8) (select order i))) #x0001)))
(assert (or (= j zero) (distinct (select rem (bvsub (bvadd i j) one)) #x0000)))
(assert (pop (bvadd i j)))
(assert (forall ((x (_ BitVec 64))) (=> (bvuge x (bvadd i j)) (= (select sys_addr x) (select addr x)))))
