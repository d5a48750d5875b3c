# tests/unit/pipe.mk -- the message's bytes sent from the stored file in
# blocks: the same as from memory, CRLF and dot lines split across blocks.
check_PROGRAMS += tests/unit/test-pipe
UNIT_TESTS += tests/unit/test-pipe
tests_unit_test_pipe_SOURCES = tests/unit/test-pipe.c tests/unit/tap.h
tests_unit_test_pipe_LDADD = $(NET_LIBS)
tests_unit_test_pipe_CPPFLAGS = $(AM_CPPFLAGS) $(LIBETPAN_CFLAGS)
