// SPDX-License-Identifier: MIT
/*
 * Mutex double: single-threaded, so a lock is a flag; what matters is who
 * holds it when a contract is checked, and that lock/unlock pair up.
 */
#include <shim/kernel.h>

void mutex_init(struct mutex *m)
{
	m->shim_held = 0;
}

void mutex_lock(struct mutex *m)
{
	if (m->shim_held)
		shim_report(SHIM_REPORT_LOCK, __FILE__, __LINE__, "mutex_lock: recursive locking (deadlock)");
	m->shim_held = 1;
}

int mutex_trylock(struct mutex *m)
{
	if (m->shim_held)
		return 0;
	m->shim_held = 1;
	return 1;
}

void mutex_unlock(struct mutex *m)
{
	if (!m->shim_held)
		shim_report(SHIM_REPORT_LOCK, __FILE__, __LINE__, "mutex_unlock: mutex not held");
	m->shim_held = 0;
}

bool mutex_is_locked(struct mutex *m)
{
	return m->shim_held;
}

bool shim_mutex_held(const struct mutex *m)
{
	return m->shim_held;
}

void mutex_destroy(struct mutex *m)
{
	if (m->shim_held)
		shim_report(SHIM_REPORT_LOCK, __FILE__, __LINE__, "mutex_destroy: mutex still held");
}
