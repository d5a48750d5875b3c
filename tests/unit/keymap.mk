# tests/unit/keymap.mk -- key notation, the action table and keymap files
# (test-keymap); every shipped keymap and outpost-keys(5)
# (test-keymaps-shipped).  Both link the curses-free ui/libopui.a.
check_PROGRAMS += tests/unit/test-keymap tests/unit/test-keymaps-shipped
UNIT_TESTS += tests/unit/test-keymap tests/unit/test-keymaps-shipped
tests_unit_test_keymap_SOURCES = tests/unit/test-keymap.c tests/unit/tap.h
tests_unit_test_keymaps_shipped_SOURCES = tests/unit/test-keymaps-shipped.c \
	tests/unit/tap.h
