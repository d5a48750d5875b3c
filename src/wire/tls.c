/*
 * tls.c -- the verifying OpenSSL context and the client handshake: SNI,
 * chain, host name or IP (subjectAltNames only), optional SHA-256 pin,
 * all checked before the connection is handed to libetpan (tls-low.c).
 * A refusal says why in plain words, with the certificate's fingerprint.
 *
 * Pin semantics (tls.fingerprint): when a pin is set it decides alone.
 * A certificate whose SHA-256 matches is accepted even if its chain or
 * name would not verify (the pin names that exact certificate, as in
 * msmtp); one that does not match is refused even if it would.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "wire/net.h"
#include "wire/tls.h"
#include "wire/tls-low.h"

struct tls_ctx {
	SSL_CTX *ctx;
};

/* What the verify callback saw, for the verdict and its words. */
struct verify_state {
	const char *pin;
	int	    error;  /* first error, X509_V_OK if none */
	int	    pin_ok; /* 1 match, -1 mismatch, 0 unchecked */
	X509	   *leaf;   /* referenced */
};

static int	   verify_idx = -1;
static CRYPTO_ONCE verify_once = CRYPTO_ONCE_STATIC_INIT;

static void
verify_idx_init(void)
{
	verify_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

/* SHA-256 as lower-case hex (65 bytes) and/or "AB:CD:..." (96 bytes). */
static void
cert_fingerprint(X509 *x, char *hex, char *colons)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	unsigned char	  md[EVP_MAX_MD_SIZE];
	unsigned int	  n, i;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1)
		n = 0;
	for (i = 0; i < n; i++) {
		if (hex != NULL) {
			hex[2 * i] = lower[md[i] >> 4];
			hex[2 * i + 1] = lower[md[i] & 15];
		}
		if (colons != NULL) {
			colons[3 * i] = upper[md[i] >> 4];
			colons[3 * i + 1] = upper[md[i] & 15];
			colons[3 * i + 2] = i + 1 < n ? ':' : '\0';
		}
	}
	if (hex != NULL)
		hex[2 * n] = '\0';
	if (colons != NULL && n == 0)
		colons[0] = '\0';
}

static int
pin_matches(X509 *x, const char *pin)
{
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	cert_fingerprint(x, hex, NULL);
	return (strcmp(hex, pin) == 0);
}

