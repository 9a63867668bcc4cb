/* schema.c: every field of isms.yml, front matter and the registers, as
 * tables, and one validator that reads a YAML mapping through a table into a
 * model struct. missing-field, invalid-value and unknown-field come from here.
 * The tables are also what docs/format.md must document (a test checks). */
#include "ismc.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const ismc_doc_types[] = { ISMC_DOC_TYPES(ISMC_X_NAME) NULL };
const char *const ismc_doc_statuses[] = { ISMC_DOC_STATUSES(ISMC_X_NAME) NULL };
const char *const ismc_treatments[] = { ISMC_TREATMENTS(ISMC_X_NAME) NULL };
const char *const ismc_asset_types[] = { ISMC_ASSET_TYPES(ISMC_X_NAME) NULL };
const char *const ismc_control_statuses[] = { ISMC_CONTROL_STATUSES(ISMC_X_NAME) NULL };
const char *const ismc_proofs_names[] = { ISMC_PROOFS(ISMC_X_NAME) NULL };

#define V(T, f) offsetof(T, f)
#define S_MAX_LEVEL 1000 /* a score's bound when no scale is known */
#define REQ ISMC_F_REQUIRED
#define LIST ISMC_F_LIST

static const ismc_field S_config[] = {
	{ "organisation", ISMC_T_STR, REQ, V(ismc_config, organisation), NULL, "legal name of the organisation" },
	{ "standard", ISMC_T_ENUM, REQ, V(ismc_config, standard), ismc_standards, "the catalog of requirements, one of those built in (docs/catalogs.md)" },
	{ "scope", ISMC_T_ID, REQ, V(ismc_config, scope), NULL, "id of the scope document (clause 4.3)" },
	{ "period", ISMC_T_DURATION, 0, V(ismc_config, period), NULL, "how far back records count (default 12 months)" },
	{ "review_interval", ISMC_T_DURATION, 0, V(ismc_config, review_interval), NULL, "default review cycle of documents (default 12 months)" },
	{ "classifications", ISMC_T_STRS, LIST, V(ismc_config, classifications), NULL, "allowed classification labels" },
	{ "default_classification", ISMC_T_STR, 0, V(ismc_config, default_classification), NULL, "label of documents that give none" },
	{ "risk", ISMC_T_ANY, REQ, V(ismc_config, risk), NULL, "the risk method: likelihood, impact, acceptance" },
	{ "checks", ISMC_T_ANY, 0, V(ismc_config, checks), NULL, "severity per adjustable code: error, warning or off" },
	{ "exclude", ISMC_T_STRS, LIST, V(ismc_config, exclude), NULL, "globs of paths that are not ISMS files" },
	{ "extra_fields", ISMC_T_STRS, LIST, V(ismc_config, extra_fields), NULL, "front matter keys other tools use, accepted silently" },
	{ "aliases", ISMC_T_ANY, 0, V(ismc_config, aliases), NULL, "front matter keys of other tools read as ismc's: {effective_date: approved_on}" },
	{ "references", ISMC_T_STRS, LIST, V(ismc_config, references), NULL, "patterns (* and ?) of the ids bracketed text may use" },
	{ "links", ISMC_T_ANY, 0, V(ismc_config, links), NULL, "site-absolute link prefixes and the folders they stand for: {\"/\": ../static/}" },
	{ "frameworks", ISMC_T_STRS, LIST, V(ismc_config, frameworks), NULL, "crosswalks to report coverage of, e.g. [nis2, gdpr] (docs/frameworks/)" },
	{ "approvers", ISMC_T_ANY, 0, V(ismc_config, approvers), NULL, "per document type (and register), the roles that may approve" },
	{ "approval", ISMC_T_ANY, 0, V(ismc_config, approval), NULL, "how approvals are proven from git: proof" },
};

static const ismc_field S_approval[] = {
	{ "proof", ISMC_T_ENUM, 0, V(ismc_config, proof), ismc_proofs_names, "the least proof of each approval: none, author, trailer or signature" },
};

