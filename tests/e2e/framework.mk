# tests/e2e/framework.mk -- end-to-end tests (tmux) of the framework part of the UI.
SCRIPT_TESTS += tests/e2e/framework.sh
EXTRA_DIST += tests/e2e/lib.sh
