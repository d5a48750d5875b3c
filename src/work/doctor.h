/*
 * doctor.h -- the account test the institution's instructions describe,
 * step by step: settings against the policy, DNS, TCP to each allowed
 * port, TLS and the certificate, EHLO capabilities, AUTH.  Each step is
 * reported as it starts and ends, with plain-words advice on failure;
 * every step is first announced as pending, in order.
 */
#ifndef OUTPOST_DOCTOR_H
#define OUTPOST_DOCTOR_H

#include "conf/config.h"
#include "base/err.h"
#include "conf/policy.h"
#include "work/send.h"
#include "wire/smtp.h"

enum doctor_state {
	DOCTOR_PENDING,
	DOCTOR_RUNNING,
	DOCTOR_PASSED,
	DOCTOR_FAILED,
	DOCTOR_SKIPPED, /* not run because an earlier step failed */
};

struct doctor_step {
	char		  id[32]; /* "settings", "dns", "tcp-465", ... */
	char		  title[128];
	enum doctor_state state;
	enum op_code	  code;		/* why it failed */
	char		  detail[1024]; /* what was found */
	char		  advice[1024]; /* what to do, on failure */
};

struct doctor_events {
	void (*step)(void *, const struct doctor_step *);
	trace_fn trace;
	void	*arg;
	/* Asking for a password; NULL: no terminal. */
	const struct send_prompt *prompt;
	/* Where the AUTH step's password came from (may be NULL). */
	void (*source)(void *, enum send_source);
};

/*
 * Run every step; return the number of steps that did not pass.
 * password may be NULL: then it is taken from the configured sources.
 * *first_failure gets the code of the first failed step (OP_OK if none).
 */
int doctor_run(const struct config *, const struct policy *, const char *,
    const struct doctor_events *, enum op_code *);

#endif
