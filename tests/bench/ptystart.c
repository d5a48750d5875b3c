/*
 * tests/bench/ptystart.c -- the terminal harness of `make bench` (issue 9,
 * items 1, 2 and 5).  Runs a program in a pseudo-terminal of a given size
 * and measures:
 *
 *  - start-up: the wall time (CLOCK_MONOTONIC, from just before the fork)
 *    to the last byte of the program's first screen, and its peak RSS
 *    (wait4's ru_maxrss) at that point.  The first screen is over when the
 *    output has been quiet for -q ms (50) after the first bytes, or after
 *    the -m marker string once it has appeared; the time is that of the
 *    last byte before the quiet, not of the end of the quiet; and the CPU
 *    time (user + system, wait4's rusage) it used until it was killed;
 *  - typing (-T FILE): after the first screen, optional -k keys (then
 *    quiet again), it types FILE one byte every -i microseconds (2000) and
 *    then waits for -e ms (300) of quiet; it counts the bytes the program
 *    wrote to the terminal from the first typed key on;
 *  - without a terminal (-n): runs the command to its end (stdin from -I
 *    FILE) and reports its wall time, peak RSS and exit status.
 *
 * The program is then killed with SIGKILL (not in -n mode) and reaped with
 * wait4.  Output: one line of "name=value" pairs on stdout.  Exit status 0;
 * 3 the program exited before its first screen; 4 a time limit (-t ms,
 * 10000) passed; 2 usage or system errors.
 */

#define _GNU_SOURCE /* memmem */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct opts {
	int	    rows, cols, quiet_ms, end_quiet_ms, timeout_ms;
	long	    interval_us;
	const char *marker, *text_file, *keys, *stdin_file, *dump_file;
	int	    no_tty;
	char	  **argv;
};

struct run {
	int    master;
	pid_t  pid;
	double t0, last_byte;
	size_t total;
	int    status;
	double cpu_ms;
	char   tail[256];
	size_t tail_len;
	int    marker_seen;
	FILE  *dump;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ptystart [-r rows] [-c cols] [-q quiet_ms] [-m marker] [-t timeout_ms]\n"
	    "                [-k keys] [-T text_file [-i interval_us] [-e end_quiet_ms]] [-o dump_file] -- command [arg ...]\n"
	    "       ptystart -n [-I stdin_file] -- command [arg ...]\n");
	exit(2);
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->rows = 24;
	o->cols = 80;
	o->quiet_ms = 50;
	o->end_quiet_ms = 300;
	o->timeout_ms = 10000;
	o->interval_us = 2000;
	while ((c = getopt(argc, argv, "r:c:q:m:t:k:T:i:e:o:nI:")) != -1) {
		switch (c) {
		case 'r':
			o->rows = atoi(optarg);
			break;
		case 'c':
			o->cols = atoi(optarg);
			break;
		case 'q':
			o->quiet_ms = atoi(optarg);
			break;
		case 'm':
			o->marker = optarg;
			break;
		case 't':
			o->timeout_ms = atoi(optarg);
			break;
		case 'k':
			o->keys = optarg;
			break;
		case 'T':
			o->text_file = optarg;
			break;
		case 'i':
			o->interval_us = atol(optarg);
			break;
		case 'e':
			o->end_quiet_ms = atoi(optarg);
			break;
		case 'o':
			o->dump_file = optarg;
			break;
		case 'n':
			o->no_tty = 1;
			break;
		case 'I':
			o->stdin_file = optarg;
			break;
		default:
			usage();
		}
	}
	if (o->marker != NULL && *o->marker == '\0')
		o->marker = NULL;
	if (optind >= argc || (o->marker && strlen(o->marker) >= 128))
		usage();
	o->argv = argv + optind;
}

/* Remember whether the marker has appeared, across reads. */
static void
scan_marker(struct run *r, const char *marker, const char *buf, size_t n)
{
	size_t keep, mlen = strlen(marker);

	while (n > 0 && !r->marker_seen) {
		keep = sizeof(r->tail) - 1 - r->tail_len;
		if (keep > n)
			keep = n;
		memcpy(r->tail + r->tail_len, buf, keep);
		r->tail_len += keep;
		r->tail[r->tail_len] = '\0';
		buf += keep;
		n -= keep;
		if (memmem(r->tail, r->tail_len, marker, mlen) != NULL)
			r->marker_seen = 1;
		else if (r->tail_len >= mlen) {
			memmove(r->tail, r->tail + r->tail_len - (mlen - 1),
			    mlen - 1);
			r->tail_len = mlen - 1;
		}
	}
}

/*
 * Wait up to wait_ms for output and read what there is.  Returns the bytes
 * read (0 on a timeout), -1 once the program has gone (EOF or EIO).
 */
static ssize_t
pump(struct run *r, const struct opts *o, double wait_ms)
{
	struct pollfd pfd = { r->master, POLLIN, 0 };
	char	      buf[65536];
	ssize_t	      n;
	int	      rc;

	if (wait_ms < 0)
		wait_ms = 0;
	rc = poll(&pfd, 1, (int)(wait_ms + 0.999));
	if (rc < 0 && errno == EINTR)
		return (0);
	if (rc <= 0)
		return (0);
	n = read(r->master, buf, sizeof(buf));
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return (0);
		return (-1);
	}
	r->last_byte = now_ms();
	r->total += n;
	if (o->marker != NULL)
		scan_marker(r, o->marker, buf, n);
	if (r->dump != NULL)
		fwrite(buf, 1, n, r->dump);
	return (n);
}

/*
 * Read until the output has been quiet for quiet_ms after there was some
 * (and the marker, when there is one, has appeared).  Returns 0, 3 when
 * the program went away first, 4 on the time limit.
 */
