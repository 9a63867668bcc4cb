/* explain.c: what each diagnostic code means, why ISO/IEC 27001 cares, an
 * example and the fix. One table indexed by ismc_code drives `ismc explain`,
 * the SARIF rule descriptions (format.c) and the docs test, which checks that
 * every code has a complete entry and that docs/diagnostics/<code>.md carries
 * the same summary, details and fix. Texts are single paragraphs (wrapped when
 * printed); examples keep their lines. */
#include "ismc.h"

#include <string.h>

static const ismc_explanation S_explain[ISMC_NCODES] = {
	[ISMC_FRONT_MATTER_MISSING] = {
		"An ISMS document does not start with front matter.",
		"7.5.2 Creating and updating: documented information needs identification and description (title, owner, reference) and review and approval.",
		"Every `*.md` file below the ISMS root (except `README.md`, dot-folders and `exclude` globs) is an ISMS document. Its identity, owner, version and approval live in front matter: a `---` line, a YAML mapping, and a closing `---` line at the very top of the file. Without it ismc cannot tell what the document is, so it is left out of the model and of every output.",
		"policies/access.md:\n  # Access policy\n\n  This file forgot its front matter.\n\npolicies/access.md:1:1: error: ISMS document without front matter: start the file with a '---' line, the fields (id, title, type, owner, version, status), and a '---' line [front-matter-missing]",
		"Add front matter with at least `id`, `title`, `type`, `owner`, `version` and `status`, closed by a `---` line. If the file is not part of the ISMS (notes, drafts, a tool's template), move it under a dot-folder or list it in `exclude:` in `isms.yml`.",
	},
	[ISMC_YAML_SYNTAX] = {
		"YAML that cannot be parsed.",
		"7.5.3 Control of documented information: it must be available and suitable for use; a register or front matter that no tool can read is neither.",
		"The front matter of a document, a register or `isms.yml` is not valid YAML: an unclosed bracket or quote, wrong indentation, a tab, or the same key twice in one mapping. The position is where the YAML parser noticed the problem, which can be just after the real mistake. The file's content is not used until it parses. Limits that no ISMS reaches keep a hostile file from costing more than a moment, each reported where it is crossed: nesting 64 levels deep, 10,000 keys in one mapping, 1,000,000 values in one file (a register of 10,000 risks holds about 300,000).",
		"registers/more-assets.yml:\n  assets:\n    - id: AS-002\n      name: Laptop\n       type: hardware\n\nregisters/more-assets.yml:4:10: error: mapping values are not allowed in this context [yaml-syntax]",
		"Fix the YAML at or just before the position given: align the indentation with spaces, close brackets and quotes, quote values that contain `: ` or start with `[`, `{`, `*`, `&` or `#`, and give each key once.",
	},
	[ISMC_MISSING_FIELD] = {
		"A required field is absent or empty.",
		"7.5.2 a) and c): documented information needs identification and description, and review and approval; 6.1.3 d) needs a justification for every control decision.",
		"The schema of front matter, `isms.yml` and each register names the fields every record must have (see ismc-format(5)). A document needs `id`, `title`, `type`, `owner`, `version` and `status`, and a record also its `date`; a risk needs `id`, `title`, `owner`, `likelihood`, `impact` and `treatment`; an asset `id`, `name`, `type`, `owner` and `classification`; a control decision `id`, `applicable` and `justification`. An empty value counts as missing.",
		"policies/incomplete.md:\n  ---\n  id: POL-010\n  title: \"\"\n  type: policy\n  version: \"1.0\"\n  status: draft\n  clauses: [5.2]\n  ---\n  Text.\n\npolicies/incomplete.md:1:1: error: front matter lacks required field 'owner' [missing-field]\npolicies/incomplete.md:3:1: error: required field 'title' is empty [missing-field]",
		"Add the field named in the message with a real value. ismc-format(5) lists every field, and `ismc init` writes stubs that have them all.",
	},
	[ISMC_INVALID_VALUE] = {
		"A value of the wrong type or form.",
		"7.5.2 b) appropriate format; 6.1.2 a) and c): risks are scored on the defined likelihood and impact scales.",
		"A field holds something its schema does not allow: an enum value that is not in the list (type, status, treatment, classification), a date that is not a real `YYYY-MM-DD` date, a duration that is not `N days|weeks|months|years`, a version that is not `MAJOR.MINOR`, an id that does not match the id pattern, or a score off the risk scales of `isms.yml`. The value is ignored, so checks that depend on it may stay silent until it is fixed.",
		"policies/values.md:\n  ---\n  id: pol-011\n  title: Values\n  type: polcy\n  owner: CISO\n  version: v1\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-02-30\n  review_interval: 1 fortnight\n  clauses: [5.2]\n  ---\n\npolicies/values.md:2:5: error: 'pol-011' is not a valid id: an upper-case letter, then upper-case letters, digits and hyphens, with at least one hyphen (e.g. POL-001) [invalid-value]\npolicies/values.md:4:7: error: 'polcy' is not a valid type; did you mean 'policy'? [invalid-value]\npolicies/values.md:6:10: error: 'v1' is not a version; write MAJOR.MINOR, e.g. \"1.0\" [invalid-value]\n...",
		"Write the value in the form the message asks for; a did-you-mean names the likely intended value. Quote versions (`version: \"1.0\"`) so YAML does not read them as numbers.",
	},
	[ISMC_UNKNOWN_FIELD] = {
		"A field the schema does not know.",
		"7.5.2 Creating and updating: a misspelt approval or review field silently loses the approval or review it was meant to record.",
		"A key in front matter, a register record or `isms.yml` is not in the schema. Usually it is a typo (`aproved_by`), and the field it was meant to be is then missing, so the message names the closest known field. Keys that other tools use (a docs site generator's `sidebar_position`, `tags`) can be declared in `isms.yml` `extra_fields:`.",
		"policies/typo.md:\n  ---\n  id: POL-012\n  title: Typo policy\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  aproved_by: CEO\n  approved_on: 2026-01-10\n  reviewer: Bob\n  clauses: [5.2]\n  ---\n\npolicies/typo.md:7:9: error: status is approved but approved_by is missing [approval-missing]\npolicies/typo.md:8:1: warning: unknown field 'aproved_by' in front matter; did you mean 'approved_by'? [unknown-field]\npolicies/typo.md:10:1: warning: unknown field 'reviewer' in front matter [unknown-field]",
		"Correct the spelling, remove the field, or list it in `isms.yml` `extra_fields:` when another tool needs it. The severity can be changed with `checks: {unknown-field: error}` (or `off`).",
	},
	[ISMC_DUPLICATE_ID] = {
		"An id is defined twice.",
		"7.5.2 a) identification: every piece of documented information needs a unique reference; 6.1.3 d) one decision per Annex A control.",
		"Document ids, risk ids and asset ids share one namespace, and each Annex A control has one decision in the controls registers. When an id is defined twice, references to it are ambiguous and the SoA could hold two different decisions for one control. The second definition is the error; a note points at the first.",
		"policies/dup.md:\n  ---\n  id: DOC-SCOPE\n  title: A second scope\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  clauses: [4.3]\n  ---\n\nscope.md:\n  ---\n  id: DOC-SCOPE\n  title: ISMS manual\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-15\n  clauses: [4.1, 4.2, 4.3, 4.4, 5.1, 5.2, 5.3, 6.1, 6.2, 6.3, 7.1, 7.3, 7.4, 7.5, 8.1, 8.2, 8.3, 9.2.1, 9.3.1, 9.3.2, 10.1]\n  controls: [A.5.1]\n  ---\n  # ISMS manual\n\n  ...\n\nscope.md:2:5: error: 'DOC-SCOPE' is defined twice [duplicate-id]\npolicies/dup.md:2:5: note: 'DOC-SCOPE' is first defined here",
		"Give one of the two a new id and update the references to it, or merge the two records. For a control decided in two `controls` registers, keep one decision.",
	},
	[ISMC_UNKNOWN_CONTROL] = {
		"A control id that is not in the Annex A catalog.",
		"6.1.3 c) compare the controls determined with those in Annex A; 6.1.3 d) the Statement of Applicability.",
		"Controls are written as in ISO/IEC 27001:2022 Annex A: `A.<theme>.<n>`, themes 5 to 8 (A.5.1 to A.8.34). An id that is not in the catalog (an ISO 27001:2013 number such as A.9.1, a typo) points at nothing, and variant spellings (`A.05.01`, `iso27001:A.5.1`, `a.5.1`) are reported with their canonical form instead of being guessed silently.",
		"policies/ctl.md:\n  ---\n  id: POL-020\n  title: Controls with typos\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  controls: [A.05.01, A.9.1, banana]\n  ---\n  # Controls\n\n  This implements [A.8.13] and [a.8.14].\n\npolicies/ctl.md:10:12: error: 'A.05.01' is not how controls are written; write 'A.5.1' [unknown-control]\npolicies/ctl.md:10:21: error: 'A.9.1' is not an Annex A control; did you mean 'A.5.1'? [unknown-control]\npolicies/ctl.md:10:28: error: 'banana' is not an Annex A control of ISO/IEC 27001:2022 (A.5.1 to A.8.34) [unknown-control]\n...",
		"Write the canonical 2022 id. Controls renumbered from the 2013 edition must be mapped to their 2022 successor (A.9.1 access control policy is now A.5.15).",
	},
	[ISMC_UNKNOWN_CLAUSE] = {
		"A clause id that is not a clause of ISO/IEC 27001:2022.",
		"4.4 Information security management system: the ISMS must meet the requirements of clauses 4 to 10; a document can only address a clause that exists.",
		"A document's `clauses:` list names the requirements it addresses. Valid ids are the clauses and sub-clauses of 4 to 10 (`4.3`, `6.1.2`, `9.2.2`). A parent with sub-clauses (`6.1`, `7.5`, `9.2`, `9.3`) stands for all of them, but a whole clause number (`6`) is too coarse to show coverage and is refused.",
		"policies/cl.md:\n  ---\n  id: POL-021\n  title: Clause typos\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  clauses: [6, 11.1, 6.1.4, 4.1]\n  ---\n\npolicies/cl.md:10:11: error: '6' is a whole clause; list the clauses addressed (6.1, 6.2, 6.3) [unknown-clause]\npolicies/cl.md:10:14: error: '11.1' is not a clause of ISO/IEC 27001:2022; did you mean '10.1'? [unknown-clause]\npolicies/cl.md:10:20: error: '6.1.4' is not a clause of ISO/IEC 27001:2022; did you mean '6.1.1'? [unknown-clause]",
		"List the clauses the document really addresses, by their 2022 numbers. `ismc explain clause-uncovered` shows why the list matters.",
	},
	[ISMC_UNKNOWN_REFERENCE] = {
		"A reference to a document, risk or asset id that does not exist.",
		"7.5.3 Control of documented information: documents and registers cross-reference each other, and an auditor must be able to follow every reference.",
		"A bracketed id in running text (`[POL-003]`, `[R-012]`, `[AS-004]`), an id in `related:`, `implemented_by:`, `evidence:` or a risk's `assets:` must name something the ISMS defines, and of the right kind (a risk's assets must be assets). Text such as `[1]`, `[x]` or `[see below]` is not an id and is left alone; ids in the wrong case are reported with the right spelling.",
		"policies/refs.md:\n  ---\n  id: POL-030\n  title: References\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  clauses: [5.2]\n  related: [DOC-SCOP]\n  ---\n  # References\n\n  ...\n\npolicies/refs.md:11:11: error: 'DOC-SCOP' is not defined; did you mean 'DOC-SCOPE'? [unknown-reference]\npolicies/refs.md:15:38: error: 'R-999' is not defined by any document, risk or asset [unknown-reference]\npolicies/refs.md:15:47: error: 'doc-scope' is written in the wrong case; write 'DOC-SCOPE' [unknown-reference]\n...",
		"Correct the id (the message suggests the closest one), create the missing document or record, or drop the reference. Escape brackets that are not a reference: `\\[POL-777]`.",
	},
	[ISMC_BROKEN_LINK] = {
		"A relative link to a missing file or heading, or outside the root.",
		"7.5.3 a) documented information is available and suitable for use where and when it is needed.",
		"A relative Markdown link must name a file inside the ISMS root, and a `#fragment` must match a heading of that file by GitHub's heading-slug rules (lower case, spaces to hyphens, punctuation dropped). A link that leaves the root would not exist in the evidence pack. `http(s):` and `mailto:` links are not checked, since ismc works offline.",
		"policies/links.md:\n  ---\n  id: POL-040\n  title: Links\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  clauses: [5.2]\n  ---\n  # Links\n\n  - [scope](../scope.md) and [findings](../records/review.md#findings)\n  ...\n\npolicies/links.md:15:3: error: link '../procedures/backup.md': no file 'procedures/backup.md' in the ISMS [broken-link]\npolicies/links.md:16:3: error: link '../records/review.md#finding': 'records/review.md' has no heading '#finding'; did you mean '#findings'? [broken-link]\npolicies/links.md:17:3: error: link '../../etc/passwd' leads outside the ISMS root [broken-link]",
		"Point the link at the file's current path (relative to the linking file) and at an existing heading, or remove it. After renaming a heading, update the fragments that point at it.",
	},
	[ISMC_UNSAFE_LINK] = {
		"A link with a forbidden scheme.",
		"7.5.3 b) documented information is adequately protected (loss of integrity); the HTML evidence pack must not carry active content.",
		"Only `http:`, `https:`, `mailto:` and relative links are allowed. `javascript:`, `data:`, `vbscript:` and `file:` links either run code in a reader's browser or point at a file on somebody's disk; neither belongs in an ISMS document or in the evidence pack rendered from it. A protocol-relative link (`//host/path`, or with backslashes) is refused too: it takes the scheme of wherever the page is opened, `file:` for a pack opened from disk, which on Windows reaches out to a network share.",
		"policies/unsafe.md:\n  ---\n  id: POL-041\n  title: Unsafe links\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  clauses: [5.2]\n  ---\n  Click [here](javascript:alert(1)).\n  Also <file:///etc/passwd>.\n\npolicies/unsafe.md:12:7: error: link 'javascript:alert(1)' uses a forbidden scheme: only http, https, mailto and relative links are allowed [unsafe-link]\npolicies/unsafe.md:13:41: error: link 'file:///etc/passwd' uses a forbidden scheme: only http, https, mailto and relative links are allowed [unsafe-link]",
		"Link to an `https:` page or to a file inside the ISMS instead, or write the address as code (`` `file:///etc/passwd` ``) when it is meant as text.",
	},
	[ISMC_SOA_MISSING_CONTROL] = {
		"An Annex A control has no decision in a controls register.",
		"6.1.3 d) the Statement of Applicability contains the necessary controls and the justification for including or excluding each Annex A control.",
		"The SoA is derived from the `controls` registers: every one of the 93 controls of Annex A needs a record with `applicable` and `justification`, whether it is included or excluded. A control without a decision would be missing from the SoA, which a certification body treats as a major nonconformity. The diagnostic points at the first controls register, or at `standard:` in `isms.yml` when there is none.",
		"The controls register has no record for A.5.7 (every other control is\ndecided):\n\nregisters/controls.yml:1:1: error: no SoA decision for A.5.7 Threat intelligence: add it to a controls register with applicable and justification [soa-missing-control]",
		"Add a record for the control to a `controls` register: `- {id: A.5.7, applicable: true, justification: ..., status: planned, target: 2026-09-30}`. `ismc init` writes a register with all 93 controls to start from.",
	},
	[ISMC_EXCLUDED_CONTROL_USED] = {
		"A control the SoA excludes is relied on by a risk or a document.",
		"6.1.3 b) and d): the controls necessary to treat the risks must be included in the Statement of Applicability.",
		"A control decided `applicable: false` is named in a risk's `controls:` (its treatment depends on it) or in a document's `controls:` (the document claims to implement it). Either the exclusion is wrong or the reliance is, and an auditor will ask which.",
		"The SoA excludes A.5.15, yet risk R-001 relies on it:\n\nregisters/controls.yml (line 72):\n    - id: A.5.15\n      applicable: false\n      justification: No access to customer data.\n\nregisters/risks.yml:\n  risks:\n    - id: R-001\n      title: Customer data leaked\n      owner: CTO\n      assets: [AS-001]\n      threat: external attacker\n      vulnerability: weak access control\n      likelihood: 3\n      impact: 4\n      treatment: mitigate\n      controls: [A.5.15]\n      residual: {likelihood: 2, impact: 3}\n\nregisters/risks.yml:11:16: error: this risk's treatment relies on A.5.15, which the SoA excludes (registers/controls.yml:73) [excluded-control-used]",
		"Include the control in the SoA (`applicable: true` with a justification and a status), or treat the risk with other controls and remove the control from the document or risk.",
	},
	[ISMC_CONTROL_UNIMPLEMENTED] = {
		"An applicable control is marked implemented or partial, but no approved document implements it.",
		"6.1.3 d) the SoA states whether each necessary control is implemented; 7.5.1 b) documented information determined as necessary for the ISMS's effectiveness.",
		"A control decision says `status: implemented` (or `partial`), yet neither its `implemented_by:` lists an approved document nor does any approved document list the control in its `controls:`. Draft and retired documents do not count. The SoA would claim an implementation that no evidence supports.",
		"A.8.1 is marked implemented, but its decision names no document and no\napproved document lists A.8.1 among the controls it implements:\n\nregisters/controls.yml (line 297):\n    - id: A.8.1\n      applicable: true\n      justification: Needed for the customer data we hold.\n      status: implemented\n\nregisters/controls.yml:300:13: error: A.8.1 is marked implemented, but no approved document implements it (list one in implemented_by, or the control in a document's controls) [control-unimplemented]",
		"Name the implementing document in `implemented_by:` (or the control in that document's `controls:`) and get the document approved, or set the status to what is true (`planned` with a `target`).",
	},
	[ISMC_PLANNED_WITHOUT_TARGET] = {
		"An applicable control is planned or not implemented without a target date.",
		"6.1.3 e) the information security risk treatment plan, and 6.2: plans say when they will be completed.",
		"A control that is applicable but `planned` or `not-implemented` is part of the risk treatment plan, and a plan without a date cannot be tracked or audited. The `target:` date makes the commitment visible in the SoA.",
		"A.8.3 is planned, with no target::\n\nregisters/controls.yml (line 307):\n    - id: A.8.3\n      applicable: true\n      justification: Needed for the customer data we hold.\n      status: planned\n\nregisters/controls.yml:310:13: warning: A.8.3 is planned but has no target date [planned-without-target]",
		"Add `target: YYYY-MM-DD` to the decision. The severity can be changed in `isms.yml` `checks:`.",
	},
	[ISMC_RISK_NO_CONTROLS] = {
		"A risk is treated by mitigation but selects no controls.",
		"6.1.3 b) determine all controls that are necessary to implement the risk treatment option chosen.",
		"`treatment: mitigate` means controls reduce the risk, so the risk must name them in `controls:`. Without them the treatment is only a word, and the SoA cannot show which risks a control answers.",
		"registers/risks.yml:\n  risks:\n    - id: R-001\n      title: Customer data leaked\n      owner: CTO\n      assets: [AS-001]\n      likelihood: 3\n      impact: 4\n      treatment: mitigate\n      residual: {likelihood: 2, impact: 3}\n\nregisters/risks.yml:8:16: error: risk R-001 is mitigated but selects no controls [risk-no-controls]",
		"List the Annex A controls that reduce the risk in `controls:`, or choose the treatment that is true (accept, transfer, avoid).",
	},
	[ISMC_RISK_ACCEPTANCE_MISSING] = {
		"A residual risk above the acceptance level has no recorded sign-off.",
		"6.1.3 f) obtain the risk owners' approval of the treatment plan and acceptance of the residual risks; 6.1.2 a) 1) risk acceptance criteria.",
		"The residual score (likelihood x impact after treatment, or the inherent score when there is no `residual:`) is above `risk.acceptance` in `isms.yml`. Such a risk may be carried only when its owner accepts it, which the register records in `accepted_by` and `accepted_on`.",
		"registers/risks.yml:\n  risks:\n    - id: R-001\n      title: Customer data leaked\n      owner: CTO\n      assets: [AS-001]\n      likelihood: 4\n      impact: 5\n      treatment: mitigate\n      controls: [A.5.15]\n      residual: {likelihood: 3, impact: 3}\n\nregisters/risks.yml:10:15: error: residual risk 3 x 3 = 9 is above the acceptance level 6: record the risk owner's sign-off in accepted_by and accepted_on [risk-acceptance-missing]",
		"Record the risk owner's acceptance with `accepted_by:` and `accepted_on:`, or add controls until the residual score is within the acceptance level.",
	},
	[ISMC_CLAUSE_UNCOVERED] = {
		"A requirement of clauses 4 to 10 is addressed by no approved document.",
		"4.4 Information security management system: establish, implement, maintain and continually improve the ISMS in accordance with the requirements of this document.",
		"A certification audit checks every requirement of clauses 4 to 10. Each leaf clause (30 of them) must be listed in the `clauses:` of at least one approved document; drafts do not count. A parent clause (`6.1`, `9.2`) covers all its sub-clauses. The diagnostic points at `standard:` in `isms.yml`, since the gap is in the ISMS as a whole.",
		"The only approved document that lists clauses leaves out 6.1.3:\n\nscope.md:\n  ---\n  id: DOC-SCOPE\n  title: ISMS manual\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-15\n  clauses: [4.1, 4.2, 4.3, 4.4, 5.1, 5.2, 5.3, 6.1.1, 6.1.2, 6.2, 6.3, 7.1, 7.3, 7.4, 7.5, 8.1, 8.2, 8.3, 9.2.1, 9.3.1, 9.3.2, 10.1]\n  controls: [A.5.1]\n  ---\n  # ISMS manual\n\n  ...\n\nisms.yml:3:1: error: clause 6.1.3 Information security risk treatment is addressed by no approved document [clause-uncovered]",
		"Write or approve the document that meets the requirement and list the clause in its `clauses:`. `ismc check` prints how many leaf clauses are covered in its readiness summary.",
	},
	[ISMC_RECORD_MISSING] = {
		"A clause that requires evidence has no recent record.",
		"7.2 d), 9.1, 9.2.2, 9.3.3 and 10.2: documented information shall be retained as evidence of competence, monitoring results, the audit programme and its results, management review results, and nonconformities and corrective actions.",
		"For clauses 7.2, 9.1, 9.2.2, 9.3.3 and 10.2 a policy is not enough: the auditor wants evidence that the activity happened. ismc looks for an approved document of type `record` that lists the clause and whose `date` falls within `period` (default 12 months) before the as-of date.",
		"The newest record of the audit and review activities is dated 2025-03-01,\nmore than the 12-month period before the as-of date:\n\nrecords/review.md:\n  ---\n  id: REC-REVIEW\n  title: Annual review\n  type: record\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2025-03-02\n  date: 2025-03-01\n  clauses: [7.2, 9.1, 9.2.2, 9.3.3, 10.2]\n  ---\n  # Annual review\n\n  ...\n\nisms.yml:3:1: error: clause 10.2 Nonconformity and corrective action needs a record within the audit period; the newest, REC-REVIEW, is dated 2025-03-01, more than 12 months before 2026-06-30 [record-missing]\nisms.yml:3:1: error: clause 7.2 Competence needs a record within the audit period; the newest, REC-REVIEW, is dated 2025-03-01, more than 12 months before 2026-06-30 [record-missing]\nisms.yml:3:1: error: clause 9.1 Monitoring, measurement, analysis and evaluation needs a record within the audit period; the newest, REC-REVIEW, is dated 2025-03-01, more than 12 months before 2026-06-30 [record-missing]\n...",
		"Add the record of the activity (type: record, status: approved, date: the day it happened, clauses: [9.2.2]), or carry out the activity if it is overdue. Use `--as-of` to check against the audit date.",
	},
	[ISMC_REVIEW_OVERDUE] = {
		"An approved document is past its next review date.",
		"7.5.2 c) review and approval for suitability and adequacy; 5.2 and Annex A 5.1: policies are reviewed at planned intervals.",
		"An approved document is due for review at `next_review:`, or `approved_on` plus its `review_interval` (default: `review_interval` in `isms.yml`). Records have no review cycle. The as-of date (`--as-of`, else today) decides what is overdue.",
		"policies/old.md:\n  ---\n  id: POL-070\n  title: Old policy\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2025-05-01\n  clauses: [5.2]\n  ---\n\npolicies/old.md:9:14: warning: POL-070 was due for review on 2026-05-01 [review-overdue]",
		"Review the document: bump `version` if it changed and set a new `approved_on`, or set `next_review:` to the agreed new date. Teams that treat overdue reviews as blocking set `checks: {review-overdue: error}`.",
	},
	[ISMC_APPROVAL_MISSING] = {
		"A document has status approved without approved_by or approved_on.",
		"7.5.2 c) review and approval; 5.2: the information security policy is approved by top management.",
		"`status: approved` claims an approval. The register and the evidence pack show who approved the document and when, so both `approved_by` and `approved_on` are required; without them the approval cannot be shown to an auditor.",
		"policies/half.md:\n  ---\n  id: POL-081\n  title: Half signed\n  type: policy\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  clauses: [5.2]\n  ---\n\npolicies/half.md:7:9: error: status is approved but approved_on is missing [approval-missing]",
		"Add `approved_by:` (the approving role or person) and `approved_on:` (the date), or set `status: review` until the approval is given.",
	},
	[ISMC_ORPHAN_DOCUMENT] = {
		"A document that nothing references and that addresses no clause or control.",
		"7.5.1 b) documented information determined by the organisation as necessary for the effectiveness of the ISMS.",
		"A document belongs to the ISMS when it addresses a clause or a control, or when another document or record references it. One that does neither is usually forgotten, superseded or misplaced, and an auditor will ask what it is for. Retired documents are exempt: they are kept as a record of the past.",
		"guidelines/lonely.md:\n  ---\n  id: GUI-001\n  title: Lonely guideline\n  type: guideline\n  owner: CISO\n  version: \"1.0\"\n  status: approved\n  approved_by: CEO\n  approved_on: 2026-01-10\n  ---\n  Nobody links here.\n\nguidelines/lonely.md:1:1: warning: GUI-001 is referenced by nothing and addresses no clause or control [orphan-document]",
		"Reference it from the document it supports (`[GUI-001]` or `related:`), list the clauses or controls it addresses, retire it, or move it out of the ISMS. The severity can be changed in `isms.yml` `checks:`.",
	},
	[ISMC_VERSION_NOT_BUMPED] = {
		"An approved document changed since the base revision but kept its version.",
		"7.5.3 c) control of changes (e.g. version control) of documented information.",
		"With `ismc check --base REV` (typically the pull request's target branch) ismc compares each approved document with its state at REV. When the content changed and `version` did not increase, readers and auditors cannot tell the two texts apart, and the approval recorded for the old text appears to cover the new one.",
		"policies/access.md is approved at version 1.2 on main; the branch of a pull\nrequest rewrites a sentence of its body and leaves version: \"1.2\":\n\n$ git diff main -- isms/policies/access.md\n...\n-Access is reviewed every year.\n+Access is reviewed every quarter.\n$ ismc check isms --base main --as-of 2026-06-30\npolicies/access.md:6:1: error: POL-001 changed since main but its version is still 1.2; approved content needs a new version [version-not-bumped]\n...\nismc: 1 error, 0 warnings in 3 documents, 1 risk, 93 controls",
		"Increase `version` (minor for clarifications, major for a change in what people must do), and renew `approved_by`/`approved_on` when the change needs a new approval.",
	},
	[ISMC_UNCOMMITTED_CHANGE] = {
		"An ISMS file differs from the commit being built.",
		"7.5.3 c) control of changes: the evidence pack must be reproducible from a recorded revision.",
		"`ismc build` from a working tree records the HEAD commit as the pack's provenance. A file that is modified, added or deleted but not committed makes the pack differ from that commit, so it could not be reproduced or verified later. The warning names each such file.",
		"A document is edited but not committed when the pack is built from the\nworking tree:\n\n$ echo typo >> isms/policies/access.md\n$ ismc build isms -o out --as-of 2026-06-30\npolicies/access.md:1:1: warning: policies/access.md has changes not committed; the build reads the working tree, not HEAD [uncommitted-change]\nismc: 0 errors, 1 warning in 3 documents, 1 risk, 93 controls\nismc: wrote out",
		"Commit (or discard) the change before building, or build a committed revision with `--rev`, which never reads the working tree.",
	},
	[ISMC_INVALID_UTF8] = {
		"A file that is not valid UTF-8.",
		"7.5.2 b) appropriate format; 7.5.3 a) documented information is suitable for use.",
		"ISMS files must be UTF-8 (the encoding of Markdown, YAML and the XML outputs). A byte sequence that is not UTF-8, typically text saved as Latin-1 or Windows-1252, or a NUL byte, would be garbled in the outputs, so the file is not read further. The position is the first bad byte. The same holds for the name of an ISMS file (a document, a register): one that is not UTF-8, or that holds a control character such as a line break, is reported at line 1, column 1 with the name shown escaped (`bad\\xff.md`), and the file is not read, so `check` and `build` agree on it.",
		"A file saved as Latin-1: line 3 reads title: Latin-1 été, with é as the\nsingle byte 0xE9:\n\npolicies/latin1.md:3:16: error: invalid UTF-8 byte sequence; save the file as UTF-8 [invalid-utf8]",
		"Convert the file to UTF-8 (`iconv -f latin1 -t utf-8`) or save it as UTF-8 in the editor.",
	},
	[ISMC_FILE_TOO_LARGE] = {
		"A file larger than the 8 MiB limit.",
		"7.5.3 a) documented information is suitable for use; a policy of this size is almost certainly not a policy.",
		"ismc reads every ISMS file into memory; files above 8 MiB are refused so a stray export, log or binary cannot exhaust memory or slow every check. The file is not parsed.",
		"A Markdown file of 9 MB (a pasted export, say):\n\n  { printf -- '---\\nid: POL-091\\n...\\n---\\n'; head -c 9000000 /dev/zero | tr '\\\\0' a; } > policies/huge.md\n\npolicies/huge.md:1:1: error: file is larger than the 8 MiB limit [file-too-large]",
		"Split the document, move attachments out of the ISMS (link to them), or add the path to `exclude:` when it is not an ISMS file.",
	},
	[ISMC_PATH_ESCAPE] = {
		"A symbolic link that leads outside the ISMS root.",
		"7.5.3 b) documented information is adequately protected; the ISMS is what is in its repository, nothing else.",
		"Files are read only from inside the ISMS root. A symbolic link whose target lies outside it is not followed: following it would put files that are not under the ISMS's change control into the check and the evidence pack (or let a crafted link read arbitrary files). This holds for a link where a document or register would be, and for a link to a folder (whose documents would be read); a link that stays inside the root is read through, from a working tree and from a commit (`--rev`) alike.",
		"A symbolic link inside the ISMS that points outside it:\n\n  ln -s /etc/passwd policies/outside.md\n\npolicies/outside.md:1:1: error: symbolic link leads outside the ISMS root; it is not followed [path-escape]",
		"Replace the link with the file itself, or with a link to a file inside the root.",
	},
	[ISMC_YAML_ALIAS] = {
		"A YAML alias or anchor.",
		"7.5.3 a) documented information is readable and suitable for use: each record is written out in full.",
		"YAML aliases (`*name`) repeat a node anchored elsewhere (`&name`). They are refused: a register must be readable record by record, positions in diagnostics would point at the anchor rather than the record, and nested aliases can expand exponentially (the 'billion laughs' attack).",
		"registers/bomb.yml:\n  assets:\n    - &a\n      id: AS-100\n      name: Anchor\n      type: information\n      owner: CTO\n      classification: internal\n    - *a\n\nregisters/bomb.yml:8:5: error: YAML aliases (*a) are not accepted: write the value out [yaml-alias]",
		"Write the repeated record or value out in full.",
	},
	[ISMC_NESTING_TOO_DEEP] = {
		"A document body nested more than 64 levels deep.",
		"7.5.3 a) documented information is available and suitable for use: it must render for its readers.",
		"Lists, block quotes, emphasis and links can be nested inside each other. No policy needs more than a few levels; a body nested more than 64 levels deep is refused, because the evidence pack's HTML and PDF are rendered by templates that descend one level at a time, and such a body is almost always an accident (or a crafted file). The check reports it so that check and build agree.",
		"policies/deep.md, whose body is 70 nested block quotes:\n\n  >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> quoted\n\npolicies/deep.md:12:65: error: Markdown nested more than 64 levels deep (lists, quotes or emphasis inside each other): flatten it [nesting-too-deep]",
		"Flatten the structure: fewer nested lists or quotes, or split the content into sections.",
	},
};

