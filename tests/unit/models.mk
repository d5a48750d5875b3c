# tests/unit/models.mk -- the core models behind the composer and the
# settings screen: drafts, the body editor (textbuf), format=flowed and
# the comment-keeping config editor (TAP); and tests/bench/edit-cost, the
# callgrind driver for the editing cost (built, never run by make check).
check_PROGRAMS += tests/unit/test-draft
UNIT_TESTS += tests/unit/test-draft
tests_unit_test_draft_SOURCES = tests/unit/test-draft.c tests/unit/tap.h
check_PROGRAMS += tests/unit/test-textbuf
UNIT_TESTS += tests/unit/test-textbuf
tests_unit_test_textbuf_SOURCES = tests/unit/test-textbuf.c tests/unit/tap.h
check_PROGRAMS += tests/bench/edit-cost
tests_bench_edit_cost_SOURCES = tests/bench/edit-cost.c
check_PROGRAMS += tests/unit/test-flowed
UNIT_TESTS += tests/unit/test-flowed
tests_unit_test_flowed_SOURCES = tests/unit/test-flowed.c tests/unit/tap.h
check_PROGRAMS += tests/unit/test-confedit
UNIT_TESTS += tests/unit/test-confedit
tests_unit_test_confedit_SOURCES = tests/unit/test-confedit.c tests/unit/tap.h
