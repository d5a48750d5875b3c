/* address.c -- placeholder until the module lands. */
typedef int address_placeholder_t;
