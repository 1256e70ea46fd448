/* SPDX-License-Identifier: MIT */
/*
 * custom.h - doubles that observe or inject.
 *
 * WARN/BUG/asserts become findings with file and line (the harness decides
 * whether the input was in contract); the slab allocator counts live objects
 * and fails the n-th allocation on demand; mutexes record their holder so a
 * locking contract can be checked at an API boundary.
 */
#ifndef SHIM_CUSTOM_H
#define SHIM_CUSTOM_H

#include "shim/report.h"

#define WARN_ON(cond) ({                                                        \
	bool __c = !!(cond);                                                    \
	if (unlikely(__c))                                                      \
		shim_report(SHIM_REPORT_WARN, __FILE__, __LINE__, #cond);       \
	unlikely(__c);                                                          \
})
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN(cond, ...) WARN_ON(cond)
#define WARN_ONCE(cond, ...) WARN_ON(cond)
#define BUG() shim_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(cond) do { if (unlikely(cond)) shim_bug(__FILE__, __LINE__, #cond); } while (0)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

/* Slab fault injection and accounting (src/shim/slab.c). */
void shim_slab_fail_at(unsigned long n);
unsigned long shim_slab_live(void);
unsigned long shim_slab_calls(void);
void shim_slab_reset(void);
/* Called once each time an injected failure fires (NULL: none). */
void shim_slab_set_fail_hook(void (*hook)(void));
/* Red zones of every live object; reports (SHIM_REPORT_MEMORY) and counts new damage. */
unsigned long shim_slab_check_redzones(void);
/* Allocation sequence number now; objects allocated since a mark can be released. */
unsigned long shim_slab_mark(void);
/* Frees, without reports, every object allocated since mark and still live. */
unsigned long shim_slab_release_since(unsigned long mark);
/* Checks the poison of quarantined objects and returns them to libc. */
void shim_slab_quarantine_flush(void);

/* Pagemaps the hardware doubles expose to pfn_to_page() (src/shim/page.c). */
void shim_pagemap_register(struct dev_pagemap *pgmap);
void shim_pagemap_unregister(struct dev_pagemap *pgmap);

/* printk goes nowhere unless a tool turns it on. */
void shim_printk_enable(bool on);

/* Mutex contract checks (src/shim/mutex.c). */
bool shim_mutex_held(const struct mutex *m);

#endif /* SHIM_CUSTOM_H */
