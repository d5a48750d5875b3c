# tests/e2e/settings.mk -- end-to-end tests (tmux) of the settings part of the UI.
