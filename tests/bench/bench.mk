# tests/bench/bench.mk -- `make bench` (issue 9): outpost against the
# programs its users would otherwise run, one table; see
# tests/bench/bench.sh.  Not part of `make check`.  Needs root; installs
# the peers (Debian packages) with apt-get when they are missing.
# `make bench-record` records the table in tests/bench/RESULTS.md;
# otherwise the run fails when an outpost figure is more than 10% worse
# than recorded there.
BENCH_RELAY = tests/bench/delay-relay
BENCH_TOOLS = $(BENCH_RELAY) tests/bench/ptystart tests/bench/floor
EXTRA_DIST += tests/bench/bench.mk tests/bench/bench.sh \
	tests/bench/bench-tty.sh tests/bench/bench-smtp.sh \
	tests/bench/bench-attach.sh tests/bench/bench-edit.sh \
	tests/bench/bench-outbox.sh tests/bench/outbox-fill.py \
	tests/bench/delay-relay.c tests/bench/ptystart.c tests/bench/floor.c \
	tests/bench/RESULTS.md
CLEANFILES += $(BENCH_TOOLS) tests/bench/last-run.md

$(BENCH_RELAY): $(top_srcdir)/tests/bench/delay-relay.c
	@mkdir -p tests/bench
	$(AM_V_CCLD)$(CC) $(CFLAGS) -O2 -o $@ $(top_srcdir)/tests/bench/delay-relay.c
tests/bench/ptystart: $(top_srcdir)/tests/bench/ptystart.c
	@mkdir -p tests/bench
	$(AM_V_CCLD)$(CC) $(CFLAGS) -O2 -o $@ $(top_srcdir)/tests/bench/ptystart.c -lutil
tests/bench/floor: $(top_srcdir)/tests/bench/floor.c
	@mkdir -p tests/bench
	$(AM_V_CCLD)$(CC) $(CFLAGS) $(NCURSES_CFLAGS) -O2 -o $@ \
	    $(top_srcdir)/tests/bench/floor.c $(NCURSES_LIBS)

# tests/bench/edit-cost (item 6) is built with the unit tests (tests/unit/models.mk).
bench: $(BENCH_TOOLS) tests/bench/edit-cost$(EXEEXT) ui/outpost$(EXEEXT) \
    ui/outpost-agent$(EXEEXT)
	top_srcdir=$(abs_top_srcdir) top_builddir=$(abs_top_builddir) \
	    RELAY=$(abs_top_builddir)/$(BENCH_RELAY) CC="$(CC)" \
	    PTYSTART=$(abs_top_builddir)/tests/bench/ptystart \
	    FLOOR=$(abs_top_builddir)/tests/bench/floor \
	    EDIT_COST=$(abs_top_builddir)/tests/bench/edit-cost$(EXEEXT) \
	    bash $(top_srcdir)/tests/bench/bench.sh
bench-record:
	$(MAKE) $(AM_MAKEFLAGS) bench BENCH_UPDATE=1
.PHONY: bench bench-record
check_PROGRAMS += tests/bench/edit-cost
