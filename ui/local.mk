# ui/local.mk -- the outpost program (light: no TLS, SMTP or keyring
# libraries) and outpost-agent (the network and keyring work).
include ui/screens.mk

# The curses-free half of the UI: keys, actions and keymaps, the one-line
# editor, and the screens' models (UI_*_MODEL in ui/screens.mk).
# ui/outpost and the unit tests link it, so each is compiled once.  The
# shipped keymaps are also built in (ui/keymap-builtin.c), so that a
# program run from the build tree, or a damaged install, still has its
# keys.
noinst_LIBRARIES += ui/libopui.a
ui_libopui_a_SOURCES = ui/keys.c ui/keys.h ui/keymap.c ui/keymap.h \
	ui/keymap-int.h ui/keymap-load.c \
	ui/action.c ui/action.h ui/lineedit.c ui/lineedit.h \
	$(UI_SETTINGS_MODEL) $(UI_COMPOSER_MODEL) $(UI_OUTBOX_MODEL)
ui_libopui_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
nodist_ui_libopui_a_SOURCES = ui/keymap-builtin.c
BUILT_SOURCES += ui/keymap-builtin.c
CLEANFILES += ui/keymap-builtin.c
ui/keymap-builtin.c: $(top_srcdir)/src/embed.sh $(dist_keymaps_DATA)
	$(AM_V_GEN)files=; for f in $(dist_keymaps_DATA); do \
	  files="$$files $(top_srcdir)/$$f"; done; \
	$(SHELL) $(top_srcdir)/src/embed.sh keymap_builtin .keys $$files > $@.tmp && mv $@.tmp $@

bin_PROGRAMS += ui/outpost
ui_outpost_SOURCES = \
	ui/outpost.c ui/cmd.h ui/cmd-list.h ui/cmd-common.c \
	ui/cmd-check-config.c ui/cmd-outbox.c \
	ui/app.h ui/app-int.h ui/app.c ui/app-draw.c ui/app-job.c \
	ui/app-load.c ui/app-password.c ui/app-prompt.c ui/app-run.c ui/tty.h ui/tty.c \
	ui/tty-curses.h ui/screen.h \
	ui/screen-help.c ui/screen-view.c \
	$(UI_SETTINGS_FILES) $(UI_COMPOSER_FILES) $(UI_OUTBOX_FILES)
ui_outpost_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(NCURSES_CFLAGS)
ui_outpost_LDADD = ui/libopui.a src/libopcore.a $(JANSSON_LIBS) $(NCURSES_LIBS)

pkglibexec_PROGRAMS += ui/outpost-agent
ui_outpost_agent_SOURCES = \
	ui/agent.c ui/cmd.h ui/cmd-list.h ui/cmd-common.c \
	ui/cmd-send.c ui/cmd-doctor.c ui/cmd-flush.c ui/cmd-password.c \
	ui/prompt.c ui/prompt.h \
	ui/trace.c ui/trace.h \
	ui/events.c ui/events.h ui/events-deliver.c ui/events-deliver.h \
	ui/cmd-send-draft.c ui/send-draft.h \
	ui/cmd-check-addresses.c ui/cmd-outbox-edit.c ui/cmd-outbox-view.c
ui_outpost_agent_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS) $(OPENSSL_CFLAGS) \
	$(JANSSON_CFLAGS)
ui_outpost_agent_LDADD = $(NET_LIBS)
