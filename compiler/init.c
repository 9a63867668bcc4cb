/* init.c: `ismc init DIR`, the skeleton of a new ISMS (SPEC §5). It writes
 * isms.yml with every setting explained, a draft document per leaf clause of
 * 4-10 whose headings prompt for what the clause requires, the controls
 * register with every control of the catalog undecided, empty risk, asset,
 * nonconformity and supplier registers, the recurring activities of a
 * certified ISMS, and a README. `ismc check` on the result is the gap
 * analysis. The catalog's names and numbers reach the texts through the
 * placeholders S_expand fills from its data ({name}, {set}, ...).
 *
 * Files are created exclusively (O_EXCL | O_NOFOLLOW) below folders opened
 * without following links, never through a shell, and only after every
 * target was found free: init never overwrites anything and never writes
 * outside DIR, and a failure midway takes back exactly what it made, so a
 * half-written ISMS or a user's own file is never at risk. */
#define _POSIX_C_SOURCE 200809L
#include "ismc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A document per leaf clause: file name, type, title and the body's prompts,
 * which paraphrase what the default catalog's standard asks of the clause. */
typedef struct {
	const char *clause, *file, *type, *title, *body;
	const char *fields; /* front matter lines of its own, or NULL */
} S_stub;

static const S_stub S_stubs[] = {
	{ "4.1", "04-1-context", "policy", "Context of the organisation",
	  "## Purpose of the ISMS\n\n"
	  "*What the organisation does and what the ISMS is meant to achieve for it.*\n\n"
	  "## External issues\n\n"
	  "*Legal, regulatory and contractual climate, market, technology, the threat\n"
	  "landscape and suppliers.*\n\n"
	  "## Internal issues\n\n"
	  "*Structure, culture, capabilities, systems and processes that help or hinder\n"
	  "information security.*\n\n"
	  "## Climate change\n\n"
	  "*Whether climate change is a relevant issue (ISO/IEC 27001:2022/Amd 1:2024),\n"
	  "and why: weather that could reach premises, data centres, suppliers or\n"
	  "staff; what customers and regulators expect. Record the decision in the\n"
	  "front matter, `climate_change: relevant` or `not-relevant`.*\n\n"
	  "## Keeping the issues current\n\n"
	  "*When and by whom the issues are reviewed (at least before each management\n"
	  "review, [ISMS-9-3-2]).*\n",
	  "climate_change:   # relevant or not-relevant (ISO/IEC 27001:2022/Amd 1:2024)\n" },
	{ "4.2", "04-2-interested-parties", "policy", "Interested parties and their requirements",
	  "## Interested parties\n\n"
	  "*Customers, staff, regulators, suppliers, owners, insurers: everyone whose\n"
	  "needs bear on information security.*\n\n"
	  "## Their requirements\n\n"
	  "*For each party the relevant requirements: laws, regulations, contracts,\n"
	  "expectations. A table works well: party, requirement, source.*\n\n"
	  "## Requirements the ISMS addresses\n\n"
	  "*Which of these requirements the ISMS will address, and where (a document,\n"
	  "a control).*\n", NULL },
	{ "4.3", "04-3-scope", "policy", "Scope of the ISMS",
	  "## Scope statement\n\n"
	  "*One paragraph an auditor can quote: the organisation, services, locations\n"
	  "and systems within the ISMS.*\n\n"
	  "## Boundaries\n\n"
	  "*Organisational units, sites, networks, cloud services and products inside\n"
	  "the scope, and what is outside it and why.*\n\n"
	  "## Interfaces and dependencies\n\n"
	  "*Where activities in scope meet those outside it or those of other\n"
	  "organisations (suppliers, group companies, customers).*\n\n"
	  "## Issues and requirements considered\n\n"
	  "*How the scope follows from the context ([ISMS-4-1]) and the requirements\n"
	  "of interested parties ([ISMS-4-2]).*\n", NULL },
	{ "4.4", "04-4-isms", "policy", "The information security management system",
	  "## ISMS processes\n\n"
	  "*The processes that make up the ISMS (risk management, document control,\n"
	  "audit, review, improvement) and who runs each.*\n\n"
	  "## How the processes interact\n\n"
	  "*Inputs and outputs between them; a simple diagram or table.*\n\n"
	  "## Maintaining and improving the ISMS\n\n"
	  "*How the ISMS is kept up to date: changes by pull request, `ismc check` in\n"
	  "CI, the evidence pack built before each audit.*\n", NULL },
	{ "5.1", "05-1-leadership", "policy", "Leadership and commitment",
	  "## Commitment of top management\n\n"
	  "*How top management shows it leads the ISMS: policy and objectives that fit\n"
	  "the strategy, and being accountable for the ISMS achieving its outcomes.*\n\n"
	  "## Integration into business processes\n\n"
	  "*Where information security requirements are built into how the business\n"
	  "already works (planning, procurement, product development).*\n\n"
	  "## Resources and support\n\n"
	  "*How the needed resources are made available, and how managers and staff\n"
	  "are directed and supported to contribute.*\n\n"
	  "## Communicating importance and improvement\n\n"
	  "*How management communicates why effective information security matters\n"
	  "and promotes continual improvement.*\n", NULL },
	{ "5.2", "05-2-policy", "policy", "Information security policy",
	  "## Policy statement\n\n"
	  "*The policy itself, fitting the organisation's purpose, in words staff\n"
	  "understand.*\n\n"
	  "## Objectives\n\n"
	  "*The information security objectives, or the framework for setting them\n"
	  "(see [ISMS-6-2]).*\n\n"
	  "## Commitments\n\n"
	  "*The commitment to satisfy applicable requirements, and the commitment to\n"
	  "continual improvement of the ISMS.*\n\n"
	  "## Communication and availability\n\n"
	  "*How the policy is communicated inside the organisation and made available\n"
	  "to interested parties, as appropriate.*\n", NULL },
	{ "5.3", "05-3-roles", "policy", "Roles, responsibilities and authorities",
	  "## Roles\n\n"
	  "*Each role relevant to information security, its responsibilities and\n"
	  "authorities. A table works well: role, responsibilities, authority.*\n\n"
	  "## Responsibility for conformity\n\n"
	  "*Who ensures the ISMS conforms to {family}.*\n\n"
	  "## Reporting on performance\n\n"
	  "*Who reports on the performance of the ISMS to top management, and how\n"
	  "often.*\n\n"
	  "## Communicating the assignments\n\n"
	  "*How people learn the roles they hold.*\n", NULL },
	{ "6.1.1", "06-1-1-risks-and-opportunities", "procedure",
	  "Actions to address risks and opportunities",
	  "## Risks and opportunities for the ISMS\n\n"
	  "*Considering the issues of [ISMS-4-1] and the requirements of [ISMS-4-2]:\n"
	  "what could keep the ISMS from its intended outcomes, and what could help\n"
	  "it improve.*\n\n"
	  "## Planned actions\n\n"
	  "*The actions that address them, and how they are built into the ISMS\n"
	  "processes.*\n\n"
	  "## Evaluating effectiveness\n\n"
	  "*How the effectiveness of these actions is evaluated.*\n", NULL },
	{ "6.1.2", "06-1-2-risk-assessment", "procedure",
	  "Information security risk assessment process",
	  "## Risk criteria\n\n"
	  "*The likelihood and impact scales (isms.yml `risk:`), what each level\n"
	  "means in this organisation, and the criteria for performing assessments\n"
	  "(when, by whom, at what depth).*\n\n"
	  "## Risk acceptance criteria\n\n"
	  "*Which residual scores are accepted without sign-off (isms.yml\n"
	  "`acceptance`) and who may accept the rest.*\n\n"
	  "## Consistent, valid and comparable results\n\n"
	  "*How repeated assessments give consistent, valid and comparable results:\n"
	  "fixed scales, worked examples, one register.*\n\n"
	  "## Identifying risks and risk owners\n\n"
	  "*How risks to the confidentiality, integrity and availability of\n"
	  "information in scope are found, and how each gets an owner.*\n\n"
	  "## Analysing risks\n\n"
	  "*How consequences and realistic likelihood are assessed, giving the risk\n"
	  "level (likelihood x impact).*\n\n"
	  "## Evaluating risks\n\n"
	  "*How the results are compared with the criteria and risks prioritised for\n"
	  "treatment. The results live in registers/risks.yml.*\n", NULL },
	{ "6.1.3", "06-1-3-risk-treatment", "procedure",
	  "Information security risk treatment process",
	  "## Treatment options\n\n"
	  "*How a treatment is chosen for each risk: mitigate, accept, transfer or\n"
	  "avoid.*\n\n"
	  "## Determining the controls\n\n"
	  "*How the controls a treatment needs are determined, and how they are\n"
	  "compared with {set} so that no necessary control is missed.*\n\n"
	  "## Statement of Applicability\n\n"
	  "*The SoA is built by `ismc build` from registers/controls.yml: for each\n"
	  "control whether it applies, the justification for including or excluding\n"
	  "it, and whether it is implemented.*\n\n"
	  "## Risk treatment plan\n\n"
	  "*How the plan is formulated: actions, owners, dates.*\n\n"
	  "## Approval and acceptance\n\n"
	  "*How risk owners approve the plan and accept the residual risks\n"
	  "(`accepted_by`, `accepted_on` in the risk register).*\n", NULL },
	{ "6.2", "06-2-objectives", "plan", "Information security objectives",
	  "## Objectives\n\n"
	  "*Objectives consistent with the policy, measurable where practicable, and\n"
	  "taking the requirements and the risk assessment into account.*\n\n"
	  "## Plans to achieve them\n\n"
	  "*For each objective: what will be done, with what resources, who is\n"
	  "responsible, when it will be done and how results are evaluated.*\n\n"
	  "## Monitoring, communication and updates\n\n"
	  "*How progress is monitored, communicated and the objectives updated.*\n", NULL },
	{ "6.3", "06-3-planning-of-changes", "procedure", "Planning of changes to the ISMS",
	  "## What counts as a change\n\n"
	  "*Changes to scope, processes, roles, technology or suppliers that affect\n"
	  "the ISMS.*\n\n"
	  "## How changes are planned\n\n"
	  "*Purpose and consequences considered, resources and responsibilities\n"
	  "assigned before the change; in this repository, a reviewed pull\n"
	  "request.*\n", NULL },
	{ "7.1", "07-1-resources", "plan", "Resources for the ISMS",
	  "## Resources needed\n\n"
	  "*People, time, budget, tools and external help the ISMS needs.*\n\n"
	  "## How they are provided\n\n"
	  "*Who approves them and how their adequacy is reviewed (management\n"
	  "review).*\n", NULL },
	{ "7.2", "07-2-competence", "procedure", "Competence",
	  "## Competence required\n\n"
	  "*For each role whose work affects information security, the competence\n"
	  "it needs.*\n\n"
	  "## Ensuring competence\n\n"
	  "*How people are made competent through education, training or experience:\n"
	  "hiring criteria, onboarding, certifications.*\n\n"
	  "## Actions and their effectiveness\n\n"
	  "*How gaps are closed (training, mentoring, hiring) and how the\n"
	  "effectiveness of those actions is evaluated.*\n\n"
	  "## Evidence\n\n"
	  "*Keep a record of competence: an approved document of type `record`\n"
	  "listing clause 7.2 and dated within the audit period (a training\n"
	  "record).*\n", NULL },
	{ "7.3", "07-3-awareness", "plan", "Awareness",
	  "## What everyone must know\n\n"
	  "*The information security policy, their own contribution to the ISMS and\n"
	  "the benefits of better security, and what happens when they do not\n"
	  "follow the ISMS.*\n\n"
	  "## Awareness programme\n\n"
	  "*How and how often this is taught: onboarding, yearly training, phishing\n"
	  "exercises, reminders.*\n", NULL },
	{ "7.4", "07-4-communication", "plan", "Communication",
	  "## Communication plan\n\n"
	  "*The internal and external communication the ISMS needs: on what, when,\n"
	  "with whom and how. A table works well:*\n\n"
	  "| what | when | with whom | how |\n"
	  "|---|---|---|---|\n"
	  "| *policy changes* | *on approval* | *all staff* | *company chat* |\n", NULL },
	{ "7.5.1", "07-5-1-documented-information", "procedure", "Documented information",
	  "## Documented information the standard requires\n\n"
	  "*Scope, policy, risk assessment and treatment process and results, SoA,\n"
	  "objectives, evidence of competence, monitoring, audits, management\n"
	  "reviews and nonconformities: where each lives in this repository.*\n\n"
	  "## Documented information the organisation needs\n\n"
	  "*What else the organisation has decided to document for the ISMS to be\n"
	  "effective.*\n", NULL },
	{ "7.5.2", "07-5-2-creating-and-updating", "procedure",
	  "Creating and updating documented information",
	  "## Identification and description\n\n"
	  "*Every document has an id, title, owner and version in its front matter.*\n\n"
	  "## Format and media\n\n"
	  "*Markdown and YAML in git; the evidence pack (XML, HTML, PDF) built from\n"
	  "it.*\n\n"
	  "## Review and approval\n\n"
	  "*How changes are reviewed for suitability and adequacy (pull requests)\n"
	  "and approved (`status: approved`, `approved_by`, `approved_on`).*\n", NULL },
	{ "7.5.3", "07-5-3-document-control", "procedure", "Control of documented information",
	  "## Availability\n\n"
	  "*How documents are available where and when they are needed.*\n\n"
	  "## Protection\n\n"
	  "*How they are protected from loss of confidentiality, improper use and\n"
	  "loss of integrity (repository access, branch protection, classification).*\n\n"
	  "## Distribution, access, retrieval and use\n\n"
	  "*Who may read and who may change what.*\n\n"
	  "## Storage, preservation and changes\n\n"
	  "*Storage and legibility, and version control of changes (git history,\n"
	  "`version` in the front matter).*\n\n"
	  "## Retention and disposition\n\n"
	  "*How long documents and records are kept, and how they are disposed of.*\n\n"
	  "## Documents of external origin\n\n"
	  "*How documents from outside (standards, contracts, supplier reports) are\n"
	  "identified and controlled.*\n", NULL },
	{ "8.1", "08-1-operations", "procedure", "Operational planning and control",
	  "## Process criteria\n\n"
	  "*The criteria for the processes that meet the ISMS requirements and carry\n"
	  "out the actions of clause 6, and how the processes are controlled\n"
	  "accordingly.*\n\n"
	  "## Evidence of operation\n\n"
	  "*What documented information shows the processes ran as planned.*\n\n"
	  "## Changes\n\n"
	  "*How planned changes are controlled and the consequences of unintended\n"
	  "ones reviewed.*\n\n"
	  "## Externally provided processes, products and services\n\n"
	  "*How what suppliers provide to the ISMS is controlled.*\n", NULL },
	{ "8.2", "08-2-risk-assessments", "procedure", "Performing risk assessments",
	  "## When assessments are performed\n\n"
	  "*At planned intervals (say yearly) and when significant changes are\n"
	  "proposed or occur, following the method of [ISMS-6-1-2].*\n\n"
	  "## Results\n\n"
	  "*The risk register registers/risks.yml holds the results; keep a record of\n"
	  "each assessment (type `record`, listing 8.2).*\n", NULL },
	{ "8.3", "08-3-risk-treatment", "procedure", "Implementing risk treatment",
	  "## Implementing the risk treatment plan\n\n"
	  "*How the plan of [ISMS-6-1-3] is carried out and its progress tracked.*\n\n"
	  "## Results\n\n"
	  "*Keep the results of risk treatment: residual scores in the risk register\n"
	  "and a record (type `record`, listing 8.3).*\n", NULL },
	{ "9.1", "09-1-monitoring", "procedure", "Monitoring, measurement, analysis and evaluation",
	  "## What is monitored and measured\n\n"
	  "*The processes and controls monitored, with the metric for each.*\n\n"
	  "## Methods\n\n"
	  "*Methods of monitoring, measurement, analysis and evaluation that give\n"
	  "comparable and reproducible results.*\n\n"
	  "## When and by whom\n\n"
	  "*When measurements are taken, who takes them, and when and by whom the\n"
	  "results are analysed and evaluated.*\n\n"
	  "## Evidence\n\n"
	  "*Keep the results: an approved document of type `record` listing clause\n"
	  "9.1, dated within the audit period (a metrics report).*\n", NULL },
	{ "9.2.1", "09-2-1-internal-audit", "procedure", "Internal audit",
	  "## Purpose\n\n"
	  "*Internal audits at planned intervals show whether the ISMS conforms to the\n"
	  "organisation's own requirements and to {family}, and whether it is\n"
	  "effectively implemented and maintained.*\n\n"
	  "## Audit criteria\n\n"
	  "*The requirements audits are held against.*\n", NULL },
	{ "9.2.2", "09-2-2-audit-programme", "plan", "Internal audit programme",
	  "## Programme\n\n"
	  "*Frequency, methods, responsibilities, planning and reporting of audits,\n"
	  "weighted by the importance of processes and earlier audit results.*\n\n"
	  "## Criteria and scope of each audit\n\n"
	  "*What each planned audit covers and against what.*\n\n"
	  "## Auditors\n\n"
	  "*How auditors are chosen so that audits are objective and impartial\n"
	  "(nobody audits their own work).*\n\n"
	  "## Reporting\n\n"
	  "*How results reach the relevant managers.*\n\n"
	  "## Evidence\n\n"
	  "*Keep the programme and the audit reports: approved documents of type\n"
	  "`record` listing clause 9.2.2, dated within the audit period.*\n", NULL },
	{ "9.3.1", "09-3-1-management-review", "procedure", "Management review",
	  "## Frequency and participants\n\n"
	  "*How often top management reviews the ISMS and who takes part.*\n\n"
	  "## Purpose\n\n"
	  "*The review confirms the ISMS is still suitable, adequate and effective.*\n", NULL },
	{ "9.3.2", "09-3-2-review-inputs", "procedure", "Management review inputs",
	  "## Inputs\n\n"
	  "*Every review considers:*\n\n"
	  "- *the status of actions from previous reviews;*\n"
	  "- *changes in external and internal issues ([ISMS-4-1]);*\n"
	  "- *changes in the needs and expectations of interested parties ([ISMS-4-2]);*\n"
	  "- *feedback on security performance: nonconformities and corrective\n"
	  "  actions, monitoring and measurement results, audit results, fulfilment\n"
	  "  of objectives;*\n"
	  "- *feedback from interested parties;*\n"
	  "- *results of risk assessment and the status of the risk treatment plan;*\n"
	  "- *opportunities for continual improvement.*\n", NULL },
	{ "9.3.3", "09-3-3-review-results", "procedure", "Management review results",
	  "## Decisions\n\n"
	  "*Reviews decide on improvement opportunities and on any changes the ISMS\n"
	  "needs.*\n\n"
	  "## Evidence\n\n"
	  "*Keep the minutes: an approved document of type `record` listing clause\n"
	  "9.3.3, dated within the audit period.*\n", NULL },
	{ "10.1", "10-1-improvement", "procedure", "Continual improvement",
	  "## Sources of improvement\n\n"
	  "*Audits, reviews, incidents, metrics and suggestions that feed\n"
	  "improvement.*\n\n"
	  "## Deciding and tracking improvements\n\n"
	  "*How the suitability, adequacy and effectiveness of the ISMS are improved\n"
	  "continually, and how improvements are tracked.*\n", NULL },
	{ "10.2", "10-2-nonconformity", "procedure", "Nonconformity and corrective action",
	  "## Reacting to a nonconformity\n\n"
	  "*Controlling and correcting it, and dealing with the consequences.*\n\n"
	  "## Finding the cause\n\n"
	  "*Reviewing the nonconformity, determining its causes and whether similar\n"
	  "ones exist or could occur.*\n\n"
	  "## Corrective action\n\n"
	  "*Implementing the action needed, reviewing its effectiveness and changing\n"
	  "the ISMS where necessary.*\n\n"
	  "## Evidence\n\n"
	  "*Keep the nature of each nonconformity, the actions taken and their\n"
	  "results in registers/nonconformities.yml; a nonconformity raised, actioned,\n"
	  "closed or checked within the audit period is the record clause 10.2 asks\n"
	  "for.*\n", NULL },
};

