/*
 * fuzz-wire.c -- what a server may send, through the bounds every byte
 * passes (wirelimit) and the readers behind them: the stream driver
 * (tls-low.c) on a socket, then libetpan's SMTP reply reader (greeting,
 * EHLO, NOOP), outpost's own transaction reply parser (pipe_read) or
 * libetpan's IMAP response parser (greeting, CAPABILITY as imap.c asks
 * it, then LOGIN, LIST, CREATE, APPEND, SELECT, UID SEARCH and LOGOUT
 * as a Sent copy asks them).
 * The first byte picks SMTP or IMAP and how the input is cut into reads.
 * Besides the sanitizers, wirelimit's own promise is checked: it never
 * lets a line longer than its maximum through.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "wire/imap-caps.h"
#include "wire/smtp-int.h"
#include "wire/tls.h"
#include "wire/wirelimit.h"

/* Feed the input in reads of step bytes: a line over the bound fails. */
static void
fuzz_limit(const uint8_t *d, size_t n, int imap, size_t step)
{
	struct wirelimit w;
	char		 why[128];
	size_t		 off, k, line = 0;

	wirelimit_init(&w, imap ? WIRELIMIT_IMAP : WIRELIMIT_SMTP);
	for (off = 0; off < n; off += k) {
		k = n - off < step ? n - off : step;
		if (wirelimit_feed(&w, (const char *)d + off, k, why,
			sizeof why) == -1)
			return;
		/* Accepted: no line past the bound, unless in a literal. */
		if (!imap) {
			for (size_t i = off; i < off + k; i++) {
				line = d[i] == '\n' ? 0 : line + 1;
				if (line > w.line_max)
					abort();
			}
		}
	}
}

static mailstream *
fuzz_stream(const uint8_t *d, size_t n, int imap, int *peer)
{
	struct op_err	err;
	mailstream_low *low;
	mailstream     *st;
	int		sv[2];
	int		sz = 1 << 20;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		abort();
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	if (write(sv[1], d, n) != (ssize_t)n)
		abort();
	shutdown(sv[1], SHUT_WR);
	*peer = sv[1];
	if (tls_plain_low(sv[0], 1, &low, &err) == -1)
		abort();
	tls_low_bounds(low, imap);
	if ((st = mailstream_new(low, TLS_STREAM_BUFSIZE)) == NULL)
		abort();
	return (st);
}

static void
fuzz_smtp(mailstream *st, int pipe)
{
	struct smtp_session s;
	struct smtp_reply   r;
	int		    i;

	memset(&s, 0, sizeof s);
	s.host = "fuzz.test";
	s.timeout_reply = 1;
	if ((s.smtp = mailsmtp_new(0, NULL)) == NULL)
		abort();
	if (mailsmtp_connect(s.smtp, st) != MAILSMTP_NO_ERROR) {
		mailsmtp_free(s.smtp);
		return;
	}
	if (pipe) {
		for (i = 0; i < 8 && s.smtp->stream != NULL; i++)
			if (pipe_read(&s, &r) != 0)
				break;
	} else if (mailesmtp_ehlo(s.smtp) == MAILSMTP_NO_ERROR)
		mailsmtp_noop(s.smtp);
	mailsmtp_free(s.smtp);
}

/* What a Sent copy asks once logged in (imap.c), each reply from data. */
static void
fuzz_imap_copy(mailimap *imap)
{
	static const char	    msg[] = "Subject: x\r\n\r\nx\r\n";
	struct mailimap_search_key *key;
	struct mailimap_flag_list  *fl;
	clist			   *list = NULL, *res = NULL;
	uint32_t		    uidv = 0, uid = 0;

	if (mailimap_list(imap, "", "*", &list) == MAILIMAP_NO_ERROR)
		mailimap_list_result_free(list);
	mailimap_create(imap, "Sent");
	if ((fl = mailimap_flag_list_new_empty()) == NULL)
		abort();
	mailimap_uidplus_append(imap, "Sent", fl, NULL, msg, sizeof msg - 1,
	    &uidv, &uid);
	mailimap_flag_list_free(fl);
	if (mailimap_select(imap, "Sent") != MAILIMAP_NO_ERROR)
		return;
	key = mailimap_search_key_new_header(strdup("Message-ID"),
	    strdup("<x@y>"));
	if (key == NULL)
		abort();
	if (mailimap_uid_search(imap, NULL, key, &res) == MAILIMAP_NO_ERROR)
		mailimap_search_result_free(res);
	mailimap_search_key_free(key);
}

static void
fuzz_imap(mailstream *st)
{
	mailimap *imap;

	if ((imap = mailimap_new(0, NULL)) == NULL)
		abort();
	if (mailimap_connect(imap, st) ==
	    MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		imap_caps_ask(imap);
		/* Logged in or not, go on as if (a PREAUTH greeting). */
		mailimap_login(imap, "alice", "pw");
		if (imap->imap_stream != NULL) {
			imap->imap_state = MAILIMAP_STATE_AUTHENTICATED;
			fuzz_imap_copy(imap);
		}
		if (imap->imap_stream != NULL)
			mailimap_logout(imap);
	}
	mailimap_free(imap);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mailstream *st;
	int	    peer, imap, pipe;

	if (size < 1 || size > 65536)
		return (0);
	imap = data[0] & 1;
	pipe = data[0] & 2;
	fuzz_limit(data + 1, size - 1, imap, 1 + (data[0] >> 2));
	st = fuzz_stream(data + 1, size - 1, imap, &peer);
	if (imap)
		fuzz_imap(st);
	else
		fuzz_smtp(st, pipe);
	close(peer);
	return (0);
}
