# tests/integration/send.mk -- the end-to-end tests of outpost send and
# outpost doctor.

SEND_TESTS = tests/integration/send.sh tests/integration/doctor.sh \
	tests/integration/keyring.sh
TESTS += $(SEND_TESTS)
EXTRA_DIST += $(SEND_TESTS) tests/integration/imap_fetch.py \
	tests/integration/pty_run.py

OUTBOX_TESTS = tests/integration/outbox.sh tests/integration/outbox-faults.sh \
	tests/integration/ownership.sh tests/integration/sentcopy.sh \
	tests/integration/hostile.sh tests/integration/imap-hostile.sh
TESTS += $(OUTBOX_TESTS)
EXTRA_DIST += $(OUTBOX_TESTS)
# The 30 MB attachment's peak RSS (issue 9 item 5).
TESTS += tests/integration/bigattach.sh
EXTRA_DIST += tests/integration/bigattach.sh
