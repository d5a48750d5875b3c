# tests/bench/bench.mk -- `make bench`: issue 4's benchmark (outpost flush
# against msmtpq through a 50 ms relay, real Postfix).  Not part of
# `make check`.  Needs root; installs Debian's msmtp package with apt-get
# when it is missing.  BENCH_UPDATE=1 records the figures in
# tests/bench/RESULTS.md; otherwise the run fails when an outpost figure is
# more than 10% worse than recorded there.  See tests/bench/bench.sh.
BENCH_RELAY = tests/bench/delay-relay
EXTRA_DIST += tests/bench/bench.mk tests/bench/bench.sh \
	tests/bench/delay-relay.c tests/bench/RESULTS.md
CLEANFILES += $(BENCH_RELAY) tests/bench/last-run.md

$(BENCH_RELAY): $(top_srcdir)/tests/bench/delay-relay.c
	@mkdir -p tests/bench
	$(AM_V_CCLD)$(CC) $(CFLAGS) -O2 -o $@ $(top_srcdir)/tests/bench/delay-relay.c

bench: $(BENCH_RELAY) ui/outpost$(EXEEXT) ui/outpost-agent$(EXEEXT)
	top_srcdir=$(abs_top_srcdir) top_builddir=$(abs_top_builddir) \
	    RELAY=$(abs_top_builddir)/$(BENCH_RELAY) CC="$(CC)" \
	    bash $(top_srcdir)/tests/bench/bench.sh
.PHONY: bench
