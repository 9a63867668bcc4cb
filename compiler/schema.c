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
const char *const ismc_nc_sources[] = { ISMC_NC_SOURCES(ISMC_X_NAME) NULL };
const char *const ismc_nc_statuses[] = { ISMC_NC_STATUSES(ISMC_X_NAME) NULL };
const char *const ismc_criticalities[] = { ISMC_CRITICALITIES(ISMC_X_NAME) NULL };
const char *const ismc_climate_values[] = { ISMC_CLIMATE(ISMC_X_NAME) NULL };

#define V(T, f) offsetof(T, f)
#define S_MAX_LEVEL 1000 /* a score's bound when no scale is known */
#define REQ ISMC_F_REQUIRED
#define LIST ISMC_F_LIST
#define PAST ISMC_F_PAST
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the nested tables come first: the tables holding them point at them */

static const ismc_field S_authority[] = {
	{ "above", ISMC_T_INT, REQ, V(ismc_authority, above), NULL, "the tier covers residual scores above this", NULL },
	{ "by", ISMC_T_STRS, REQ | LIST, V(ismc_authority, by), NULL, "the roles that may accept them", NULL },
};

static const ismc_field S_certification[] = {
	{ "body", ISMC_T_STR, 0, V(ismc_certification, body), NULL, "the certification body", NULL },
	{ "certified_on", ISMC_T_DATE, REQ | PAST, V(ismc_certification, certified_on), NULL, "the date of the certificate (initial or last recertification)", NULL },
	{ "surveillance", ISMC_T_DATE, LIST, V(ismc_certification, surveillance), NULL, "the surveillance audits' dates (default: yearly after certified_on)", NULL },
	{ "recertification", ISMC_T_DATE, 0, V(ismc_certification, recertification), NULL, "the recertification audit's date (default: certified_on + 3 years)", NULL },
};

static const ismc_field S_nc_settings[] = {
	{ "analyse_within", ISMC_T_DURATION, 0, V(ismc_nc_settings, analyse_within), NULL, "time to find a root cause and an action (default 30 days)", NULL },
};

static const ismc_field S_nc_action[] = {
	{ "id", ISMC_T_STR, REQ, V(ismc_nc_action, id), NULL, "the action's id within the nonconformity, e.g. A1", NULL },
	{ "action", ISMC_T_STR, REQ, V(ismc_nc_action, action), NULL, "what is to be done", NULL },
	{ "owner", ISMC_T_STR, REQ, V(ismc_nc_action, owner), NULL, "who does it (a role)", NULL },
	{ "due", ISMC_T_DATE, REQ, V(ismc_nc_action, due), NULL, "when it is to be done", NULL },
	{ "done_on", ISMC_T_DATE, PAST, V(ismc_nc_action, done_on), NULL, "when it was done", NULL },
};

static const ismc_field S_nc_check[] = {
	{ "checked_on", ISMC_T_DATE, REQ | PAST, V(ismc_nc_check, checked_on), NULL, "when the effectiveness was reviewed", NULL },
	{ "effective", ISMC_T_BOOL, REQ, V(ismc_nc_check, effective), NULL, "whether the actions removed the cause", NULL },
	{ "by", ISMC_T_STR, REQ, V(ismc_nc_check, by), NULL, "who reviewed it (a role)", NULL },
};

const ismc_schema ismc_schema_authority = { "acceptance tier", S_authority, N(S_authority), sizeof(ismc_authority) };
const ismc_schema ismc_schema_certification = { "certification", S_certification, N(S_certification), sizeof(ismc_certification) };
const ismc_schema ismc_schema_nc_settings = { "nonconformity settings", S_nc_settings, N(S_nc_settings), sizeof(ismc_nc_settings) };
const ismc_schema ismc_schema_nc_action = { "corrective action", S_nc_action, N(S_nc_action), sizeof(ismc_nc_action) };
const ismc_schema ismc_schema_nc_check = { "effectiveness check", S_nc_check, N(S_nc_check), sizeof(ismc_nc_check) };

