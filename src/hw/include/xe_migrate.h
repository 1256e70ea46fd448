/* SPDX-License-Identifier: MIT */
/*
 * The migrate engine's copy entry points, with the prototype of each API
 * generation. The double's C symbols carry the generation (hw_gN_...), so
 * variants of every generation link into one program.
 */
#ifndef HW_XE_MIGRATE_H
#define HW_XE_MIGRATE_H
#include "xe_hw.h"
#include <drm/drm_pagemap.h>

struct xe_migrate {
	struct xe_tile *tile;
	int id;
};

struct dma_fence *hw_g1_migrate_to_vram(struct xe_migrate *m, unsigned long npages,
					dma_addr_t *src_addr, u64 dst_addr);
struct dma_fence *hw_g1_migrate_from_vram(struct xe_migrate *m, unsigned long npages,
					  u64 src_addr, dma_addr_t *dst_addr);
struct dma_fence *hw_g2_migrate_to_vram(struct xe_migrate *m, unsigned long npages,
					struct drm_pagemap_addr *src_addr, u64 dst_addr);
struct dma_fence *hw_g2_migrate_from_vram(struct xe_migrate *m, unsigned long npages,
					  u64 src_addr, struct drm_pagemap_addr *dst_addr);
struct dma_fence *hw_g3_migrate_to_vram(struct xe_migrate *m, unsigned long npages,
					struct drm_pagemap_addr *src_addr, u64 dst_addr,
					struct dma_fence *deps);
struct dma_fence *hw_g3_migrate_from_vram(struct xe_migrate *m, unsigned long npages,
					  u64 src_addr, struct drm_pagemap_addr *dst_addr,
					  struct dma_fence *deps);

#if defined(SVM_API_GEN) && SVM_API_GEN == 1
#define xe_migrate_to_vram hw_g1_migrate_to_vram
#define xe_migrate_from_vram hw_g1_migrate_from_vram
#elif defined(SVM_API_GEN) && SVM_API_GEN == 2
#define xe_migrate_to_vram hw_g2_migrate_to_vram
#define xe_migrate_from_vram hw_g2_migrate_from_vram
#elif defined(SVM_API_GEN) && SVM_API_GEN == 3
#define xe_migrate_to_vram hw_g3_migrate_to_vram
#define xe_migrate_from_vram hw_g3_migrate_from_vram
#endif

#endif /* HW_XE_MIGRATE_H */
