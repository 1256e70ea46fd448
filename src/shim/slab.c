// SPDX-License-Identifier: MIT
/*
 * Counting slab allocator: every object is counted while live, freed memory
 * is poisoned before release, and the n-th allocation can be made to fail.
 */
#include <stdlib.h>
#include <string.h>
#include <shim/kernel.h>

struct kmem_cache {
	unsigned int size;
	const char *name;
};

/* Each object carries a header so kfree() knows its size for poisoning. */
struct slab_header {
	size_t size;
	u64 magic;
};

#define SLAB_MAGIC 0x5ab5ab5ab5ab5ab5ULL
#define SLAB_POISON 0x6b

static unsigned long live_objects;
static unsigned long alloc_calls;
static unsigned long fail_at;

void shim_slab_fail_at(unsigned long n)
{
	fail_at = n ? alloc_calls + n : 0;
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

static void *slab_alloc(size_t size, bool zero)
{
	struct slab_header *h;

	alloc_calls++;
	if (fail_at && alloc_calls == fail_at) {
		fail_at = 0;
		return NULL;
	}
	h = malloc(sizeof(*h) + size);
	if (!h)
		abort();
	h->size = size;
	h->magic = SLAB_MAGIC;
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
	if (h->magic != SLAB_MAGIC)
		shim_bug(__FILE__, __LINE__, "kfree of a pointer that is not live");
	h->magic = 0;
	memset(h + 1, SLAB_POISON, h->size);
	live_objects--;
	free(h);
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
