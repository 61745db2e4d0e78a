#include "lib/core/pool.h"

#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"

int pool_init(struct pool *p, const char *name, size_t elem_size, uint32_t cap)
{
	memset(p, 0, sizeof(*p));
	if (elem_size == 0 || cap == 0 || cap == UINT32_MAX)
		return -E_INVAL;
	p->name = name;
	p->elem_size = (elem_size + 15) & ~(size_t)15;
	p->cap = cap;
	p->mem = calloc(cap, p->elem_size);
	p->gen = calloc(cap, sizeof(*p->gen));
	p->free = malloc(sizeof(*p->free) * cap);
	if (!p->mem || !p->gen || !p->free) {
		pool_fini(p);
		return -E_NOMEM;
	}
	/* Lowest indexes first. */
	for (uint32_t i = 0; i < cap; i++)
		p->free[i] = cap - 1 - i;
	p->nfree = cap;
	return 0;
}

void pool_fini(struct pool *p)
{
	if (p->wipe && p->mem)
		explicit_bzero(p->mem, p->elem_size * p->cap);
	free(p->mem);
	free(p->gen);
	free(p->free);
	memset(p, 0, sizeof(*p));
}

void *pool_alloc(struct pool *p, struct handle *h)
{
	if (p->nfree == 0)
		return NULL;
	uint32_t i = p->free[--p->nfree];
	p->gen[i]++; /* even -> odd: in use */
	p->used++;
	void *obj = p->mem + (size_t)i * p->elem_size;
	memset(obj, 0, p->elem_size);
	if (h)
		*h = (struct handle){ i, p->gen[i] };
	return obj;
}

void *pool_get(const struct pool *p, struct handle h)
{
	if (h.gen == 0 || h.idx >= p->cap || p->gen[h.idx] != h.gen)
		return NULL;
	return p->mem + (size_t)h.idx * p->elem_size;
}

static uint32_t index_of(const struct pool *p, const void *obj)
{
	const uint8_t *o = obj;
	if (o < p->mem || o >= p->mem + p->elem_size * p->cap)
		return UINT32_MAX;
	size_t d = (size_t)(o - p->mem);
	if (d % p->elem_size)
		return UINT32_MAX;
	return (uint32_t)(d / p->elem_size);
}

struct handle pool_handle(const struct pool *p, const void *obj)
{
	uint32_t i = index_of(p, obj);
	if (i == UINT32_MAX || !(p->gen[i] & 1))
		return HANDLE_NONE;
	return (struct handle){ i, p->gen[i] };
}

void pool_free(struct pool *p, void *obj)
{
	if (!obj)
		return;
	uint32_t i = index_of(p, obj);
	if (i == UINT32_MAX || !(p->gen[i] & 1))
		return; /* not ours, or already free: a programming error, ignored safely */
	if (p->wipe)
		explicit_bzero(obj, p->elem_size);
	p->gen[i]++; /* odd -> even: free; handles go stale */
	if (p->gen[i] == 0)
		p->gen[i] = 2;
	p->used--;
	p->free[p->nfree++] = i;
}

void pool_foreach(struct pool *p, void (*fn)(void *obj, void *arg), void *arg)
{
	for (uint32_t i = 0; i < p->cap; i++)
		if (p->gen[i] & 1)
			fn(p->mem + (size_t)i * p->elem_size, arg);
}

struct arena_chunk {
	struct arena_chunk *next; /* older chunk */
	size_t cap; /* usable bytes after the header */
	_Alignas(16) uint8_t data[];
};

void arena_init(struct arena *a, void *buf, size_t cap, size_t limit)
{
	memset(a, 0, sizeof(*a));
	if (buf) {
		/* Align the caller's storage to 16 bytes. */
		size_t skip = (16 - ((uintptr_t)buf & 15)) & 15;
		if (cap > skip) {
			a->first = (uint8_t *)buf + skip;
			a->first_cap = cap - skip;
		}
	}
	a->buf = a->first;
	a->cap = a->first_cap;
	a->limit = limit ? limit : (size_t)1 << 20;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;

	if (n == 0)
		need = 16;
	if (need < n || need > a->limit - a->total || a->total > a->limit)
		return NULL;
	size_t at = (a->used + 15) & ~(size_t)15;
	if (!a->buf || at > a->cap || need > a->cap - at) {
		size_t sz = need > 4096 ? need : 4096;
		struct arena_chunk *c = malloc(sizeof(*c) + sz);
		if (!c)
			return NULL;
		c->next = a->chunks;
		c->cap = sz;
		a->chunks = c;
		a->buf = c->data;
		a->cap = sz;
		at = 0;
	}
	void *q = a->buf + at;
	a->used = at + need;
	a->total += need;
	memset(q, 0, n);
	return q;
}

void *arena_dup(struct arena *a, const void *src, size_t n)
{
	void *q = arena_alloc(a, n);
	if (q && n)
		memcpy(q, src, n);
	return q;
}

void arena_reset(struct arena *a)
{
	while (a->chunks) {
		struct arena_chunk *c = a->chunks;
		a->chunks = c->next;
		free(c);
	}
	a->buf = a->first;
	a->cap = a->first_cap;
	a->used = 0;
	a->total = 0;
}

void arena_fini(struct arena *a)
{
	arena_reset(a);
}
