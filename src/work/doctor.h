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
	DOCTOR_NOTE,	/* told, not judged: the port the user does not use */
};

struct doctor_step {
	char		  id[32]; /* "settings", "dns", "tcp-465", ... */
	char		  title[128];
	enum doctor_state state;
	enum op_code	  code;		/* why it failed */
	char		  detail[1024]; /* what was found */
	char		  advice[1024]; /* what to do, on failure */
	int		  switch_port;	/* the configured port's step: use this
					   one instead (0: none) */
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

/* What the test found, in all. */
struct doctor_result {
	int	     failed;	   /* steps that failed */
	int	     skipped;	   /* steps not run because of them */
	enum op_code first;	   /* the first failure's code (OP_OK: none) */
	int	     port;	   /* the configured port */
	int	     switch_port;  /* it is blocked and this one works; or 0 */
	int	     blocked;	   /* no port of the policy can be reached */
	char	     verdict[512]; /* the result in plain words */
};

/*
 * Run every step.  The test passes when the configured port connects,
 * verifies TLS and logs in; the policy's other ports are notes
 * (reachable or blocked).  password may be NULL: then it is taken from
 * the configured sources.  Returns the number of failed steps.
 */
int doctor_run(const struct config *, const struct policy *, const char *,
    const struct doctor_events *, struct doctor_result *);

#endif