static const ismc_field S_risk_method[] = {
	{ "likelihood", ISMC_T_STRS, REQ | LIST, V(ismc_config, likelihood), NULL, "labels of likelihood 1..N" },
	{ "impact", ISMC_T_STRS, REQ | LIST, V(ismc_config, impact), NULL, "labels of impact 1..M" },
	{ "acceptance", ISMC_T_INT, REQ, V(ismc_config, acceptance), NULL, "highest residual score accepted without sign-off" },
};

static const ismc_field S_document[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_doc, id), NULL, "unique id, e.g. POL-001" },
	{ "title", ISMC_T_STR, REQ, V(ismc_doc, title), NULL, "the document's title" },
	{ "type", ISMC_T_ENUM, REQ, V(ismc_doc, type), ismc_doc_types, "policy, standard, procedure, plan, guideline or record" },
	{ "owner", ISMC_T_STR, REQ, V(ismc_doc, owner), NULL, "the role that owns it" },
	{ "version", ISMC_T_VERSION, REQ, V(ismc_doc, version), NULL, "MAJOR.MINOR" },
	{ "status", ISMC_T_ENUM, REQ, V(ismc_doc, status), ismc_doc_statuses, "draft, review, approved or retired" },
	{ "approved_by", ISMC_T_STR, 0, V(ismc_doc, approved_by), NULL, "who approved it (status approved)" },
	{ "approved_on", ISMC_T_DATE, 0, V(ismc_doc, approved_on), NULL, "when (status approved)" },
	{ "date", ISMC_T_DATE, 0, V(ismc_doc, date), NULL, "records: date of the event evidenced" },
	{ "review_interval", ISMC_T_DURATION, 0, V(ismc_doc, review_interval), NULL, "overrides the default review cycle" },
	{ "next_review", ISMC_T_DATE, 0, V(ismc_doc, next_review), NULL, "an explicit next review date" },
	{ "classification", ISMC_T_CLASS, 0, V(ismc_doc, classification), NULL, "one of isms.yml classifications" },
	{ "clauses", ISMC_T_CLAUSES, LIST, V(ismc_doc, clauses), NULL, "clauses of the catalog it addresses" },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_doc, controls), NULL, "controls of the catalog it implements" },
	{ "related", ISMC_T_IDS, LIST, V(ismc_doc, related), NULL, "ids of related documents or register records" },
};

static const ismc_field S_risk[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_risk, id), NULL, "unique id, e.g. R-001" },
	{ "title", ISMC_T_STR, REQ, V(ismc_risk, title), NULL, "short name of the risk" },
	{ "owner", ISMC_T_STR, REQ, V(ismc_risk, owner), NULL, "risk owner (a role)" },
	{ "assets", ISMC_T_IDS, LIST, V(ismc_risk, assets), NULL, "ids of affected assets" },
	{ "threat", ISMC_T_STR, 0, V(ismc_risk, threat), NULL, "the threat" },
	{ "vulnerability", ISMC_T_STR, 0, V(ismc_risk, vulnerability), NULL, "the vulnerability it exploits" },
	{ "likelihood", ISMC_T_LIKELIHOOD, REQ, V(ismc_risk, likelihood), NULL, "inherent likelihood, 1..N" },
	{ "impact", ISMC_T_IMPACT, REQ, V(ismc_risk, impact), NULL, "inherent impact, 1..M" },
	{ "treatment", ISMC_T_ENUM, REQ, V(ismc_risk, treatment), ismc_treatments, "mitigate, accept, transfer or avoid" },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_risk, controls), NULL, "controls of the catalog selected to treat it" },
	{ "residual", ISMC_T_RESIDUAL, 0, V(ismc_risk, residual), NULL, "likelihood and impact after treatment" },
	{ "accepted_by", ISMC_T_STR, 0, V(ismc_risk, accepted_by), NULL, "who accepted the residual risk" },
	{ "accepted_on", ISMC_T_DATE, 0, V(ismc_risk, accepted_on), NULL, "when" },
	{ "review_on", ISMC_T_DATE, 0, V(ismc_risk, review_on), NULL, "next review of the risk" },
};

