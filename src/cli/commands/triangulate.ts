import { SigilError } from '../../errors.js'
import type { Command } from '../command.js'

// Placeholder until the command is implemented.
export const command: Command = {
  summary: 'triangulate',
  run: async () => {
    throw new SigilError('UNSUPPORTED', 'triangulate is not implemented yet')
  },
}
