// SPDX-License-Identifier: MIT
/*
 * Variant: stalled_counter
 * Api: G1
 * Source: proofs/tests: translator fixture, a loop counter that does not grow on every iteration
 * Expect: COPY-ONCE
 *
 * Copies nothing (so COPY-ONCE fails). Its counter grows by a step that
 * is 0 once, on the first visit of an index without a system address. The
 * translator must notice that keying the loop by its counter does not hold
 * and unroll the loop by iteration instead (the bound npages + 1 covers
 * the one stall).
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

static int stalled_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	unsigned long i = 0, stall = 0;

	while (i < npages) {
		unsigned long step = dma_addr[i] ? 1 : stall;

		stall = 1;
		dma_fence_put(NULL);
		i += step;
	}
	return 0;
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = stalled_copy,
	.copy_to_ram = stalled_copy,
};
