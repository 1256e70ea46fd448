// SPDX-License-Identifier: MIT
/*
 * Counting slab allocator: every object is counted while live, freed memory
 * is poisoned before release, and the n-th allocation can be made to fail.
 *
 * Memory-safety checks without a sanitizer: each object is followed by a
 * red zone that kfree() (and shim_slab_check_redzones()) verify, and freed
 * objects wait poisoned in a quarantine, so a double kfree is recognised and
 * a stale pointer reads poison rather than recycled memory. Under ASan the
 * red zone and the quarantine are left out: ASan's own are exact and report
 * at the faulting access.
 *
 *   [ slab_header | object (size bytes) | red zone (SLAB_REDZONE bytes) ]
 *                 ^ returned pointer
 */
#include <stdlib.h>
#include <string.h>
#include <shim/kernel.h>

#if defined(__SANITIZE_ADDRESS__)
#define SLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_ASAN 1
#endif
#endif

#ifdef SLAB_ASAN
#define SLAB_REDZONE 0
#define SLAB_QUARANTINE 0
#else
#define SLAB_REDZONE 32
#define SLAB_QUARANTINE 512
#endif

struct kmem_cache {
	unsigned int size;
	const char *name;
};

/* Each object carries a header: its size, and its place in the live list. */
struct slab_header {
	struct slab_header *prev, *next;
	unsigned long seq;
	size_t size;
	u64 magic;
	bool redzone_reported;
} __aligned(16);

#define SLAB_MAGIC 0x5ab5ab5ab5ab5ab5ULL
#define SLAB_FREED_MAGIC 0xf4eef4eef4eef4eeULL
#define SLAB_POISON 0x6b
#define SLAB_REDZONE_BYTE 0xbb

static unsigned long live_objects;
static unsigned long alloc_calls;
static unsigned long fail_at;
static unsigned long alloc_seq;
static void (*fail_hook)(void);
/* Live objects, oldest first: the list head's next is the oldest. */
static struct slab_header live_head = { .prev = &live_head, .next = &live_head };

#if SLAB_QUARANTINE
static struct slab_header *quarantine[SLAB_QUARANTINE];
static unsigned int quarantine_next;
#endif

void shim_slab_fail_at(unsigned long n)
{
	fail_at = n ? alloc_calls + n : 0;
}

void shim_slab_set_fail_hook(void (*hook)(void))
{
	fail_hook = hook;
}

unsigned long shim_slab_live(void)
{
	return live_objects;
}

unsigned long shim_slab_calls(void)
{
	return alloc_calls;
}

void shim_slab_reset(void)
{
	fail_at = 0;
	alloc_calls = 0;
}

static __maybe_unused u8 *slab_redzone(struct slab_header *h)
{
	return (u8 *)(h + 1) + h->size;
}

static bool slab_redzone_intact(struct slab_header *h)
{
#if SLAB_REDZONE
	const u8 *rz = slab_redzone(h);

	for (size_t i = 0; i < SLAB_REDZONE; i++)
		if (rz[i] != SLAB_REDZONE_BYTE)
			return false;
#endif
	return true;
}

static void slab_check_redzone(struct slab_header *h)
{
	if (h->redzone_reported || slab_redzone_intact(h))
		return;
	h->redzone_reported = true;
	shim_report(SHIM_REPORT_MEMORY, __FILE__, __LINE__,
		    "slab: write past the end of an object (red zone overwritten)");
}

unsigned long shim_slab_check_redzones(void)
{
	unsigned long bad = 0;

	for (struct slab_header *h = live_head.next; h != &live_head; h = h->next) {
		bool was = h->redzone_reported;

		slab_check_redzone(h);
		bad += h->redzone_reported && !was;
	}
	return bad;
}

unsigned long shim_slab_mark(void)
{
	return alloc_seq;
}

