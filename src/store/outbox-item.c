/*
 * outbox-item.c -- the bottom of the outbox: what every other outbox*.c
 * file may use and which itself uses nothing of them: ids (valid, new,
 * the refusal), the back-off between attempts, whether an item is due,
 * counting unsent items, and freeing items and damage lists.  No file
 * system here but random bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/atomicfile.h"
#include "base/strutil.h"
#include "store/outbox-int.h"

int
outbox_id_valid(const char *s)
{
	size_t i;
	int    c;

	for (i = 0; s[i] != '\0'; i++) {
		c = (unsigned char)s[i];
		if (i >= OUTBOX_IDLEN - 1)
			return (0);
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			(c >= 'A' && c <= 'Z') || c == '-'))
			return (0);
	}
	return (i > 0);
}

int
outbox_bad_id(const char *id, struct op_err *err)
{
	return (op_err_set(err, OP_EINVAL,
	    "\"%.60s\" is not an outbox id (letters, digits and '-' only)",
	    id));
}

int
outbox_id_new(const struct timespec *ts, char *id, struct op_err *err)
{
	unsigned char r[4];
	struct tm     tm;
	size_t	      n;

	if (atomicfile_random(r, sizeof r) == -1)
		return (op_err_set(err, OP_EIO,
		    "cannot make an outbox id: no random bytes from getrandom(2) or /dev/urandom"));
	gmtime_r(&ts->tv_sec, &tm);
	n = strftime(id, OUTBOX_IDLEN, "%Y%m%dT%H%M%SZ-", &tm);
	/* The microsecond (5 hex digits), then 7 random ones. */
	snprintf(id + n, OUTBOX_IDLEN - n, "%05lx%02x%02x%02x%01x",
	    (unsigned long)(ts->tv_nsec / 1000) & 0xfffff, r[0], r[1], r[2],
	    r[3] & 0xf);
	return (0);
}

time_t
outbox_retry_at(unsigned n, time_t now)
{
	unsigned b = outbox_backoff(n), span = b / 5;
	uint32_t r = 0;
	long	 jitter = 0;

	if (atomicfile_random(&r, sizeof r) == 0)
		jitter = (long)(r % (2 * span + 1)) - (long)span;
	return (now + (time_t)b + jitter);
}

unsigned
outbox_backoff(unsigned n)
{
	if (n <= 1)
		return (60);
	if (n >= 7)
		return (3600);
	return (60u << (n - 1));
}

int
outbox_due(const struct outbox_item *it, time_t now)
{
	if (it->state != OUTBOX_QUEUED && it->state != OUTBOX_DEFERRED)
		return (0);
	return (it->next_attempt <= now);
}

time_t
outbox_stamp(const struct outbox_item *it)
{
	switch (it->state) {
	case OUTBOX_QUEUED:
	case OUTBOX_DEFERRED:
		return (it->next_attempt);
	case OUTBOX_FAILED:
	case OUTBOX_UNCERTAIN:
		return (OUTBOX_STAMP_NEVER);
	case OUTBOX_SENDING:
	case OUTBOX_SENT:
		break;
	}
	return (0);
}

int
outbox_stamp_skips(const struct stat *st, time_t until)
{
	if (st->st_mtim.tv_sec <= until)
		return (0);
	return (st->st_mtim.tv_sec > st->st_ctim.tv_sec ||
	    (st->st_mtim.tv_sec == st->st_ctim.tv_sec &&
		st->st_mtim.tv_nsec > st->st_ctim.tv_nsec));
}

size_t
outbox_count_unsent(const struct outbox_item *items, size_t n)
{
	size_t i, unsent = 0;

	for (i = 0; i < n; i++)
		if (items[i].state != OUTBOX_SENT)
			unsent++;
	return (unsent);
}

size_t
outbox_count_waiting(const struct outbox_item *items, size_t n)
{
	size_t i, waiting = 0;

	for (i = 0; i < n; i++)
		if (items[i].state == OUTBOX_QUEUED ||
		    items[i].state == OUTBOX_DEFERRED)
			waiting++;
	return (waiting);
}

void
outbox_item_free(struct outbox_item *it)
{
	size_t i;

	if (it == NULL)
		return;
	free(it->from);
	str_list_free(it->rcpts, it->nrcpts);
	free(it->subject);
	free(it->message_id);
	free(it->last_error);
	free(it->last_reply);
	free(it->final_reply);
	for (i = 0; i < it->nfailed_rcpts; i++) {
		free(it->failed_rcpts[i].address);
		free(it->failed_rcpts[i].reply);
	}
	free(it->failed_rcpts);
	free(it->copy_folder);
	free(it->copy_error);
	str_list_free(it->bcc, it->nbcc);
	free(it->dsn.envid);
	free(it->account);
	memset(it, 0, sizeof *it);
}

void
outbox_items_free(struct outbox_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		outbox_item_free(&items[i]);
	free(items);
}

void
outbox_damage_free(struct outbox_damage *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(d[i].why);
	free(d);
}
