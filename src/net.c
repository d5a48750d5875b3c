/* net.c -- placeholder until the module lands. */
typedef int net_placeholder_t;
