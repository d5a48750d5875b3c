/* tls.c -- placeholder until the module lands. */
typedef int tls_placeholder_t;
