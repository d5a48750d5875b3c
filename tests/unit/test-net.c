/*
 * test-net.c -- net_dial_ahead: the connection dialled before the message
 * is queued is the one net_connect() returns, is replaced when the server
 * closed it meanwhile or when it is too old, and is dropped (closed) when
 * the connect goes elsewhere.  Listeners on 127.0.0.1, ports the kernel
 * picks.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "wire/net.h"

#define WAIT_MS 60000 /* what "at once" is allowed on a loaded machine */

static int
listener(int *port)
{
	struct sockaddr_in sa;
	socklen_t	   len = sizeof sa;
	int		   fd;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(fd, 8) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
		perror("listener");
		exit(99);
	}
	*port = ntohs(sa.sin_port);
	return (fd);
}

/* The next connection on l, or -1 if none comes within WAIT_MS. */
static int
next_conn(int l, int wait_ms)
{
	struct pollfd p = { l, POLLIN, 0 };

	if (poll(&p, 1, wait_ms) != 1)
		return (-1);
	return (accept(l, NULL, NULL));
}

/* Is a and b the two ends of one connection?  A byte goes across. */
static int
same_conn(int client, int server)
{
	struct pollfd p = { client, POLLIN, 0 };
	char	      c = 0;

	if (write(server, "x", 1) != 1 || poll(&p, 1, WAIT_MS) != 1)
		return (0);
	return (read(client, &c, 1) == 1 && c == 'x');
}

/* The server's end sees the client close: EOF, within WAIT_MS. */
static int
closed_by_client(int server)
{
	struct pollfd p = { server, POLLIN, 0 };
	char	      c;

	return (poll(&p, 1, WAIT_MS) == 1 && read(server, &c, 1) == 0);
}

static void
test_taken(void)
{
	struct op_err err = { 0 };
	int	      l, port, early, fd = -1;

	l = listener(&port);
	net_dial_ahead("127.0.0.1", port, 10, 30000);
	/* Dialled before any net_connect: the server sees it now. */
	early = next_conn(l, WAIT_MS);
	tap_ok(early != -1, "dial ahead: connected before net_connect");
	tap_ok(net_connect("127.0.0.1", port, 10, &fd, &err) == 0,
	    "dial ahead: net_connect succeeds (%s)", err.msg);
	tap_ok(fd != -1 && early != -1 && same_conn(fd, early),
	    "dial ahead: net_connect returns that very connection");
	tap_ok(next_conn(l, 0) == -1, "dial ahead: no second connection");
	close(fd);
	close(early);
	close(l);
}

static void
test_closed_meanwhile(void)
{
	struct op_err err = { 0 };
	int	      l, port, early, fd = -1, second;

	l = listener(&port);
	net_dial_ahead("127.0.0.1", port, 10, 30000);
	early = next_conn(l, WAIT_MS);
	close(early); /* an idle time-out on the server's side */
	tap_ok(net_connect("127.0.0.1", port, 10, &fd, &err) == 0,
	    "closed by the server meanwhile: net_connect succeeds (%s)",
	    err.msg);
	second = next_conn(l, WAIT_MS);
	tap_ok(second != -1 && fd != -1 && same_conn(fd, second),
	    "closed by the server meanwhile: a new connection is made");
	close(fd);
	close(second);
	close(l);
}

static void
test_too_old(void)
{
	struct op_err err = { 0 };
	int	      l, port, early, fd = -1, second;

	l = listener(&port);
	net_dial_ahead("127.0.0.1", port, 10, -1); /* already too old */
	early = next_conn(l, WAIT_MS);
	tap_ok(net_connect("127.0.0.1", port, 10, &fd, &err) == 0,
	    "too old: net_connect succeeds (%s)", err.msg);
	second = next_conn(l, WAIT_MS);
	tap_ok(second != -1 && fd != -1 && same_conn(fd, second),
	    "too old: a new connection is made");
	tap_ok(early != -1 && closed_by_client(early),
	    "too old: the one dialled ahead is closed");
	close(fd);
	close(second);
	close(early);
	close(l);
}

static void
test_elsewhere(void)
{
	struct op_err err = { 0 };
	int	      l1, l2, p1, p2, early, fd = -1, other;

	l1 = listener(&p1);
	l2 = listener(&p2);
	net_dial_ahead("127.0.0.1", p1, 10, 30000);
	early = next_conn(l1, WAIT_MS);
	tap_ok(net_connect("127.0.0.1", p2, 10, &fd, &err) == 0,
	    "another port: net_connect succeeds (%s)", err.msg);
	other = next_conn(l2, WAIT_MS);
	tap_ok(other != -1 && fd != -1 && same_conn(fd, other),
	    "another port: connected there");
	tap_ok(early != -1 && closed_by_client(early),
	    "another port: the one dialled ahead is closed");
	close(fd);
	close(other);
	close(early);
	close(l1);
	close(l2);
}

static void
test_drop(void)
{
	int l, port, early;

	l = listener(&port);
	net_dial_ahead("127.0.0.1", port, 10, 30000);
	early = next_conn(l, WAIT_MS);
	net_ahead_drop(); /* not sent now (--queue-only, a hold) */
	tap_ok(early != -1 && closed_by_client(early),
	    "dropped: the connection is closed, nothing sent on it");
	close(early);
	close(l);
}

static void
test_refused(void)
{
	struct op_err err = { 0 };
	int	      l, port, fd = -1;

	l = listener(&port);
	close(l); /* nobody listens there now */
	net_dial_ahead("127.0.0.1", port, 10, 30000);
	tap_ok(net_connect("127.0.0.1", port, 10, &fd, &err) == -1 &&
		err.code == OP_ENET,
	    "refused: net_connect fails as without dialling ahead");
	TAP_CONTAINS(err.msg, "connection refused", "refused: says so");
}

int
main(void)
{
	test_taken();
	test_closed_meanwhile();
	test_too_old();
	test_elsewhere();
	test_drop();
	test_refused();
	net_ahead_drop();
	return (tap_done());
}
