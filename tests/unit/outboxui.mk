# tests/unit/outboxui.mk -- the Outbox screen's model (rows, relative
# times, UTF-8 fitting, detail and view text, reading an outbox): TAP.
check_PROGRAMS += tests/unit/test-outbox-model
UNIT_TESTS += tests/unit/test-outbox-model
tests_unit_test_outbox_model_SOURCES = tests/unit/test-outbox-model.c \
	tests/unit/tap.h
