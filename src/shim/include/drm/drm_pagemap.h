/* SPDX-License-Identifier: MIT */
/*
 * drm_pagemap / drm_gpusvm device-memory ops, as each API generation of the
 * kernel declares them. SVM_API_GEN (1, 2, 3) is set per compiled variant.
 */
#ifndef SHIM_DRM_PAGEMAP_H
#define SHIM_DRM_PAGEMAP_H
#include <shim/kernel.h>

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

/* G2+: one entry of the system side of a migration (addr 0 = no page). */
struct drm_pagemap_addr {
	dma_addr_t addr;
	u64 proto : 54;
	u64 order : 8;
	u64 dir : 2;
};

struct drm_pagemap_devmem;

#if !defined(SVM_API_GEN) || SVM_API_GEN == 1
struct drm_gpusvm_devmem;
/* G1 (Linux 6.15): the copy callbacks take a dma_addr_t array. */
struct drm_gpusvm_devmem_ops {
	void (*devmem_release)(struct drm_gpusvm_devmem *devmem_allocation);
	int (*populate_devmem_pfn)(struct drm_gpusvm_devmem *devmem_allocation,
				   unsigned long npages, unsigned long *pfn);
	int (*copy_to_devmem)(struct page **pages, dma_addr_t *dma_addr, unsigned long npages);
	int (*copy_to_ram)(struct page **pages, dma_addr_t *dma_addr, unsigned long npages);
};
#endif

#if defined(SVM_API_GEN) && SVM_API_GEN == 2
/* G2 (Aug 2025): struct drm_pagemap_addr with folio orders. */
struct drm_pagemap_devmem_ops {
	void (*devmem_release)(struct drm_pagemap_devmem *devmem_allocation);
	int (*populate_devmem_pfn)(struct drm_pagemap_devmem *devmem_allocation,
				   unsigned long npages, unsigned long *pfn);
	int (*copy_to_devmem)(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
			      unsigned long npages);
	int (*copy_to_ram)(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
			   unsigned long npages);
};
#endif

#if defined(SVM_API_GEN) && SVM_API_GEN == 3
/* G3 (Dec 2025): a pre-migrate fence the first copy must depend on. */
struct drm_pagemap_devmem_ops {
	void (*devmem_release)(struct drm_pagemap_devmem *devmem_allocation);
	int (*populate_devmem_pfn)(struct drm_pagemap_devmem *devmem_allocation,
				   unsigned long npages, unsigned long *pfn);
	int (*copy_to_devmem)(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
			      unsigned long npages, struct dma_fence *pre_migrate_fence);
	int (*copy_to_ram)(struct page **pages, struct drm_pagemap_addr *pagemap_addr,
			   unsigned long npages, struct dma_fence *pre_migrate_fence);
};
#endif

#endif /* SHIM_DRM_PAGEMAP_H */
