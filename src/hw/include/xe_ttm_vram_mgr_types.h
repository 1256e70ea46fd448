/* SPDX-License-Identifier: MIT */
/*
 * The tile's VRAM manager, as far as device-memory code reaches into it:
 * the buddy allocator over the tile's VRAM and the mutex that serialises
 * every user of that buddy. The TTM resource manager around it is not
 * modelled.
 */
#ifndef _XE_TTM_VRAM_MGR_TYPES_H_
#define _XE_TTM_VRAM_MGR_TYPES_H_

#include <drm/drm_buddy.h>
#include <linux/mutex.h>

/**
 * struct xe_ttm_vram_mgr - the VRAM manager of one tile
 * @mm: the buddy allocator over [0, usable size) of the tile's VRAM
 * @lock: held around every call into @mm
 * @default_page_size: minimum block size of the manager's own allocations
 * @visible_size: CPU-visible part of the VRAM, in bytes
 * @visible_avail: free bytes of the CPU-visible part
 * @mem_type: the TTM placement this manager serves
 */
struct xe_ttm_vram_mgr {
	struct drm_buddy mm;
	struct mutex lock;
	u64 default_page_size;
	u64 visible_size;
	u64 visible_avail;
	u32 mem_type;
};

#endif /* _XE_TTM_VRAM_MGR_TYPES_H_ */
