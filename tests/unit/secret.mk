# tests/unit/secret.mk -- password.command (TAP): word splitting, the
# first line of output, failures in the command's words, time-outs.
check_PROGRAMS += tests/unit/test-secret
UNIT_TESTS += tests/unit/test-secret
tests_unit_test_secret_SOURCES = tests/unit/test-secret.c tests/unit/tap.h
tests_unit_test_secret_LDADD = $(NET_LIBS)
