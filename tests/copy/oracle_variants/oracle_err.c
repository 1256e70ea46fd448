// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_err
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-ERR
 *
 * Ignores a failed submission, carries on and returns 0.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .swallow_errors = true });
