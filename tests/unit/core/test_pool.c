/* Unit tests of lib/core/pool and hash: handles go stale, exhaustion is an
 * answer not an abort, arenas respect their limit, hash tables behave. */
#include <stdlib.h>

#include "lib/core/err.h"
#include "lib/core/hash.h"
#include "lib/core/pool.h"
#include "tests/unit/t.h"

struct ue {
	int id;
	char key[16];
};

static void pool_handle_goes_stale_after_free(void)
{
	struct pool p;
	struct handle h, h2;

	CHECK_EQ(pool_init(&p, "ue", sizeof(struct ue), 4), 0);
	struct ue *u = pool_alloc(&p, &h);
	CHECK(u != NULL);
	u->id = 7;
	CHECK(pool_get(&p, h) == u);
	CHECK(handle_eq(pool_handle(&p, u), h));
	pool_free(&p, u);
	CHECK(pool_get(&p, h) == NULL);
	struct ue *u2 = pool_alloc(&p, &h2);
	CHECK(u2 == u); /* same slot reused ... */
	CHECK(!handle_eq(h, h2)); /* ... with a new generation */
	CHECK(pool_get(&p, h) == NULL);
	CHECK_EQ(u2->id, 0); /* zeroed */
	pool_free(&p, u2);
	pool_free(&p, u2); /* double free ignored */
	CHECK_EQ(p.used, 0);
	pool_fini(&p);
}

static void pool_exhaustion_returns_null(void)
{
	struct pool p;
	void *o[3];

	CHECK_EQ(pool_init(&p, "x", 8, 3), 0);
	for (int i = 0; i < 3; i++)
		CHECK((o[i] = pool_alloc(&p, NULL)) != NULL);
	CHECK(pool_alloc(&p, NULL) == NULL);
	pool_free(&p, o[1]);
	CHECK(pool_alloc(&p, NULL) == o[1]);
	CHECK(pool_get(&p, HANDLE_NONE) == NULL);
	CHECK(pool_get(&p, (struct handle){ 99, 1 }) == NULL);
	int outside;
	pool_free(&p, &outside); /* not from the pool: ignored */
	CHECK_EQ(p.used, 3);
	pool_fini(&p);
}

static void handle_packs_into_u64(void)
{
	struct handle h = { 123, 456 };
	CHECK(handle_eq(handle_unpack(handle_pack(h)), h));
}

static void arena_respects_limit(void)
{
	struct arena a;
	uint8_t stack[100];

	arena_init(&a, stack, sizeof(stack), 10000);
	uint8_t *p1 = arena_alloc(&a, 10);
	CHECK(p1 != NULL);
	CHECK(((uintptr_t)p1 & 15) == 0);
	CHECK(arena_alloc(&a, 5000) != NULL); /* spills to the heap */
	CHECK(arena_alloc(&a, 6000) == NULL); /* over the limit */
	CHECK(arena_alloc(&a, SIZE_MAX) == NULL);
	CHECK(arena_dup(&a, "abc", 3) != NULL);
	arena_reset(&a);
	CHECK_EQ(a.total, 0);
	CHECK(arena_alloc(&a, 9000) != NULL);
	arena_fini(&a);
}

static void hash_set_get_del(void)
{
	struct hmap m;
	uint64_t v;

	CHECK_EQ(hmap_init(&m, 4), 0);
	CHECK_EQ(hmap_set(&m, "imsi-001010000000001", 20, 1), 0);
	CHECK_EQ(hmap_set(&m, "imsi-001010000000002", 20, 2), 0);
	CHECK_EQ(hmap_get(&m, "imsi-001010000000001", 20, &v), 0);
	CHECK_EQ(v, 1);
	CHECK_EQ(hmap_set(&m, "imsi-001010000000001", 20, 11), 0);
	CHECK_EQ(hmap_get(&m, "imsi-001010000000001", 20, &v), 0);
	CHECK_EQ(v, 11);
	CHECK_EQ(m.count, 2);
	CHECK_EQ(hmap_del(&m, "imsi-001010000000001", 20), 0);
	CHECK_EQ(hmap_get(&m, "imsi-001010000000001", 20, &v), -E_NOTFOUND);
	CHECK_EQ(hmap_del(&m, "imsi-001010000000001", 20), -E_NOTFOUND);
	char big[HMAP_KEY_MAX + 1] = { 0 };
	CHECK_EQ(hmap_set(&m, big, sizeof(big), 1), -E_INVAL);
	hmap_fini(&m);
}

static void hash_grows_and_survives_churn(void)
{
	struct hmap m;
	uint64_t v;
	int bad = 0;

	CHECK_EQ(hmap_init(&m, 0), 0);
	for (uint64_t i = 0; i < 100000; i++)
		if (hmap_set_u64(&m, i, i * 3) < 0)
			bad++;
	for (uint64_t i = 0; i < 100000; i += 2)
		if (hmap_del_u64(&m, i) < 0)
			bad++;
	/* Churn: tombstones must not make lookups fail or loop forever. */
	for (uint64_t r = 0; r < 5; r++)
		for (uint64_t i = 200000; i < 250000; i++) {
			if (hmap_set_u64(&m, i, r) < 0 || hmap_del_u64(&m, i) < 0)
				bad++;
		}
	CHECK_EQ(bad, 0);
	CHECK_EQ(m.count, 50000);
	for (uint64_t i = 0; i < 100000; i++) {
		int rc = hmap_get_u64(&m, i, &v);
		if ((i & 1) ? (rc != 0 || v != i * 3) : rc != -E_NOTFOUND)
			bad++;
	}
	CHECK_EQ(bad, 0);
	size_t it = 0, n = 0;
	while (hmap_next(&m, &it, NULL, NULL, NULL) == 0)
		n++;
	CHECK_EQ(n, 50000);
	hmap_fini(&m);
}

int main(void)
{
	RUN(pool_handle_goes_stale_after_free);
	RUN(pool_exhaustion_returns_null);
	RUN(handle_packs_into_u64);
	RUN(arena_respects_limit);
	RUN(hash_set_get_del);
	RUN(hash_grows_and_survives_churn);
	return t_done();
}
