// SPDX-License-Identifier: MIT
/*
 * Checking wrappers of the buddy API for the device-memory variants. The
 * buddy has no lock of its own: the Xe VRAM manager serialises every user
 * with vram_mgr->lock, so each entry point here checks that the caller
 * holds it (DEVMEM-LOCK), records the blocks it hands out or takes back
 * (read before the real call, which may free the block's struct), and can
 * fail an allocation on demand before the allocator is touched.
 */
#include <abi/svm_devmem_abi.h>
#include "devmem/glue_devmem.h"
#include "xe_ttm_vram_mgr_types.h"

#define GLUE_MAX_EVENTS 4096

static struct svm_devmem_event events[GLUE_MAX_EVENTS];
static u32 nevents;
static unsigned long alloc_calls;
static unsigned long fail_at;
static int fail_err;
static void (*fail_hook)(void);

void glue_buddy_fail_at(unsigned long n, int err)
{
	fail_at = n ? alloc_calls + n : 0;
	fail_err = err;
}

void glue_buddy_set_fail_hook(void (*hook)(void))
{
	fail_hook = hook;
}

void glue_buddy_events_reset(void)
{
	nevents = 0;
}

uint32_t svm_devmem_events(const struct svm_devmem_event **ev)
{
	*ev = events;
	return nevents;
}

static bool glue_locked(struct drm_buddy *mm, const char *fn, const char *file, int line)
{
	struct xe_ttm_vram_mgr *mgr = container_of(mm, struct xe_ttm_vram_mgr, mm);

	if (shim_mutex_held(&mgr->lock))
		return true;
	shim_report(SHIM_REPORT_LOCK, file, line, fn);
	return false;
}

static void glue_event(u32 kind, bool locked, struct drm_buddy *mm, struct drm_buddy_block *block,
		       int ret, const char *file, int line)
{
	struct svm_devmem_event *e;

	if (nevents == GLUE_MAX_EVENTS)
		return;
	e = &events[nevents++];
	e->kind = kind;
	e->locked = locked;
	e->id = (uintptr_t)block;
	e->offset = block ? drm_buddy_block_offset(block) : 0;
	e->size = block ? drm_buddy_block_size(mm, block) : 0;
	e->ret = ret;
	e->file = file;
	e->line = line;
}

int glue_buddy_alloc_blocks(struct drm_buddy *mm, u64 start, u64 end, u64 size,
			    u64 min_block_size, struct list_head *blocks, unsigned long flags,
			    const char *file, int line)
{
	bool locked = glue_locked(mm, "drm_buddy_alloc_blocks without vram_mgr->lock", file, line);
	struct list_head *last = blocks->prev;
	struct drm_buddy_block *block;
	int ret;

	alloc_calls++;
	if (fail_at && alloc_calls == fail_at) {
		fail_at = 0;
		if (fail_hook)
			fail_hook();
		glue_event(SVM_DEVMEM_EV_FAIL, locked, mm, NULL, fail_err, file, line);
		return fail_err;
	}
	ret = drm_buddy_alloc_blocks(mm, start, end, size, min_block_size, blocks, flags);
	if (ret) {
		glue_event(SVM_DEVMEM_EV_FAIL, locked, mm, NULL, ret, file, line);
		return ret;
	}
	/* The new blocks are appended after what the list held before. */
	for (struct list_head *p = last->next; p != blocks; p = p->next) {
		block = list_entry(p, struct drm_buddy_block, link);
		glue_event(SVM_DEVMEM_EV_ALLOC, locked, mm, block, 0, file, line);
	}
	return 0;
}

void glue_buddy_free_block(struct drm_buddy *mm, struct drm_buddy_block *block,
			   const char *file, int line)
{
	bool locked = glue_locked(mm, "drm_buddy_free_block without vram_mgr->lock", file, line);

	glue_event(SVM_DEVMEM_EV_FREE, locked, mm, block, 0, file, line);
	drm_buddy_free_block(mm, block);
}

void glue_buddy_free_list(struct drm_buddy *mm, struct list_head *objects, unsigned int flags,
			  const char *file, int line)
{
	bool locked = glue_locked(mm, "drm_buddy_free_list without vram_mgr->lock", file, line);
	struct drm_buddy_block *block;

	list_for_each_entry(block, objects, link)
		glue_event(SVM_DEVMEM_EV_FREE, locked, mm, block, 0, file, line);
	drm_buddy_free_list(mm, objects, flags);
}

int glue_buddy_block_trim(struct drm_buddy *mm, u64 *start, u64 new_size,
			  struct list_head *blocks, const char *file, int line)
{
	glue_locked(mm, "drm_buddy_block_trim without vram_mgr->lock", file, line);
	return drm_buddy_block_trim(mm, start, new_size, blocks);
}
