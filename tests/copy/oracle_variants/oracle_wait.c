// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_wait
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-WAIT
 *
 * Drops the newest fence without waiting for it.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .skip_final_wait = true });
