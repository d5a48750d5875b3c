# tests/unit/composer.mk -- the composer's curses-free parts (TAP): the
# message model and drafts, the one-line field editor, completion.
check_PROGRAMS += tests/unit/test-composer-model tests/unit/test-composer-complete
UNIT_TESTS += tests/unit/test-composer-model tests/unit/test-composer-complete
tests_unit_test_composer_model_SOURCES = tests/unit/test-composer-model.c \
	tests/unit/tap.h
tests_unit_test_composer_complete_SOURCES = \
	tests/unit/test-composer-complete.c tests/unit/tap.h
