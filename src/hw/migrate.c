// SPDX-License-Identifier: MIT
/*
 * Migrate engine double. Every submission is recorded; a successful one
 * becomes a job on its engine's in-order queue whose fence completes when
 * waited for (or when a later job of the same engine completes). A job
 * copies page tags when it completes, after its dependency has signalled,
 * so a copy that nobody waited for, or that ran before the pre-migrate
 * clear, shows up in memory as well as in the trace.
 *
 * Callee contracts per API generation:
 *   G1   more than SZ_8M in one call: -EINVAL, nothing queued.
 *   G2+  more than SZ_8M: xe_assert and WARN fire, the over-long copy runs;
 *        zero tail entries of each order>0 head inside the call are filled
 *        with head.addr + j * PAGE_SIZE, in the caller's array.
 */
#include <stdlib.h>
#include <string.h>
#include "hw_internal.h"

struct hw_pair {
	u32 src_space, dst_space;
	u64 src_page, dst_page;
};

struct hw_job {
	struct dma_fence fence;
	int engine;
	u32 call;
	struct dma_fence *dep;
	struct hw_pair *pairs;
	u64 npairs;
	bool done;
};

static struct hw_run_config cfg;
static struct svm_copy_call *calls;
static u32 ncalls, cap_calls;
static struct hw_job **jobs;
static u32 njobs, cap_jobs;

static void *grow(void *p, u32 *cap, size_t elem)
{
	*cap = *cap ? 2 * *cap : 64;
	p = realloc(p, *cap * elem);
	if (!p)
		abort();
	return p;
}

static void job_run(struct hw_job *job)
{
	if (job->dep) {
		if (!job->dep->shim_signaled && job->dep->shim_complete)
			job->dep->shim_complete(job->dep);
		job->dep->shim_signaled = true;
		dma_fence_put(job->dep);
		job->dep = NULL;
	}
	for (u64 k = 0; k < job->npairs; k++) {
		const struct hw_pair *p = &job->pairs[k];

		hw_mem_write(p->dst_space, p->dst_page, hw_mem_read(p->src_space, p->src_page), false);
	}
	job->done = true;
	job->fence.shim_signaled = true;
}

/* In-order engine: completing a job completes every earlier job of its engine. */
static void job_complete(struct dma_fence *fence)
{
	struct hw_job *job = container_of(fence, struct hw_job, fence);

	for (u32 i = 0; i < njobs; i++) {
		if (jobs[i]->engine == job->engine && !jobs[i]->done)
			job_run(jobs[i]);
		if (jobs[i] == job)
			break;
	}
}

void hw_migrate_begin_run(const struct hw_run_config *c)
{
	cfg = *c;
	ncalls = 0;
	njobs = 0;
}

void hw_migrate_mark_return(void)
{
	for (u32 i = 0; i < njobs; i++)
		calls[jobs[i]->call].completed_at_return = jobs[i]->done;
}

void hw_migrate_drain(void)
{
	for (u32 i = 0; i < njobs; i++)
		if (!jobs[i]->done)
			job_complete(&jobs[i]->fence);
	if (cfg.prefence && !cfg.prefence->shim_signaled) {
		cfg.prefence->shim_complete(cfg.prefence);
		cfg.prefence->shim_signaled = true;
	}
}

u32 hw_migrate_end_run(struct svm_copy_call **out)
{
	struct svm_copy_call *c = calloc(ncalls ? ncalls : 1, sizeof(*c));

	if (!c)
		abort();
	for (u32 i = 0; i < njobs; i++) {
		calls[jobs[i]->call].fence_refs_at_end = jobs[i]->fence.shim_refcount;
		free(jobs[i]->pairs);
		free(jobs[i]);
	}
	if (ncalls)
		memcpy(c, calls, ncalls * sizeof(*c));
	*out = c;
	njobs = 0;
	return ncalls;
}

static int64_t sys_index_of(const void *ptr)
{
	const char *base = cfg.sys_array, *p = ptr;

	if (!base || p < base || (size_t)(p - base) % cfg.sys_stride ||
	    (size_t)(p - base) / cfg.sys_stride >= cfg.sys_count)
		return -1;
	return (p - base) / cfg.sys_stride;
}

/*
 * The generation-independent part of a submission. 'sys_addr(k)' reads the
 * k-th system address of the call; 'gen' selects the contract.
 */
