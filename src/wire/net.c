/*
 * net.c -- name resolution and TCP connection with a deadline, and the
 * poll-with-deadline helper the stream drivers share.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wire/net.h"
#include "base/xmalloc.h"

/* Per address, unless less is left in all. */
#define NET_MIN_TRY_MS 2000
/* What dialling ahead may spend on the name before the message is queued. */
#define NET_AHEAD_LOOKUP_S 1

long long
net_deadline(int seconds)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	    (long long)seconds * 1000);
}

static long long
net_left(long long deadline)
{
	long long left;

	left = deadline - net_deadline(0);
	return (left > 0 ? left : 0);
}

int
net_wait(int fd, short events, long long deadline)
{
	struct pollfd pfd;
	long long     left;
	int	      r;

	for (;;) {
		left = net_left(deadline);
		if (left == 0)
			return (0);
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return (1); /* ready, or an error the caller sees */
		if (r == -1 && errno != EINTR)
			return (-1);
	}
}

/*
 * getaddrinfo with a deadline (getaddrinfo_a): a resolver that does not
 * answer must not hang outpost.  What a lookup still running after the
 * deadline writes into is allocated and, if it cannot be cancelled,
 * left to it (a few hundred bytes, once).
 */
struct lookup {
	struct gaicb	cb;
	struct addrinfo hints;
	char	       *host;
	char		serv[16];
};

static int
lookup_timed(struct lookup *l, int timeout, struct addrinfo **res)
{
	struct gaicb   *list[1] = { &l->cb };
	struct timespec ts;
	long long	deadline = net_deadline(timeout), left;
	int		r;

	l->cb.ar_name = l->host;
	l->cb.ar_service = l->serv;
	l->cb.ar_request = &l->hints;
	l->cb.ar_result = NULL;
	if ((r = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL)) != 0)
		return (r);
	while ((r = gai_error(&l->cb)) == EAI_INPROGRESS) {
		if ((left = net_left(deadline)) == 0)
			return (EAI_AGAIN);
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		gai_suspend((const struct gaicb *const *)list, 1, &ts);
	}
	if (r == 0)
		*res = l->cb.ar_result;
	return (r);
}

/* 0 done (l may be freed), -1 still running (l must be left alone). */
static int
lookup_settle(struct lookup *l)
{
	if (gai_error(&l->cb) != EAI_INPROGRESS)
		return (0);
	return (gai_cancel(&l->cb) == EAI_CANCELED ? 0 : -1);
}

static int
lookup_once(const char *host, const char *serv, int family_any, int timeout,
    struct addrinfo **res, int *timed_out)
{
	struct lookup *l = xcalloc(1, sizeof *l);
	int	       r;

	l->host = xstrdup(host);
	snprintf(l->serv, sizeof l->serv, "%s", serv);
	l->hints.ai_family = AF_UNSPEC;
	l->hints.ai_socktype = SOCK_STREAM;
	l->hints.ai_flags = family_any ? 0 : AI_ADDRCONFIG;
	r = lookup_timed(l, timeout, res);
	*timed_out = r == EAI_AGAIN && gai_error(&l->cb) == EAI_INPROGRESS;
	if (lookup_settle(l) == 0) {
		free(l->host);
		free(l);
	}
	return (r);
}

static int
net_lookup(const char *host, int port, int timeout, struct addrinfo **res,
    struct op_err *err)
{
	struct addrinfo hints;
	char		serv[16];
	int		r, timed_out = 0;

	snprintf(serv, sizeof serv, "%d", port);
	/* An address needs no name server, nor getaddrinfo_a's thread. */
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	if (getaddrinfo(host, serv, &hints, res) == 0)
		return (0);
	r = lookup_once(host, serv, 0, timeout, res, &timed_out);
	if (r == EAI_ADDRFAMILY || r == EAI_NONAME)
		r = lookup_once(host, serv, 1, timeout, res, &timed_out);
	if (r == 0)
		return (0);
	if (timed_out)
		return (op_err_set(err, OP_ENET,
		    "cannot find %s: no answer from the name server within %d seconds",
		    host, timeout));
	op_err_set(err, OP_ENET, "cannot find %s: %s", host,
	    r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
	if (r == EAI_NONAME)
		err->transient = 0; /* retrying will not make it exist */
	return (-1);
}

int
net_endpoint_ok(const char *host, int port)
{
	return (host != NULL && *host != '\0' && port >= 1 && port <= 65535);
}

int
net_resolve(const char *host, int timeout, int *naddrs, char *first,
    size_t firstlen, struct op_err *err)
{
	struct addrinfo *res, *ai;
	int		 n;

	if (net_lookup(host, 0, timeout, &res, err) == -1)
		return (-1);
	n = 0;
	for (ai = res; ai != NULL; ai = ai->ai_next)
		n++;
	*naddrs = n;
	if (first != NULL && firstlen > 0 &&
	    getnameinfo(res->ai_addr, res->ai_addrlen, first, firstlen, NULL,
		0, NI_NUMERICHOST) != 0)
		first[0] = '\0';
	freeaddrinfo(res);
	return (0);
}

/* Finish a non-blocking connect; 0 or -1 with errno (ETIMEDOUT). */
static int
net_finish(int fd, long long deadline)
{
	socklen_t len;
	int	  r, soerr;

	r = net_wait(fd, POLLOUT, deadline);
	if (r == 0) {
		errno = ETIMEDOUT;
		return (-1);
	}
	if (r == -1)
		return (-1);
	len = sizeof soerr;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		return (-1);
	if (soerr != 0) {
		errno = soerr;
		return (-1);
	}
	return (0);
}

/* Start connecting to one address; the socket, or -1 with errno. */
static int
net_dial(const struct addrinfo *ai)
{
	int fd, saved;

	fd = socket(ai->ai_family,
	    ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
	if (fd == -1)
		return (-1);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1 &&
	    errno != EINPROGRESS) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	return (fd);
}

/* Finish what net_dial started within deadline; fd, or -1 with errno. */
static int
net_complete(int fd, long long deadline)
{
	int flags, one = 1, saved;

	if (fd == -1)
		return (-1);
	if (net_finish(fd, deadline) == -1)
		goto fail;
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1)
		goto fail;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return (fd);
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return (-1);
}

