// SPDX-License-Identifier: MIT
/*
 * Glue for one device-memory variant. The variant's file is included
 * unchanged; before it, two sets of names are redirected:
 *  - its buddy calls go to the checking wrappers of glue_buddy.c, which
 *    check the locking contract at the buddy's entry points and then call
 *    the real allocator (an address taken of a buddy function is not seen);
 *  - its global functions get the variant's name as prefix, so that every
 *    variant links into one library.
 * Built once per variant with SVM_VARIANT_FILE, SVM_VARIANT_STEM and
 * SVM_VARIANT_ENTRY set by src/devmem/CMakeLists.txt.
 */
#include <drm/drm_buddy.h>
#include "devmem/glue_devmem.h"

#ifndef SVM_VARIANT_STEM
#define SVM_VARIANT_STEM syntax_check
#endif
#define GLUE_CAT2(a, b) a##_##b
#define GLUE_CAT(a, b) GLUE_CAT2(a, b)

#define xe_devm_alloc_pages GLUE_CAT(SVM_VARIANT_STEM, devm_alloc_pages)
#define xe_devm_free_blocks GLUE_CAT(SVM_VARIANT_STEM, devm_free_blocks)
#define xe_devm_page_free GLUE_CAT(SVM_VARIANT_STEM, devm_page_free)

#define drm_buddy_alloc_blocks(mm, start, end, size, min, blocks, flags) \
	glue_buddy_alloc_blocks(mm, start, end, size, min, blocks, flags, __FILE__, __LINE__)
#define drm_buddy_free_block(mm, block) glue_buddy_free_block(mm, block, __FILE__, __LINE__)
#define drm_buddy_free_list(mm, objects, flags) \
	glue_buddy_free_list(mm, objects, flags, __FILE__, __LINE__)
#define drm_buddy_block_trim(mm, start, size, blocks) \
	glue_buddy_block_trim(mm, start, size, blocks, __FILE__, __LINE__)

#include SVM_VARIANT_FILE

extern const struct glue_devmem_impl SVM_VARIANT_ENTRY;
const struct glue_devmem_impl SVM_VARIANT_ENTRY = {
	.alloc_pages = xe_devm_alloc_pages,
	.free_blocks = xe_devm_free_blocks,
	.pagemap_ops = &xe_devm_pagemap_ops,
};