static int
verify_cb(int ok, X509_STORE_CTX *xs)
{
	struct verify_state *vs;
	SSL		    *ssl;
	X509		    *leaf;

	ssl = X509_STORE_CTX_get_ex_data(xs,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	if (ssl == NULL || (vs = SSL_get_ex_data(ssl, verify_idx)) == NULL)
		return (ok);
	leaf = X509_STORE_CTX_get0_cert(xs);
	if (vs->leaf == NULL && leaf != NULL && X509_up_ref(leaf) == 1)
		vs->leaf = leaf;
	if (!ok && vs->error == X509_V_OK)
		vs->error = X509_STORE_CTX_get_error(xs);
	if (vs->pin == NULL)
		return (ok);
	if (vs->pin_ok == 0 && leaf != NULL)
		vs->pin_ok = pin_matches(leaf, vs->pin) ? 1 : -1;
	if (vs->pin_ok == 1)
		return (1);
	X509_STORE_CTX_set_error(xs, X509_V_ERR_APPLICATION_VERIFICATION);
	return (0);
}

/* 1 if dir holds a name such as "3513523f.0" (c_rehash, openssl rehash). */
static int
dir_hashed(const char *dir)
{
	struct dirent *de;
	DIR	      *d;
	size_t	       i;
	int	       found = 0;

	if ((d = opendir(dir)) == NULL)
		return (0);
	while (!found && (de = readdir(d)) != NULL) {
		i = 0;
		while (i < 8 && isxdigit((unsigned char)de->d_name[i]))
			i++;
		found = i == 8 && de->d_name[8] == '.' &&
		    isdigit((unsigned char)de->d_name[9]);
	}
	closedir(d);
	return (found);
}

/*
 * The system's CA certificates, where OpenSSL looks ($SSL_CERT_DIR and
 * $SSL_CERT_FILE, else its defaults: /etc/ssl/certs and the bundle on
 * Debian).  A hashed directory is searched on demand, for the issuers
 * the chain needs (X509_LOOKUP_hash_dir), instead of parsing the whole
 * bundle (about 140 certificates, tens of ms and of MB); the bundle is
 * loaded only when the directory is not hashed.  A list of directories
 * ("a:b") is taken as OpenSSL takes it.
 */
static int
load_system_cas(SSL_CTX *ctx)
{
	const char *dir, *file;

	if ((dir = getenv(X509_get_default_cert_dir_env())) == NULL)
		dir = X509_get_default_cert_dir();
	if ((file = getenv(X509_get_default_cert_file_env())) == NULL)
		file = X509_get_default_cert_file();
	if (strchr(dir, ':') != NULL || dir_hashed(dir))
		return (SSL_CTX_load_verify_locations(ctx, NULL, dir));
	return (SSL_CTX_set_default_verify_paths(ctx));
}

int
tls_ctx_new(const char *ca_file, struct tls_ctx **ctxp, struct op_err *err)
{
	struct tls_ctx *c;
	FILE	       *f;

	CRYPTO_THREAD_run_once(&verify_once, verify_idx_init);
	if (verify_idx == -1)
		return (op_err_set(err, OP_ETLS, "cannot set up OpenSSL"));
	if (ca_file != NULL) {
		if ((f = fopen(ca_file, "r")) == NULL)
			return (op_err_set(err, OP_EIO,
			    "cannot read the CA file %s: %s", ca_file,
			    strerror(errno)));
		fclose(f);
	}
	if ((c = calloc(1, sizeof *c)) == NULL)
		return (op_err_set(err, OP_ENOMEM, "out of memory"));
	if ((c->ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		goto fail;
	if (SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION) != 1)
		goto fail;
	SSL_CTX_set_options(c->ctx,
	    SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
	if (ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(c->ctx, ca_file, NULL) !=
		    1) {
			tls_ctx_free(c);
			ERR_clear_error();
			return (op_err_set(err, OP_ETLS,
			    "the CA file %s holds no usable certificate",
			    ca_file));
		}
	} else if (load_system_cas(c->ctx) != 1)
		goto fail;
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, verify_cb);
	*ctxp = c;
	return (0);
fail:
	tls_ctx_free(c);
	op_err_set(err, OP_ETLS, "cannot set up TLS: %s",
	    ERR_reason_error_string(ERR_peek_last_error()) != NULL ?
		ERR_reason_error_string(ERR_peek_last_error()) :
		"unknown error");
	ERR_clear_error();
	return (-1);
}

void
tls_ctx_free(struct tls_ctx *c)
{
	if (c == NULL)
		return;
	SSL_CTX_free(c->ctx);
	free(c);
}

/* ---- the certificate in words */

/* An IPv4 or IPv6 literal: checked as an IP address, never as a name. */
static int
is_ip(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return (inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1);
}

/* Copy certificate text, printable ASCII only (it is the server's). */
static void
clean_append(char *dst, size_t size, const unsigned char *src, size_t len)
{
	size_t n = strlen(dst), i;

	for (i = 0; i < len && n + 1 < size; i++)
		dst[n++] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[n] = '\0';
}

static void
name_cn(X509_NAME *name, char *buf, size_t size)
{
	X509_NAME_ENTRY *e;
	ASN1_STRING	*s;
	int		 i;

	buf[0] = '\0';
	i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	if (i < 0 || (e = X509_NAME_get_entry(name, i)) == NULL ||
	    (s = X509_NAME_ENTRY_get_data(e)) == NULL)
		return;
	clean_append(buf, size, ASN1_STRING_get0_data(s),
	    (size_t)ASN1_STRING_length(s));
}

static void
san_append(char *buf, size_t size, const GENERAL_NAME *g)
{
	char		     ip[INET6_ADDRSTRLEN];
	const unsigned char *d;
	const char	    *kind;
	int		     len;

	if (g->type == GEN_DNS) {
		kind = "DNS:";
		d = ASN1_STRING_get0_data(g->d.dNSName);
		len = ASN1_STRING_length(g->d.dNSName);
	} else if (g->type == GEN_IPADD) {
		kind = "IP:";
		len = ASN1_STRING_length(g->d.iPAddress);
		if ((len != 4 && len != 16) ||
		    inet_ntop(len == 16 ? AF_INET6 : AF_INET,
			ASN1_STRING_get0_data(g->d.iPAddress), ip,
			sizeof ip) == NULL)
			return;
		d = (const unsigned char *)ip;
		len = (int)strlen(ip);
	} else
		return;
	if (buf[0] != '\0')
		clean_append(buf, size, (const unsigned char *)", ", 2);
	clean_append(buf, size, (const unsigned char *)kind, strlen(kind));
	clean_append(buf, size, d, (size_t)len);
}

static void
cert_names(X509 *x, char *buf, size_t size)
{
	GENERAL_NAMES *gens;
	int	       i;

	buf[0] = '\0';
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (gens == NULL)
		return;
	for (i = 0; i < sk_GENERAL_NAME_num(gens); i++)
		san_append(buf, size, sk_GENERAL_NAME_value(gens, i));
	GENERAL_NAMES_free(gens);
}

static void
cert_time(const ASN1_TIME *t, char *buf, size_t size)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "(unknown date)");
}

