/*
 * composer-model.h -- the message being written in the composer, without
 * curses: the header fields (one-line editors), the result of each
 * address check, the attachments, the body (a textbuf), whether it
 * changed since the last save, and the conversion to and from a draft.
 */
#ifndef OUTPOST_COMPOSER_MODEL_H
#define OUTPOST_COMPOSER_MODEL_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "store/draft.h"
#include "base/err.h"
#include "input/lineedit.h"

struct config;
struct textbuf;

enum composer_model_field {
	CF_TO,
	CF_CC,
	CF_BCC,
	CF_SUBJECT,
	CF_COUNT
};

enum composer_model_check {
	CHECK_NONE,    /* not checked since it changed */
	CHECK_RUNNING, /* check-addresses is under way */
	CHECK_OK,
	CHECK_BAD, /* check_error says why */
};

struct composer_model_attach {
	char	   *path; /* absolute */
	off_t	    size;
	const char *type; /* for display: from the extension */
};

#define CM_AUTOSAVE_IDLE 2  /* seconds without a change */
#define CM_AUTOSAVE_KEYS 50 /* changes */

struct composer_model {
	struct lineedit		  field[CF_COUNT];
	enum composer_model_check check[CF_COUNT];
	char			 *check_text[CF_COUNT]; /* the text checked */
	char			 *check_error[CF_COUNT];
	struct textbuf		 *body;
	struct composer_model_attach *att;
	size_t			      natt;
	char			      draft_id[64]; /* "" until saved once */
	char *in_reply_to, *references; /* a reply's, kept unseen; or NULL */
	char *account;	  /* the From account's name; NULL: the default */
	char *fresh;	  /* a new message's body: "" or
			   * the signature */
	int	 dirty;	  /* changed since the last save */
	unsigned changes; /* since the last save */
	time_t	 changed_at;
};

void composer_model_init(struct composer_model *);
void composer_model_free(struct composer_model *);
/* An empty message (a new draft): its body is the fresh body. */
void composer_model_clear(struct composer_model *);
/*
 * The body every new message starts with (the signature, see
 * textfile_signature); the message now in the model takes it too when
 * nothing was written yet.
 */
void composer_model_set_fresh(struct composer_model *, const char *);

const char *composer_model_field_name(enum composer_model_field); /* "To" */
int	    composer_model_is_address_field(enum composer_model_field);
/* Nothing typed (the fresh body untouched counts as nothing), nothing
 * attached. */
int composer_model_empty(const struct composer_model *);

/* Record a change at now (for autosave). */
void composer_model_touch(struct composer_model *, time_t);
/* A save is due: changed and idle long enough, or many changes. */
int composer_model_autosave_due(const struct composer_model *, time_t);

/*
 * The message as a draft (d is draft_init'ed; fields replaced), and
 * back.  from_draft makes the draft the current one (its id kept, so
 * saving replaces it: never two copies).
 */
void composer_model_to_draft(const struct composer_model *, struct draft *);
void composer_model_from_draft(struct composer_model *, const struct draft *);
/*
 * The From account: the config's account the message names (cfg itself
 * for the default), or NULL when it names one no longer in the config.
 * next_account moves to the following one (after the last: the
 * default; from a missing one: the default) and returns it.
 */
const struct config *composer_model_account(const struct composer_model *,
    const struct config *);
const struct config *composer_model_next_account(struct composer_model *,
    const struct config *);

/* draft_save of the message; the id is kept; dirty cleared. */
int composer_model_save(struct composer_model *, const char *,
    struct op_err *);

/* The result of check-addresses for a field with its text then. */
void composer_model_check_set(struct composer_model *,
    enum composer_model_field, enum composer_model_check, const char *,
    const char *);
/* The state for the field's current text (NONE once it changed). */
enum composer_model_check
composer_model_check_state(const struct composer_model *,
    enum composer_model_field);

/*
 * Attach a file: "~/" expanded, made absolute, must be a readable
 * regular file.  Errors: OP_EINVAL naming the path and why.
 */
int  composer_model_attach_add(struct composer_model *, const char *,
     struct op_err *);
void composer_model_attach_remove(struct composer_model *, size_t);
/* The attachment an answer names: its number (from 1) or file name. */
long composer_model_attach_find(const struct composer_model *, const char *);
/* Every attachment still readable?  OP_EINVAL naming the first not. */
int composer_model_attach_check(struct composer_model *, struct op_err *);

/*
 * Before sending: To not empty, no field whose check failed, the
 * attachments readable.  OP_EINVAL saying what is wrong, in plain words.
 */
int composer_model_validate(struct composer_model *, struct op_err *);
/* Does the text speak of an attachment (attach..., enclosed)? */
int composer_model_mentions_attachment(const char *, size_t);
/* Warnings worth a question before sending; returns how many (<= 2). */
size_t composer_model_warnings(const struct composer_model *, const char **,
    size_t);

/* The body text (allocated, NUL-terminated; length in *len). */
char *composer_model_body(const struct composer_model *, size_t *);
/* A MIME type for display from the file name, or NULL. */
const char *composer_model_mime_type(const char *);
/* "512 B", "12 KB", "3.4 MB" into buf. */
void composer_model_size_text(off_t, char *, size_t);
/*
 * The bytes a file of n bytes takes in the message: base64, four
 * characters for every three bytes (the last three started), in lines
 * of 76 with CR LF after each (20 MB become 27.4 MB).
 */
off_t composer_model_wire_size(off_t);
/*
 * The whole message's bytes on the wire, near enough to warn before
 * sending: the fields and the text, a part's headers and wire size for
 * each attachment, and the usual headers (From, Date, Message-ID, MIME).
 */
#define COMPOSER_MODEL_HEAD_BYTES 600
#define COMPOSER_MODEL_PART_BYTES 200
off_t composer_model_message_size(const struct composer_model *);
/* "3.4 MB, 4.6 MB as mail": a size and its wire size into buf. */
void composer_model_sizes_text(off_t, off_t, char *, size_t);

/*
 * The drafts list: a draft's row, exactly cols columns (cols >= 30):
 * when it was saved ("Dec 07 15:28"), To, Subject and, from 50 columns
 * on, its first line of text, each cut to its column; and the heading
 * over them.  ascii as utf8_fit's.
 */
#define COMPOSER_MODEL_WHEN_COLS 12
void composer_model_draft_row(const struct draft *, int, int, char *, size_t);
void composer_model_draft_header(int, char *, size_t);

#endif
