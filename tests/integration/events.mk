# tests/integration/events.mk -- outpost-agent's --events mode (the UI
# <-> agent protocol) end to end, with its Python helpers.
EVENTS_TESTS = tests/integration/events.sh
TESTS += $(EVENTS_TESTS)
EXTRA_DIST += $(EVENTS_TESTS) tests/integration/events_drive.py \
	tests/integration/events_eval.py