static void
peer_fill(struct tls_peer *p, X509 *x, SSL *ssl, int done)
{
	memset(p, 0, sizeof *p);
	if (x != NULL) {
		cert_fingerprint(x, NULL, p->fingerprint);
		name_cn(X509_get_subject_name(x), p->subject,
		    sizeof p->subject);
		cert_names(x, p->names, sizeof p->names);
		name_cn(X509_get_issuer_name(x), p->issuer, sizeof p->issuer);
		if (p->issuer[0] == '\0')
			X509_NAME_oneline(X509_get_issuer_name(x), p->issuer,
			    sizeof p->issuer);
		cert_time(X509_get0_notBefore(x), p->not_before,
		    sizeof p->not_before);
		cert_time(X509_get0_notAfter(x), p->not_after,
		    sizeof p->not_after);
	}
	if (done) {
		snprintf(p->protocol, sizeof p->protocol, "%s",
		    SSL_get_version(ssl));
		snprintf(p->cipher, sizeof p->cipher, "%s",
		    SSL_get_cipher_name(ssl));
	}
}

/*
 * The certificate does not name host: what it is for (its DNS and IP
 * subjectAltNames; the subject's CN is never used) and what was asked.
 */
static void
name_mismatch(char *why, size_t size, X509 *leaf, const struct tls_peer *p,
    const char *host)
{
	const char *asked, *none;
	char	    cn[300] = "";
	int	    ip = is_ip(host);

	asked = ip ? "the IP address" : "the host name";
	if (p->names[0] != '\0') {
		none = ip ? ": it names no IP address" :
			    ": it names no host name";
		snprintf(why, size, "certificate is for %s, not for %s %s%s",
		    p->names, asked, host,
		    strstr(p->names, ip ? "IP:" : "DNS:") == NULL ? none : "");
		return;
	}
	if (p->subject[0] != '\0')
		snprintf(cn, sizeof cn, "; its subject CN=%s does not count",
		    p->subject);
	snprintf(why, size,
	    "the certificate names no host (%s)%s, so it cannot be for %s %s",
	    leaf != NULL &&
		    X509_get_ext_by_NID(leaf, NID_subject_alt_name, -1) < 0 ?
		"no subjectAltName" :
		"no DNS name or IP address in its subjectAltName",
	    cn, asked, host);
}

/* The refusal in plain words; p is filled. */
static int
verify_refuse(const struct verify_state *vs, const struct tls_peer *p,
    const char *host, struct op_err *err)
{
	char why[768];

	switch (vs->pin_ok == -1 ? X509_V_ERR_APPLICATION_VERIFICATION :
				   vs->error) {
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		name_mismatch(why, sizeof why, vs->leaf, p, host);
		break;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		snprintf(why, sizeof why, "certificate expired on %s",
		    p->not_after);
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		snprintf(why, sizeof why,
		    "certificate is not valid before %s (is this computer's clock right?)",
		    p->not_before);
		break;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		snprintf(why, sizeof why,
		    "not signed by a trusted authority (self-signed)");
		break;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		snprintf(why, sizeof why,
		    "not signed by a trusted authority (its chain ends in an untrusted self-signed root)");
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_UNTRUSTED:
		snprintf(why, sizeof why,
		    "not signed by a trusted authority (issued by \"%s\")",
		    p->issuer);
		break;
	case X509_V_ERR_APPLICATION_VERIFICATION:
		snprintf(why, sizeof why,
		    "certificate does not match the pinned fingerprint (tls.fingerprint)");
		break;
	default:
		snprintf(why, sizeof why, "certificate refused: %s",
		    X509_verify_cert_error_string(vs->error));
	}
	return (op_err_set(err, OP_ETLS, "%s (SHA-256 %s)", why,
	    p->fingerprint[0] != '\0' ? p->fingerprint : "unknown"));
}

/* ---- the handshake */

