/* hash.h — open-addressing hash table with inline keys of up to 40 bytes.
 *
 * Keys (SUPI strings, GUTIs, TEIDs, IP addresses, NF instance ids) are copied
 * into the table; values are 64-bit (a packed handle, an index, a pointer).
 * The hash is keyed with a per-process random seed, so peers cannot choose
 * keys that collide. Not thread-safe: one table belongs to one loop.
 */
#ifndef NGCORE_CORE_HASH_H
#define NGCORE_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HMAP_KEY_MAX 40

struct hmap_slot;

struct hmap {
	struct hmap_slot *slots; /* cap slots */
	size_t cap; /* power of two */
	size_t count; /* live entries */
	size_t tombs; /* deleted slots not yet reused */
};

/* Sets up an empty table sized for about `expect` entries. 0 or -E_NOMEM. */
int hmap_init(struct hmap *m, size_t expect);
void hmap_fini(struct hmap *m);
/* Inserts or replaces. 0, -E_INVAL (key too long) or -E_NOMEM. */
int hmap_set(struct hmap *m, const void *key, size_t klen, uint64_t val);
/* 0 and *val, or -E_NOTFOUND. val may be NULL. */
int hmap_get(const struct hmap *m, const void *key, size_t klen, uint64_t *val);
/* 0 or -E_NOTFOUND. */
int hmap_del(struct hmap *m, const void *key, size_t klen);
/* Iteration: start with *it = 0; returns 0 with key/val of the next entry,
 * or -E_NOTFOUND at the end. The table must not change during iteration. */
int hmap_next(const struct hmap *m, size_t *it, const void **key, size_t *klen, uint64_t *val);

static inline int hmap_set_u64(struct hmap *m, uint64_t k, uint64_t v)
{
	return hmap_set(m, &k, sizeof(k), v);
}

static inline int hmap_get_u64(const struct hmap *m, uint64_t k, uint64_t *v)
{
	return hmap_get(m, &k, sizeof(k), v);
}

static inline int hmap_del_u64(struct hmap *m, uint64_t k)
{
	return hmap_del(m, &k, sizeof(k));
}

/* Keyed 64-bit hash of bytes (also usable for sharding). */
uint64_t hash_bytes(const void *key, size_t len);

#endif
