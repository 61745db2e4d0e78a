/* ngap_cases.h — hand-built NGAP messages with chosen values: the
 * registration and PDU session procedures as the AMF and ngsim will build
 * them through the API, each with the fields Wireshark must show.
 */
#ifndef NGCORE_TESTS_NGAP_CASES_H
#define NGCORE_TESTS_NGAP_CASES_H

#include "lib/codec/ngap/ngap.h"

struct ngap_case {
	const char *name; /* message and variant */
	int (*build)(struct ngap_pdu *pdu, struct arena *a); /* fills pdu; 0 or -E_* */
	const char *expect; /* tshark-check lines ("expect F V\n", "absent F\n") */
};

extern const struct ngap_case ngap_cases[];
extern const unsigned ngap_n_cases;

#endif
