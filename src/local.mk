# src/local.mk -- the core: libopcore (no network, no third-party
# libraries) and libopnet (TLS, SMTP, IMAP, messages, keyring).
noinst_LIBRARIES += src/libopcore.a
src_libopcore_a_SOURCES = \
	src/err.c src/err.h \
	src/xmalloc.c src/xmalloc.h \
	src/strutil.c src/strutil.h src/strbuf.c src/strbuf.h \
	src/isotime.c src/isotime.h \
	src/trust.c src/trust.h \
	src/paths.c src/paths.h \
	src/kvfile.c src/kvfile.h \
	src/config.c src/config.h \
	src/policy.c src/policy.h \
	src/policy-check.c \
	src/atomicfile.c src/atomicfile.h \
	src/confedit.c src/confedit.h \
	src/outbox.c src/outbox.h src/outbox-int.h src/outbox-env.c \
	src/outbox-fs.c src/outbox-list.c src/outbox-act.c \
	src/outbox-copy.c \
	src/draft.c src/draft.h \
	src/textbuf.c src/textbuf.h src/textbuf-int.h src/textbuf-move.c \
	src/textbuf-undo.c src/textbuf-wrap.c \
	src/flowed.c src/flowed.h
nodist_src_libopcore_a_SOURCES = src/policy-builtin.c

BUILT_SOURCES += src/policy-builtin.c
CLEANFILES += src/policy-builtin.c
EXTRA_DIST += src/embed.sh

# The built-in policies are the shipped .policy files, embedded verbatim.
src/policy-builtin.c: $(top_srcdir)/src/embed.sh $(dist_policy_DATA)
	$(AM_V_GEN)files=; for f in $(dist_policy_DATA); do \
	  files="$$files $(top_srcdir)/$$f"; done; \
	$(SHELL) $(top_srcdir)/src/embed.sh policy_builtin .policy $$files > $@.tmp && mv $@.tmp $@

# The network and message half: links libetpan, OpenSSL, libmagic,
# libsecret.  Only outpost-agent and the tests link it.
noinst_LIBRARIES += src/libopnet.a
src_libopnet_a_SOURCES = \
	src/net.c src/net.h \
	src/tls.c src/tls.h src/tls-low.c src/tls-low.h \
	src/wirelimit.c src/wirelimit.h \
	src/smtp.c src/smtp.h src/smtp-int.h src/smtp-send.c src/smtp-pipe.c \
	src/smtp-cleanup.c \
	src/address.c src/address.h \
	src/message.c src/message.h src/message-int.h src/message-encode.c \
	src/message-unbuild.c src/message-unbuild.h \
	src/message-attach.c src/message-prepare.c src/message-stream.c \
	src/secret.c src/secret.h \
	src/send.c src/send.h src/send-password.c \
	src/keyring.c src/keyring.h \
	src/doctor.c src/doctor.h \
	src/deliver.c src/deliver.h src/deliver-copy.c \
	src/imap.c src/imap.h
src_libopnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS) \
	$(OPENSSL_CFLAGS) $(LIBSECRET_CFLAGS)
NET_LIBS = src/libopnet.a src/libopcore.a $(LIBETPAN_LIBS) \
	$(OPENSSL_LIBS) $(MAGIC_LIBS) $(LIBSECRET_LIBS) $(JANSSON_LIBS)