#define S_NSTUBS (sizeof S_stubs / sizeof *S_stubs)

static const S_stub *S_stub_for(const char *clause)
{
	for (size_t i = 0; i < S_NSTUBS; i++)
		if (!strcmp(S_stubs[i].clause, clause))
			return &S_stubs[i];
	return NULL;
}

static const char S_config[] =
	"# isms.yml: the settings of this ISMS, read by ismc (format reference:\n"
	"# docs/format.md of ismc). Written by `ismc init`: change the values.\n"
	"\n"
	"# Legal name of the organisation whose ISMS this is.\n"
	"organisation: Example Organisation Ltd\n"
	"\n"
	"# The catalog of requirements: clauses {span} and the {n} {set} controls of\n"
	"# {name} (the only one today).\n"
	"standard: {id}\n"
	"\n"
	"# Id of the document that states the scope of the ISMS (clause 4.3).\n"
	"scope: ISMS-4-3\n"
	"\n"
	"# The audit period: a record (a document of type record) is evidence only\n"
	"# when dated within this period before the as-of date of a check. Clauses\n"
	"# {records} each need one. A duration: N days,\n"
	"# weeks, months or years.\n"
	"period: 12 months\n"
	"\n"
	"# Default review cycle: an approved document is due for review this long\n"
	"# after its approved_on (a document's review_interval or next_review\n"
	"# overrides it); past that date, check warns review-overdue.\n"
	"review_interval: 12 months\n"
	"\n"
	"# Classification labels (lowest first) that documents and assets may carry,\n"
	"# and the label of a document that gives none.\n"
	"classifications: [public, internal, confidential, restricted]\n"
	"default_classification: internal\n"
	"\n"
	"# The risk method (clause 6.1.2). Each risk in registers/risks.yml gets a\n"
	"# likelihood and an impact, whole numbers on these scales (1 is the first\n"
	"# label); its score is likelihood x impact, 1 to 25 on a 5x5 method:\n"
	"#\n"
	"#   impact ->      1   2   3   4   5\n"
	"#   likelihood 5   5  10  15  20  25\n"
	"#              4   4   8  12  16  20\n"
	"#              3   3   6   9  12  15\n"
	"#              2   2   4   6   8  10\n"
	"#              1   1   2   3   4   5\n"
	"#\n"
	"# Change the labels (and their number) to fit; define what each means in\n"
	"# the risk assessment document (ISMS-6-1-2).\n"
	"risk:\n"
	"  likelihood: [Rare, Unlikely, Possible, Likely, Almost certain]\n"
	"  impact: [Negligible, Minor, Moderate, Major, Severe]\n"
	"  # Risk acceptance criterion: a residual score (after treatment) up to\n"
	"  # this value is accepted; above it, the risk owner must sign off the\n"
	"  # residual risk (accepted_by and accepted_on in the risk register).\n"
	"  acceptance: 6\n"
	"  # How long a sign-off stands (risk-acceptance-expired after it), and who\n"
	"  # may accept which scores (risk-acceptance-authority): the roles of the\n"
	"  # highest tier a score is above, or of a tier above that.\n"
	"  # acceptance_valid: 12 months\n"
	"  # acceptance_authority:\n"
	"  #   - {above: 12, by: [Board]}\n"
	"  #   - {above: 6, by: [CEO]}\n"
	"\n"
	"# Optional settings, shown with examples:\n"
	"#\n"
	"# The certificate, once there is one: its audits go into the calendar\n"
	"# (`ismc calendar`); surveillance yearly and recertification after three\n"
	"# years unless their dates are given.\n"
	"# certification:\n"
	"#   body: Example Certification Ltd\n"
	"#   certified_on: 2026-10-01\n"
	"#   surveillance: [2027-09-15, 2028-09-14]\n"
	"#   recertification: 2029-09-12\n"
	"#\n"
	"# How soon an open nonconformity needs its root cause and corrective\n"
	"# actions (nonconformity-unanalysed); 30 days unless set.\n"
	"# nonconformity:\n"
	"#   analyse_within: 30 days\n"
	"#\n"
	"# Severity of an adjustable diagnostic code: error, warning or off.\n"
	"# checks:\n"
	"#   review-overdue: error\n"
	"#\n"
	"# Paths ismc does not read (globs with *, ? and **).\n"
	"# exclude: [\"drafts/**\"]\n"
	"#\n"
	"# Front matter keys other tools use (a docs site generator), accepted\n"
	"# without an unknown-field warning.\n"
	"# extra_fields: [tags]\n";

