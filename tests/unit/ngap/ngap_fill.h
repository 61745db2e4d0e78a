/* ngap_fill.h — builds a valid value of any NGAP type from its descriptor,
 * for round-trip tests, the Wireshark oracle, the fuzz seed corpus and the
 * benchmarks.
 *
 * Values are deterministic (from a seed) and satisfy every PER-visible
 * constraint; OCTET STRING (CONTAINING T) gets an encoded T; a few opaque
 * containers that Wireshark dissects further (NAS-PDU, transport addresses)
 * get well-formed contents. With full set every OPTIONAL component, IE and
 * extension addition is present; without, only mandatory ones. With a byte
 * source (fuzzing) each optional part, size and alternative is drawn from it.
 */
#ifndef NGCORE_TESTS_NGAP_FILL_H
#define NGCORE_TESTS_NGAP_FILL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/codec/ngap/ngap.h"

struct fill {
	struct arena *a; /* allocations */
	bool full; /* every optional part present */
	uint32_t seed; /* varies the values */
	int depth; /* IE container nesting (0 = message level) */
	/* Called for every IE put into a container: its descriptor, value, and
	 * the container nesting depth (0 = the message itself). May be NULL. */
	void (*on_ie)(void *ctx, const struct aper_ie *ie, const void *value, int depth);
	void *ctx; /* for on_ie */
	/* When set, choices come from these octets first (fuzzing), then from seed. */
	const uint8_t *src;
	size_t src_len; /* octets in src */
	size_t src_pos; /* octets used */
	/* Optional parts of these types are left out (may be NULL). */
	const struct aper_type *const *avoid;
	size_t n_avoid; /* entries in avoid */
};

/* Fills out (t->size bytes) with a value of type t. Returns 0 or -E_NOMEM. */
int fill_value(struct fill *f, const struct aper_type *t, void *out);

/* Fills pdu with message m. Returns 0 or a negative E_* code. */
int fill_pdu(struct fill *f, struct ngap_pdu *pdu, enum ngap_msg m);

#endif
