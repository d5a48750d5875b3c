/*
 * protocol.c -- the event names of protocol.h, both ways: the agent
 * writes them by enum proto_event, the UI reads them back into it; the
 * environment the agent runs in.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/protocol.h"

#define PROTO_EVENT_NAME(id, name) [PROTO_EV_##id] = name,
static const char *const proto_names[] = { PROTO_EVENTS(PROTO_EVENT_NAME) };
#undef PROTO_EVENT_NAME

const char *
proto_event_name(enum proto_event ev)
{
	if (ev >= PROTO_EV_UNKNOWN)
		return ("");
	return (proto_names[ev]);
}

enum proto_event
proto_event_of(json_t *obj)
{
	const char *name = proto_str(obj, PROTO_F_EV);
	int	    i;

	for (i = 0; i < PROTO_EV_UNKNOWN; i++)
		if (strcmp(proto_names[i], name) == 0)
			return ((enum proto_event)i);
	return (PROTO_EV_UNKNOWN);
}

const char *
proto_str(json_t *obj, const char *field)
{
	const char *s = json_string_value(json_object_get(obj, field));

	return (s != NULL ? s : "");
}

void
proto_agent_environ(void)
{
	if (getenv("GNUTLS_NO_IMPLICIT_INIT") != NULL)
		return;
	setenv("GNUTLS_NO_IMPLICIT_INIT", "1", 1);
	setenv(PROTO_ENV_MARK, "1", 1);
}

void
proto_agent_environ_undo(void)
{
	if (getenv(PROTO_ENV_MARK) == NULL)
		return;
	unsetenv("GNUTLS_NO_IMPLICIT_INIT");
	unsetenv(PROTO_ENV_MARK);
}
