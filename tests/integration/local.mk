# tests/integration/local.mk -- outpost against real servers (Postfix,
# Dovecot, the faulty and hostile fixtures), the keyring, the shell
# completions: TAP shell scripts, and test-smtp, the SMTP client in C.
check_PROGRAMS += tests/integration/test-smtp
tests_integration_test_smtp_CPPFLAGS = $(NET_TEST_CPPFLAGS)
tests_integration_test_smtp_LDADD = $(NET_LIBS) -lsasl2

INTEGRATION_TESTS = tests/integration/smtp-test.sh \
	tests/integration/tls-names.sh tests/integration/message-parse.sh \
	tests/integration/send.sh tests/integration/doctor.sh \
	tests/integration/keyring.sh tests/integration/outbox.sh \
	tests/integration/outbox-faults.sh tests/integration/ownership.sh \
	tests/integration/sentcopy.sh tests/integration/hostile.sh \
	tests/integration/imap-hostile.sh tests/integration/bigattach.sh \
	tests/integration/events.sh tests/integration/completions.sh \
	tests/integration/programs.sh tests/integration/names.sh \
	tests/integration/sendmail.sh tests/integration/eightbit.sh \
	tests/integration/runner.sh tests/integration/needs-password.sh \
	tests/integration/reply.sh tests/integration/reply-draft.sh \
	tests/integration/accounts.sh \
	tests/integration/keyring-accounts.sh tests/integration/tls-cadir.sh \
	tests/integration/dial-ahead.sh tests/integration/send-record.sh \
	tests/integration/agent-env.sh tests/integration/attach-type.sh
TESTS += $(INTEGRATION_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) tests/integration/parse_message.py \
	tests/integration/imap_fetch.py tests/integration/pty_run.py \
	tests/integration/events_drive.py tests/integration/events_eval.py \
	tests/integration/zsh_complete.zsh tests/integration/leaves_equal.py