static const char S_risks[] =
	"# The risk register (clauses 6.1.2 and 8.2): the risks to the information in\n"
	"# scope, their owners, scores, treatment and sign-off. Scores use the scales\n"
	"# of isms.yml `risk:`. Copy the example below the `risks:` line, remove the\n"
	"# `#` marks and the `[]`, and adapt it.\n"
	"#\n"
	"#  - id: R-001                     # unique id\n"
	"#    title: Customer data exposed by a misconfigured storage bucket\n"
	"#    owner: CTO                    # the risk owner, a role\n"
	"#    assets: [AS-001]              # ids from registers/assets.yml\n"
	"#    threat: External attacker scanning for public buckets\n"
	"#    vulnerability: Storage permissions changed by hand\n"
	"#    likelihood: 3                 # 1..5 before treatment\n"
	"#    impact: 4                     # 1..5 before treatment\n"
	"#    treatment: mitigate           # mitigate, accept, transfer or avoid\n"
	"#    controls: [A.8.9, A.5.15]     # {set} controls that treat it\n"
	"#    residual: {likelihood: 2, impact: 4}   # after treatment: 8, above 6\n"
	"#    accepted_by: CEO              # so the owner signs off the residual risk\n"
	"#    accepted_on: 2026-01-15\n"
	"#    review_on: 2027-01-15         # optional\n"
	"risks: []\n";

