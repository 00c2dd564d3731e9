import * as core from '@actions/core'

/** The GitHub Action entry point. */
export async function run(): Promise<void> {
  core.setFailed('sigil action: not implemented yet')
}
