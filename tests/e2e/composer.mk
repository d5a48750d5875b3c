# tests/e2e/composer.mk -- end-to-end tests (tmux) of the composer part of the UI.
SCRIPT_TESTS += tests/e2e/composer.sh
