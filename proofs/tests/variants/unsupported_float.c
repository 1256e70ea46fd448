// SPDX-License-Identifier: MIT
/*
 * Variant: unsupported_float
 * Api: G1
 * Source: proofs/tests: translator fixture, floating-point arithmetic the translator has no rule for
 * Expect: pass
 *
 * Returns a value computed in floating point. The translator must refuse
 * the conversion instruction by name, with its source line.
 */
#include <linux/types.h>
#include <drm/drm_gpusvm.h>
#include "xe_migrate.h"
#include "xe_svm.h"

static int float_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return npages > 1000 ? (int)(npages * 0.75) : 0;
}

static int nothing_to_copy(struct page **pages, dma_addr_t *dma_addr, unsigned long npages)
{
	return 0;
}

static const struct drm_gpusvm_devmem_ops gpusvm_devmem_ops __maybe_unused = {
	.copy_to_devmem = float_copy,
	.copy_to_ram = nothing_to_copy,
};
