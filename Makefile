# eml — the two commands of the README, and a few helpers.
#   make demo   build, then run the main job on the bundled demo data
#   make test   build and run every test, then again under ASan+UBSan
BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
EML        := $(BUILD)/eml

.PHONY: all deps build build-san demo test test-plain test-san clean

all: build

deps:
	@scripts/deps.sh

# the build prints only when it fails (its log stays in $(BUILD)/build.log)
build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) >$(BUILD)/build.log 2>&1 || { cat $(BUILD)/build.log; exit 1; }

build-san: deps
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DEML_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_SAN) -j $(JOBS) >$(BUILD_SAN)/build.log 2>&1 || { cat $(BUILD_SAN)/build.log; exit 1; }

demo: build
	@scripts/demo.sh $(EML)

test: test-plain test-san

test-plain: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-san: build-san
	@cd $(BUILD_SAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD_SAN) out
