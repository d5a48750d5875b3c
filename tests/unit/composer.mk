# tests/unit/composer.mk -- the composer's curses-free parts (TAP): the
# message model and drafts, the one-line field editor, completion.
COMPOSER_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/ui
check_PROGRAMS += tests/unit/test-composer-model tests/unit/test-composer-complete
UNIT_TESTS += tests/unit/test-composer-model tests/unit/test-composer-complete
tests_unit_test_composer_model_SOURCES = tests/unit/test-composer-model.c \
	tests/unit/tap.h ui/composer-model.c ui/composer-model.h \
	ui/lineedit.c ui/lineedit.h
tests_unit_test_composer_model_CPPFLAGS = $(COMPOSER_TEST_CPPFLAGS)
tests_unit_test_composer_model_LDADD = $(UNIT_LDADD)
tests_unit_test_composer_complete_SOURCES = \
	tests/unit/test-composer-complete.c tests/unit/tap.h \
	ui/complete.c ui/complete-query.c ui/complete.h \
	ui/lineedit.c ui/lineedit.h
tests_unit_test_composer_complete_CPPFLAGS = $(COMPOSER_TEST_CPPFLAGS)
tests_unit_test_composer_complete_LDADD = $(UNIT_LDADD)
