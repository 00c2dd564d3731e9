import { InputError, SigilError } from '../errors.js'
import type { CliIo } from './io.js'

/**
 * Passwords and confirmations, read as cosign reads them (`cmd/cosign/cli/generate/generate_key_pair.go
 * readPasswordFn`):
 * 1. `COSIGN_PASSWORD`, when set, even to the empty string (an empty password is a real password);
 * 2. else, when stdin is not a terminal, all of stdin, untouched (`echo pw |` gives "pw\n", as with cosign);
 * 3. else a prompt on stderr, read from the terminal without echo; twice when `confirm` is set.
 *
 * The returned source gives a fresh copy on every call: the core wipes what it receives.
 */
export function passwordSource(io: CliIo, options: { confirm: boolean }): () => Promise<Uint8Array> {
  let piped: Promise<Uint8Array> | undefined
  return async () => {
    const fromEnv = io.env.COSIGN_PASSWORD
    if (fromEnv !== undefined) return new Uint8Array(Buffer.from(fromEnv, 'utf8'))
    if (!isTerminal(io)) {
      piped ??= readAll(io.stdin)
      return new Uint8Array(await piped)
    }
    const terminal = terminalFor(io)
    const first = await terminal.readLine('Enter password for private key: ', false)
    if (!options.confirm) return first
    const second = await terminal.readLine('Enter password for private key again: ', false)
    const same = Buffer.from(first).equals(second)
    second.fill(0)
    if (!same) {
      first.fill(0)
      throw new SigilError('PASSWORD_MISMATCH', 'passwords do not match')
    }
    return first
  }
}

/**
 * The overwrite policy of the key-writing commands: `-y` allows it; on a terminal the user is asked like cosign
 * asks (`WARNING: File cosign.key already exists. Overwrite? [y/N] `); otherwise it is refused (scripts must say
 * `-y` to replace a key).
 */
export function overwritePolicy(io: CliIo, yes: boolean): (path: string) => Promise<boolean> {
  return async (path) => {
    if (yes) return true
    if (!isTerminal(io)) {
      throw new InputError('FILE_EXISTS', `file ${JSON.stringify(path)}`, 'already exists; pass -y to overwrite it')
    }
    const answer = Buffer.from(await terminalFor(io).readLine(`WARNING: File ${path} already exists. Overwrite? [y/N] `, true))
      .toString('utf8')
      .trim()
      .toLowerCase()
    return answer === 'y' || answer === 'yes'
  }
}

type TtyStdin = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown }

function isTerminal(io: CliIo): boolean {
  const stdin = io.stdin as TtyStdin
  return stdin.isTTY === true && typeof stdin.setRawMode === 'function'
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk))
  return new Uint8Array(Buffer.concat(chunks))
}

const terminals = new WeakMap<object, Terminal>()

function terminalFor(io: CliIo): Terminal {
  let t = terminals.get(io.stdin)
  if (!t) {
    t = new Terminal(io.stdin as TtyStdin, io.stderr)
    terminals.set(io.stdin, t)
  }
  return t
}

/**
 * Line input from a terminal in raw mode, so a password is not echoed. Handles what the terminal's line discipline
 * would: Enter (CR or LF) ends a line, Backspace/DEL removes a character (a whole UTF-8 sequence), Ctrl-U clears
 * the line, Ctrl-C aborts, Ctrl-D ends input. Bytes typed ahead past Enter are kept for the next line, so a pasted
 * "pw\rpw\r" answers both password prompts.
 */
class Terminal {
  readonly #stdin: TtyStdin
  readonly #out: NodeJS.WritableStream
  #pending: number[] = []

  constructor(stdin: TtyStdin, out: NodeJS.WritableStream) {
    this.#stdin = stdin
    this.#out = out
  }

  readLine(prompt: string, echo: boolean): Promise<Uint8Array> {
    const line: number[] = []
    const stdin = this.#stdin
    // Raw mode first, then the prompt: whoever answers the prompt at once is not echoed.
    stdin.setRawMode?.(true)
    this.#out.write(prompt)
    return new Promise((resolvePromise, reject) => {
      const finish = (error?: SigilError) => {
        stdin.removeListener('data', onData)
        stdin.setRawMode?.(false)
        stdin.pause()
        this.#out.write('\n')
        if (error) {
          line.fill(0)
          reject(error)
        } else {
          resolvePromise(Uint8Array.from(line))
          line.fill(0)
        }
      }
      // Returns true when the line is complete.
      const feed = (bytes: number[]): boolean => {
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i] as number
          if (b === 0x0d || b === 0x0a) {
            this.#pending = bytes.slice(i + 1 + (b === 0x0d && bytes[i + 1] === 0x0a ? 1 : 0))
            finish()
            return true
          }
          if (b === 0x03) {
            this.#pending = []
            finish(new SigilError('INVALID_INPUT', 'interrupted at the prompt'))
            return true
          }
          if (b === 0x04) {
            this.#pending = []
            if (line.length === 0) finish(new SigilError('INVALID_INPUT', 'no input at the prompt (end of input)'))
            else finish()
            return true
          }
          if (b === 0x7f || b === 0x08) {
            while (line.length && ((line[line.length - 1] as number) & 0xc0) === 0x80) line.pop()
            if (line.length) {
              line.pop()
              if (echo) this.#out.write('\b \b')
            }
            continue
          }
          if (b === 0x15) {
            line.length = 0
            continue
          }
          if (b < 0x20) continue
          line.push(b)
          if (echo) this.#out.write(Buffer.of(b))
        }
        return false
      }
      const onData = (chunk: Buffer | string) => {
        feed([...(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)])
      }
      const pending = this.#pending
      this.#pending = []
      if (feed(pending)) return
      stdin.on('data', onData)
      stdin.resume()
    })
  }
}