static const char S_assets[] =
	"# The asset inventory (control A.5.9): information and the assets that hold\n"
	"# or process it, each with an owner and a classification from isms.yml.\n"
	"# Copy the example below the `assets:` line, remove the `#` marks and the\n"
	"# `[]`, and adapt it.\n"
	"#\n"
	"#  - id: AS-001                    # unique id\n"
	"#    name: Customer database\n"
	"#    type: information   # information, software, hardware, service, people or site\n"
	"#    owner: CTO                    # the asset owner, a role\n"
	"#    classification: confidential  # one of isms.yml classifications\n"
	"#    location: Cloud region eu-west-1   # optional\n"
	"assets: []\n";

static const char S_activities[] =
	"# The recurring activities of the ISMS (clauses 8.1 and 9.1) and the records\n"
	"# that prove each was done: `ismc check` warns activity-overdue when the\n"
	"# newest approved record whose id matches `records` is older than `every`\n"
	"# (plus `grace`), and `ismc calendar` puts the next occurrences in a\n"
	"# calendar. A daily or weekly activity leaves a monthly summary record.\n"
	"# Adapt the list and the owners; the records are documents of type record\n"
	"# with a `date`, e.g. records/REC-ACCESS-REVIEW-2026-Q3.md.\n"
	"activities:\n"
	"  - id: ACT-LOG-REVIEW\n"
	"    title: Daily review of security logs and alerts (monthly summary)\n"
	"    owner: IT Operations Lead\n"
	"    every: 1 month\n"
	"    grace: 7 days\n"
	"    controls: [A.8.15, A.8.16]\n"
	"    records: [REC-LOG-REVIEW-*]\n"
	"  - id: ACT-VULN-SCAN\n"
	"    title: Weekly vulnerability scans (monthly report)\n"
	"    owner: IT Operations Lead\n"
	"    every: 1 month\n"
	"    grace: 7 days\n"
	"    controls: [A.8.8]\n"
	"    records: [REC-VULN-SCAN-*]\n"
	"  - id: ACT-METRICS\n"
	"    title: Monthly information security metrics\n"
	"    owner: ISMS Manager\n"
	"    every: 1 month\n"
	"    grace: 7 days\n"
	"    clauses: [9.1]\n"
	"    records: [REC-METRICS-*]\n"
	"  - id: ACT-ACCESS-CHANGES\n"
	"    title: Monthly review of access changes and privileged access\n"
	"    owner: IT Operations Lead\n"
	"    every: 1 month\n"
	"    grace: 7 days\n"
	"    controls: [A.5.18, A.8.2]\n"
	"    records: [REC-ACCESS-CHANGES-*]\n"
	"  - id: ACT-ACCESS-REVIEW\n"
	"    title: Quarterly user access review\n"
	"    owner: ISMS Manager\n"
	"    every: 3 months\n"
	"    grace: 14 days\n"
	"    controls: [A.5.15, A.5.18]\n"
	"    records: [REC-ACCESS-REVIEW-*]\n"
	"  - id: ACT-RISK-UPDATE\n"
	"    title: Quarterly update of the risk assessment\n"
	"    owner: ISMS Manager\n"
	"    every: 3 months\n"
	"    grace: 14 days\n"
	"    clauses: [8.2]\n"
	"    records: [REC-RISK-*]\n"
	"  - id: ACT-MANAGEMENT-REVIEW\n"
	"    title: Annual management review\n"
	"    owner: CEO\n"
	"    every: 12 months\n"
	"    clauses: [9.3]\n"
	"    records: [REC-MANAGEMENT-REVIEW-*]\n"
	"  - id: ACT-INTERNAL-AUDIT\n"
	"    title: Internal audit\n"
	"    owner: ISMS Manager\n"
	"    every: 12 months\n"
	"    clauses: [9.2]\n"
	"    records: [REC-AUDIT-*]\n"
	"  - id: ACT-POLICY-REVIEW\n"
	"    title: Annual review of the policies\n"
	"    owner: ISMS Manager\n"
	"    every: 12 months\n"
	"    clauses: [5.2]\n"
	"    controls: [A.5.1]\n"
	"    records: [REC-POLICY-REVIEW-*]\n"
	"  - id: ACT-PENTEST\n"
	"    title: Annual penetration test\n"
	"    owner: ISMS Manager\n"
	"    every: 12 months\n"
	"    grace: 1 month\n"
	"    controls: [A.8.8]\n"
	"    records: [REC-PENTEST-*]\n"
	"  - id: ACT-AWARENESS\n"
	"    title: Annual security awareness training\n"
	"    owner: ISMS Manager\n"
	"    every: 12 months\n"
	"    clauses: [7.2, 7.3]\n"
	"    controls: [A.6.3]\n"
	"    records: [REC-TRAINING-*]\n";

