// SPDX-License-Identifier: MIT
/*
 * Variant: unsupported_printk
 * Api: G1
 * Source: proofs/tests: translator fixture, calls an external function the prover has no semantics for
 * Expect: pass
 *
 * Logs through printk() before copying nothing. The translator must refuse
 * it with "unsupported: ... call to external function printk" and the
 * source line, never skip the call.
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

static int unsupported_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	printk("copying %lu pages\n", npages);
	return 0;
}

static int nothing_to_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return 0;
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = unsupported_copy,
	.copy_to_ram = nothing_to_copy,
};