static const ismc_field S_asset[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_asset, id), NULL, "unique id, e.g. AS-001" },
	{ "name", ISMC_T_STR, REQ, V(ismc_asset, name), NULL, "name of the asset" },
	{ "type", ISMC_T_ENUM, REQ, V(ismc_asset, type), ismc_asset_types, "information, software, hardware, service, people or site" },
	{ "owner", ISMC_T_STR, REQ, V(ismc_asset, owner), NULL, "asset owner (a role)" },
	{ "classification", ISMC_T_CLASS, REQ, V(ismc_asset, classification), NULL, "one of isms.yml classifications" },
	{ "location", ISMC_T_STR, 0, V(ismc_asset, location), NULL, "where it is" },
};

static const ismc_field S_decision[] = {
	{ "id", ISMC_T_CONTROL, REQ, V(ismc_decision, id), NULL, "control id of the catalog, e.g. A.5.1" },
	{ "applicable", ISMC_T_BOOL, REQ, V(ismc_decision, applicable), NULL, "true or false" },
	{ "justification", ISMC_T_STR, REQ, V(ismc_decision, justification), NULL, "why included or excluded (6.1.3 d)" },
	{ "status", ISMC_T_ENUM, 0, V(ismc_decision, status), ismc_control_statuses, "implemented, partial, planned or not-implemented (applicable controls)" },
	{ "implemented_by", ISMC_T_IDS, LIST, V(ismc_decision, implemented_by), NULL, "ids of implementing documents" },
	{ "evidence", ISMC_T_IDS, LIST, V(ismc_decision, evidence), NULL, "ids of record documents" },
	{ "owner", ISMC_T_STR, 0, V(ismc_decision, owner), NULL, "control owner (a role)" },
	{ "target", ISMC_T_DATE, 0, V(ismc_decision, target), NULL, "target date of a planned control" },
};

static const ismc_field S_person[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_person, id), NULL, "unique id, e.g. P-001" },
	{ "name", ISMC_T_STR, REQ, V(ismc_person, name), NULL, "the person's name" },
	{ "roles", ISMC_T_STRS, LIST, V(ismc_person, roles), NULL, "the roles the person holds, as owners and approvers name them" },
	{ "emails", ISMC_T_STRS, LIST, V(ismc_person, emails), NULL, "the person's git identities (author, committer, trailer emails)" },
	{ "keys", ISMC_T_STRS, LIST, V(ismc_person, keys), NULL, "paths below the root to OpenPGP public keys, or SSH public key lines" },
};

/* A register's document: block: the fields of a document that make the
 * register a controlled document (no type, no body). */
