/* SPDX-License-Identifier: MIT */
/*
 * stubs.h - kernel facilities the code under test calls that the harness
 * deliberately does not model. Each line says what is left out.
 */
#ifndef SHIM_STUBS_H
#define SHIM_STUBS_H

/* No preemption or sleeping in userspace: might_sleep() checks nothing. */
#define might_sleep() do { } while (0)
/* No scheduler: cond_resched() never yields. */
#define cond_resched() do { } while (0)
/* Lockdep is replaced by the tracked mutex in custom.h; this annotation checks nothing. */
#define lockdep_assert_held(l) do { (void)(l); } while (0)
/* No module system: exports and metadata vanish. */
#define EXPORT_SYMBOL(s)
#define EXPORT_SYMBOL_GPL(s)
#define MODULE_LICENSE(s)
#define MODULE_DESCRIPTION(s)
#define module_init(f)
#define module_exit(f)
/* No tracepoints or debug logging: vm_dbg/drm_dbg print nothing. */
#define vm_dbg(dev, ...) do { (void)(dev); } while (0)
#define drm_dbg(dev, ...) do { (void)(dev); } while (0)
/* No statistics are kept. */
#define xe_gt_stats_incr(gt, id, n) do { (void)(gt); } while (0)
/* No real time: ktime_get() is a constant clock. */
static inline ktime_t ktime_get(void) { return 0; }
/* Pages are never locked for real: the flag only records that it happened. */
static inline void lock_page(struct page *p) { p->shim_locked = true; }
static inline void unlock_page(struct page *p) { p->shim_locked = false; }
/* No RCU: readers and writers run in one thread. */
#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
/* No real kmem caches beyond the counting allocator: flags are ignored. */
#define SLAB_PANIC 0UL

#endif /* SHIM_STUBS_H */
