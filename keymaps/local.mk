# keymaps/local.mk -- the shipped keymaps (outpost-keys(5)), installed in
# $(pkgdatadir)/keymaps and chosen by "keymap =" in the config.
keymapsdir = $(pkgdatadir)/keymaps
dist_keymaps_DATA = keymaps/default.keys keymaps/emacs.keys keymaps/vi.keys


# Keys, actions and keymaps (curses-free): ui/outpost and the unit tests
# link them.  The shipped keymaps are also built in (ui/keymap-builtin.c),
# so that a program run from the build tree, or a damaged install, still
# has its keys.
noinst_LIBRARIES += ui/libopkeys.a
ui_libopkeys_a_SOURCES = ui/keys.c ui/keys.h ui/keymap.c ui/keymap.h \
	ui/keymap-int.h ui/keymap-load.c \
	ui/action.c ui/action.h
nodist_ui_libopkeys_a_SOURCES = ui/keymap-builtin.c
BUILT_SOURCES += ui/keymap-builtin.c
CLEANFILES += ui/keymap-builtin.c
ui/keymap-builtin.c: $(top_srcdir)/src/embed.sh $(dist_keymaps_DATA)
	$(AM_V_GEN)files=; for f in $(dist_keymaps_DATA); do \
	  files="$$files $(top_srcdir)/$$f"; done; \
	$(SHELL) $(top_srcdir)/src/embed.sh keymap_builtin .keys $$files > $@.tmp && mv $@.tmp $@
