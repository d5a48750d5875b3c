/*
 * delay-relay.c -- a TCP relay on 127.0.0.1 that adds latency, for the
 * benchmark in tests/bench/ (netem is not available in the test
 * machines).  It only moves bytes, so TLS (implicit or after STARTTLS)
 * passes through untouched.
 *
 *   delay-relay [-d MS] [-H 0|1] [-l LOG] [-r READY] LPORT:TPORT ...
 *
 * Every LPORT on 127.0.0.1 is forwarded to TPORT on 127.0.0.1.  Each
 * chunk read from either side is written to the other side MS
 * milliseconds later (default 25, so 50 ms of round-trip time), in order.
 * An end of file is forwarded the same way (shutdown of the write side).
 *
 * -H 1 (the default) also charges the TCP handshake that netem would
 * delay: the kernel completes the client's connect() at once, so the
 * relay opens the upstream connection only 3*MS after accepting (when
 * the server would have seen the handshake's final ACK), and nothing the
 * client sent reaches the server before that.  -H 0 turns it off.
 *
 * Round trips: a "turn" is counted each time the flow of data changes
 * from client->server to server->client, as seen by the relay.  The
 * connection's start counts as client->server (the client spoke by
 * connecting), so waiting for the greeting is a turn.  The TCP
 * handshake itself is not a turn (it is one per connection, and the log
 * says how many connections there were).
 *
 * Server time: for each turn, the time from the relay's last write to the
 * server (or from opening the upstream connection, for a greeting) to the
 * first byte of the server's answer: what the server itself took (a TLS
 * signature, an authentication lookup, the queue file synced before "250").
 * It is neither the network's nor the client's share of a session.
 *
 * Timers are kept to the microsecond (ppoll, a timer slack of 1 us), so
 * the relay adds no rounding of its own to each chunk's delay.
 *
 * The log (stderr by default) gets one line per event, flushed at once:
 *   listen LPORT TPORT
 *   open ID LPORT
 *   close ID LPORT turns=N up=BYTES down=BYTES ms=MILLISECONDS srv_us=MICROSECONDS
 * The ready file is created once every port listens.  SIGTERM or SIGINT
 * ends the relay.
 */
#define _GNU_SOURCE /* ppoll */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXLISTEN     16
#define MAXCONN	      256
#define CHUNK	      65536
#define BACKLOG_BYTES (8u << 20) /* stop reading a side past this */

struct chunk {
	struct chunk *next;
	uint64_t      due; /* monotonic microseconds */
	size_t	      len, off;
	int	      eof;
	char	      data[];
};

struct dir {
	struct chunk *head, *tail;
	size_t	      queued;  /* bytes waiting */
	int	      rd_eof;  /* the source ended */
	int	      wr_shut; /* the end was passed on */
	uint64_t      bytes;
};

/* client->server, server->client */
enum {
	UP,
	DOWN
};

struct conn {
	int	   used;
	unsigned   id;
	int	   lport, tport;
	int	   cfd, sfd; /* sfd is -1 until the upstream opens */
	uint64_t   t0, open_at;
	struct dir d[2];
	int	   last; /* UP or DOWN: the last data seen */
	unsigned   turns;
	uint64_t   asked_at; /* the last write to the server, or its opening */
	int	   asked;    /* the server owes an answer since asked_at */
	uint64_t   srv_us;   /* the server's own time, summed over turns */
};

static uint64_t		     delay_us = 25000;
static int		     handshake = 1;
static FILE		    *logfp;
static volatile sig_atomic_t stop;
static struct conn	     conns[MAXCONN];
static unsigned		     next_id = 1;

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		perror("delay-relay: fcntl");
		exit(1);
	}
}

static void
nodelay(int fd)
{
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static struct sockaddr_in
loopback(int port)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return (sa);
}

static int
listen_on(int port)
{
	struct sockaddr_in sa = loopback(port);
	int		   fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(fd, 128) == -1) {
		close(fd);
		return (-1);
	}
	nonblock(fd);
	return (fd);
}

static void
push(struct dir *d, const char *buf, size_t len, int eof, uint64_t due)
{
	struct chunk *c = malloc(sizeof *c + len);

	if (c == NULL) {
		perror("delay-relay: malloc");
		exit(1);
	}
	c->next = NULL;
	/* Constant delay keeps due times in order; never overtake. */
	if (d->tail != NULL && d->tail->due > due)
		due = d->tail->due;
	c->due = due;
	c->len = len;
	c->off = 0;
	c->eof = eof;
	if (len > 0)
		memcpy(c->data, buf, len);
	if (d->tail != NULL)
		d->tail->next = c;
	else
		d->head = c;
	d->tail = c;
	d->queued += len;
}