static struct dma_fence *submit(struct xe_migrate *m, u32 dir, unsigned long npages, u64 vram,
				const void *sys, int gen, struct dma_fence *deps)
{
	struct xe_vram_region *vr = &m->tile->mem.vram;
	struct svm_copy_call *call;
	struct hw_job *job;
	u64 chunk = SZ_8M / PAGE_SIZE;

	if (ncalls == cap_calls)
		calls = grow(calls, &cap_calls, sizeof(*calls));
	call = &calls[ncalls++];
	memset(call, 0, sizeof(*call));
	call->seq = ncalls;
	call->dir = dir;
	call->engine = m->id;
	call->vram_base = vram;
	call->npages = npages;
	call->sys_index = sys_index_of(sys);
	call->dep_prefence = deps && deps == cfg.prefence;

	if (cfg.fail_at && call->seq == cfg.fail_at) {
		call->result = cfg.fail_errno;
		return ERR_PTR(cfg.fail_errno);
	}
	if (npages > chunk) {
		call->contract = 1;
		if (gen == 1) {
			call->result = -EINVAL;
			return ERR_PTR(-EINVAL);
		}
		shim_report(SHIM_REPORT_ASSERT, __FILE__, __LINE__,
			    "migrate contract: npages <= SZ_8M / PAGE_SIZE");
		shim_report(SHIM_REPORT_WARN, __FILE__, __LINE__, "migrate: over-long copy");
	}
	if (gen >= 2) {
		struct drm_pagemap_addr *a = (struct drm_pagemap_addr *)sys;

		for (unsigned long k = 0; k < npages; k++) {
			if (!a[k].order || !a[k].addr)
				continue;
			for (unsigned long j = 1; j < NR_PAGES(a[k].order) && k + j < npages; j++)
				if (!a[k + j].addr)
					a[k + j].addr = a[k].addr + j * PAGE_SIZE;
		}
	}

	job = calloc(1, sizeof(*job));
	if (!job)
		abort();
	job->pairs = calloc(npages ? npages : 1, sizeof(*job->pairs));
	if (!job->pairs)
		abort();
	job->npairs = npages;
	for (unsigned long k = 0; k < npages; k++) {
		u64 addr = gen == 1 ? ((const dma_addr_t *)sys)[k] : ((const struct drm_pagemap_addr *)sys)[k].addr;
		u64 vpage = vram >= vr->dpa_base ? ((vram - vr->dpa_base) >> PAGE_SHIFT) + k : ~0ULL;
		u32 vspace = SVM_SPACE_VRAM(m->id);

		if (dir == SVM_TO_VRAM) {
			job->pairs[k] = (struct hw_pair){ SVM_SPACE_SYS, vspace, addr >> PAGE_SHIFT, vpage };
		} else {
			job->pairs[k] = (struct hw_pair){ vspace, SVM_SPACE_SYS, vpage, addr >> PAGE_SHIFT };
		}
	}
	job->engine = m->id;
	job->call = ncalls - 1;
	job->fence.shim_refcount = 1;
	job->fence.shim_id = ncalls;
	job->fence.seqno = ncalls;
	job->fence.context = m->id;
	job->fence.shim_complete = job_complete;
	if (deps)
		job->dep = dma_fence_get(deps);
	if (njobs == cap_jobs)
		jobs = grow(jobs, &cap_jobs, sizeof(*jobs));
	jobs[njobs++] = job;
	return &job->fence;
}

struct dma_fence *hw_g1_migrate_to_vram(struct xe_migrate *m, unsigned long npages,
					dma_addr_t *src_addr, u64 dst_addr)
{
	return submit(m, SVM_TO_VRAM, npages, dst_addr, src_addr, 1, NULL);
}

struct dma_fence *hw_g1_migrate_from_vram(struct xe_migrate *m, unsigned long npages,
					  u64 src_addr, dma_addr_t *dst_addr)
{
	return submit(m, SVM_TO_SRAM, npages, src_addr, dst_addr, 1, NULL);
}

struct dma_fence *hw_g2_migrate_to_vram(struct xe_migrate *m, unsigned long npages,
					struct drm_pagemap_addr *src_addr, u64 dst_addr)
{
	return submit(m, SVM_TO_VRAM, npages, dst_addr, src_addr, 2, NULL);
}

struct dma_fence *hw_g2_migrate_from_vram(struct xe_migrate *m, unsigned long npages,
					  u64 src_addr, struct drm_pagemap_addr *dst_addr)
{
	return submit(m, SVM_TO_SRAM, npages, src_addr, dst_addr, 2, NULL);
}

struct dma_fence *hw_g3_migrate_to_vram(struct xe_migrate *m, unsigned long npages,
					struct drm_pagemap_addr *src_addr, u64 dst_addr,
					struct dma_fence *deps)
{
	return submit(m, SVM_TO_VRAM, npages, dst_addr, src_addr, 3, deps);
}

struct dma_fence *hw_g3_migrate_from_vram(struct xe_migrate *m, unsigned long npages,
					  u64 src_addr, struct drm_pagemap_addr *dst_addr,
					  struct dma_fence *deps)
{
	return submit(m, SVM_TO_SRAM, npages, src_addr, dst_addr, 3, deps);
}
