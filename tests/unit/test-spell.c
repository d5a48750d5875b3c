/*
 * test-spell.c -- the spell check's core: which words are checked
 * (quoted lines, the signature, links, addresses and digits left out;
 * apostrophes inside words; UTF-8 letters), the ispell pipe answers
 * parsed, replacements undone as one step, and speller_check against
 * small fake spellers: right and wrong words, one that cannot start,
 * dies, hangs (killed at the deadline), speaks another protocol or
 * sends an endless line.
 */
#include <sys/stat.h>

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "testutil.h"
#include "base/xmalloc.h"
#include "text/spell.h"
#include "text/speller.h"
#include "text/textbuf.h"

static char tmpdir[] = "/tmp/test-spell.XXXXXX";

/* The words spell_next_word finds in s, joined by '|'. */
static char *
words_of(const char *s)
{
	char   out[512] = "";
	size_t at = 0, start, end, len = strlen(s);

	while (spell_next_word(s, len, at, &start, &end)) {
		if (out[0] != '\0')
			strcat(out, "|");
		strncat(out, s + start, end - start);
		at = end;
	}
	return (xstrdup(out));
}

static void
is_words(const char *s, const char *want, const char *what)
{
	char *got = words_of(s);

	tap_is_str(got, want, what);
	free(got);
}

static void
test_next_word(void)
{
	is_words("teh quick, brown fox.", "teh|quick|brown|fox",
	    "plain words");
	is_words("don't can’t 'quoted' rock'n'roll",
	    "don't|can’t|quoted|rock'n'roll",
	    "an apostrophe between letters stays in the word");
	is_words("see https://example.org/x now", "see|now",
	    "a link is skipped");
	is_words("mail ada@umich.edu or www.umich.edu today", "mail|or|today",
	    "an address and www. are skipped");
	is_words("room 3b or b52 and 2nd", "room|or|and",
	    "tokens with digits are skipped");
	is_words("naïve café Größe", "naïve|café|Größe", "UTF-8 letters");
	is_words("well-known (teh)", "well|known|teh",
	    "a hyphen and brackets separate words");
	is_words("", "", "an empty line has no words");
	is_words("  \t -- ... !!", "", "punctuation only has no words");
}

static void
test_words(void)
{
	const char	  *text = "Hi teh team,\n"
				  "> quoted teh line\n"
				  ">> deeper tehh\n"
				  "\n"
				  "last line\n"
				  "-- \n"
				  "Ada Lovelacee\n";
	struct textbuf	  *tb = textbuf_new();
	struct spell_word *v;
	size_t		   n;

	textbuf_load(tb, text, strlen(text));
	spell_words(tb, &v, &n);
	tap_ok(n == 5, "five words checked (got %zu)", n);
	tap_ok(n == 5 && v[0].line == 0 && v[0].start == 0 && v[0].end == 2 &&
		v[1].line == 0 && v[1].start == 3 && v[1].end == 6,
	    "line and bytes of each word");
	tap_ok(n == 5 && v[3].line == 4 && v[4].line == 4,
	    "quoted lines skipped, the signature left out");
	free(v);
	textbuf_free(tb);
}

static void
test_parse(void)
{
	struct spell_answer a;
	const char *teh = "& teh 44 1: the, tech, Te, Th, eh, tea, tee, "
			  "Tue, tie, toe, Ted, Tet";

	spell_parse(teh, strlen(teh), &a);
	tap_ok(a.kind == SPELL_MISS && a.nsugg == SPELL_MAX_SUGG &&
		strcmp(a.sugg[0], "the") == 0 &&
		strcmp(a.sugg[1], "tech") == 0 &&
		strcmp(a.sugg[8], "tie") == 0,
	    "& : a miss, the first nine suggestions in order");
	spell_answer_free(&a);
	spell_parse("& Te's 1 4: Te's, Te", 20, &a);
	tap_ok(a.kind == SPELL_MISS && a.nsugg == 2 &&
		strcmp(a.sugg[0], "Te's") == 0 && strcmp(a.sugg[1], "Te") == 0,
	    "suggestions with an apostrophe, the last without a comma");
	spell_answer_free(&a);
	spell_parse("# xyzzy 1", 9, &a);
	tap_ok(a.kind == SPELL_MISS && a.nsugg == 0,
	    "# : a miss without suggestions");
	spell_parse("*", 1, &a);
	tap_ok(a.kind == SPELL_OK, "* : right");
	spell_parse("+ run", 5, &a);
	tap_ok(a.kind == SPELL_OK, "+ : right (a root)");
	spell_parse("-", 1, &a);
	tap_ok(a.kind == SPELL_OK, "- : right (a compound)");
	spell_parse("", 0, &a);
	tap_ok(a.kind == SPELL_END, "an empty line ends the answer");
	spell_parse("\r", 1, &a);
	tap_ok(a.kind == SPELL_END, "a CR alone too");
	spell_parse("@(#) International Ispell Version 3.1.20", 40, &a);
	tap_ok(a.kind == SPELL_BANNER, "the banner");
	spell_parse("Usage: aspell", 13, &a);
	tap_ok(a.kind == SPELL_BAD, "anything else is out of protocol");
}

