/* Unit tests of lib/core/log: format, level threshold, rate limiting, reopen. */
#include <stdlib.h>
#include <unistd.h>

#include "lib/core/log.h"
#include "tests/unit/t.h"

static char path[64];

static size_t count_lines(const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	size_t n = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

static void log_line_carries_level_and_context(void)
{
	log_set_level(LOG_INFO);
	LOG(LOG_NOTICE, "amf gnb[1]", "hello %d", 42);
	LOG(LOG_DEBUG, "amf", "hidden");
	CHECK_EQ(count_lines("NOTICE amf gnb[1]: hello 42"), 1);
	CHECK_EQ(count_lines("hidden"), 0);
}

static void log_rl_limits_one_call_site(void)
{
	for (int i = 0; i < 1000; i++)
		LOG_RL(LOG_NOTICE, "peer", "junk %d", i);
	size_t n = count_lines("peer: junk");
	/* At most two windows' worth can pass if the second ticks mid-loop. */
	CHECK(n >= 1 && n <= 2 * LOG_RL_BURST);
}

static void log_reopen_follows_rotation(void)
{
	char rotated[80];
	snprintf(rotated, sizeof(rotated), "%s.1", path);
	CHECK_EQ(rename(path, rotated), 0);
	CHECK_EQ(log_reopen(), 0);
	LOG(LOG_INFO, NULL, "after rotation");
	CHECK_EQ(count_lines("after rotation"), 1);
	unlink(rotated);
}

static void log_level_names_parse(void)
{
	CHECK_EQ(log_level_parse("debug"), LOG_DEBUG);
	CHECK_EQ(log_level_parse("WARN"), LOG_WARN);
	CHECK(log_level_parse("loud") < 0);
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/ngcore-logtest-%d.log", (int)getpid());
	unlink(path);
	if (log_open(path) < 0) {
		fprintf(stderr, "cannot open %s\n", path);
		return 1;
	}
	RUN(log_line_carries_level_and_context);
	RUN(log_rl_limits_one_call_site);
	RUN(log_reopen_follows_rotation);
	RUN(log_level_names_parse);
	log_open(NULL);
	unlink(path);
	return t_done();
}
