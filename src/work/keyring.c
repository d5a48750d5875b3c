/*
 * keyring.c -- the Secret Service through libsecret.  The bus is looked
 * for by hand first (DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus)
 * so that a missing bus costs no libsecret call and GLib never tries to
 * autolaunch one through X11.  Each call runs under a deadline: a
 * watchdog thread cancels it.  Items are searched without unlocking, so
 * no unlock prompt is ever raised, and a locked item or collection is
 * told apart from a missing one.  glib stays inside this file, and
 * libsecret is loaded (dlopen) only by the first call that needs it.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "work/keyring.h"
#include "work/secret.h"

#ifdef HAVE_LIBSECRET
#include <dlfcn.h>

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

/*
 * libsecret (and GLib under it, 1.3 MB) is loaded on the first call that
 * needs it, not at start: a send that never asks the keyring maps none
 * of it.  KR(f) is f resolved in libsecret-1.so.0 (and its GLib).
 */
#define KEYRING_LIB "libsecret-1.so.0"
#define KEYRING_FUNCS(X)                    \
	X(g_log_set_default_handler)        \
	X(g_mutex_init)                     \
	X(g_mutex_lock)                     \
	X(g_mutex_unlock)                   \
	X(g_mutex_clear)                    \
	X(g_cond_init)                      \
	X(g_cond_signal)                    \
	X(g_cond_wait_until)                \
	X(g_cond_clear)                     \
	X(g_cancellable_new)                \
	X(g_cancellable_cancel)             \
	X(g_get_monotonic_time)             \
	X(g_thread_new)                     \
	X(g_thread_join)                    \
	X(g_object_unref)                   \
	X(g_error_matches)                  \
	X(g_error_free)                     \
	X(g_io_error_quark)                 \
	X(g_dbus_error_quark)               \
	X(secret_error_get_quark)           \
	X(secret_service_get_sync)          \
	X(secret_collection_for_alias_sync) \
	X(secret_collection_get_locked)     \
	X(secret_attributes_build)          \
	X(g_hash_table_insert)              \
	X(g_strdup)                         \
	X(secret_item_get_attributes)       \
	X(g_hash_table_lookup)              \
	X(g_hash_table_unref)               \
	X(secret_item_get_locked)           \
	X(secret_item_get_secret)           \
	X(secret_value_get)                 \
	X(secret_value_unref)               \
	X(secret_service_search_sync)       \
	X(g_list_free_full)                 \
	X(secret_value_new)                 \
	X(secret_service_store_sync)        \
	X(secret_item_delete_sync)
#define KEYRING_PTR(f) static __typeof__(f) *kr_##f;
KEYRING_FUNCS(KEYRING_PTR)
#define KR(f)	       (*kr_##f)

