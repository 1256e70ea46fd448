/* SPDX-License-Identifier: MIT */
/*
 * svm_copy_abi.h - the one door between the copy harness (C++) and the copy
 * code under test (C). Plain C, fixed-width integers, no kernel type.
 *
 * An input describes a migration: per index, the device page (region and
 * page number, or none), the system page (0 = no page) and, for API
 * generations with folios, the folio order of a head. svm_copy_run() builds
 * the kernel objects, calls the variant, lets every job and fence finish,
 * and reports what the hardware doubles saw.
 */
#ifndef SVM_COPY_ABI_H
#define SVM_COPY_ABI_H
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum svm_dir { SVM_TO_VRAM = 0, SVM_TO_SRAM = 1 };
enum svm_prefence { SVM_PREFENCE_NONE = 0, SVM_PREFENCE_SIGNALED = 1, SVM_PREFENCE_PENDING = 2 };

#define SVM_NO_REGION (-1)
#define SVM_MAX_REGIONS 2
/* Memory spaces of a change record: the system memory, then each VRAM region. */
#define SVM_SPACE_SYS 0u
#define SVM_SPACE_VRAM(r) (1u + (uint32_t)(r))

struct svm_copy_entry {
	int32_t region;    /* SVM_NO_REGION: pages[i] == NULL */
	uint32_t page;     /* page number inside the region */
	uint64_t sys_page; /* system page number; 0: no page (address 0) */
	uint8_t order;     /* folio order of a head (API generations 2+) */
};

struct svm_copy_input {
	uint32_t dir;     /* enum svm_dir */
	uint32_t npages;
	const struct svm_copy_entry *entries;
	uint32_t fail_at;   /* 0: no failure; k: the k-th submission fails */
	int32_t fail_errno; /* negative errno of that failure */
	uint32_t prefence;  /* enum svm_prefence (generation 3) */
};

struct svm_copy_call {
	uint32_t seq;          /* 1-based submission number */
	uint32_t dir;
	int32_t engine;        /* region whose migrate engine got the call */
	uint64_t vram_base;    /* DPA argument */
	uint64_t npages;
	int64_t sys_index;     /* index of the system-side pointer in the caller's array, -1 if outside */
	int32_t result;        /* 0, or the negative errno the submission returned */
	uint8_t contract;      /* the call broke the migrate layer's contract (size) */
	uint8_t dep_prefence;  /* the pre-migrate fence was passed as dependency */
	uint8_t completed_at_return;
	int32_t fence_refs_at_end; /* references on the job's fence left after return */
};

struct svm_copy_report {
	int32_t kind; /* enum shim_report_kind */
	const char *file;
	int32_t line;
	const char *what;
};

struct svm_copy_change {
	uint32_t space; /* SVM_SPACE_* */
	uint64_t page;
	uint64_t before;
	uint64_t after;
	uint8_t cleared; /* the pre-migrate fence's clear wrote this page */
};

struct svm_copy_trace {
	int32_t ret;
	uint8_t bugged; /* BUG() fired and unwound the call */
	uint32_t ncalls;
	struct svm_copy_call *calls;
	uint32_t nreports;
	struct svm_copy_report *reports;
	uint32_t nchanges;
	struct svm_copy_change *changes;
	uint8_t prefence_signaled_at_return;
	int32_t prefence_refs_at_end; /* the caller's own reference included */
};

/* A compiled variant of the copy code (generated registry, src/copy/). */
struct svm_copy_variant {
	const char *name;
	const char *api;     /* "G1", "G2", "G3" */
	int api_gen;
	const char *expect;  /* "pass" or comma-separated property IDs */
	const char *source;
	const char *file;
	const char *description;
	/* Calls the variant's copy_to_devmem / copy_to_ram through its ops table. */
	int (*call)(uint32_t dir, void *pages, void *sys, unsigned long npages, void *pre_fence);
};

const struct svm_copy_variant *svm_copy_variants(size_t *count);
const struct svm_copy_variant *svm_copy_variant_find(const char *name);

int svm_copy_run(const struct svm_copy_variant *v, const struct svm_copy_input *in,
		 struct svm_copy_trace *out);
void svm_copy_trace_free(struct svm_copy_trace *t);

uint32_t svm_page_shift(void);
uint64_t svm_page_size(void);
/* Pages per migrate call allowed by the migrate layer: SZ_8M / PAGE_SIZE. */
uint64_t svm_chunk_pages(void);
uint32_t svm_region_pages(void);
uint64_t svm_region_dpa_base(int32_t region);
uint64_t svm_initial_tag(uint32_t space, uint64_t page);
uint64_t svm_cleared_tag(void);

#ifdef __cplusplus
}
#endif
#endif /* SVM_COPY_ABI_H */