static const char S_nonconformities[] =
	"# Nonconformities and corrective actions (clause 10.2): each with what was\n"
	"# found, the correction, the root cause, the actions and the check of their\n"
	"# effectiveness. Copy the example below the `nonconformities:` line, remove\n"
	"# the `#` marks and the `[]`, and adapt it.\n"
	"#\n"
	"#  - id: NC-2026-01\n"
	"#    title: Leavers kept access to the CRM\n"
	"#    raised_on: 2026-04-22\n"
	"#    source: internal-audit  # external-audit, incident, management-review, monitoring, other\n"
	"#    controls: [A.5.18]\n"
	"#    description: 2 of 10 sampled leavers kept CRM access for a week.\n"
	"#    correction: Access removed on 2026-04-22.\n"
	"#    root_cause: The CRM is not connected to the identity provider.\n"
	"#    actions:\n"
	"#      - {id: A1, action: Connect the CRM to SSO, owner: IT Lead, due: 2026-06-30}\n"
	"#    status: open              # closed: with closed_on and effectiveness\n"
	"#    # effectiveness: {checked_on: 2026-09-30, effective: true, by: ISMS Manager}\n"
	"nonconformities: []\n";

static const char S_suppliers[] =
	"# The supplier register (controls A.5.19 to A.5.22): each supplier, how\n"
	"# critical it is, its agreement and when it was last reviewed. Copy the\n"
	"# example below the `suppliers:` line, remove the `#` marks and the `[]`,\n"
	"# and adapt it.\n"
	"#\n"
	"#  - id: SUP-001\n"
	"#    name: Example Cloud Ltd\n"
	"#    service: Hosting\n"
	"#    criticality: critical       # critical, important or standard\n"
	"#    owner: CTO\n"
	"#    assets: [AS-001]\n"
	"#    controls: [A.5.19, A.5.20, A.5.22, A.5.23]\n"
	"#    # agreement: contracts/example-cloud.pdf   # a document id, or a file here\n"
	"#    last_review: 2026-03-10\n"
	"#    review_every: 12 months\n"
	"suppliers: []\n";

