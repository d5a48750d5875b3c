# tests/unit/message.mk -- address and message unit tests (TAP), and
# msgdump, the helper tests/integration/message-parse.sh builds messages
# with before tests/integration/parse_message.py reads them back.
check_PROGRAMS += tests/unit/test-address tests/unit/test-message \
	tests/unit/msgdump
UNIT_TESTS += tests/unit/test-address tests/unit/test-message
TESTS += tests/integration/message-parse.sh
EXTRA_DIST += tests/integration/message-parse.sh \
	tests/integration/parse_message.py

tests_unit_test_address_SOURCES = tests/unit/test-address.c tests/unit/tap.h
tests_unit_test_address_LDADD = $(NET_LIBS)
tests_unit_test_address_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS)

tests_unit_test_message_SOURCES = tests/unit/test-message.c tests/unit/tap.h
tests_unit_test_message_LDADD = $(NET_LIBS)
tests_unit_test_message_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS)

tests_unit_msgdump_SOURCES = tests/unit/msgdump.c
tests_unit_msgdump_LDADD = $(NET_LIBS)
tests_unit_msgdump_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS)