static const ismc_field S_config[] = {
	{ "organisation", ISMC_T_STR, REQ, V(ismc_config, organisation), NULL, "legal name of the organisation", NULL },
	{ "standard", ISMC_T_ENUM, REQ, V(ismc_config, standard), ismc_standards, "the catalog of requirements, one of those built in (docs/catalogs.md)", NULL },
	{ "scope", ISMC_T_ID, REQ, V(ismc_config, scope), NULL, "id of the scope document (clause 4.3)", NULL },
	{ "period", ISMC_T_DURATION, 0, V(ismc_config, period), NULL, "how far back records count (default 12 months)", NULL },
	{ "review_interval", ISMC_T_DURATION, 0, V(ismc_config, review_interval), NULL, "default review cycle of documents (default 12 months)", NULL },
	{ "classifications", ISMC_T_STRS, LIST, V(ismc_config, classifications), NULL, "allowed classification labels", NULL },
	{ "default_classification", ISMC_T_STR, 0, V(ismc_config, default_classification), NULL, "label of documents that give none", NULL },
	{ "risk", ISMC_T_ANY, REQ, V(ismc_config, risk), NULL, "the risk method: likelihood, impact, acceptance", NULL },
	{ "checks", ISMC_T_ANY, 0, V(ismc_config, checks), NULL, "severity per adjustable code: error, warning or off", NULL },
	{ "exclude", ISMC_T_STRS, LIST, V(ismc_config, exclude), NULL, "globs of paths that are not ISMS files", NULL },
	{ "extra_fields", ISMC_T_STRS, LIST, V(ismc_config, extra_fields), NULL, "front matter keys other tools use, accepted silently", NULL },
	{ "aliases", ISMC_T_ANY, 0, V(ismc_config, aliases), NULL, "front matter keys of other tools read as ismc's: {effective_date: approved_on}", NULL },
	{ "references", ISMC_T_STRS, LIST, V(ismc_config, references), NULL, "patterns (* and ?) of the ids bracketed text may use", NULL },
	{ "links", ISMC_T_ANY, 0, V(ismc_config, links), NULL, "site-absolute link prefixes and the folders they stand for: {\"/\": ../static/}", NULL },
	{ "certification", ISMC_T_MAP, 0, V(ismc_config, certification), NULL, "the certificate's cycle: body, certified_on, audit dates", &ismc_schema_certification },
	{ "nonconformity", ISMC_T_MAP, 0, V(ismc_config, nonconformity), NULL, "how nonconformities are handled: analyse_within", &ismc_schema_nc_settings },
	{ "frameworks", ISMC_T_STRS, LIST, V(ismc_config, frameworks), NULL, "crosswalks to report coverage of, e.g. [nis2, gdpr] (docs/frameworks/)", NULL },
	{ "approvers", ISMC_T_ANY, 0, V(ismc_config, approvers), NULL, "per document type (and register), the roles that may approve", NULL },
	{ "approval", ISMC_T_ANY, 0, V(ismc_config, approval), NULL, "how approvals are proven from git: proof", NULL },
};

static const ismc_field S_approval[] = {
	{ "proof", ISMC_T_ENUM, 0, V(ismc_config, proof), ismc_proofs_names, "the least proof of each approval: none, author, trailer or signature", NULL },
};

static const ismc_field S_risk_method[] = {
	{ "likelihood", ISMC_T_STRS, REQ | LIST, V(ismc_config, likelihood), NULL, "labels of likelihood 1..N", NULL },
	{ "impact", ISMC_T_STRS, REQ | LIST, V(ismc_config, impact), NULL, "labels of impact 1..M", NULL },
	{ "acceptance", ISMC_T_INT, REQ, V(ismc_config, acceptance), NULL, "highest residual score accepted without sign-off", NULL },
	{ "acceptance_valid", ISMC_T_DURATION, 0, V(ismc_config, acceptance_valid), NULL, "how long a sign-off stands (none: for ever)", NULL },
	{ "acceptance_authority", ISMC_T_MAPS, 0, V(ismc_config, acceptance_authority), NULL, "who may accept which residual scores: tiers of above and by", &ismc_schema_authority },
};

