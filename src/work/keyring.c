/*
 * keyring.c -- the Secret Service through libsecret.  The bus is looked
 * for by hand first (DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus)
 * so that a missing bus costs no libsecret call and GLib never tries to
 * autolaunch one through X11.  Each call runs under a deadline: a
 * watchdog thread cancels it.  Items are searched without unlocking, so
 * no unlock prompt is ever raised, and a locked item or collection is
 * told apart from a missing one.  glib stays inside this file.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "work/keyring.h"
#include "work/secret.h"

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#define KEYRING_DEADLINE_MS 5000

const char *
keyring_state_words(enum keyring_state s)
{
	switch (s) {
	case KEYRING_STORED:
		return ("stored");
	case KEYRING_NOT_STORED:
		return ("not stored");
	case KEYRING_LOCKED:
		return ("keyring locked");
	case KEYRING_NO_FILE:
		return ("no keyring file yet");
	case KEYRING_NO_BUS:
		return ("no D-Bus session bus");
	case KEYRING_UNSUPPORTED:
		return ("built without keyring support");
	case KEYRING_ERROR:
		break;
	}
	return ("keyring error");
}

static int
state_err(enum keyring_state *out, enum keyring_state s, struct op_err *err)
{
	if (out != NULL)
		*out = s;
	return (op_err_set(err, OP_ESECRET, "%s", keyring_state_words(s)));
}

#ifndef HAVE_LIBSECRET

int
keyring_usable(enum keyring_state *state, struct op_err *err)
{
	return (state_err(state, KEYRING_UNSUPPORTED, err));
}

enum keyring_state
keyring_lookup(const struct keyring_key *key, char **pw, struct op_err *err)
{
	enum keyring_state s;

	(void)key;
	*pw = NULL;
	state_err(&s, KEYRING_UNSUPPORTED, err);
	return (s);
}

int
keyring_store(const struct keyring_key *key, const char *pw,
    struct op_err *err)
{
	(void)key;
	(void)pw;
	return (state_err(NULL, KEYRING_UNSUPPORTED, err));
}

int
keyring_clear(const struct keyring_key *key, int *removed, struct op_err *err)
{
	(void)key;
	*removed = 0;
	return (state_err(NULL, KEYRING_UNSUPPORTED, err));
}

#else /* HAVE_LIBSECRET */

static const SecretSchema schema = {
	.name = "org.outpost.Password",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = { { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
	    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
	    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
	    { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
	    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
};

/* A D-Bus address for a socket path: bytes outside [-_/.a-zA-Z0-9] %xx. */
static void
bus_address(const char *path, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "unix:path=");

	for (; *path != '\0' && n + 4 < len; path++) {
		if (strchr("-_/.", *path) != NULL ||
		    (*path >= 'a' && *path <= 'z') ||
		    (*path >= 'A' && *path <= 'Z') ||
		    (*path >= '0' && *path <= '9'))
			buf[n++] = *path;
		else
			n += (size_t)snprintf(buf + n, len - n, "%%%02x",
			    (unsigned char)*path);
	}
	buf[n] = '\0';
}

/*
 * Is there a session bus?  With only $XDG_RUNTIME_DIR/bus, its address
 * is exported, so that GLib connects there and never autolaunches.
 */
static int
bus_present(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char	    path[4096], buf[8192];
	struct stat st;

	if (addr != NULL && *addr != '\0')
		return (1);
	if (rt == NULL || *rt == '\0')
		return (0);
	snprintf(path, sizeof path, "%s/bus", rt);
	if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return (0);
	bus_address(path, buf, sizeof buf);
	setenv("DBUS_SESSION_BUS_ADDRESS", buf, 1);
	return (1);
}

int
keyring_usable(enum keyring_state *state, struct op_err *err)
{
	if (!bus_present())
		return (state_err(state, KEYRING_NO_BUS, err));
	return (0);
}

static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer p)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)p;
}

/* Cancels the call in progress when the deadline passes. */
struct watchdog {
	GMutex	      mu;
	GCond	      cond;
	int	      done;
	gint64	      end;
	GCancellable *cancel;
	GThread	     *thread;
};

static gpointer
watchdog_main(gpointer p)
{
	struct watchdog *w = p;

	g_mutex_lock(&w->mu);
	while (!w->done) {
		if (!g_cond_wait_until(&w->cond, &w->mu, w->end)) {
			if (!w->done)
				g_cancellable_cancel(w->cancel);
			break;
		}
	}
	g_mutex_unlock(&w->mu);
	return (NULL);
}

