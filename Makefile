# ledgerbus: the commands a developer and CI use. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= uv
UV_RUN := $(UV) run --frozen --no-sync
PYTEST_ARGS ?=

.PHONY: help install infra-up infra-down infra-status run up down status test lint bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

install: ## install uv (if missing) and every workspace package
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --all-packages --quiet

infra-up: ## start (or reuse) Kafka on :9092 and PostgreSQL on :5432
	@deploy/local/infra.sh up

infra-down: ## stop the Kafka and PostgreSQL that infra-up started
	@deploy/local/infra.sh down

infra-status:
	@deploy/local/infra.sh status

run: install infra-up ## the whole platform in the foreground, with demo data (Ctrl-C stops it)
	@$(UV_RUN) python -m ledgerbus_devtools.platform run

up: install infra-up ## the whole platform in the background
	@$(UV_RUN) python -m ledgerbus_devtools.platform up

down: ## stop what `make up` started, then Kafka and PostgreSQL
	@$(UV_RUN) python -m ledgerbus_devtools.platform down || true
	@deploy/local/infra.sh down

status: ## what is running
	@deploy/local/infra.sh status
	@$(UV_RUN) python -m ledgerbus_devtools.platform status || true

test: install infra-up ## the whole test suite against the real Kafka and PostgreSQL
	@$(UV_RUN) pytest $(PYTEST_ARGS)

lint: install ## ruff and mypy
	@$(UV_RUN) ruff check .
	@$(UV_RUN) ruff format --check .
	@$(UV_RUN) mypy

bench: install infra-up ## throughput and timing figures against baselines measured in the same run
	@$(UV_RUN) python -m ledgerbus_devtools.bench
