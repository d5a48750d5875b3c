# tests/unit/local.mk -- the unit tests: TAP programs, one .c file each
# (automake's default SOURCES), run by make check, check-valgrind and
# the ASan build.  The core's and the UI models' link the default LDADD
# (tests/local.mk); the network half's link NET_LIBS.
CORE_UNIT_TESTS = tests/unit/test-strutil tests/unit/test-config \
	tests/unit/test-policy tests/unit/test-confedit tests/unit/test-draft \
	tests/unit/test-flowed tests/unit/test-textbuf \
	tests/unit/test-textbuf-justify tests/unit/test-textfile \
	tests/unit/test-spell \
	tests/unit/test-outbox tests/unit/test-outbox-count \
	tests/unit/test-keymap tests/unit/test-keymaps-shipped \
	tests/unit/test-composer-model tests/unit/test-composer-complete \
	tests/unit/test-outbox-model tests/unit/test-settings-model \
	tests/unit/test-accounts
NET_UNIT_TESTS = tests/unit/test-address tests/unit/test-message \
	tests/unit/test-message-names tests/unit/test-message-7bit \
	tests/unit/test-unbuild tests/unit/test-pipe tests/unit/test-secret \
	tests/unit/test-mutf7 tests/unit/test-reply tests/unit/test-mailto \
	tests/unit/test-net \
	tests/unit/test-mimetypes tests/unit/test-attach-type
UNIT_TESTS = $(CORE_UNIT_TESTS) $(NET_UNIT_TESTS)
# msgdump: a message built or prepared as outpost would, for the scripts.
check_PROGRAMS += $(UNIT_TESTS) tests/unit/msgdump
EXTRA_DIST += tests/unit/tap.h tests/unit/testutil.h tests/unit/outboxtest.h

NET_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS) $(OPENSSL_CFLAGS)
tests_unit_test_address_LDADD = $(NET_LIBS)
tests_unit_test_address_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_message_LDADD = $(NET_LIBS)
tests_unit_test_message_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_message_names_LDADD = $(NET_LIBS)
tests_unit_test_message_names_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_message_7bit_LDADD = $(NET_LIBS)
tests_unit_test_message_7bit_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_unbuild_LDADD = $(NET_LIBS)
tests_unit_test_unbuild_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_pipe_LDADD = $(NET_LIBS)
tests_unit_test_pipe_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_secret_LDADD = $(NET_LIBS)
tests_unit_test_secret_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_mutf7_LDADD = $(NET_LIBS)
tests_unit_test_mutf7_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_reply_LDADD = $(NET_LIBS)
tests_unit_test_reply_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_mailto_LDADD = $(NET_LIBS)
tests_unit_test_mailto_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_net_LDADD = $(NET_LIBS)
tests_unit_test_net_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_mimetypes_LDADD = $(NET_LIBS)
tests_unit_test_mimetypes_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_test_attach_type_LDADD = $(NET_LIBS)
tests_unit_test_attach_type_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_unit_msgdump_LDADD = $(NET_LIBS)
tests_unit_msgdump_CPPFLAGS = $(NET_TEST_CPPFLAGS)
