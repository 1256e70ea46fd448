/* SPDX-License-Identifier: MIT */
#include <shim/kernel.h>
