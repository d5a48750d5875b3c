# keymaps/local.mk -- the shipped keymaps (outpost-keys(5)), installed in
# $(pkgdatadir)/keymaps and chosen by "keymap =" in the config.
keymapsdir = $(pkgdatadir)/keymaps
dist_keymaps_DATA = keymaps/default.keys keymaps/emacs.keys keymaps/pine.keys \
	keymaps/vi.keys
