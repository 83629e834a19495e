# planck: convenience targets around CMake + Ninja.
#
#   make build          release build; the shell is build/planck
#   make demo           install missing packages, build, start the shell with TPC-H SF 0.01
#   make test           install missing packages, then the test suite normally and sanitized
#   make test-fast      release build + tests only
#   make test-sanitize  ASan/UBSan build (build-sanitize/) + tests
#   make bench          release build + planning benchmarks
#   make format         clang-format our sources in place
#   make clean          remove both build directories

BUILD_DIR    ?= build
SANITIZE_DIR ?= build-sanitize
JOBS         ?= 2
CMAKE        ?= cmake
CTEST        ?= ctest

# Sanitizer runtime options for the sanitized test run: stop at the first UB report, with a
# stack trace.
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1 \
                 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: all build build-sanitize demo deps test test-fast test-sanitize bench format clean help

all: build

help:
	@sed -n '3,11p' Makefile

# Configure only when the build directory has not been configured yet; after that, Ninja
# re-runs CMake by itself whenever a CMakeLists.txt changes.
$(BUILD_DIR)/build.ninja:
	$(CMAKE) -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

# RelWithDebInfo with -O1 and without -DNDEBUG: assertions stay on, stack traces stay useful.
$(SANITIZE_DIR)/build.ninja:
	$(CMAKE) -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DPLANCK_SANITIZE=ON

build: $(BUILD_DIR)/build.ninja
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

build-sanitize: $(SANITIZE_DIR)/build.ninja
	$(CMAKE) --build $(SANITIZE_DIR) -j $(JOBS)

deps:
	scripts/install-deps

# TPC-H SF 0.01 loaded: the shared .tbl files when ../shared/tpch/sf0.01 exists, else CALL dbgen.
demo: deps
	$(MAKE) build
	./$(BUILD_DIR)/planck --tpch

test: deps
	$(MAKE) test-fast
	$(MAKE) test-sanitize

test-fast: build
	$(CTEST) --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-sanitize: build-sanitize
	$(SANITIZER_ENV) $(CTEST) --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS)

bench: build
	@if [ -x $(BUILD_DIR)/bench/planning_bench ]; then ./$(BUILD_DIR)/bench/planning_bench; \
	elif [ -x $(BUILD_DIR)/planning_bench ]; then ./$(BUILD_DIR)/planning_bench; \
	else echo "no planning_bench was built (bench/ missing, or Google Benchmark not found)"; fi

# Our C++ sources only: build directories and generated code are left alone.
format:
	find . \( -path './build*' -o -path './.git' -o -path './cmake-build-*' \) -prune -o \
	  -type f \( -name '*.h' -o -name '*.cc' \) -print0 | xargs -0 -r clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
