/* SPDX-License-Identifier: MIT */
/*
 * dup.h - declarations that mirror the kernel API the code under test uses.
 *
 * Everything here must track the kernel's names, types and semantics so
 * that an unmodified kernel file compiles against it. Behaviour that the
 * harness observes or injects lives in custom.h; plain no-ops in stubs.h.
 */
#ifndef SHIM_DUP_H
#define SHIM_DUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#ifndef PAGE_SHIFT
#error "PAGE_SHIFT is a build setting: compile with -DPAGE_SHIFT=12 (or 21, ...)"
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 dma_addr_t;
typedef u64 phys_addr_t;
typedef u64 resource_size_t;
typedef unsigned int gfp_t;
typedef s64 ktime_t;
typedef struct { int counter; } atomic_t;

#define __user
#define __iomem
#define __rcu
#define __force
#define __must_check __attribute__((warn_unused_result))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define noinline __attribute__((noinline))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define fallthrough __attribute__((fallthrough))
#define READ_ONCE(x) (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define NR_PAGES(order) (1U << (order))

#define SZ_1K 0x00000400
#define SZ_4K 0x00001000
#define SZ_8K 0x00002000
#define SZ_64K 0x00010000
#define SZ_1M 0x00100000
#define SZ_2M 0x00200000
#define SZ_4M 0x00400000
#ifdef SVM_PROOF_SYMBOLIC_SZ_8M
/* Proof builds only (svmcheck-prove --spacer --chunk any): the migrate
 * limit is a constant the prover does not know, so a proof holds for every
 * SZ_8M that is a whole number of pages. */
extern const unsigned long svm_proof_sz_8m;
#define SZ_8M svm_proof_sz_8m
#else
#define SZ_8M 0x00800000
#endif
#define SZ_16M 0x01000000
#define SZ_1G 0x40000000ULL

#define BITS_PER_LONG 64
#define BITS_PER_BYTE 8
#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
#define GENMASK(h, l) (((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) (((~0ULL) - (1ULL << (l)) + 1) & (~0ULL >> (63 - (h))))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_LONG)
#define BITS_TO_BYTES(nr) DIV_ROUND_UP(nr, BITS_PER_BYTE)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a) - 1)) == 0)
#define ALIGN(x, a) (((x) + ((typeof(x))(a) - 1)) & ~((typeof(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define round_up(x, y) ((((x) - 1) | ((typeof(x))(y) - 1)) + 1)
#define round_down(x, y) ((x) & ~((typeof(x))(y) - 1))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define swap(a, b) do { typeof(a) __t = (a); (a) = (b); (b) = __t; } while (0)
#define U64_MAX UINT64_MAX
#define U32_MAX UINT32_MAX

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* errno values: the kernel's numbers (identical to glibc's on Linux). */
#define EPERM 1
#define ENOENT 2
#define EIO 5
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define EOPNOTSUPP 95
#define ETIME 62
#define ETIMEDOUT 110
#define MAX_ERRNO 4095

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }

/* Bit helpers (log2 and friends) */
static inline int fls64(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }
static inline unsigned long __ffs64(u64 x) { return __builtin_ctzll(x); }
static inline unsigned long __fls(unsigned long x) { return 63 - __builtin_clzl(x); }
static inline unsigned long __ffs(unsigned long x) { return __builtin_ctzl(x); }
#define ilog2(n) ((int)(63 - __builtin_clzll((u64)(n))))
#define is_power_of_2(n) ((n) != 0 && (((n) & ((n) - 1)) == 0))
#define rounddown_pow_of_two(n) (1ULL << ilog2(n))
#define roundup_pow_of_two(n) ((n) <= 1 ? 1ULL : 1ULL << (ilog2((n) - 1) + 1))
#define hweight64(x) __builtin_popcountll(x)
#define hweight_long(x) __builtin_popcountl(x)

/* Doubly linked list, the kernel's semantics. */
struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)
#define LIST_POISON1 ((void *)0x100)
#define LIST_POISON2 ((void *)0x122)

