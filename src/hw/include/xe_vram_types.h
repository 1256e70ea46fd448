/* SPDX-License-Identifier: MIT */
#include "xe_hw.h"
