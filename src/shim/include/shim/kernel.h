/* SPDX-License-Identifier: MIT */
/*
 * The userspace kernel, in one include: every <linux/...> and <drm/...>
 * header of the shim forwards here, so a kernel file's include list
 * resolves without edits.
 */
#ifndef SHIM_KERNEL_H
#define SHIM_KERNEL_H
#include "shim/dup.h"
#include "shim/stubs.h"
#include "shim/custom.h"
#endif
