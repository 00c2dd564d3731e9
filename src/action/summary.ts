/**
 * The job summary (GITHUB_STEP_SUMMARY): a table of images, digests and signature tags; for verify, what was
 * checked. Nothing secret is ever part of it (references, digests, check names and error messages only).
 */
import * as core from '@actions/core'

export interface SummaryRow {
  readonly image: string
  readonly digest: string
  readonly signatureTag: string
  readonly note: string
}

export interface SummaryContent {
  readonly mode: 'sign' | 'verify'
  readonly rows: readonly SummaryRow[]
  /** verify: the checks made on each signature. */
  readonly checks?: readonly string[]
  /** verify: how many public keys were accepted. */
  readonly keyCount?: number
  /** sign: annotations signed; verify: annotations required. */
  readonly annotations?: Readonly<Record<string, string>>
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export async function writeSummary(content: SummaryContent): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const s = core.summary.addHeading(content.mode === 'sign' ? 'sigil: images signed' : 'sigil: signatures verified', 3)
  s.addTable([
    [
      { data: 'Image', header: true },
      { data: 'Digest', header: true },
      { data: 'Signature tag', header: true },
      { data: 'Result', header: true },
    ],
    ...content.rows.map((r) => [code(r.image), code(r.digest), code(r.signatureTag), escapeHtml(r.note)]),
  ])
  const annotations = Object.entries(content.annotations ?? {})
  if (content.mode === 'verify') {
    s.addRaw('<p>The following checks were performed on each of these signatures:</p>', true)
    s.addList([
      ...(content.checks ?? []).map(escapeHtml),
      ...(annotations.length ? [`Required annotations: ${annotations.map(([k, v]) => code(`${k}=${v}`)).join(', ')}`] : []),
      `Public keys accepted: ${content.keyCount ?? 0} (a signature by any of them passes)`,
      'Transparency log: not checked (key-based verification, as cosign --insecure-ignore-tlog)',
    ])
  } else if (annotations.length) {
    s.addRaw(`<p>Signed annotations: ${annotations.map(([k, v]) => code(`${k}=${v}`)).join(', ')}</p>`, true)
  }
  await s.write()
}

/** A failed sign or verify still leaves a trace in the summary: the one-line cause. */
export async function writeFailureSummary(mode: 'sign' | 'verify', message: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary
    .addHeading(mode === 'sign' ? 'sigil: signing failed' : 'sigil: verification failed', 3)
    .addRaw(`<p>${code(message)}</p>`, true)
    .write()
}
