/*
 * ismc.h: the one internal header. A section per source file lists what that
 * file exports; read top to bottom it is the pipeline:
 *   source/discover -> yaml -> config, document, markdown, register -> model
 *   -> resolve -> check -> report (and, for build: xml, emit -> transform).
 * Each file is read once by the source; the resolve step ends loading, and
 * from then on the model is read-only (const ismc_model *).
 *
 * Conventions (docs/hacking.md): `ismc_<module>_<verb>` names, static helpers
 * `S_*`; fallible system operations return 0 or a negative code and leave a
 * message in an `ismc_error` buffer; problems in the user's ISMS are
 * diagnostics, never return codes; out of memory aborts in ismc_xmalloc.
 */
#ifndef ISMC_H
#define ISMC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define ISMC_VERSION "0.1.0"
#ifndef ISMC_URL /* the project's home (SARIF, help links); CMake's ISMC_URL sets it;
                    "": none known, and no address is printed */
#define ISMC_URL ""
#endif

/* A list of kinds is written once as rows X(ENUM, "name"); these expand it
 * into the enum and into the array of names, so the two cannot drift. */
#define ISMC_X_ENUM(e, name) e,
#define ISMC_X_NAME(e, name) name,

/* ---- util.c: allocation, arena, buffers, hash table, text helpers ---- */

void *ismc_xmalloc(size_t n);
void *ismc_xcalloc(size_t n, size_t size);
void *ismc_xrealloc(void *p, size_t n);
char *ismc_xstrdup(const char *s);

/* ISMC_TIMING=1 (docs/performance.md): ismc_timing prints "ismc: timing:
 * S s WHAT (M MB resident)" on stderr, the seconds since *since, and sets
 * *since to now; without ISMC_TIMING, or with `what` NULL, it only sets
 * *since. */
void ismc_timing(const char *what, struct timespec *since);
/* Gives the memory freed so far back to the system (jemalloc's purge, or
 * glibc's malloc_trim): between large pages, so the peak is the largest
 * page's rather than their sum. */
void ismc_memory_release(void);
/* Whether the memory this process maps from now on may come in
 * transparent huge pages (prctl PR_SET_THP_DISABLE; nothing elsewhere than
 * Linux). jemalloc asks for them (main.c's malloc_conf); main turns them
 * off, and a build over an earlier OUT back on: they spare a rebuild most
 * of its page faults, and cost a check or a full build memory and time
 * (docs/performance.md, "Huge pages"). */
void ismc_memory_huge_pages(int on);

