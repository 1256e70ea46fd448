/* SPDX-License-Identifier: MIT */
#include <drm/drm_pagemap.h>
