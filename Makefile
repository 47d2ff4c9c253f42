# Thin wrapper over CMake. `make demo` and `make test` each work on a fresh
# Debian 12 machine: they install what is missing (as root) first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
QUIRE = $(BUILD)/quire

.PHONY: all deps test-deps build demo test test-asan eval fuzz bench format clean

all: build

deps:
	@sh scripts/deps.sh build

test-deps:
	@sh scripts/deps.sh test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@rm -rf out && mkdir -p out
	$(QUIRE) convert samples -t txt -o out/samples.txt
	$(QUIRE) convert samples -t jsonl -o out/samples.jsonl
	$(QUIRE) convert samples -t txt --split -o out/txt
	$(QUIRE) convert samples/site -o out/samples.epub --group-by category
	@echo
	@echo "demo: wrote out/samples.txt, out/samples.jsonl, out/txt/ (one file per article) and out/samples.epub"

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-asan
	@sh tests/fuzz/run.sh 20

test-asan: test-deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DQUIRE_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  QUIRE_SANITIZED=1 ctest --output-on-failure -j $(JOBS) -LE nosan

eval: build
	@sh tests/eval/run.sh $(QUIRE)

fuzz:
	@sh tests/fuzz/run.sh $(or $(SECONDS),60)

bench: build
	@sh bench/run.sh

format:
	@clang-format -i $$(sh scripts/c-files.sh)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz out