static const ismc_field S_register_document[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_doc, id), NULL, "unique id, e.g. SOA-001" },
	{ "title", ISMC_T_STR, REQ, V(ismc_doc, title), NULL, "the register's title" },
	{ "owner", ISMC_T_STR, REQ, V(ismc_doc, owner), NULL, "the role that owns it" },
	{ "version", ISMC_T_VERSION, REQ, V(ismc_doc, version), NULL, "MAJOR.MINOR" },
	{ "status", ISMC_T_ENUM, REQ, V(ismc_doc, status), ismc_doc_statuses, "draft, review, approved or retired" },
	{ "approved_by", ISMC_T_STR, 0, V(ismc_doc, approved_by), NULL, "who approved it (status approved)" },
	{ "approved_on", ISMC_T_DATE, 0, V(ismc_doc, approved_on), NULL, "when (status approved)" },
	{ "review_interval", ISMC_T_DURATION, 0, V(ismc_doc, review_interval), NULL, "overrides the default review cycle" },
	{ "next_review", ISMC_T_DATE, 0, V(ismc_doc, next_review), NULL, "an explicit next review date" },
	{ "classification", ISMC_T_CLASS, 0, V(ismc_doc, classification), NULL, "one of isms.yml classifications" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
const ismc_schema ismc_schema_config = { "isms.yml", S_config, N(S_config) };
const ismc_schema ismc_schema_risk_method = { "risk method", S_risk_method, N(S_risk_method) };
const ismc_schema ismc_schema_document = { "front matter", S_document, N(S_document) };
const ismc_schema ismc_schema_risk = { "risk", S_risk, N(S_risk) };
const ismc_schema ismc_schema_asset = { "asset", S_asset, N(S_asset) };
const ismc_schema ismc_schema_decision = { "control decision", S_decision, N(S_decision) };
const ismc_schema ismc_schema_person = { "person", S_person, N(S_person) };
const ismc_schema ismc_schema_register_document = { "register document", S_register_document, N(S_register_document) };
const ismc_schema ismc_schema_approval = { "approval", S_approval, N(S_approval) };

/* The fields that name a person or a role, by name in any table (see
 * ismc_person_ref): a register kind added later, whose owner is a row like
 * every other, is checked against the people register without a change. */
static const struct {
	const char *name;
	int approver;
} S_person_fields[] = {
	{ "owner", 0 },
	{ "approved_by", 1 },
	{ "accepted_by", 1 },
};

int ismc_person_field(const char *name)
{
	for (size_t i = 0; i < N(S_person_fields); i++)
		if (!strcmp(S_person_fields[i].name, name))
			return S_person_fields[i].approver ? 2 : 1;
	return 0;
}

int ismc_id_valid(const char *s)
{
	if (!isupper((unsigned char)s[0]))
		return 0;
	int hyphen = 0;
	for (const char *p = s + 1; *p; p++) {
		if (*p == '-')
			hyphen = 1;
		else if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
			return 0;
	}
	return hyphen && s[strlen(s) - 1] != '-';
}

static const char *S_typename(ismc_type t)
{
	switch (t) {
	case ISMC_T_DATE: return "a date (YYYY-MM-DD)";
	case ISMC_T_DURATION: return "a duration such as '12 months'";
	case ISMC_T_VERSION: return "a version MAJOR.MINOR such as \"1.0\"";
	case ISMC_T_BOOL: return "true or false";
	case ISMC_T_INT: return "a whole number";
	default: return "text";
	}
}

static int S_scalar(const ismc_ynode *n)
{
	return n->kind == ISMC_Y_SCALAR;
}

static int S_version(const char *s, long *maj, long *min)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	*maj = strtol(s, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -1;
	*min = strtol(end + 1, &end, 10);
	return *end ? -1 : 0;
}

static int S_integer(const char *s, long *v)
{
	char *end;
	if (!*s || !(isdigit((unsigned char)*s) || *s == '-'))
		return -1;
	*v = strtol(s, &end, 10);
	return *end ? -1 : 0;
}

static int S_enum_index(const char *const *values, const char *s)
{
	for (int i = 0; values && values[i]; i++)
		if (strcmp(values[i], s) == 0)
			return i;
	return -1;
}

static size_t S_count(const char *const *values)
{
	size_t n = 0;
	while (values && values[n])
		n++;
	return n;
}

static void S_enum_error(const ismc_validate_ctx *c, const ismc_field *f,
                         const char *const *values, const ismc_val *v)
{
	const char *near = ismc_closest(v->s, values, S_count(values));
	ismc_buf b = { 0 };
	for (size_t i = 0; values && values[i]; i++)
		ismc_buf_printf(&b, "%s%s", i ? ", " : "", values[i]);
	if (near)
		ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
		          "'%s' is not a valid %s; did you mean '%s'?", v->s, f->name, near);
	else
		ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
		          "'%s' is not a valid %s (expected one of: %s)", v->s, f->name,
		          b.data ? b.data : "none defined");
	ismc_buf_free(&b);
}