static const ismc_field S_document[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_doc, id), NULL, "unique id, e.g. POL-001", NULL },
	{ "title", ISMC_T_STR, REQ, V(ismc_doc, title), NULL, "the document's title", NULL },
	{ "type", ISMC_T_ENUM, REQ, V(ismc_doc, type), ismc_doc_types, "policy, standard, procedure, plan, guideline or record", NULL },
	{ "owner", ISMC_T_STR, REQ, V(ismc_doc, owner), NULL, "the role that owns it", NULL },
	{ "version", ISMC_T_VERSION, REQ, V(ismc_doc, version), NULL, "MAJOR.MINOR", NULL },
	{ "status", ISMC_T_ENUM, REQ, V(ismc_doc, status), ismc_doc_statuses, "draft, review, approved or retired", NULL },
	{ "approved_by", ISMC_T_STR, 0, V(ismc_doc, approved_by), NULL, "who approved it (status approved)", NULL },
	{ "approved_on", ISMC_T_DATE, PAST, V(ismc_doc, approved_on), NULL, "when (status approved)", NULL },
	{ "date", ISMC_T_DATE, PAST, V(ismc_doc, date), NULL, "records: date of the event evidenced", NULL },
	{ "review_interval", ISMC_T_DURATION, 0, V(ismc_doc, review_interval), NULL, "overrides the default review cycle", NULL },
	{ "next_review", ISMC_T_DATE, 0, V(ismc_doc, next_review), NULL, "an explicit next review date", NULL },
	{ "classification", ISMC_T_CLASS, 0, V(ismc_doc, classification), NULL, "one of isms.yml classifications", NULL },
	{ "clauses", ISMC_T_CLAUSES, LIST, V(ismc_doc, clauses), NULL, "clauses of the catalog it addresses", NULL },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_doc, controls), NULL, "controls of the catalog it implements", NULL },
	{ "related", ISMC_T_IDS, LIST, V(ismc_doc, related), NULL, "ids of related documents or register records", NULL },
	{ "climate_change", ISMC_T_ENUM, 0, V(ismc_doc, climate_change), ismc_climate_values, "documents addressing 4.1: whether climate change is a relevant issue", NULL },
};

static const ismc_field S_risk[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_risk, id), NULL, "unique id, e.g. R-001", NULL },
	{ "title", ISMC_T_STR, REQ, V(ismc_risk, title), NULL, "short name of the risk", NULL },
	{ "owner", ISMC_T_STR, REQ, V(ismc_risk, owner), NULL, "risk owner (a role)", NULL },
	{ "assets", ISMC_T_IDS, LIST, V(ismc_risk, assets), NULL, "ids of affected assets", NULL },
	{ "threat", ISMC_T_STR, 0, V(ismc_risk, threat), NULL, "the threat", NULL },
	{ "vulnerability", ISMC_T_STR, 0, V(ismc_risk, vulnerability), NULL, "the vulnerability it exploits", NULL },
	{ "likelihood", ISMC_T_LIKELIHOOD, REQ, V(ismc_risk, likelihood), NULL, "inherent likelihood, 1..N", NULL },
	{ "impact", ISMC_T_IMPACT, REQ, V(ismc_risk, impact), NULL, "inherent impact, 1..M", NULL },
	{ "treatment", ISMC_T_ENUM, REQ, V(ismc_risk, treatment), ismc_treatments, "mitigate, accept, transfer or avoid", NULL },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_risk, controls), NULL, "controls of the catalog selected to treat it", NULL },
	{ "residual", ISMC_T_RESIDUAL, 0, V(ismc_risk, residual), NULL, "likelihood and impact after treatment", NULL },
	{ "target_residual", ISMC_T_RESIDUAL, 0, V(ismc_risk, target_residual), NULL, "likelihood and impact once planned controls are in place", NULL },
	{ "accepted_by", ISMC_T_STR, 0, V(ismc_risk, accepted_by), NULL, "who accepted the residual risk", NULL },
	{ "accepted_on", ISMC_T_DATE, PAST, V(ismc_risk, accepted_on), NULL, "when", NULL },
	{ "review_on", ISMC_T_DATE, 0, V(ismc_risk, review_on), NULL, "next review of the risk", NULL },
};

static const ismc_field S_asset[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_asset, id), NULL, "unique id, e.g. AS-001", NULL },
	{ "name", ISMC_T_STR, REQ, V(ismc_asset, name), NULL, "name of the asset", NULL },
	{ "type", ISMC_T_ENUM, REQ, V(ismc_asset, type), ismc_asset_types, "information, software, hardware, service, people or site", NULL },
	{ "owner", ISMC_T_STR, REQ, V(ismc_asset, owner), NULL, "asset owner (a role)", NULL },
	{ "classification", ISMC_T_CLASS, REQ, V(ismc_asset, classification), NULL, "one of isms.yml classifications", NULL },
	{ "location", ISMC_T_STR, 0, V(ismc_asset, location), NULL, "where it is", NULL },
};