/* An arena owns every model object of one compile; freed in one call. */
typedef struct ismc_arena ismc_arena;
ismc_arena *ismc_arena_new(void);
void ismc_arena_free(ismc_arena *a);
void *ismc_arena_alloc(ismc_arena *a, size_t n);          /* zeroed */
char *ismc_arena_strdup(ismc_arena *a, const char *s);
char *ismc_arena_strndup(ismc_arena *a, const char *s, size_t n);
char *ismc_arena_printf(ismc_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable byte buffer, always NUL-terminated; the owner frees `data`. */
typedef struct {
	char *data;
	size_t len, cap;
} ismc_buf;
void ismc_buf_put(ismc_buf *b, const char *s, size_t n);
void ismc_buf_puts(ismc_buf *b, const char *s);
void ismc_buf_printf(ismc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ismc_buf_vprintf(ismc_buf *b, const char *fmt, va_list ap);
void ismc_buf_free(ismc_buf *b);

/* A growable array of pointers (the arena or caller owns the elements). */
typedef struct {
	void **v;
	size_t n, cap;
} ismc_vec;
void ismc_vec_push(ismc_vec *v, void *p);
void ismc_vec_free(ismc_vec *v);
/* The entries of folder `dir` but "." and ".." (and dot-entries when
 * `skip_hidden`), sorted by name, appended to `out` as strings the caller
 * frees with ismc_names_free. Returns 0, or -1 with errno set. */
int ismc_dir_names(const char *dir, int skip_hidden, ismc_vec *out);
void ismc_names_free(ismc_vec *v);

/* String-keyed hash table; keys are not copied (keep them alive). */
typedef struct ismc_map ismc_map;
ismc_map *ismc_map_new(void);
void ismc_map_free(ismc_map *m);
void *ismc_map_get(const ismc_map *m, const char *key);
/* Inserts key -> val unless present; returns the value already there, or NULL. */
void *ismc_map_put(ismc_map *m, const char *key, void *val);
size_t ismc_map_count(const ismc_map *m);
/* Calls fn(key, val, arg) with each entry, in the table's order: the same
 * for the same keys put in the same order. */
void ismc_map_each(const ismc_map *m, void (*fn)(const char *key, void *val, void *arg),
                   void *arg);
/* A map whose keys are addresses of objects (cast to const char *), told
 * apart by address alone: no string to hash or compare. */
ismc_map *ismc_map_new_byaddr(void);

/* Copies `len` bytes of `from` at offset `off` to `to`; with len < 0, all
 * that is left of `from` from where it stands (`off` unused). 0, or -1
 * when fewer could be read or a write fell short. */
int ismc_copy_bytes(FILE *from, long long off, long long len, FILE *to);

/* Text. */
/* The value of hex digit c (either case), or -1. */
int ismc_hex_digit(int c);
/* Returns 0 if valid UTF-8, else the byte offset of the first bad sequence + 1. */
size_t ismc_utf8_invalid(const char *s, size_t n);
/* 0 when s[0..n) is UTF-8 without control characters (C0, DEL, C1: what
 * a terminal acts on), else the byte offset of the first offender + 1. */
size_t ismc_text_unsafe(const char *s, size_t n);
/* The one escaping of user text (paths, values, messages) for a terminal or
 * a log: appends s[0..n) to `b` with C0 controls and DEL as `\n`, `\r`,
 * `\t` or `\x1b`, C1 controls as `\u009b`, and bytes that are not UTF-8 as
 * `\xff`; everything else as it is. */
void ismc_buf_escape(ismc_buf *b, const char *s, size_t n);
/* fputs through ismc_buf_escape; fprintln escapes the whole formatted text
 * and ends it with a newline: always exactly one line. */
void ismc_fputs_esc(FILE *f, const char *s);
void ismc_fprintln_esc(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ismc_vfprintln_esc(FILE *f, const char *fmt, va_list ap);
/* Levenshtein distance, capped at `cap` (returns cap when farther). */
int ismc_edit_distance(const char *a, const char *b, int cap);
/* The closest of `cands` within a distance that makes it a likely typo, or NULL. */
const char *ismc_closest(const char *word, const char *const *cands, size_t n);

/* Dates are days since 1970-01-01. */
int ismc_date_parse(const char *s, long *days);
void ismc_date_format(long days, char out[11]);
long ismc_date_today(void);
enum { ISMC_DAYS, ISMC_WEEKS, ISMC_MONTHS, ISMC_YEARS };
int ismc_duration_parse(const char *s, long *count, int *unit);
long ismc_date_add(long days, long count, int unit);
/* A duration as written in isms.yml: "30 days", "1 month". */
void ismc_duration_format(long count, int unit, char out[32]);

/* ---- diag.c: the diagnostic table, collection, ordering, printing ---- */

typedef struct {
	const char *file; /* relative to the ISMS root; NULL: no place */
	int line, col;    /* 1-based; col counts bytes, as compilers do */
} ismc_pos;

typedef enum {
	ISMC_OFF = 0,
	ISMC_NOTE,
	ISMC_WARNING,
	ISMC_ERROR
} ismc_severity;

/* Areas of the gap analysis (report.c), in the order the work is best done:
 * settings and front matter first (nothing else counts until they parse),
 * then the SoA, coverage and records that certification needs, then the
 * rest. */
#define ISMC_AREAS(X) \
	X(ISMC_AREA_SETUP, "setup") \
	X(ISMC_AREA_DOCUMENTS, "documents") \
	X(ISMC_AREA_SOA, "SoA") \
	X(ISMC_AREA_CLAUSES, "clauses") \
	X(ISMC_AREA_RECORDS, "records") \
	X(ISMC_AREA_RISKS, "risks") \
	X(ISMC_AREA_ASSETS, "assets") \
	X(ISMC_AREA_OPERATION, "operation") \
	X(ISMC_AREA_REGISTERS, "registers") \
	X(ISMC_AREA_REFERENCES, "references") \
	X(ISMC_AREA_CHANGES, "changes")
typedef enum {
	ISMC_AREAS(ISMC_X_ENUM)
	ISMC_NAREAS,
	ISMC_AREA_FILE /* a code found while parsing: the area of the file it points at */
} ismc_area;

/* Every fact of a diagnostic code, one row each: enum, name, default
 * severity, adjustable (isms.yml `checks:`), gap-analysis area, and the gap
 * analysis's line for a group of them: what the group is ("%zu ...%s":
 * count, plural s) and what it asks the user to do. The explanation is
 * docs/diagnostics/<name>.md, compiled in at build time (explain.c).
 * docs/hacking.md lists what else a new code needs. */
#define ISMC_CODES(X) \
	X(FRONT_MATTER_MISSING, "front-matter-missing", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu Markdown file%s without front matter", \
	  "start each with front matter (id, title, type, owner, version, status), or exclude it in isms.yml") \
	X(YAML_SYNTAX, "yaml-syntax", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu YAML syntax error%s", \
	  "fix the YAML at the positions shown") \
	X(MISSING_FIELD, "missing-field", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu required field%s absent or empty", \
	  "add the values the messages name") \
	X(INVALID_VALUE, "invalid-value", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu invalid value%s", \
	  "correct each as its message says") \
	X(UNKNOWN_FIELD, "unknown-field", ISMC_WARNING, 1, ISMC_AREA_FILE, \
	  "%zu unknown field%s", \
	  "correct the spelling, or map keys other tools use in isms.yml aliases (or list them in extra_fields)") \
	X(DUPLICATE_ID, "duplicate-id", ISMC_ERROR, 0, ISMC_AREA_REFERENCES, \
	  "%zu id%s defined twice", \
	  "give every document and record its own id") \
	X(UNKNOWN_CONTROL, "unknown-control", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu unknown control id%s", \
	  "write control ids as the catalog numbers them") \
	X(UNKNOWN_CLAUSE, "unknown-clause", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu unknown clause id%s", \
	  "list clauses as the catalog numbers them") \
	X(UNKNOWN_REFERENCE, "unknown-reference", ISMC_ERROR, 0, ISMC_AREA_REFERENCES, \
	  "%zu reference%s to undefined ids", \
	  "point each at an existing document, risk or asset") \
	X(BROKEN_LINK, "broken-link", ISMC_ERROR, 0, ISMC_AREA_REFERENCES, \
	  "%zu broken link%s", \
	  "fix the path or the #heading") \
	X(UNSAFE_LINK, "unsafe-link", ISMC_ERROR, 0, ISMC_AREA_REFERENCES, \
	  "%zu link%s with a forbidden scheme", \
	  "use only http, https, mailto or relative links") \
	X(SOA_MISSING_CONTROL, "soa-missing-control", ISMC_ERROR, 0, ISMC_AREA_SOA, \
	  "%zu control%s without a decision", \
	  "add a record for each to a controls register, with applicable and justification") \
	X(EXCLUDED_CONTROL_USED, "excluded-control-used", ISMC_ERROR, 0, ISMC_AREA_SOA, \
	  "%zu use%s of excluded controls", \
	  "include the control in the SoA, or stop relying on it") \
	X(CONTROL_UNIMPLEMENTED, "control-unimplemented", ISMC_ERROR, 0, ISMC_AREA_SOA, \
	  "%zu control%s marked implemented without an approved document", \
	  "approve a document that implements each, or correct its status") \
	X(PLANNED_WITHOUT_TARGET, "planned-without-target", ISMC_WARNING, 1, ISMC_AREA_SOA, \
	  "%zu planned control%s without a target date", \
	  "set target: YYYY-MM-DD on each") \
	X(RISK_NO_CONTROLS, "risk-no-controls", ISMC_ERROR, 0, ISMC_AREA_RISKS, \
	  "%zu mitigated risk%s without controls", \
	  "list the controls that treat each risk") \
	X(RISK_ACCEPTANCE_MISSING, "risk-acceptance-missing", ISMC_ERROR, 0, ISMC_AREA_RISKS, \
	  "%zu residual risk%s above acceptance without sign-off", \
	  "record the risk owner's accepted_by and accepted_on, or treat the risk further") \
	X(CLAUSE_UNCOVERED, "clause-uncovered", ISMC_ERROR, 0, ISMC_AREA_CLAUSES, \
	  "%zu leaf clause%s addressed by no approved document", \
	  "write and approve a document that lists each in its clauses") \
	X(RECORD_MISSING, "record-missing", ISMC_ERROR, 0, ISMC_AREA_RECORDS, \
	  "%zu clause%s without a record in the audit period", \
	  "add an approved document of type record, with its date, listing the clause") \
	X(REVIEW_OVERDUE, "review-overdue", ISMC_WARNING, 1, ISMC_AREA_CHANGES, \
	  "%zu document%s overdue for review", \
	  "review each and record the new approved_on, or set next_review") \
	X(APPROVAL_MISSING, "approval-missing", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu approved document%s without approver or date", \
	  "set approved_by and approved_on") \
	X(ORPHAN_DOCUMENT, "orphan-document", ISMC_WARNING, 1, ISMC_AREA_FILE, \
	  "%zu document%s that nothing refers to", \
	  "reference each, or list the clauses or controls it addresses") \
	X(VERSION_NOT_BUMPED, "version-not-bumped", ISMC_ERROR, 0, ISMC_AREA_CHANGES, \
	  "%zu changed approved document%s with an unchanged version", \
	  "increase each version") \
	X(UNCOMMITTED_CHANGE, "uncommitted-change", ISMC_WARNING, 0, ISMC_AREA_CHANGES, \
	  "%zu file%s differing from the last commit", \
	  "commit them before building the evidence pack") \
	X(INVALID_UTF8, "invalid-utf8", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu file%s not in UTF-8", \
	  "save each as UTF-8") \
	X(FILE_TOO_LARGE, "file-too-large", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu file%s over 8 MiB", \
	  "split each") \
	X(PATH_ESCAPE, "path-escape", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu symbolic link%s leading outside the root", \
	  "replace each with the file itself") \
	X(YAML_ALIAS, "yaml-alias", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu use%s of YAML aliases", \
	  "write the values out in full") \
	X(NESTING_TOO_DEEP, "nesting-too-deep", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu document%s nested too deep", \
	  "flatten the lists, quotes or emphasis") \
	X(VALUE_CASE, "value-case", ISMC_WARNING, 1, ISMC_AREA_FILE, \
	  "%zu value%s spelt in another case than isms.yml's", \
	  "write each as isms.yml does") \
	X(DATE_IN_FUTURE, "date-in-future", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu date%s of past events after the as-of date", \
	  "correct each date, or check as of a later day") \
	X(UNKNOWN_PERSON, "unknown-person", ISMC_ERROR, 1, ISMC_AREA_REFERENCES, \
	  "%zu owner or approver name%s matching no one in the people register", \
	  "add the person or the role to the people register, or correct the name") \
	X(APPROVER_NOT_ALLOWED, "approver-not-allowed", ISMC_ERROR, 0, ISMC_AREA_FILE, \
	  "%zu approval%s by a role isms.yml approvers does not allow", \
	  "have an allowed role approve each, or change isms.yml approvers") \
	X(APPROVAL_UNPROVEN, "approval-unproven", ISMC_ERROR, 0, ISMC_AREA_CHANGES, \
	  "%zu approval%s that git does not prove", \
	  "commit each approval as isms.yml approval.proof asks: signed, or with an Approved-by trailer, by the approver") \
	X(APPROVAL_DATE_MISMATCH, "approval-date-mismatch", ISMC_ERROR, 1, ISMC_AREA_CHANGES, \
	  "%zu approval date%s later than the approving commit", \
	  "correct each approved_on to the day the approval was committed") \
	X(SOA_UNAPPROVED, "soa-unapproved", ISMC_WARNING, 1, ISMC_AREA_SOA, \
	  "%zu Statement%s of Applicability without id, version and approval", \
	  "open the controls register with a document: block (id, title, owner, version, status, approved_by, approved_on)") \
	X(ACTIVITY_OVERDUE, "activity-overdue", ISMC_WARNING, 1, ISMC_AREA_OPERATION, \
	  "%zu activity record%s overdue", \
	  "do each activity and record it, approved and dated, under an id its records pattern matches") \
	X(TARGET_OVERDUE, "target-overdue", ISMC_WARNING, 1, ISMC_AREA_SOA, \
	  "%zu control%s past the target date", \
	  "implement each, or set a new target and say why in the justification") \
	X(RISK_REVIEW_OVERDUE, "risk-review-overdue", ISMC_WARNING, 1, ISMC_AREA_RISKS, \
	  "%zu risk%s past review_on", \
	  "review each risk and set its next review_on") \
	X(RISK_ACCEPTANCE_EXPIRED, "risk-acceptance-expired", ISMC_WARNING, 1, ISMC_AREA_RISKS, \
	  "%zu risk sign-off%s expired", \
	  "have each residual risk accepted again (accepted_by, accepted_on), or treat it further") \
	X(ACTION_OVERDUE, "action-overdue", ISMC_WARNING, 1, ISMC_AREA_OPERATION, \
	  "%zu corrective action%s past due", \
	  "complete each and record done_on, or agree and record a new due date") \
	X(NONCONFORMITY_UNANALYSED, "nonconformity-unanalysed", ISMC_WARNING, 1, ISMC_AREA_OPERATION, \
	  "%zu open nonconformity finding%s without a root cause or an action", \
	  "find each root cause and decide the corrective actions (10.2 b, c)") \
	X(EFFECTIVENESS_UNCHECKED, "effectiveness-unchecked", ISMC_ERROR, 0, ISMC_AREA_OPERATION, \
	  "%zu closed nonconformity finding%s without an effectiveness check", \
	  "review whether the actions worked and record it in effectiveness (10.2 d)") \
	X(SUPPLIER_REVIEW_OVERDUE, "supplier-review-overdue", ISMC_WARNING, 1, ISMC_AREA_OPERATION, \
	  "%zu supplier review%s overdue", \
	  "review each supplier and record last_review") \
	X(RESIDUAL_ABOVE_INHERENT, "residual-above-inherent", ISMC_ERROR, 0, ISMC_AREA_RISKS, \
	  "%zu residual score%s above the score before treatment", \
	  "correct the scores: treatment does not raise a risk") \
	X(RISK_ACCEPTANCE_AUTHORITY, "risk-acceptance-authority", ISMC_ERROR, 0, ISMC_AREA_RISKS, \
	  "%zu risk%s accepted by someone without the authority", \
	  "have each accepted at the level risk.acceptance_authority names") \
	X(RESIDUAL_RELIES_ON_PLANNED, "residual-relies-on-planned", ISMC_WARNING, 1, ISMC_AREA_RISKS, \
	  "%zu residual score%s counting controls not yet implemented", \
	  "give today's level as residual and the planned one as target_residual") \
	X(CLIMATE_CHANGE_UNDETERMINED, "climate-change-undetermined", ISMC_ERROR, 0, ISMC_AREA_CLAUSES, \
	  "%zu context document%s silent on climate change", \
	  "state climate_change: relevant or not-relevant in a document addressing 4.1, with the reasons")

typedef enum {
#define X(e, name, sev, adj, area, gap, todo) ISMC_##e,
	ISMC_CODES(X)
#undef X
	ISMC_NCODES
} ismc_code;

typedef struct {
	const char *name;
	ismc_severity severity;
	int adjustable;
	ismc_area area;
	const char *gap, *todo; /* the gap-analysis line: "%zu ...%s", and what to do */
} ismc_code_info;
const ismc_code_info *ismc_code_get(ismc_code c);
/* Returns the code named `name`, or -1. */
int ismc_code_find(const char *name);

typedef struct {
	ismc_code code;
	ismc_severity severity;
	ismc_pos pos;
	char *msg;
	ismc_pos note_pos; /* an attached note (duplicate-id's first place) */
	char *note;
	char *group;       /* what findings of a kind share (a broken link's
	                      target), for the folded text report; NULL: none */
	size_t seq; /* order of emission: ties keep the order the rules chose */
	int demoted; /* one level below its code's error: a warning (ismc_diag_demote) */
} ismc_diag;

typedef struct ismc_diags ismc_diags;
ismc_diags *ismc_diags_new(void);
void ismc_diags_free(ismc_diags *d);
/* Sets the severity of a code (isms.yml `checks:`); ISMC_OFF drops it. In
 * a release set, a code that is not adjustable is never lowered (the
 * request is recorded: ismc_diags_kept). */
void ismc_diags_set_severity(ismc_diags *d, ismc_code c, ismc_severity s);
/* Makes `d` a release build's: `checks:` may lower only adjustable codes,
 * so a pack never hides an error by its configuration. Call before loading. */
void ismc_diags_release(ismc_diags *d);
/* Did `checks:` ask to lower code `c`, which the release set kept? */
int ismc_diags_kept(const ismc_diags *d, ismc_code c);
ismc_severity ismc_diags_severity(const ismc_diags *d, ismc_code c);
/* Adds a diagnostic; `pos.file` must outlive the set (arena strings do). */
ismc_diag *ismc_diag_add(ismc_diags *d, ismc_code c, ismc_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ismc_diag_note(ismc_diag *dg, ismc_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets what the diagnostic shares with others of its code (its group). */
void ismc_diag_group(ismc_diag *dg, const char *group);
/* Makes `dg` a warning where its code is an error (unknown-person of an
 * owner, where an approver's is an error); isms.yml `checks:` still sets
 * the code's severity, and this one follows it a level below. */
void ismc_diag_demote(ismc_diag *dg);
/* Sorts by path, line, column, code, then emission order (rules emit in
 * catalog order); removes exact repeats. */
void ismc_diags_sort(ismc_diags *d);
size_t ismc_diags_count(const ismc_diags *d);
/* Removes the diagnostics i for which drop[i] (d's order; after sorting). */
void ismc_diags_drop(ismc_diags *d, const int *drop);
const ismc_diag *ismc_diags_at(const ismc_diags *d, size_t i);
size_t ismc_diags_count_severity(const ismc_diags *d, ismc_severity s);
/* Does any diagnostic of code `c` exist? (tests, and build gating) */
int ismc_diags_has(const ismc_diags *d, ismc_code c);
void ismc_diag_print(FILE *f, const ismc_diag *dg, int colour);
const char *ismc_severity_name(ismc_severity s);

/* ---- catalog.c: the catalogs of requirements (schemas/catalog/<id>/) ---- */

/* A data file the build embeds (cmake/embed_dir.cmake): its path below its
 * folder and its text. Tables of them end with { NULL, NULL }. */
typedef struct {
	const char *path, *text;
} ismc_embedded;
extern const ismc_embedded ismc_catalog_files[];   /* catalog_data.c */
extern const char *const ismc_standards[];         /* catalogs with clauses: the values
                                                      of isms.yml `standard:` */

typedef struct {
	const char *id, *theme, *title;
	int index; /* catalog order */
	const char *const *successors; /* an earlier edition's control: the ids it
	                                  became in the successor catalog */
	size_t nsuccessors;
} ismc_control;

typedef struct {
	const char *id, *title;
	int leaf;
	int index;
} ismc_clause;

/* A named group: a theme of controls (key "organizational", label "A.5",
 * "Organizational controls"), a main clause ("4", "4", "Context of the
 * organization"), or an earlier edition's control objective ("A.9.1"). */
typedef struct {
	const char *key, *label, *name;
} ismc_group;

typedef struct ismc_catalog ismc_catalog;
/* The embedded catalogs, parsed on first use and kept for the process (the
 * data is the same for every compile; a model points at the one its isms.yml
 * `standard:` chose). */
size_t ismc_catalog_count(void);
const ismc_catalog *ismc_catalog_nth(size_t i);
/* The catalog whose id is `id` ("iso27001:2022"), or NULL. */
const ismc_catalog *ismc_catalog_find(const char *id);
/* The catalog a compile uses when isms.yml names none it can use. */
const ismc_catalog *ismc_catalog_default(void);
/* What the catalog's metadata (catalog.tsv) says: its id, display name
 * ("ISO/IEC 27001:2022"), family ("ISO/IEC 27001", the standard without its
 * edition) and the label of its control set ("Annex A"). */
const char *ismc_catalog_id(const ismc_catalog *c);
const char *ismc_catalog_name(const ismc_catalog *c);
const char *ismc_catalog_family(const ismc_catalog *c);
const char *ismc_catalog_control_set(const ismc_catalog *c);
/* The edition before (whose ids are recognised) and after, or NULL. */
const ismc_catalog *ismc_catalog_predecessor(const ismc_catalog *c);
const ismc_catalog *ismc_catalog_successor(const ismc_catalog *c);
size_t ismc_catalog_ncontrols(const ismc_catalog *c);
const ismc_control *ismc_catalog_control_at(const ismc_catalog *c, size_t i);
const ismc_control *ismc_catalog_control(const ismc_catalog *c, const char *id);
size_t ismc_catalog_nclauses(const ismc_catalog *c);
const ismc_clause *ismc_catalog_clause_at(const ismc_catalog *c, size_t i);
const ismc_clause *ismc_catalog_clause(const ismc_catalog *c, const char *id);
/* Themes of controls, main clauses and control objectives, in file order;
 * *_find by key, NULL when none. */
size_t ismc_catalog_ngroups(const ismc_catalog *c);
const ismc_group *ismc_catalog_group_at(const ismc_catalog *c, size_t i);
const ismc_group *ismc_catalog_group(const ismc_catalog *c, const char *key);
size_t ismc_catalog_nclause_groups(const ismc_catalog *c);
const ismc_group *ismc_catalog_clause_group_at(const ismc_catalog *c, size_t i);
const ismc_group *ismc_catalog_objective(const ismc_catalog *c, const char *id);
/* The clauses whose evidence is a record dated within the audit period. */
size_t ismc_catalog_nrecords(const ismc_catalog *c);
const char *ismc_catalog_record_at(const ismc_catalog *c, size_t i);
/* The record clause that a nonconformity of registers/nonconformities.yml
 * handled in the audit period also evidences (10.2 in 27001:2022), or NULL. */
const char *ismc_catalog_nc_record(const ismc_catalog *c);
/* The clause a document must address to state climate_change (4.1 since
 * ISO/IEC 27001:2022/Amd 1:2024), or NULL: the edition does not ask. */
const char *ismc_catalog_climate(const ismc_catalog *c);
/* "A.5.1 to A.8.34", "4.1 to 10.2", "4-10": the catalog's ranges, for messages. */
void ismc_catalog_control_range(const ismc_catalog *c, ismc_buf *b);
void ismc_catalog_clause_range(const ismc_catalog *c, ismc_buf *b);
void ismc_catalog_clause_span(const ismc_catalog *c, ismc_buf *b);
/* Is `leaf` the clause `id` or one of its sub-clauses? ("9.2" covers "9.2.1") */
int ismc_clause_covers(const char *id, const char *leaf);
/* The canonical form of a control id written in a variant form of catalog
 * `c`'s syntax (its prefix in any case, zero padding, "A 5.1", a variant
 * prefix such as "iso27001:"), into `out`; 0 on success, -1 when `s` does
 * not have the catalog's shape. */
int ismc_catalog_canonical(const ismc_catalog *c, const char *s, char out[24]);
/* The same for the shape of any embedded catalog: is `s` written as a
 * control id at all? (bracketed ids in Markdown, before a catalog is known) */
int ismc_control_canonical(const char *s, char out[24]);
/* The closest known control/clause id, or NULL. */
const char *ismc_catalog_suggest_control(const ismc_catalog *c, const char *id);
const char *ismc_catalog_suggest_clause(const ismc_catalog *c, const char *id);
/* Number of leaf clauses. */
size_t ismc_catalog_nleaves(const ismc_catalog *c);

/* ---- source.c: the files of an ISMS root, from a folder or a git tree ---- */

#define ISMC_MAX_FILE (8u << 20) /* file-too-large above this */
#define ISMC_MAX_NESTING 64      /* nesting-too-deep: Markdown blocks and inlines */

typedef enum { ISMC_FILE_OTHER, ISMC_FILE_DOC, ISMC_FILE_REGISTER, ISMC_FILE_CONFIG } ismc_file_kind;

typedef struct {
	const char *path; /* relative to the root, '/'-separated */
	ismc_file_kind kind;
	size_t size;      /* as listed; once loaded, the bytes read */
	int escapes;      /* a symbolic link leading outside the root */
	int folder;       /* with escapes: the link is to a folder, and has the kind
	                     its documents would have (path-escape unless hidden
	                     or excluded) */
	int badname;      /* the path is not UTF-8 or holds a control character:
	                     an ISMS file so named is invalid-utf8, never read */
	char oid[41];     /* git blob id: from the tree (git.c), else set by
	                     ismc_source_hashed; "" before */
	char sha256[65];  /* SHA-256 of the bytes read, set by ismc_source_hashed */
	const char *text; /* the bytes once loaded (NUL-terminated), owned by the source */
} ismc_file;

typedef struct ismc_source ismc_source;
typedef struct {
	char msg[512];
} ismc_error;

/* Lists the folder `root` (SPEC §1). Returns NULL and fills err on failure. */
ismc_source *ismc_source_open_dir(const char *root, const char *const *exclude,
                                  size_t nexclude, ismc_error *err);
void ismc_source_free(ismc_source *s);
size_t ismc_source_count(const ismc_source *s);
const ismc_file *ismc_source_at(const ismc_source *s, size_t i);
const ismc_file *ismc_source_find(const ismc_source *s, const char *path);
/* Is `path` a folder holding listed files? */
int ismc_source_is_dir(const ismc_source *s, const char *path);
/* The repository around the root, for links that leave the root but stay in
 * the repository (the working tree, or the commit's whole tree with --rev). */
typedef enum { ISMC_AT_NONE, ISMC_AT_FILE, ISMC_AT_DIR } ismc_at;
/* The root below the repository's top ("" at the top, "a/b"), or NULL when
 * the source knows no repository. */
const char *ismc_source_prefix(const ismc_source *s);
/* What is at `path`, relative to the repository's top ('/'-separated, no
 * "." or ".."); ISMC_AT_NONE also when the source knows no repository. */
ismc_at ismc_source_repo_stat(const ismc_source *s, const char *path);
/* A working-tree source learns its repository's top (a real path, from
 * ismc_repo_top; "" or NULL: none). */
void ismc_source_set_top(ismc_source *s, const char *top);
/* For git.c: the root's prefix and the lookup of a commit's tree. */
void ismc_source_set_repo(ismc_source *s, const char *prefix,
                          ismc_at (*stat)(const ismc_source *, const char *, void *), void *priv,
                          void (*free_priv)(void *));
#define ISMC_TOO_LARGE 1
/* The bytes of a file, read once: the first call reads it (the working
 * tree, or the git blob) and records them and their size on its ismc_file;
 * later calls return the same bytes, so what is checked is what is hashed
 * and shipped. *text is NUL-terminated and owned by the source (valid until
 * ismc_source_free). Returns 0; ISMC_TOO_LARGE when the file is larger
 * than ISMC_MAX_FILE, from a folder or from git alike (nothing read past the
 * limit, *text NULL: the caller reports file-too-large or does without it);
 * -1 with err filled when it is no readable file of the ISMS. */
int ismc_source_load(const ismc_source *s, const char *path, const char **text,
                     size_t *len, ismc_error *err);
/* The file `path` with the SHA-256 and git blob id of the bytes
 * ismc_source_load gave, recorded on the first call (from those bytes, never
 * a new read; only build and --base need them, so check does not pay for
 * them); NULL when the file was not loaded. */
const ismc_file *ismc_source_hashed(const ismc_source *s, const char *path);
/* Re-applies the exclude globs and file kinds after isms.yml is known. */
void ismc_source_classify(ismc_source *s, const char *const *exclude, size_t n);
/* Glob match with `*`, `?` and `**` over '/'-separated paths. */
int ismc_glob_match(const char *pat, const char *path);
const char *ismc_source_root(const ismc_source *s);
/* For readers of other stores (git.c): an empty source to fill, then index.
 * The reader gives ismc_source_load a buffer the source then owns. */
ismc_source *ismc_source_new_empty(const char *root);
ismc_file *ismc_source_add(ismc_source *s, const char *path, size_t size);
void ismc_source_set_reader(ismc_source *s,
                            int (*read)(const ismc_source *, const ismc_file *, char **,
                                        size_t *, ismc_error *),
                            void *priv, void (*free_priv)(void *));
void *ismc_source_priv(const ismc_source *s);
void ismc_source_finish(ismc_source *s);

/* ---- yaml.c: libyaml into a small tree that keeps every position ---- */

/* Limits per file, each a yaml-syntax error where it is crossed: a register
 * of 10,000 risks of 15 fields holds about 300,000 values. */
#define ISMC_YAML_MAX_NODES 1000000
#define ISMC_YAML_MAX_KEYS 10000 /* keys of one mapping */

typedef enum { ISMC_Y_NULL, ISMC_Y_SCALAR, ISMC_Y_SEQ, ISMC_Y_MAP } ismc_ykind;

typedef struct ismc_ynode {
	ismc_ykind kind;
	ismc_pos pos;
	const char *str; /* scalar text */
	int plain;       /* unquoted scalar */
	size_t n;        /* items; a map holds key, value, key, value ... */
	struct ismc_ynode **items;
} ismc_ynode;

/* Parses one YAML document of text[0..len) in the arena. Lines are offset
 * by `line0` (front matter starts below its `---`). Syntax errors and aliases
 * become diagnostics and the result is NULL. An empty document gives a NULL
 * node kind. */
ismc_ynode *ismc_yaml_parse(ismc_arena *a, ismc_diags *d, const char *file,
                            const char *text, size_t len, int line0);
/* The value under `key` in a map, or NULL. */
ismc_ynode *ismc_yaml_get(const ismc_ynode *map, const char *key);

/* ---- schema.c: the field tables and one validator for all of them ---- */

typedef enum {
	ISMC_T_STR, ISMC_T_ENUM, ISMC_T_DATE, ISMC_T_DURATION, ISMC_T_VERSION,
	ISMC_T_ID, ISMC_T_IDS, ISMC_T_CLAUSES, ISMC_T_CONTROL, ISMC_T_CONTROLS,
	ISMC_T_BOOL, ISMC_T_LIKELIHOOD, ISMC_T_IMPACT, ISMC_T_RESIDUAL, ISMC_T_STRS,
	ISMC_T_INT, ISMC_T_CLASS, ISMC_T_ANY, ISMC_T_PATTERN,
	ISMC_T_MAP,  /* a mapping validated by a nested table (ismc_field.sub) */
	ISMC_T_MAPS  /* a list of such mappings */
} ismc_type;

/* A validated scalar value with its place. */
typedef struct {
	const char *s; /* NULL when absent */
	long n, m;     /* date: n=days; version: n.m; duration: n count, m unit;
	                  enum: n=index; bool/int/score: n; residual: n=L, m=I */
	ismc_pos pos;  /* the value's position */
	ismc_pos key;  /* the key's position */
	const struct ismc_ynode *node; /* the YAML value */
} ismc_val;

typedef struct {
	ismc_val *v;
	size_t n;
	int set;
	ismc_pos key;
} ismc_list;

/* The records of a nested table: ISMC_T_MAP gives at most one, ISMC_T_MAPS
 * one per item of the list. Each is a struct of the nested table's `size`
 * bytes in the arena, whose first member is the ismc_pos of its mapping. */
typedef struct {
	void **v;
	size_t n;
	int set;
	ismc_pos key;
} ismc_recs;

/* ISMC_F_PAST: a date of something that happened (an approval, a review
 * held): after the as-of date it is date-in-future (check.c reads the flag
 * off the tables). */
enum { ISMC_F_REQUIRED = 1, ISMC_F_LIST = 2, ISMC_F_PAST = 4 };

struct ismc_schema;
typedef struct {
	const char *name;
	ismc_type type;
	unsigned flags;
	size_t offset; /* of an ismc_val, of an ismc_list with ISMC_F_LIST, or
	                  of an ismc_recs for ISMC_T_MAP and ISMC_T_MAPS */
	const char *const *values; /* enum values, NULL-terminated */
	const char *doc;           /* one line for the format reference */
	const struct ismc_schema *sub; /* ISMC_T_MAP, ISMC_T_MAPS: the nested table */
} ismc_field;

typedef struct ismc_schema {
	const char *kind; /* "document", "risk", ... */
	const ismc_field *fields;
	size_t nfields;
	size_t size;      /* a nested table: the size of the struct it fills */
} ismc_schema;

extern const ismc_schema ismc_schema_config, ismc_schema_document,
	ismc_schema_risk, ismc_schema_asset, ismc_schema_decision,
	ismc_schema_risk_method, ismc_schema_person, ismc_schema_register_document,
	ismc_schema_approval, ismc_schema_authority, ismc_schema_certification,
	ismc_schema_nc_settings, ismc_schema_activity, ismc_schema_nonconformity,
	ismc_schema_nc_action, ismc_schema_nc_check, ismc_schema_supplier;

/* The values of the enum fields, each list once: an ismc_val of such a field
 * holds the value's index in `n`, which these enums name. */
#define ISMC_DOC_TYPES(X) \
	X(ISMC_TYPE_POLICY, "policy") \
	X(ISMC_TYPE_STANDARD, "standard") \
	X(ISMC_TYPE_PROCEDURE, "procedure") \
	X(ISMC_TYPE_PLAN, "plan") \
	X(ISMC_TYPE_GUIDELINE, "guideline") \
	X(ISMC_TYPE_RECORD, "record")
#define ISMC_DOC_STATUSES(X) \
	X(ISMC_STATUS_DRAFT, "draft") \
	X(ISMC_STATUS_REVIEW, "review") \
	X(ISMC_STATUS_APPROVED, "approved") \
	X(ISMC_STATUS_RETIRED, "retired")
#define ISMC_TREATMENTS(X) \
	X(ISMC_TREAT_MITIGATE, "mitigate") \
	X(ISMC_TREAT_ACCEPT, "accept") \
	X(ISMC_TREAT_TRANSFER, "transfer") \
	X(ISMC_TREAT_AVOID, "avoid")
#define ISMC_ASSET_TYPES(X) \
	X(ISMC_ASSET_INFORMATION, "information") \
	X(ISMC_ASSET_SOFTWARE, "software") \
	X(ISMC_ASSET_HARDWARE, "hardware") \
	X(ISMC_ASSET_SERVICE, "service") \
	X(ISMC_ASSET_PEOPLE, "people") \
	X(ISMC_ASSET_SITE, "site")
#define ISMC_CONTROL_STATUSES(X) \
	X(ISMC_CTL_IMPLEMENTED, "implemented") \
	X(ISMC_CTL_PARTIAL, "partial") \
	X(ISMC_CTL_PLANNED, "planned") \
	X(ISMC_CTL_NOT_IMPLEMENTED, "not-implemented")
/* How an approval is proven from git, weakest first (isms.yml approval.proof
 * sets the minimum; proof.c finds the strongest). */
#define ISMC_PROOFS(X) \
	X(ISMC_PROOF_NONE, "none") \
	X(ISMC_PROOF_AUTHOR, "author") \
	X(ISMC_PROOF_TRAILER, "trailer") \
	X(ISMC_PROOF_SIGNATURE, "signature")
#define ISMC_NC_SOURCES(X) \
	X(ISMC_NC_INTERNAL_AUDIT, "internal-audit") \
	X(ISMC_NC_EXTERNAL_AUDIT, "external-audit") \
	X(ISMC_NC_INCIDENT, "incident") \
	X(ISMC_NC_MANAGEMENT_REVIEW, "management-review") \
	X(ISMC_NC_MONITORING, "monitoring") \
	X(ISMC_NC_OTHER, "other")
#define ISMC_NC_STATUSES(X) \
	X(ISMC_NC_OPEN, "open") \
	X(ISMC_NC_CLOSED, "closed")
#define ISMC_CRITICALITIES(X) \
	X(ISMC_SUP_CRITICAL, "critical") \
	X(ISMC_SUP_IMPORTANT, "important") \
	X(ISMC_SUP_STANDARD, "standard")
#define ISMC_CLIMATE(X) \
	X(ISMC_CLIMATE_RELEVANT, "relevant") \
	X(ISMC_CLIMATE_NOT_RELEVANT, "not-relevant")
typedef enum { ISMC_DOC_TYPES(ISMC_X_ENUM) ISMC_NDOC_TYPES } ismc_doc_type;
typedef enum { ISMC_DOC_STATUSES(ISMC_X_ENUM) ISMC_NDOC_STATUSES } ismc_doc_status;
typedef enum { ISMC_TREATMENTS(ISMC_X_ENUM) ISMC_NTREATMENTS } ismc_treatment;
typedef enum { ISMC_ASSET_TYPES(ISMC_X_ENUM) ISMC_NASSET_TYPES } ismc_asset_type;
typedef enum { ISMC_CONTROL_STATUSES(ISMC_X_ENUM) ISMC_NCONTROL_STATUSES } ismc_control_status;
typedef enum { ISMC_PROOFS(ISMC_X_ENUM) ISMC_NPROOFS } ismc_proof;
typedef enum { ISMC_NC_SOURCES(ISMC_X_ENUM) ISMC_NNC_SOURCES } ismc_nc_source;
typedef enum { ISMC_NC_STATUSES(ISMC_X_ENUM) ISMC_NNC_STATUSES } ismc_nc_status;
typedef enum { ISMC_CRITICALITIES(ISMC_X_ENUM) ISMC_NCRITICALITIES } ismc_criticality;
typedef enum { ISMC_CLIMATE(ISMC_X_ENUM) ISMC_NCLIMATE } ismc_climate;
/* The names, NULL-terminated (the enum validator's `values`). */
extern const char *const ismc_proofs_names[ISMC_NPROOFS + 1];
extern const char *const ismc_doc_types[ISMC_NDOC_TYPES + 1],
	*const ismc_doc_statuses[ISMC_NDOC_STATUSES + 1],
	*const ismc_treatments[ISMC_NTREATMENTS + 1],
	*const ismc_asset_types[ISMC_NASSET_TYPES + 1],
	*const ismc_control_statuses[ISMC_NCONTROL_STATUSES + 1],
	*const ismc_nc_sources[ISMC_NNC_SOURCES + 1],
	*const ismc_nc_statuses[ISMC_NNC_STATUSES + 1],
	*const ismc_criticalities[ISMC_NCRITICALITIES + 1],
	*const ismc_climate_values[ISMC_NCLIMATE + 1];

/* A field that names a person or a role: any field called owner (the
 * owner of a document or record) or approved_by / accepted_by (an approver),
 * in any table, so that a register kind added later is covered without a
 * change. The validator collects them (ismc_validate_ctx.persons); the rule
 * unknown-person resolves them against the people register. */
typedef struct {
	const ismc_val *v;
	const char *field; /* "owner", "approved_by", ... */
	int approver;      /* approves or accepts: unknown-person is an error, else a warning */
} ismc_person_ref;
/* Is `name` a field naming a person? 1 an owner, 2 an approver, 0 no. */
int ismc_person_field(const char *name);

/* Validates `map` against `sch` into `out` (a struct the table describes).
 * Unknown keys warn unless listed in `extra`. `what` names the object in
 * messages ("front matter", "risk R-001"). `scale_l/scale_i` bound scores.
 * With `persons`, every valid value of a person field is pushed onto it as
 * an ismc_person_ref allocated in the arena. */
typedef struct {
	ismc_arena *arena;
	ismc_diags *diags;
	const char *const *extra;
	size_t nextra;
	int scale_l, scale_i;
	const char *const *classes; /* classification values, NULL-terminated */
	const char *const *alias_from, *const *alias_to; /* isms.yml aliases */
	size_t naliases;
	ismc_vec *persons;          /* ismc_person_ref *, or NULL: not collected */
} ismc_validate_ctx;
void ismc_schema_validate(const ismc_validate_ctx *ctx, const ismc_schema *sch,
                          const ismc_ynode *map, ismc_pos where, void *out);
/* Validates the value `n` of key `key` as the list field `f` into `out`
 * (a lone scalar is a list of one), as ismc_schema_validate does. */
void ismc_schema_list(const ismc_validate_ctx *ctx, const ismc_field *f, const ismc_ynode *key,
                      const ismc_ynode *n, ismc_list *out);
/* Does `s` match the id pattern (upper-case letter, [A-Z0-9-]*, a hyphen)? */
int ismc_id_valid(const char *s);

/* ---- config.c: isms.yml ---- */

typedef struct {
	ismc_val organisation, standard, scope, period, review_interval,
		default_classification, risk, checks, aliases, links;
	ismc_list classifications, exclude, extra_fields, references, frameworks;
	ismc_recs certification, nonconformity; /* ismc_certification, ismc_nc_settings */
	ismc_list likelihood, impact; /* from `risk:` */
	ismc_val acceptance, acceptance_valid;
	ismc_recs acceptance_authority; /* ismc_authority, in the order written */
	long period_count, review_count, analyse_count;
	int period_unit, review_unit, analyse_unit;
	const char **classes; /* NULL-terminated classification names */
	const char **excl;    /* exclude globs */
	size_t nexcl;
	const char **extra;
	size_t nextra;
	const char **alias_from, **alias_to; /* aliases: another tool's key, ismc's */
	size_t naliases;
	const char **link_prefix, **link_folder; /* links: "/" -> "../static" */
	size_t nlink_map;
	const char **ref_patterns; /* references: globs; NULL: the default shape */
	size_t nref_patterns;
	ismc_pos standard_pos; /* where whole-ISMS diagnostics point */
	ismc_val approvers, approval; /* the mappings, as given */
	ismc_val proof;        /* approval.proof: n is an ismc_proof (none when absent) */
	/* approvers: per document type, then [ISMC_NDOC_TYPES] the registers'
	 * document: blocks: the roles that may approve; NULL when any may */
	ismc_list *approver_roles[ISMC_NDOC_TYPES + 1];
} ismc_config;

/* A tier of `risk.acceptance_authority`: a residual score above `above`
 * is accepted only by one of `by` (or of a higher tier). */
typedef struct {
	ismc_pos pos;
	ismc_val above;
	ismc_list by;
} ismc_authority;

/* `certification:`: the certificate's cycle, for the audit dates. */
typedef struct {
	ismc_pos pos;
	ismc_val body, certified_on, recertification;
	ismc_list surveillance;
} ismc_certification;

/* `nonconformity:`: how nonconformities are handled. */
typedef struct {
	ismc_pos pos;
	ismc_val analyse_within;
} ismc_nc_settings;

/* Reads isms.yml from the source. Returns 0, or -1 with err filled when it
 * cannot be read at all (exit 2); problems in it are diagnostics. */
int ismc_config_load(ismc_config *cfg, ismc_arena *a, ismc_diags *d,
                     const ismc_source *src, ismc_error *err);

/* ---- document.c and markdown.c: ISMS documents ---- */

/* What a bracketed `[...]` holds (ismc_ref_classify). */
typedef enum {
	ISMC_REF_NONE,       /* no id: `[1]`, `[see below]` */
	ISMC_REF_ID,         /* an id: `[POL-003]` */
	ISMC_REF_CONTROL,    /* a control, in any spelling: `[A.5.1]`, `[A.05.01]` */
	ISMC_REF_WRONG_CASE  /* an id in the wrong case, `[pol-003]`: reported only if it would resolve */
} ismc_ref_kind;

struct ismc_def;
struct ismc_doc;

typedef struct {
	const char *id;      /* as written, without brackets */
	ismc_pos pos;        /* of the '[' */
	ismc_ref_kind kind;  /* ISMC_REF_NONE only once resolved: text that names
	                        nothing and fits no `references:` pattern */
	/* resolved once (resolve.c) */
	const struct ismc_def *def;   /* what the id names as written, or NULL */
	const ismc_control *control;  /* ISMC_REF_CONTROL: the catalog control as written, or NULL */
} ismc_ref;

/* A link's address, as the resolve step classifies it. */
typedef enum {
	ISMC_LINK_EXTERNAL,
	ISMC_LINK_UNSAFE,
	ISMC_LINK_LOCAL,   /* inside the root (a file, a folder, or this document) */
	ISMC_LINK_OUTSIDE, /* out of the repository (or of the root, in none) */
	ISMC_LINK_EMPTY,
	ISMC_LINK_REPO     /* out of the root, in the repository around it */
} ismc_link_kind;
/* A local link's fragment against the target's heading anchors. */
typedef enum {
	ISMC_FRAG_NONE,      /* no fragment, or an empty one */
	ISMC_FRAG_FOUND,
	ISMC_FRAG_MISSING,   /* the target is Markdown without that heading */
	ISMC_FRAG_UNCHECKED  /* the target is a folder, no Markdown, or no file */
} ismc_frag;

typedef struct {
	const char *url;
	ismc_pos pos;
	int image;
	int badge;               /* a link around an image (`[![alt](img)](url)`) */
	/* resolved once (resolve.c) */
	ismc_link_kind kind;
	const char *target;      /* LOCAL, OUTSIDE: the root-relative path; REPO:
	                            the path from the repository's top */
	ismc_at repo_at;         /* REPO: what is there */
	const char *frag;        /* LOCAL: the decoded fragment, NULL when none */
	const ismc_file *file;   /* LOCAL: the file at target, or NULL */
	int folder;              /* LOCAL: target is a folder of the ISMS */
	struct ismc_doc *doc;    /* LOCAL: the document at target, or NULL */
	ismc_frag frag_state;    /* LOCAL */
	const char *near;        /* ISMC_FRAG_MISSING: the closest heading anchor, or NULL */
} ismc_link;

/* Who points at a document (referenced-by): a document or a control. */
typedef struct {
	const struct ismc_doc *doc;
	const ismc_control *control;
} ismc_referrer;

typedef struct ismc_doc {
	const char *path;
	ismc_val id, title, type, owner, version, status, approved_by, approved_on,
		date, review_interval, next_review, classification, climate_change;
	ismc_list clauses, controls, related;
	ismc_pos fm_pos;     /* the opening '---' */
	int body_line;       /* file line of the body's first line */
	const char *body;    /* the body's bytes, in the text given to ismc_document_parse */
	size_t body_len;
	unsigned char body_md[32]; /* with has_body_md: the SHA-256 of the body's
	                        bytes, taken once for the keys of its scan
	                        (markdown.c) and its body (emit.c) */
	int has_body_md;
	ismc_ref *refs;      /* bracketed ids in the body */
	size_t nrefs;
	ismc_link *links;
	size_t nlinks;
	const char **slugs;  /* anchors: headings' (GitHub's, then `{#id}`), raw
	                        HTML's id and name */
	size_t nslugs;
	long next_review_days; /* -1: none */
	ismc_pos too_deep;   /* file set: the body nests past ISMC_MAX_NESTING here */
	ismc_person_ref **persons; /* its person fields (owner, approved_by) */
	size_t npersons;
	const char *register_kind; /* a register's document: block: the register's
	                              kind ("controls"); NULL for a document */
	/* resolved once (resolve.c) */
	size_t firstdoc;     /* 1 + the index of the first document of its id; 0: none */
	int referenced;      /* something else points at it (orphan-document) */
	const ismc_referrer *referrers; /* documents (related, bracketed ids, links),
	                                   then controls, each once; shared by the
	                                   documents of one id */
	size_t nreferrers;
	const struct ismc_person **approvers; /* with a people register: the people
	                                   approved_by names who may approve it
	                                   (isms.yml approvers), whose commit,
	                                   trailer or signature proves it */
	size_t napprovers;
} ismc_doc;


/* Splits off the front matter of a Markdown file (after BOM handling): returns
 * 1 and sets the YAML span and the body offset/line, or 0 when there is none. */
int ismc_frontmatter_split(const char *text, size_t len, size_t *yaml_off,
                           size_t *yaml_len, size_t *body_off, int *body_line);
/* Screens text for file-too-large, invalid-utf8 (and NUL bytes); strips a
 * UTF-8 BOM by advancing *text. Returns 0 when the text may be parsed. */
int ismc_text_screen(ismc_diags *d, const char *path, const char **text, size_t *len);
/* Is the document approved (status approved)? */
int ismc_doc_approved(const ismc_doc *doc);
/* Sets doc->next_review_days from next_review, or approved_on and the review
 * interval (the document's, else isms.yml's); records have none. */
void ismc_doc_next_review(ismc_doc *doc, const ismc_config *cfg);
/* Parses a document file into the arena; NULL when it cannot be modelled
 * (diagnostics say why). `text` must outlive the document (doc->body points
 * into it): the model passes the source's bytes. */
ismc_doc *ismc_document_parse(ismc_arena *a, ismc_diags *d, const ismc_config *cfg,
                              const char *path, const char *text, size_t len);
/* The same, the body's scan taken from `scans` when unchanged (may be NULL;
 * ismc_markdown_scan_kept). */
typedef struct ismc_scans ismc_scans;
/* pagecache.c: what writes a part of the page cache */
typedef struct ismc_pagecache_writer ismc_pagecache_writer;
ismc_doc *ismc_document_parse_kept(ismc_arena *a, ismc_diags *d, const ismc_config *cfg,
                                   const char *path, const char *text, size_t len,
                                   ismc_scans *scans);

/* Markdown (cmark-gfm with the GitHub extensions). */
struct cmark_node;
/* Parses a Markdown body; the caller frees with cmark_node_free. */
struct cmark_node *ismc_markdown_parse(const char *body, size_t len);
/* Extracts references, links and heading slugs from a body into `doc`. */
void ismc_markdown_scan(ismc_arena *a, ismc_doc *doc, const char *body, size_t len);
/* The scans of an earlier build, and this build's for the next
 * (markdown.c): ismc_markdown_scan_kept takes a body's from `s` when its
 * bytes and first line are the same, else scans it, and records it either
 * way; NULL `s` just scans. ismc_scans_new reads the page cache `cache`
 * (pagecache.c; NULL: none); ismc_scans_save writes this build's records
 * (they come first in the cache file). */
ismc_scans *ismc_scans_new(const char *cache);
void ismc_markdown_scan_kept(ismc_arena *a, ismc_doc *doc, const char *body, size_t len,
                             ismc_scans *s);
size_t ismc_scans_taken(const ismc_scans *s);
/* Every document is parsed: the earlier build's records are freed. */
void ismc_scans_loaded(ismc_scans *s);
/* A scan's record, its one mark (markdown.c says its form): written from
 * doc's references (their kinds from `kinds` when not NULL), links,
 * anchors and nesting; read into doc (positions in doc->path): 0, or -1,
 * doc untouched, when the mark is not one ismc_scan_mark_write writes. */
void ismc_scan_mark_write(ismc_buf *b, const ismc_doc *doc, const unsigned char *kinds);
int ismc_scan_mark_read(ismc_arena *a, ismc_doc *doc, const char *mark);
int ismc_scans_save(const ismc_scans *s, ismc_pagecache_writer *w);
void ismc_scans_free(ismc_scans *s);
/* Heading slugs of any Markdown text (link targets outside the ISMS). */
const char **ismc_markdown_slugs(ismc_arena *a, const char *text, size_t len, size_t *n);
/* GitHub's anchor of a heading's text (github-slugger's rule, through ICU);
 * the -1, -2 suffixes of repeats are the caller's. */
char *ismc_slugify(ismc_arena *a, const char *text);
/* What kind of reference `s` (a bracketed text) is. */
ismc_ref_kind ismc_ref_classify(const char *s);
/* The next bracketed id `[...]` in text from `p`: returns the '[' and sets
 * `id` and `*end` (past the ']'), or NULL. The scan markdown.c and
 * emit_body.c share. */
const char *ismc_ref_next(const char *p, char id[64], const char **end);
/* A body with its line index, to map cmark literals back to the source. */
typedef struct {
	const char *text;
	size_t len;
	size_t *lines;
	size_t nlines;
	size_t next; /* where the token after the last one located may start */
} ismc_body;
void ismc_body_init(ismc_body *b, const char *text, size_t len);
void ismc_body_free(ismc_body *b);
/* The source position of the bracketed id at literal offset `k` (length
 * `tlen`) of text node `n`: sets `*line` (of the body, from 1) and returns
 * the column, or -1 when it is escaped (`\[POL-1]`) there. Callers locate
 * the tokens of a body in cmark's order, which `b->next` follows. */
int ismc_body_ref_pos(ismc_body *b, struct cmark_node *n, size_t k, size_t tlen, int *line);
/* The text of an inline container (headings, image alt), into `b`. */
void ismc_markdown_plain(struct cmark_node *n, ismc_buf *b);
/* GitHub's anchor of a heading (its rendered text slugged, `{#id}`
 * included), made unique against `seen` (-1, -2, ...). */
const char *ismc_heading_anchor(ismc_arena *a, ismc_map *seen, struct cmark_node *heading);
/* The id of a trailing ` {#id}` of a heading (Docusaurus, Pandoc,
 * kramdown), or NULL; *strip (may be NULL) is how many bytes of the last
 * text node's literal the attribute takes, spaces before it included. */
const char *ismc_heading_custom_id(ismc_arena *a, struct cmark_node *heading, size_t *strip);
/* Appends to `out` the anchors raw HTML gives: every tag's id, and an <a>'s
 * name (strings in the arena). */
void ismc_html_anchors(ismc_arena *a, const char *html, ismc_vec *out);

/* ---- register.c: risks, assets, control decisions, activities,
 * nonconformities, suppliers ---- */

/* Every register record starts with these members, in this order
 * (register.c and model.c treat any kind alike through them). */
typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id;
} ismc_record;

typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id, title, owner, threat, vulnerability, likelihood, impact,
		treatment, residual, target_residual, accepted_by, accepted_on, review_on;
	ismc_list assets, controls;
} ismc_risk;

typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id, name, type, owner, classification, location;
} ismc_asset;

typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id, applicable, justification, status, owner, target;
	ismc_list implemented_by, evidence;
	const ismc_control *control; /* catalog entry, when id resolves */
} ismc_decision;

/* A person of the people register: who approves and owns, with the git
 * identities (emails) and public keys that prove an approval (proof.c). */
typedef struct ismc_person {
	const char *path;
	ismc_pos pos;
	ismc_val id, name;
	ismc_list roles, emails, keys; /* keys: paths below the root to OpenPGP
	                                  public keys, or SSH public key lines */
} ismc_person;

/* A recurring activity of the ISMS and the records that prove it was done. */
typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id, title, owner, every, grace;
	ismc_list clauses, controls, records; /* records: id patterns (REC-AR-*) */
	/* resolved once (resolve.c) */
	const struct ismc_doc *latest; /* the newest approved record matching `records`
	                                  dated on or before the as-of date, or NULL */
} ismc_activity;

/* A corrective action of a nonconformity (10.2 c). */
typedef struct {
	ismc_pos pos;
	ismc_val id, action, owner, due, done_on;
} ismc_nc_action;

/* The review of the corrective actions' effectiveness (10.2 d). */
typedef struct {
	ismc_pos pos;
	ismc_val checked_on, effective, by;
} ismc_nc_check;

/* A nonconformity and what was done about it (10.2 a-g). */
typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id, title, raised_on, source, description, correction, root_cause,
		status, closed_on;
	ismc_list clauses, controls, related;
	ismc_recs actions;       /* ismc_nc_action */
	ismc_recs effectiveness; /* at most one ismc_nc_check */
} ismc_nonconformity;

