#include "lib/core/hash.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lib/core/err.h"

enum { SLOT_EMPTY, SLOT_FULL, SLOT_TOMB };

struct hmap_slot {
	uint64_t hash; /* full hash of the key */
	uint64_t val; /* caller's value */
	uint8_t state; /* SLOT_* */
	uint8_t klen; /* key length */
	uint8_t key[HMAP_KEY_MAX]; /* key bytes */
};

static uint64_t seed;
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void seed_init(void)
{
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)&seed;
}

static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ull;
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ull;
	x ^= x >> 32;
	return x;
}

uint64_t hash_bytes(const void *key, size_t len)
{
	const uint8_t *p = key;
	uint64_t h;

	pthread_once(&seed_once, seed_init);
	h = seed ^ (len * 0x9e3779b97f4a7c15ull);
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = mix(h ^ w) + 0x9e3779b97f4a7c15ull;
		p += 8;
		len -= 8;
	}
	if (len) {
		uint64_t w = 0;
		memcpy(&w, p, len);
		h = mix(h ^ w ^ ((uint64_t)len << 56));
	}
	return mix(h);
}

int hmap_init(struct hmap *m, size_t expect)
{
	size_t cap = 16;

	memset(m, 0, sizeof(*m));
	while (cap < expect * 2 && cap < ((size_t)1 << 40))
		cap <<= 1;
	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots)
		return -E_NOMEM;
	m->cap = cap;
	return 0;
}

void hmap_fini(struct hmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static struct hmap_slot *find(const struct hmap *m, uint64_t h, const void *key, size_t klen)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask, n = 0; n < m->cap; i = (i + 1) & mask, n++) {
		struct hmap_slot *s = &m->slots[i];
		if (s->state == SLOT_EMPTY)
			return NULL;
		if (s->state == SLOT_FULL && s->hash == h && s->klen == klen &&
		    memcmp(s->key, key, klen) == 0)
			return s;
	}
	return NULL;
}

static int grow(struct hmap *m, size_t cap)
{
	struct hmap_slot *old = m->slots;
	size_t ocap = m->cap;
	struct hmap_slot *ns = calloc(cap, sizeof(*ns));

	if (!ns)
		return -E_NOMEM;
	for (size_t i = 0; i < ocap; i++) {
		if (old[i].state != SLOT_FULL)
			continue;
		size_t j = old[i].hash & (cap - 1);
		while (ns[j].state == SLOT_FULL)
			j = (j + 1) & (cap - 1);
		ns[j] = old[i];
	}
	free(old);
	m->slots = ns;
	m->cap = cap;
	m->tombs = 0;
	return 0;
}

int hmap_set(struct hmap *m, const void *key, size_t klen, uint64_t val)
{
	if (klen > HMAP_KEY_MAX)
		return -E_INVAL;
	if (!m->slots && hmap_init(m, 16) < 0)
		return -E_NOMEM;
	uint64_t h = hash_bytes(key, klen);
	struct hmap_slot *s = find(m, h, key, klen);
	if (s) {
		s->val = val;
		return 0;
	}
	if ((m->count + m->tombs + 1) * 10 > m->cap * 7) {
		size_t cap = (m->count + 1) * 10 > m->cap * 5 ? m->cap * 2 : m->cap;
		int rc = grow(m, cap);
		if (rc < 0)
			return rc;
	}
	size_t mask = m->cap - 1;
	size_t i = h & mask;
	while (m->slots[i].state == SLOT_FULL)
		i = (i + 1) & mask;
	s = &m->slots[i];
	if (s->state == SLOT_TOMB)
		m->tombs--;
	s->state = SLOT_FULL;
	s->hash = h;
	s->klen = (uint8_t)klen;
	memcpy(s->key, key, klen);
	s->val = val;
	m->count++;
	return 0;
}

int hmap_get(const struct hmap *m, const void *key, size_t klen, uint64_t *val)
{
	if (!m->slots || klen > HMAP_KEY_MAX)
		return -E_NOTFOUND;
	struct hmap_slot *s = find(m, hash_bytes(key, klen), key, klen);
	if (!s)
		return -E_NOTFOUND;
	if (val)
		*val = s->val;
	return 0;
}

int hmap_del(struct hmap *m, const void *key, size_t klen)
{
	if (!m->slots || klen > HMAP_KEY_MAX)
		return -E_NOTFOUND;
	struct hmap_slot *s = find(m, hash_bytes(key, klen), key, klen);
	if (!s)
		return -E_NOTFOUND;
	s->state = SLOT_TOMB;
	m->count--;
	m->tombs++;
	return 0;
}

int hmap_next(const struct hmap *m, size_t *it, const void **key, size_t *klen, uint64_t *val)
{
	for (size_t i = *it; i < m->cap; i++) {
		const struct hmap_slot *s = &m->slots[i];
		if (s->state != SLOT_FULL)
			continue;
		if (key)
			*key = s->key;
		if (klen)
			*klen = s->klen;
		if (val)
			*val = s->val;
		*it = i + 1;
		return 0;
	}
	*it = m->cap;
	return -E_NOTFOUND;
}
