import { SigilError } from '../../errors.js'
import type { Command } from '../command.js'

// Placeholder until the command is implemented.
export const command: Command = {
  summary: 'verify',
  run: async () => {
    throw new SigilError('UNSUPPORTED', 'verify is not implemented yet')
  },
}
