/* The resolve step: every link and bracketed id resolved once onto its
 * record, and the derived facts (implementers, coverage, risks, referrers)
 * the rules and the outputs read. */
#include <criterion/criterion.h>
#include <string.h>

#include "ismc.h"
#include "support.h"

static char S_dir[256];

/* The minimal fixture plus one policy whose links and ids cover each case. */
static void S_load(t_model *c)
{
	t_tmpdir(S_dir, sizeof S_dir, "resolve");
	t_copy_fixture("minimal", t_path("%s/isms", S_dir));
	t_spit(t_path("%s/isms/README.md", S_dir), "# Read me\n\n## Usage\n");
	t_spit(t_path("%s/isms/policies/p.md", S_dir),
	       "---\nid: POL-001\ntitle: P\ntype: policy\nowner: CISO\nversion: \"1.0\"\n"
	       "status: approved\napproved_by: CEO\napproved_on: 2026-01-10\n"
	       "controls: [A.5.15]\nrelated: [REC-REVIEW]\n---\n"
	       "# P\n\n"
	       "[a](../scope.md) [b](../records/review.md#findings) [c](../README.md#usag)\n"
	       "[d](https://example.com) [e](javascript:x) [f](../../out) [g]()\n"
	       "[h](../registers/) [i](../missing.md#x) ![j](../records/review.md#finding)\n\n"
	       "[DOC-SCOPE] [A.5.1] [doc-scope] [A.05.01]\n");
	t_model_load(c, t_path("%s/isms", S_dir), "2026-06-30");
}

Test(resolve, links_are_resolved_onto_their_records)
{
	t_model c;
	S_load(&c);
	const ismc_doc *p = ismc_model_doc(c.m, "POL-001");
	cr_assert_not_null(p);
	cr_assert_eq(p->nlinks, 10);
	const ismc_link *l = p->links;
	cr_assert_eq(l[0].kind, ISMC_LINK_LOCAL);
	cr_assert_str_eq(l[0].target, "scope.md");
	cr_assert_eq(l[0].doc, ismc_model_doc(c.m, "DOC-SCOPE"));
	cr_assert_eq(l[0].frag_state, ISMC_FRAG_NONE);
	cr_assert_eq(l[1].frag_state, ISMC_FRAG_FOUND);
	cr_assert_str_eq(l[1].frag, "findings");
	cr_assert_eq(l[2].frag_state, ISMC_FRAG_MISSING, "README.md is read for its headings");
	cr_assert_str_eq(l[2].near, "usage");
	cr_assert_null(l[2].doc);
	cr_assert_not_null(l[2].file);
	cr_assert_eq(l[3].kind, ISMC_LINK_EXTERNAL);
	cr_assert_eq(l[4].kind, ISMC_LINK_UNSAFE);
	cr_assert_eq(l[5].kind, ISMC_LINK_OUTSIDE);
	cr_assert_eq(l[6].kind, ISMC_LINK_EMPTY);
	cr_assert(l[7].folder);
	cr_assert_null(l[7].file);
	cr_assert_null(l[8].file);
	cr_assert_not(l[8].folder);
	cr_assert_eq(l[8].frag_state, ISMC_FRAG_UNCHECKED);
	cr_assert(l[9].image);
	cr_assert_eq(l[9].frag_state, ISMC_FRAG_MISSING);
	cr_assert_str_eq(l[9].near, "findings");
	t_model_free(&c);
	t_rmtree(S_dir);
}

Test(resolve, bracketed_ids_have_a_kind_and_a_target)
{
	t_model c;
	S_load(&c);
	const ismc_doc *p = ismc_model_doc(c.m, "POL-001");
	cr_assert_eq(p->nrefs, 4);
	cr_assert_eq(p->refs[0].kind, ISMC_REF_ID);
	cr_assert_not_null(p->refs[0].def);
	cr_assert_eq(p->refs[0].def->obj, ismc_model_doc(c.m, "DOC-SCOPE"));
	cr_assert_eq(p->refs[1].kind, ISMC_REF_CONTROL);
	cr_assert_str_eq(p->refs[1].control->id, "A.5.1");
	cr_assert_eq(p->refs[2].kind, ISMC_REF_WRONG_CASE);
	cr_assert_null(p->refs[2].def);
	cr_assert_eq(p->refs[3].kind, ISMC_REF_CONTROL);
	cr_assert_null(p->refs[3].control, "a control only as the catalog writes it");
	t_model_free(&c);
	t_rmtree(S_dir);
}

Test(resolve, controls_clauses_and_referrers)
{
	t_model c;
	S_load(&c);
	const ismc_model *m = c.m;
	const ismc_control *ctl = ismc_catalog_control(m->catalog, "A.5.15");
	const ismc_control_facts *f = &m->control_facts[ctl->index];
	cr_assert_not_null(f->decision);
	cr_assert_eq(f->nimplementers, 2, "the register's DOC-SCOPE, then POL-001's front matter");
	cr_assert_str_eq(f->implementers[0]->id.s, "DOC-SCOPE");
	cr_assert_str_eq(f->implementers[1]->id.s, "POL-001");
	cr_assert(f->implemented);
	cr_assert_eq(f->nrisks, 1);
	cr_assert_str_eq(((const ismc_risk *)m->risks.v[f->risks[0]])->id.s, "R-001");

	const ismc_clause *cl = ismc_catalog_clause(m->catalog, "9.2.2");
	cr_assert(m->clause_facts[cl->index].covered);
	cr_assert_eq(m->clause_facts[cl->index].ndocs, 1);

	/* REC-REVIEW: POL-001 (related, links), then DOC-SCOPE (a link), in
	 * path order; then no control */
	const ismc_doc *rec = ismc_model_doc(m, "REC-REVIEW");
	cr_assert(rec->referenced);
	cr_assert_eq(rec->nreferrers, 2);
	cr_assert_str_eq(rec->referrers[0].doc->id.s, "POL-001");
	cr_assert_str_eq(rec->referrers[1].doc->id.s, "DOC-SCOPE");
	/* POL-001: only the control it lists itself */
	const ismc_doc *p = ismc_model_doc(m, "POL-001");
	cr_assert_eq(p->nreferrers, 1);
	cr_assert_eq(p->referrers[0].control, ctl);
	cr_assert_not(p->referenced, "its own controls do not make it referenced");
	t_model_free(&c);
	t_rmtree(S_dir);
}
