/* udr-data.h — the UDR's data views, pure functions (no I/O, no state):
 * subscriber records of lib/db rendered as the TS 29.505 resources, and the
 * checks on the JSON Patches the UDR accepts. Unit-tested on their own. */
#ifndef NGCORE_UDR_DATA_H
#define NGCORE_UDR_DATA_H

#include <stdbool.h>

#include <jansson.h>

#include "lib/db/db.h"
#include "lib/sbi/sbi_json.h"

/* AuthenticationSubscription of a, with sequenceNumber.indLength = ind_bits.
 * The JSON holds K and OPc/OP in hex: free it as soon as it is sent. */
json_t *udr_auth_subscription(const struct db_auth *a, unsigned ind_bits);
/* The part of an AuthenticationSubscription a PATCH may touch:
 * {"sequenceNumber": {"sqnScheme", "sqn", "indLength"}} (no keys in it). */
json_t *udr_sqn_doc(uint64_t sqn, unsigned ind_bits);

/* AccessAndMobilitySubscriptionData: gpsis (MSISDN), subscribedUeAmbr, nssai
 * (slices[0] the default S-NSSAI, the others in singleNssais). */
json_t *udr_am_data(const struct db_sub *s);
/* SmfSelectionSubscriptionData: every slice's DNNs, dnns[0] the default. */
json_t *udr_smf_sel_data(const struct db_sub *s);
/* SessionManagementSubscriptionData[]: per slice, per DNN: IPv4 (IPv4,
 * IPv4v6 allowed), SSC mode 1, the DNN's 5QI and ARP, and the UE-AMBR as
 * session AMBR (the store has no per-DNN AMBR). */
json_t *udr_sm_data(const struct db_sub *s);

/* Checks a JSON Patch (RFC 6902) body: an array of operations with a known
 * "op", a "path" (and "from" for move/copy) JSON Pointer, a "value" where the
 * operation needs one. Every path must lie under prefix (e.g.
 * "/sequenceNumber"; "" = anywhere). Returns 0, -E_INVAL (malformed, *e
 * says where) or -E_RANGE (a path outside prefix, *e names it). */
int udr_patch_check(const json_t *patch, const char *prefix, struct sbi_jerr *e);
/* True when operation index of patch is a "test" (to tell a failed
 * compare-and-set, 409, from a patch that does not apply). */
bool udr_patch_is_test(const json_t *patch, int index);

/* VarPlmnId of TS 29.505: 5 or 6 digits. */
bool udr_var_plmn_valid(const char *s);

#endif
