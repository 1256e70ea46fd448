// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_empty
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-EMPTY
 *
 * Issues a call of zero pages before the first real one.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .empty_call_first = true });