/* A supplier of the ISMS's scope (A.5.19-A.5.22). */
typedef struct {
	const char *path;
	ismc_pos pos;
	ismc_val id, name, service, criticality, owner, agreement, last_review, review_every;
	ismc_list assets, controls;
	/* resolved once (resolve.c): what `agreement` names */
	const struct ismc_doc *agreement_doc;
	const ismc_file *agreement_file;
} ismc_supplier;

/* The kinds of register, named by a register file's one top-level key: one
 * row each, with the table its records are validated by (schema.c), the
 * kind of id they define (control decisions: none, their ids are the
 * catalog's), the gap analysis's area of the file, and the model's list of
 * them (model.c, register.c and report.c read the rows, so a kind added is
 * one row here). */
#define ISMC_REGISTER_KINDS(X) \
	X(ISMC_REG_RISKS, "risks", ismc_schema_risk, ISMC_ID_RISK, ISMC_AREA_RISKS, risks) \
	X(ISMC_REG_ASSETS, "assets", ismc_schema_asset, ISMC_ID_ASSET, ISMC_AREA_ASSETS, assets) \
	X(ISMC_REG_CONTROLS, "controls", ismc_schema_decision, -1, ISMC_AREA_SOA, decisions) \
	X(ISMC_REG_PEOPLE, "people", ismc_schema_person, ISMC_ID_PERSON, ISMC_AREA_REGISTERS, people) \
	X(ISMC_REG_ACTIVITIES, "activities", ismc_schema_activity, ISMC_ID_ACTIVITY, \
	  ISMC_AREA_OPERATION, activities) \
	X(ISMC_REG_NONCONFORMITIES, "nonconformities", ismc_schema_nonconformity, \
	  ISMC_ID_NONCONFORMITY, ISMC_AREA_OPERATION, nonconformities) \
	X(ISMC_REG_SUPPLIERS, "suppliers", ismc_schema_supplier, ISMC_ID_SUPPLIER, \
	  ISMC_AREA_OPERATION, suppliers)
