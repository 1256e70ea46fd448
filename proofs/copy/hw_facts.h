/* SPDX-License-Identifier: MIT */
/*
 * What the prover needs to know about the live hardware double, read from
 * it (plain C, fixed-width integers: the proof's door into src/hw). The
 * translator reads the double's own memory for the device, engine and
 * struct page objects the compiled code dereferences.
 */
#ifndef PROOF_HW_FACTS_H
#define PROOF_HW_FACTS_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROOF_MAX_REGIONS 2

struct proof_hw_facts {
	uint32_t page_shift;
	uint64_t chunk;
	uint64_t region_pages;
	int32_t nregions;
	uint64_t device_addr, device_size;
	uint64_t engine_addr[PROOF_MAX_REGIONS], engine_size;
	int32_t engine_id[PROOF_MAX_REGIONS];
	uint64_t pages_addr[PROOF_MAX_REGIONS], page_struct_size;
	uint64_t dpa_base[PROOF_MAX_REGIONS];
	uint64_t fence_struct_size;
};

/* Builds the device double (as svm_copy_run() does) and describes it. */
void proof_hw_facts(struct proof_hw_facts *out);

#ifdef __cplusplus
}
#endif
#endif
