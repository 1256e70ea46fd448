/* SPDX-License-Identifier: MIT */
/*
 * The kernel configuration kernel-tree mode builds: the SVM code is enabled
 * (every IS_ENABLED() option is on), as in a kernel with DRM_XE_GPUSVM.
 * Included by the extractor's clang passes and by each generated variant.
 */
#ifndef KTREE_CONFIG_H
#define KTREE_CONFIG_H
#ifndef IS_ENABLED
#define IS_ENABLED(option) 1
#endif
#endif /* KTREE_CONFIG_H */
