/*
 * action.c -- the table of every action of the terminal UI: its name in
 * keymap files, the key tables it may be bound in, whether the one-line
 * key hint shows it, and its help text.  Keys are not here: they live in
 * keymaps/ (data).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/action.h"
#include "base/strutil.h"

#define T_EDITING (KT_BIT(KT_EDIT) | KT_BIT(KT_FIELD) | KT_BIT(KT_BODY))

/* clang-format off */
static const struct action actions[A_COUNT] = {
	{ A_NONE, "none", 0, 0, "does nothing" },
	/* global */
	{ A_HELP, "help", KT_BIT(KT_GLOBAL), 1,
	    "show the keys of the current screen" },
	{ A_SCREEN_COMPOSER, "screen-composer", KT_BIT(KT_GLOBAL), 1,
	    "go to the composer" },
	{ A_SCREEN_OUTBOX, "screen-outbox", KT_BIT(KT_GLOBAL), 1,
	    "go to the outbox" },
	{ A_SCREEN_SETTINGS, "screen-settings", KT_BIT(KT_GLOBAL), 1,
	    "go to the settings" },
	{ A_BACK, "back", KT_BIT(KT_GLOBAL) | KT_BIT(KT_HELP), 0,
	    "close help or a view, go back to the previous screen" },
	{ A_REDRAW, "redraw", KT_BIT(KT_GLOBAL), 0,
	    "redraw the whole terminal" },
	{ A_QUIT, "quit", KT_BIT(KT_GLOBAL), 1,
	    "quit outpost (asks first when something is unsaved or being sent)" },
	/* list */
	{ A_MOVE_UP, "move-up", KT_BIT(KT_LIST), 0,
	    "select the previous line" },
	{ A_MOVE_DOWN, "move-down", KT_BIT(KT_LIST), 0,
	    "select the next line" },
	{ A_MOVE_PAGE_UP, "move-page-up", KT_BIT(KT_LIST), 0,
	    "move the selection a page up" },
	{ A_MOVE_PAGE_DOWN, "move-page-down", KT_BIT(KT_LIST), 0,
	    "move the selection a page down" },
	{ A_MOVE_FIRST, "move-first", KT_BIT(KT_LIST), 0,
	    "select the first line" },
	{ A_MOVE_LAST, "move-last", KT_BIT(KT_LIST), 0,
	    "select the last line" },
	/* edit */
	{ A_CURSOR_LEFT, "cursor-left", T_EDITING, 0,
	    "move the cursor one character left" },
	{ A_CURSOR_RIGHT, "cursor-right", T_EDITING, 0,
	    "move the cursor one character right" },
	{ A_WORD_LEFT, "word-left", T_EDITING, 0,
	    "move the cursor to the start of the word" },
	{ A_WORD_RIGHT, "word-right", T_EDITING, 0,
	    "move the cursor past the end of the word" },
	{ A_LINE_START, "line-start", T_EDITING, 0,
	    "move the cursor to the start of the line" },
	{ A_LINE_END, "line-end", T_EDITING, 0,
	    "move the cursor to the end of the line" },
	{ A_DELETE_BACK, "delete-back", T_EDITING, 0,
	    "delete the character before the cursor" },
	{ A_DELETE_FORWARD, "delete-forward", T_EDITING, 0,
	    "delete the character under the cursor" },
	{ A_DELETE_WORD_BACK, "delete-word-back", T_EDITING, 0,
	    "delete the word before the cursor" },
	{ A_CUT_LINE, "cut-line", T_EDITING, 0,
	    "cut the line (in a field: all of it) into the cut buffer" },
	{ A_PASTE, "paste", T_EDITING, 0,
	    "paste the cut buffer at the cursor" },
	{ A_UNDO, "undo", T_EDITING, 0,
	    "undo the last change" },
	/* field */
	{ A_FIELD_DONE, "field-done", KT_BIT(KT_FIELD), 0,
	    "check the field and go to the next one" },
	{ A_FIELD_PREV, "field-prev", KT_BIT(KT_FIELD), 0,
	    "go to the previous field" },
	{ A_COMPLETE, "complete", KT_BIT(KT_FIELD), 0,
	    "complete the address or path before the cursor" },
	/* body */
	{ A_NEWLINE, "newline", KT_BIT(KT_BODY), 0,
	    "break the line at the cursor" },
	{ A_CURSOR_UP, "cursor-up", KT_BIT(KT_BODY), 0,
	    "move the cursor one line up" },
	{ A_CURSOR_DOWN, "cursor-down", KT_BIT(KT_BODY), 0,
	    "move the cursor one line down" },
	{ A_PAGE_UP, "page-up", KT_BIT(KT_BODY), 0,
	    "move the cursor a page up" },
	{ A_PAGE_DOWN, "page-down", KT_BIT(KT_BODY), 0,
	    "move the cursor a page down" },
	{ A_BODY_START, "body-start", KT_BIT(KT_BODY), 0,
	    "move the cursor to the start of the message" },
	{ A_BODY_END, "body-end", KT_BIT(KT_BODY), 0,
	    "move the cursor to the end of the message" },
	{ A_BODY_LEAVE, "body-leave", KT_BIT(KT_BODY), 0,
	    "leave the message text for the header fields" },
	{ A_INSERT_TAB, "insert-tab", KT_BIT(KT_BODY), 0,
	    "type a tab character into the message text" },
	{ A_JUSTIFY, "justify", KT_BIT(KT_BODY), 0,
	    "refill the paragraph at the cursor to 72 columns, quotes kept" },
	{ A_READ_FILE, "read-file", KT_BIT(KT_BODY), 0,
	    "insert the text of a file at the cursor, asking for its path" },
	{ A_WHERE_IS, "where-is", KT_BIT(KT_BODY), 0,
	    "search the message text (again: the next match)" },
	{ A_SPELL, "spell-check", KT_BIT(KT_BODY), 0,
	    "check the spelling of the text (not quotes or the signature)" },
	/* composer */
	{ A_SEND, "send", KT_BIT(KT_COMPOSER), 1,
	    "send the message (it goes to the outbox first)" },
	{ A_POSTPONE, "postpone", KT_BIT(KT_COMPOSER), 0,
	    "save the message as a draft and start an empty one" },
	{ A_DRAFTS, "drafts", KT_BIT(KT_COMPOSER), 0,
	    "list the postponed drafts, to open or delete one" },
	{ A_ATTACH, "attach", KT_BIT(KT_COMPOSER), 0,
	    "attach a file, asking for its path" },
	{ A_DETACH, "detach", KT_BIT(KT_COMPOSER), 0,
	    "remove the selected attachment" },
	{ A_EXTERNAL_EDITOR, "external-editor", KT_BIT(KT_COMPOSER), 0,
	    "edit the message text in $VISUAL or $EDITOR" },
	{ A_CANCEL, "cancel", KT_BIT(KT_COMPOSER), 0,
	    "throw the message and its draft away (asks first)" },
	{ A_UNDO_SEND, "undo-send", KT_BIT(KT_COMPOSER), 0,
	    "take back the message just sent, while its send.delay runs" },
	{ A_FROM_ACCOUNT, "from-account", KT_BIT(KT_COMPOSER), 0,
	    "send from the next account (From and its server)" },
	/* settings */
	{ A_SETTING_EDIT, "setting-edit", KT_BIT(KT_SETTINGS), 0,
	    "edit the selected setting" },
	{ A_SETTING_NEXT, "setting-next", KT_BIT(KT_SETTINGS), 0,
	    "the next choice for the selected setting" },
	{ A_SETTING_PREV, "setting-prev", KT_BIT(KT_SETTINGS), 0,
	    "the previous choice for the selected setting" },
	{ A_SETTINGS_SAVE, "settings-save", KT_BIT(KT_SETTINGS), 1,
	    "save the settings to the configuration file" },
	{ A_SETTINGS_TEST, "settings-test", KT_BIT(KT_SETTINGS), 1,
	    "test the settings: connect, check the certificate, log in" },
	{ A_SETTINGS_ACCOUNT, "settings-account", KT_BIT(KT_SETTINGS), 0,
	    "show and edit the next account's settings" },
	{ A_TEST_CANCEL, "test-cancel", KT_BIT(KT_SETTINGS), 0,
	    "stop the running test" },
	{ A_PASSWORD_SET, "password-set", KT_BIT(KT_SETTINGS), 0,
	    "type the password (hidden), and maybe keep it in the keyring" },
	{ A_SWITCH_PORT, "switch-port", KT_BIT(KT_SETTINGS), 0,
	    "after a test: use the port that works, and save" },
	/* outbox */
	{ A_OUTBOX_RETRY, "outbox-retry", KT_BIT(KT_OUTBOX), 1,
	    "try the selected message again now" },
	{ A_OUTBOX_FLUSH, "outbox-flush", KT_BIT(KT_OUTBOX), 1,
	    "send every message that is due" },
	{ A_OUTBOX_VIEW, "outbox-view", KT_BIT(KT_OUTBOX), 1,
	    "show the selected message and its delivery history" },
	{ A_OUTBOX_EDIT, "outbox-edit", KT_BIT(KT_OUTBOX), 0,
	    "take the selected message back into the composer" },
	{ A_OUTBOX_DELETE, "outbox-delete", KT_BIT(KT_OUTBOX), 1,
	    "delete the selected message (asks first)" },
	{ A_OUTBOX_RESEND, "outbox-resend", KT_BIT(KT_OUTBOX), 0,
	    "send an uncertain message again (it may arrive twice)" },
	{ A_OUTBOX_MARK_SENT, "outbox-mark-sent", KT_BIT(KT_OUTBOX), 0,
	    "mark an uncertain message as sent" },
	{ A_OUTBOX_COPY, "outbox-copy", KT_BIT(KT_OUTBOX), 0,
	    "retry the Sent-folder copy of the selected message" },
	/* the drafts list */
	{ A_DRAFTS_OPEN, "drafts-open", KT_BIT(KT_DRAFTS), 1,
	    "open the selected draft in the composer" },
	{ A_DRAFTS_DELETE, "drafts-delete", KT_BIT(KT_DRAFTS), 1,
	    "delete the selected draft (asks first)" },
	/* prompt */
	{ A_PROMPT_OK, "prompt-ok", KT_BIT(KT_PROMPT), 0,
	    "accept the answer" },
	{ A_PROMPT_CANCEL, "prompt-cancel", KT_BIT(KT_PROMPT), 0,
	    "cancel the question" },
	{ A_PROMPT_YES, "prompt-yes", KT_BIT(KT_PROMPT), 0,
	    "answer yes" },
	{ A_PROMPT_NO, "prompt-no", KT_BIT(KT_PROMPT), 0,
	    "answer no" },
};

