// SPDX-License-Identifier: MIT
// Input generation for the copy harness: a seeded random generator biased
// toward chunk boundaries, a bounded enumeration of small layouts, and a
// shrinker that keeps a property violated while making the input minimal
// (smallest npages, then fewest populated entries).
#pragma once

#include <functional>
#include <random>
#include <string>

#include "model/copy_input.hpp"

namespace svm {

// A random in-contract layout in parse_copy_layout() text form.
std::string random_copy_layout(std::mt19937_64& rng, int api_gen, const Geometry& g);
CopyInput random_copy_input(std::mt19937_64& rng, int api_gen, const Geometry& g);

// Calls fn on layouts of up to max_segments segments drawn from a fixed
// alphabet of boundary cases, in order of segment count; stops when fn
// returns false.
void enumerate_copy_inputs(int api_gen, const Geometry& g, int max_segments,
                           const std::function<bool(const CopyInput&)>& fn);

// Greedy delta-debugging: returns an input for which still_fails holds,
// no larger than 'in'. System pages stay canonical (index + 1).
CopyInput shrink_copy_input(CopyInput in, const std::function<bool(const CopyInput&)>& still_fails,
                            double max_seconds = 10);

// Size order used to prefer reproducers: npages, then populated entries.
bool copy_input_smaller(const CopyInput& a, const CopyInput& b, int api_gen);

}  // namespace svm
