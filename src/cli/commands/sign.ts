import { SigilError } from '../../errors.js'
import type { Command } from '../command.js'

// Placeholder until the command is implemented.
export const command: Command = {
  summary: 'sign',
  run: async () => {
    throw new SigilError('UNSUPPORTED', 'sign is not implemented yet')
  },
}