static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l; l->prev = l; }
static inline void __list_add(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *h) { __list_add(n, h, h->next); }
static inline void list_add_tail(struct list_head *n, struct list_head *h) { __list_add(n, h->prev, h); }
static inline void __list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	prev->next = next;
}
static inline void list_del(struct list_head *e)
{
	__list_del(e->prev, e->next);
	e->next = (struct list_head *)LIST_POISON1;
	e->prev = (struct list_head *)LIST_POISON2;
}
static inline void list_del_init(struct list_head *e) { __list_del(e->prev, e->next); INIT_LIST_HEAD(e); }
static inline void list_move(struct list_head *e, struct list_head *h) { __list_del(e->prev, e->next); list_add(e, h); }
static inline void list_move_tail(struct list_head *e, struct list_head *h) { __list_del(e->prev, e->next); list_add_tail(e, h); }
static inline int list_empty(const struct list_head *h) { return h->next == h; }
static inline int list_is_last(const struct list_head *e, const struct list_head *h) { return e->next == h; }
static inline int list_is_head(const struct list_head *e, const struct list_head *h) { return e == h; }
static inline void __list_splice(const struct list_head *list, struct list_head *prev, struct list_head *next)
{
	struct list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}
static inline void list_splice(const struct list_head *l, struct list_head *h) { if (!list_empty(l)) __list_splice(l, h, h->next); }
static inline void list_splice_tail(struct list_head *l, struct list_head *h) { if (!list_empty(l)) __list_splice(l, h->prev, h); }
static inline void list_splice_init(struct list_head *l, struct list_head *h) { if (!list_empty(l)) { __list_splice(l, h, h->next); INIT_LIST_HEAD(l); } }
static inline void list_splice_tail_init(struct list_head *l, struct list_head *h) { if (!list_empty(l)) { __list_splice(l, h->prev, h); INIT_LIST_HEAD(l); } }
static inline void list_replace(struct list_head *old, struct list_head *n)
{
	n->next = old->next;
	n->next->prev = n;
	n->prev = old->prev;
	n->prev->next = n;
}
static inline size_t list_count_nodes(struct list_head *h)
{
	size_t n = 0;
	for (struct list_head *p = h->next; p != h; p = p->next)
		n++;
	return n;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) list_entry((ptr)->prev, type, member)
#define list_first_entry_or_null(ptr, type, member) \
	(!list_empty(ptr) ? list_first_entry(ptr, type, member) : NULL)
#define list_next_entry(pos, member) list_entry((pos)->member.next, typeof(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, typeof(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_entry(pos, head, member)                                  \
	for (pos = list_first_entry(head, typeof(*pos), member);                \
	     !list_entry_is_head(pos, head, member); pos = list_next_entry(pos, member))
#define list_for_each_entry_reverse(pos, head, member)                          \
	for (pos = list_last_entry(head, typeof(*pos), member);                 \
	     !list_entry_is_head(pos, head, member); pos = list_prev_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)                          \
	for (pos = list_first_entry(head, typeof(*pos), member),                \
	     n = list_next_entry(pos, member);                                  \
	     !list_entry_is_head(pos, head, member); pos = n, n = list_next_entry(n, member))
#define list_for_each_entry_safe_reverse(pos, n, head, member)                  \
	for (pos = list_last_entry(head, typeof(*pos), member),                 \
	     n = list_prev_entry(pos, member);                                  \
	     !list_entry_is_head(pos, head, member); pos = n, n = list_prev_entry(n, member))

/* Bitmaps, as unsigned long arrays. */
static inline void set_bit(unsigned long nr, unsigned long *addr) { addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG); }
static inline void clear_bit(unsigned long nr, unsigned long *addr) { addr[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG)); }
static inline bool test_bit(unsigned long nr, const unsigned long *addr) { return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1; }
void bitmap_fill(unsigned long *dst, unsigned int nbits);
void bitmap_zero(unsigned long *dst, unsigned int nbits);
bool bitmap_empty(const unsigned long *src, unsigned int nbits);
bool bitmap_full(const unsigned long *src, unsigned int nbits);
unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits);

