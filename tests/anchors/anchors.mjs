// anchors.mjs: writes links.md and wrong.md for the anchor test (run.sh).
// links.md links to the GitHub anchor of every heading of headings.md, as
// github-slugger makes it from the heading's rendered text (mdast's text of
// the heading: images and raw HTML give none), plus the targets that are no
// GitHub anchor ({#id}, <a id>, <a name>). wrong.md links to anchors that
// must not resolve; its first line says how many links it holds.
// Usage: node anchors.mjs NODE_MODULES HEADINGS.md OUTDIR
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, headings, outdir] = process.argv.slice(2)
const load = (name, file) => import(pathToFileURL(join(modules, name, file)).href)
const { default: GithubSlugger } = await load('github-slugger', 'index.js')
const { fromMarkdown } = await load('mdast-util-from-markdown', 'index.js')
const { toString } = await load('mdast-util-to-string', 'index.js')

const front = (id, title) => `---
id: ${id}
title: ${title}
type: guideline
owner: CISO
version: "1.0"
status: draft
related: [DOC-SCOPE]
---
`
let text = readFileSync(headings, 'utf8')
text = text.replace(/^---\n[\s\S]*?\n---\n/, '') // front matter is no Markdown
const slugger = new GithubSlugger()
const anchors = []
const walk = (node) => {
  if (node.type === 'heading')
    anchors.push(slugger.slug(toString(node, { includeImageAlt: false, includeHtml: false })))
  for (const child of node.children || []) walk(child)
}
walk(fromMarkdown(text))
const extra = ['incident-response-custom', 'manual-target', 'old-target', 'in-heading']
const links = [...anchors, ...extra].map((a) => `- [${a}](headings.md#${encodeURIComponent(a)})`)
writeFileSync(join(outdir, 'links.md'), front('DOC-LINKS', 'Links to every heading') +
  '# Links to every heading\n\n' + links.join('\n') + '\n')
writeFileSync(join(outdir, 'anchors.txt'), anchors.join('\n') + '\n')

// anchors that are not there: each GitHub anchor with a letter added, and
// what other slug rules make of these headings (emoji kept, case folded,
// symbols kept, the {#id} text dropped, repeats numbered from 2)
const wrong = anchors.map((a) => `${a}x`).concat([
  '🎯-purpose', 'strasse-und-masse', 'roles-&-responsibilities', '100%-coverage',
  'incident-response', 'scope-4', 'ǆemal-ⅻ-①-½', 'input/output'])
writeFileSync(join(outdir, 'wrong.md'), front('DOC-WRONG', 'Links to no heading') +
  '# Links to no heading\n\n' +
  wrong.map((a) => `- [${a}](headings.md#${encodeURIComponent(a)})`).join('\n') + '\n')
writeFileSync(join(outdir, 'wrong.count'), `${wrong.length}\n`)
