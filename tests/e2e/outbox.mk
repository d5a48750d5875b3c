# tests/e2e/outbox.mk -- end-to-end tests (tmux) of the outbox part of the UI.
