// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_pass
 * Api: G3
 * Source: the per-page copy loop without a defect, for the oracle's own tests
 * Expect: pass
 *
 * Correct but not minimal: one call per page (COPY-MINIMAL is advisory).
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .warn_on_entry = false });
