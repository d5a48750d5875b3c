# tests/integration/completions.mk -- the bash and zsh completions
# (contrib/completions) against the programs' commands, options and
# outbox states; zsh driven through zsh/zpty by zsh_complete.zsh.
COMPLETION_TESTS = tests/integration/completions.sh
TESTS += $(COMPLETION_TESTS)
EXTRA_DIST += $(COMPLETION_TESTS) tests/integration/zsh_complete.zsh
