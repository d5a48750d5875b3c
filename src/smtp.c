/* smtp.c -- placeholder until the module lands. */
typedef int smtp_placeholder_t;
