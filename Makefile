# ngcore — the README's commands. meson + ninja do the real work.
#
#   make run     install missing Debian packages, build, start ngcore on embedded defaults
#   make test    install, build (gcc, -Werror), run every test suite, then again
#                under ASan+UBSan (clang); ends with "N passed, N failed"
#   make bench   build optimised and run every benchmark in bench/
#   make fuzz    build libFuzzer targets (clang, ASan+UBSan), run each FUZZ_SECONDS
#   make install install binaries and an example config under PREFIX

PREFIX ?= /usr/local
FUZZ_SECONDS ?= 60
ARGS ?=

BUILD := build
ASAN := build-asan
REL := build-release
FUZZ := build-fuzz

.PHONY: all deps build run test test-quick bench fuzz install clean format

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) --werror -Dbuildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	$(BUILD)/src/ngcore $(ARGS)

test: deps
	@scripts/run-tests $(BUILD) $(ASAN)

# The quick tier only, in the default build (for the edit-compile loop).
test-quick: build
	meson test -C $(BUILD) --suite quick --print-errorlogs

bench: deps
	@[ -f $(REL)/build.ninja ] || meson setup $(REL) -Dbuildtype=release
	ninja -C $(REL)
	meson test -C $(REL) --benchmark --verbose --timeout-multiplier 4

fuzz: deps
	@[ -f $(FUZZ)/build.ninja ] || CC=clang meson setup $(FUZZ) -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
	ninja -C $(FUZZ)
	@scripts/run-fuzz $(FUZZ) $(FUZZ_SECONDS)

install: build
	meson configure $(BUILD) -Dprefix=$(PREFIX) >/dev/null
	meson install -C $(BUILD) --destdir "$(DESTDIR)"
	install -d $(DESTDIR)/etc/ngcore
	@# An existing config is never overwritten; a new one is the complete default set.
	[ -f $(DESTDIR)/etc/ngcore/ngcore.yaml ] || \
		{ $(BUILD)/src/ngcore --dump-config > $(DESTDIR)/etc/ngcore/ngcore.yaml && \
		  chmod 0640 $(DESTDIR)/etc/ngcore/ngcore.yaml; }

format:
	find lib nf sim src tools tests bench -name '*.[ch]' -print0 | xargs -0 clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN) $(REL) $(FUZZ)
