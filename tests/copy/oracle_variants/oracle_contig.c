// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_contig
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-CONTIG, COPY-DATA
 *
 * Passes a VRAM base one page past the page it copies.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .base_off_by_one = true });