/* Checks one scalar against its type; fills n/m. Returns 0 when valid. */
static int S_check_scalar(const ismc_validate_ctx *c, const ismc_field *f, ismc_type t,
                          ismc_val *v)
{
	const char *s = v->s;
	switch (t) {
	case ISMC_T_ENUM:
		if ((v->n = S_enum_index(f->values, s)) < 0) {
			S_enum_error(c, f, f->values, v);
			return -1;
		}
		return 0;
	case ISMC_T_CLASS:
		if ((v->n = S_enum_index(c->classes, s)) >= 0)
			return 0;
		for (int i = 0; c->classes && c->classes[i]; i++)
			if (strcasecmp(c->classes[i], s) == 0) {
				/* `Confidential` for `confidential`: the label is clear, the
				 * spelling is not isms.yml's; the outputs use isms.yml's */
				ismc_diag_add(c->diags, ISMC_VALUE_CASE, v->pos,
				              "'%s' is written '%s' in isms.yml's classifications", s,
				              c->classes[i]);
				v->n = i;
				v->s = c->classes[i];
				return 0;
			}
		S_enum_error(c, f, c->classes, v);
		return -1;
	case ISMC_T_DATE:
		if (ismc_date_parse(s, &v->n) != 0) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			          "'%s' is not a real date; %s must be YYYY-MM-DD", s, f->name);
			return -1;
		}
		return 0;
	case ISMC_T_DURATION: {
		int unit;
		if (ismc_duration_parse(s, &v->n, &unit) != 0) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			          "'%s' is not a duration; write N days, weeks, months or years", s);
			return -1;
		}
		v->m = unit;
		return 0;
	}
	case ISMC_T_VERSION:
		if (S_version(s, &v->n, &v->m) != 0) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			          "'%s' is not a version; write MAJOR.MINOR, e.g. \"1.0\"", s);
			return -1;
		}
		return 0;
	case ISMC_T_ID:
		if (!ismc_id_valid(s)) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			          "'%s' is not a valid id: an upper-case letter, then upper-case "
			          "letters, digits and hyphens, with at least one hyphen (e.g. POL-001)", s);
			return -1;
		}
		return 0;
	case ISMC_T_BOOL:
		if (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))
			v->n = 1;
		else if (!strcasecmp(s, "false") || !strcasecmp(s, "no"))
			v->n = 0;
		else {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			          "'%s' is not a boolean; %s must be true or false", s, f->name);
			return -1;
		}
		return 0;
	case ISMC_T_INT:
		if (S_integer(s, &v->n) != 0) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			          "'%s' is not a whole number", s);
			return -1;
		}
		return 0;
	case ISMC_T_LIKELIHOOD:
	case ISMC_T_IMPACT: {
		/* without a scale (isms.yml's is broken, and says so) a score is
		 * still at most S_MAX_LEVEL, so likelihood x impact never overflows */
		int max = t == ISMC_T_LIKELIHOOD ? c->scale_l : c->scale_i;
		const char *scale = t == ISMC_T_LIKELIHOOD ? "likelihood" : "impact";
		if (S_integer(s, &v->n) != 0 || v->n < 1 || v->n > (max > 0 ? max : S_MAX_LEVEL)) {
			if (max > 0)
				ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
				              "'%s' is off the %s scale: expected a whole number from 1 to %d",
				              s, scale, max);
			else
				ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
				              "'%s' is not a valid %s score: expected a whole number from 1 to %d",
				              s, scale, S_MAX_LEVEL);
			return -1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

static ismc_type S_item_type(ismc_type t)
{
	return t == ISMC_T_STRS || t == ISMC_T_IDS || t == ISMC_T_CLAUSES ||
	       t == ISMC_T_CONTROLS ? ISMC_T_STR : t;
}

