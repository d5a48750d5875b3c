/*
 * action.h -- every action the terminal UI can do, as a named verb: one
 * table (action.c) gives each its name, the key tables it may be bound
 * in and its help text.  Keys live only in keymaps/ (data); no key is
 * hard-coded in C.
 */
#ifndef OUTPOST_ACTION_H
#define OUTPOST_ACTION_H

#include <stddef.h>

/*
 * Key tables.  A screen consults the tables of its current focus, most
 * specific first, then "global":
 *   composer, header field focus:	field composer edit global
 *   composer, body focus:		body composer edit global
 *   settings, browsing:		settings list global
 *   settings, editing a value:		field edit global
 *   outbox:				outbox list global
 *   help:				help list global
 *   the composer's drafts list:	drafts list global
 *   a prompt at the bottom line:	prompt field edit
 */
enum key_table {
	KT_GLOBAL,
	KT_LIST,
	KT_EDIT,
	KT_FIELD,
	KT_BODY,
	KT_COMPOSER,
	KT_SETTINGS,
	KT_OUTBOX,
	KT_HELP,
	KT_PROMPT,
	KT_DRAFTS,
	KT_COUNT
};
#define KT_BIT(t) (1u << (t))

enum action_id {
	A_NONE = 0,
	/* global */
	A_HELP,		   /* help for the current screen */
	A_SCREEN_COMPOSER, /* go to the composer */
	A_SCREEN_OUTBOX,
	A_SCREEN_SETTINGS,
	A_BACK, /* close help / leave a sub-view / pop the screen stack */
	A_REDRAW,
	A_QUIT, /* asks first when something is unsaved or being sent */
	/* list: moving a selection */
	A_MOVE_UP,
	A_MOVE_DOWN,
	A_MOVE_PAGE_UP,
	A_MOVE_PAGE_DOWN,
	A_MOVE_FIRST,
	A_MOVE_LAST,
	/* edit: text in a field or the body */
	A_CURSOR_LEFT,
	A_CURSOR_RIGHT,
	A_WORD_LEFT,
	A_WORD_RIGHT,
	A_LINE_START,
	A_LINE_END,
	A_DELETE_BACK,
	A_DELETE_FORWARD,
	A_DELETE_WORD_BACK,
	A_CUT_LINE, /* cut the line (field: all of it) into the cut buffer */
	A_PASTE,    /* paste the cut buffer */
	A_UNDO,
	/* field: one line */
	A_FIELD_DONE, /* leave the field (validate), go to the next */
	A_FIELD_PREV, /* the previous field */
	A_COMPLETE,   /* complete an address or a path */
	/* body: many lines */
	A_NEWLINE,
	A_CURSOR_UP,
	A_CURSOR_DOWN,
	A_PAGE_UP,
	A_PAGE_DOWN,
	A_BODY_START,
	A_BODY_END,
	A_BODY_LEAVE, /* back to the header fields */
	A_INSERT_TAB, /* a tab character into the text */
	A_JUSTIFY,    /* refill the paragraph (pico's ^J) */
	A_READ_FILE,  /* insert a file's text at the cursor (pico's ^R) */
	A_WHERE_IS,   /* search the text (pico's ^W) */
	A_SPELL,      /* step through the misspelt words (pico's ^T) */
	/* composer */
	A_SEND,
	A_POSTPONE,	   /* save as a draft, start an empty message */
	A_DRAFTS,	   /* the list of postponed drafts */
	A_ATTACH,	   /* add an attachment by path */
	A_DETACH,	   /* remove the selected attachment */
	A_EXTERNAL_EDITOR, /* $VISUAL/$EDITOR on the body */
	A_CANCEL,	   /* throw the message away (asks first) */
	A_UNDO_SEND,	   /* take back the message in its undo window */
	A_FROM_ACCOUNT,	   /* the next account for From */
	/* settings */
	A_SETTING_EDIT, /* edit the selected value */
	A_SETTING_NEXT, /* next choice (port, yes/no, keymap) */
	A_SETTING_PREV,
	A_SETTINGS_SAVE,
	A_SETTINGS_TEST,    /* run the connection test */
	A_SETTINGS_ACCOUNT, /* show the next account's settings */
	A_TEST_CANCEL,
	A_PASSWORD_SET, /* type the password (masked), maybe store it */
	A_SWITCH_PORT,	/* after a test: the port that works, saved */
	/* outbox */
	A_OUTBOX_RETRY,
	A_OUTBOX_FLUSH,
	A_OUTBOX_VIEW,
	A_OUTBOX_EDIT,
	A_OUTBOX_DELETE,
	A_OUTBOX_RESEND,
	A_OUTBOX_MARK_SENT,
	A_OUTBOX_COPY, /* retry a pending Sent copy */
	/* the drafts list */
	A_DRAFTS_OPEN,
	A_DRAFTS_DELETE,
	/* prompt */
	A_PROMPT_OK,
	A_PROMPT_CANCEL,
	A_PROMPT_YES,
	A_PROMPT_NO,
	A_COUNT
};

struct action {
	enum action_id id;
	const char    *name;   /* "send-now" style: lower case, '-' */
	unsigned       tables; /* KT_BIT()s it may be bound in */
	int	       hint;   /* shown on the one-line key hint */
	const char    *help;
};

const struct action *action_get(enum action_id);
/* By name; NULL when unknown. */
const struct action *action_find(const char *);
/* The closest known name for a misspelt one, or NULL. */
const char *action_suggest(const char *);

const char *key_table_name(enum key_table);
/* -1 when unknown. */
int key_table_find(const char *);

#endif