static int
tls_setup(SSL *ssl, int fd, const char *host)
{
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	int		   flags;

	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		return (-1);
	if (tls_bio_attach(ssl, fd) == -1)
		return (-1);
	if (is_ip(host))
		return (
		    X509_VERIFY_PARAM_set1_ip_asc(param, host) == 1 ? 0 : -1);
	/* Only subjectAltNames count, never the subject's CN (RFC 6125). */
	X509_VERIFY_PARAM_set_hostflags(param,
	    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |
		X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
	if (SSL_set_tlsext_host_name(ssl, host) != 1 ||
	    X509_VERIFY_PARAM_set1_host(param, host, 0) != 1)
		return (-1);
	return (0);
}

/* Handshake within deadline: 1 done, 0 timed out, -1 failed. */
static int
tls_handshake(SSL *ssl, int fd, long long deadline, int *closed)
{
	int r, e, w;

	*closed = 0;
	for (;;) {
		ERR_clear_error();
		errno = 0;
		if ((r = SSL_connect(ssl)) == 1)
			return (1);
		e = SSL_get_error(ssl, r);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			*closed = (e == SSL_ERROR_SYSCALL ||
			    e == SSL_ERROR_ZERO_RETURN ||
			    ERR_GET_REASON(ERR_peek_last_error()) ==
				SSL_R_UNEXPECTED_EOF_WHILE_READING);
			return (-1);
		}
		w = net_wait(fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
		    deadline);
		if (w <= 0)
			return (w);
	}
}

static int
handshake_fail(int r, int closed, const struct verify_state *vs,
    const struct tls_peer *p, const char *host, int timeout,
    struct op_err *err)
{
	const char *reason;

	if (vs->error != X509_V_OK || vs->pin_ok == -1)
		return (verify_refuse(vs, p, host, err));
	if (r == 0)
		return (op_err_set(err, OP_ENET,
		    "TLS handshake with %s: no answer within %d seconds", host,
		    timeout));
	if (closed)
		return (op_err_set(err, OP_ENET,
		    "TLS handshake with %s: connection closed by the server",
		    host));
	reason = ERR_reason_error_string(ERR_peek_last_error());
	if (ERR_GET_REASON(ERR_peek_last_error()) ==
	    SSL_R_WRONG_VERSION_NUMBER)
		return (op_err_set(err, OP_ETLS,
		    "TLS handshake with %s failed: the server does not speak SSL/TLS on this port (is it a STARTTLS port?)",
		    host));
	return (op_err_set(err, OP_ETLS, "TLS handshake with %s failed: %s",
	    host, reason != NULL ? reason : "unknown error"));
}

/* After the handshake: the verdict, again, from the final state. */
static int
tls_check(SSL *ssl, struct verify_state *vs, const struct tls_peer *p,
    const char *host, struct op_err *err)
{
	X509 *x = SSL_get0_peer_certificate(ssl);

	if (x == NULL)
		return (op_err_set(err, OP_ETLS,
		    "TLS with %s: the server sent no certificate", host));
	if (vs->pin != NULL) {
		vs->pin_ok = pin_matches(x, vs->pin) ? 1 : -1;
		if (vs->pin_ok == 1)
			return (0);
	} else if (SSL_get_verify_result(ssl) == X509_V_OK &&
	    vs->error == X509_V_OK)
		return (0);
	if (vs->error == X509_V_OK && vs->pin_ok != -1)
		vs->error = (int)SSL_get_verify_result(ssl);
	return (verify_refuse(vs, p, host, err));
}

int
tls_connect(struct tls_ctx *c, int fd, const char *host, const char *pin,
    int timeout, struct _mailstream_low **lowp, struct tls_peer *peer,
    struct op_err *err)
{
	struct verify_state vs;
	struct tls_peer	    local;
	SSL		   *ssl;
	int		    r, closed, one = 1;

	if (peer == NULL)
		peer = &local;
	memset(peer, 0, sizeof *peer);
	memset(&vs, 0, sizeof vs);
	vs.pin = pin;
	vs.error = X509_V_OK;
	if ((ssl = SSL_new(c->ctx)) == NULL ||
	    tls_setup(ssl, fd, host) == -1 ||
	    SSL_set_ex_data(ssl, verify_idx, &vs) != 1) {
		SSL_free(ssl);
		ERR_clear_error();
		return (op_err_set(err, OP_ETLS, "cannot set up TLS for %s",
		    host));
	}
	r = tls_handshake(ssl, fd, net_deadline(timeout), &closed);
	peer_fill(peer, r == 1 ? SSL_get0_peer_certificate(ssl) : vs.leaf, ssl,
	    r == 1);
	peer->not_tls = r == -1 && tls_bio_not_tls(ssl);
	if (r != 1)
		handshake_fail(r, closed, &vs, peer, host, timeout, err);
	else if (tls_check(ssl, &vs, peer, host, err) == 0) {
		/* The server's first bytes otherwise wait for a delayed ACK.
		 */
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
		SSL_set_ex_data(ssl, verify_idx, NULL);
		if ((*lowp = tls_low_new(ssl, fd, timeout)) != NULL) {
			X509_free(vs.leaf);
			return (0);
		}
		op_err_set(err, OP_ENOMEM, "out of memory");
	}
	SSL_set_ex_data(ssl, verify_idx, NULL);
	SSL_free(ssl);
	X509_free(vs.leaf);
	ERR_clear_error();
	return (-1);
}
