/*
 * protocol.h -- the UI <-> agent protocol, its one definition.  The
 * terminal UI runs "outpost-agent COMMAND -c CONFIG --events ARGS..."
 * with pipes; the agent writes one compact JSON object per line on its
 * stdout, each naming its event in PROTO_F_EV, and reads answers, one
 * line each, on its stdin.  Its first line is always "hello" with
 * PROTO_VERSION; the UI refuses an agent that announces another version,
 * or none (one installed before the protocol had a version), before it
 * reads anything else.  Both programs write and read only the names
 * below, so a misspelt name does not compile.
 */
#ifndef OUTPOST_PROTOCOL_H
#define OUTPOST_PROTOCOL_H

#include <jansson.h>

/* Raise it with any change the other side must know of: a new event,
 * field, value or meaning. */
#define PROTO_VERSION 2

/*
 * The events and what each carries (the fields below); X(ID, "name").
 * "done" is always the last line; an answer is due after ask-password
 * (the password, or an empty line to cancel) and confirm (PROTO_YES or
 * PROTO_NO).
 */
/* clang-format off */
#define PROTO_EVENTS(X)							\
	X(HELLO, "hello")	/* version: always the first line */	\
	X(STEP, "step")		/* id title state detail advice, and	\
				   port when another port works: a	\
				   doctor step changed */		\
	X(NOTE, "note")		/* text: progress in plain words */	\
	X(SOURCE, "source")	/* source: where the password came from */ \
	X(ASK_PASSWORD, "ask-password") /* prompt */			\
	X(CONFIRM, "confirm")	/* question */				\
	X(SAY, "say")		/* text: for the user to see */		\
	X(QUEUED, "queued")	/* id draft: durably in the outbox */	\
	X(PROGRESS, "progress")	/* id done total: payload bytes */	\
	X(OUTCOME, "outcome")	/* id state error reply attempts	\
				   next_attempt refused: one item's	\
				   result */				\
	X(COPY, "copy")		/* id state error folder: a Sent copy */ \
	X(ADDRESSES, "addresses") /* field ok error list */		\
	X(VIEW, "view")		/* id to cc bcc subject body files,	\
				   or id error: a stored message */	\
	X(DRAFT, "draft")	/* id: an item moved back into drafts */ \
	X(PASSWORD_RESULT, "password-result") /* ok: the server's	\
				   verdict on the password the UI gave */ \
	X(DONE, "done")		/* status message */

#define PROTO_EVENT_ID(id, name) PROTO_EV_##id,
enum proto_event {
	PROTO_EVENTS(PROTO_EVENT_ID)
	PROTO_EV_UNKNOWN	/* a name not in the list, or none */
};
#undef PROTO_EVENT_ID

/* The fields. */
#define PROTO_F_EV		"ev"		/* every event: its name */
#define PROTO_F_VERSION		"version"	/* integer */
#define PROTO_F_ID		"id"		/* step id, outbox or draft id */
#define PROTO_F_TITLE		"title"
#define PROTO_F_STATE		"state"		/* PROTO_STEP_*, outcome's
						   outbox_state_name(),
						   PROTO_COPY_* */
#define PROTO_F_DETAIL		"detail"
#define PROTO_F_ADVICE		"advice"
#define PROTO_F_TEXT		"text"
#define PROTO_F_SOURCE		"source"	/* PROTO_SOURCE_* */
#define PROTO_F_PROMPT		"prompt"
#define PROTO_F_QUESTION	"question"
#define PROTO_F_DRAFT		"draft"		/* the draft's id, or "" */
#define PROTO_F_DONE		"done"		/* integer: bytes written */
#define PROTO_F_TOTAL		"total"		/* integer: bytes in all */
#define PROTO_F_ERROR		"error"		/* plain words, or "" */
#define PROTO_F_REPLY		"reply"		/* the server's own text */
#define PROTO_F_ATTEMPTS	"attempts"	/* integer */
#define PROTO_F_NEXT_ATTEMPT	"next_attempt"	/* integer, Unix time; 0 */
#define PROTO_F_REFUSED		"refused"	/* array of {address reply} */
#define PROTO_F_ADDRESS		"address"
#define PROTO_F_FOLDER		"folder"
#define PROTO_F_FIELD		"field"		/* "To", "Cc", "Bcc" */
#define PROTO_F_OK		"ok"		/* true or false */
#define PROTO_F_LIST		"list"		/* array of addresses */
#define PROTO_F_TO		"to"
#define PROTO_F_CC		"cc"
#define PROTO_F_BCC		"bcc"
#define PROTO_F_SUBJECT		"subject"
#define PROTO_F_BODY		"body"
#define PROTO_F_FILES		"files"		/* array of {name size} */
#define PROTO_F_NAME		"name"
#define PROTO_F_SIZE		"size"		/* integer: bytes */
#define PROTO_F_STATUS		"status"	/* integer: the exit status */
#define PROTO_F_MESSAGE		"message"
#define PROTO_F_PORT		"port"		/* integer: a doctor step's
						   port to switch to */

/* The values: a doctor step's state (enum doctor_state's order). */
#define PROTO_STEP_PENDING	"pending"
#define PROTO_STEP_RUNNING	"running"
#define PROTO_STEP_PASSED	"passed"
#define PROTO_STEP_FAILED	"failed"
#define PROTO_STEP_SKIPPED	"skipped"
#define PROTO_STEP_NOTE		"note"		/* told, not judged */
/* Where the password came from. */
#define PROTO_SOURCE_COMMAND	"command"
#define PROTO_SOURCE_KEYRING	"keyring"
#define PROTO_SOURCE_PROMPT	"prompt"
#define PROTO_SOURCE_NONE	"none"
/* A Sent copy's state. */
#define PROTO_COPY_COPIED	"copied"
#define PROTO_COPY_PENDING	"pending"
/* The answers to confirm. */
#define PROTO_YES		"yes"
#define PROTO_NO		"no"
/* clang-format on */

/* The name of an event. */
const char *proto_event_name(enum proto_event);
/* The event an object names (PROTO_EV_UNKNOWN for any other). */
enum proto_event proto_event_of(json_t *);
/* A string field of an object, "" when it is absent or not a string. */
const char *proto_str(json_t *, const char *);

/*
 * The environment outpost-agent runs in (called in the child just before
 * exec): GNUTLS_NO_IMPLICIT_INIT=1, unless the user set it.  GnuTLS,
 * which libetpan links, is never used (TLS is OpenSSL's: tls-low.c), and
 * so skips the set-up its constructor would do at load (0.7 MB of a
 * send's peak RSS).  PROTO_ENV_MARK says outpost set it.
 */
#define PROTO_ENV_MARK "OUTPOST_SET_GNUTLS_NO_IMPLICIT_INIT"
void proto_agent_environ(void);
/*
 * In outpost-agent, first: the variable set for it is taken out again,
 * so the programs it runs (password.command, the HTML filter) get the
 * user's environment.
 */
void proto_agent_environ_undo(void);

#endif
