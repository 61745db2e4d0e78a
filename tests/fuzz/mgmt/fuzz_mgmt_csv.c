/* fuzz_mgmt_csv.c — the CSV subscriber import (POST
 * /api/v1/subscribers/import): the header and line parsers, and the whole
 * streaming import into a real SQLite store.
 *
 * Input: a mode byte, then the CSV body.
 *   'l' every line after the first is parsed against the first (the
 *       header) with mgmt_csv_header / mgmt_csv_line; each accepted line's
 *       subscriber must pass db_sub_check and survive the API's JSON view
 *       read back (fuzz_mgmt_sub.h): CSV and JSON agree on every value.
 *   'i' / 'p' the body is fed to mgmt_import_* (all-or-nothing / partial)
 *       in pieces of 1, 7 and 4096 bytes in turn, as libmicrohttpd hands
 *       it over, into a fresh store; the answer must be consistent with
 *       what the store holds afterwards.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/core/log.h"
#include "tests/fuzz/mgmt/fuzz_mgmt_sub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char db_path[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_set_level(LOG_OFF);
	/* tmpfs when there is one: a store is created for every input */
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(db_path, sizeof(db_path), "%s/ngcore-fuzz-mgmt-%d.db", dir, (int)getpid());
	return 0;
}

static void remove_store(void)
{
	char p[160];
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
}

static void run_lines(const char *text, size_t size)
{
	char *buf = malloc(size + 1);
	FUZZ_CHECK(buf != NULL, "out of memory");
	memcpy(buf, text, size);
	buf[size] = 0;
	int cols[MGMT_CSV_MAX_COLS], n = 0;
	struct mgmt_err e;
	char *save = NULL;
	char *line = strtok_r(buf, "\n", &save);
	if (!line || mgmt_csv_header(line, cols, &n, &e) < 0) {
		if (line)
			fuzz_mgmt_err_sane(&e);
		free(buf);
		return;
	}
	FUZZ_CHECK(n >= 3 && n <= MGMT_CSV_MAX_COLS, "%d columns", n);
	struct db_sub *sub = malloc(sizeof(*sub));
	FUZZ_CHECK(sub != NULL, "out of memory");
	while ((line = strtok_r(NULL, "\n", &save))) {
		memset(&e, 0xa5, sizeof(e));
		if (mgmt_csv_line(line, cols, n, sub, &e) < 0)
			fuzz_mgmt_err_sane(&e);
		else
			fuzz_sub_round_trip(sub);
		db_sub_wipe(sub);
	}
	free(sub);
	free(buf);
}

static void run_import(const char *text, size_t size, bool partial)
{
	remove_store();
	struct mgmt m;
	memset(&m, 0, sizeof(m));
	snprintf(m.db_uri, sizeof(m.db_uri), "%s", db_path);
	m.db_opts = (struct db_opts){ .uri = m.db_uri, .busy_timeout_ms = 1000 };
	FUZZ_CHECK(db_open(&m.db, &m.db_opts) == 0, "cannot create %s", db_path);
	struct mgmt_err e;
	struct mgmt_import *im = mgmt_import_new(&m, partial, &e);
	FUZZ_CHECK(im != NULL, "import_new: %s", e.msg);
	static const size_t pieces[] = { 1, 7, 4096 };
	size_t off = 0;
	for (unsigned k = 0; off < size; k++) {
		size_t n = pieces[k % 3] < size - off ? pieces[k % 3] : size - off;
		mgmt_import_feed(im, text + off, n);
		off += n;
	}
	unsigned status = 0;
	json_t *o = mgmt_import_finish(im, &status);
	FUZZ_CHECK(o != NULL, "no answer");
	int64_t in_store = db_sub_count(m.db);
	json_int_t imported = json_integer_value(json_object_get(o, "imported"));
	if (status == 200) {
		FUZZ_CHECK(imported == in_store, "answer says %lld imported, the store holds %lld",
			   (long long)imported, (long long)in_store);
		json_int_t failed = json_integer_value(json_object_get(o, "failed"));
		json_int_t lines = json_integer_value(json_object_get(o, "lines"));
		FUZZ_CHECK(imported + failed <= lines, "%lld + %lld > %lld lines",
			   (long long)imported, (long long)failed, (long long)lines);
		FUZZ_CHECK(partial || failed == 0, "all-or-nothing import with failed lines");
	} else {
		FUZZ_CHECK(status >= 400 && status <= 599, "status %u", status);
		FUZZ_CHECK(in_store == 0, "failed import left %lld subscribers",
			   (long long)in_store);
		FUZZ_CHECK(imported == 0, "failed import says %lld imported", (long long)imported);
		const char *msg = json_string_value(json_object_get(o, "error"));
		FUZZ_CHECK(msg != NULL, "no error text");
	}
	json_decref(o);
	FUZZ_CHECK(!m.importing, "import flag left set");
	db_close(m.db);
	remove_store();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *text = (const char *)data + 1;
	switch (data[0]) {
	case 'i': run_import(text, size - 1, false); break;
	case 'p': run_import(text, size - 1, true); break;
	default: run_lines(text, size - 1);
	}
	return 0;
}
