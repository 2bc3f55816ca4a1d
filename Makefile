# eml — the two commands of the README, and a few helpers.
#   make demo   build, then run the main job on the bundled demo data
#   make test   build and run every test, then again under ASan+UBSan, then
#               the fuzz regression step (corpus + a few seconds per harness)
#               and the import tests under valgrind memcheck. The plain build
#               is compiled with gcc, the ASan+UBSan one with clang: each
#               compiler builds the whole tree once, warnings as errors
#               (CC_PLAIN, CC_SAN to choose others)
#   make install PREFIX=/usr/local  a release build (optimised, warnings not
#               fatal: EML_WERROR=OFF) installed under PREFIX: bin/eml,
#               lib/libeml.a, include/eml/, lib/pkgconfig/eml.pc, the man
#               pages eml(1) and eml-GROUP(1), share/eml/
#   make fuzz   fuzz every harness of tests/fuzz for FUZZ_SECONDS each (60: 20
#               minutes in all, about 13 on 2 cores) and print a table of the
#               runs, executions per second and coverage per harness
#   make memcheck  the command-line tests with eml under valgrind memcheck
#   make bench  install what the benchmarks need (hyperfine, the DuckDB
#               reference's package), generate the campaigns, time eml against
#               each baseline in the same run, check the outputs against the
#               reference and append a dated row per benchmark to
#               bench/RESULTS.md (bench/run.sh). BENCH_SIZE=small (default, a
#               few minutes on 2 cores) or national; BENCH_ONLY to pick some
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_FUZZ ?= build-fuzz
BUILD_RELEASE ?= build-release
PREFIX     ?= /usr/local
CC_PLAIN   ?= gcc
CC_SAN     ?= clang
FUZZ_SECONDS ?= 60
BENCH_SIZE ?= small
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
EML        := $(BUILD)/eml

.PHONY: all deps build build-san demo test test-plain test-san test-fuzz test-memcheck fuzz memcheck \
        install clean bench

all: build

deps:
	@scripts/deps.sh

# the build prints only when it fails (its log stays in $(BUILD)/build.log)
build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=$(CC_PLAIN) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

build-san: deps
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DEML_SANITIZE=ON \
	  -DCMAKE_C_COMPILER=$(CC_SAN) >/dev/null
	@cmake --build $(BUILD_SAN) -j $(JOBS) >$(BUILD_SAN)/build.log 2>&1 || { cat $(BUILD_SAN)/build.log; exit 1; }

demo: build
	@scripts/demo.sh $(EML)

test: test-plain test-san test-fuzz test-memcheck

test-plain: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-san: build-san
	@cd $(BUILD_SAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

test-fuzz:
	@tests/fuzz/run.sh 3 $(CURDIR)/$(BUILD_FUZZ) $(JOBS)

memcheck: build
	@tests/memcheck/run.sh $(EML)

# in make test: the import paths only (test_import_errors, about a minute);
# ASan's leak checker already runs every command-line test in test-san
test-memcheck: build
	@tests/memcheck/run.sh $(EML) import_errors

fuzz:
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(CURDIR)/$(BUILD_FUZZ) $(JOBS)

bench: build
	@BENCH_SIZE=$(BENCH_SIZE) EML=$(EML) bench/run.sh

# the program finds its data relative to itself (PREFIX/share/eml), so the
# installed tree may be moved; EML_DATA_DIR overrides it
install: deps
	@cmake -S . -B $(BUILD_RELEASE) -DCMAKE_BUILD_TYPE=Release -DEML_WERROR=OFF \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD_RELEASE) -j $(JOBS) >$(BUILD_RELEASE)/build.log 2>&1 || \
	  { cat $(BUILD_RELEASE)/build.log; exit 1; }
	@cmake --install $(BUILD_RELEASE) >$(BUILD_RELEASE)/install.log && \
	  echo "eml: installed under $(PREFIX) (files: $(BUILD_RELEASE)/install_manifest.txt)"

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ) $(BUILD_RELEASE) out
