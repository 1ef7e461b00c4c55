# Communique - every target is listed by `make help`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__LOGGING__LOGGING_LEVEL ?= WARNING
RUN_AFTER ?= $(shell date -u +%F)

.PHONY: help uv setup system-deps demo test lint format typecheck pytest eval bench bench-load report clean fuzz-fetch determinism-fetch

help: ## List every target with what it does
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

uv: ## Install uv (the package manager) if it is missing
	@command -v uv >/dev/null 2>&1 || test -x "$(UV)" || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	@test -x "$(UV)" || command -v uv >/dev/null

setup: uv ## Create .venv with the exact locked dependencies
	$(UV) sync --locked

demo: setup ## Set up, run the Airflow DAG over seeds/ (yesterday's interval), print the events
	@mkdir -p "$(AIRFLOW_HOME)"
	$(UV) run airflow db migrate > /dev/null
	$(UV) run airflow dags test communique_nightly $(RUN_AFTER)
	$(UV) run communique events --all

system-deps: ## Install chromium (report test) and PostgreSQL 15 (production-like Airflow test) with apt-get when missing
	@PKGS=""; \
	[ -x /usr/bin/chromium ] || PKGS="$$PKGS chromium"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || PKGS="$$PKGS postgresql-15"; \
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

pytest: ## Run the test suite
	$(UV) run pytest -q

eval: ## Score the extractor on the dev gold set against the committed quality gate
	$(UV) run communique eval

bench: ## All benchmarks, each reporting ratios measured in one run (extract, dates, fetch, load)
	$(UV) run python bench/bench_extract.py --articles 20000
	$(UV) run python bench/bench_dates.py
	$(UV) run python bench/bench_fetch.py
	$(UV) run python bench/bench_load.py

bench-load: ## Benchmark: 1M event mentions through the load path vs a bare CREATE TABLE AS
	$(UV) run python bench/bench_load.py

fuzz-fetch: ## Fuzz the fetch layer: 200,000 mutated feeds, URLs, robots files, pages and headers, 2,000 served
	$(UV) run python -m tests.fetch.fuzz --cases 200000 --server-cases 2000

determinism-fetch: ## Rerun the 200-entry feed test 20 times with a busy loop on every core
	$(UV) run python -m tests.fetch.under_load --runs 20

report: ## Write reports/communique.html from the published warehouse
	$(UV) run communique report

clean: ## Remove generated data, the warehouse file and the local Airflow home
	rm -rf data .airflow warehouse/*.duckdb warehouse/*.lock warehouse/published
