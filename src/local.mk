# src/local.mk -- the core: libopcore (no network, no third-party
# libraries) and libopnet (TLS, SMTP, IMAP, messages, keyring).
noinst_LIBRARIES += src/libopcore.a
src_libopcore_a_SOURCES = src/base/err.c src/base/err.h src/base/xmalloc.c \
	src/base/xmalloc.h src/base/strutil.c src/base/strutil.h \
	src/base/strbuf.c src/base/strbuf.h src/base/isotime.c \
	src/base/isotime.h src/base/trust.c src/base/trust.h src/base/child.c \
	src/base/child.h src/conf/paths.c \
	src/conf/paths.h src/conf/kvfile.c src/conf/kvfile.h \
	src/conf/config.c src/conf/config.h src/conf/policy.c \
	src/conf/policy.h src/conf/policy-check.c src/base/atomicfile.c \
	src/base/atomicfile.h src/conf/confedit.c src/conf/confedit.h \
	src/store/outbox-item.c src/store/outbox.c src/store/outbox.h \
	src/store/outbox-int.h \
	src/store/outbox-env.c src/store/outbox-fs.c src/store/outbox-list.c \
	src/store/outbox-act.c src/store/outbox-copy.c src/store/keyval.c \
	src/store/runstate.c src/store/runstate.h \
	src/store/srvcaps.c src/store/srvcaps.h \
	src/store/keyval.h src/store/draft.c \
	src/store/draft.h src/text/textbuf.c src/text/textbuf.h \
	src/text/textbuf-int.h src/text/textbuf-move.c \
	src/text/textbuf-undo.c src/text/textbuf-wrap.c \
	src/text/textbuf-justify.c src/text/flowed.c src/text/flowed.h \
	src/text/textfile.c src/text/textfile.h src/text/spell.c \
	src/text/spell.h src/text/speller.c src/text/speller.h
nodist_src_libopcore_a_SOURCES = src/policy-builtin.c

BUILT_SOURCES += src/policy-builtin.c
CLEANFILES += src/policy-builtin.c
EXTRA_DIST += src/embed.sh

# The built-in policies are the shipped .policy files, embedded verbatim.
src/policy-builtin.c: $(top_srcdir)/src/embed.sh $(dist_policy_DATA)
	$(AM_V_GEN)files=; for f in $(dist_policy_DATA); do \
	  files="$$files $(top_srcdir)/$$f"; done; \
	$(SHELL) $(top_srcdir)/src/embed.sh policy_builtin .policy $$files > $@.tmp && mv $@.tmp $@

# The network and message half: links libetpan and OpenSSL (libmagic
# and libsecret are loaded with dlopen when needed).  Only outpost-agent
# and the tests link it.
noinst_LIBRARIES += src/libopnet.a
src_libopnet_a_SOURCES = src/wire/net.c src/wire/net.h src/wire/tls.c \
	src/wire/tls.h src/wire/tls-low.c src/wire/tls-low.h \
	src/wire/wirelimit.c src/wire/wirelimit.h src/wire/smtp.c \
	src/wire/smtp.h src/wire/smtp-int.h src/wire/smtp-send.c \
	src/wire/smtp-pipe.c src/wire/smtp-auth.c src/wire/smtp-cleanup.c src/mail/address.c \
	src/mail/address.h src/mail/message.c src/mail/message.h \
	src/mail/message-int.h src/mail/message-encode.c \
	src/mail/message-unbuild.c src/mail/message-unbuild.h src/mail/reply.c \
	src/mail/reply.h src/mail/mailto.c src/mail/mailto.h \
	src/mail/message-attach.c src/mail/mimetypes.c src/mail/mimetypes.h \
	src/mail/mimemagic.c src/mail/mimemagic.h src/mail/message-prepare.c \
	src/mail/message-stream.c src/mail/message-7bit.c src/work/secret.c src/work/secret.h \
	src/work/send.c src/work/send.h src/work/send-password.c \
	src/work/keyring.c src/work/keyring.h src/work/doctor.c \
	src/work/doctor.h src/work/deliver.c src/work/deliver.h \
	src/work/deliver-copy.c src/work/deliver-7bit.c src/wire/imap.c \
	src/wire/imap.h src/wire/imap-caps.c src/wire/imap-caps.h \
	src/wire/mutf7.c src/wire/mutf7.h src/mail/message-copy.c
src_libopnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS) \
	$(OPENSSL_CFLAGS) $(LIBSECRET_CFLAGS)
NET_LIBS = src/libopnet.a src/libopcore.a $(LIBETPAN_LIBS) \
	$(OPENSSL_LIBS) $(JANSSON_LIBS)