static const ismc_field S_decision[] = {
	{ "id", ISMC_T_CONTROL, REQ, V(ismc_decision, id), NULL, "control id of the catalog, e.g. A.5.1", NULL },
	{ "applicable", ISMC_T_BOOL, REQ, V(ismc_decision, applicable), NULL, "true or false", NULL },
	{ "justification", ISMC_T_STR, REQ, V(ismc_decision, justification), NULL, "why included or excluded (6.1.3 d)", NULL },
	{ "status", ISMC_T_ENUM, 0, V(ismc_decision, status), ismc_control_statuses, "implemented, partial, planned or not-implemented (applicable controls)", NULL },
	{ "implemented_by", ISMC_T_IDS, LIST, V(ismc_decision, implemented_by), NULL, "ids of implementing documents", NULL },
	{ "evidence", ISMC_T_IDS, LIST, V(ismc_decision, evidence), NULL, "ids of record documents", NULL },
	{ "owner", ISMC_T_STR, 0, V(ismc_decision, owner), NULL, "control owner (a role)", NULL },
	{ "target", ISMC_T_DATE, 0, V(ismc_decision, target), NULL, "target date of a planned control", NULL },
};

static const ismc_field S_person[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_person, id), NULL, "unique id, e.g. P-001", NULL },
	{ "name", ISMC_T_STR, REQ, V(ismc_person, name), NULL, "the person's name", NULL },
	{ "roles", ISMC_T_STRS, LIST, V(ismc_person, roles), NULL, "the roles the person holds, as owners and approvers name them", NULL },
	{ "emails", ISMC_T_STRS, LIST, V(ismc_person, emails), NULL, "the person's git identities (author, committer, trailer emails)", NULL },
	{ "keys", ISMC_T_STRS, LIST, V(ismc_person, keys), NULL, "paths below the root to OpenPGP public keys, or SSH public key lines", NULL },
};

/* A register's document: block: the fields of a document that make the
 * register a controlled document (no type, no body). */
static const ismc_field S_register_document[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_doc, id), NULL, "unique id, e.g. SOA-001", NULL },
	{ "title", ISMC_T_STR, REQ, V(ismc_doc, title), NULL, "the register's title", NULL },
	{ "owner", ISMC_T_STR, REQ, V(ismc_doc, owner), NULL, "the role that owns it", NULL },
	{ "version", ISMC_T_VERSION, REQ, V(ismc_doc, version), NULL, "MAJOR.MINOR", NULL },
	{ "status", ISMC_T_ENUM, REQ, V(ismc_doc, status), ismc_doc_statuses, "draft, review, approved or retired", NULL },
	{ "approved_by", ISMC_T_STR, 0, V(ismc_doc, approved_by), NULL, "who approved it (status approved)", NULL },
	{ "approved_on", ISMC_T_DATE, PAST, V(ismc_doc, approved_on), NULL, "when (status approved)", NULL },
	{ "review_interval", ISMC_T_DURATION, 0, V(ismc_doc, review_interval), NULL, "overrides the default review cycle", NULL },
	{ "next_review", ISMC_T_DATE, 0, V(ismc_doc, next_review), NULL, "an explicit next review date", NULL },
	{ "classification", ISMC_T_CLASS, 0, V(ismc_doc, classification), NULL, "one of isms.yml classifications", NULL },
};

static const ismc_field S_activity[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_activity, id), NULL, "unique id, e.g. ACT-ACCESS-REVIEW", NULL },
	{ "title", ISMC_T_STR, REQ, V(ismc_activity, title), NULL, "what is done", NULL },
	{ "owner", ISMC_T_STR, REQ, V(ismc_activity, owner), NULL, "who does it (a role)", NULL },
	{ "every", ISMC_T_DURATION, REQ, V(ismc_activity, every), NULL, "how often a record of it is due, e.g. 3 months", NULL },
	{ "grace", ISMC_T_DURATION, 0, V(ismc_activity, grace), NULL, "how late a record may be before the activity is overdue", NULL },
	{ "clauses", ISMC_T_CLAUSES, LIST, V(ismc_activity, clauses), NULL, "clauses the activity serves", NULL },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_activity, controls), NULL, "Annex A controls it operates", NULL },
	{ "records", ISMC_T_PATTERN, REQ | LIST, V(ismc_activity, records), NULL, "id patterns of the records proving it, e.g. REC-AR-*", NULL },
};