static void
conn_close(struct conn *c)
{
	struct chunk *k, *n;
	int	      i;

	fprintf(logfp,
	    "close %u %d turns=%u up=%llu down=%llu ms=%llu srv_us=%llu\n",
	    c->id, c->lport, c->turns, (unsigned long long)c->d[UP].bytes,
	    (unsigned long long)c->d[DOWN].bytes,
	    (unsigned long long)((now_us() - c->t0) / 1000u),
	    (unsigned long long)c->srv_us);
	fflush(logfp);
	for (i = 0; i < 2; i++)
		for (k = c->d[i].head; k != NULL; k = n) {
			n = k->next;
			free(k);
		}
	close(c->cfd);
	if (c->sfd != -1)
		close(c->sfd);
	memset(c, 0, sizeof *c);
}

static void
accept_on(int lfd, int lport, int tport)
{
	struct conn *c = NULL;
	int	     fd, i;

	while ((fd = accept(lfd, NULL, NULL)) != -1) {
		for (i = 0; i < MAXCONN; i++)
			if (!conns[i].used) {
				c = &conns[i];
				break;
			}
		if (c == NULL) {
			fprintf(stderr, "delay-relay: too many connections\n");
			close(fd);
			continue;
		}
		memset(c, 0, sizeof *c);
		c->used = 1;
		c->id = next_id++;
		c->lport = lport;
		c->tport = tport;
		c->cfd = fd;
		c->sfd = -1;
		c->t0 = now_us();
		c->open_at = c->t0 + (handshake ? 3 * delay_us : 0);
		c->last = UP;
		nonblock(fd);
		nodelay(fd);
		fprintf(logfp, "open %u %d\n", c->id, lport);
		fflush(logfp);
		c = NULL;
	}
}

/* Open the upstream connection (a blocking connect: loopback is instant). */
static int
upstream(struct conn *c)
{
	struct sockaddr_in sa = loopback(c->tport);
	int		   fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		fprintf(stderr, "delay-relay: connect to port %d: %s\n",
		    c->tport, strerror(errno));
		close(fd);
		return (-1);
	}
	nonblock(fd);
	nodelay(fd);
	c->sfd = fd;
	c->asked_at = now_us(); /* a greeting is owed from now */
	c->asked = 1;
	return (0);
}

/* Read what one side has; returns -1 when the connection must go. */
static int
read_side(struct conn *c, int which, uint64_t now)
{
	char	    buf[CHUNK];
	int	    fd = which == UP ? c->cfd : c->sfd;
	struct dir *d = &c->d[which];
	uint64_t    due = now + delay_us;
	ssize_t	    n;

	if (which == UP && due < c->open_at)
		due = c->open_at; /* not before the server "accepts" */
	n = read(fd, buf, sizeof buf);
	if (n > 0) {
		if (which == DOWN && c->last == UP)
			c->turns++;
		if (which == DOWN && c->asked) {
			c->srv_us += now - c->asked_at;
			c->asked = 0;
		}
		c->last = which;
		d->bytes += (uint64_t)n;
		push(d, buf, (size_t)n, 0, due);
	} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		d->rd_eof = 1;
		push(d, NULL, 0, 1, due);
	}
	return (0);
}

/* Write the due chunks of one direction; -1 when the peer is gone. */
static int
write_side(struct conn *c, int which, uint64_t now, int *want_out)
{
	struct dir   *d = &c->d[which];
	int	      fd = which == UP ? c->sfd : c->cfd;
	struct chunk *k;
	ssize_t	      n;

	*want_out = 0;
	if (fd == -1)
		return (0);
	while ((k = d->head) != NULL && k->due <= now) {
		if (k->eof) {
			(void)shutdown(fd, SHUT_WR);
			d->wr_shut = 1;
		} else {
			n = write(fd, k->data + k->off, k->len - k->off);
			if (n == -1) {
				if (errno == EAGAIN || errno == EINTR) {
					*want_out = 1;
					return (0);
				}
				return (-1);
			}
			k->off += (size_t)n;
			d->queued -= (size_t)n;
			if (which == UP) {
				c->asked_at = now_us();
				c->asked = 1;
			}
			if (k->off < k->len) {
				*want_out = 1;
				return (0);
			}
		}
		d->head = k->next;
		if (d->head == NULL)
			d->tail = NULL;
		free(k);
	}
	return (0);
}