#define ISMC_X_REG_ENUM(e, name, schema, id, area, list) e,
#define ISMC_X_REG_NAME(e, name, schema, id, area, list) name,
typedef enum { ISMC_REGISTER_KINDS(ISMC_X_REG_ENUM) ISMC_NREGISTER_KINDS } ismc_register_kind;
extern const char *const ismc_register_kinds[ISMC_NREGISTER_KINDS + 1];

/* One register file: its kind, its records in file order, and the
 * document: block that makes it a controlled document (id, version,
 * approval), or NULL. */
typedef struct {
	ismc_register_kind kind;
	ismc_pos key;   /* the top-level key */
	void **records; /* ismc_risk *, ismc_asset *, ... by kind (each an ismc_record) */
	size_t n;
	ismc_doc *doc;  /* the document: block: doc->path is the register's */
	ismc_person_ref **persons; /* the person fields of its records */
	size_t npersons;
} ismc_register;

/* Parses one register file into the arena; NULL when it holds no register
 * (diagnostics say why). `cfg` gives the risk scales and classifications. */
ismc_register *ismc_register_parse(ismc_arena *a, ismc_diags *d, const ismc_config *cfg,
                                   const char *path, const char *text, size_t len);

/* ---- model.c: everything a compile knows, with ids resolved ---- */

