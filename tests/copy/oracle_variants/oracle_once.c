// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_once
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: COPY-ONCE
 *
 * Copies the first populated page a second time.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .copy_first_twice = true });
