/* SPDX-License-Identifier: MIT */
/*
 * Pseudo-random numbers for KUnit suites (kernel's <linux/prandom.h> API).
 * Our own generator (xorshift-based): the same seed gives the same sequence
 * in every run, not the kernel's sequence. get_random_*() draw from the
 * run's seed, which the runner prints.
 */
#ifndef KTREE_PRANDOM_H
#define KTREE_PRANDOM_H
#include <shim/kernel.h>

struct rnd_state {
	u32 s1, s2, s3, s4;
};

void prandom_seed_state(struct rnd_state *state, u64 seed);
u32 prandom_u32_state(struct rnd_state *state);
void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes);

static inline u32 prandom_u32_max_state(u32 ep_ro, struct rnd_state *state)
{
	return (u32)(((u64)prandom_u32_state(state) * ep_ro) >> 32);
}

u32 get_random_u32(void);
u64 get_random_u64(void);
static inline u32 get_random_u32_below(u32 ceil)
{
	return (u32)(((u64)get_random_u32() * ceil) >> 32);
}
static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil)
{
	return floor + get_random_u32_below(ceil - floor + 1);
}
#endif