/* What an id names; the names are the `kind` of references in the outputs
 * (a register's document: block is the SoA's or a register's id). */
#define ISMC_ID_KINDS(X) \
	X(ISMC_ID_DOC, "document") \
	X(ISMC_ID_RISK, "risk") \
	X(ISMC_ID_ASSET, "asset") \
	X(ISMC_ID_ACTIVITY, "activity") \
	X(ISMC_ID_NONCONFORMITY, "nonconformity") \
	X(ISMC_ID_SUPPLIER, "supplier") \
	X(ISMC_ID_PERSON, "person") \
	X(ISMC_ID_REGISTER, "register-document")
typedef enum { ISMC_ID_KINDS(ISMC_X_ENUM) ISMC_NID_KINDS } ismc_id_kind;
extern const char *const ismc_id_kinds[ISMC_NID_KINDS + 1];
typedef struct ismc_model ismc_model;

typedef struct ismc_def {
	ismc_id_kind kind;
	void *obj;
	ismc_pos pos;
} ismc_def;

typedef struct {
	const char *id;
	ismc_pos first, second;
} ismc_dup;

struct ismc_model {
	ismc_arena *arena;
	ismc_scans *scans;  /* the bodies' scans, kept for the next build (markdown.c); NULL: none */
	ismc_diags *diags;
	const ismc_catalog *catalog;
	const ismc_source *src;
	ismc_config cfg;
	long as_of;
	ismc_vec docs, risks, assets, decisions, /* in path, then file order */
		activities, nonconformities, suppliers;
	ismc_vec people;     /* ismc_person *, the people register(s) */
	ismc_vec regdocs;    /* ismc_doc *: the registers' document: blocks, by path */
	ismc_vec person_refs; /* ismc_person_ref *: every person field, in file order */
	int npeople_files;   /* people registers: with none, names go unchecked */
	const ismc_doc *soa_doc; /* the first controls register's document: block */
	ismc_map *ids;       /* id -> ismc_def */
	ismc_map *decided;   /* control id -> ismc_decision (first) */
	ismc_vec dups;       /* ismc_dup */
	ismc_pos controls_pos; /* the first `controls:` register key */
	int ncontrol_files;
	/* derived by the resolve step (resolve.c), read-only after loading */
	ismc_map *bypath;    /* document path -> ismc_doc */
	ismc_map *people_by; /* person id, name and lower-case email -> ismc_person */
	ismc_map *roles;     /* role -> ismc_role (who holds it) */
	struct ismc_control_facts *control_facts; /* per catalog control, by its index */
	struct ismc_clause_facts *clause_facts;   /* per catalog clause, by its index */
	const struct ismc_due *due; /* what falls due, by date (resolve.c) */
	size_t ndue;
	struct ismc_framework *frameworks;        /* isms.yml `frameworks:`, evaluated */
	size_t nframeworks;
};

typedef struct {
	const char *root;
	long as_of;
} ismc_options;

/* Reads, parses and models the ISMS, then resolves it (resolve.c). Returns
 * NULL with err filled on a system failure (exit 2); user problems are in
 * `diags`. The caller frees with ismc_model_free; `src` must outlive the
 * model. After loading, rules and emitters only read the model. `cache`:
 * keep the bodies' scans (m->scans), taking those of that earlier build's
 * page cache that are unchanged ("": none to take); NULL: keep none. */
ismc_model *ismc_model_load(const ismc_source *src, long as_of, const char *cache,
                            ismc_diags *diags, ismc_error *err);
void ismc_model_free(ismc_model *m);
const ismc_def *ismc_model_lookup(const ismc_model *m, const char *id);
/* The document with id `id` (the first, when defined twice), or NULL; `m`
 * and `id` may be NULL. */
/* The model's list of the records of register kind `kind`. */
const ismc_vec *ismc_model_records(const ismc_model *m, ismc_register_kind kind);
ismc_doc *ismc_model_doc(const ismc_model *m, const char *id);
/* Adds an id definition; a second definition is recorded as a duplicate. */
void ismc_model_define(ismc_model *m, const char *id, ismc_id_kind kind, void *obj,
                       ismc_pos pos);
/* All known ids (documents, risks, assets), for suggestions. */
const char *ismc_model_suggest_id(const ismc_model *m, const char *id);
/* What id `id` names: its title, with *kind set to "document", "risk",
 * "asset" or "control"; NULL when it names nothing. Shared by the outputs'
 * references and bracketed ids. */
const char *ismc_ref_title(const ismc_model *m, const char *id, const char **kind);
/* A digest of every answer ismc_ref_title gives: each defined id with its
 * kind and title, and the catalog the controls' titles come from. The
 * same digest, the same answers. */
void ismc_ref_titles_digest(const ismc_model *m, unsigned char md[32]);

/* ---- resolve.c: the derived facts, computed once at the end of loading ---- */

/* What the model knows of a catalog control. */
typedef struct ismc_control_facts {
	const ismc_decision *decision; /* the first decision for it, or NULL */
	ismc_doc **implementers;       /* the decision's implemented_by, then documents
	                                  listing it in controls, each id once */
	size_t nimplementers;
	int implemented;               /* an approved document implements it (any
	                                  decision's implemented_by, or front matter) */
	ismc_doc **evidence;           /* per decision->evidence item; NULL: no document */
	const ismc_file **evidence_files; /* per decision->evidence item: the file it
	                                  names (a path below the root), or NULL */
	size_t *risks;                 /* indices into m->risks of the risks selecting
	                                  it, in register order, each once */
	size_t nrisks;
	const ismc_activity **activities; /* activities and suppliers listing it in */
	size_t nactivities;               /* their controls, in register order */
	const ismc_supplier **suppliers;
	size_t nsuppliers;
} ismc_control_facts;

/* What the model knows of a catalog clause. */
typedef struct ismc_clause_facts {
	int covered;                   /* an approved document addresses it */
	ismc_doc **docs;               /* leaf clauses: every document naming it (or a
	                                  clause above it), any status, each once */
	size_t ndocs;
} ismc_clause_facts;

/* What falls due, each kind with its name in the outputs and the word of
 * its calendar UID (calendar.c). */
#define ISMC_DUE_KINDS(X) \
	X(ISMC_DUE_REVIEW, "document-review", "review") \
	X(ISMC_DUE_ACTIVITY, "activity", "due") \
	X(ISMC_DUE_TARGET, "control-target", "target") \
	X(ISMC_DUE_RISK_REVIEW, "risk-review", "review") \
	X(ISMC_DUE_ACCEPTANCE, "acceptance-expiry", "acceptance") \
	X(ISMC_DUE_ANALYSIS, "nonconformity-analysis", "analysis") \
	X(ISMC_DUE_ACTION, "corrective-action", "action") \
	X(ISMC_DUE_SUPPLIER, "supplier-review", "review") \
	X(ISMC_DUE_AUDIT, "audit", "audit")
#define ISMC_X_DUE_ENUM(e, name, word) e,
typedef enum { ISMC_DUE_KINDS(ISMC_X_DUE_ENUM) ISMC_NDUE_KINDS } ismc_due_kind;
extern const char *const ismc_due_kinds[ISMC_NDUE_KINDS + 1];
extern const char *const ismc_due_words[ISMC_NDUE_KINDS + 1];

/* How far ahead "due soon" looks: the dashboard and the summary line. */
#define ISMC_DUE_SOON_DAYS 90

/* One thing that falls due: a document's review, an activity's next
 * record, a control's target, ... Made once by the resolve step; the rules
 * (the *-overdue codes), the summary, the outputs and the calendar read it. */
typedef struct ismc_due {
	ismc_due_kind kind;
	const char *id;    /* the record it belongs to (document, activity, control,
	                      risk, nonconformity, supplier); an audit: "certification" */
	const char *sub;   /* a corrective action's id; an audit's kind (surveillance,
	                      recertification); else NULL */
	const char *title; /* the record's title (an action's text; an audit's
	                      certification body) */
	const char *owner; /* who sees to it, or NULL */
	long date;         /* the day it falls due */
	long late;         /* overdue after this day: `date` plus any grace */
	long every;        /* recurring: again every `every` `unit`s after; 0: once */
	int unit;
	int never;         /* an activity never recorded, a supplier never reviewed:
	                      due from the as-of date */
	int overdue;       /* late < as-of date; never for an audit */
	ismc_pos pos;      /* where its diagnostic points */
	const void *obj;   /* the record: ismc_doc, ismc_activity, ismc_decision,
	                      ismc_risk, ismc_nonconformity (with `action`),
	                      ismc_supplier; NULL for an audit */
	const ismc_nc_action *action;
} ismc_due;

/* due.c: fills m->due (ismc_resolve calls it last). */
void ismc_resolve_due(ismc_model *m);
/* Is `d` due within ISMC_DUE_SOON_DAYS of the as-of date and not overdue? */
int ismc_due_soon(const ismc_model *m, const ismc_due *d);
/* The day of occurrence k (0: d->date) of a recurring item, counted from
 * its first so that months do not drift (31 Jan, 28 Feb, 31 Mar). */
long ismc_due_at(const ismc_due *d, long k);

/* Resolves the model: links (kind, target, document, fragment verdict) and
 * bracketed ids onto their records, the by-path index, per control and per
 * clause facts, and per document whether it is referenced and by whom. Reads
 * the Markdown files that links point into (through the source, once).
 * ismc_model_load calls it last; 0, or -1 with err filled on a read failure. */
int ismc_resolve(ismc_model *m, ismc_error *err);
/* Does a controls register's evidence item name a file (a path below the
 * root: it holds '/' or '.', which no id does) rather than a record? */
int ismc_evidence_is_file(const char *item);
/* Does an approved document implement control `id` (register or front matter)? */
int ismc_control_implemented(const ismc_model *m, const char *id);
/* Does an approved document address leaf clause `leaf`? */
int ismc_clause_covered(const ismc_model *m, const char *leaf);

/* Who holds a role of the people register. */
typedef struct {
	const char *name;
	const ismc_person **holders;
	size_t n;
} ismc_role;

/* The people `who` names: a person's id, name or email, `Name <email>`, or
 * every holder of a role. Returns how many, their list in *out (owned by the
 * model; NULL when none), or 0 also when the ISMS has no people register. */
size_t ismc_people_named(const ismc_model *m, const char *who, const ismc_person *const **out);
/* The roles that may approve `doc` (isms.yml approvers, by type; a
 * register's document: block under `register`), or NULL when any may. */
const ismc_list *ismc_approver_roles(const ismc_model *m, const ismc_doc *doc);

/* Is `url` protocol-relative (`//host/path`, also with backslashes)? Such a
 * link is ISMC_LINK_UNSAFE: its scheme is the page's, file: from disk. */
int ismc_link_protocol_relative(const char *url);

/* ---- crosswalk.c: frameworks (NIS2, GDPR) as requirements mapped onto the
 * catalog's controls, and their coverage ---- */

extern const ismc_embedded ismc_crosswalk_files[]; /* crosswalk_data.c */

/* One requirement of a framework: its id as the law cites it ("Art.
 * 21(2)(a)"), a short title, the controls that address it, its source. */
typedef struct {
	const char *id, *title, *source;
	const char *const *controls;
	size_t ncontrols;
} ismc_requirement;

typedef struct {
	const char *id;      /* the file's name: "nis2" */
	const char *name;    /* "NIS2 Directive (EU) 2022/2555" */
	const char *label;   /* the readiness summary's: "NIS2" */
	const char *catalog; /* the catalog whose controls it names */
	const char *origin;  /* "built in", or the file it was read from */
	ismc_requirement *reqs;
	size_t nreqs;
} ismc_crosswalk;

/* The crosswalks: those built in (schemas/crosswalks/<id>.tsv), then those
 * of the folder $ISMC_CROSSWALKS (a file there replaces a built-in one of
 * the same id). Read once per process; 0, or -1 with err naming the file and
 * line of a malformed one. */
int ismc_crosswalks_load(ismc_error *err);
size_t ismc_crosswalk_count(void);
const ismc_crosswalk *ismc_crosswalk_nth(size_t i);
const ismc_crosswalk *ismc_crosswalk_find(const char *id);

#define ISMC_COVERAGES(X) \
	X(ISMC_COV_COVERED, "covered") \
	X(ISMC_COV_PARTIAL, "partial") \
	X(ISMC_COV_GAP, "gap")
typedef enum { ISMC_COVERAGES(ISMC_X_ENUM) ISMC_NCOVERAGES } ismc_coverage;
extern const char *const ismc_coverages[ISMC_NCOVERAGES + 1];

/* A requirement's coverage: covered when every mapped control is applicable
 * and implemented (status implemented, an approved document implementing
 * it), partial when some are, gap when none are or when the SoA excludes one
 * of them (`excluded` names the first). */
