/** A benchmark section: a title, the command-independent notes, and rows of figures for docs/benchmarks.md. */
export interface BenchRow {
  readonly name: string
  readonly value: string
  /** The target from the issue, e.g. "<= 1.1x", and whether this run met it. */
  readonly target?: string
  readonly ok?: boolean
}

export interface BenchSection {
  readonly title: string
  readonly notes?: string
  readonly rows: BenchRow[]
}

export type Bench = () => Promise<BenchSection>

/** Median of `runs` timings of `fn` in milliseconds, after `warmup` untimed runs. */
export async function medianMs(fn: () => unknown, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] as number
}
