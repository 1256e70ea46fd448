// SPDX-License-Identifier: MIT
/*
 * dma_fence double: fences are never freed while a run is live, so a use
 * after the last put is seen as a reference error instead of a crash.
 */
#include <shim/kernel.h>

struct dma_fence *dma_fence_get(struct dma_fence *fence)
{
	if (!fence)
		return NULL;
	if (fence->shim_refcount <= 0)
		shim_report(SHIM_REPORT_FENCE, __FILE__, __LINE__, "dma_fence_get on a released fence");
	fence->shim_refcount++;
	return fence;
}

void dma_fence_put(struct dma_fence *fence)
{
	if (!fence)
		return;
	if (fence->shim_refcount <= 0) {
		shim_report(SHIM_REPORT_FENCE, __FILE__, __LINE__, "dma_fence_put on a released fence");
		return;
	}
	fence->shim_refcount--;
}

bool dma_fence_is_signaled(struct dma_fence *fence)
{
	if (fence->shim_refcount <= 0)
		shim_report(SHIM_REPORT_FENCE, __FILE__, __LINE__, "dma_fence_is_signaled on a released fence");
	return fence->shim_signaled;
}

long dma_fence_wait(struct dma_fence *fence, bool intr)
{
	(void)intr;
	if (fence->shim_refcount <= 0)
		shim_report(SHIM_REPORT_FENCE, __FILE__, __LINE__, "dma_fence_wait on a released fence");
	if (!fence->shim_signaled && fence->shim_complete)
		fence->shim_complete(fence);
	fence->shim_signaled = true;
	return 0;
}

int dma_fence_get_status(struct dma_fence *fence)
{
	if (!fence->shim_signaled)
		return 0;
	return fence->error ? fence->error : 1;
}
