import { SigilError } from '../../errors.js'
import type { Command } from '../command.js'

// Placeholder until the command is implemented.
export const command: Command = {
  summary: 'public-key',
  run: async () => {
    throw new SigilError('UNSUPPORTED', 'public-key is not implemented yet')
  },
}
