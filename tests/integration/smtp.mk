# tests/integration/smtp.mk -- the SMTP client (net, tls, smtp) against
# real Postfix + Dovecot and the faulty server: smtp-test.sh starts them
# (unless OUTPOST_TEST_SERVERS names a running set), then runs test-smtp;
# tls-names.sh: which certificate names are accepted, through outpost send.
check_PROGRAMS += tests/integration/test-smtp
tests_integration_test_smtp_SOURCES = tests/integration/test-smtp.c \
	tests/unit/tap.h
tests_integration_test_smtp_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS) \
	$(OPENSSL_CFLAGS)
# -lsasl2 for smtp_global_cleanup (libetpan leaves Cyrus SASL initialised).
tests_integration_test_smtp_LDADD = $(NET_LIBS) -lsasl2

SMTP_TESTS = tests/integration/smtp-test.sh tests/integration/tls-names.sh
TESTS += $(SMTP_TESTS)
EXTRA_DIST += $(SMTP_TESTS)
