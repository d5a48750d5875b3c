/*
 * composer-int.h -- what the composer's files share: the screen's state
 * (the message model, focus, completion, jobs) and the entry points of
 * drawing (composer-draw.c), completion (composer-complete.c), sending
 * and address checks (composer-send.c), drafts (composer-drafts.c) and
 * their list (composer-draftlist.c), the external editor
 * (composer-editor.c) and pico's commands (composer-text.c).
 */
#ifndef OUTPOST_COMPOSER_INT_H
#define OUTPOST_COMPOSER_INT_H

#include "tui/app.h"
#include "composer/complete.h"
#include "composer/composer-model.h"
#include "input/lineedit.h"

enum composer_focus {
	FOCUS_FIELD,  /* the header field c->field */
	FOCUS_BODY,   /* the message text */
	FOCUS_ATTACH, /* typing the path of a file to attach */
};

struct check_job;
struct composer_spell;

/* Completion shown under a field; Tab again takes the next. */
struct completion {
	int active;
	int field; /* enum composer_model_field, or -1 for the attach path */
	size_t start; /* byte offset of the word being completed */
	char  *prefix;
	char **cands;
	size_t ncands;
	size_t next; /* the candidate the next Tab takes */
	size_t total;
};

struct composer {
	struct app		 *app;
	struct composer_model	  m;
	enum composer_focus	  focus;
	enum composer_model_field field;
	struct lineedit		  attach_path;
	char			 *cut; /* the fields' cut buffer */

	struct addrbook	  book;
	int		  book_loaded;
	struct addrquery  query;
	struct completion comp;

	struct check_job *checks[CF_COUNT];
	int		  send_waiting; /* send waits for address checks */

	char *search; /* where-is: the last text looked for */

	struct composer_spell *spell;	   /* a spell check under way */
	char		     **spell_skip; /* words skipped for the session */
	size_t		       nspell_skip;

	struct timespec queue_mtime; /* of outbox/queue at the last count */
	int		body_rows;   /* rows the body had at the last draw */
};

/* screen-composer.c: the message changed (autosave). */
void composer_changed(struct composer *);

/* composer-draw.c */
void composer_draw_all(struct composer *, const struct screen_area *);

/* composer-send.c */
void composer_send(struct composer *);
/* The undo window: take the message back; each tick (shown: on screen). */
void composer_undo_send(struct composer *);
void composer_send_tick(struct composer *, int);
/* The screen goes: forget the undo window (the outbox keeps the item). */
void composer_send_end(void);
/* A setting that breaks the policy (a send would be refused): say so. */
void composer_policy_notice(struct composer *);
/* Check the field's addresses (asynchronous) unless known already. */
void composer_check_field(struct composer *, enum composer_model_field);
/* Forget the running checks (the screen is going). */
void composer_checks_orphan(struct composer *);
/* The draft is being sent (not queued yet): not to be recalled. */
int composer_draft_sending(const char *);
/* "N unsent" on the status line from the outbox. */
void composer_count_unsent(struct app *);
/* Count again only when outbox/queue changed since the last look. */
void composer_recount_unsent(struct composer *);

/* composer-drafts.c */
void composer_offer_recovery(struct composer *);
void composer_autosave(struct composer *, int);
void composer_postpone(struct composer *);
/*
 * Take draft id into the composer (the outbox's "edit", through
 * app_open); the message being written is saved as a draft first.
 */
void composer_open_draft(struct composer *, const char *);
/* Save the message now if it changed (hang-up, exit). */
void composer_save_now(struct composer *);

/* composer-draftlist.c: the postponed drafts, to open or delete one. */
void composer_draftlist_open(struct composer *);

/* composer-editor.c */
void composer_external_editor(struct composer *);
/* editor = external in the config. */
int composer_editor_external(const struct composer *);

/* composer-text.c */
void composer_justify(struct composer *);
void composer_read_file(struct composer *);
void composer_where_is(struct composer *);
void composer_cancel(struct composer *);
/* signature.file read into the model's fresh body; a status note if not. */
void composer_signature(struct composer *);

/* composer-spell.c: step through the misspelt words of the text. */
void composer_spell_check(struct composer *);
/* Highlight bytes [*start, *end) of line *line: 1 during a check. */
int composer_spell_word(const struct composer *, size_t *, size_t *, size_t *);
void composer_spell_free(struct composer *);

/* composer-complete.c */
void composer_complete(struct composer *);
void composer_completion_clear(struct composer *);
/* Address-book answers arrived: refresh a completion under way. */
void composer_completion_refresh(struct composer *);

#endif
