import * as core from '@actions/core'

export interface SummaryRow {
  readonly image: string
  readonly digest: string
  readonly signatureTag: string
  readonly note: string
}

/** The job summary: a table of images, digests and signature tags; for verify, the checks made. */
export async function writeSummary(mode: 'sign' | 'verify', rows: readonly SummaryRow[], checks: readonly string[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const s = core.summary.addHeading(mode === 'sign' ? 'sigil: images signed' : 'sigil: signatures verified', 3)
  s.addTable([
    [
      { data: 'Image', header: true },
      { data: 'Digest', header: true },
      { data: 'Signature tag', header: true },
      { data: 'Result', header: true },
    ],
    ...rows.map((r) => [r.image, r.digest, r.signatureTag, r.note]),
  ])
  if (checks.length) {
    s.addRaw('The following checks were performed on each of these signatures:', true)
    s.addList([...checks])
  }
  await s.write()
}
