/* pool.h — fixed-capacity object pools with generation-checked handles, and
 * per-message arenas.
 *
 * Objects that live across events (UEs, gNBs, sessions) come from a pool
 * sized by configuration. Code that must find an object again after a timer,
 * an SBI answer or a PFCP answer holds a handle {index, generation}, never a
 * pointer: once the object is freed its generation changes and pool_get()
 * returns NULL, so a late answer for a UE that is gone is dropped.
 * Exhaustion returns NULL (the caller rejects the one procedure with the
 * spec's congestion cause); nothing aborts.
 */
#ifndef NGCORE_CORE_POOL_H
#define NGCORE_CORE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct handle {
	uint32_t idx; /* slot index */
	uint32_t gen; /* slot generation when the handle was made; 0 = no object */
};

#define HANDLE_NONE ((struct handle){ 0, 0 })

static inline bool handle_is_none(struct handle h)
{
	return h.gen == 0;
}

static inline bool handle_eq(struct handle a, struct handle b)
{
	return a.idx == b.idx && a.gen == b.gen;
}

/* Packs a handle into 64 bits (for hash values, timer and SBI cookies). */
static inline uint64_t handle_pack(struct handle h)
{
	return (uint64_t)h.gen << 32 | h.idx;
}

static inline struct handle handle_unpack(uint64_t v)
{
	return (struct handle){ (uint32_t)v, (uint32_t)(v >> 32) };
}

struct pool {
	const char *name; /* for logs and metrics */
	uint8_t *mem; /* cap slots of elem_size bytes */
	size_t elem_size; /* slot size, rounded up to 16 */
	uint32_t cap; /* number of slots */
	uint32_t used; /* slots in use */
	uint32_t *gen; /* per slot: odd while in use, even while free */
	uint32_t *free; /* stack of free slot indexes */
	uint32_t nfree; /* entries on the free stack */
	bool wipe; /* explicit_bzero on free (objects holding keys) */
};

/* Sets up a pool of cap objects of elem_size bytes. Memory is reserved up
 * front (pages are committed by the kernel as they are first used).
 * Returns 0 or -E_NOMEM / -E_INVAL. */
int pool_init(struct pool *p, const char *name, size_t elem_size, uint32_t cap);
void pool_fini(struct pool *p);
/* Returns a zeroed object and its handle, or NULL when the pool is full. */
void *pool_alloc(struct pool *p, struct handle *h);
/* Returns the object h names, or NULL if it was freed (or h is none). */
void *pool_get(const struct pool *p, struct handle h);
/* Returns the handle of an object obtained from pool_alloc. */
struct handle pool_handle(const struct pool *p, const void *obj);
/* Frees obj; its handles go stale. obj may be NULL. */
void pool_free(struct pool *p, void *obj);
/* Calls fn for every object in use; fn may free the object it is given. */
void pool_foreach(struct pool *p, void (*fn)(void *obj, void *arg), void *arg);

/* Arena: bump allocation for one inbound message, freed all at once.
 * A limit bounds what attacker-controlled input can make a decoder allocate. */
struct arena_chunk;
struct arena {
	uint8_t *buf; /* current chunk */
	size_t cap; /* its size */
	size_t used; /* bytes used in it */
	size_t total; /* bytes handed out since the last reset */
	size_t limit; /* maximum total; 0 = 1 MiB */
	struct arena_chunk *chunks; /* heap chunks, freed on reset */
	uint8_t *first; /* caller's initial storage (may be NULL) */
	size_t first_cap; /* its size */
};

/* Initial storage buf/cap (may be NULL/0, e.g. a stack array) and a limit. */
void arena_init(struct arena *a, void *buf, size_t cap, size_t limit);
/* Returns n zeroed bytes aligned to 16, or NULL past the limit. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies n bytes into the arena. */
void *arena_dup(struct arena *a, const void *src, size_t n);
/* Frees everything allocated since init. */
void arena_reset(struct arena *a);
void arena_fini(struct arena *a);

#endif