static void slab_unlink(struct slab_header *h)
{
	h->prev->next = h->next;
	h->next->prev = h->prev;
	live_objects--;
}

unsigned long shim_slab_release_since(unsigned long mark)
{
	unsigned long n = 0;
	struct slab_header *h = live_head.next;

	while (h != &live_head) {
		struct slab_header *next = h->next;

		if (h->seq >= mark) {
			slab_unlink(h);
			h->magic = 0;
			free(h);
			n++;
		}
		h = next;
	}
	return n;
}

#if SLAB_QUARANTINE
static void slab_release(struct slab_header *h)
{
	const u8 *obj = (const u8 *)(h + 1);

	for (size_t i = 0; i < h->size; i++) {
		if (obj[i] != SLAB_POISON) {
			shim_report(SHIM_REPORT_MEMORY, __FILE__, __LINE__,
				    "slab: write to an object after kfree (poison overwritten)");
			break;
		}
	}
	h->magic = 0;
	free(h);
}
#endif

void shim_slab_quarantine_flush(void)
{
#if SLAB_QUARANTINE
	for (unsigned int i = 0; i < SLAB_QUARANTINE; i++) {
		if (quarantine[i]) {
			slab_release(quarantine[i]);
			quarantine[i] = NULL;
		}
	}
#endif
}

static void *slab_alloc(size_t size, bool zero)
{
	struct slab_header *h;

	alloc_calls++;
	if (fail_at && alloc_calls == fail_at) {
		fail_at = 0;
		if (fail_hook)
			fail_hook();
		return NULL;
	}
	h = malloc(sizeof(*h) + size + SLAB_REDZONE);
	if (!h)
		abort();
	h->size = size;
	h->magic = SLAB_MAGIC;
	h->seq = alloc_seq++;
	h->redzone_reported = false;
#if SLAB_REDZONE
	memset(slab_redzone(h), SLAB_REDZONE_BYTE, SLAB_REDZONE);
#endif
	h->prev = live_head.prev;
	h->next = &live_head;
	live_head.prev->next = h;
	live_head.prev = h;
	if (zero)
		memset(h + 1, 0, size);
	else
		memset(h + 1, 0xa5, size);
	live_objects++;
	return h + 1;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return slab_alloc(size, gfp & __GFP_ZERO);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	(void)gfp;
	return slab_alloc(size, true);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	(void)gfp;
	if (size && n > SIZE_MAX / size)
		return NULL;
	return slab_alloc(n * size, true);
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return slab_alloc(n * size, gfp & __GFP_ZERO);
}

void kfree(const void *p)
{
	struct slab_header *h;

	if (!p)
		return;
	h = (struct slab_header *)p - 1;
	if (h->magic == SLAB_FREED_MAGIC) {
		shim_report(SHIM_REPORT_MEMORY, __FILE__, __LINE__, "slab: double kfree");
		return;
	}
	if (h->magic != SLAB_MAGIC)
		shim_bug(__FILE__, __LINE__, "kfree of a pointer that is not live");
	slab_check_redzone(h);
	slab_unlink(h);
	memset(h + 1, SLAB_POISON, h->size);
#if SLAB_QUARANTINE
	h->magic = SLAB_FREED_MAGIC;
	if (quarantine[quarantine_next])
		slab_release(quarantine[quarantine_next]);
	quarantine[quarantine_next] = h;
	quarantine_next = (quarantine_next + 1) % SLAB_QUARANTINE;
#else
	h->magic = 0;
	free(h);
#endif
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned long flags, void (*ctor)(void *))
{
	struct kmem_cache *c = malloc(sizeof(*c));

	(void)align;
	(void)flags;
	(void)ctor;
	if (!c)
		abort();
	c->size = size;
	c->name = name;
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	free(c);
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	return slab_alloc(c->size, gfp & __GFP_ZERO);
}

void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	(void)gfp;
	return slab_alloc(c->size, true);
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	kfree(p);
}
