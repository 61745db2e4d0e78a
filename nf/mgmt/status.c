/* status.c — the status-provider registry (see status.h). */
#include "nf/mgmt/status.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"

struct provider {
	char name[16]; /* NF name; "" = free slot */
	mgmt_status_cb fn; /* what to call */
	void *arg; /* its argument */
	unsigned seq; /* registration order */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct provider providers[MGMT_STATUS_MAX];
static unsigned next_seq;

int mgmt_status_register(const char *name, mgmt_status_cb fn, void *arg)
{
	int rc = -E_NOSPC;

	if (!name || !name[0] || strlen(name) >= sizeof(providers[0].name) || !fn)
		return -E_INVAL;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < MGMT_STATUS_MAX; i++)
		if (strcmp(providers[i].name, name) == 0) {
			rc = -E_EXIST;
			goto out;
		}
	for (int i = 0; i < MGMT_STATUS_MAX; i++)
		if (!providers[i].name[0]) {
			snprintf(providers[i].name, sizeof(providers[i].name), "%s", name);
			providers[i].fn = fn;
			providers[i].arg = arg;
			providers[i].seq = next_seq++;
			rc = 0;
			break;
		}
out:
	pthread_mutex_unlock(&lock);
	return rc;
}

void mgmt_status_unregister(const char *name)
{
	if (!name)
		return;
	pthread_mutex_lock(&lock); /* waits for a collect in progress */
	for (int i = 0; i < MGMT_STATUS_MAX; i++)
		if (providers[i].name[0] && strcmp(providers[i].name, name) == 0)
			memset(&providers[i], 0, sizeof(providers[i]));
	pthread_mutex_unlock(&lock);
}

void mgmt_status_collect(void (*cb)(const char *name, char *json, void *arg), void *arg)
{
	bool done[MGMT_STATUS_MAX] = { false };

	pthread_mutex_lock(&lock);
	for (;;) {
		int pick = -1;
		for (int i = 0; i < MGMT_STATUS_MAX; i++)
			if (providers[i].name[0] && !done[i] &&
			    (pick < 0 || providers[i].seq < providers[pick].seq))
				pick = i;
		if (pick < 0)
			break;
		done[pick] = true;
		cb(providers[pick].name, providers[pick].fn(providers[pick].arg), arg);
	}
	pthread_mutex_unlock(&lock);
}
