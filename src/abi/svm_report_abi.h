/* SPDX-License-Identifier: MIT */
/*
 * Kinds of reports the userspace kernel logs (WARN, assert, BUG, contract
 * checks), shared by the C world and the C++ oracles.
 */
#ifndef SVM_REPORT_ABI_H
#define SVM_REPORT_ABI_H

enum shim_report_kind {
	SHIM_REPORT_WARN = 1,   /* KERNEL-WARN */
	SHIM_REPORT_ASSERT = 2, /* KERNEL-ASSERT */
	SHIM_REPORT_BUG = 3,    /* KERNEL-BUG */
	SHIM_REPORT_LOCK = 4,   /* a locking contract checked by the shim */
	SHIM_REPORT_FENCE = 5,  /* misuse of a dma_fence reference */
	SHIM_REPORT_MEMORY = 6, /* MEM-SAFETY seen by the slab double: red zone, double or wild kfree */
};

#endif /* SVM_REPORT_ABI_H */