static const char S_readme[] =
	"# Information security management system\n"
	"\n"
	"This folder is an information security management system (ISMS) for\n"
	"{name}, kept as Markdown and YAML in git and compiled by\n"
	"`ismc`. It was started with `ismc init`; every file is yours to change.\n"
	"\n"
	"| path | holds |\n"
	"|---|---|\n"
	"| `isms.yml` | settings: organisation, scope document, audit period, risk method |\n"
	"| `documents/` | a draft per leaf clause of {family} clauses {first} to {last} |\n"
	"| `registers/controls.yml` | a decision per {set} control: the Statement of Applicability |\n"
	"| `registers/risks.yml` | the risk register |\n"
	"| `registers/assets.yml` | the asset inventory |\n"
	"| `registers/activities.yml` | the recurring activities and the records that prove them |\n"
	"| `registers/nonconformities.yml` | nonconformities and corrective actions |\n"
	"| `registers/suppliers.yml` | the supplier register |\n"
	"\n"
	"Records (training records, audit reports, review minutes, metrics,\n"
	"corrective action logs) are documents with `type: record` and a `date`;\n"
	"a `records/` folder is a good home for them.\n"
	"\n"
	"## The work ahead\n"
	"\n"
	"Run `ismc check .` here. Until the ISMS is complete it fails and ends\n"
	"with a gap analysis: the work left, grouped by area. In short:\n"
	"\n"
	"1. Set your organisation's name and risk method in `isms.yml`.\n"
	"2. Decide every control in `registers/controls.yml`: `applicable` and a\n"
	"   `justification`, and for applicable controls a `status`.\n"
	"3. Record assets and risks in `registers/`.\n"
	"4. Replace the prompts of each document in `documents/` with what your\n"
	"   organisation does, then approve it (`status: approved`, `approved_by`,\n"
	"   `approved_on`). More documents (policies, procedures) can address the\n"
	"   same clauses and implement controls.\n"
	"5. Add the records clauses {records} ask for, and one for each\n"
	"   recurring activity in `registers/activities.yml`.\n"
	"\n"
	"`ismc check` then exits 0, and `ismc build` writes the Statement of\n"
	"Applicability and the evidence pack.\n";

/* "6.1.2" -> "ISMS-6-1-2" */
static void S_stub_id(const char *clause, char *out, size_t n)
{
	snprintf(out, n, "ISMS-%s", clause);
	for (char *p = out; *p; p++)
		if (*p == '.')
			*p = '-';
}

/* Appends `text` with the catalog's names put in for {name} ("ISO/IEC
 * 27001:2022"), {family} ("ISO/IEC 27001"), {id}, {set} ("Annex A"), {n}
 * (its controls), {span} ("4-10"), {first} and {last} (its main clauses) and
 * {records} ("7.2, 9.1, 9.2.2, 9.3.3 and 10.2"). */
