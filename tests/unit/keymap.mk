# tests/unit/keymap.mk -- key notation, the action table and keymap files
# (test-keymap); every shipped keymap and outpost-keys(5)
# (test-keymaps-shipped).  Both build the curses-free ui/ sources.
KEYMAP_SOURCES = ui/keys.c ui/keys.h ui/keymap.c ui/keymap.h \
	ui/action.c ui/action.h
check_PROGRAMS += tests/unit/test-keymap tests/unit/test-keymaps-shipped
UNIT_TESTS += tests/unit/test-keymap tests/unit/test-keymaps-shipped
tests_unit_test_keymap_SOURCES = tests/unit/test-keymap.c tests/unit/tap.h \
	$(KEYMAP_SOURCES)
tests_unit_test_keymap_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ui
tests_unit_test_keymap_LDADD = $(UNIT_LDADD)
tests_unit_test_keymaps_shipped_SOURCES = tests/unit/test-keymaps-shipped.c \
	tests/unit/tap.h $(KEYMAP_SOURCES)
tests_unit_test_keymaps_shipped_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ui
tests_unit_test_keymaps_shipped_LDADD = $(UNIT_LDADD)
