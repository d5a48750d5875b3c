# contrib/local.mk -- site policies, man pages, completions, examples,
# the quick start.
policydir = $(pkgdatadir)/policies
dist_policy_DATA = contrib/policies/umich.policy

dist_man_MANS += contrib/man/outpost.1 contrib/man/outpost.conf.5 \
	contrib/man/outpost-policy.5
dist_man_MANS += contrib/man/outpost-keys.5

bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = contrib/completions/outpost

zshcompletiondir = $(datadir)/zsh/site-functions
dist_zshcompletion_DATA = contrib/completions/_outpost

EXTRA_DIST += contrib/quickstart contrib/examples/config \
	contrib/examples/custom.policy contrib/examples/outpost-flush.service \
	contrib/examples/outpost-flush.timer contrib/examples/outpost.crontab \
	contrib/examples/neomuttrc contrib/examples/aerc-binds.conf \
	contrib/examples/reply-to-a-file.sh

# mailto: links open outpost compose in a terminal.
desktopdir = $(datadir)/applications
dist_desktop_DATA = contrib/outpost-mailto.desktop