/* Slab: implemented by the counting allocator in custom.h / slab.c. */
#define GFP_KERNEL 0x1u
#define GFP_NOWAIT 0x2u
#define __GFP_ZERO 0x100u
#define __GFP_NOWARN 0x200u
#define __GFP_RETRY_MAYFAIL 0x400u
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
void kfree(const void *p);
#define kvmalloc_array kmalloc_array
#define kvfree kfree
#define kvcalloc kcalloc
struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned long flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *p);
#define KMEM_CACHE(s, f) kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s), (f), NULL)
#define SLAB_HWCACHE_ALIGN 0x2000UL

/* Sorting helpers the buddy allocator may use. */
void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *),
	  void (*swap_fn)(void *, void *, int));

/* Pages of ZONE_DEVICE memory. */
struct page;
struct dev_pagemap_ops {
	void (*page_free)(struct page *page);
	int (*migrate_to_ram)(void *vmf);
};

enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_COHERENT,
};

struct dev_pagemap {
	const struct dev_pagemap_ops *ops;
	void *owner;
	enum memory_type type;
	/* Harness bookkeeping: the pfn range this pagemap covers. */
	unsigned long shim_pfn_first;
	unsigned long shim_nr_pages;
	struct page *shim_pages;
};

/*
 * struct page: only the fields the code under test reads. The harness
 * keeps the pfn in the page itself so page_to_pfn() is a load.
 */
struct page {
	unsigned long flags;
	struct dev_pagemap *pgmap;
	void *zone_device_data;
	atomic_t _refcount;
	unsigned long shim_pfn;
	bool shim_locked;
};

static inline unsigned long page_to_pfn(const struct page *page) { return page->shim_pfn; }
/* Newer kernels read the pagemap through an accessor. */
static inline struct dev_pagemap *page_pgmap(const struct page *page) { return page->pgmap; }
struct page *pfn_to_page(unsigned long pfn);
static inline bool is_device_private_page(const struct page *page)
{
	return page->pgmap && page->pgmap->type == MEMORY_DEVICE_PRIVATE;
}
static inline bool is_zone_device_page(const struct page *page) { return page->pgmap != NULL; }
static inline int page_ref_count(const struct page *page) { return page->_refcount.counter; }
void zone_device_page_init(struct page *page);
void get_page(struct page *page);
void put_page(struct page *page);

/* Mutexes: the double records the holder (custom.h). */
struct mutex {
	int shim_held;
	const char *shim_name;
};
void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
int mutex_trylock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);
void mutex_destroy(struct mutex *m);
#define DEFINE_MUTEX(name) struct mutex name = { 0, #name }

/* dma-fence: reference counted, the double tracks every reference. */
struct dma_fence;
struct dma_fence_ops {
	const char *(*get_driver_name)(struct dma_fence *fence);
	const char *(*get_timeline_name)(struct dma_fence *fence);
};
struct dma_fence {
	const struct dma_fence_ops *ops;
	int shim_refcount;
	bool shim_signaled;
	u64 context;
	u64 seqno;
	int error;
	unsigned int shim_id;
	/* Harness hook: makes the fence signal (completes its job in order). */
	void (*shim_complete)(struct dma_fence *fence);
};
struct dma_fence *dma_fence_get(struct dma_fence *fence);
void dma_fence_put(struct dma_fence *fence);
long dma_fence_wait(struct dma_fence *fence, bool intr);
bool dma_fence_is_signaled(struct dma_fence *fence);
int dma_fence_get_status(struct dma_fence *fence);

/* printk */
#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_INFO ""
#define KERN_DEBUG ""
int printk(const char *fmt, ...) __printf(1, 2);
#define pr_err(...) printk(__VA_ARGS__)
#define pr_warn(...) printk(__VA_ARGS__)
#define pr_info(...) printk(__VA_ARGS__)
#define pr_debug(...) do { } while (0)

/* Drawing printer used by drm_buddy_print() and friends. */
struct drm_printer {
	void (*printfn)(struct drm_printer *p, const char *str);
	void *arg;
};
void drm_printf(struct drm_printer *p, const char *f, ...) __printf(2, 3);

#endif /* SHIM_DUP_H */
