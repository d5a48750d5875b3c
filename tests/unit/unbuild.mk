# tests/unit/unbuild.mk -- message_unbuild (outbox-edit's parser).
check_PROGRAMS += tests/unit/test-unbuild
UNIT_TESTS += tests/unit/test-unbuild
tests_unit_test_unbuild_SOURCES = tests/unit/test-unbuild.c tests/unit/tap.h
tests_unit_test_unbuild_LDADD = $(NET_LIBS)
tests_unit_test_unbuild_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS)
