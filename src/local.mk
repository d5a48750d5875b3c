# src/local.mk -- the core: libopcore (no network, no third-party
# libraries) and libopnet (TLS, SMTP, IMAP, messages, keyring).
noinst_LIBRARIES += src/libopcore.a
src_libopcore_a_SOURCES = \
	src/err.c src/err.h \
	src/xmalloc.c src/xmalloc.h \
	src/strutil.c src/strutil.h \
	src/paths.c src/paths.h \
	src/kvfile.c src/kvfile.h \
	src/config.c src/config.h \
	src/policy.c src/policy.h \
	src/policy-check.c
nodist_src_libopcore_a_SOURCES = src/policy-builtin.c

BUILT_SOURCES += src/policy-builtin.c
CLEANFILES += src/policy-builtin.c
EXTRA_DIST += src/embed.sh

# The built-in policies are the shipped .policy files, embedded verbatim.
src/policy-builtin.c: $(top_srcdir)/src/embed.sh $(dist_policy_DATA)
	$(AM_V_GEN)$(SHELL) $(top_srcdir)/src/embed.sh $(dist_policy_DATA) > $@.tmp && mv $@.tmp $@
