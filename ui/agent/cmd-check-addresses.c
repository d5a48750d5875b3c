/*
 * cmd-check-addresses.c -- "outpost-agent check-addresses FIELD TEXT":
 * split and validate one header's address list the way sending will,
 * for the composer.  With --events one "addresses" event; otherwise the
 * bare addresses one a line, or the error on stderr.  Exit 0 when the
 * list is good, 65 when it is not, 64 for usage errors.  A bare local
 * part ("alice") is qualified with the account's domain, as sending does.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "base/strutil.h"
#include "mail/address.h"
#include "cli/cmd.h"
#include "conf/config.h"
#include "conf/policy.h"
#include "agent/events.h"

static int
report(const char *field, int ok, const char *error, char **list, size_t n)
{
	json_t *o, *a;
	size_t	i;

	if (!events_active()) {
		if (!ok)
			fprintf(stderr, "outpost check-addresses: %s\n",
			    error);
		for (i = 0; i < n; i++)
			printf("%s\n", list[i]);
		return (ok ? EX_OK : EX_DATAERR);
	}
	o = events_new(PROTO_EV_ADDRESSES);
	events_set_str(o, PROTO_F_FIELD, field);
	json_object_set_new(o, PROTO_F_OK, json_boolean(ok));
	events_set_str(o, PROTO_F_ERROR, error);
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(list[i]));
	json_object_set_new(o, PROTO_F_LIST, a);
	events_emit(o);
	if (ok)
		events_message("%zu address%s", n, n == 1 ? "" : "es");
	else
		events_message("%s", error);
	return (ok ? EX_OK : EX_DATAERR);
}

int
cmd_check_addresses_exec(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct address_list l;
	struct config	    cfg;
	struct policy	    pol;
	struct op_err	    err = { 0 };
	char		  **list = NULL;
	size_t		    n = 0;
	int		    ch, rc;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c') {
			fputs(
			    "usage: outpost-agent check-addresses FIELD TEXT\n",
			    stderr);
			return (EX_USAGE);
		}
		ctx->config_path = optarg;
	}
	if (optind + 2 != argc) {
		fputs("usage: outpost-agent check-addresses FIELD TEXT\n",
		    stderr);
		return (EX_USAGE);
	}
	if ((rc = cmd_load_settings(ctx, &cfg, &pol, 0)) != 0)
		return (rc);
	memset(&l, 0, sizeof l);
	if (address_list_read(argv[optind], argv[optind + 1],
		address_domain_of(cfg.address), &l, &err) != 0)
		rc = report(argv[optind], 0, err.msg, NULL, 0);
	else {
		address_list_addrs(&l, &list, &n);
		rc = report(argv[optind], 1, NULL, list, n);
	}
	str_list_free(list, n);
	address_list_clear(&l);
	policy_free(&pol);
	config_free(&cfg);
	return (rc);
}