static const ismc_field S_nonconformity[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_nonconformity, id), NULL, "unique id, e.g. NC-2026-01", NULL },
	{ "title", ISMC_T_STR, REQ, V(ismc_nonconformity, title), NULL, "a short name", NULL },
	{ "raised_on", ISMC_T_DATE, REQ | PAST, V(ismc_nonconformity, raised_on), NULL, "when it was found", NULL },
	{ "source", ISMC_T_ENUM, REQ, V(ismc_nonconformity, source), ismc_nc_sources, "internal-audit, external-audit, incident, management-review, monitoring or other", NULL },
	{ "clauses", ISMC_T_CLAUSES, LIST, V(ismc_nonconformity, clauses), NULL, "clauses not met", NULL },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_nonconformity, controls), NULL, "Annex A controls not met", NULL },
	{ "description", ISMC_T_STR, REQ, V(ismc_nonconformity, description), NULL, "what was found (10.2 f)", NULL },
	{ "correction", ISMC_T_STR, 0, V(ismc_nonconformity, correction), NULL, "what was done to control and correct it (10.2 a)", NULL },
	{ "root_cause", ISMC_T_STR, 0, V(ismc_nonconformity, root_cause), NULL, "why it happened (10.2 b)", NULL },
	{ "actions", ISMC_T_MAPS, 0, V(ismc_nonconformity, actions), NULL, "corrective actions (10.2 c)", &ismc_schema_nc_action },
	{ "status", ISMC_T_ENUM, REQ, V(ismc_nonconformity, status), ismc_nc_statuses, "open or closed", NULL },
	{ "closed_on", ISMC_T_DATE, PAST, V(ismc_nonconformity, closed_on), NULL, "when it was closed", NULL },
	{ "effectiveness", ISMC_T_MAP, 0, V(ismc_nonconformity, effectiveness), NULL, "the review of the actions' effectiveness (10.2 d)", &ismc_schema_nc_check },
	{ "related", ISMC_T_IDS, LIST, V(ismc_nonconformity, related), NULL, "ids of related documents or records", NULL },
};

static const ismc_field S_supplier[] = {
	{ "id", ISMC_T_ID, REQ, V(ismc_supplier, id), NULL, "unique id, e.g. SUP-001", NULL },
	{ "name", ISMC_T_STR, REQ, V(ismc_supplier, name), NULL, "the supplier's name", NULL },
	{ "service", ISMC_T_STR, REQ, V(ismc_supplier, service), NULL, "what it provides", NULL },
	{ "criticality", ISMC_T_ENUM, REQ, V(ismc_supplier, criticality), ismc_criticalities, "critical, important or standard", NULL },
	{ "owner", ISMC_T_STR, 0, V(ismc_supplier, owner), NULL, "who manages the relationship (a role)", NULL },
	{ "assets", ISMC_T_IDS, LIST, V(ismc_supplier, assets), NULL, "ids of the assets it provides or holds", NULL },
	{ "controls", ISMC_T_CONTROLS, LIST, V(ismc_supplier, controls), NULL, "Annex A controls its management evidences", NULL },
	{ "agreement", ISMC_T_STR, 0, V(ismc_supplier, agreement), NULL, "the agreement: a document id or a file of the ISMS", NULL },
	{ "last_review", ISMC_T_DATE, PAST, V(ismc_supplier, last_review), NULL, "when it was last reviewed", NULL },
	{ "review_every", ISMC_T_DURATION, REQ, V(ismc_supplier, review_every), NULL, "how often it is reviewed", NULL },
};

const ismc_schema ismc_schema_config = { "isms.yml", S_config, N(S_config), sizeof(ismc_config) };
const ismc_schema ismc_schema_risk_method = { "risk method", S_risk_method, N(S_risk_method), sizeof(ismc_config) };
const ismc_schema ismc_schema_document = { "front matter", S_document, N(S_document), sizeof(ismc_doc) };
const ismc_schema ismc_schema_risk = { "risk", S_risk, N(S_risk), sizeof(ismc_risk) };
const ismc_schema ismc_schema_asset = { "asset", S_asset, N(S_asset), sizeof(ismc_asset) };
const ismc_schema ismc_schema_decision = { "control decision", S_decision, N(S_decision), sizeof(ismc_decision) };
const ismc_schema ismc_schema_activity = { "activity", S_activity, N(S_activity), sizeof(ismc_activity) };
const ismc_schema ismc_schema_nonconformity = { "nonconformity", S_nonconformity, N(S_nonconformity), sizeof(ismc_nonconformity) };
const ismc_schema ismc_schema_supplier = { "supplier", S_supplier, N(S_supplier), sizeof(ismc_supplier) };
const ismc_schema ismc_schema_person = { "person", S_person, N(S_person), sizeof(ismc_person) };
const ismc_schema ismc_schema_register_document = { "register document", S_register_document, N(S_register_document), sizeof(ismc_doc) };
const ismc_schema ismc_schema_approval = { "approval", S_approval, N(S_approval), sizeof(ismc_config) };

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
	case ISMC_T_PATTERN:
		/* an id with wildcards: upper-case letter, then A-Z 0-9 - * ? */
		if (!isupper((unsigned char)s[0]) ||
		    s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-*?")] != '\0') {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, v->pos,
			              "'%s' is not an id pattern: an upper-case letter, then upper-case "
			              "letters, digits and hyphens, with * for any characters and ? for "
			              "one (e.g. REC-AR-*)", s);
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