static void
usage(void)
{
	fputs("usage: delay-relay [-d MS] [-H 0|1] [-l LOG] [-r READY] LPORT:TPORT ...\n",
	    stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	int	    lfd[MAXLISTEN], lport[MAXLISTEN], tport[MAXLISTEN], nl = 0;
	const char *ready = NULL;
	struct pollfd	 pfd[MAXLISTEN + 2 * MAXCONN];
	int		 slot[MAXLISTEN + 2 * MAXCONN]; /* conn index, or -1 */
	struct sigaction sa;
	int		 ch, i;

	logfp = stderr;
	while ((ch = getopt(argc, argv, "d:H:l:r:")) != -1) {
		switch (ch) {
		case 'd':
			delay_us = (uint64_t)(strtod(optarg, NULL) * 1000.0);
			break;
		case 'H':
			handshake = atoi(optarg) != 0;
			break;
		case 'l':
			if ((logfp = fopen(optarg, "a")) == NULL) {
				perror(optarg);
				return (1);
			}
			break;
		case 'r':
			ready = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > MAXLISTEN)
		usage();

	(void)prctl(PR_SET_TIMERSLACK, 1UL); /* wake on time, not 50 us late */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	for (i = 0; i < argc; i++) {
		if (sscanf(argv[i], "%d:%d", &lport[nl], &tport[nl]) != 2)
			usage();
		if ((lfd[nl] = listen_on(lport[nl])) == -1) {
			fprintf(stderr,
			    "delay-relay: listen on 127.0.0.1:%d: %s\n",
			    lport[nl], strerror(errno));
			return (1);
		}
		fprintf(logfp, "listen %d %d\n", lport[nl], tport[nl]);
		nl++;
	}
	fflush(logfp);
	if (ready != NULL) {
		FILE *f = fopen(ready, "w");

		if (f == NULL) {
			perror(ready);
			return (1);
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}

	while (!stop) {
		uint64_t now = now_us(), next = UINT64_MAX;
		struct timespec ts, *timeout;
		int		n = 0, rc;

		/* Due work first: open upstreams, write due chunks, reap. */
		for (i = 0; i < MAXCONN; i++) {
			struct conn *c = &conns[i];
			int	     out[2] = { 0, 0 }, w;

			if (!c->used)
				continue;
			if (c->sfd == -1) {
				if (c->open_at <= now) {
					if (upstream(c) == -1) {
						conn_close(c);
						continue;
					}
				} else if (c->open_at < next)
					next = c->open_at;
			}
			if (write_side(c, UP, now, &out[UP]) == -1 ||
			    write_side(c, DOWN, now, &out[DOWN]) == -1) {
				conn_close(c);
				continue;
			}
			if (c->d[UP].wr_shut && c->d[DOWN].wr_shut) {
				conn_close(c);
				continue;
			}
			for (w = 0; w < 2; w++) {
				struct chunk *k = c->d[w].head;

				if (k != NULL && !out[w] && k->due < next)
					next = k->due;
			}
			/* client side: read for UP, write for DOWN */
			pfd[n].fd = c->cfd;
			pfd[n].events = 0;
			if (!c->d[UP].rd_eof &&
			    c->d[UP].queued < BACKLOG_BYTES)
				pfd[n].events |= POLLIN;
			if (out[DOWN])
				pfd[n].events |= POLLOUT;
			if (pfd[n].events == 0)
				pfd[n].fd =
				    -1; /* nothing wanted: no HUP spin */
			slot[n++] = i;
			if (c->sfd != -1) {
				pfd[n].fd = c->sfd;
				pfd[n].events = 0;
				if (!c->d[DOWN].rd_eof &&
				    c->d[DOWN].queued < BACKLOG_BYTES)
					pfd[n].events |= POLLIN;
				if (out[UP])
					pfd[n].events |= POLLOUT;
				if (pfd[n].events == 0)
					pfd[n].fd = -1;
				slot[n++] = i;
			}
		}
		for (i = 0; i < nl; i++) {
			pfd[n].fd = lfd[i];
			pfd[n].events = POLLIN;
			slot[n++] = -1 - i;
		}
		timeout = NULL;
		if (next != UINT64_MAX) {
			now = now_us();
			next = next <= now ? 0 : next - now;
			ts.tv_sec = (time_t)(next / 1000000u);
			ts.tv_nsec = (long)(next % 1000000u) * 1000;
			timeout = &ts;
		}
		rc = ppoll(pfd, (nfds_t)n, timeout, NULL);
		if (rc == -1) {
			if (errno == EINTR)
				continue;
			perror("delay-relay: poll");
			return (1);
		}
		now = now_us();
		for (i = 0; i < n; i++) {
			struct conn *c;

			if (pfd[i].revents == 0)
				continue;
			if (slot[i] < 0) {
				int l = -1 - slot[i];

				accept_on(lfd[l], lport[l], tport[l]);
				continue;
			}
			c = &conns[slot[i]];
			if (!c->used)
				continue;
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pfd[i].fd == c->cfd && !c->d[UP].rd_eof &&
			    (pfd[i].events & POLLIN))
				read_side(c, UP, now);
			else if (pfd[i].fd == c->sfd && !c->d[DOWN].rd_eof &&
			    (pfd[i].events & POLLIN))
				read_side(c, DOWN, now);
		}
	}
	for (i = 0; i < MAXCONN; i++)
		if (conns[i].used)
			conn_close(&conns[i]);
	if (ready != NULL)
		unlink(ready);
	return (0);
}
