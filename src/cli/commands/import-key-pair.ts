import { SigilError } from '../../errors.js'
import type { Command } from '../command.js'

// Placeholder until the command is implemented.
export const command: Command = {
  summary: 'import-key-pair',
  run: async () => {
    throw new SigilError('UNSUPPORTED', 'import-key-pair is not implemented yet')
  },
}