static void S_residual(const ismc_validate_ctx *c, const ismc_field *res, const ismc_ynode *n,
                       ismc_val *v)
{
	if (n->kind != ISMC_Y_MAP) {
		ismc_diag_add(c->diags, ISMC_INVALID_VALUE, n->pos,
		          "%s must be a mapping: {likelihood: N, impact: N}", res->name);
		return;
	}
	static const ismc_field fl = { "likelihood", ISMC_T_LIKELIHOOD, 0, 0, NULL, NULL, NULL };
	static const ismc_field fi = { "impact", ISMC_T_IMPACT, 0, 0, NULL, NULL, NULL };
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
				          "unknown field '%s.%s'; did you mean '%s'?", res->name, key->str, near);
			else
				ismc_diag_add(c->diags, ISMC_UNKNOWN_FIELD, key->pos,
				          "unknown field '%s.%s' (%s has likelihood and impact)", res->name,
				          key->str, res->name);
			continue;
		}
		ismc_val *dst = f == &fl ? &l : &i;
		if (!S_scalar(val)) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, val->pos, "%s %s must be a number", res->name, f->name);
			ok = 0;
			continue;
		}
		dst->s = val->str;
		dst->pos = val->pos;
		if (S_check_scalar(c, f, f->type, dst) != 0)
			ok = 0;
	}
	if (!l.s || !i.s) {
		ismc_diag_add(c->diags, ISMC_MISSING_FIELD, n->pos, "%s needs both likelihood and impact",
		              res->name);
		ok = 0;
	}
	if (ok) {
		v->s = res->name;
		v->n = l.n;
		v->m = i.n;
	}
}

/* A nested table's records: one mapping (ISMC_T_MAP) or a list of them
 * (ISMC_T_MAPS), each validated by f->sub into a struct of its own that
 * starts with the mapping's position. Returns how many were given. */
static size_t S_nested(const ismc_validate_ctx *c, const ismc_field *f, const ismc_ynode *key,
                       const ismc_ynode *n, ismc_recs *out)
{
	int list = f->type == ISMC_T_MAPS;
	out->set = 1;
	out->key = key->pos;
	if (n->kind == ISMC_Y_NULL)
		return 0;
	if (n->kind != (list ? ISMC_Y_SEQ : ISMC_Y_MAP)) {
		ismc_diag_add(c->diags, ISMC_INVALID_VALUE, n->pos,
		              list ? "'%s' must be a list of mappings (- field: value ...), not a %s"
		                   : "'%s' must be a mapping of fields, not a %s",
		              f->name, n->kind == ISMC_Y_SCALAR ? "single value"
		                       : n->kind == ISMC_Y_SEQ ? "list" : "mapping");
		return 0;
	}
	size_t count = list ? n->n : 1;
	out->v = ismc_arena_alloc(c->arena, (count + 1) * sizeof(void *));
	for (size_t i = 0; i < count; i++) {
		const ismc_ynode *it = list ? n->items[i] : n;
		if (it->kind != ISMC_Y_MAP) {
			ismc_diag_add(c->diags, ISMC_INVALID_VALUE, it->pos,
			              "each item of '%s' must be a mapping of fields", f->name);
			continue;
		}
		void *rec = ismc_arena_alloc(c->arena, f->sub->size);
		*(ismc_pos *)rec = it->pos;
		ismc_schema_validate(c, f->sub, it, it->pos, rec);
		out->v[out->n++] = rec;
	}
	return count;
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
		if (f->type == ISMC_T_MAP || f->type == ISMC_T_MAPS) {
			if (S_nested(c, f, key, val, slot) == 0) {
				seen[f - sch->fields] = 2;
				empty_at[f - sch->fields] = key->pos;
			}
			continue;
		}
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
			S_residual(c, f, val, v);
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
