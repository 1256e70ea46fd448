/* SPDX-License-Identifier: MIT */
/* Internal interface between the pieces of the hardware doubles. */
#ifndef HW_INTERNAL_H
#define HW_INTERNAL_H
#include "xe_migrate.h"
#include <abi/svm_copy_abi.h>

/* Fake memory: one tag per page stands for the page's bytes. */
u64 hw_mem_read(u32 space, u64 page);
void hw_mem_write(u32 space, u64 page, u64 tag, bool by_clear);
void hw_mem_begin_run(u64 sys_pages);
/* Appends every page written since hw_mem_begin_run() and restores it. */
u32 hw_mem_end_run(struct svm_copy_change **out);

/* Migrate engines and the call trace (src/hw/migrate.c). */
struct hw_run_config {
	u32 fail_at;
	int fail_errno;
	const void *sys_array;  /* the caller's system-side array */
	size_t sys_stride;      /* sizeof one entry */
	unsigned long sys_count;
	struct dma_fence *prefence;
};
void hw_migrate_begin_run(const struct hw_run_config *cfg);
/* Marks which jobs completed so far (called when the variant returns). */
void hw_migrate_mark_return(void);
/* Completes every job in order and signals the pre-fence. */
void hw_migrate_drain(void);
/* Hands over the call trace and releases the jobs. */
u32 hw_migrate_end_run(struct svm_copy_call **out);

#endif