const ismc_explanation *ismc_explain_get(ismc_code c)
{
	return &S_explain[c];
}

void ismc_explain_uri(ismc_code c, ismc_buf *out)
{
	ismc_buf_printf(out, "%s/blob/main/docs/diagnostics/%s.md", ISMC_URL, ismc_code_get(c)->name);
}

/* Prints a paragraph wrapped at 78 columns, each line indented. */
static void S_wrap(FILE *f, const char *text, int indent)
{
	int col = 0;
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		if (col > indent && col + 1 + (int)n > 78) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0)
			col = fprintf(f, "%*s", indent, "");
		else
			col += fprintf(f, " ");
		col += (int)fwrite(p, 1, n, f);
		p += n;
	}
	fputc('\n', f);
}

static void S_indent(FILE *f, const char *text, int indent)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		if (n)
			fprintf(f, "%*s%.*s", indent, "", (int)n, text);
		fputc('\n', f);
		text += n + (text[n] == '\n');
	}
}

int ismc_explain_print(FILE *f, const char *code)
{
	if (!code) {
		for (int i = 0; i < ISMC_NCODES; i++)
			fprintf(f, "%-24s %s\n", ismc_code_get((ismc_code)i)->name, S_explain[i].summary);
		return 0;
	}
	int c = ismc_code_find(code);
	if (c < 0) {
		const char *names[ISMC_NCODES];
		for (int i = 0; i < ISMC_NCODES; i++)
			names[i] = ismc_code_get((ismc_code)i)->name;
		const char *near = ismc_closest(code, names, ISMC_NCODES);
		if (near)
			fprintf(stderr, "ismc: '%s' is not a diagnostic code; did you mean '%s'?\n", code, near);
		else
			fprintf(stderr, "ismc: '%s' is not a diagnostic code ('ismc explain' lists them)\n",
			        code);
		return 2;
	}
	const ismc_code_info *info = ismc_code_get((ismc_code)c);
	const ismc_explanation *e = &S_explain[c];
	fprintf(f, "%s: %s\n", info->name, e->summary);
	fprintf(f, "  severity: %s%s\n\n", ismc_severity_name(info->severity),
	        info->adjustable ? " (adjustable in isms.yml checks:)" : "");
	fputs("ISO/IEC 27001:2022\n", f);
	S_wrap(f, e->clause, 2);
	fputs("\nWhat it means\n", f);
	S_wrap(f, e->details, 2);
	fputs("\nExample\n", f);
	S_indent(f, e->example, 2);
	fputs("\nFix\n", f);
	S_wrap(f, e->fix, 2);
	ismc_buf uri = { 0 };
	ismc_explain_uri((ismc_code)c, &uri);
	fprintf(f, "\nMore: %s\n", uri.data);
	ismc_buf_free(&uri);
	return 0;
}
