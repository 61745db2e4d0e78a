/* nas_samples.h — one instance of every NAS message, built through the
 * codec's structs with (nearly) every IE of the message set, and the field
 * values Wireshark must show for it. Shared by the round-trip test, the
 * tshark oracle and the fuzz seed generator.
 */
#ifndef NGCORE_TESTS_NAS_SAMPLES_H
#define NGCORE_TESTS_NAS_SAMPLES_H

#include <stddef.h>

#include "lib/codec/nas/nas.h"

struct nas_sample {
	const char *name; /* short name, e.g. "reg_req_suci" */
	void (*build)(struct nas_msg *m); /* fills m (calls nas_msg_init itself) */
	const char *expect; /* oracle: "field=value;field=value" (may be "") */
};

extern const struct nas_sample nas_samples[];
extern const size_t nas_n_samples;

#endif
