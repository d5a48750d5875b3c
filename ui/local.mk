# ui/local.mk -- the outpost program.
bin_PROGRAMS += ui/outpost
ui_outpost_SOURCES = \
	ui/outpost.c ui/cmd.h \
	ui/cmd-check-config.c
ui_outpost_LDADD = src/libopcore.a
