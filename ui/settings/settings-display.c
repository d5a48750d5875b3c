/*
 * settings-display.c -- what the Settings screen shows for a field: the
 * policy's documented value for a locked one, the TLS mode that follows
 * the port, the value, or what leaving it out means (the policy's or the
 * built-in default).  No curses.
 */
#include <stdio.h>
#include <string.h>

#include "settings/settings-model.h"

const char *
settings_model_tls_text(const struct settings_model *m)
{
	switch (policy_port_tls(m->pol, settings_model_port(m))) {
	case TLS_IMPLICIT:
		return ("SSL/TLS");
	case TLS_STARTTLS:
		return ("STARTTLS");
	default:
		return ("none");
	}
}

static int
display_locked(const struct settings_model *m, const struct sfield *f,
    char *buf, size_t len)
{
	const struct policy *pol = m->pol;

	if (strcmp(f->key, "smtp.host") == 0)
		snprintf(buf, len, "%s", pol->smtp_host);
	else if (strcmp(f->key, "smtp.tls") == 0)
		snprintf(buf, len, "%s", settings_model_tls_text(m));
	else if (strcmp(f->key, "smtp.auth") == 0)
		snprintf(buf, len, "%s",
		    pol->auth == AUTH_NONE ? "none" : "password");
	else if (strcmp(f->key, "imap.host") == 0)
		snprintf(buf, len, "%s", pol->imap_host);
	else
		snprintf(buf, len, "%d (%s)", pol->imap_port,
		    pol->imap_tls == TLS_STARTTLS ? "STARTTLS" : "SSL/TLS");
	return (f->value == NULL);
}

/* What a field left out means. */
static const char *
default_text(const struct settings_model *m, const struct sfield *f, char *buf,
    size_t len)
{
	if (strcmp(f->key, "policy") == 0)
		snprintf(buf, len, "%s", POLICY_DEFAULT);
	else if (strcmp(f->key, "smtp.port") == 0)
		snprintf(buf, len, "%d", settings_model_port(m));
	else if (strcmp(f->key, "imap.sent_copy") == 0 ||
	    strcmp(f->key, "ui.plain") == 0)
		snprintf(buf, len, "no");
	else if (strcmp(f->key, "imap.sent_bcc") == 0 ||
	    strcmp(f->key, "queue.runner") == 0 ||
	    strcmp(f->key, "send.confirm") == 0)
		snprintf(buf, len, "yes");
	else if (strcmp(f->key, "keymap") == 0)
		snprintf(buf, len, "default");
	else if (strcmp(f->key, "imap.sent_folder") == 0)
		snprintf(buf, len, "(the server's Sent folder)");
	else if (strcmp(f->key, "timeout.connect") == 0)
		snprintf(buf, len, "%d", CONFIG_TIMEOUT_CONNECT);
	else if (strcmp(f->key, "timeout.reply") == 0)
		snprintf(buf, len, "%d", CONFIG_TIMEOUT_REPLY);
	else if (strcmp(f->key, "send.delay") == 0)
		snprintf(buf, len, "%d", CONFIG_SEND_DELAY);
	else if (strcmp(f->key, "send.max_size") == 0)
		snprintf(buf, len, "%d MB", CONFIG_SEND_MAX_SIZE);
	else if (strcmp(f->key, "editor") == 0)
		snprintf(buf, len, "builtin (external: $VISUAL/$EDITOR)");
	else
		buf[0] = '\0';
	return (buf);
}

int
settings_model_display(const struct settings_model *m, size_t i, char *buf,
    size_t len)
{
	const struct sfield *f = &m->f[i];

	if (len == 0)
		return (0);
	if (f->kind == SF_LOCKED)
		return (display_locked(m, f, buf, len));
	if (f->kind == SF_INFO && m->pol->description != NULL) {
		snprintf(buf, len, "%s (%s)",
		    f->value != NULL ? f->value : m->pol->name,
		    m->pol->description);
		return (f->value == NULL);
	}
	if (f->value != NULL) {
		snprintf(buf, len, "%s", f->value);
		return (0);
	}
	default_text(m, f, buf, len);
	return (1);
}