void ismc_schema_list(const ismc_validate_ctx *c, const ismc_field *f, const ismc_ynode *key,
                      const ismc_ynode *n, ismc_list *out)
{
	out->set = 1;
	out->key = key->pos;
	if (n->kind == ISMC_Y_NULL)
		return;
	if (n->kind == ISMC_Y_MAP) {
		ismc_diag_add(c->diags, ISMC_INVALID_VALUE, n->pos, "'%s' must be a list, e.g. [a, b]", f->name);
		return;
	}
	/* a lone scalar is a list of one: `clauses: 5.2` means [5.2] */
	size_t count = n->kind == ISMC_Y_SEQ ? n->n : 1;
	out->v = ismc_arena_alloc(c->arena, (count ? count : 1) * sizeof(ismc_val));
	for (size_t i = 0; i < count; i++) {
		const ismc_ynode *it = n->kind == ISMC_Y_SEQ ? n->items[i] : n;
		if (!S_scalar(it)) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, it->pos,
			          "items of '%s' must be single values", f->name);
			continue;
		}
		ismc_val *v = &out->v[out->n];
		v->s = it->str;
		v->pos = it->pos;
		v->key = key->pos;
		v->node = it;
		if (S_check_scalar(c, f, S_item_type(f->type), v) == 0)
			out->n++;
	}
}

static void S_residual(const ismc_validate_ctx *c, const ismc_ynode *n, ismc_val *v)
{
	if (n->kind != ISMC_Y_MAP) {
		ismc_diag_add(c->diags, ISMC_INVALID_VALUE, n->pos,
		          "residual must be a mapping: {likelihood: N, impact: N}");
		return;
	}
	static const ismc_field fl = { "likelihood", ISMC_T_LIKELIHOOD, 0, 0, NULL, NULL };
	static const ismc_field fi = { "impact", ISMC_T_IMPACT, 0, 0, NULL, NULL };
	ismc_val l = { 0 }, i = { 0 };
	int ok = 1;
	for (size_t k = 0; k + 1 < n->n; k += 2) {
		const ismc_ynode *key = n->items[k], *val = n->items[k + 1];
		const ismc_field *f = !strcmp(key->str, "likelihood") ? &fl
		                      : !strcmp(key->str, "impact") ? &fi : NULL;
		if (!f) {
			static const char *const names[] = { "likelihood", "impact" };
			const char *near = ismc_closest(key->str, names, 2);
			if (near)
				ismc_diag_add(c->diags, ISMC_UNKNOWN_FIELD, key->pos,
				          "unknown field 'residual.%s'; did you mean '%s'?", key->str, near);
			else
				ismc_diag_add(c->diags, ISMC_UNKNOWN_FIELD, key->pos,
				          "unknown field 'residual.%s' (residual has likelihood and impact)", key->str);
			continue;
		}
		ismc_val *dst = f == &fl ? &l : &i;
		if (!S_scalar(val)) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, val->pos, "residual %s must be a number", f->name);
			ok = 0;
			continue;
		}
		dst->s = val->str;
		dst->pos = val->pos;
		if (S_check_scalar(c, f, f->type, dst) != 0)
			ok = 0;
	}
	if (!l.s || !i.s) {
		ismc_diag_add(c->diags, ISMC_MISSING_FIELD, n->pos, "residual needs both likelihood and impact");
		ok = 0;
	}
	if (ok) {
		v->s = "residual";
		v->n = l.n;
		v->m = i.n;
	}
}

