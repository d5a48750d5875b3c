# tests/e2e/local.mk -- the real binary in a private tmux server, driven
# by keys and read from the screen (tests/e2e/lib.sh).
E2E_TESTS = tests/e2e/framework.sh tests/e2e/session-password.sh \
	tests/e2e/composer.sh tests/e2e/composer-progress.sh \
	tests/e2e/outbox.sh tests/e2e/settings.sh tests/e2e/settings-keyring.sh \
	tests/e2e/runner.sh tests/e2e/pico.sh tests/e2e/cursor.sh \
	tests/e2e/plain.sh tests/e2e/terminal.sh tests/e2e/reply.sh \
	tests/e2e/safety.sh tests/e2e/spell.sh tests/e2e/attach-size.sh \
	tests/e2e/sizes.sh tests/e2e/needs-password.sh tests/e2e/accounts.sh \
	tests/e2e/drafts.sh tests/e2e/size-warning.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/settings-lib.sh
