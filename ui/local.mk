# ui/local.mk -- the outpost program (light: no TLS, SMTP or keyring
# libraries) and outpost-agent (the network and keyring work).
include ui/screens.mk

# The curses-free half of the UI: keys, actions and keymaps, the one-line
# editor, the screens' models (UI_*_MODEL in ui/screens.mk) and the
# UI <-> agent protocol's names (ui/proto).  ui/outpost and the unit
# tests link it, so each is compiled once; ui/outpost-agent links it for
# the protocol alone.  The
# shipped keymaps are also built in (ui/keymap-builtin.c), so that a
# program run from the build tree, or a damaged install, still has its
# keys.
noinst_LIBRARIES += ui/libopui.a
ui_libopui_a_SOURCES = ui/input/keys.c ui/input/keys.h ui/input/keyseq.c \
	ui/input/keyseq.h ui/input/keymap.c \
	ui/input/keymap.h ui/input/keymap-int.h ui/input/keymap-load.c \
	ui/input/action.c ui/input/action.h ui/input/lineedit.c \
	ui/input/lineedit.h ui/proto/protocol.c ui/proto/protocol.h \
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
ui_outpost_SOURCES = ui/cli/outpost.c ui/cli/cmd.h ui/cli/cmd-list.h \
	ui/cli/cmd-common.c ui/cli/cmd-check-config.c ui/cli/cmd-compose.c ui/cli/cmd-outbox.c \
	ui/tui/app.h ui/tui/app-int.h ui/tui/app.c ui/tui/app-draw.c \
	ui/tui/app-job.c ui/tui/app-load.c ui/tui/app-password.c \
	ui/tui/app-prompt.c ui/tui/app-run.c ui/tui/tty.h ui/tui/tty.c \
	ui/tui/tty-curses.h ui/tui/screen.h ui/tui/screen-help.c \
	ui/tui/screen-view.c $(UI_SETTINGS_FILES) $(UI_COMPOSER_FILES) \
	$(UI_OUTBOX_FILES)
ui_outpost_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(NCURSES_CFLAGS)
ui_outpost_LDADD = ui/libopui.a src/libopcore.a $(JANSSON_LIBS) $(NCURSES_LIBS)

pkglibexec_PROGRAMS += ui/outpost-agent
ui_outpost_agent_SOURCES = ui/agent/agent.c ui/cli/cmd.h ui/cli/cmd-list.h \
	ui/cli/cmd-common.c ui/cli/cmd-outbox.c ui/agent/cmd-send.c \
	ui/agent/cmd-send-args.c ui/agent/send-args.h \
	ui/agent/cmd-doctor.c \
	ui/agent/cmd-flush.c ui/agent/cmd-password.c ui/agent/prompt.c \
	ui/agent/prompt.h ui/agent/trace.c ui/agent/trace.h ui/agent/events.c \
	ui/agent/events.h ui/agent/events-deliver.c ui/agent/events-deliver.h \
	ui/agent/cmd-send-draft.c ui/agent/send-draft.h \
	ui/agent/cmd-check-addresses.c ui/agent/cmd-outbox-edit.c \
	ui/agent/cmd-outbox-view.c ui/agent/cmd-runner.c ui/agent/runner.h \
	ui/agent/cmd-make-draft.c ui/agent/draft-files.c ui/agent/draft-files.h
ui_outpost_agent_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS) \
	$(OPENSSL_CFLAGS) $(JANSSON_CFLAGS)
ui_outpost_agent_LDADD = ui/libopui.a $(NET_LIBS)