static void
test_replace_undo(void)
{
	struct textbuf *tb = textbuf_new();
	char	       *s;

	textbuf_load(tb, "teh quick and teh dog\nx", 23);
	textbuf_insert_char(tb, 'A');
	tap_ok(textbuf_replace_range(tb, 0, 15, 18, "the", 3, 0) == 1,
	    "a replacement");
	tap_ok(textbuf_replace_range(tb, 0, 1, 4, "the", 3, 1) == 1,
	    "a second, joined");
	tap_ok(textbuf_replace_range(tb, 0, 1, 4, "the", 3, 1) == 0,
	    "the same text again changes nothing");
	s = textbuf_export(tb, NULL);
	tap_is_str(s, "Athe quick and the dog\nx", "both replaced");
	free(s);
	textbuf_undo(tb);
	s = textbuf_export(tb, NULL);
	tap_is_str(s, "Ateh quick and teh dog\nx", "one undo takes back both");
	free(s);
	textbuf_undo(tb);
	s = textbuf_export(tb, NULL);
	tap_is_str(s, "teh quick and teh dog\nx", "and not the typing before");
	free(s);
	textbuf_redo(tb);
	textbuf_redo(tb);
	s = textbuf_export(tb, NULL);
	tap_is_str(s, "Athe quick and the dog\nx", "redo brings both back");
	free(s);
	textbuf_free(tb);
}

/* A fake speller script in tmpdir; its path (caller frees). */
static char *
script(const char *name, const char *body)
{
	char *path;

	xasprintf(&path, "%s/%s", tmpdir, name);
	tu_spit(path, body);
	chmod(path, 0700);
	return (path);
}

/* speller_check of text with the fake speller named; its result. */
static int
check(const char *cmd, const char *text, int timeout, struct speller_miss **m,
    size_t *n, struct op_err *err)
{
	struct textbuf *tb = textbuf_new();
	int		r;

	textbuf_load(tb, text, strlen(text));
	memset(err, 0, sizeof *err);
	r = speller_check(cmd, tb, timeout, m, n, err);
	textbuf_free(tb);
	return (r);
}

static void
test_speller(void)
{
	struct speller_miss *m;
	struct op_err	     err;
	size_t		     n;
	char		    *good, *hang, *die, *alien, *endless, *cmd;
	time_t		     t0;

	good = script("good",
	    "#!/bin/sh\n"
	    "echo '@(#) International Ispell (fake)'\n"
	    "while read -r w; do\n"
	    "  case $w in\n"
	    "  ^teh) echo '& teh 3 1: the, tea, ten' ;;\n"
	    "  ^zzq) echo '# zzq 1' ;;\n"
	    "  *) echo '*' ;;\n"
	    "  esac; echo\n"
	    "done\n");
	tap_ok(check(good, "teh quick\n> teh quoted\nzzq ok teh\n", 30, &m, &n,
		   &err) == 0,
	    "a speller in the ispell protocol: %s", err.msg);
	tap_ok(n == 3 && strcmp(m[0].word, "teh") == 0 && m[0].nsugg == 3 &&
		strcmp(m[0].sugg[0], "the") == 0 && m[1].at.line == 2 &&
		m[1].nsugg == 0 && m[2].at.line == 2 && m[2].at.start == 7,
	    "the misses with their places and suggestions, quoted left out");
	speller_free(m, n);
	tap_ok(check(good, "> only quoted\n", 30, &m, &n, &err) == 0 && n == 0,
	    "nothing to check: no miss");
	xasprintf(&cmd, "%s/no-such-speller -a", tmpdir);
	tap_ok(check(cmd, "teh\n", 30, &m, &n, &err) == -1 &&
		strstr(err.msg, "no-such-speller\" cannot be started") !=
		    NULL &&
		strstr(err.msg, "No such file") != NULL,
	    "a missing speller: %s", err.msg);
	free(cmd);
	die = script("die",
	    "#!/bin/sh\necho 'no dictionary for xx' >&2\n"
	    "exit 3\n");
	tap_ok(check(die, "teh\n", 30, &m, &n, &err) == -1 &&
		strstr(err.msg, "stopped (exit 3)") != NULL &&
		strstr(err.msg, "no dictionary for xx") != NULL,
	    "a speller that dies: %s", err.msg);
	hang = script("hang",
	    "#!/bin/sh\n"
	    "echo '@(#) International Ispell (fake)'\n"
	    "exec sleep 600\n");
	t0 = time(NULL);
	tap_ok(check(hang, "teh\n", 1, &m, &n, &err) == -1 &&
		strstr(err.msg, "did not answer within 1 second;") != NULL,
	    "a speller that hangs is stopped: %s", err.msg);
	tap_ok(time(NULL) - t0 < 60, "and within the deadline (60 s bound)");
	alien = script("alien",
	    "#!/bin/sh\necho 'Usage: speller FILE'\n"
	    "exec sleep 600\n");
	tap_ok(check(alien, "teh\n", 30, &m, &n, &err) == -1 &&
		strstr(err.msg, "does not speak the ispell pipe protocol") !=
		    NULL,
	    "another protocol: %s", err.msg);
	endless = script("endless",
	    "#!/bin/sh\n"
	    "echo '@(#) International Ispell (fake)'\n"
	    "exec tr -d '\\n' < /dev/zero\n");
	tap_ok(check(endless, "teh\n", 30, &m, &n, &err) == -1 &&
		strstr(err.msg, "a line over 8192 bytes") != NULL,
	    "an endless line is refused: %s", err.msg);
	tap_ok(check("'unbalanced", "teh\n", 30, &m, &n, &err) == -1 &&
		strstr(err.msg, "unbalanced quote") != NULL,
	    "a command line with an open quote: %s", err.msg);
	free(good);
	free(die);
	free(hang);
	free(alien);
	free(endless);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		(void)setlocale(LC_CTYPE, "en_US.UTF-8");
	if (mkdtemp(tmpdir) == NULL)
		return (1);
	test_next_word();
	test_words();
	test_parse();
	test_replace_undo();
	test_speller();
	tu_rm_rf(tmpdir);
	return (tap_done());
}
