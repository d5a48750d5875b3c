# tests/unit/outbox.mk -- the durable outbox (TAP).  Root gets tmpfs
# mounts in a private mount namespace for the read-only and full-disk
# cases; otherwise those report a skip.
check_PROGRAMS += tests/unit/test-outbox
UNIT_TESTS += tests/unit/test-outbox
tests_unit_test_outbox_SOURCES = tests/unit/test-outbox.c tests/unit/tap.h
tests_unit_test_outbox_LDADD = $(UNIT_LDADD)
