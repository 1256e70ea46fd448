// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_fence
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-FENCE
 *
 * Waits for jobs but never drops a fence reference.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .leak_fences = true });
