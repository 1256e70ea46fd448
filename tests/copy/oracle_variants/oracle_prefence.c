// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_prefence
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-DATA, COPY-PREFENCE
 *
 * Never passes the pre-migrate fence on, so the pending clear can land after the copy.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .ignore_pre_fence = true });