typedef struct {
	const ismc_requirement *req;
	ismc_coverage status;
	const ismc_control **controls; /* the mapped controls, in the requirement's order */
	int *met;                      /* per control: applicable and implemented */
	const ismc_control *excluded;
} ismc_requirement_cover;

typedef struct ismc_framework {
	const ismc_crosswalk *cw;
	ismc_requirement_cover *reqs;
	size_t nreqs;
	size_t count[ISMC_NCOVERAGES];
} ismc_framework;

/* Evaluates isms.yml `frameworks:` on the resolved model into
 * m->frameworks; an id that names no crosswalk, or one for another catalog,
 * is invalid-value. 0, or -1 with err filled (a malformed crosswalk file). */
int ismc_frameworks_resolve(ismc_model *m, ismc_error *err);

/* ---- check.c: the rules, one function per code ---- */

/* Runs every rule of the table over the resolved model, adding diagnostics. */
void ismc_check_run(const ismc_model *m);

/* ---- report.c: the text report, readiness and the closing summary ---- */

typedef struct {
	size_t leaves, leaves_covered;
	size_t controls, decided;
	size_t applicable, implemented;
	size_t risks_above, risks_above_unaccepted;
	size_t reviews_overdue;
	size_t due_overdue, due_soon; /* m->due: overdue, due in ISMC_DUE_SOON_DAYS */
} ismc_readiness;

void ismc_report_readiness(const ismc_model *m, ismc_readiness *r);

/* What every format says after the diagnostics (SPEC §5), computed once
 * from the model and the diagnostics and rendered by each format. */
typedef struct {
	size_t errors, warnings;
	int model;                         /* a model: the fields below are known */
	size_t documents, risks, controls; /* controls: the control decisions */
	ismc_readiness readiness;
	char clauses_label[32]; /* "clauses 4-10": the catalog's main clauses */
	const struct ismc_framework *frameworks; /* the model's, isms.yml `frameworks:` */
	size_t nframeworks;
	char as_of[11];
	int werror;
	int status; /* the exit status: 0 clean, 1 errors, or warnings with werror */
} ismc_summary;
/* Fills `s`; `m` may be NULL. */
void ismc_summary_make(ismc_summary *s, const ismc_model *m, const ismc_diags *d, int werror);
/* Appends the summary line (`ismc: 2 errors, ...`), without a newline. */
void ismc_summary_line(ismc_buf *b, const ismc_summary *s);
/* Appends the closing block of the text-like formats: the readiness block
 * (with a model, when `readiness`) and the summary line, lines ending in
 * '\n'. */
void ismc_summary_render(ismc_buf *b, const ismc_summary *s, int readiness);
/* Prints the diagnostics (a code with more than 10 shows its first 5 and a
 * note), the gap analysis when there are more than 10, the readiness block
 * (unless `readiness` is 0) and the summary line; returns the exit status.
 * `m` may be NULL. */
#define ISMC_OUT_COLOUR 1 /* text: ANSI colours */
#define ISMC_OUT_ALL 2    /* text: every finding, none folded */
int ismc_report_text(FILE *f, const ismc_model *m, const ismc_diags *d, int werror,
                     int flags, int readiness);

/* ---- init.c: `ismc init DIR`, the skeleton of a new ISMS ---- */

/* Writes a new ISMS into `dir` (created with its parents when missing):
 * isms.yml, README.md, a draft document per leaf clause of 4-10 under
 * documents/, and registers/controls.yml (all 93 controls undecided),
 * risks.yml and assets.yml. Writes nothing when `dir` already holds isms.yml
 * or any of those files. Returns the number of files written, or -1 with err
 * filled. */
int ismc_init_write(const char *dir, ismc_error *err);

/* ---- format.c: diagnostics as JSON, SARIF 2.1.0 and GitHub workflow
 * commands (jansson); text is report.c ---- */

#define ISMC_FORMATS(X) \
	X(ISMC_FORMAT_TEXT, "text") \
	X(ISMC_FORMAT_JSON, "json") \
	X(ISMC_FORMAT_SARIF, "sarif") \
	X(ISMC_FORMAT_GITHUB, "github") \
	X(ISMC_FORMAT_CODECLIMATE, "codeclimate")
typedef enum { ISMC_FORMATS(ISMC_X_ENUM) ISMC_NFORMATS } ismc_format;
/* Parses a --format value; -1 when unknown. */
int ismc_format_parse(const char *name);
/* Writes diagnostics and summary in format `fmt`; returns the exit status
 * as ismc_report_text does. `m` may be NULL. `flags`: ISMC_OUT_*. */
int ismc_format_write(FILE *f, ismc_format fmt, const ismc_model *m, const ismc_diags *d,
                      int werror, int flags);

/* ---- explain.c: what each diagnostic code means (drives `ismc explain`
 * and SARIF rule texts) ---- */

/* A code's page, docs/diagnostics/<code>.md, compiled into explain_data.c
 * at build time by cmake/explain_gen.c. Paragraphs are single lines,
 * separated by a blank line. */
typedef struct {
	const char *summary;  /* one sentence */
	const char *standard; /* the requirement's source, as the page's table
	                         names it ("ISO/IEC 27001:2022") */
	const char *clause;   /* the requirement behind the code */
	const char *details;  /* what it means */
	const char *example;  /* paragraphs, and blocks whose lines start with two
	                         spaces: files and ismc's output, kept as they are */
	const char *fix;      /* how to fix it */
} ismc_explanation;
extern const ismc_explanation ismc_explanations[ISMC_NCODES]; /* explain_data.c */
const ismc_explanation *ismc_explain_get(ismc_code c);
/* Prints the explanation of `code` (a name), or with NULL lists every code;
 * 0, or 2 (with a did-you-mean on stderr) when unknown. */
int ismc_explain_print(FILE *f, const char *code);
/* Appends the web address of the code's page, docs/diagnostics/<code>.md
 * under ISMC_URL (the project's home; CMake's ISMC_URL sets it); appends
 * nothing and returns 0 when no address is configured, else 1. */
int ismc_explain_uri(ismc_code c, ismc_buf *out);

/* ---- calendar.c: `ismc calendar`, what falls due as iCalendar ---- */

/* The longest --horizon: ten years of recurrences is plenty. */
#define ISMC_HORIZON_MAX_YEARS 10
/* Writes m->due as an iCalendar file (RFC 5545, through libical) at `path`,
 * replacing it in one step: one all-day event per item, recurring items
 * once per occurrence up to day `until`, each with a UID made of the item's
 * id, kind and day; DTSTAMP is `stamp` (seconds since the epoch), so the
 * same input gives the same file. *nevents gets the number of events.
 * Returns 0, or -1 with err filled. */
int ismc_calendar_write(const ismc_model *m, long until, long long stamp, const char *path,
                        int *nevents, ismc_error *err);

/* ---- sha256.c: SHA-256 (and git's SHA-1 blob ids) through OpenSSL's libcrypto ---- */

void ismc_sha256(const void *data, size_t len, char hex[65]);
/* The SHA-256 of a file, read in pieces (never whole), and its size:
 * 0, or -1 with err filled. */
int ismc_sha256_file(const char *path, char hex[65], size_t *size, ismc_error *err);
/* A digest fed in pieces: begin, add any number of times, end (which frees
 * the context and gives the 32 bytes). */
typedef struct ismc_sha256_ctx ismc_sha256_ctx;
ismc_sha256_ctx *ismc_sha256_begin(void);
void ismc_sha256_add(ismc_sha256_ctx *c, const void *data, size_t len);
/* Adds string `s` with its NUL, or (NULL) a mark told apart from "". */
void ismc_sha256_add_str(ismc_sha256_ctx *c, const char *s);
void ismc_sha256_end(ismc_sha256_ctx *c, unsigned char md[32]);
void ismc_sha256_hex(const unsigned char md[32], char hex[65]);
/* The digest of 64 hex digits (either case); -1 when `hex` is not that. */
int ismc_sha256_unhex(const char *hex, unsigned char md[32]);
/* The git blob id of a content (no repository needed): SHA-1, also
 * through libcrypto. */
void ismc_git_blob_id(const char *data, size_t len, char out[41]);

/* ---- git.c: repositories through libgit2 (never a git subprocess) ---- */

typedef struct ismc_repo ismc_repo;

typedef struct ismc_commit {
	char id[41];
	const char *author, *email, *subject;
	long long time; /* seconds since the epoch, committer time */
	int offset;     /* the committer's time zone, minutes east of UTC */
	const struct ismc_commit *merge; /* the merge commit that brought this one
	                                    into the line built (the pull request's
	                                    merge), or NULL on its first-parent line */
} ismc_commit;

typedef struct {
	const char *path;      /* relative to the ISMS root, at the revision built */
	size_t nrevs;
	ismc_commit **revs;    /* newest first; revs[nrevs-1] created the file */
	char (*blobs)[41];     /* the file's blob id at each revision */
} ismc_history;

typedef struct {
	int in_repo;
	const char *repo_path; /* the ISMS root relative to the repository's top, "" at top */
	char commit[41], tree[41]; /* tree: the ISMS root's own tree in that commit */
	int dirty;             /* working tree differs from HEAD in ISMS files */
	long long commit_time; /* -1: none */
	long commit_day;       /* the committer's calendar day of the commit; -1: none */
} ismc_provenance;

/* Opens the repository holding `root` (the root may be a subfolder of it);
 * *out is NULL (and 0 returned) when `root` is in no repository. */
int ismc_repo_open(ismc_repo **out, const char *root, ismc_error *err);
/* The real path of the working tree's top of the repository holding `root`
 * into out (n bytes); "" outside any repository or in a bare one. */
int ismc_repo_top(const char *root, char *out, size_t n, ismc_error *err);
void ismc_repo_free(ismc_repo *r);
/* A source holding the ISMS root's files as of `rev` (any revspec), each with
 * its blob id; symbolic links are listed as `escapes`, never followed. An
 * empty source when the root is not in that commit. NULL with a one-line
 * err for a bad revspec. `r` must outlive the source. */
ismc_source *ismc_git_source(ismc_repo *r, const char *rev, ismc_error *err);
/* Provenance of a build of `rev` (NULL: the working tree, described by HEAD;
 * the caller sets p->dirty from ismc_git_uncommitted). `tree` is the ISMS
 * root's tree in the commit. */
int ismc_git_provenance(ismc_repo *r, const char *rev, ismc_provenance *p, ismc_arena *a,
                        ismc_error *err);
/* --at DAY: the last commit on the first-parent line of `rev` (NULL: HEAD)
 * whose committer date, in the committer's own time zone, is on or before
 * `day` (docs/git.md), its id into `out`. 0 found; 1 none (the line starts
 * after `day`); -1 with err filled. */
int ismc_git_at(ismc_repo *r, const char *rev, long day, char out[41], ismc_error *err);
/* The diffs of root trees a history walk made, kept for the next build's
 * (records "diff#A B" of the page cache, pagecache.c). */
typedef struct ismc_diffs ismc_diffs;
/* History of every file below the root up to `rev` (NULL: HEAD) in one walk:
 * fills *out, a map path -> ismc_history, whose histories live in `a`; the
 * caller frees the map with ismc_map_free. Renames are followed. The
 * changes between two trees are taken from the cache file `cache` (an
 * earlier build's; NULL: none) when it has them; with `keep`, *keep gets
 * every pair diffed, to be saved (ismc_diffs_save). */
int ismc_git_history(ismc_repo *r, const char *rev, const char *cache, ismc_diffs **keep,
                     ismc_arena *a, ismc_map **out, ismc_error *err);
/* The records of d (NULL: none) to a part of the page cache. */
int ismc_diffs_save(const ismc_diffs *d, ismc_pagecache_writer *w);
void ismc_diffs_free(ismc_diffs *d);
/* uncommitted-change: one warning per ISMS file (document, register,
 * isms.yml) of the working-tree source `src` that is modified, added,
 * untracked or deleted relative to HEAD, at path:1:1. Returns how many, or
 * -1. `r` must outlive `d` (it owns the paths of deleted files). */
int ismc_git_uncommitted(ismc_repo *r, const ismc_source *src, ismc_diags *d, ismc_error *err);

/* Between git.c and git_history.c only (libgit2's types stay opaque here). */
struct git_repository;
struct git_commit;
struct git_tree;
struct git_tree_entry;
struct git_oid;
struct ismc_repo {
	struct git_repository *git;
	char *root;        /* as given, for messages */
	char *prefix;      /* the ISMS root below the top: "" or "a/b" */
	ismc_arena *arena; /* strings diagnostics point at (deleted files) */
};
/* Fills err with `what` and libgit2's last error; returns -1. */
int ismc_git_fail(ismc_error *err, const char *what);
/* Resolves a revspec to a commit (git_commit_free it); one-line err. */
int ismc_git_commit(struct git_commit **out, ismc_repo *r, const char *rev, ismc_error *err);
/* The ISMS root's tree in `c`; *out NULL when the root is not there. */
int ismc_git_root_tree(struct git_tree **out, ismc_repo *r, struct git_commit *c);
/* The id of the root's tree in `c` without loading it: 0 found, 1 absent, <0 error. */
int ismc_git_root_id(struct git_oid *out, ismc_repo *r, struct git_commit *c);
/* The entry at `path` below `root` (the tree at `prefix` below the
 * repository's top), symbolic links followed within the commit as a working
 * tree's would be: 0 with *out (git_tree_entry_free it) an entry that is no
 * link; 1 when a link leads outside `root`; -1 when one leads to nothing or
 * round in circles. */
int ismc_git_follow(struct git_tree *root, const char *prefix, const char *path,
                    struct git_tree_entry **out);
/* Each of the `n` blob ids `oids` gets its place in the repository's packs
 * in rank[i], or SIZE_MAX for every one when the packs hold more than 64
 * objects a blob asked (a small ISMS in a large repository) or do not hold
 * them: reading blobs in pack order finds each delta's base just decoded
 * (git.c). */
void ismc_git_pack_ranks(ismc_repo *r, const char *const *oids, size_t n, size_t *rank);
/* Entries the ISMS never reads: dot-entries and submodules. */
int ismc_git_skipped(const struct git_tree_entry *e);
/* Calls fn for every file below `t` the ISMS could read, path relative to `t`. */
int ismc_git_files(struct git_tree *t,
                   int (*fn)(const char *, const struct git_tree_entry *, void *), void *payload);

/* ---- baseline.c: incremental adoption (--write-baseline, --baseline,
 * --base REV --new-only) ---- */

/* A finding's fingerprint (16 hex digits): SHA-256 of its message with
 * each run of digits read as one '0', and of the trimmed text of the line it
 * points at in `src` (may be NULL). Its line number is not in it, so a
 * finding keeps its fingerprint when lines move. */
void ismc_baseline_fingerprint(const ismc_diag *dg, const ismc_source *src, char out[17]);
typedef struct ismc_baseline ismc_baseline;
/* Writes the (sorted) findings of `d` as a baseline file (JSON). */
int ismc_baseline_write(const char *path, const ismc_diags *d, const ismc_source *src,
                        ismc_error *err);
