# tests/unit/models.mk -- the core models behind the composer and the
# settings screen: drafts, the body editor (textbuf), format=flowed and
# the comment-keeping config editor (TAP); and tests/bench/edit-cost, the
# callgrind driver for the editing cost (built, never run by make check).
check_PROGRAMS += tests/unit/test-draft
UNIT_TESTS += tests/unit/test-draft
tests_unit_test_draft_SOURCES = tests/unit/test-draft.c tests/unit/tap.h
tests_unit_test_draft_LDADD = $(UNIT_LDADD)
