/*
 * fuzz-config.c -- libFuzzer target: the config parser and the policy
 * check must neither crash nor leak on any input.
 */
#include <stddef.h>
#include <stdint.h>

#include "conf/config.h"
#include "conf/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy pol;
	static int	     loaded;
	struct op_err	     err = { 0 };
	struct config	     cfg;
	struct violations    vs;
	struct effective     eff;

	if (!loaded && policy_load("umich", &pol, &err) == 0)
		loaded = 1;
	if (config_parse("fuzz", (const char *)data, size, &cfg, &err) != 0)
		return (0);
	if (loaded) {
		policy_check(&cfg, &pol, &vs);
		violations_free(&vs);
		policy_effective(&cfg, &pol, &eff);
	}
	config_free(&cfg);
	return (0);
}
