# Communique - every target is listed by `make help`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__LOGGING__LOGGING_LEVEL ?= WARNING
RUN_AFTER ?= $(shell date -u +%F)
PYTEST_WORKERS ?= 2

.PHONY: help uv setup system-deps demo airflow-demo bi bi-serve test lint format typecheck pytest eval bench bench-load fuzz fuzz-fetch determinism-fetch report clean

help: ## List every target with what it does
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

uv: ## Install uv (the package manager) if it is missing
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install -qq --disable-pip-version-check --user uv 2>/dev/null || python3 -m pip install -qq --disable-pip-version-check uv
	@test -x "$(UV)" || command -v uv >/dev/null

setup: uv ## Create .venv with the exact locked dependencies, bytecode compiled (quietly; `make setup V=1` lists them)
	@$(UV) sync --locked --compile-bytecode $(if $(V),,--quiet)
	@.venv/bin/python -m compileall -q -j 0 pipeline dags > /dev/null

demo: setup ## Set up, load the bundled articles on the days they were published, print the events
	@$(UV) run --quiet --locked communique backfill --published-days --sources sources.toml --show-events

system-deps: ## Install chromium (report and dashboard tests), PostgreSQL 15 (production-like Airflow test) and node/npm (dashboard) with apt-get when missing
	@PKGS=""; \
	[ -x /usr/bin/chromium ] || PKGS="$$PKGS chromium"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || PKGS="$$PKGS postgresql-15"; \
	command -v npm >/dev/null 2>&1 || PKGS="$$PKGS nodejs npm"; \
	if [ -z "$$PKGS" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "$$PKGS missing and there is no apt-get: the tests needing them will be skipped"; exit 0; fi; \
	SUDO=""; \
	if [ "$$(id -u)" != 0 ]; then \
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
		else echo "$$PKGS missing and root is needed to install them: the tests needing them will be skipped"; exit 0; fi; \
	fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$PKGS

test: setup system-deps lint typecheck pytest ## Set up, then lint, type-check and run every test (what CI runs)

lint: ## ruff lint and format check (AIR3 rules included)
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format: ## Apply ruff formatting and safe fixes
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

typecheck: ## mypy --strict on the pipeline package
	$(UV) run mypy pipeline

pytest: ## Run the test suite on $(PYTEST_WORKERS) parallel workers (tests sharing a costly fixture stay on one)
	$(UV) run pytest -q -n $(PYTEST_WORKERS) --dist loadgroup --durations=15

eval: ## Score the extractor on the dev gold set against the committed quality gate
	$(UV) run communique eval

bench: ## All benchmarks, each reporting ratios measured in one run (extract, dates, fetch, load)
	$(UV) run python bench/bench_extract.py
	$(UV) run python bench/bench_geo.py
	$(UV) run python bench/bench_dates.py
	$(UV) run python bench/bench_fetch.py
	$(UV) run python bench/bench_load.py
	$(UV) run python bench/bench_history.py
	$(UV) run python bench/bench_run_memory.py

bench-load: ## Benchmark: 1M event mentions through the load path vs a bare CREATE TABLE AS
	$(UV) run python bench/bench_load.py

fuzz: ## Extractor fuzz: 1,000,000 seeded hostile inputs, failures and the worst time per 10,000 chars
	$(UV) run python bench/fuzz_extract.py --cases 1000000

fuzz-fetch: ## Fuzz the fetch layer: 200,000 mutated feeds, URLs, robots files, pages and headers, 2,000 served
	$(UV) run python -m tests.fetch.fuzz --cases 200000 --server-cases 2000

determinism-fetch: ## Rerun the 200-entry feed test 20 times with a busy loop on every core
	$(UV) run python -m tests.fetch.under_load --runs 20

report: ## Write reports/communique.html from the published warehouse
	$(UV) run communique report

clean: ## Remove generated data, the warehouse file and the local Airflow home
	rm -rf data .airflow warehouse/*.duckdb warehouse/*.lock warehouse/published

airflow-demo: setup ## Run the nightly Airflow DAG once (airflow dags test) for the interval of 2023-02-23
	@mkdir -p "$(AIRFLOW_HOME)"
	@$(UV) run --quiet airflow db migrate > /dev/null
	@COMMUNIQUE_SOURCES=$(CURDIR)/sources.toml $(UV) run --quiet airflow dags test communique_nightly 2023-02-24 > /dev/null
	@.venv/bin/communique events --since 2023-02-20 --until 2023-02-24

bi: ## Build the Evidence dashboard into bi/build from the demo's mart Parquet files (after make demo); serve it with make bi-serve
	@bi/build.sh "$$(.venv/bin/python -c "from pipeline.marts import marts_dir; from pipeline.settings import Settings; print(marts_dir(Settings().publish_path))")"

bi-serve: ## Serve the built dashboard on http://127.0.0.1:8080 (after make bi; Ctrl-C stops it)
	@test -f bi/build/index.html || { echo "no dashboard in bi/build: run make bi first"; exit 1; }
	.venv/bin/python -m http.server 8080 --bind 127.0.0.1 --directory bi/build