static int
settle(struct run *r, const struct opts *o, int quiet_ms, size_t since)
{
	double deadline = now_ms() + o->timeout_ms, t;
	int    ready;

	for (;;) {
		t = now_ms();
		if (t > deadline)
			return (4);
		ready = r->total > since &&
		    (o->marker == NULL || r->marker_seen);
		if (ready && t - r->last_byte >= quiet_ms)
			return (0);
		if (pump(r, o, ready ? r->last_byte + quiet_ms - t : 50) < 0)
			return (3);
	}
}

/* -k: C-like escapes \r \n \t \e \\ and \xHH. */
static size_t
unescape(const char *s, char *out)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			out[n++] = *s;
			continue;
		}
		switch (*++s) {
		case 'r':
			out[n++] = '\r';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case 'e':
			out[n++] = '\033';
			break;
		case 'x':
			out[n++] = (char)strtol((char[]){ s[1], s[2], 0 },
			    NULL, 16);
			s += 2;
			break;
		default:
			out[n++] = *s;
			break;
		}
	}
	return (n);
}

/* Type buf at a steady pace, reading the output between keys. */
static int
type_steadily(struct run *r, const struct opts *o, const char *buf, size_t n)
{
	double start = now_ms(), next;
	size_t i;

	for (i = 0; i < n; i++) {
		next = start + i * (o->interval_us / 1e3);
		while (now_ms() < next)
			if (pump(r, o, next - now_ms()) < 0)
				return (3);
		if (write(r->master, buf + i, 1) != 1)
			return (3);
	}
	return (0);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long  n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		return (NULL);
	rewind(f);
	if ((buf = malloc(n + 1)) == NULL || fread(buf, 1, n, f) != (size_t)n)
		return (NULL);
	fclose(f);
	*len = n;
	return (buf);
}

static long
reap(struct run *r, int kill_it)
{
	struct rusage ru;

	if (kill_it)
		kill(r->pid, SIGKILL);
	while (wait4(r->pid, &r->status, 0, &ru) < 0)
		if (errno != EINTR)
			return (-1);
	r->cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return (ru.ru_maxrss);
}

static int
run_no_tty(const struct opts *o)
{
	struct run r;
	long	   rss;
	int	   fd;

	memset(&r, 0, sizeof(r));
	r.t0 = now_ms();
	if ((r.pid = fork()) < 0)
		return (2);
	if (r.pid == 0) {
		if (o->stdin_file != NULL) {
			if ((fd = open(o->stdin_file, O_RDONLY)) < 0)
				_exit(126);
			dup2(fd, 0);
			close(fd);
		}
		execvp(o->argv[0], o->argv);
		_exit(127);
	}
	rss = reap(&r, 0);
	printf("wall_ms=%.3f rss_kb=%ld cpu_ms=%.3f status=%d\n",
	    now_ms() - r.t0, rss, r.cpu_ms,
	    WIFEXITED(r.status) ? WEXITSTATUS(r.status) :
				  128 + WTERMSIG(r.status));
	return (0);
}

static int
start_in_pty(struct run *r, const struct opts *o)
{
	struct winsize ws = { 0 };

	ws.ws_row = o->rows;
	ws.ws_col = o->cols;
	r->t0 = now_ms();
	r->pid = forkpty(&r->master, NULL, NULL, &ws);
	if (r->pid < 0)
		return (-1);
	if (r->pid == 0) {
		execvp(o->argv[0], o->argv);
		_exit(127);
	}
	return (0);
}

static int
measure_typing(struct run *r, const struct opts *o, size_t *typed,
    size_t *bytes)
{
	char  *text, keys[1024];
	size_t len, before;
	int    rc;

	if ((text = slurp(o->text_file, &len)) == NULL)
		return (2);
	if (o->keys != NULL && strlen(o->keys) < sizeof(keys)) {
		before = r->total;
		if (write(r->master, keys, unescape(o->keys, keys)) < 0)
			return (3);
		if ((rc = settle(r, o, o->quiet_ms, before)) != 0)
			return (rc);
	}
	before = r->total;
	if ((rc = type_steadily(r, o, text, len)) != 0)
		return (rc);
	rc = settle(r, o, o->end_quiet_ms, before);
	*typed = len;
	*bytes = r->total - before;
	free(text);
	return (rc);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct run  r;
	double	    ready;
	size_t	    typed = 0, bytes = 0, first;
	long	    rss;
	int	    rc;

	parse_opts(argc, argv, &o);
	signal(SIGPIPE, SIG_IGN);
	if (o.no_tty)
		return (run_no_tty(&o));
	memset(&r, 0, sizeof(r));
	if (o.dump_file != NULL && (r.dump = fopen(o.dump_file, "wb")) == NULL)
		return (2);
	if (start_in_pty(&r, &o) != 0)
		return (2);
	rc = settle(&r, &o, o.quiet_ms, 0);
	ready = r.last_byte - r.t0;
	first = r.total;
	if (rc == 0 && o.text_file != NULL) {
		o.marker = NULL;
		rc = measure_typing(&r, &o, &typed, &bytes);
	}
	rss = reap(&r, 1);
	if (r.dump != NULL)
		fclose(r.dump);
	if (rc != 0) {
		printf("error=%s bytes=%zu status=%d\n",
		    rc == 3	? "exited" :
			rc == 4 ? "timeout" :
				  "system",
		    r.total, WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1);
		return (rc);
	}
	printf("start_ms=%.3f rss_kb=%ld cpu_ms=%.3f first_bytes=%zu", ready,
	    rss, r.cpu_ms, first);
	if (o.text_file != NULL)
		printf(" typed=%zu bytes=%zu per_char=%.3f", typed, bytes,
		    typed ? (double)bytes / typed : 0.0);
	printf("\n");
	return (0);
}
