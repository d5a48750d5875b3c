/*
 * fuzz-policy.c -- libFuzzer target: the policy parser, then a check of
 * a fixed config against whatever policy parsed.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conf/config.h"
#include "conf/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char text[] =
	    "address = ada@umich.edu\n"
	    "username = Ada@x\nsmtp.port = 587\nsmtp.tls = implicit\n"
	    "smtp.b.host = h\n";
	struct op_err	  err = { 0 };
	struct config	  cfg;
	struct policy	  pol;
	struct violations vs;
	char		  ports[256];

	if (policy_parse("fuzz", (const char *)data, size, &pol, &err) != 0)
		return (0);
	if (config_parse("cfg", text, strlen(text), &cfg, &err) == 0) {
		policy_check(&cfg, &pol, &vs);
		violations_free(&vs);
		config_free(&cfg);
	}
	policy_ports_text(&pol, ports, sizeof ports);
	policy_free(&pol);
	return (0);
}
