/* message.c -- placeholder until the module lands. */
typedef int message_placeholder_t;
