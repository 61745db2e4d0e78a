/* fuzz_mgmt_json.c — the management API's subscriber JSON parser
 * (mgmt_sub_from_json) on the bodies of POST, PUT and PATCH
 * /api/v1/subscribers, parsed as the handler parses them.
 *
 * Input: a method byte ('P' POST, 'U' PUT with the SUPI from the URL, 'A'
 * PATCH of a stored subscriber; others as POST), then the body. Checks: a
 * rejection names a 4xx status with printable text; an accepted subscriber
 * passes db_sub_check and survives the API's own view (GET) read back
 * (fuzz_mgmt_sub.h).
 */
#include <stdint.h>

#include "tests/fuzz/mgmt/fuzz_mgmt_sub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char method = (char)data[0];
	json_error_t je;
	json_t *in = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &je);
	if (!in)
		return 0;
	struct db_sub *sub = malloc(sizeof(*sub));
	FUZZ_CHECK(sub != NULL, "out of memory");
	db_sub_defaults(sub);
	bool full = true;
	if (method == 'U') {
		snprintf(sub->supi, sizeof(sub->supi), "imsi-001010000000001");
	} else if (method == 'A') {
		/* as db_sub_get returns it */
		snprintf(sub->supi, sizeof(sub->supi), "imsi-001010000000001");
		memset(sub->k, 0x46, sizeof(sub->k));
		memset(sub->op, 0xcd, sizeof(sub->op));
		full = false;
	}
	struct mgmt_err e;
	memset(&e, 0xa5, sizeof(e));
	if (mgmt_sub_from_json(sub, in, full, &e) < 0)
		fuzz_mgmt_err_sane(&e);
	else
		fuzz_sub_round_trip(sub);
	db_sub_wipe(sub);
	free(sub);
	json_decref(in);
	return 0;
}
