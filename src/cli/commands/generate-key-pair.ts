import { SigilError } from '../../errors.js'
import type { Command } from '../command.js'

// Placeholder until the command is implemented.
export const command: Command = {
  summary: 'generate-key-pair',
  run: async () => {
    throw new SigilError('UNSUPPORTED', 'generate-key-pair is not implemented yet')
  },
}
