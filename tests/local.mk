# tests/local.mk -- unit tests (TAP programs), integration and e2e
# scripts (TAP shell scripts), the layering check, the bounded fuzz run.
# A program with no _LDADD of its own (the core and UI-model unit tests)
# links the curses-free UI library and the core.
LDADD = ui/libopui.a src/libopcore.a

SCRIPT_TESTS = tests/lint/layering.sh tests/lint/outbox-calls.sh \
	tests/lint/protocol.sh \
	tests/integration/check-config.sh
FUZZ_TESTS = tests/fuzz/run.sh

TESTS += $(UNIT_TESTS) $(SCRIPT_TESTS) $(FUZZ_TESTS)
EXTRA_DIST += $(SCRIPT_TESTS) $(FUZZ_TESTS) tests/lib.sh \
	tests/fuzz/fuzz-config.c tests/fuzz/fuzz-policy.c \
	tests/fuzz/fuzz-wire.c tests/fuzz/fuzz-message.c \
	tests/fuzz/fuzz-sendmail.c tests/fuzz/fuzz-keymap.c \
	tests/fuzz/fuzz-mailto.c tests/fuzz/wire.supp \
	tests/fuzz/corpus \
	tests/fixtures

# Valgrind over the unit tests, in the environment make check gives
# them: any leak, error or failing test fails.
check-valgrind: $(UNIT_TESTS)
	@command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }; \
	$(AM_TESTS_ENVIRONMENT) \
	fail=0; for t in $(UNIT_TESTS); do \
	  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
	    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	    ./$$t >/dev/null 2>valgrind-$$(basename $$t).log; rc=$$?; \
	  if [ $$rc = 99 ]; then echo "valgrind: $$t: errors or leaks (see valgrind-$$(basename $$t).log)"; fail=1; \
	  elif [ $$rc != 0 ]; then echo "valgrind: $$t: exit $$rc (see valgrind-$$(basename $$t).log)"; fail=1; \
	  else echo "valgrind: $$t: clean"; fi; \
	done; test $$fail = 0
.PHONY: check-valgrind

# libFuzzer targets, built with clang straight from the core sources.
FUZZ_CORE = $(top_srcdir)/src/base/err.c $(top_srcdir)/src/base/xmalloc.c \
	$(top_srcdir)/src/base/strutil.c $(top_srcdir)/src/base/trust.c \
	$(top_srcdir)/src/conf/kvfile.c \
	$(top_srcdir)/src/conf/config.c $(top_srcdir)/src/conf/policy.c \
	$(top_srcdir)/src/conf/policy-check.c src/policy-builtin.c
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	$(AM_CPPFLAGS)
# The wire target: the stream driver and the SMTP and IMAP readers,
# on libetpan.so (wire.supp names it).
FUZZ_WIRE = $(top_srcdir)/src/base/err.c $(top_srcdir)/src/base/xmalloc.c \
	$(top_srcdir)/src/wire/wirelimit.c $(top_srcdir)/src/wire/tls-low.c \
	$(top_srcdir)/src/wire/tls.c $(top_srcdir)/src/wire/net.c \
	$(top_srcdir)/src/wire/smtp.c $(top_srcdir)/src/wire/smtp-pipe.c \
	$(top_srcdir)/src/wire/imap-caps.c
# The message target: a received message taken apart and answered.
FUZZ_MESSAGE = $(top_srcdir)/src/base/err.c $(top_srcdir)/src/base/xmalloc.c \
	$(top_srcdir)/src/base/strbuf.c $(top_srcdir)/src/base/strutil.c \
	$(top_srcdir)/src/base/atomicfile.c $(top_srcdir)/src/base/trust.c \
	$(top_srcdir)/src/mail/reply.c $(top_srcdir)/src/mail/message-unbuild.c \
	$(top_srcdir)/src/mail/address.c $(top_srcdir)/src/mail/message-encode.c \
	$(top_srcdir)/src/text/flowed.c $(top_srcdir)/src/text/textfile.c