void ismc_schema_validate(const ismc_validate_ctx *c, const ismc_schema *sch,
                          const ismc_ynode *map, ismc_pos where, void *out)
{
	const char *names[64];
	for (size_t i = 0; i < sch->nfields && i < 64; i++)
		names[i] = sch->fields[i].name;
	unsigned char seen[64] = { 0 }; /* 0 absent, 1 given, 2 given empty */
	ismc_pos empty_at[64];

	for (size_t k = 0; map && k + 1 < map->n; k += 2) {
		const ismc_ynode *key = map->items[k], *val = map->items[k + 1];
		const ismc_field *f = NULL;
		for (size_t i = 0; i < sch->nfields; i++)
			if (strcmp(sch->fields[i].name, key->str) == 0) {
				f = &sch->fields[i];
				seen[i] = 1;
			}
		for (size_t i = 0; !f && i < c->naliases; i++) {
			if (strcmp(c->alias_from[i], key->str) != 0)
				continue;
			for (size_t j = 0; j < sch->nfields; j++)
				if (strcmp(sch->fields[j].name, c->alias_to[i]) == 0 && !seen[j]) {
					f = &sch->fields[j]; /* isms.yml aliases: another tool's key */
					seen[j] = 1;
				}
		}
		if (!f) {
			int extra = 0;
			for (size_t i = 0; i < c->nextra; i++)
				extra |= strcmp(c->extra[i], key->str) == 0;
			if (extra)
				continue;
			const char *near = ismc_closest(key->str, names, sch->nfields);
			if (near)
				ismc_diag_add(c->diags, ISMC_UNKNOWN_FIELD, key->pos,
				          "unknown field '%s' in %s; did you mean '%s'?", key->str, sch->kind, near);
			else
				ismc_diag_add(c->diags, ISMC_UNKNOWN_FIELD, key->pos,
				          "unknown field '%s' in %s", key->str, sch->kind);
			continue;
		}
		void *slot = (char *)out + f->offset;
		if (f->flags & ISMC_F_LIST) {
			ismc_schema_list(c, f, key, val, slot);
			if (val->kind == ISMC_Y_NULL || (val->kind == ISMC_Y_SEQ && val->n == 0)) {
				seen[f - sch->fields] = 2;
				empty_at[f - sch->fields] = key->pos;
			}
			continue;
		}
		ismc_val *v = slot;
		v->key = key->pos;
		v->pos = val->pos;
		v->node = val;
		if (val->kind == ISMC_Y_NULL) {
			seen[f - sch->fields] = 2; /* `owner:` with nothing is absent */
			empty_at[f - sch->fields] = key->pos;
			continue;
		}
		if (f->type == ISMC_T_ANY) {
			v->s = "";
			continue;
		}
		if (f->type == ISMC_T_RESIDUAL) {
			S_residual(c, val, v);
			continue;
		}
		if (!S_scalar(val) && val->kind == ISMC_Y_SEQ && val->n == 1 && S_scalar(val->items[0]) &&
		    val->items[0]->plain) {
			/* `owner: [TBD]`: a placeholder that YAML reads as a flow list */
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, val->pos,
			              "'%s' must be %s, but YAML reads [%s] as a list of one item; to "
			              "keep the brackets, quote it: %s: \"[%s]\"", f->name,
			              S_typename(f->type), val->items[0]->str, key->str, val->items[0]->str);
			continue;
		}
		if (!S_scalar(val)) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, val->pos, "'%s' must be %s, not a %s",
			          f->name, S_typename(f->type), val->kind == ISMC_Y_SEQ ? "list" : "mapping");
			continue;
		}
		if (f->type == ISMC_T_STR && strspn(val->str, " \t") == strlen(val->str)) {
			seen[f - sch->fields] = 2;
			empty_at[f - sch->fields] = key->pos;
			continue;
		}
		ismc_val tmp = *v;
		tmp.s = val->str;
		if (S_check_scalar(c, f, f->type, &tmp) != 0)
			continue;
		*v = tmp;
		int pf = c->persons && f->type == ISMC_T_STR ? ismc_person_field(f->name) : 0;
		if (pf) {
			ismc_person_ref *pr = ismc_arena_alloc(c->arena, sizeof(*pr));
			pr->v = v;
			pr->field = f->name;
			pr->approver = pf == 2;
			ismc_vec_push(c->persons, pr);
		}
	}
	for (size_t i = 0; i < sch->nfields; i++) {
		if (!(sch->fields[i].flags & ISMC_F_REQUIRED) || seen[i] == 1)
			continue;
		if (seen[i] == 2)
			ismc_diag_add(c->diags, ISMC_MISSING_FIELD, empty_at[i], "required field '%s' is empty",
			          sch->fields[i].name);
		else
			ismc_diag_add(c->diags, ISMC_MISSING_FIELD, where, "%s lacks required field '%s'",
			          sch->kind, sch->fields[i].name);
	}
}
