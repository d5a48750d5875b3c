# tests/e2e/framework.mk -- end-to-end tests (tmux) of the framework part of the UI.