static void
watchdog_start(struct watchdog *w)
{
	g_log_set_default_handler(quiet, NULL);
	memset(w, 0, sizeof *w);
	g_mutex_init(&w->mu);
	g_cond_init(&w->cond);
	w->cancel = g_cancellable_new();
	w->end = g_get_monotonic_time() + KEYRING_DEADLINE_MS * 1000;
	w->thread = g_thread_new("keyring-deadline", watchdog_main, w);
}

static void
watchdog_stop(struct watchdog *w)
{
	g_mutex_lock(&w->mu);
	w->done = 1;
	g_cond_signal(&w->cond);
	g_mutex_unlock(&w->mu);
	g_thread_join(w->thread);
	g_object_unref(w->cancel);
	g_cond_clear(&w->cond);
	g_mutex_clear(&w->mu);
}

/* A GError in plain words; the state it means. */
static enum keyring_state
from_error(GError *e, struct op_err *err)
{
	enum keyring_state s = KEYRING_ERROR;

	if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		op_err_set(err, OP_ESECRET,
		    "the keyring did not answer within %d s",
		    KEYRING_DEADLINE_MS / 1000);
	else if (g_error_matches(e, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
		state_err(&s, KEYRING_LOCKED, err);
	else if (g_error_matches(e, G_DBUS_ERROR,
		     G_DBUS_ERROR_SERVICE_UNKNOWN) ||
	    g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
		op_err_set(err, OP_ESECRET,
		    "no Secret Service on the session bus (is gnome-keyring installed?)");
	else if (e->domain == G_DBUS_ERROR &&
	    e->code != G_DBUS_ERROR_TIMEOUT &&
	    e->code != G_DBUS_ERROR_NO_REPLY)
		state_err(&s, KEYRING_NO_FILE, err);
	else
		op_err_set(err, OP_ESECRET, "keyring: %s", e->message);
	g_error_free(e);
	return (s);
}

static SecretService *
service_get(struct watchdog *w, enum keyring_state *s, struct op_err *err)
{
	SecretService *svc;
	GError	      *e = NULL;

	if (!bus_present()) {
		state_err(s, KEYRING_NO_BUS, err);
		return (NULL);
	}
	svc = secret_service_get_sync(SECRET_SERVICE_NONE, w->cancel, &e);
	if (svc == NULL)
		*s = e != NULL ?
		    from_error(e, err) :
		    (op_err_set(err, OP_ESECRET, "no keyring"), KEYRING_ERROR);
	return (svc);
}

/* The default collection's state: not stored (unlocked), locked, none. */
static enum keyring_state
collection_state(SecretService *svc, struct watchdog *w, struct op_err *err)
{
	SecretCollection  *c;
	GError		  *e = NULL;
	enum keyring_state s;

	c = secret_collection_for_alias_sync(svc, SECRET_COLLECTION_DEFAULT,
	    SECRET_COLLECTION_NONE, w->cancel, &e);
	if (c == NULL) {
		if (e != NULL)
			return (from_error(e, err));
		state_err(&s, KEYRING_NO_FILE, err);
		return (s);
	}
	s = secret_collection_get_locked(c) ? KEYRING_LOCKED :
					      KEYRING_NOT_STORED;
	g_object_unref(c);
	if (s == KEYRING_LOCKED)
		state_err(NULL, s, err);
	return (s);
}

static GHashTable *
attributes(const struct keyring_key *key)
{
	GHashTable *a;

	a = secret_attributes_build(&schema, "host", key->host, "port",
	    key->port, "user", key->user != NULL ? key->user : "", "protocol",
	    key->protocol, NULL);
	if (key->account != NULL)
		g_hash_table_insert(a, g_strdup("account"),
		    g_strdup(key->account));
	return (a);
}

/*
 * A search matches the items that have the attributes asked, and maybe
 * more: the default account's entry is only the one without "account".
 */
static int
item_of(SecretItem *item, const struct keyring_key *key)
{
	GHashTable *a = secret_item_get_attributes(item);
	const char *acct = g_hash_table_lookup(a, "account");
	int	    mine;

	mine = key->account != NULL ?
	    acct != NULL && strcmp(acct, key->account) == 0 :
	    acct == NULL;
	g_hash_table_unref(a);
	return (mine);
}

/* The password of the first unlocked item; LOCKED if all are locked. */
static enum keyring_state
pick_item(GList *items, const struct keyring_key *key, char **pw,
    struct op_err *err)
{
	SecretValue *v;
	const char  *text;
	gsize	     len;
	GList	    *l;
	int	     locked = 0;

	for (l = items; l != NULL; l = l->next) {
		if (!item_of(l->data, key))
			continue;
		if (secret_item_get_locked(l->data)) {
			locked = 1;
			continue;
		}
		if ((v = secret_item_get_secret(l->data)) == NULL)
			continue;
		text = secret_value_get(v, &len);
		if (len > 0 && memchr(text, '\0', len) == NULL) {
			*pw = secret_alloc(len + 1);
			memcpy(*pw, text, len);
			(*pw)[len] = '\0';
		}
		secret_value_unref(v);
		if (*pw != NULL)
			return (KEYRING_STORED);
	}
	if (locked)
		return (state_err(NULL, KEYRING_LOCKED, err), KEYRING_LOCKED);
	return (KEYRING_NOT_STORED);
}

enum keyring_state
keyring_lookup(const struct keyring_key *key, char **pw, struct op_err *err)
{
	struct watchdog	   w;
	SecretService	  *svc;
	GHashTable	  *attrs;
	GList		  *items;
	GError		  *e = NULL;
	enum keyring_state s;

	*pw = NULL;
	watchdog_start(&w);
	if ((svc = service_get(&w, &s, err)) == NULL)
		goto out;
	attrs = attributes(key);
	items = secret_service_search_sync(svc, &schema, attrs,
	    SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS, w.cancel, &e);
	g_hash_table_unref(attrs);
	if (e != NULL)
		s = from_error(e, err);
	else if ((s = pick_item(items, key, pw, err)) == KEYRING_NOT_STORED &&
	    (s = collection_state(svc, &w, err)) == KEYRING_NOT_STORED)
		state_err(NULL, s, err);
	g_list_free_full(items, g_object_unref);
	g_object_unref(svc);
out:
	watchdog_stop(&w);
	return (s);
}

int
keyring_store(const struct keyring_key *key, const char *pw,
    struct op_err *err)
{
	struct watchdog	   w;
	SecretService	  *svc;
	SecretValue	  *v;
	GHashTable	  *attrs;
	GError		  *e = NULL;
	enum keyring_state s;
	char		   label[512];
	int		   rc = -1;

	watchdog_start(&w);
	if ((svc = service_get(&w, &s, err)) == NULL)
		goto out;
	if (collection_state(svc, &w, err) == KEYRING_NOT_STORED) {
		snprintf(label, sizeof label,
		    "outpost: %s password for %s at %s%s%s", key->protocol,
		    key->user != NULL ? key->user : "", key->host,
		    key->account != NULL ? ", account " : "",
		    key->account != NULL ? key->account : "");
		attrs = attributes(key);
		v = secret_value_new(pw, -1, "text/plain");
		if (secret_service_store_sync(svc, &schema, attrs,
			SECRET_COLLECTION_DEFAULT, label, v, w.cancel, &e))
			rc = 0;
		else if (e != NULL)
			from_error(e, err);
		else
			op_err_set(err, OP_ESECRET, "the keyring refused it");
		secret_value_unref(v);
		g_hash_table_unref(attrs);
	}
	g_object_unref(svc);
out:
	watchdog_stop(&w);
	return (rc);
}

/*
 * Delete the account's own items among those found: a search by the
 * default's attributes finds every account's items with the same server,
 * port and user, and only the one without "account" is the default's.
 */
static int
delete_items(GList *items, const struct keyring_key *key, struct watchdog *w,
    int *removed, struct op_err *err)
{
	GError *e = NULL;
	GList  *l;

	for (l = items; l != NULL; l = l->next) {
		if (!item_of(l->data, key))
			continue;
		if (!secret_item_delete_sync(l->data, w->cancel, &e)) {
			if (e != NULL)
				from_error(e, err);
			else
				op_err_set(err, OP_ESECRET,
				    "the keyring refused to remove it");
			return (-1);
		}
		(*removed)++;
	}
	return (0);
}

int
keyring_clear(const struct keyring_key *key, int *removed, struct op_err *err)
{
	struct watchdog	   w;
	SecretService	  *svc;
	GHashTable	  *attrs;
	GList		  *items;
	GError		  *e = NULL;
	enum keyring_state s;
	int		   rc = -1;

	*removed = 0;
	watchdog_start(&w);
	if ((svc = service_get(&w, &s, err)) == NULL)
		goto out;
	if (collection_state(svc, &w, err) == KEYRING_NOT_STORED) {
		attrs = attributes(key);
		items = secret_service_search_sync(svc, &schema, attrs,
		    SECRET_SEARCH_ALL, w.cancel, &e);
		g_hash_table_unref(attrs);
		if (e != NULL)
			from_error(e, err);
		else
			rc = delete_items(items, key, &w, removed, err);
		g_list_free_full(items, g_object_unref);
	}
	g_object_unref(svc);
out:
	watchdog_stop(&w);
	return (rc);
}

#endif /* HAVE_LIBSECRET */