# The sendmail target: a message handed over, prepared and made 7-bit.
FUZZ_SENDMAIL = $(top_srcdir)/src/base/err.c $(top_srcdir)/src/base/xmalloc.c \
	$(top_srcdir)/src/base/strbuf.c $(top_srcdir)/src/base/strutil.c \
	$(top_srcdir)/src/base/atomicfile.c $(top_srcdir)/src/base/trust.c \
	$(top_srcdir)/src/base/isotime.c $(top_srcdir)/src/mail/address.c \
	$(top_srcdir)/src/mail/message.c $(top_srcdir)/src/mail/message-prepare.c \
	$(top_srcdir)/src/mail/message-7bit.c $(top_srcdir)/src/mail/message-encode.c \
	$(top_srcdir)/src/mail/message-attach.c $(top_srcdir)/src/mail/message-copy.c \
	$(top_srcdir)/src/mail/message-stream.c $(top_srcdir)/src/mail/mimemagic.c \
	$(top_srcdir)/src/mail/mimetypes.c
# The keymap target: a user's keys file, read as the UI reads it.
FUZZ_KEYMAP = $(top_srcdir)/ui/input/keymap.c $(top_srcdir)/ui/input/keymap-load.c \
	$(top_srcdir)/ui/input/action.c $(top_srcdir)/ui/input/keys.c \
	ui/keymap-builtin.c $(top_srcdir)/src/base/err.c \
	$(top_srcdir)/src/base/xmalloc.c $(top_srcdir)/src/base/strutil.c \
	$(top_srcdir)/src/base/trust.c $(top_srcdir)/src/conf/paths.c
# The mailto target: a link as a web page may write it.
FUZZ_MAILTO = $(top_srcdir)/src/mail/mailto.c $(top_srcdir)/src/base/err.c \
	$(top_srcdir)/src/base/xmalloc.c $(top_srcdir)/src/base/strbuf.c \
	$(top_srcdir)/src/base/strutil.c
FUZZ_BINS = tests/fuzz/fuzz-config tests/fuzz/fuzz-policy tests/fuzz/fuzz-wire \
	tests/fuzz/fuzz-message tests/fuzz/fuzz-sendmail tests/fuzz/fuzz-keymap \
	tests/fuzz/fuzz-mailto
if HAVE_CLANG
check_DATA = $(FUZZ_BINS)
endif
CLEANFILES += $(FUZZ_BINS) tests/fuzz/*.out

# Each target links its own source and the sources it lists ($^).
FUZZ_LINK = $(AM_V_CCLD)mkdir -p tests/fuzz && $(CLANG) $(FUZZ_FLAGS) \
	$(LIBETPAN_CFLAGS) $(OPENSSL_CFLAGS) -o $@ $^ \
	$(LIBETPAN_SHARED_LIBS) $(OPENSSL_LIBS) $(LIBS)
tests/fuzz/fuzz-config: $(top_srcdir)/tests/fuzz/fuzz-config.c $(FUZZ_CORE)
	$(FUZZ_LINK)
tests/fuzz/fuzz-policy: $(top_srcdir)/tests/fuzz/fuzz-policy.c $(FUZZ_CORE)
	$(FUZZ_LINK)
tests/fuzz/fuzz-keymap: $(top_srcdir)/tests/fuzz/fuzz-keymap.c $(FUZZ_KEYMAP)
	$(FUZZ_LINK)
tests/fuzz/fuzz-mailto: $(top_srcdir)/tests/fuzz/fuzz-mailto.c $(FUZZ_MAILTO)
	$(FUZZ_LINK)
tests/fuzz/fuzz-wire: $(top_srcdir)/tests/fuzz/fuzz-wire.c $(FUZZ_WIRE)
	$(FUZZ_LINK)
tests/fuzz/fuzz-message: $(top_srcdir)/tests/fuzz/fuzz-message.c $(FUZZ_MESSAGE)
	$(FUZZ_LINK)
tests/fuzz/fuzz-sendmail: $(top_srcdir)/tests/fuzz/fuzz-sendmail.c $(FUZZ_SENDMAIL)
	$(FUZZ_LINK)

# A longer run by hand: make fuzz FUZZ_SECONDS=600
fuzz: $(FUZZ_BINS)
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} top_srcdir=$(abs_top_srcdir) \
	    top_builddir=$(abs_top_builddir) $(SHELL) $(top_srcdir)/tests/fuzz/run.sh
.PHONY: fuzz

# One fragment a folder of tests.
include tests/unit/local.mk
include tests/integration/local.mk
include tests/e2e/local.mk
include tests/bench/bench.mk

# The unit tests' names (quickstart runs them again under ASan/UBSan).
print-unit-tests:
	@echo $(UNIT_TESTS)
.PHONY: print-unit-tests