/* Reads a baseline file; -1 with err filled when it is none. */
int ismc_baseline_read(ismc_baseline **out, const char *path, ismc_error *err);
/* The findings of `d` as a baseline (--new-only: the base's). */
ismc_baseline *ismc_baseline_of(const ismc_diags *d, const ismc_source *src);
size_t ismc_baseline_count(const ismc_baseline *b);
void ismc_baseline_free(ismc_baseline *b);
/* Removes from the sorted `d` each finding that an entry of `b` matches
 * (code, path, fingerprint; an entry matches one finding); returns how many,
 * with *fixed the entries that matched none. */
size_t ismc_baseline_filter(ismc_diags *d, const ismc_source *src, const ismc_baseline *b,
                            size_t *fixed);

/* ---- openpgp.c: OpenPGP signatures through gpgme, in a keyring of its own ---- */

/* A temporary keyring (a GNUPGHOME made below $TMPDIR, removed by
 * ismc_pgp_free) that holds only the keys imported into it: never the
 * user's. */
typedef struct ismc_pgp ismc_pgp;
/* NULL with err filled when gpgme or gpg cannot be set up. */
ismc_pgp *ismc_pgp_new(ismc_error *err);
void ismc_pgp_free(ismc_pgp *p);
/* Imports the public keys of an armored or binary key file; appends the
 * fingerprint of each primary key and subkey (upper-case hex, strings the
 * caller frees with ismc_names_free) to `fprs`, primary first. 0, or -1 when
 * the data holds no key. */
int ismc_pgp_import(ismc_pgp *p, const char *data, size_t len, ismc_vec *fprs);
/* Verifies the detached signature `sig` over `data`. ISMC_PGP_GOOD with the
 * primary key's fingerprint in fpr; ISMC_PGP_UNKNOWN_KEY (fpr: the key id
 * gpg names), ISMC_PGP_BAD, or ISMC_PGP_ERROR (not a signature). */
enum { ISMC_PGP_GOOD, ISMC_PGP_BAD, ISMC_PGP_UNKNOWN_KEY, ISMC_PGP_ERROR };
int ismc_pgp_verify(ismc_pgp *p, const char *sig, size_t siglen, const char *data,
                    size_t len, char fpr[65]);

/* ---- proof.c: what git proves of approvals and decisions ---- */

/* How an approval stands against the history. */
#define ISMC_APPROVAL_STATES(X) \
	X(ISMC_PROVEN, "proven") \
	X(ISMC_UNPROVEN, "unproven")       /* a commit, no proof of the approver */ \
	X(ISMC_UNCOMMITTED, "uncommitted") /* the working tree's approval is not in HEAD */ \
	X(ISMC_NO_HISTORY, "no-history")   /* no repository or no commits */
typedef enum { ISMC_APPROVAL_STATES(ISMC_X_ENUM) ISMC_NAPPROVAL_STATES } ismc_approval_state;
extern const char *const ismc_approval_states[ISMC_NAPPROVAL_STATES + 1];

/* The approval of one controlled document (a document, or a register's
 * document: block) as git records it. */
typedef struct {
	const ismc_doc *doc;
	ismc_approval_state state;
	const ismc_commit *commit; /* the approving commit: the one that made the
	                              current approval (version, status, approved_by,
	                              approved_on); NULL without one */
	const ismc_commit *merge;  /* the merge that brought it in, or NULL */
	long pull_request;         /* read from a merge subject ("Merge pull request
	                              #12"), or a subject's "(#12)"; 0 none */
	ismc_proof method;         /* the strongest proof found */
	const ismc_person *person; /* the approver it proves */
	const char *proof_commit;  /* the commit carrying that proof (commit or merge) */
	const char *key;           /* method signature: the key's fingerprint */
	const char *signature;     /* the signature found: none, good, bad,
	                              unknown-key, not-approver, unsupported */
	const char *note;          /* why it is not proven, one sentence; or NULL */
} ismc_approval;

/* One change of a control decision in the controls register's history. */
typedef struct {
	const ismc_commit *commit;
	const char *applicable;    /* as written: "true", "false"; NULL: no decision */
	const char *status;        /* as written, or NULL */
} ismc_decision_change;

typedef struct {
	ismc_decision_change *v;   /* oldest first */
	size_t n;
} ismc_decision_history;

typedef struct ismc_proofs ismc_proofs;
/* Proves the approval of every approved document and register document from
 * the history `history` (ismc_git_history; NULL outside a repository) of `r`,
 * and reads each control's decision history. `worktree`: the model is the
 * working tree (its approvals must be committed in HEAD to count). Adds
 * approval-unproven and approval-date-mismatch when isms.yml approval.proof
 * asks for proof. `cache`: the page cache of an earlier build (pagecache.c),
 * or NULL. NULL with err on a system failure. Free with ismc_proofs_free. */
ismc_proofs *ismc_proofs_run(const ismc_model *m, ismc_repo *r, const ismc_map *history,
                             int worktree, const char *cache, ismc_error *err);
/* Writes the approving revisions this run found, as records of the page
 * cache (pagecache.c): a later run given that cache as `cache` takes a
 * file's answer while its revisions and approval are the same. They come
 * first in the cache file (ismc_proofs_run reads up to the first record of
 * another kind). 0, or -1 on a write error. */
int ismc_proofs_save(const ismc_proofs *p, ismc_pagecache_writer *w);
void ismc_proofs_free(ismc_proofs *p);
/* The approval of `doc` (approved documents only), or NULL. */
const ismc_approval *ismc_proofs_approval(const ismc_proofs *p, const ismc_doc *doc);
/* The decision history of catalog control `id`, or NULL. */
const ismc_decision_history *ismc_proofs_decisions(const ismc_proofs *p, const char *id);
/* The fingerprints of person's OpenPGP keys (primary keys), or NULL. */
const ismc_vec *ismc_proofs_keys(const ismc_proofs *p, const ismc_person *person);
/* Extracts the pull-request number from a merge subject, or 0. */
long ismc_pull_request(const char *subject);

/* ---- compare.c: change control against --base ---- */

/* Adds version-not-bumped to cur->diags and prints the review summary
 * (documents added, removed, changed; SoA decisions; risk scores) of `cur`
 * against `base` on `summary`. `base` is NULL when the ISMS root did not
 * exist at `base_name` (the revspec, for messages). Run before sorting. */
void ismc_compare(FILE *summary, const ismc_model *base, const ismc_model *cur,
                  const char *base_name);

/* ---- xml.c: what every XML writer shares (libxml2's tree API) ---- */

#define ISMC_NS "urn:ismc:pack:1"

struct _xmlDoc;
struct _xmlNode;
/* A new document whose root element `root_name` is in ISMC_NS; the caller
 * frees it, or hands it to ismc_xml_save. */
struct _xmlDoc *ismc_xml_doc(const char *root_name, struct _xmlNode **root);
/* Writes `doc` to `path` (UTF-8, indented) and frees it; 0, or -1 with err. */
int ismc_xml_save(struct _xmlDoc *doc, const char *path, ismc_error *err);
/* An element in the parent's namespace. */
struct _xmlNode *ismc_xml_el(struct _xmlNode *parent, const char *name);
/* Attributes and text are stripped of what XML 1.0 cannot carry; a NULL
 * value adds nothing. */
void ismc_xml_attr(struct _xmlNode *n, const char *name, const char *val);
void ismc_xml_attrl(struct _xmlNode *n, const char *name, long v);
void ismc_xml_date_attr(struct _xmlNode *n, const char *name, long days); /* YYYY-MM-DD */
void ismc_xml_time_attr(struct _xmlNode *n, const char *name, long long t); /* UTC, ISO 8601 */
void ismc_xml_text(struct _xmlNode *n, const char *text, size_t len);
/* <name>text</name> under `parent`; nothing (NULL) when text is NULL. */
struct _xmlNode *ismc_xml_text_el(struct _xmlNode *parent, const char *name, const char *text);
/* Appends the element `root` and its subtree to `b` as xmlNodeDumpOutput(buf,
 * doc, root, level, 1, "UTF-8") writes it (indented two spaces a level,
 * unindented inside an element with text; attributes' characters past
 * ASCII as references unless the document declares its encoding), in one pass
 * without libxml2's buffers: the bodies are most of evidence-pack.xml.
 * -1 (nothing appended) when the subtree holds what it does not write
 * itself (a namespace prefix or declaration, an entity reference, a
 * comment, CDATA, a processing instruction): the caller asks libxml2. */
int ismc_xml_dump(ismc_buf *b, struct _xmlNode *root, int level);

/* ---- emit.c, emit_body.c: the outputs as XML through libxml2 ---- */

typedef struct {
	const ismc_model *m;
	const ismc_diags *diags;      /* included when draft */
	int draft;
	const ismc_provenance *prov;  /* NULL: no repository */
	const ismc_map *history;      /* path -> ismc_history, or NULL */
	long long epoch;              /* SOURCE_DATE_EPOCH or commit time; -1 none */
	int epoch_sde;                /* epoch is SOURCE_DATE_EPOCH, not the commit's */
	const ismc_proofs *proofs;    /* approvals and decision histories, or NULL */
	int at;                       /* --at: the commit is the last on or before the as-of date */
	const struct ismc_reuse *reuse; /* the earlier OUT's cache (bodies taken), or NULL */
	const ismc_diffs *diffs;      /* the history walk's tree diffs, for the cache, or NULL */
} ismc_emit_ctx;

/* The evidence pack kept in memory for rendering (emit.c builds it,
 * transform.c renders from it: no round trip through the file). It is lean
 * (docs/output.md): no register section, and each documents/document
 * without its referenced-by, history and body, in place of which a stub
 * holds the body's asset references; the ids a link can point to in each
 * body are in `anchors` ("ID#fragment"). A pack read from its file has
 * everything, and its anchors from ismc_pack_anchors. */
typedef struct {
	struct _xmlDoc *doc;
	struct _xmlNode **docs; /* the documents/document elements, in order */
	size_t ndocs;
	const ismc_emit_ctx *ctx;
	ismc_map *anchors;      /* "ID#fragment" of every section, heading, anchor */
	unsigned char anchors_set[32]; /* the XOR of the SHA-256 of each: a digest
	                                  of the set, whatever the order */
	ismc_arena *arena;      /* the keys of anchors */
	unsigned char (*digest)[32]; /* per document: SHA-256 of its element as
	                                evidence-pack.xml has it (NULL when read
	                                back from the file) */
	/* evidence-pack.xml, open for the document pages' batches to parse
	 * each body back rather than build it again (ismc_pack_doc_copy), and
	 * per document: where its body is in it and the digest of its text
	 * (S_kept_body); length 0: the body is built again (it was taken from
	 * the earlier OUT). NULL: every body is built again */
	FILE *kept;
	long long (*kept_at)[2];
	unsigned long long *kept_sig;
	int kept_level;          /* the level of indentation of a body there */
} ismc_pack;

/* Writes soa.xml, register.xml, risks.xml, frameworks.xml (when isms.yml
 * names frameworks) and evidence-pack.xml into `dir`, and fills `pack`
 * (ismc_pack_free; also after a failure). Returns 0, or -1 with err filled. */
int ismc_emit_all(const ismc_emit_ctx *ctx, const char *dir, ismc_pack *pack, ismc_error *err);
/* Document i of the pack built again in full, with its body, under `parent`
 * (of another tree): the body parsed back from evidence-pack.xml when it
 * can be (then *parsed is 1, when `parsed` is not NULL), else built from the
 * Markdown; returns it. */
struct _xmlNode *ismc_pack_doc_copy(const ismc_pack *p, size_t i, struct _xmlNode *parent,
                                    int *parsed);
/* Fills the anchors of a pack read from its file (its documents have their
 * bodies), as emit.c fills them for the pack it keeps. */
void ismc_pack_anchors(ismc_pack *p);
void ismc_pack_free(ismc_pack *p);
/* Appends the XML of a Markdown body to `parent` (references resolved).
 * `asked` (may be NULL) gets each id whose title the body looked up
 * (ismc_ref_title), as "ref\x1fID" strings the caller frees: what the
 * body cache (emit.c) checks again. */
void ismc_emit_body(const ismc_model *m, const ismc_doc *doc, const char *body, size_t len,
                    struct _xmlNode *parent, ismc_vec *asked);
/* Validates `file` against schemas/ismc.rng (tests; `ismc build` itself). */
int ismc_emit_validate(const char *file, const char *schema, ismc_error *err);

/* ---- body_html.c: a document page's body in C, as body.xsl makes it ---- */

struct _xsltTransformContext;
struct _xsltStylesheet;
/* What the body asks ismc's XSLT functions (transform.c answers, and records
 * the call for the page cache as a template's call): `fn` "href" (args kind,
 * id, fragment, mode, root) or "title" (kind, id); the answer into `out`. */
typedef void (*ismc_body_ask)(ismc_buf *out, const char *fn, const char *const *args, void *arg);
/* Renders the children of `body` (a p:body of the pack) under `insert`, a
 * node of the transformation's output, as the shipped body.xsl does on the
 * site ($mode 'site', $root `root`, $heading-base `heading_base`). */
void ismc_body_html(struct _xsltTransformContext *tc, struct _xmlNode *body,
                    struct _xmlNode *insert, const char *root, int heading_base,
                    ismc_body_ask ask, void *arg);
/* 1 when every template, and the key, that rendering a body reads in the
 * stylesheet `top` (and its imports) comes from the shipped body.xsl or
 * common.xsl in the folder `base`: ismc_body_html renders the same. */
int ismc_body_html_usable(struct _xsltStylesheet *top, const char *base);
/* common.xsl link-list on the site, of `n` items that ismc_links_html_kind
 * names: <ul class="links"> under `parent`, an <li> and record-link's link
 * for each, with its title after the id when `labels`. */
void ismc_links_html(struct _xmlNode *const *items, size_t n, int labels,
                     struct _xmlNode *parent, const char *root, ismc_body_ask ask, void *arg);
/* The kind of record item `n` of a link list links to, as its template of
 * mode "link" names it; NULL when that template is not a record-link (a
 * p:file-ref, any other element). */
const char *ismc_links_html_kind(struct _xmlNode *n);
/* ismc_body_html_usable for the link lists: the templates of mode "link"
 * and record-link. */
int ismc_links_html_usable(struct _xsltStylesheet *top, const char *base);
/* tables.xsl id-list on the site: <ul class="links"> under `parent`, for
 * each of the `n` records `items` (with @id, and @title as the tooltip) an
 * <li> and the link to it as a record of `kind`. */
void ismc_ids_html(const char *kind, struct _xmlNode *const *items, size_t n,
                   struct _xmlNode *parent, const char *root, ismc_body_ask ask, void *arg);
/* ismc_body_html_usable for the id lists: the template id-list. */
int ismc_ids_html_usable(struct _xsltStylesheet *top, const char *base);

/* ---- html_save.c: a rendered page into its HTML bytes ---- */

struct _xmlDoc;
/* Appends the HTML of the result tree `doc` (an HTML document) to `out`:
 * the bytes xsltSaveResultTo writes for <xsl:output method="html"
 * encoding=`encoding` indent="no"/>, without the file's doctype (the
 * templates write it). Like xsltSaveResultTo it first sets the tree's
 * Content-Type meta element (htmlSetMetaEncoding). With a file `f`, `out`
 * is scratch: the HTML goes into `f` a piece at a time (a page may be tens
 * of megabytes). 0, or -1 when writing to `f` failed. */
