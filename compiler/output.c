/* output.c: the output folder of `ismc build`, written atomically: every
 * file goes into a temporary folder beside OUT, which replaces OUT only once
 * complete, so a failed build leaves an earlier OUT as it was. The manifest
 * (SHA-256 of every file) is what `ismc verify` checks. */
#define _XOPEN_SOURCE 700
#include "ismc.h"

#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int S_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void S_rmtree(const char *path)
{
	nftw(path, S_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* "<parent>/.<name>.<what>-XXXXXX" for `out` */
static void S_sibling(const char *out, const char *what, char *buf, size_t n)
{
	char a[PATH_MAX], b[PATH_MAX];
	snprintf(a, sizeof a, "%s", out);
	snprintf(b, sizeof b, "%s", out);
	size_t l = strlen(a);
	while (l > 1 && a[l - 1] == '/')
		a[--l] = '\0', b[l] = '\0';
	snprintf(buf, n, "%s/.%s.%s-XXXXXX", dirname(a), basename(b), what);
}

int ismc_output_begin(const char *out, char *tmp, size_t n, ismc_error *err)
{
	struct stat st;
	if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode)) {
		snprintf(err->msg, sizeof err->msg, "'%s' exists and is not a folder", out);
		return -1;
	}
	S_sibling(out, "tmp", tmp, n);
	if (!mkdtemp(tmp)) {
		snprintf(err->msg, sizeof err->msg, "cannot create a folder beside '%s': %s", out,
		         strerror(errno));
		return -1;
	}
	return 0;
}

void ismc_output_abort(const char *tmp)
{
	S_rmtree(tmp);
}

/* Lists the files below dir/rel in name order into `files` (paths relative). */
static int S_list(const char *dir, const char *rel, ismc_vec *files, ismc_error *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
	ismc_vec names = { 0 };
	if (ismc_dir_names(path, 0, &names) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < names.n; i++) {
		char sub[PATH_MAX], full[PATH_MAX];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", (char *)names.v[i]);
		snprintf(full, sizeof full, "%s/%s", dir, sub);
		struct stat st;
		if (!rc && lstat(full, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = S_list(dir, sub, files, err);
			else if (S_ISREG(st.st_mode))
				ismc_vec_push(files, ismc_xstrdup(sub));
		}
	}
	ismc_names_free(&names);
	return rc;
}

int ismc_file_read_all(const char *path, char **out, size_t *len, ismc_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	ismc_buf b = { 0 };
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ismc_buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err->msg, sizeof err->msg, "cannot read '%s'", path);
		ismc_buf_free(&b);
		return -1;
	}
	if (!b.data)
		ismc_buf_put(&b, "", 0);
	*out = b.data;
	*len = b.len;
	return 0;
}

static int S_manifest(const char *tmp, ismc_error *err)
{
	ismc_vec files = { 0 };
	if (S_list(tmp, "", &files, err) != 0)
		return -1;
	xmlNodePtr root;
	xmlDocPtr doc = ismc_xml_doc("manifest", &root);
	int rc = 0;
	for (size_t i = 0; i < files.n; i++) {
		char full[PATH_MAX], hex[65], size[32];
		snprintf(full, sizeof full, "%s/%s", tmp, (char *)files.v[i]);
		char *data;
		size_t len;
		if (!rc && ismc_file_read_all(full, &data, &len, err) == 0) {
			ismc_sha256(data, len, hex);
			snprintf(size, sizeof size, "%zu", len);
			xmlNodePtr f = ismc_xml_el(root, "file");
			ismc_xml_attr(f, "path", files.v[i]);
			ismc_xml_attr(f, "size", size);
			ismc_xml_attr(f, "sha256", hex);
			free(data);
		} else {
			rc = -1;
		}
		free(files.v[i]);
	}
	ismc_vec_free(&files);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/manifest.xml", tmp);
	if (rc) {
		xmlFreeDoc(doc);
		return rc;
	}
	return ismc_xml_save(doc, path, err);
}

int ismc_output_commit(const char *tmp, const char *out, ismc_error *err)
{
	if (S_manifest(tmp, err) != 0)
		return -1;
	chmod(tmp, 0755); /* mkdtemp made it private */
	char old[PATH_MAX] = "";
	struct stat st;
	if (stat(out, &st) == 0) {
		S_sibling(out, "old", old, sizeof old);
		if (!mkdtemp(old) || rmdir(old) != 0 || rename(out, old) != 0) {
			snprintf(err->msg, sizeof err->msg, "cannot move the earlier '%s' aside: %s", out,
			         strerror(errno));
			return -1;
		}
	}
	if (rename(tmp, out) != 0) {
		snprintf(err->msg, sizeof err->msg, "cannot rename the build into '%s': %s", out,
		         strerror(errno));
		if (*old)
			rename(old, out); /* put the earlier one back */
		return -1;
	}
	if (*old)
		S_rmtree(old);
	return 0;
}
