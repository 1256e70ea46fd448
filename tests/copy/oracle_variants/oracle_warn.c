// SPDX-License-Identifier: MIT
/*
 * Variant: oracle_warn
 * Api: G3
 * Source: a per-page copy loop with one planted defect, for the oracle's own tests
 * Expect: KERNEL-WARN
 *
 * Fires a WARN on every call.
 */
#include "per_page.h"

PER_PAGE_VARIANT({ .warn_on_entry = true });