static const char *const table_names[KT_COUNT + 1] = {
	[KT_GLOBAL] = "global",
	[KT_LIST] = "list",
	[KT_EDIT] = "edit",
	[KT_FIELD] = "field",
	[KT_BODY] = "body",
	[KT_COMPOSER] = "composer",
	[KT_SETTINGS] = "settings",
	[KT_OUTBOX] = "outbox",
	[KT_HELP] = "help",
	[KT_PROMPT] = "prompt",
	[KT_DRAFTS] = "drafts",
	[KT_COUNT] = NULL,
};
/* clang-format on */

const struct action *
action_get(enum action_id id)
{
	if ((unsigned)id >= A_COUNT)
		return (NULL);
	return (&actions[id]);
}

const struct action *
action_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return (NULL);
	for (i = A_NONE + 1; i < A_COUNT; i++) {
		if (strcmp(actions[i].name, name) == 0)
			return (&actions[i]);
	}
	return (NULL);
}

/* The name with its dashes left out, for "sendnow" against "send-now". */
static void
squeeze(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < len; s++) {
		if (*s != '-' && *s != '_')
			out[n++] = *s;
	}
	out[n] = '\0';
}

/* A name that starts the word ("sendnow" -> "send"), longest first. */
static const char *
suggest_by_prefix(const char *word)
{
	const char *best = NULL;
	char	    a[64], b[64];
	size_t	    i, n, bestn = 0;

	squeeze(word, a, sizeof a);
	for (i = A_NONE + 1; i < A_COUNT; i++) {
		squeeze(actions[i].name, b, sizeof b);
		n = strlen(b);
		if (n >= 3 && n > bestn && strncasecmp(a, b, n) == 0) {
			best = actions[i].name;
			bestn = n;
		}
	}
	return (best);
}

const char *
action_suggest(const char *word)
{
	const char *names[A_COUNT];
	const char *best;
	size_t	    i, n = 0;

	if (word == NULL || *word == '\0')
		return (NULL);
	for (i = A_NONE + 1; i < A_COUNT; i++)
		names[n++] = actions[i].name;
	names[n] = NULL;
	if ((best = str_suggest(word, names)) != NULL)
		return (best);
	return (suggest_by_prefix(word));
}

const char *
key_table_name(enum key_table t)
{
	if ((unsigned)t >= KT_COUNT)
		return (NULL);
	return (table_names[t]);
}

int
key_table_find(const char *name)
{
	int i;

	if (name == NULL)
		return (-1);
	for (i = 0; i < KT_COUNT; i++) {
		if (strcmp(table_names[i], name) == 0)
			return (i);
	}
	return (-1);
}