/* One address within deadline; the socket, or -1 with errno. */
static int
net_try(const struct addrinfo *ai, long long deadline)
{
	return (net_complete(net_dial(ai), deadline));
}

/*
 * The connection dialled ahead (net_dial_ahead): the lookup, and a
 * connect to its first address already under way.
 */
static struct {
	char		*host;
	int		 port;
	struct addrinfo *res; /* NULL: the lookup failed (err) */
	struct op_err	 err;
	int		 fd;	 /* -1: none */
	long long	 use_by; /* monotonic ms: after this, dial again */
} ahead = { NULL, 0, NULL, { 0 }, -1, 0 };

void
net_ahead_drop(void)
{
	if (ahead.fd != -1)
		close(ahead.fd);
	if (ahead.res != NULL)
		freeaddrinfo(ahead.res);
	free(ahead.host);
	memset(&ahead, 0, sizeof ahead);
	ahead.fd = -1;
}

void
net_dial_ahead(const char *host, int port, int timeout, int keep_ms)
{
	net_ahead_drop();
	if (!net_endpoint_ok(host, port))
		return;
	ahead.host = xstrdup(host);
	ahead.port = port;
	ahead.use_by = net_deadline(0) + keep_ms;
	/*
	 * The message is not queued yet: a slow name server must not hold
	 * that up.  A lookup not done within a second is left to the
	 * connect after it; only a final answer (no such host) is kept.
	 */
	if (net_lookup(host, port,
		timeout < NET_AHEAD_LOOKUP_S ? timeout : NET_AHEAD_LOOKUP_S,
		&ahead.res, &ahead.err) == 0)
		ahead.fd = net_dial(ahead.res);
	else if (ahead.err.transient)
		net_ahead_drop();
}

/*
 * Take over what was dialled ahead to host:port, if anything was and it
 * is still fresh: its lookup (*res, or its error) and its socket (*fdp,
 * -1 if none).  Returns 1 taken, 0 nothing (everything is dropped).
 */
static int
net_ahead_take(const char *host, int port, struct addrinfo **res, int *fdp,
    struct op_err *err)
{
	if (ahead.host == NULL || strcmp(ahead.host, host) != 0 ||
	    ahead.port != port || net_deadline(0) > ahead.use_by) {
		net_ahead_drop();
		return (0);
	}
	*res = ahead.res;
	*fdp = ahead.fd;
	if (ahead.res == NULL)
		*err = ahead.err;
	ahead.res = NULL;
	ahead.fd = -1;
	net_ahead_drop();
	return (1);
}

/*
 * A socket dialled ahead may have been closed by the server while it
 * waited (an idle time-out): anything but "no data yet" or data (a
 * greeting) means closed.
 */
static int
net_alive(int fd)
{
	char	c;
	ssize_t n;

	n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return (
	    n > 0 || (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)));
}

static const char *
net_why(int error, int timeout, char *buf, size_t len)
{
	switch (error) {
	case ECONNREFUSED:
		return ("connection refused (is the port right?)");
	case ETIMEDOUT:
		snprintf(buf, len, "no answer within %d seconds", timeout);
		return (buf);
	case ENETUNREACH:
		return ("network unreachable (are you online?)");
	case EHOSTUNREACH:
		return ("host unreachable");
	}
	return (strerror(error));
}

int
net_connect(const char *host, int port, int timeout, int *fdp,
    struct op_err *err)
{
	struct addrinfo *res, *ai;
	long long	 deadline, share, left;
	int		 fd, early = -1, n, lasterr = ETIMEDOUT;
	char		 why[64];

	if (net_ahead_take(host, port, &res, &early, err)) {
		if (res == NULL)
			return (-1); /* the lookup's error, said once */
	} else if (net_lookup(host, port, timeout, &res, err) == -1)
		return (-1);
	deadline = net_deadline(timeout);
	n = 0;
	for (ai = res; ai != NULL; ai = ai->ai_next)
		n++;
	for (ai = res; ai != NULL; ai = ai->ai_next, n--) {
		left = net_left(deadline);
		if (left == 0)
			break;
		/* A silent first address must not eat the whole budget. */
		share = left / n;
		if (share < NET_MIN_TRY_MS)
			share = left < NET_MIN_TRY_MS ? left : NET_MIN_TRY_MS;
		if (early != -1) { /* the first address, dialled ahead */
			fd = net_complete(early, net_deadline(0) + share);
			early = -1;
			if (fd != -1 && !net_alive(fd)) {
				close(fd);
				fd = net_try(ai, net_deadline(0) + share);
			}
		} else
			fd = net_try(ai, net_deadline(0) + share);
		if (fd != -1) {
			freeaddrinfo(res);
			*fdp = fd;
			return (0);
		}
		lasterr = errno;
	}
	freeaddrinfo(res);
	return (op_err_set(err, OP_ENET, "cannot connect to %s port %d: %s",
	    host, port, net_why(lasterr, timeout, why, sizeof why)));
}
