# tests/unit/settings.mk -- the Settings screen's model (TAP), linked
# from ui/libopui.a with the core library: no curses.
check_PROGRAMS += tests/unit/test-settings-model
UNIT_TESTS += tests/unit/test-settings-model
tests_unit_test_settings_model_SOURCES = tests/unit/test-settings-model.c \
	tests/unit/tap.h
