# tests/e2e/settings.mk -- end-to-end tests (tmux) of the settings part of the UI.
SETTINGS_E2E_TESTS = tests/e2e/settings.sh tests/e2e/settings-keyring.sh
TESTS += $(SETTINGS_E2E_TESTS)
EXTRA_DIST += $(SETTINGS_E2E_TESTS) tests/e2e/settings-lib.sh
