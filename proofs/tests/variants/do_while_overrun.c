// SPDX-License-Identifier: MIT
/*
 * Variant: do_while_overrun
 * Api: G1
 * Source: proofs/tests: Horn-encoding fixture, a back-edge guard that is no loop invariant
 * Expect: pass
 *
 * Looks at entry i before it tests i < npages, so with no pages it reads
 * dma_addr[0], one past the end (MEM-SAFETY; the replay's arrays are not
 * checked, hence 'pass' for the other harnesses). The guard of the back
 * edge, i < npages, is a candidate invariant of the loop header that does
 * not hold on entry when npages is 0: the Horn encoding must drop it and
 * still reach the read.
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

static int overrun_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	unsigned long i = 0;

	do {
		/* A step that depends on the data keeps the guard as written. */
		if (dma_addr[i]) {
			dma_fence_put(NULL);
			i++;
		} else {
			i += 2;
		}
	} while (i < npages);
	return 0;
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = overrun_copy,
	.copy_to_ram = overrun_copy,
};
