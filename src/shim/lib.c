// SPDX-License-Identifier: MIT
/* Small library routines of the kernel (bitmap, sort, printk, drm_printf). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shim/kernel.h>

/*
 * Like the kernel's, fill and zero write whole longs (bitmap_size() bytes),
 * bits past nbits included: a bitmap sized in bytes is overrun here as it
 * is in the kernel.
 */
void bitmap_fill(unsigned long *dst, unsigned int nbits)
{
	memset(dst, 0xff, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	memset(dst, 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		if (test_bit(i, src))
			return false;
	return true;
}

bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		if (!test_bit(i, src))
			return false;
	return true;
}

unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0;

	for (unsigned int i = 0; i < nbits; i++)
		w += test_bit(i, src);
	return w;
}

void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *),
	  void (*swap_fn)(void *, void *, int))
{
	(void)swap_fn;
	qsort(base, num, size, cmp);
}

static bool printk_quiet = true;

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (printk_quiet)
		return 0;
	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}

void shim_printk_enable(bool on)
{
	printk_quiet = !on;
}

void drm_printf(struct drm_printer *p, const char *f, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	if (p && p->printfn)
		p->printfn(p, buf);
}
