# tests/unit/settings.mk -- the Settings screen's model (TAP), built from
# ui/settings-*.c with the core library: no curses.
check_PROGRAMS += tests/unit/test-settings-model
UNIT_TESTS += tests/unit/test-settings-model
tests_unit_test_settings_model_SOURCES = tests/unit/test-settings-model.c \
	tests/unit/tap.h ui/settings-model.c ui/settings-model.h \
	ui/settings-display.c ui/lineedit.c ui/lineedit.h \
	ui/settings-save.c ui/settings-save.h
tests_unit_test_settings_model_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ui \
	$(JANSSON_CFLAGS)
tests_unit_test_settings_model_LDADD = ui/libopkeys.a $(UNIT_LDADD)
