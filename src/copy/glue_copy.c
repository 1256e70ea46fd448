// SPDX-License-Identifier: MIT
/*
 * Glue for one copy variant: includes the variant's file unchanged (its
 * functions stay static, as in the kernel) and exports one entry point that
 * calls through the variant's devmem ops table. Built once per variant with
 * SVM_VARIANT_FILE, SVM_VARIANT_ENTRY and SVM_API_GEN set by the build.
 */
#include <abi/svm_copy_abi.h>
#include SVM_VARIANT_FILE

int SVM_VARIANT_ENTRY(uint32_t dir, void *pages, void *sys, unsigned long npages, void *pre_fence);

int SVM_VARIANT_ENTRY(uint32_t dir, void *pages, void *sys, unsigned long npages, void *pre_fence)
{
#if SVM_API_GEN == 1
	const struct drm_gpusvm_devmem_ops *ops = &gpusvm_devmem_ops;

	(void)pre_fence;
	return dir == SVM_TO_VRAM ? ops->copy_to_devmem(pages, sys, npages)
				  : ops->copy_to_ram(pages, sys, npages);
#elif SVM_API_GEN == 2
	const struct drm_pagemap_devmem_ops *ops = &dpagemap_devmem_ops;

	(void)pre_fence;
	return dir == SVM_TO_VRAM ? ops->copy_to_devmem(pages, sys, npages)
				  : ops->copy_to_ram(pages, sys, npages);
#elif SVM_API_GEN == 3
	const struct drm_pagemap_devmem_ops *ops = &dpagemap_devmem_ops;

	return dir == SVM_TO_VRAM ? ops->copy_to_devmem(pages, sys, npages, pre_fence)
				  : ops->copy_to_ram(pages, sys, npages, pre_fence);
#else
#error "SVM_API_GEN must be 1, 2 or 3"
#endif
}