static void S_expand(ismc_buf *b, const char *text, const ismc_catalog *cat)
{
	size_t ng = ismc_catalog_nclause_groups(cat), nr = ismc_catalog_nrecords(cat);
	for (const char *p = text; *p;) {
		const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			ismc_buf_puts(b, p);
			break;
		}
		ismc_buf_put(b, p, (size_t)(open - p));
		size_t n = (size_t)(close - open - 1);
		const char *key = open + 1;
#define KEY(k) (n == sizeof k - 1 && !strncmp(key, k, n))
		if (KEY("name"))
			ismc_buf_puts(b, ismc_catalog_name(cat));
		else if (KEY("family"))
			ismc_buf_puts(b, ismc_catalog_family(cat));
		else if (KEY("id"))
			ismc_buf_puts(b, ismc_catalog_id(cat));
		else if (KEY("set"))
			ismc_buf_puts(b, ismc_catalog_control_set(cat));
		else if (KEY("n"))
			ismc_buf_printf(b, "%zu", ismc_catalog_ncontrols(cat));
		else if (KEY("span"))
			ismc_catalog_clause_span(cat, b);
		else if (KEY("first") && ng)
			ismc_buf_puts(b, ismc_catalog_clause_group_at(cat, 0)->key);
		else if (KEY("last") && ng)
			ismc_buf_puts(b, ismc_catalog_clause_group_at(cat, ng - 1)->key);
		else if (KEY("records"))
			for (size_t i = 0; i < nr; i++)
				ismc_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == nr ? " and " : ", ",
				                ismc_catalog_record_at(cat, i));
		else
			ismc_buf_put(b, open, n + 2); /* not ours: kept as written */
#undef KEY
		p = close + 1;
	}
}

static void S_stub_text(ismc_buf *b, const ismc_clause *cl, const S_stub *st,
                        const ismc_catalog *cat)
{
	char id[32];
	S_stub_id(cl->id, id, sizeof id);
	ismc_buf_printf(b,
	                "---\n"
	                "id: %s\n"
	                "title: %s\n"
	                "type: %s\n"
	                "owner: ISMS Manager\n"
	                "version: \"0.1\"\n"
	                "status: draft\n"
	                "clauses: [%s]\n"
	                "%s"
	                "---\n"
	                "# %s\n"
	                "\n"
	                "> Draft written by `ismc init` for clause %s of %s,\n"
	                "> *%s*.\n"
	                "> Replace each prompt in italics with what the organisation does, then\n"
	                "> set `status: approved` with `approved_by` and `approved_on`.\n"
	                "\n",
	                id, st->title, st->type, cl->id, st->fields ? st->fields : "", st->title,
	                cl->id, ismc_catalog_name(cat), cl->title);
	S_expand(b, st->body, cat);
}

/* "5 Organizational controls": a theme's number (its label past the id's
 * prefix, "A.5") and name, from the catalog. */
static void S_theme_name(ismc_buf *b, const ismc_catalog *cat, const char *theme)
{
	const ismc_group *g = ismc_catalog_group(cat, theme);
	const char *dot = g ? strrchr(g->label, '.') : NULL;
	if (g)
		ismc_buf_printf(b, "%s %s", dot ? dot + 1 : g->label, g->name);
	else
		ismc_buf_puts(b, theme);
}

static void S_controls_text(ismc_buf *b, const ismc_catalog *cat)
{
	S_expand(b,
	              "# The controls register: one decision per {set} control of\n"
	              "# {name}, from which `ismc build` derives the Statement of\n"
	              "# Applicability (clause 6.1.3 d). For each control fill in:\n"
	              "#   applicable: true or false\n"
	              "#   justification: why it is included (the risks, laws or contracts it\n"
	              "#     answers) or why it is excluded; required either way\n"
	              "# and, for an applicable control:\n"
	              "#   status: implemented, partial, planned or not-implemented\n"
	              "#   implemented_by: [ids of the approved documents that implement it]\n"
	              "#   evidence: [ids of records that show it working]   (optional)\n"
	              "#   owner: a role                                        (optional)\n"
	              "#   target: YYYY-MM-DD, for a planned or not-implemented control\n"
	              "# A document's own `controls:` list also counts as implementing.\n"
	              "controls:\n", cat);
	const char *theme = NULL;
	for (size_t i = 0; i < ismc_catalog_ncontrols(cat); i++) {
		const ismc_control *c = ismc_catalog_control_at(cat, i);
		if (!theme || strcmp(theme, c->theme) != 0) {
			theme = c->theme;
			ismc_buf_printf(b, "%s  # ", i ? "\n" : "");
			S_theme_name(b, cat, theme);
			ismc_buf_puts(b, "\n");
		}
		ismc_buf_printf(b,
		                "  - id: %s   # %s\n"
		                "    applicable:\n"
		                "    justification:\n",
		                c->id, c->title);
	}
}

typedef struct {
	char *path; /* relative to DIR */
	ismc_buf text;
} S_file;

static ismc_buf *S_add(ismc_vec *files, const char *path, const char *text,
                       const ismc_catalog *cat)
{
	S_file *f = ismc_xcalloc(1, sizeof(*f));
	f->path = ismc_xstrdup(path);
	if (text)
		S_expand(&f->text, text, cat);
	ismc_vec_push(files, f);
	return &f->text;
}

/* Creates `path` and its missing parents, the folder the user named (links
 * on the way are theirs to have); each folder made is recorded in `made`. */
static int S_mkdirs(const char *path, ismc_vec *made, ismc_error *err)
{
	char p[PATH_MAX];
	if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) {
		snprintf(err->msg, sizeof err->msg, "path too long: '%s'", path);
		return -1;
	}
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (stat(p, &st) != 0) {
			if (mkdir(p, 0777) == 0)
				ismc_vec_push(made, ismc_xstrdup(p));
			else if (errno != EEXIST) {
				snprintf(err->msg, sizeof err->msg, "cannot create folder '%s': %s", p,
				         strerror(errno));
				return -1;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			snprintf(err->msg, sizeof err->msg, "'%s' exists and is not a folder", p);
			return -1;
		}
		if (!c)
			return 0;
		*s = c;
	}
}

/* Writes f below the folder `top` (DIR, opened): every folder below DIR is
 * opened without following a link and the file is created exclusively
 * (O_EXCL | O_NOFOLLOW), so nothing outside DIR and nothing already there
 * is ever written. Folders and the file made are recorded in `made`, as
 * paths relative to DIR. */