/* Resolve every function once; a missing library or symbol is named. */
static int
keyring_load(struct op_err *err)
{
	static int loaded;
	void	  *h, *sym;

	if (loaded)
		return (0);
	if ((h = dlopen(KEYRING_LIB, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return (op_err_set(err, OP_ESECRET,
		    "cannot load the keyring library %s (%s): install the "
		    "package libsecret-1-0",
		    KEYRING_LIB, dlerror()));
#define KEYRING_SYM(f)                                                     \
	if ((sym = dlsym(h, #f)) == NULL)                                  \
		return (op_err_set(err, OP_ESECRET,                        \
		    "the keyring library %s has no %s", KEYRING_LIB, #f)); \
	memcpy(&kr_##f, &sym, sizeof sym);
	KEYRING_FUNCS(KEYRING_SYM)
#undef KEYRING_SYM
	/* Never unloaded: GLib cannot be. */
	loaded = 1;
	return (0);
}

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

	KR(g_mutex_lock)(&w->mu);
	while (!w->done) {
		if (!KR(g_cond_wait_until)(&w->cond, &w->mu, w->end)) {
			if (!w->done)
				KR(g_cancellable_cancel)(w->cancel);
			break;
		}
	}
	KR(g_mutex_unlock)(&w->mu);
	return (NULL);
}

static void
watchdog_start(struct watchdog *w)
{
	KR(g_log_set_default_handler)(quiet, NULL);
	memset(w, 0, sizeof *w);
	KR(g_mutex_init)(&w->mu);
	KR(g_cond_init)(&w->cond);
	w->cancel = KR(g_cancellable_new)();
	w->end = KR(g_get_monotonic_time)() + KEYRING_DEADLINE_MS * 1000;
	w->thread = KR(g_thread_new)("keyring-deadline", watchdog_main, w);
}

static void
watchdog_stop(struct watchdog *w)
{
	KR(g_mutex_lock)(&w->mu);
	w->done = 1;
	KR(g_cond_signal)(&w->cond);
	KR(g_mutex_unlock)(&w->mu);
	KR(g_thread_join)(w->thread);
	KR(g_object_unref)(w->cancel);
	KR(g_cond_clear)(&w->cond);
	KR(g_mutex_clear)(&w->mu);
}

/* A GError in plain words; the state it means. */
static enum keyring_state
from_error(GError *e, struct op_err *err)
{
	enum keyring_state s = KEYRING_ERROR;

	if (KR(g_error_matches)(e, KR(g_io_error_quark)(),
		G_IO_ERROR_CANCELLED))
		op_err_set(err, OP_ESECRET,
		    "the keyring did not answer within %d s",
		    KEYRING_DEADLINE_MS / 1000);
	else if (KR(g_error_matches)(e, KR(secret_error_get_quark)(),
		     SECRET_ERROR_IS_LOCKED))
		state_err(&s, KEYRING_LOCKED, err);
	else if (KR(g_error_matches)(e, KR(g_dbus_error_quark)(),
		     G_DBUS_ERROR_SERVICE_UNKNOWN) ||
	    KR(g_error_matches)(e, KR(g_dbus_error_quark)(),
		G_DBUS_ERROR_NAME_HAS_NO_OWNER))
		op_err_set(err, OP_ESECRET,
		    "no Secret Service on the session bus (is gnome-keyring installed?)");
	else if (e->domain == KR(g_dbus_error_quark)() &&
	    e->code != G_DBUS_ERROR_TIMEOUT &&
	    e->code != G_DBUS_ERROR_NO_REPLY)
		state_err(&s, KEYRING_NO_FILE, err);
	else
		op_err_set(err, OP_ESECRET, "keyring: %s", e->message);
	KR(g_error_free)(e);
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
	svc = KR(secret_service_get_sync)(SECRET_SERVICE_NONE, w->cancel, &e);
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

	c = KR(secret_collection_for_alias_sync)(svc,
	    SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, w->cancel, &e);
	if (c == NULL) {
		if (e != NULL)
			return (from_error(e, err));
		state_err(&s, KEYRING_NO_FILE, err);
		return (s);
	}
	s = KR(secret_collection_get_locked)(c) ? KEYRING_LOCKED :
						  KEYRING_NOT_STORED;
	KR(g_object_unref)(c);
	if (s == KEYRING_LOCKED)
		state_err(NULL, s, err);
	return (s);
}

static GHashTable *
attributes(const struct keyring_key *key)
{
	GHashTable *a;

	a = KR(secret_attributes_build)(&schema, "host", key->host, "port",
	    key->port, "user", key->user != NULL ? key->user : "", "protocol",
	    key->protocol, NULL);
	if (key->account != NULL)
		(void)KR(g_hash_table_insert)(a, KR(g_strdup)("account"),
		    KR(g_strdup)(key->account));
	return (a);
}

/*
 * A search matches the items that have the attributes asked, and maybe
 * more: the default account's entry is only the one without "account".
 */
static int
item_of(SecretItem *item, const struct keyring_key *key)
{
	GHashTable *a = KR(secret_item_get_attributes)(item);
	const char *acct = KR(g_hash_table_lookup)(a, "account");
	int	    mine;

	mine = key->account != NULL ?
	    acct != NULL && strcmp(acct, key->account) == 0 :
	    acct == NULL;
	KR(g_hash_table_unref)(a);
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
		if (KR(secret_item_get_locked)(l->data)) {
			locked = 1;
			continue;
		}
		if ((v = KR(secret_item_get_secret)(l->data)) == NULL)
			continue;
		text = KR(secret_value_get)(v, &len);
		if (len > 0 && memchr(text, '\0', len) == NULL) {
			*pw = secret_alloc(len + 1);
			memcpy(*pw, text, len);
			(*pw)[len] = '\0';
		}
		KR(secret_value_unref)(v);
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
	if (keyring_load(err) != 0)
		return (KEYRING_ERROR);
	watchdog_start(&w);
	if ((svc = service_get(&w, &s, err)) == NULL)
		goto out;
	attrs = attributes(key);
	items = KR(secret_service_search_sync)(svc, &schema, attrs,
	    SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS, w.cancel, &e);
	KR(g_hash_table_unref)(attrs);
	if (e != NULL)
		s = from_error(e, err);
	else if ((s = pick_item(items, key, pw, err)) == KEYRING_NOT_STORED &&
	    (s = collection_state(svc, &w, err)) == KEYRING_NOT_STORED)
		state_err(NULL, s, err);
	KR(g_list_free_full)(items, KR(g_object_unref));
	KR(g_object_unref)(svc);
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

	if (keyring_load(err) != 0)
		return (-1);
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
		v = KR(secret_value_new)(pw, -1, "text/plain");
		if (KR(secret_service_store_sync)(svc, &schema, attrs,
			SECRET_COLLECTION_DEFAULT, label, v, w.cancel, &e))
			rc = 0;
		else if (e != NULL)
			from_error(e, err);
		else
			op_err_set(err, OP_ESECRET, "the keyring refused it");
		KR(secret_value_unref)(v);
		KR(g_hash_table_unref)(attrs);
	}
	KR(g_object_unref)(svc);
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
		if (!KR(secret_item_delete_sync)(l->data, w->cancel, &e)) {
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
	if (keyring_load(err) != 0)
		return (-1);
	watchdog_start(&w);
	if ((svc = service_get(&w, &s, err)) == NULL)
		goto out;
	if (collection_state(svc, &w, err) == KEYRING_NOT_STORED) {
		attrs = attributes(key);
		items = KR(secret_service_search_sync)(svc, &schema, attrs,
		    SECRET_SEARCH_ALL, w.cancel, &e);
		KR(g_hash_table_unref)(attrs);
		if (e != NULL)
			from_error(e, err);
		else
			rc = delete_items(items, key, &w, removed, err);
		KR(g_list_free_full)(items, KR(g_object_unref));
	}
	KR(g_object_unref)(svc);
out:
	watchdog_stop(&w);
	return (rc);
}

#endif /* HAVE_LIBSECRET */
