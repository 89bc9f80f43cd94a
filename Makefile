.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REQUIREMENTS := requirements.txt requirements-dev.txt
EMAIL ?=
ROLE ?= customer
PYTEST_ARGS ?=
ENV_FILE := $(or $(CLOUDMART_ENV_FILE),.env)
# make run DATASET=retail (or DATASET in the environment): serve the retail reference data
export DATASET

# Java 17+, npm and python3's venv: a no-op when present; installed with apt-get when root.
.PHONY: system-deps
system-deps:
	@scripts/ensure-system-deps.sh

$(STAMP): $(REQUIREMENTS) | system-deps
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $(STAMP)

.PHONY: install
install: system-deps $(STAMP) ## Install what is missing: Java (as root), .venv deps, DynamoDB Local
	@$(PY) -c 'from devstack.dynamodb_local import ensure_installed; ensure_installed()'

# The local provider's intent model: rebuilt whenever a corpus file or the training code changes.
NLU_MODEL := providers/nlu/intents.joblib
NLU_CORPUS := $(wildcard providers/nlu/corpus/*/*.txt)
NLU_GOODS := $(wildcard providers/nlu/goods/*.txt)
$(NLU_MODEL): $(NLU_CORPUS) $(NLU_GOODS) $(addprefix providers/nlu/,model.py corpus.py masking.py items.py) | $(STAMP)
	$(PY) -m providers.nlu $@

.PHONY: nlu-model
nlu-model: $(NLU_MODEL) ## Build the local provider's intent model from providers/nlu/corpus/

# The shopper's languages: the .po catalogues are committed, their compiled .mo files built here.
PYBABEL := $(VENV)/bin/pybabel
LANGS := es fr de
CATALOGUES := $(foreach l,$(LANGS),i18n/locales/$(l)/LC_MESSAGES/messages.mo)

i18n/locales/%/LC_MESSAGES/messages.mo: i18n/locales/%/LC_MESSAGES/messages.po $(STAMP)
	@$(PYBABEL) -q compile -D messages -l $* -i $< -o $@

.PHONY: catalogues
catalogues: $(CATALOGUES) ## Compile the language catalogues (make run and make test do it)

.PHONY: messages
messages: install ## Extract the shopper-visible texts into i18n/messages.pot and update every .po
	$(PYBABEL) -q extract -F babel.cfg -k _ -k n_:1,2 -k N_ --no-location --sort-output \
		--project "CloudMart Support Assistant" -o i18n/messages.pot cloudmart providers i18n
	@for l in $(LANGS); do \
		if [ -f i18n/locales/$$l/LC_MESSAGES/messages.po ]; then \
			$(PYBABEL) -q update --no-fuzzy-matching -D messages -l $$l -i i18n/messages.pot -d i18n/locales; \
		else $(PYBABEL) -q init -D messages -l $$l -i i18n/messages.pot -d i18n/locales; fi; \
	done

.PHONY: run
run: install catalogues $(NLU_MODEL) ## Serve on http://localhost:5000 with DynamoDB Local, seeded data and the local provider
	$(PY) -m devstack.devserver

.PHONY: test
# TEST_JOBS=2 (the default on two cores or more) runs the two tiers side by side: the DynamoDB
# Local tier in the background, its output in build/test-integration.log and shown after the moto
# tier's; TEST_JOBS=1 runs them one after the other.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
test: install catalogues $(NLU_MODEL) ## Run every test: unit and API tests on moto, and the DynamoDB Local tier
	@status=0; \
	if (( $(TEST_JOBS) > 1 )); then \
		mkdir -p build; log=build/test-integration.log; \
		echo "==> integration tests (DynamoDB Local), beside the moto tier: pytest -m integration > $$log"; \
		$(PY) -m pytest -m integration $(PYTEST_ARGS) > $$log 2>&1 & tier=$$!; \
		trap 'kill $$tier 2>/dev/null' EXIT; \
		echo "==> unit and API tests (moto): pytest -m 'not integration'"; \
		$(PY) -m pytest -m "not integration" $(PYTEST_ARGS) || status=1; \
		echo "==> integration tests (DynamoDB Local): waiting for them ($$log)"; \
		wait $$tier || status=1; trap - EXIT; \
		cat $$log; \
	else \
		echo "==> unit and API tests (moto): pytest -m 'not integration'"; \
		$(PY) -m pytest -m "not integration" $(PYTEST_ARGS) || status=1; \
		echo "==> integration tests (DynamoDB Local): pytest -m integration"; \
		$(PY) -m pytest -m integration $(PYTEST_ARGS) || status=1; \
	fi; \
	if (( status )); then echo "==> tests FAILED (see the summaries above)"; fi; \
	exit $$status

.PHONY: lint
lint: install ## Check lint, formatting, import contracts, and the infrastructure template
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	@mkdir -p build
	$(PY) -m cloudmart.infra --bedrock > build/cloudformation.json
	$(VENV)/bin/cfn-lint build/cloudformation.json

.PHONY: infra-template
infra-template: ## Print the CloudFormation template (tables + IAM policy); BEDROCK=1 adds InvokeAgent
	@$(MAKE) --no-print-directory -s install >&2
	@$(PY) -m cloudmart.infra $(if $(BEDROCK),--bedrock)

.PHONY: format
format: install ## Format the code and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: bench
bench: install ## Run the benchmarks in bench/ (if there are any yet)
	@$(MAKE) --no-print-directory -s $(NLU_MODEL)
	@if [ -f bench/__main__.py ]; then $(PY) -m bench; \
	else echo "No benchmarks yet (bench/__main__.py does not exist)."; fi

.PHONY: import-retail
import-retail: install ## Load DIR's users/orders/products.json (retail reference shapes) into the store make run uses
	@if [ -z "$(DIR)" ]; then echo "usage: make import-retail DIR=<dir> [DATASET=retail]" >&2; exit 2; fi
	$(PY) -m devstack.devserver --import-retail "$(DIR)"

.PHONY: token
token: ## Print a bearer token and nothing else: make -s token EMAIL=<email> [ROLE=customer|agent|admin]
	@if [ -z "$(EMAIL)" ]; then \
		echo "usage: make -s token EMAIL=<email> [ROLE=customer|agent|admin]" >&2; exit 2; fi
	@$(MAKE) --no-print-directory -s install >&2
	@$(PY) -m devstack.devserver --ensure-env-file >&2
	@$(VENV)/bin/flask --app wsgi --env-file "$(ENV_FILE)" token "$(EMAIL)" --role "$(ROLE)"

.PHONY: clean
clean: ## DESTRUCTIVE: delete .venv, instance/ (the local database: orders, chats), node_modules, dist
	rm -rf $(VENV) instance dynamodb-local/node_modules frontend/node_modules frontend/dist

.PHONY: help
help: ## Show this help
	@echo "CloudMart Support Assistant: make <target>"
	@if [ -t 1 ]; then on=$$'\033[36m' off=$$'\033[0m'; else on= off=; fi; \
	grep -E '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) \
		| awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*?## "}; \
			{printf "  %s%-8s%s %s\n", on, $$1, off, $$2}'
