/*
 * settings-model.h -- the Settings screen's model, without curses: every
 * config field with its value as edited, the policy's locked values, the
 * port choice with the TLS mode that follows it, live validation by the
 * same config_parse + policy_check as "outpost check-config", and the
 * list of changed keys to save.
 */
#ifndef OUTPOST_SETTINGS_MODEL_H
#define OUTPOST_SETTINGS_MODEL_H

#include <stddef.h>

#include "conf/config.h"
#include "conf/policy.h"

enum sfield_kind {
	SF_TEXT,   /* typed text; empty removes the key */
	SF_PORT,   /* one of the policy's ports */
	SF_BOOL,   /* yes / no */
	SF_KEYMAP, /* default / emacs / pine / vi */
	SF_LOCKED, /* the policy's documented value, not editable */
	SF_INFO,   /* shown, not edited here (the policy's name) */
};

struct sfield {
	const char	*key;	/* "smtp.port" */
	const char	*label; /* "Port" */
	const char	*short_label;
	enum sfield_kind kind;
	char *value; /* as it will be saved; NULL: not in the file */
	char *orig;  /* as the file has it; NULL: absent */
	char *note;  /* why a locked value changed, or NULL */
	char *fix;   /* the problem with it, or NULL */
	int   error; /* fix is an error (else a warning) */
};

/* One key to save: value NULL removes it. */
struct settings_change {
	const char *key;
	const char *value;
};

struct settings_model {
	const struct policy    *pol;
	struct sfield	       *f;
	size_t			n;
	char		      **removed; /* keys the policy forbids (stale) */
	size_t			nremoved;
	char		      **general; /* problems of no single field */
	size_t			ngeneral;
	size_t			nerrors;
	struct settings_change *changes;
};

/* A model of cfg (config_init'd when there is no file) under pol. */
struct settings_model *settings_model_new(const struct config *,
    const struct policy *);
void		       settings_model_free(struct settings_model *);

/* Index of key, or -1. */
int settings_model_find(const struct settings_model *, const char *);
/* Set a text field (trimmed; empty: remove).  -1 if not editable. */
int settings_model_set(struct settings_model *, size_t, const char *);
/* Next (dir 1) or previous (-1) choice of a port/yes-no/keymap field. */
int settings_model_cycle(struct settings_model *, size_t, int);
/* Run the checks again (done by set and cycle). */
void settings_model_validate(struct settings_model *);

/*
 * What is in effect for field i, for display: the value, or the policy's
 * or the built-in default.  Returns 1 when that is a default (not in the
 * file).
 */
int settings_model_display(const struct settings_model *, size_t, char *,
    size_t);
/* The port in effect: the field's, else the policy's first. */
int settings_model_port(const struct settings_model *);
/* "STARTTLS" or "SSL/TLS" for the port in effect. */
const char *settings_model_tls_text(const struct settings_model *);
/*
 * The changed keys, valid until the next change; returns how many.
 * Nothing changed: 0.
 */
size_t settings_model_changes(struct settings_model *,
    const struct settings_change **);
/* The first error, "User name: use your uniqname: ada", or NULL. */
const char *settings_model_first_error(const struct settings_model *, char *,
    size_t);
/* After saving: the saved values are now the file's. */
void settings_model_saved(struct settings_model *);

#endif