int ismc_html_save(struct _xmlDoc *doc, const char *encoding, ismc_buf *out, FILE *f);
/* The same through libxml2's own serializer: the reference the tests and
 * the fuzz target compare ismc_html_save with. */
void ismc_html_save_libxml2(struct _xmlDoc *doc, const char *encoding, ismc_buf *out);
/* 1 when the stylesheet `st` (with its imports) writes HTML the way
 * ismc_html_save does (method html, indent no, encoding UTF-8, into
 * *encoding as spelled); 0 when libxslt is to write it. */
int ismc_html_save_usable(struct _xsltStylesheet *st, const char **encoding);

/* ---- transform.c: XSLT templates to HTML, and the PDF ---- */

/* Renders the HTML site of the pack `pack` (emit.c) into dir/html/ (pages,
 * documents/<ID>.html, assets/). The templates are $ISMC_TEMPLATES, else the
 * installed ones, else the source tree's; any file of the folder `templates`
 * (--templates; may be NULL) replaces the template of the same name. The
 * document pages are rendered by `jobs` processes, the same bytes whatever
 * their number. `release` (may be NULL) is called with `arg` once no page
 * left to render in this process needs the model behind the pack
 * (pack->ctx): after the workers are forked, or after the document pages
 * with one job; the summary pages need the pack alone, so the caller frees
 * the model there and their peak does not add to it.
 * Returns 0, or -1 with err filled (no templates, a template that fails, I/O). */
/* A build over an earlier OUT: the document pages whose inputs are those of
 * a page of it are taken from it, not rendered (pagecache.c, transform.c). */
typedef struct ismc_reuse {
	const char *old_out;   /* the earlier OUT (real path), or NULL: none */
	const char *cache_in;  /* its cache file (pagecache.c) */
	const char *cache_out; /* where this build's goes; NULL: none is kept */
} ismc_reuse;
int ismc_transform_html(const char *dir, ismc_pack *pack, const char *templates, int jobs,
                        const ismc_reuse *reuse, void (*release)(void *), void *arg,
                        ismc_error *err);
/* Document pages per transformation of documents.xsl (a batch): few enough
 * to bound memory, many enough to share out among `jobs` worker processes. */
/* The namespace of the functions ismc gives the templates: ismc:href(kind,
 * id, fragment, mode, root) and ismc:has-page(id, mode) (docs/output.md). */
#define ISMC_XSLT_NS "urn:ismc:xslt:1"
#define ISMC_BATCH_MIN 16
#define ISMC_BATCH_MAX 64
#define ISMC_MAX_JOBS 64
#define ISMC_DEFAULT_JOBS 4 /* without --jobs: the online cores, at most this */
/* Renders dir/pack.pdf: print.xsl into a temporary folder outside `dir`
 * (removed after), then pdf.c (WeasyPrint, in parts for a large pack) asked
 * for the PDF variant `variant` (ISMC_PDF_VARIANT when NULL: a tagged PDF;
 * "none" asks for no variant). Returns 0, or -1 with err filled; when
 * weasyprint is missing err names the Debian package to install. */
#define ISMC_PDF_VARIANT "pdf/ua-1"
int ismc_transform_pdf(const char *dir, const char *templates, const char *variant,
                       ismc_error *err);

/* ---- stamp.c: the build's stamp in the summary pages ---- */

/* The stamp of a pack (the time stamp of the build; the commit, its tree,
 * time and date), which a summary page is rendered with as placeholders, and
 * its values written into the page after (docs/output.md). */
typedef struct ismc_stamp ismc_stamp;
/* The stamp of `pack`, or NULL when the pack holds text a placeholder
 * could be taken for (then its pages are rendered with the stamp itself). */
ismc_stamp *ismc_stamp_new(struct _xmlDoc *pack);
/* Removes the stamp's attributes from `n`, an element named `element` of
 * a pack ("" its root): what a document page's batch leaves out. */
void ismc_stamp_strip(struct _xmlNode *n, const char *element);
/* The pack with the placeholders; with the values again. */
void ismc_stamp_hide(ismc_stamp *s);
void ismc_stamp_show(ismc_stamp *s);
void ismc_stamp_free(ismc_stamp *s);
/* The page at `path`, rendered with the placeholders, written again with
 * the values; each run of a value's characters in it appended to `places`
 * as "OFFSET VALUE POSITION LENGTH" (strings in a). 0, or -1 with err. */
int ismc_stamp_fill(const ismc_stamp *s, const char *path, ismc_vec *places, ismc_arena *a,
                    ismc_error *err);
/* `from`, a page ismc_stamp_fill wrote for an earlier stamp with these
 * places, copied to the new file `to` with this stamp's values in them:
 * 0, or -1 (a place that does not fit; nothing is written). */
int ismc_stamp_patch(const ismc_stamp *s, const char *const *places, size_t n,
                     const char *from, const char *to);

/* ---- pdf.c: the print document into pack.pdf through WeasyPrint ---- */

/* `weasyprint` on PATH into exe (n bytes); -1 with err naming the Debian
 * package when there is none. */
int ismc_pdf_find(char *exe, size_t n, ismc_error *err);
struct _xsltStylesheet;
/* Renders `print` (print.xsl's result, serialised through `st`; this call
 * frees `print`, the caller `st`) into the PDF `out` with the WeasyPrint `exe`, run
 * without a shell in `work` (a folder holding assets/, where the print
 * HTML, parts and logs go; the caller removes it), asked for `variant`
 * (NULL: ISMC_PDF_VARIANT; "none": no variant), with SOURCE_DATE_EPOCH
 * `epoch` unless the environment sets one. A print document too large for
 * one run within ISMC_PDF_MEMORY (default 1.5 GB) is rendered in parts and
 * joined (pdf_join.c); a piece too large even alone is refused before any
 * run starts. Returns 0, or -1 with err filled. */
int ismc_pdf_render(struct _xmlDoc *print, struct _xsltStylesheet *st, const char *exe,
                    const char *work, const char *out, const char *variant, long long epoch,
                    ismc_error *err);

/* ---- pdf_join.c: a pack rendered in parts joined into one PDF (libqpdf) ---- */

/* pdf.c writes a link to another part's id as this, then the id
 * percent-encoded; pdf_join.c makes it an internal link again. */
#define ISMC_PDF_DEST_MARK "ismc-pdf-dest:"
/* Reads the PDF `pdf`: appends each page's shape to `orient` ('P'
 * portrait, 'L' landscape; may be NULL) and each named destination to
 * `dests` (may be NULL) as name (copied into `a`) -> first + its page
 * index + 1. Returns the page count, or -1 with err filled. */
int ismc_pdf_scan(const char *pdf, int first, ismc_buf *orient, ismc_map *dests, ismc_arena *a,
                  ismc_error *err);
typedef struct {
	const char *pdf;
	int cont; /* its top-level bookmarks go under the previous part's last one */
} ismc_pdf_part;
/* Joins parts[0..n) into `out`: the first part's catalog (title, language,
 * metadata) with every part's pages, bookmarks, named destinations and
 * structure tree, links to ISMC_PDF_DEST_MARK names made internal; then
 * page i of `numbers` (as many pages; may be NULL) drawn over page i as a
 * pagination artifact. Returns 0, or -1 with err filled. */
int ismc_pdf_join(const ismc_pdf_part *parts, size_t n, const char *numbers, const char *out,
                  ismc_error *err);

/* ---- pagecache.c: the pages of an earlier OUT, reused when unchanged ---- */

/* A page as a build wrote it: its path in OUT, the key of its inputs, the
 * calls to the ismc: functions its rendering made ("name\x1farg\x1f...",
 * sorted, each once) with the digest of their answers, and the identity of
 * the file. */
typedef struct {
	const char *page;
	unsigned char key[32], answers[32];
	const char **calls;
	size_t ncalls;
	unsigned long long dev, ino, size;
	long long mtime_s, mtime_ns;
	long long offset, length; /* a body's bytes in evidence-pack.xml (emit.c) */
	const char **marks;       /* a body's anchors and asset references */
	size_t nmarks;
	const char *raw;          /* ismc_pagecache_scan: the lines of a record of no
	                             calls as read (ismc_pagecache_put writes them
	                             again); else NULL */
	size_t rawlen;
	long long at, span;       /* ismc_pagecache_scan: where its lines are in the file */
	struct ismc_pagecache_table *table; /* ismc_pagecache_scan: the table of the */
	const unsigned *ids;                /* calls and their numbers in it; else NULL */
} ismc_page_rec;
typedef struct ismc_pagecache ismc_pagecache;
/* What writes records to a part file (ismc_pagecache_put, declared with
 * ismc_scans): the table of the calls its records made. */
ismc_pagecache_writer *ismc_pagecache_writer_new(FILE *f);
FILE *ismc_pagecache_writer_file(const ismc_pagecache_writer *w);
/* Frees w, not its file. */
void ismc_pagecache_writer_free(ismc_pagecache_writer *w);
/* The kinds of record a build writes first, before the bodies' and the
 * pages': each body's scan (markdown.c), each approving revision (proof.c);
 * a record's page is the prefix and the file's path. */
#define ISMC_CACHE_SCAN "scan#"
#define ISMC_CACHE_APPROVAL "approval#"
/* The changes between two root trees (git_history.c): "diff#A B", each a
 * tree id or "-" (none); written after the approvals. */
#define ISMC_CACHE_DIFF "diff#"
/* The record whose key digests everything the ismc: functions answer from
 * (transform.c), first among the pages' records. */
#define ISMC_CACHE_ANSWERS "answers#"
/* Calls fn(r, arg) with each record of the cache file `file` in turn (r
 * and its strings valid during the call), up to the first line that does
 * not parse or fn's first non-zero return. Returns how many records were
 * handed over, or -1 when `file` is not a cache of this version. */
long ismc_pagecache_scan(const char *file, int (*fn)(const ismc_page_rec *r, void *arg),
                         void *arg);
/* ismc_pagecache_scan, asking look(page, arg) first of each record: read
 * it, skip it (its lines counted, not decoded: no call to fn), stop there,
 * or read it but its calls (r->calls NULL, r->ncalls their number; r->table
 * and r->ids have them). look may be NULL: read every record. */
enum { ISMC_SCAN_READ, ISMC_SCAN_SKIP, ISMC_SCAN_STOP, ISMC_SCAN_NO_CALLS };
long ismc_pagecache_scan_some(const char *file, int (*look)(const char *page, void *arg),
                              int (*fn)(const ismc_page_rec *r, void *arg), void *arg);
/* The records of the cache file `file` whose page starts with `prefix`,
 * kept in memory, the first of each page (an empty cache when there is
 * none; never NULL): "evidence-pack.xml" (the bodies, emit.c, up to that
 * file's own record), or a kind a build writes first ("scan#",
 * "approval#": up to the first record of no such kind). */
ismc_pagecache *ismc_pagecache_read(const char *file, const char *prefix);
const ismc_page_rec *ismc_pagecache_get(const ismc_pagecache *pc, const char *page);
void ismc_pagecache_free(ismc_pagecache *pc);
/* Is `file` absent or a cache of ours (so ismc may replace it)? */
int ismc_pagecache_ours(const char *file);
/* Fills r's file identity from `path`: 0, or -1 (no regular file). */
int ismc_pagecache_stat(ismc_page_rec *r, const char *path);
/* Is `path` still the file r names (device, inode, size, modification
 * time)? */
int ismc_pagecache_same(const ismc_page_rec *r, const char *path);
/* Links `from` (a page of the earlier OUT) as `to` when it is still the
 * file r names: 0, or -1 (then the page is rendered). */
int ismc_pagecache_reuse(const ismc_page_rec *r, const char *from, const char *to);
/* Appends one record to w's part file (a record a scan handed over: its
 * calls through the table it was read with). */
int ismc_pagecache_put(ismc_pagecache_writer *w, const ismc_page_rec *r);
/* Begins a part that is to become the cache file itself (the magic line;
 * emit.c's, the largest). */
int ismc_pagecache_head(FILE *f);
/* Writes `file`: the records of each part file, in turn. A first part
 * that ismc_pagecache_head began is renamed to `file` (on the same file
 * system) and the others appended to it, not copied. */
int ismc_pagecache_write(const char *file, const char *const *parts, size_t nparts,
                         ismc_error *err);
/* Adds to `h` what every key starts with: ismc (its version and its
 * executable's SHA-256, taken once a process) and the libxml2 it runs with. */
void ismc_pagecache_self(ismc_sha256_ctx *h);

/* ---- output.c: the output folder ismc owns, written atomically ---- */

typedef struct {
	char out[4096];  /* OUT as given, for messages */
	char real[4096]; /* OUT resolved (a real path, though it may not exist yet) */
	char tmp[4096];  /* the temporary folder beside it, "" when none */
	int lockfd;      /* OUT's parent folder, locked; -1 when not */
	int had_out;     /* OUT was there (an ismc pack) when opened */
	/* the page cache beside OUT (pagecache.c): `.<OUT>.ismc-cache`, and
	 * where a build writes its own until it commits; both "" when a file
	 * of those names is not ismc's (then no cache is read or kept) */
	char cache[4096], cache_new[4096];
} ismc_output;

/* Claims OUT for a build of the ISMS at `root` (`top`: the top of the git
 * repository holding it, or NULL/""): refuses an OUT that is or holds the
 * root or `top`, or lies inside the root, and an existing OUT that is not
 * empty and not an ismc pack whose manifest lists every file in it; then
 * locks OUT's parent folder (one build at a time there) and removes the
 * temporary folders killed builds left beside OUT. Returns 0, or -1 with err
 * filled and nothing touched. ismc_output_close in any case. */
int ismc_output_open(ismc_output *o, const char *out, const char *root, const char *top,
                     ismc_error *err);
/* Creates the temporary folder o->tmp beside OUT, where the build writes. */
int ismc_output_begin(ismc_output *o, ismc_error *err);
/* Writes tmp/manifest.xml (SHA-256 of every file) and swaps tmp into OUT in
 * one step; the earlier OUT is deleted after, unless files of a user's
 * appeared in it meanwhile (then the swap is undone: -1). Then the page
 * cache written to o->cache_new, if any, becomes o->cache. */
int ismc_output_commit(ismc_output *o, ismc_error *err);
/* Removes the temporary folder (a failed build's) and releases the lock. */
void ismc_output_close(ismc_output *o);
/* Removes `path` and everything below it, never following a link. */
void ismc_rmtree(const char *path);
/* Reads a whole file; the caller frees *out. */
int ismc_file_read_all(const char *path, char **out, size_t *len, ismc_error *err);
/* Reads `f` to its end into one buffer (NUL-terminated, the caller frees
 * *out) of `hint` bytes, its expected size, grown only if it is larger.
 * 0; ISMC_TOO_LARGE once more than `limit` bytes were read (the rest not
 * read); -1 on a read error (errno). */
int ismc_stream_read_all(FILE *f, size_t hint, size_t limit, char **out, size_t *len);

/* ---- verify.c: `ismc verify PACK [--repo ROOT]` ---- */

/* Re-hashes the pack against its manifest (and with `repo`, the recorded
 * source blobs against the recorded commit); names every difference on `f`.
 * Returns 0 intact, 1 differences, 2 failure. */
int ismc_verify(FILE *f, const char *pack, const char *repo);

#endif
