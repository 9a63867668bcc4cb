/* fuzz_manifest: a pack's manifest.xml, as `ismc verify PACK` reads it. The
 * pack is fixed (made once per process with output.c, which writes the true
 * manifest); each input replaces its manifest.xml. The oracle, besides the
 * sanitizers: verify exits 0, 1 or 2; it exits 2 exactly when the manifest
 * is no ismc manifest; and it says "intact" (0) exactly when the manifest
 * lists every file of the pack, once, with its SHA-256 and no other file, so
 * a manifest naming a path outside the pack can never pass. */
#include "fuzz.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Nested folders, an empty file and names XML must escape. */
static const struct {
	const char *path, *text;
} S_pack[] = {
	{ "soa.xml", "<soa xmlns=\"urn:ismc:pack:1\"/>\n" },
	{ "html/index.html", "<!doctype html>\n<title>Pack</title>\n" },
	{ "html/assets/style.css", "body { margin: 0 }\n" },
	{ "html/documents/DOC-1 & \"notes\".html", "" },
	{ "pack.pdf", "%PDF-1.4\n" },
};
#define S_NPACK (sizeof S_pack / sizeof *S_pack)

static char S_dir[PATH_MAX], S_manifest[PATH_MAX];
static char S_sha[S_NPACK][65];

static void S_mkdirs(const char *dir, const char *path)
{
	char sub[PATH_MAX];
	for (const char *p = strchr(path, '/'); p; p = strchr(p + 1, '/')) {
		snprintf(sub, sizeof sub, "%s/%.*s", dir, (int)(p - path), path);
		mkdir(sub, 0700);
	}
}

static void S_init(void)
{
	if (*S_dir)
		return;
	snprintf(S_dir, sizeof S_dir, "%s/pack", fz_workdir());
	snprintf(S_manifest, sizeof S_manifest, "%s/manifest.xml", S_dir);
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/isms", fz_workdir());
	ismc_output o;
	ismc_error err = { { 0 } };
	if (ismc_output_open(&o, S_dir, root, NULL, &err) != 0 || ismc_output_begin(&o, &err) != 0)
		fz_fail("the pack: %s", err.msg);
	for (size_t i = 0; i < S_NPACK; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", o.tmp, S_pack[i].path);
		S_mkdirs(o.tmp, S_pack[i].path);
		fz_write(path, S_pack[i].text, strlen(S_pack[i].text));
		ismc_sha256(S_pack[i].text, strlen(S_pack[i].text), S_sha[i]);
	}
	if (ismc_output_commit(&o, &err) != 0)
		fz_fail("the pack: %s", err.msg);
	ismc_output_close(&o);
	FILE *null = fopen("/dev/null", "w");
	int rc = ismc_verify(null, S_dir, NULL);
	fclose(null);
	if (rc != 0)
		fz_fail("ismc verify exits %d on the pack output.c just wrote (%s)", rc, S_dir);
}

static int S_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) && n->ns &&
	       !strcmp((const char *)n->ns->href, ISMC_NS);
}

/* -1: no ismc manifest; 1: it lists exactly the pack's files with their
 * SHA-256 (sizes, when given, right too); 0: anything else. Written apart
 * from verify.c, with libxml2 reading the same bytes the same way. */
static int S_exact(const uint8_t *data, size_t size)
{
	xmlDocPtr doc = xmlReadMemory((const char *)data, (int)size, S_manifest, NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || !S_is(root, "manifest")) {
		xmlFreeDoc(doc);
		return -1;
	}
	int seen[S_NPACK] = { 0 }, exact = 1;
	for (xmlNodePtr n = root->children; n && exact; n = n->next) {
		if (!S_is(n, "file"))
			continue;
		xmlChar *path = xmlGetProp(n, BAD_CAST "path"), *sha = xmlGetProp(n, BAD_CAST "sha256"),
		        *sz = xmlGetProp(n, BAD_CAST "size");
		size_t i = 0;
		while (i < S_NPACK && !(path && !strcmp((char *)path, S_pack[i].path)))
			i++;
		char want[32] = "";
		if (i < S_NPACK)
			snprintf(want, sizeof want, "%zu", strlen(S_pack[i].text));
		exact = i < S_NPACK && !seen[i]++ && sha && !strcmp((char *)sha, S_sha[i]) &&
		        (!sz || !strcmp((char *)sz, want));
		xmlFree(path);
		xmlFree(sha);
		xmlFree(sz);
	}
	for (size_t i = 0; i < S_NPACK && exact; i++)
		exact = seen[i] == 1;
	xmlFreeDoc(doc);
	return exact;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	S_init();
	fz_write(S_manifest, data, size);
	FILE *null = fopen("/dev/null", "w");
	int rc = ismc_verify(null, S_dir, NULL);
	fclose(null);
	int exact = S_exact(data, size);
	if (rc < 0 || rc > 2)
		fz_fail("ismc verify exits %d", rc);
	if ((rc == 2) != (exact < 0))
		fz_fail("ismc verify exits %d on %s ismc manifest", rc, exact < 0 ? "no" : "an");
	if (rc == 0 && exact != 1)
		fz_fail("ismc verify calls the pack intact, but the manifest does not list exactly "
		        "its files with their SHA-256");
	if (rc == 1 && exact == 1)
		fz_fail("ismc verify finds differences, but the manifest lists exactly the pack's "
		        "files with their SHA-256");
	return 0;
}
