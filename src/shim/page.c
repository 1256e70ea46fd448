// SPDX-License-Identifier: MIT
/*
 * Device pages: pfn lookup over the pagemaps the hardware doubles register,
 * and a page reference count whose drop to zero calls the pagemap's
 * page_free (as core mm does for ZONE_DEVICE pages).
 */
#include <shim/kernel.h>

#define SHIM_MAX_PAGEMAPS 8

static struct dev_pagemap *pagemaps[SHIM_MAX_PAGEMAPS];

void shim_pagemap_register(struct dev_pagemap *pgmap)
{
	for (int i = 0; i < SHIM_MAX_PAGEMAPS; i++) {
		if (!pagemaps[i]) {
			pagemaps[i] = pgmap;
			return;
		}
	}
	shim_bug(__FILE__, __LINE__, "too many pagemaps");
}

void shim_pagemap_unregister(struct dev_pagemap *pgmap)
{
	for (int i = 0; i < SHIM_MAX_PAGEMAPS; i++)
		if (pagemaps[i] == pgmap)
			pagemaps[i] = NULL;
}

struct page *pfn_to_page(unsigned long pfn)
{
	for (int i = 0; i < SHIM_MAX_PAGEMAPS; i++) {
		struct dev_pagemap *p = pagemaps[i];

		if (p && pfn >= p->shim_pfn_first && pfn - p->shim_pfn_first < p->shim_nr_pages)
			return &p->shim_pages[pfn - p->shim_pfn_first];
	}
	shim_bug(__FILE__, __LINE__, "pfn_to_page: pfn outside every registered pagemap");
}

void zone_device_page_init(struct page *page)
{
	if (page->_refcount.counter != 0)
		shim_report(SHIM_REPORT_WARN, __FILE__, __LINE__,
			    "zone_device_page_init on a page that is still referenced");
	page->_refcount.counter = 1;
	page->shim_locked = true;
}

void get_page(struct page *page)
{
	if (page->_refcount.counter <= 0)
		shim_report(SHIM_REPORT_WARN, __FILE__, __LINE__, "get_page on a free page");
	page->_refcount.counter++;
}

void put_page(struct page *page)
{
	if (page->_refcount.counter <= 0) {
		shim_report(SHIM_REPORT_WARN, __FILE__, __LINE__, "put_page on a free page");
		return;
	}
	if (--page->_refcount.counter == 0 && page->pgmap && page->pgmap->ops &&
	    page->pgmap->ops->page_free) {
		page->shim_locked = false;
		page->pgmap->ops->page_free(page);
	}
}
