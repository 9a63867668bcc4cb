/* openpgp.c: OpenPGP signatures of commits, verified through gpgme against
 * a keyring of ismc's own: a GNUPGHOME made below $TMPDIR (else /tmp) that
 * holds only the keys the people register lists, and is removed with it. The
 * user's keyring and its trust settings are never read: a key counts because
 * the register (committed, reviewed) names it, not because gpg trusts it. */
#include "ismc.h"

#include <errno.h>
#include <gpgme.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ismc_pgp {
	gpgme_ctx_t ctx;
	char home[PATH_MAX];
};

ismc_pgp *ismc_pgp_new(ismc_error *err)
{
	static int ready;
	if (!ready) {
		gpgme_check_version(NULL);
		ready = 1;
	}
	if (gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP) != 0) {
		snprintf(err->msg, sizeof err->msg,
		         "OpenPGP signatures need gpg (Debian package gnupg), which gpgme cannot run");
		return NULL;
	}
	ismc_pgp *p = ismc_xcalloc(1, sizeof(*p));
	const char *tmp = getenv("TMPDIR");
	/* gpg-agent's socket path must stay short: a deep TMPDIR falls back */
	if (!tmp || !*tmp || strlen(tmp) > 60)
		tmp = "/tmp";
	snprintf(p->home, sizeof p->home, "%s/ismc-gpg-XXXXXX", tmp);
	if (!mkdtemp(p->home)) {
		snprintf(err->msg, sizeof err->msg, "cannot make a keyring folder in %s: %s", tmp,
		         strerror(errno));
		free(p);
		return NULL;
	}
	/* gpg would start an agent for the import (to look for secret keys),
	 * which outlives ismc and races the removal of the folder: none is needed
	 * to import public keys and verify */
	char conf[PATH_MAX + 16];
	snprintf(conf, sizeof conf, "%s/gpg.conf", p->home);
	FILE *f = fopen(conf, "wx");
	if (!f || fputs("no-autostart\nno-auto-key-retrieve\n", f) < 0 || fclose(f) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot write '%s': %s", conf, strerror(errno));
		ismc_pgp_free(p);
		return NULL;
	}
	gpgme_error_t e = gpgme_new(&p->ctx);
	if (!e)
		e = gpgme_set_protocol(p->ctx, GPGME_PROTOCOL_OpenPGP);
	if (!e)
		e = gpgme_ctx_set_engine_info(p->ctx, GPGME_PROTOCOL_OpenPGP, NULL, p->home);
	if (e) {
		snprintf(err->msg, sizeof err->msg, "gpgme: %s", gpgme_strerror(e));
		ismc_pgp_free(p);
		return NULL;
	}
	/* never fetch keys from the network, never ask for anything */
	gpgme_set_offline(p->ctx, 1);
	gpgme_set_pinentry_mode(p->ctx, GPGME_PINENTRY_MODE_CANCEL);
	return p;
}

void ismc_pgp_free(ismc_pgp *p)
{
	if (!p)
		return;
	if (p->ctx)
		gpgme_release(p->ctx);
	if (p->home[0])
		ismc_rmtree(p->home); /* no agent was started (gpg.conf) that could hold it */
	free(p);
}

int ismc_pgp_import(ismc_pgp *p, const char *data, size_t len, ismc_vec *fprs)
{
	gpgme_data_t d;
	if (gpgme_data_new_from_mem(&d, data, len, 0) != 0)
		return -1;
	gpgme_error_t e = gpgme_op_import(p->ctx, d);
	gpgme_data_release(d);
	gpgme_import_result_t r = e ? NULL : gpgme_op_import_result(p->ctx);
	if (!r || (r->imported + r->unchanged) == 0)
		return -1;
	int n = 0;
	for (gpgme_import_status_t s = r->imports; s; s = s->next) {
		if (s->result != 0 || !s->fpr)
			continue;
		gpgme_key_t key;
		if (gpgme_get_key(p->ctx, s->fpr, &key, 0) != 0)
			continue;
		for (gpgme_subkey_t sk = key->subkeys; sk; sk = sk->next)
			if (sk->fpr) {
				ismc_vec_push(fprs, ismc_xstrdup(sk->fpr));
				n++;
			}
		gpgme_key_unref(key);
	}
	return n ? 0 : -1;
}

int ismc_pgp_verify(ismc_pgp *p, const char *sig, size_t siglen, const char *data,
                    size_t len, char fpr[65])
{
	gpgme_data_t ds, dd;
	fpr[0] = '\0';
	if (gpgme_data_new_from_mem(&ds, sig, siglen, 0) != 0)
		return ISMC_PGP_ERROR;
	if (gpgme_data_new_from_mem(&dd, data, len, 0) != 0) {
		gpgme_data_release(ds);
		return ISMC_PGP_ERROR;
	}
	gpgme_error_t e = gpgme_op_verify(p->ctx, ds, dd, NULL);
	gpgme_data_release(ds);
	gpgme_data_release(dd);
	gpgme_verify_result_t r = e ? NULL : gpgme_op_verify_result(p->ctx);
	if (!r || !r->signatures)
		return ISMC_PGP_ERROR;
	gpgme_signature_t s = r->signatures;
	if (s->fpr)
		snprintf(fpr, 65, "%s", s->fpr);
	switch (gpgme_err_code(s->status)) {
	case GPG_ERR_NO_ERROR:
		break;
	case GPG_ERR_NO_PUBKEY:
		return ISMC_PGP_UNKNOWN_KEY;
	case GPG_ERR_BAD_SIGNATURE:
		return ISMC_PGP_BAD;
	default:
		/* an expired or revoked key, an expired signature: not good */
		return ISMC_PGP_BAD;
	}
	/* the signing (sub)key's fingerprint: name its primary key */
	gpgme_key_t key;
	if (s->fpr && gpgme_get_key(p->ctx, s->fpr, &key, 0) == 0) {
		if (key->subkeys && key->subkeys->fpr)
			snprintf(fpr, 65, "%s", key->subkeys->fpr);
		gpgme_key_unref(key);
	}
	return ISMC_PGP_GOOD;
}
