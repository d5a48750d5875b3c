# tests/e2e/outbox.mk -- end-to-end tests (tmux) of the outbox part of the UI.
# The Outbox screen in tmux against real Postfix/Dovecot and the faulty
# server, and contrib/quickstart demo.
OUTBOX_E2E_TESTS = tests/e2e/outbox.sh
TESTS += $(OUTBOX_E2E_TESTS)
EXTRA_DIST += $(OUTBOX_E2E_TESTS)
