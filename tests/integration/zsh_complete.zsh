# zsh_complete.zsh -- zsh -f zsh_complete.zsh FPATH-DIR OUT LINE...
# Completes each LINE (Tab at its end) in one real interactive zsh on a
# pseudo-terminal (zsh/zpty), with compinit and the completion functions
# of FPATH-DIR first on $fpath.  compadd is wrapped so that the matches
# offered for the Nth line are written to OUT.N, one a line; a hook run
# after each completion makes OUT.N.done.  Exit 0, or 2 (with a reason on
# standard error) when zsh did not start or a completion did not end,
# 3 without zsh/zpty.
zmodload zsh/zpty || exit 3
fdir=$1 out=$2
shift 2
cat > $out.rc <<RC
PS1= PROMPT= RPROMPT=
unsetopt auto_list list_beep beep
fpath=(${(q)fdir} \$fpath)
autoload -Uz compinit && compinit -u -D
integer n=1
compadd() {
	# -O, -A and -D only ask; everything else adds matches.
	if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
		builtin compadd "\$@"
		return
	fi
	local -a hits
	builtin compadd -O hits "\$@"
	(( \$#hits )) && print -rl -- \$hits >> ${(q)out}.\$n
	builtin compadd "\$@"
}
done_hook() {
	: >> ${(q)out}.\$n
	: > ${(q)out}.\$n.done
	(( n++ ))
	comppostfuncs=(done_hook)
}
comppostfuncs=(done_hook)
bindkey '^I' complete-word
: > ${(q)out}.ready
RC

# Wait up to 20 s for file $1, reading what the shell prints meanwhile
# (a full pseudo-terminal would stop it).
wait_for() {
	local i junk
	for i in {1..400}; do
		[[ -e $1 ]] && return 0
		while zpty -r -t z junk; do :; done
		sleep 0.05
	done
	return 1
}

zpty z zsh -f -i || exit 2
zpty -w z "source ${(q)out}.rc"
if ! wait_for $out.ready; then
	print -u2 "zsh_complete: zsh did not start"
	zpty -d z
	exit 2
fi
integer k=0
for l; do
	(( k++ ))
	zpty -w -n z "$l"$'\t'
	if ! wait_for $out.$k.done; then
		print -u2 "zsh_complete: no completion for: $l"
		zpty -d z
		exit 2
	fi
	zpty -w -n z $'\C-u'
done
zpty -d z
exit 0
