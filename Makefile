# make run   — set up (venv, dependencies), build the index if missing or stale, serve the chat
# make test  — set up, then the whole test suite
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE=1
export GRADIO_ANALYTICS_ENABLED=False

.PHONY: install index run test browser bench bench-library fit-reranker bench-ingest bench-scale bench-load test-robust test-offline-browser
install: $(STAMP)

# torch first and pinned: here 2.13.0 is the local CPU build, an unpinned torch pulls CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

index: install
	$(BIN)/assistant index

run: index
	$(BIN)/assistant serve

# Debian's chromium for the real-browser tests (never `playwright install`).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium could not be installed: the browser tests will be skipped"

test: install browser
	$(BIN)/python -m pytest

# The benchmark library (bench/library.yaml): the editorial and every dev paper of $(PAPERS) in one index.
# The papers are not redistributable: they are linked into build/bench-library/corpus (git-ignored), never copied
# into the repository; without $(PAPERS) the library is the editorial alone and only its questions are asked.
PAPERS        ?= ../shared/papers
BENCH_LIBRARY := build/bench-library
BENCH_CONFIG  := bench/library.yaml
BENCH_OUT     ?= bench/results.json
SPLITS        ?=
bench-library: install
	@rm -rf $(BENCH_LIBRARY)/corpus && mkdir -p $(BENCH_LIBRARY)/corpus
	@for f in corpus/*.txt corpus/*.md; do [ -f "$$f" ] && ln -s "$(CURDIR)/$$f" $(BENCH_LIBRARY)/corpus/ || true; done
	@if ls $(PAPERS)/*.pdf >/dev/null 2>&1; then \
	  for f in $(PAPERS)/*.pdf; do ln -s "$$(cd "$$(dirname "$$f")" && pwd)/$$(basename "$$f")" $(BENCH_LIBRARY)/corpus/; done; \
	else echo "bench: no PDF in $(PAPERS): the library is the editorial alone, and only the editorial set is asked"; fi
	$(BIN)/assistant --config $(BENCH_CONFIG) index

# Both question sets on that one library, the project beside itself without its learned re-rankers ("fused"),
# BM25 only, dense only and the naive baseline;
# SPLITS="dev papers-dev" asks only those splits (default: every split). Report: $(BENCH_OUT:.json=.md).
bench: bench-library
	@if ls $(BENCH_LIBRARY)/corpus/*.pdf >/dev/null 2>&1; then papers="$(wildcard bench/questions-papers-*.jsonl)"; fi; \
	$(BIN)/assistant --config $(BENCH_CONFIG) eval bench/questions.jsonl $$papers --json $(BENCH_OUT) $(if $(strip $(SPLITS)),--splits $(SPLITS))

# refit the learned re-rankers' weights (assistant/data/reranker.yaml, sentence_reranker.yaml) on the tuning
# questions of that library; EXCLUDE="z27 z28" leaves question files out (name fragments), as the fresh held-out sets
# must be (a fresh set, once reported as totals, joins the tuning questions: bench/README.md, fourteenth session)
fit-reranker: bench-library
	$(BIN)/python bench/fit_reranker.py $(if $(strip $(EXCLUDE)),--exclude $(EXCLUDE))
	$(BIN)/python bench/fit_reranker.py --model sentences $(if $(strip $(EXCLUDE)),--exclude $(EXCLUDE))

# PDF reading on the dev papers in ../shared/papers against bench/truth (pdftotext is the second reading)
bench-ingest: install
	@command -v pdftotext >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }
	$(BIN)/python bench/ingest.py --embed --json bench/ingest_results.json

# synthetic 10k/100k/1M passages: faiss index types and BM25, ~20 min single-threaded (bench/SCALE.md)
bench-scale: install
	$(BIN)/python bench/scale.py --out bench/scale_results.json

# 2000 requests against a server it starts: latency, server memory every 100 requests, concurrency 1 vs 4
bench-load: index
	$(BIN)/python bench/load.py --json bench/load_results.json

# robustness on its own (also part of `make test`): faults, bad HTTP input, concurrent load, offline
test-robust: install
	$(BIN)/python -m pytest tests/test_robust_faults.py tests/test_robust_http.py tests/test_offline.py -q -s -rxX

# the real-browser tests with the network cut to loopback (needs root for unshare; says so otherwise)
test-offline-browser: install browser
	@if unshare -n true 2>/dev/null; then \
	  unshare -n sh -c 'ip link set lo up && exec $(BIN)/python -m pytest tests/test_ui_browser.py -q'; \
	else echo "test-offline-browser skipped: unshare -n is not permitted here (run as root)"; fi