static int S_write(int top, const char *dir, const S_file *f, ismc_vec *made, ismc_error *err)
{
	char rel[PATH_MAX];
	snprintf(rel, sizeof rel, "%s", f->path);
	int fd = dup(top);
	int rc = fd < 0 ? -1 : 0;
	char *part = rel;
	for (char *slash; rc == 0 && (slash = strchr(part, '/')); part = slash + 1) {
		*slash = '\0';
		if (mkdirat(fd, part, 0777) == 0)
			ismc_vec_push(made, ismc_xstrdup(rel));
		int sub = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			snprintf(err->msg, sizeof err->msg, "cannot open the folder '%s/%s' (init writes "
			         "into real folders only, never through a link): %s", dir, rel,
			         strerror(errno));
			rc = -1;
		}
		close(fd);
		fd = sub;
		*slash = '/';
	}
	int out = rc == 0 ? openat(fd, part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	                           0666) : -1;
	if (rc == 0 && out < 0) {
		snprintf(err->msg, sizeof err->msg, "cannot create '%s/%s': %s", dir, f->path,
		         strerror(errno));
		rc = -1;
	}
	if (out >= 0) {
		ismc_vec_push(made, ismc_xstrdup(f->path));
		FILE *fp = fdopen(out, "wb");
		size_t n = fp ? fwrite(f->text.data, 1, f->text.len, fp) : 0;
		if (!fp || fclose(fp) != 0 || n != f->text.len) {
			snprintf(err->msg, sizeof err->msg, "cannot write '%s/%s': %s", dir, f->path,
			         strerror(errno));
			if (!fp)
				close(out);
			rc = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Why init must not write into `dir`, or 0 when it may. */
static int S_refuse(const char *dir, const ismc_vec *files, ismc_error *err)
{
	char path[PATH_MAX];
	struct stat st;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		snprintf(err->msg, sizeof err->msg, "'%s' exists and is not a folder", dir);
		return -1;
	}
	snprintf(path, sizeof path, "%s/isms.yml", dir);
	if (lstat(path, &st) == 0) {
		snprintf(err->msg, sizeof err->msg,
		         "'%s' already holds an ISMS (isms.yml); init never overwrites one", dir);
		return -1;
	}
	for (size_t i = 0; i < files->n; i++) {
		const S_file *f = files->v[i];
		/* each folder on the way: a real folder, or nothing yet */
		for (const char *s = strchr(f->path, '/'); s; s = strchr(s + 1, '/')) {
			snprintf(path, sizeof path, "%s/%.*s", dir, (int)(s - f->path), f->path);
			if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
				snprintf(err->msg, sizeof err->msg, "'%s' exists and is not a folder%s", path,
				         S_ISLNK(st.st_mode) ? " (a link: init writes into real folders only)"
				                             : "");
				return -1;
			}
		}
		snprintf(path, sizeof path, "%s/%s", dir, f->path);
		if (lstat(path, &st) == 0) {
			snprintf(err->msg, sizeof err->msg,
			         "'%s' exists; init writes only into a folder without the files it "
			         "creates, and never overwrites", path);
			return -1;
		}
	}
	return 0;
}

/* Takes back what this run made, newest first: files and folders below DIR
 * (`made`, relative), then DIR and the parents it created (`dirs`). Nothing
 * else is removed, and a folder only when empty. */
static void S_take_back(int top, const ismc_vec *made, const ismc_vec *dirs)
{
	for (size_t i = made->n; top >= 0 && i-- > 0;)
		if (unlinkat(top, made->v[i], 0) != 0)
			unlinkat(top, made->v[i], AT_REMOVEDIR);
	for (size_t i = dirs->n; i-- > 0;)
		rmdir(dirs->v[i]);
}

int ismc_init_write(const char *dir, ismc_error *err)
{
	if (!dir || !*dir) {
		snprintf(err->msg, sizeof err->msg, "init needs a folder");
		return -1;
	}
	const ismc_catalog *cat = ismc_catalog_default();
	ismc_vec files = { 0 };
	S_add(&files, "isms.yml", S_config, cat);
	S_add(&files, "README.md", S_readme, cat);
	for (size_t k = 0; k < ismc_catalog_nclauses(cat); k++) {
		const ismc_clause *cl = ismc_catalog_clause_at(cat, k);
		const S_stub *st = cl->leaf ? S_stub_for(cl->id) : NULL;
		if (!st)
			continue;
		char path[128];
		snprintf(path, sizeof path, "documents/%s.md", st->file);
		S_stub_text(S_add(&files, path, NULL, cat), cl, st, cat);
	}
	S_controls_text(S_add(&files, "registers/controls.yml", NULL, cat), cat);
	S_add(&files, "registers/risks.yml", S_risks, cat);
	S_add(&files, "registers/assets.yml", S_assets, cat);
	S_add(&files, "registers/activities.yml", S_activities, cat);
	S_add(&files, "registers/nonconformities.yml", S_nonconformities, cat);
	S_add(&files, "registers/suppliers.yml", S_suppliers, cat);

	ismc_vec made = { 0 }, dirs = { 0 };
	int top = -1;
	int rc = S_refuse(dir, &files, err);
	if (rc == 0)
		rc = S_mkdirs(dir, &dirs, err);
	if (rc == 0 && (top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err->msg, sizeof err->msg, "cannot open '%s': %s", dir, strerror(errno));
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < files.n; i++)
		rc = S_write(top, dir, files.v[i], &made, err);
	if (rc != 0) /* no half skeleton: only what this run made goes */
		S_take_back(top, &made, &dirs);
	if (top >= 0)
		close(top);
	ismc_names_free(&made);
	ismc_names_free(&dirs);
	size_t n = files.n;
	for (size_t i = 0; i < files.n; i++) {
		S_file *f = files.v[i];
		free(f->path);
		ismc_buf_free(&f->text);
		free(f);
	}
	ismc_vec_free(&files);
	return rc == 0 ? (int)n : -1;
}
