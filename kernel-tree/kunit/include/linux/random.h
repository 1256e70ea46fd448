/* SPDX-License-Identifier: MIT */
#include <linux/prandom.h>
