export const id = 230;
export const ids = [230];
export const modules = {

/***/ 7593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ formatHelp),
/* harmony export */   Qx: () => (/* binding */ parseCommandArgs)
/* harmony export */ });
/* unused harmony export parseGoBool */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);


const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
/** Go's strconv.ParseBool, which cosign's flags and environment variables use. */
function parseGoBool(value) {
    if (GO_TRUE.has(value))
        return true;
    if (GO_FALSE.has(value))
        return false;
    return undefined;
}
function parseCommandArgs(command, argv, specs) {
    const explicitFalse = new Set();
    const rewritten = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--') {
            rewritten.push(...argv.slice(i));
            break;
        }
        // pflag gives a string flag the next argument whatever it looks like (`--key -----BEGIN...`, PEM text);
        // node's parseArgs refuses values starting with "-" unless they are attached with "=".
        const spaced = /^--([^=]+)$/.exec(arg)?.[1] ?? shortName(specs, arg);
        if (spaced !== undefined && specs[spaced]?.type === 'string' && i + 1 < argv.length && argv[i + 1].startsWith('-')) {
            rewritten.push(`--${spaced}=${argv[i + 1]}`);
            i++;
            continue;
        }
        const m = /^--([^=]+)=(.*)$/s.exec(arg);
        if (m && specs[m[1]]?.type === 'boolean') {
            const name = m[1];
            const b = parseGoBool(m[2]);
            if (b === undefined) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`invalid argument "${m[2]}" for "--${name}" flag: expected true or false`);
            }
            if (b)
                rewritten.push(`--${name}`);
            else
                explicitFalse.add(name);
            continue;
        }
        rewritten.push(arg);
    }
    const options = {};
    for (const [name, spec] of Object.entries(specs)) {
        options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
    }
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: rewritten, options, allowPositionals: true, strict: true });
    }
    catch (err) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${command}: ${usageMessage(err)}`);
    }
    const values = { ...parsed.values };
    for (const [name, spec] of Object.entries(specs)) {
        if (explicitFalse.has(name))
            values[name] = false;
        else if (values[name] === undefined && spec.default !== undefined)
            values[name] = spec.default;
    }
    return { values: values, positionals: parsed.positionals };
}
/** The long name of a `-x` short flag, if `arg` is one. */
function shortName(specs, arg) {
    if (!/^-[^-]$/.test(arg))
        return undefined;
    return Object.entries(specs).find(([, spec]) => spec.short === arg[1])?.[0];
}
function usageMessage(err) {
    const msg = err instanceof Error ? err.message : String(err);
    // parseArgs messages carry advice about "--" that does not apply here; keep the first sentence of the first line.
    const first = (msg.split('\n')[0] ?? msg).split('. ')[0] ?? msg;
    return first.replace(/\.$/, '');
}
function formatHelp(usage, summary, specs) {
    const lines = [summary, '', `Usage: ${usage}`, '', 'Flags:'];
    for (const [name, spec] of Object.entries(specs)) {
        const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'string'}` : ''}`;
        lines.push(`  ${flag.padEnd(36)} ${spec.description}`);
    }
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 3567:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ commonOptions)
/* harmony export */ });
/** Flags every command takes. */
const commonOptions = {
    verbose: { type: 'boolean', short: 'd', description: 'log debug output, including every registry request' },
    help: { type: 'boolean', short: 'h', description: 'show help for this command' },
};


/***/ }),

/***/ 2437:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ passwordSource),
/* harmony export */   y: () => (/* binding */ overwritePolicy)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/**
 * Passwords and confirmations, read as cosign reads them (`cmd/cosign/cli/generate/generate_key_pair.go
 * readPasswordFn`):
 * 1. `COSIGN_PASSWORD`, when set, even to the empty string (an empty password is a real password);
 * 2. else, when stdin is not a terminal, all of stdin, untouched (`echo pw |` gives "pw\n", as with cosign);
 * 3. else a prompt on stderr, read from the terminal without echo; twice when `confirm` is set.
 *
 * The returned source gives a fresh copy on every call: the core wipes what it receives.
 */
function passwordSource(io, options) {
    let piped;
    return async () => {
        const fromEnv = io.env.COSIGN_PASSWORD;
        if (fromEnv !== undefined)
            return new Uint8Array(Buffer.from(fromEnv, 'utf8'));
        if (!isTerminal(io)) {
            piped ??= readAll(io.stdin);
            return new Uint8Array(await piped);
        }
        const terminal = terminalFor(io);
        const first = await terminal.readLine('Enter password for private key: ', false);
        if (!options.confirm)
            return first;
        const second = await terminal.readLine('Enter password for private key again: ', false);
        const same = Buffer.from(first).equals(second);
        second.fill(0);
        if (!same) {
            first.fill(0);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('PASSWORD_MISMATCH', 'passwords do not match');
        }
        return first;
    };
}
/**
 * The overwrite policy of the key-writing commands: `-y` allows it; on a terminal the user is asked like cosign
 * asks (`WARNING: File cosign.key already exists. Overwrite? [y/N] `); otherwise it is refused (scripts must say
 * `-y` to replace a key).
 */
function overwritePolicy(io, yes) {
    return async (path) => {
        if (yes)
            return true;
        if (!isTerminal(io)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('FILE_EXISTS', `file ${JSON.stringify(path)}`, 'already exists; pass -y to overwrite it');
        }
        const answer = Buffer.from(await terminalFor(io).readLine(`WARNING: File ${path} already exists. Overwrite? [y/N] `, true))
            .toString('utf8')
            .trim()
            .toLowerCase();
        return answer === 'y' || answer === 'yes';
    };
}
function isTerminal(io) {
    const stdin = io.stdin;
    return stdin.isTTY === true && typeof stdin.setRawMode === 'function';
}
async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    return new Uint8Array(Buffer.concat(chunks));
}
const terminals = new WeakMap();
function terminalFor(io) {
    let t = terminals.get(io.stdin);
    if (!t) {
        t = new Terminal(io.stdin, io.stderr);
        terminals.set(io.stdin, t);
    }
    return t;
}
/**
 * Line input from a terminal in raw mode, so a password is not echoed. Handles what the terminal's line discipline
 * would: Enter (CR or LF) ends a line, Backspace/DEL removes a character (a whole UTF-8 sequence), Ctrl-U clears
 * the line, Ctrl-C aborts, Ctrl-D ends input. Bytes typed ahead past Enter are kept for the next line, so a pasted
 * "pw\rpw\r" answers both password prompts.
 */
class Terminal {
    #stdin;
    #out;
    #pending = [];
    constructor(stdin, out) {
        this.#stdin = stdin;
        this.#out = out;
    }
    readLine(prompt, echo) {
        const line = [];
        const stdin = this.#stdin;
        // Raw mode first, then the prompt: whoever answers the prompt at once is not echoed.
        stdin.setRawMode?.(true);
        this.#out.write(prompt);
        return new Promise((resolvePromise, reject) => {
            const finish = (error) => {
                stdin.removeListener('data', onData);
                stdin.setRawMode?.(false);
                stdin.pause();
                this.#out.write('\n');
                if (error) {
                    line.fill(0);
                    reject(error);
                }
                else {
                    resolvePromise(Uint8Array.from(line));
                    line.fill(0);
                }
            };
            // Returns true when the line is complete.
            const feed = (bytes) => {
                for (let i = 0; i < bytes.length; i++) {
                    const b = bytes[i];
                    if (b === 0x0d || b === 0x0a) {
                        this.#pending = bytes.slice(i + 1 + (b === 0x0d && bytes[i + 1] === 0x0a ? 1 : 0));
                        finish();
                        return true;
                    }
                    if (b === 0x03) {
                        this.#pending = [];
                        finish(new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('INVALID_INPUT', 'interrupted at the prompt'));
                        return true;
                    }
                    if (b === 0x04) {
                        this.#pending = [];
                        if (line.length === 0)
                            finish(new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('INVALID_INPUT', 'no input at the prompt (end of input)'));
                        else
                            finish();
                        return true;
                    }
                    if (b === 0x7f || b === 0x08) {
                        while (line.length && (line[line.length - 1] & 0xc0) === 0x80)
                            line.pop();
                        if (line.length) {
                            line.pop();
                            if (echo)
                                this.#out.write('\b \b');
                        }
                        continue;
                    }
                    if (b === 0x15) {
                        line.length = 0;
                        continue;
                    }
                    if (b < 0x20)
                        continue;
                    line.push(b);
                    if (echo)
                        this.#out.write(Buffer.of(b));
                }
                return false;
            };
            const onData = (chunk) => {
                feed([...(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)]);
            };
            const pending = this.#pending;
            this.#pending = [];
            if (feed(pending))
                return;
            stdin.on('data', onData);
            stdin.resume();
        });
    }
}


/***/ }),

/***/ 3292:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VJ: () => (/* reexport */ checkTargets),
  ID: () => (/* reexport */ generateSigningKey),
  fC: () => (/* reexport */ loadImportKey),
  fm: () => (/* reexport */ loadSigningKey),
  LX: () => (/* reexport */ loadVerificationKey),
  f4: () => (/* reexport */ writeAll),
  r: () => (/* reexport */ writeKeyPair)
});

// UNUSED EXPORTS: MAX_KEY_FILE_BYTES, SUPPORTED_KEY_TYPE, decryptSigningKey, describeKeyRef, importPrivateKey, isPemText, parseEncryptedKey, readKeyRef, signingKeyFromPkcs8, verificationKeyFromPem, verificationKeyFromSpki

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/keys/ref.ts
/**
 * Key references, as `--key` takes them: a file path, `env://NAME` (cosign's form: the variable holds the PEM
 * text), or the PEM text itself (for hosts that hand over secrets as strings, like the GitHub Action).
 *
 * Messages name the reference the same way everywhere (`--key "cosign.key"`, `--key env://NAME`,
 * `--key (PEM text)`) and never echo key material.
 */



/** Largest key file read. cosign's keys are under 1 KiB, RSA-4096 PEMs about 3 KiB; this bounds `/dev/zero`. */
const MAX_KEY_FILE_BYTES = 1024 * 1024;
const ENV_PREFIX = 'env://';
/** True when `ref` is PEM text rather than a path or `env://` reference. */
function isPemText(ref) {
    return ref.includes('-----BEGIN ');
}
/**
 * How a reference is named in messages: `--key "path"`, `--key env://NAME`, `--key (PEM text)`.
 *
 * @param ref - the reference as given
 * @param flag - the flag or input name, default `--key`
 */
function describeKeyRef(ref, flag = '--key') {
    if (ref.startsWith(ENV_PREFIX))
        return `${flag} ${ref}`;
    if (isPemText(ref))
        return `${flag} (PEM text)`;
    return `${flag} ${JSON.stringify(ref)}`;
}
/**
 * Reads the bytes a key reference points to. Touches no process globals besides the file system.
 *
 * @param ref - path, `env://NAME` or PEM text
 * @param options - environment, working directory, flag name for messages
 * @returns the bytes and the input's display name
 * @throws InputError `INVALID_INPUT` for an empty reference or an unset/empty variable, `IO` when the file is
 *   missing, a directory, unreadable or larger than {@link MAX_KEY_FILE_BYTES}
 */
async function readKeyRef(ref, options) {
    const input = describeKeyRef(ref, options.flag);
    if (ref === '')
        throw new errors/* InputError */.dz('INVALID_INPUT', options.flag ?? '--key', 'empty key reference');
    if (ref.startsWith(ENV_PREFIX)) {
        const name = ref.slice(ENV_PREFIX.length);
        if (name === '')
            throw new errors/* InputError */.dz('INVALID_INPUT', input, 'no variable name after env://');
        const value = options.env[name];
        if (value === undefined)
            throw new errors/* InputError */.dz('INVALID_INPUT', input, `environment variable ${name} is not set`);
        if (value === '')
            throw new errors/* InputError */.dz('INVALID_INPUT', input, `environment variable ${name} is empty`);
        return { input, source: 'env', bytes: new Uint8Array(Buffer.from(value, 'utf8')) };
    }
    if (isPemText(ref))
        return { input, source: 'pem', bytes: new Uint8Array(Buffer.from(ref, 'utf8')) };
    const path = options.cwd && !(0,external_node_path_.isAbsolute)(ref) ? (0,external_node_path_.resolve)(options.cwd, ref) : ref;
    return { input, source: 'file', bytes: await readBoundedFile(path, input, MAX_KEY_FILE_BYTES) };
}
/**
 * Reads at most `limit` bytes of a file, with messages that name the input. Streams and devices are read up to
 * the limit (so `--key /dev/stdin` or a process substitution work), directories are refused.
 */
async function readBoundedFile(path, input, limit) {
    let handle;
    try {
        handle = await (0,promises_.open)(path, 'r');
    }
    catch (err) {
        throw new errors/* InputError */.dz('IO', input, fsProblem(err), { cause: err });
    }
    try {
        const stat = await handle.stat();
        if (stat.isDirectory())
            throw new errors/* InputError */.dz('IO', input, 'is a directory, not a key file');
        const chunks = [];
        let total = 0;
        for (;;) {
            const buf = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
            const { bytesRead } = await handle.read(buf, 0, buf.length, null);
            if (bytesRead === 0)
                break;
            chunks.push(buf.subarray(0, bytesRead));
            total += bytesRead;
            if (total > limit)
                throw new errors/* InputError */.dz('IO', input, `larger than ${limit} bytes, not a key file`);
        }
        return new Uint8Array(Buffer.concat(chunks));
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        throw new errors/* InputError */.dz('IO', input, fsProblem(err), { cause: err });
    }
    finally {
        await handle.close();
    }
}
/** A short description of a file system error, without the path (the input name already says it). */
function fsProblem(err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    switch (code) {
        case 'ENOENT':
            return 'no such file';
        case 'EISDIR':
            return 'is a directory, not a key file';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'ENOTDIR':
            return 'a parent of the path is not a directory';
        case 'ELOOP':
            return 'too many levels of symbolic links';
        case 'ENAMETOOLONG':
            return 'path too long';
        case 'EEXIST':
            return 'already exists';
        case 'ENOSPC':
            return 'no space left on device';
        case 'EROFS':
            return 'read-only file system';
        default:
            return code ? `cannot be accessed (${code})` : 'cannot be accessed';
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/crypto/bytes.ts
/**
 * Byte helpers shared by the crypto and format layers: strict standard base64 (Go's `base64.StdEncoding`),
 * UTF-8, constant-time comparison and best-effort zeroing.
 */

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/**
 * Encodes bytes as standard, padded base64, as Go's `encoding/json` does for `[]byte` and `encoding/pem` for
 * block bodies.
 *
 * @param bytes - the bytes to encode
 * @returns the base64 text, without line breaks
 */
function base64Encode(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
/**
 * Decodes standard, padded base64 strictly, like Go's `base64.StdEncoding.Decode`: `\r` and `\n` are ignored (Go
 * skips them), anything else outside the alphabet, missing padding or bits after the padding point make it fail.
 * Node's `Buffer.from(s, 'base64')` is lenient (it skips junk and truncates), which would let a damaged key file
 * through to the decryption step with a less helpful message.
 *
 * @param text - base64 text
 * @returns the decoded bytes, or `undefined` when `text` is not valid standard base64
 */
function base64DecodeStrict(text) {
    const compact = text.replace(/[\r\n]/g, '');
    if (!STD_BASE64.test(compact))
        return undefined;
    return new Uint8Array(Buffer.from(compact, 'base64'));
}
/** Lower-case hex of bytes. */
function toHex(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
/**
 * Parses hex (either case) into bytes.
 *
 * @throws RangeError when `hex` has odd length or a non-hex character
 */
function fromHex(hex) {
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
        throw new RangeError('invalid hex string');
    return new Uint8Array(Buffer.from(hex, 'hex'));
}
/**
 * Compares two byte arrays in time that depends only on their lengths (for MACs and secrets).
 *
 * @returns true when both have the same length and content
 */
function constantTimeEqual(a, b) {
    return a.length === b.length && timingSafeEqual(a, b);
}
/**
 * Overwrites a buffer with zeros. Best effort only: JavaScript engines may have copied the bytes elsewhere
 * (strings, garbage-collected buffers), so this narrows the window in which a secret sits in memory, nothing more.
 */
function zeroize(bytes) {
    bytes.fill(0);
}

;// CONCATENATED MODULE: ./src/crypto/kdf.ts
/**
 * scrypt key derivation, as used by the encrypted key files of cosign (`go-securesystemslib/encrypted`, and
 * `go-tuf/encrypted` before cosign 2.2): `scrypt(password, salt, N, r, p, 32)`.
 *
 * Node's built-in `crypto.scrypt` (OpenSSL) is used rather than the pure-JavaScript `scrypt-js`: measured on this
 * project's machine it is about 4x faster (see docs/keys.md and `npm run bench -- keys`), and it runs on the
 * libuv thread pool, so it does not block the event loop.
 */

/** Slack over the strict scrypt working-set size, for OpenSSL's own bookkeeping. */
const MAXMEM_SLACK = 1024 * 1024;
/**
 * Derives `keyLength` bytes with scrypt.
 *
 * The password is used as raw bytes: no normalisation, trimming or terminator, exactly as Go's
 * `golang.org/x/crypto/scrypt.Key` takes it. An empty password is a valid input.
 *
 * Node refuses to run scrypt when its working set exceeds `maxmem` (32 MiB by default, less than N=65536 needs),
 * so `maxmem` is set from the parameters: OpenSSL needs `128·r·(N + 2)` bytes for V plus `128·r·p` for B.
 * Callers must bound `N`, `r` and `p` before calling (key files allow-list them), since this function would
 * otherwise happily allocate what it is told to.
 *
 * @param password - password bytes
 * @param salt - salt bytes
 * @param params - cost parameters
 * @param keyLength - output length in bytes
 * @returns the derived key
 * @throws Error from Node when the parameters are invalid (N not a power of two, too much memory)
 */
const scrypt = (password, salt, params, keyLength) => {
    const { N, r, p } = params;
    const maxmem = 128 * r * (N + 2) + 128 * r * p + MAXMEM_SLACK;
    return new Promise((resolve, reject) => {
        (0,external_node_crypto_.scrypt)(password, salt, keyLength, { N, r, p, maxmem }, (err, key) => {
            if (err)
                reject(err);
            else
                resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
        });
    });
};

// EXTERNAL MODULE: ./node_modules/tweetnacl/nacl-fast.js
var nacl_fast = __webpack_require__(668);
var nacl_fast_default = /*#__PURE__*/__webpack_require__.n(nacl_fast);
;// CONCATENATED MODULE: ./src/crypto/secretbox.ts
/**
 * NaCl secretbox (XSalsa20-Poly1305), the cipher of cosign's encrypted key files (`"cipher":{"name":
 * "nacl/secretbox"}`, `go-securesystemslib/encrypted`, which calls `golang.org/x/crypto/nacl/secretbox`).
 *
 * Go's `secretbox.Seal` output is the 16-byte Poly1305 tag followed by the ciphertext, the same layout as
 * libsodium's `crypto_secretbox_easy` and tweetnacl's `secretbox`, so tweetnacl produces identical bytes.
 * Node's OpenSSL has no XSalsa20, hence the dependency.
 */

/** Key length in bytes (the scrypt output length cosign uses). */
const SECRETBOX_KEY_LENGTH = 32;
/** Nonce length in bytes; go-securesystemslib refuses any other (`encrypted: incorrect nonce size`). */
const SECRETBOX_NONCE_LENGTH = 24;
/** Bytes the box adds to the plaintext (the Poly1305 tag). */
const SECRETBOX_OVERHEAD = 16;
/**
 * Encrypts and authenticates `plaintext`.
 *
 * @param plaintext - bytes to seal
 * @param nonce - 24 bytes, never reused with the same key (cosign draws a fresh random nonce per file)
 * @param key - 32 bytes
 * @returns tag ‖ ciphertext, `plaintext.length + 16` bytes
 * @throws RangeError when the nonce or key length is wrong
 */
function secretboxSeal(plaintext, nonce, key) {
    checkLengths(nonce, key);
    return nacl_fast_default().secretbox(plaintext, nonce, key);
}
/**
 * Authenticates and decrypts a box made by {@link secretboxSeal} (or Go's `secretbox.Seal`).
 *
 * @param box - tag ‖ ciphertext
 * @param nonce - 24 bytes
 * @param key - 32 bytes
 * @returns the plaintext, or `undefined` when authentication fails (wrong key, i.e. wrong password, or tampering)
 * @throws RangeError when the nonce or key length is wrong
 */
function secretboxOpen(box, nonce, key) {
    checkLengths(nonce, key);
    return nacl_fast_default().secretbox.open(box, nonce, key) ?? undefined;
}
function checkLengths(nonce, key) {
    if (nonce.length !== SECRETBOX_NONCE_LENGTH)
        throw new RangeError(`secretbox nonce must be ${SECRETBOX_NONCE_LENGTH} bytes, got ${nonce.length}`);
    if (key.length !== SECRETBOX_KEY_LENGTH)
        throw new RangeError(`secretbox key must be ${SECRETBOX_KEY_LENGTH} bytes, got ${key.length}`);
}

;// CONCATENATED MODULE: ./src/cosign/key-file.ts
/**
 * cosign's encrypted private key file, byte for byte (spec §1.1 to §1.4):
 *
 * ```
 * -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----        (or ENCRYPTED COSIGN PRIVATE KEY)
 * base64 of {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"…"},
 *            "cipher":{"name":"nacl/secretbox","nonce":"…"},"ciphertext":"…"}
 * -----END ENCRYPTED SIGSTORE PRIVATE KEY-----
 * ```
 *
 * The envelope is `go-securesystemslib/encrypted` (cosign >= 2.2; `go-tuf/encrypted` before, same format with N
 * fixed at 32768); the plaintext is PKCS#8 DER (`cosign/pkg/cosign/keys.go`). This module handles the PEM armour
 * and the envelope; what the plaintext means is `src/keys/`'s business.
 *
 * Every structural check happens in {@link parseEncryptedKeyFile}, before any password is asked for and before
 * scrypt runs, so a damaged file is reported at once and a hostile one cannot make sigil burn CPU or memory.
 */





/** PEM type written by cosign <= 2.0.0 and containers/image (`CosignPrivateKeyPemType`); read by everyone. */
const COSIGN_PRIVATE_KEY_PEM_TYPE = 'ENCRYPTED COSIGN PRIVATE KEY';
/** PEM type written by cosign >= 2.0.1 (`SigstorePrivateKeyPemType`); unreadable by cosign <= 2.0.0, skopeo <= 1.12. */
const SIGSTORE_PRIVATE_KEY_PEM_TYPE = 'ENCRYPTED SIGSTORE PRIVATE KEY';
/** PEM type of a PKIX `SubjectPublicKeyInfo` (`cryptoutils.MarshalPublicKeyToPEM`). */
const PUBLIC_KEY_PEM_TYPE = 'PUBLIC KEY';
/** The only KDF name go-securesystemslib knows. */
const KDF_NAME = 'scrypt';
/** The only cipher name go-securesystemslib knows. */
const CIPHER_NAME = 'nacl/secretbox';
/** `N` written by cosign >= 2.2 (go-securesystemslib "Standard"). */
const SCRYPT_N_STANDARD = 65536;
/** `N` written by cosign <= 2.1 and skopeo (go-tuf), the only one those versions read. */
const SCRYPT_N_LEGACY = 32768;
/**
 * `N` values a reader accepts, with `r = 8`, `p = 1`: go-securesystemslib's whitelist (Legacy, Standard, OWASP).
 * Allow-listing (rather than bounding) matches what cosign reads, and it is what keeps a crafted file from
 * requesting gigabytes of scrypt memory: the check runs before scrypt does.
 */
const ALLOWED_SCRYPT_N = [32768, 65536, 131072];
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** Salt length written by go-securesystemslib (any non-empty salt is read). */
const SALT_LENGTH = 32;
/**
 * A format problem found in a key file. `problem` says what is wrong without naming the input; `src/keys/` turns
 * it into an `InputError` that names the file, variable or flag. Never carries key material.
 */
class KeyFormatError extends errors/* SigilError */.XU {
    problem;
    constructor(code, problem) {
        super(code, problem);
        this.problem = problem;
    }
}
/**
 * Encodes a PEM block as Go's `pem.EncodeToMemory` without headers: base64 body in 64-character lines and one
 * trailing newline.
 *
 * @param type - the label, e.g. `PUBLIC KEY`
 * @param bytes - the DER (or other) body
 */
function encodePem(type, bytes) {
    const b64 = base64Encode(bytes);
    const lines = [];
    for (let i = 0; i < b64.length; i += 64)
        lines.push(b64.slice(i, i + 64));
    return `-----BEGIN ${type}-----\n${lines.length ? `${lines.join('\n')}\n` : ''}-----END ${type}-----\n`;
}
const PEM_START = '\n-----BEGIN ';
const PEM_END = '\n-----END ';
const PEM_END_OF_LINE = '-----';
/**
 * Decodes the first valid PEM block of `data`, a port of Go's `encoding/pem.Decode` (go1.22 `pem.go`) so that sigil
 * reads the same block cosign reads: junk before `-----BEGIN` is skipped, a block whose END line or base64 body is
 * damaged is skipped in favour of a later one, data after the block is ignored, `Key: value` header lines are
 * collected, spaces, tabs and line breaks inside the body are ignored.
 *
 * @param data - file contents (bytes are treated as Latin-1, so binary garbage cannot throw)
 * @returns the block, or `undefined` when there is none
 */
function decodePem(data) {
    let rest = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
    for (;;) {
        if (rest.startsWith(PEM_START.slice(1))) {
            rest = rest.slice(PEM_START.length - 1);
        }
        else {
            const i = rest.indexOf(PEM_START);
            if (i < 0)
                return undefined;
            rest = rest.slice(i + PEM_START.length);
        }
        let typeLine;
        [typeLine, rest] = getLine(rest);
        if (!typeLine.endsWith(PEM_END_OF_LINE))
            continue;
        const type = typeLine.slice(0, -PEM_END_OF_LINE.length);
        const headers = {};
        let truncated = false;
        for (;;) {
            if (rest.length === 0) {
                truncated = true;
                break;
            }
            const [line, next] = getLine(rest);
            const colon = line.indexOf(':');
            if (colon < 0)
                break;
            headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
            rest = next;
        }
        if (truncated)
            return undefined;
        let endIndex;
        let endTrailerIndex;
        if (Object.keys(headers).length === 0 && rest.startsWith(PEM_END.slice(1))) {
            endIndex = 0;
            endTrailerIndex = PEM_END.length - 1;
        }
        else {
            endIndex = rest.indexOf(PEM_END);
            endTrailerIndex = endIndex + PEM_END.length;
        }
        if (endIndex < 0)
            continue;
        const endTrailerLen = type.length + PEM_END_OF_LINE.length;
        const afterEnd = rest.slice(endTrailerIndex);
        if (afterEnd.length < endTrailerLen)
            continue;
        const endTrailer = afterEnd.slice(0, endTrailerLen);
        if (!endTrailer.startsWith(type) || !endTrailer.endsWith(PEM_END_OF_LINE))
            continue;
        if (getLine(afterEnd.slice(endTrailerLen))[0].length !== 0)
            continue;
        const bytes = base64DecodeStrict(rest.slice(0, endIndex).replace(/[ \t]/g, ''));
        if (!bytes)
            continue;
        return { type, headers, bytes };
    }
}
/** Go's `getLine`: up to the first `\n`, with trailing spaces, tabs and `\r` removed. */
function getLine(data) {
    const i = data.indexOf('\n');
    const [line, rest] = i < 0 ? [data, ''] : [data.slice(0, i), data.slice(i + 1)];
    return [line.replace(/[ \t\r]+$/, ''), rest];
}
/**
 * The label of the first `-----BEGIN <label>-----` line in `data`, valid block or not. Used only to word error
 * messages (a PGP armour, a truncated body), never to decide what to load.
 */
function firstPemLabel(data) {
    const text = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
    const m = /(?:^|\n)-----BEGIN ([^\r\n]*?)-----[ \t\r]*(?:\n|$)/.exec(text);
    return m ? m[1] : undefined;
}
/**
 * Serialises an envelope exactly as Go's `json.Marshal` does for go-securesystemslib's structs: compact, fields in
 * declaration order (`kdf`, `cipher`, `ciphertext`; `name`, `params`, `salt`; `N`, `r`, `p`; `name`, `nonce`),
 * byte slices as padded standard base64. `JSON.stringify` keeps insertion order and needs no escaping here (names
 * are fixed ASCII, base64 has no characters Go would escape), so the output is identical.
 */
function marshalEnvelope(envelope) {
    const { kdf, cipher, ciphertext } = envelope;
    return JSON.stringify({
        kdf: { name: kdf.name, params: { N: kdf.params.N, r: kdf.params.r, p: kdf.params.p }, salt: base64Encode(kdf.salt) },
        cipher: { name: cipher.name, nonce: base64Encode(cipher.nonce) },
        ciphertext: base64Encode(ciphertext),
    });
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * Parses and checks the JSON envelope. Checks, in order, and why:
 * - valid UTF-8 JSON object with exactly the fields go-securesystemslib writes. Go ignores unknown fields; sigil
 *   refuses them (no writer adds any, and a file with extra fields is more likely damaged or not a cosign key);
 * - `kdf.name == "scrypt"` and `cipher.name == "nacl/secretbox"` (`encrypted: unknown kdf name` / `cipher name`);
 * - `N, r, p` in the allow-list ({@link ALLOWED_SCRYPT_N}, r = 8, p = 1; `unsupported scrypt parameters`);
 * - salt non-empty (Go would run scrypt with an empty salt; no writer produces one);
 * - nonce exactly 24 bytes (`encrypted: incorrect nonce size`; Go checks it after scrypt, sigil before);
 * - ciphertext at least the 16-byte tag.
 *
 * @param json - the PEM body
 * @returns the typed envelope
 * @throws KeyFormatError `INVALID_KEY` for structural problems, `UNSUPPORTED_KDF_PARAMS` for an unknown KDF or
 *   parameters outside the allow-list
 */
function parseEnvelope(json) {
    let doc;
    try {
        doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
    }
    catch {
        throw new KeyFormatError('INVALID_KEY', 'encrypted key body is not a JSON envelope');
    }
    if (!isObject(doc))
        throw new KeyFormatError('INVALID_KEY', 'encrypted key body is not a JSON object');
    const obj = (v, path, fields) => {
        if (v === undefined)
            throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: missing field "${path}"`);
        if (!isObject(v))
            throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: field "${path}" is not an object`);
        for (const k of Object.keys(v)) {
            if (!fields.includes(k))
                throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: unknown field "${path ? `${path}.` : ''}${k}"`);
        }
        return v;
    };
    const str = (v, path) => {
        if (v === undefined)
            throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: missing field "${path}"`);
        if (typeof v !== 'string')
            throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: field "${path}" is not a string`);
        return v;
    };
    const int = (v, path) => {
        if (v === undefined)
            throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `encrypted key envelope: missing scrypt parameter "${path}"`);
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
            throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `encrypted key envelope: scrypt parameter "${path}" is not an integer`);
        }
        return v;
    };
    const b64 = (v, path) => {
        const bytes = base64DecodeStrict(str(v, path));
        if (!bytes)
            throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: field "${path}" is not valid base64`);
        return bytes;
    };
    const top = obj(doc, '', ['kdf', 'cipher', 'ciphertext']);
    const kdf = obj(top.kdf, 'kdf', ['name', 'params', 'salt']);
    const cipher = obj(top.cipher, 'cipher', ['name', 'nonce']);
    const kdfName = str(kdf.name, 'kdf.name');
    if (kdfName !== KDF_NAME) {
        throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `unknown key derivation function ${JSON.stringify(kdfName)} (cosign key files use scrypt)`);
    }
    const cipherName = str(cipher.name, 'cipher.name');
    if (cipherName !== CIPHER_NAME) {
        throw new KeyFormatError('INVALID_KEY', `unknown cipher ${JSON.stringify(cipherName)} (cosign key files use nacl/secretbox)`);
    }
    const params = obj(kdf.params, 'kdf.params', ['N', 'r', 'p']);
    const N = int(params.N, 'N');
    const r = int(params.r, 'r');
    const p = int(params.p, 'p');
    if (!ALLOWED_SCRYPT_N.includes(N) || r !== SCRYPT_R || p !== SCRYPT_P) {
        throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `unsupported scrypt parameters N=${N}, r=${r}, p=${p} (cosign reads N=${ALLOWED_SCRYPT_N.join(', ')} with r=8, p=1)`);
    }
    const salt = b64(kdf.salt, 'kdf.salt');
    if (salt.length === 0)
        throw new KeyFormatError('INVALID_KEY', 'encrypted key envelope: empty salt');
    const nonce = b64(cipher.nonce, 'cipher.nonce');
    if (nonce.length !== SECRETBOX_NONCE_LENGTH) {
        throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: nonce is ${nonce.length} bytes, expected ${SECRETBOX_NONCE_LENGTH}`);
    }
    const ciphertext = b64(top.ciphertext, 'ciphertext');
    if (ciphertext.length < SECRETBOX_OVERHEAD) {
        throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: ciphertext is ${ciphertext.length} bytes, shorter than the ${SECRETBOX_OVERHEAD}-byte tag`);
    }
    return { kdf: { name: KDF_NAME, params: { N, r, p }, salt }, cipher: { name: CIPHER_NAME, nonce }, ciphertext };
}
/**
 * Reads an encrypted cosign key file: the first PEM block (Go `pem.Decode` rules), its label (both cosign labels
 * are accepted, as cosign >= 2.0.1 does), and the envelope ({@link parseEnvelope}). Runs no KDF.
 *
 * @param data - file contents
 * @throws KeyFormatError `INVALID_KEY` when there is no PEM block or the label is not an encrypted cosign key (the
 *   message says what the label is, e.g. a public key), `INVALID_KEY`/`UNSUPPORTED_KDF_PARAMS` from
 *   {@link parseEnvelope}
 */
function parseEncryptedKeyFile(data) {
    const block = decodePem(data);
    if (!block)
        throw new KeyFormatError('INVALID_KEY', describeMissingPem(data));
    if (block.type !== SIGSTORE_PRIVATE_KEY_PEM_TYPE && block.type !== COSIGN_PRIVATE_KEY_PEM_TYPE) {
        throw new KeyFormatError('INVALID_KEY', describeWrongPrivateLabel(block.type));
    }
    return { label: block.type, envelope: parseEnvelope(block.bytes) };
}
/** Why `decodePem` found nothing, in words. */
function describeMissingPem(data) {
    if (data.length === 0)
        return 'empty file';
    const label = firstPemLabel(data);
    if (label === undefined)
        return 'not a PEM file (no -----BEGIN line)';
    if (label.startsWith('PGP '))
        return `a PGP armoured block (${label}), not a PEM key`;
    return `malformed PEM block "${label}" (damaged base64 body or missing END line)`;
}
function describeWrongPrivateLabel(type) {
    if (type === PUBLIC_KEY_PEM_TYPE || type === 'RSA PUBLIC KEY')
        return 'this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)';
    if (type === 'PRIVATE KEY' || type === 'EC PRIVATE KEY' || type === 'RSA PRIVATE KEY') {
        return `an unencrypted ${type}; encrypt it first with "sigil import-key-pair"`;
    }
    if (type === 'CERTIFICATE')
        return 'a certificate, not an encrypted private key';
    return `PEM type "${type}" is not an encrypted cosign private key (expected ${SIGSTORE_PRIVATE_KEY_PEM_TYPE} or ${COSIGN_PRIVATE_KEY_PEM_TYPE})`;
}
/**
 * Decrypts a checked envelope: `key = scrypt(password, salt, N, r, p, 32)`, then NaCl `secretbox.Open`.
 *
 * @param envelope - from {@link parseEnvelope} (parameters already allow-listed)
 * @param password - raw password bytes (empty is allowed)
 * @param kdf - the KDF to use; tests inject a spy
 * @returns the plaintext (for a cosign key: PKCS#8 DER)
 * @throws KeyFormatError `KEY_DECRYPT_FAILED` when authentication fails: a wrong password and a damaged ciphertext
 *   are indistinguishable by design of the cipher
 */
async function decryptEnvelope(envelope, password, kdf = scrypt) {
    const key = await kdf(password, envelope.kdf.salt, envelope.kdf.params, SECRETBOX_KEY_LENGTH);
    try {
        const plaintext = secretboxOpen(envelope.ciphertext, envelope.cipher.nonce, key);
        if (!plaintext)
            throw new KeyFormatError('KEY_DECRYPT_FAILED', 'wrong password or corrupt key');
        return plaintext;
    }
    finally {
        zeroize(key);
    }
}
/**
 * Encrypts `plaintext` into an envelope as go-securesystemslib's `EncryptWithCustomKDFParameters` does: fresh
 * 32-byte salt, scrypt to a 32-byte key, fresh 24-byte nonce, `secretbox.Seal`.
 *
 * @throws RangeError when N is not in the allow-list (sigil never writes a file it would refuse to read)
 */
async function encryptEnvelope(plaintext, password, options = {}) {
    const N = options.N ?? SCRYPT_N_STANDARD;
    if (!ALLOWED_SCRYPT_N.includes(N))
        throw new RangeError(`scrypt N must be one of ${ALLOWED_SCRYPT_N.join(', ')}`);
    const salt = options.salt ?? new Uint8Array((0,external_node_crypto_.randomBytes)(SALT_LENGTH));
    const nonce = options.nonce ?? new Uint8Array((0,external_node_crypto_.randomBytes)(SECRETBOX_NONCE_LENGTH));
    const params = { N, r: SCRYPT_R, p: SCRYPT_P };
    const key = await (options.kdf ?? scrypt)(password, salt, params, SECRETBOX_KEY_LENGTH);
    try {
        const ciphertext = secretboxSeal(plaintext, nonce, key);
        return { kdf: { name: KDF_NAME, params, salt }, cipher: { name: CIPHER_NAME, nonce }, ciphertext };
    }
    finally {
        zeroize(key);
    }
}
/**
 * Writes a complete encrypted key file (`cosign.key`) for PKCS#8 DER `pkcs8`.
 *
 * - `sigstore` (default, cosign >= 2.2): label `ENCRYPTED SIGSTORE PRIVATE KEY`, N = 65536.
 * - `legacy`: label `ENCRYPTED COSIGN PRIVATE KEY`, N = 32768, which cosign <= 2.1, containers/image <= 5.27 and
 *   skopeo <= 1.13 require (they read only that label and only that N; spec §10 items 1 and 2).
 *
 * @param pkcs8 - PKCS#8 `PrivateKeyInfo` DER
 * @param password - raw password bytes
 * @param format - which flavour to write
 * @param options - salt/nonce/kdf injection for tests (N comes from `format`)
 * @returns the PEM text, 64-column body, single trailing newline
 */
async function encryptKeyFile(pkcs8, password, format = 'sigstore', options = {}) {
    const N = format === 'legacy' ? SCRYPT_N_LEGACY : SCRYPT_N_STANDARD;
    const label = format === 'legacy' ? COSIGN_PRIVATE_KEY_PEM_TYPE : SIGSTORE_PRIVATE_KEY_PEM_TYPE;
    const envelope = await encryptEnvelope(pkcs8, password, { ...options, N });
    return encodePem(label, new TextEncoder().encode(marshalEnvelope(envelope)));
}

// EXTERNAL MODULE: ./node_modules/@noble/curves/abstract/der.js
var abstract_der = __webpack_require__(9412);
// EXTERNAL MODULE: ./node_modules/@noble/curves/nist.js + 7 modules
var nist = __webpack_require__(5775);
;// CONCATENATED MODULE: ./src/crypto/ecdsa.ts
/**
 * ECDSA over NIST P-256 with SHA-256, the only signature scheme sigil uses (cosign's default and the only key type
 * `cosign generate-key-pair` makes; `sigstore/pkg/signature/ecdsa.go`).
 *
 * Signing uses `@noble/curves` because it is deterministic (RFC 6979): the same key and payload always give the
 * same signature, which makes signing reproducible and testable (and lets `sign` recognise its own earlier
 * signature). Node's OpenSSL signs with a random nonce and does not expose OpenSSL 3.2's deterministic mode. noble
 * costs about 0.4 ms per signature, once per image: negligible next to scrypt and the registry.
 *
 * Verification uses `node:crypto` (OpenSSL): about 30 times faster than noble's pure-JavaScript verify (0.05 ms vs
 * 1.5 ms, docs/keys.md), and verification runs once per signature layer found in a registry.
 */



/** Byte length of a P-256 scalar and of each half of a raw `r‖s` signature. */
const P256_SCALAR_LENGTH = 32;
/**
 * Signs `message` with the P-256 private scalar `scalar`: SHA-256 of the message, RFC 6979 deterministic nonce,
 * ASN.1 DER `SEQUENCE { r INTEGER, s INTEGER }` output, as Go's `ecdsa.SignASN1` and therefore cosign emit.
 *
 * noble defaults overridden or pinned here, and why:
 * - `prehash: true`: noble hashes the message with SHA-256 itself; cosign signs SHA-256(payload).
 * - `format: 'der'`: noble's default is the 64-byte compact form; every cosign verifier accepts DER, only
 *   cosign >= 2.2.4 also accepts raw `r‖s` (spec §1.9), so DER is the only safe output.
 * - `lowS: false`: noble's default normalises s to the lower half of the order (a Bitcoin rule). Go and OpenSSL do
 *   not, and without normalisation the output is exactly RFC 6979's (A.2.5 test vectors). Either form verifies
 *   everywhere: Go's `ecdsa.Verify` accepts both.
 * - `extraEntropy` left unset: no hedging, so signatures stay deterministic.
 *
 * @param scalar - the 32-byte private scalar d, big-endian
 * @param message - the bytes to sign (not a digest)
 * @returns the DER-encoded signature (typically 70 to 72 bytes)
 * @throws Error when `scalar` is not a valid P-256 private key
 */
function p256SignDer(scalar, message) {
    return nist/* p256 */.s9.sign(message, scalar, { prehash: true, format: 'der', lowS: false });
}
/**
 * The uncompressed public point `04 ‖ X ‖ Y` (65 bytes) of a P-256 private scalar, computed independently of any
 * public key stored next to the scalar (a PKCS#8 key carries both, and nothing forces them to agree).
 *
 * @throws Error when `scalar` is not in 1..n-1
 */
function p256PublicPoint(scalar) {
    return nist/* p256 */.s9.getPublicKey(scalar, false);
}
/**
 * Converts a signature to the raw IEEE P1363 form `r‖s` (32 + 32 bytes), deciding its encoding the way
 * sigstore's `ECDSAVerifier.VerifySignature` does (`sigstore@v1.8.3:pkg/signature/ecdsa.go`, used by cosign >=
 * 2.2.4): bytes that parse as an ASN.1 `SEQUENCE` of two `INTEGER`s are DER; anything else is taken as raw
 * `r‖s` when its length is even and at most 132 bytes, split into two equal halves.
 *
 * The DER parser is noble's, which is strict (minimal lengths and integers, no trailing bytes), as Go's
 * `cryptobyte`-based `ecdsa.VerifyASN1` is.
 *
 * @param signature - DER or raw signature bytes
 * @returns the 64-byte `r‖s`, or `undefined` when no P-256 signature can be read from the bytes (then it cannot
 *   verify)
 */
function p256SignatureToRaw(signature) {
    let der;
    try {
        der = abstract_der/* DER */.W.toSig(signature);
    }
    catch {
        der = undefined;
    }
    if (der) {
        const r = bigintTo32(der.r);
        const s = bigintTo32(der.s);
        if (!r || !s)
            return undefined;
        const out = new Uint8Array(2 * P256_SCALAR_LENGTH);
        out.set(r, 0);
        out.set(s, P256_SCALAR_LENGTH);
        return out;
    }
    if (signature.length === 0 || signature.length > 132 || signature.length % 2 !== 0)
        return undefined;
    const half = signature.length / 2;
    const r = trimTo32(signature.subarray(0, half));
    const s = trimTo32(signature.subarray(half));
    if (!r || !s)
        return undefined;
    const out = new Uint8Array(2 * P256_SCALAR_LENGTH);
    out.set(r, P256_SCALAR_LENGTH - r.length);
    out.set(s, 2 * P256_SCALAR_LENGTH - s.length);
    return out;
}
/**
 * Verifies a P-256/SHA-256 signature over `message` with OpenSSL (`node:crypto`).
 *
 * Accepts DER and raw `r‖s` (see {@link p256SignatureToRaw}) and high-S signatures (Go produces them half of the
 * time; Go's verifier accepts them, so refusing them would reject genuine cosign signatures).
 *
 * @param publicKey - a P-256 public (or private) key object; the caller checks its curve
 * @param message - the signed bytes (not a digest)
 * @param signature - DER or raw signature
 * @returns whether the signature is valid; never throws for malformed signatures (they are simply invalid)
 */
function p256Verify(publicKey, message, signature) {
    const raw = p256SignatureToRaw(signature);
    if (!raw)
        return false;
    try {
        return (0,external_node_crypto_.verify)('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw);
    }
    catch {
        return false;
    }
}
/**
 * Signs with OpenSSL (random nonce, DER). Not used by sigil's signing path (which must be deterministic); kept as
 * the benchmark baseline and as an independent signer in tests.
 */
function p256SignNode(privateKey, message) {
    return new Uint8Array(nodeSign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
}
function bigintTo32(n) {
    if (n < 0n || n >= 1n << 256n)
        return undefined;
    return new Uint8Array(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
}
// Go's big.Int.SetBytes ignores leading zero bytes; a half may be longer than 32 bytes only through them.
function trimTo32(bytes) {
    let start = 0;
    while (start < bytes.length && bytes[start] === 0)
        start++;
    const trimmed = bytes.subarray(start);
    return trimmed.length <= P256_SCALAR_LENGTH ? trimmed : undefined;
}

;// CONCATENATED MODULE: ./src/keys/public-key.ts
/**
 * Verification keys: PKIX `PUBLIC KEY` PEM (cosign.pub) for ECDSA P-256, read as cosign's
 * `cryptoutils.UnmarshalPEMToPublicKey` reads it (first PEM block, Go `pem.Decode` rules).
 */





/** What a human is told is supported, in refusals. */
const SUPPORTED_KEY_TYPE = 'ECDSA P-256';
/** @internal Builds the verification half from a P-256 key object (public or private). */
function verificationKeyFromKeyObject(key) {
    const publicKey = key.type === 'public' ? key : (0,external_node_crypto_.createPublicKey)(key);
    const publicKeyDer = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const publicKeyPem = encodePem(PUBLIC_KEY_PEM_TYPE, publicKeyDer);
    return {
        algorithm: 'ecdsa-p256-sha256',
        publicKeyPem,
        publicKeyDer,
        verify: (payload, signature) => p256Verify(publicKey, payload, signature),
    };
}
/**
 * A human description of a key object that is not P-256, for `UNSUPPORTED_KEY` messages; `undefined` when it is
 * P-256.
 */
function unsupportedKeyDescription(key) {
    const type = key.asymmetricKeyType;
    if (type === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'prime256v1')
            return undefined;
        return `an ECDSA ${curveName(curve)} key`;
    }
    if (type === 'rsa' || type === 'rsa-pss')
        return `an RSA-${key.asymmetricKeyDetails?.modulusLength ?? '?'} key`;
    if (type === 'ed25519')
        return 'an Ed25519 key';
    return `a ${type ?? 'unknown'} key`;
}
/** Go/NIST names for the OpenSSL curve names Node reports. */
function curveName(curve) {
    switch (curve) {
        case 'prime256v1':
            return 'P-256';
        case 'secp384r1':
            return 'P-384';
        case 'secp521r1':
            return 'P-521';
        case 'secp224r1':
            return 'P-224';
        default:
            return curve ?? 'unknown-curve';
    }
}
/**
 * Parses a verification key from PEM text.
 *
 * @param data - file contents
 * @param input - the input's name for messages
 * @throws InputError `INVALID_KEY` (no PEM, a private key, a certificate, damaged DER), `UNSUPPORTED_KEY` (a valid
 *   public key of another type: RSA, P-384, P-521, Ed25519)
 */
function verificationKeyFromPem(data, input) {
    const block = decodePem(data);
    if (!block)
        throw new errors/* InputError */.dz('INVALID_KEY', input, describeMissingPem(data));
    switch (block.type) {
        case PUBLIC_KEY_PEM_TYPE:
            return verificationKeyFromSpki(block.bytes, input);
        case 'RSA PUBLIC KEY':
            throw new errors/* InputError */.dz('UNSUPPORTED_KEY', input, `an RSA public key; sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`);
        case 'CERTIFICATE':
            throw new errors/* InputError */.dz('INVALID_KEY', input, 'a certificate; a PUBLIC KEY PEM is needed here');
        default:
            if (/PRIVATE KEY$/.test(block.type)) {
                throw new errors/* InputError */.dz('INVALID_KEY', input, 'this is a private key; verification needs the public key (e.g. cosign.pub, or "sigil public-key --key cosign.key")');
            }
            throw new errors/* InputError */.dz('INVALID_KEY', input, `PEM type "${block.type}" is not a public key (expected PUBLIC KEY)`);
    }
}
/**
 * Parses a verification key from PKIX `SubjectPublicKeyInfo` DER.
 *
 * @throws InputError as {@link verificationKeyFromPem}
 */
function verificationKeyFromSpki(der, input) {
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: Buffer.from(der), format: 'der', type: 'spki' });
    }
    catch (err) {
        throw new errors/* InputError */.dz('INVALID_KEY', input, 'PUBLIC KEY block is not a valid PKIX public key', { cause: err });
    }
    const unsupported = unsupportedKeyDescription(key);
    if (unsupported)
        throw new errors/* InputError */.dz('UNSUPPORTED_KEY', input, `${unsupported}; sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`);
    return verificationKeyFromKeyObject(key);
}
/**
 * Loads a verification key from a path, `env://NAME` or PEM text (see `readKeyRef`).
 *
 * @throws InputError from `readKeyRef` and {@link verificationKeyFromPem}
 */
async function loadVerificationKey(ref, options) {
    const { input, bytes } = await readKeyRef(ref, options);
    return verificationKeyFromPem(bytes, input);
}

;// CONCATENATED MODULE: ./src/keys/private-key.ts
/**
 * Signing keys: cosign's encrypted private key files, decrypted with a password, and freshly generated keys.
 */







class P256SigningKey {
    algorithm = 'ecdsa-p256-sha256';
    publicKeyPem;
    publicKeyDer;
    #scalar;
    #privateKey;
    #verifier;
    constructor(privateKey, scalar) {
        this.#privateKey = privateKey;
        this.#scalar = scalar;
        this.#verifier = verificationKeyFromKeyObject(privateKey);
        this.publicKeyPem = this.#verifier.publicKeyPem;
        this.publicKeyDer = this.#verifier.publicKeyDer;
    }
    sign(payload) {
        return p256SignDer(this.#scalar, payload);
    }
    verify(payload, signature) {
        return this.#verifier.verify(payload, signature);
    }
    exportPkcs8() {
        return new Uint8Array(this.#privateKey.export({ type: 'pkcs8', format: 'der' }));
    }
    // Keep the scalar out of console.log / util.inspect output.
    toJSON() {
        return { algorithm: this.algorithm, publicKeyPem: this.publicKeyPem };
    }
    [Symbol.for('nodejs.util.inspect.custom')]() {
        return `SigningKey(${this.algorithm})`;
    }
}
/**
 * Builds a signing key from a P-256 key object, checking that the public key stored with the scalar (PKCS#8 and
 * SEC1 carry both) is the one the scalar gives: otherwise sigil would sign with one key and publish another.
 */
function fromKeyObject(key, input) {
    const unsupported = unsupportedKeyDescription(key);
    if (unsupported)
        throw new errors/* InputError */.dz('UNSUPPORTED_KEY', input, `${unsupported}; sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`);
    const jwk = key.export({ format: 'jwk' });
    if (!jwk.d || !jwk.x || !jwk.y)
        throw new errors/* InputError */.dz('INVALID_KEY', input, 'EC private key without its components');
    const scalar = new Uint8Array(Buffer.from(jwk.d, 'base64url'));
    let point;
    try {
        if (scalar.length !== P256_SCALAR_LENGTH)
            throw new Error('bad scalar length');
        point = p256PublicPoint(scalar);
    }
    catch (err) {
        throw new errors/* InputError */.dz('INVALID_KEY', input, 'invalid P-256 private scalar', { cause: err });
    }
    const stored = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
    if (!stored.equals(point))
        throw new errors/* InputError */.dz('INVALID_KEY', input, 'the public key stored in the private key does not belong to it');
    return new P256SigningKey(key, scalar);
}
/**
 * A signing key from PKCS#8 DER, the plaintext of a cosign key file. Other encodings are refused as cosign's
 * `LoadPrivateKey` refuses them (`x509.ParsePKCS8PrivateKey` only): notably a SEC1 `EC PRIVATE KEY` inside the
 * envelope (cosign's `pemcosigneckey` test), which some hand-made key files contain.
 *
 * @param der - PKCS#8 DER
 * @param input - the input's name for messages
 * @throws InputError `INVALID_KEY` (not PKCS#8, damaged, mismatched public key), `UNSUPPORTED_KEY` (valid but not
 *   P-256)
 */
function signingKeyFromPkcs8(der, input) {
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    }
    catch (err) {
        throw new errors/* InputError */.dz('INVALID_KEY', input, describeNonPkcs8(der), { cause: err });
    }
    return fromKeyObject(key, input);
}
/** @internal For import: a key object already parsed from an unencrypted PEM. */
function signingKeyFromKeyObject(key, input) {
    return fromKeyObject(key, input);
}
function describeNonPkcs8(der) {
    for (const type of ['sec1', 'pkcs1']) {
        try {
            // Node's SEC1 decoder also accepts PKCS#8, but that was just ruled out.
            (0,external_node_crypto_.createPrivateKey)({ key: Buffer.from(der), format: 'der', type });
            return `the decrypted key is ${type === 'sec1' ? 'SEC1 (EC PRIVATE KEY)' : 'PKCS#1 (RSA PRIVATE KEY)'}, not PKCS#8; cosign refuses it too (re-import the unencrypted key with "sigil import-key-pair")`;
        }
        catch {
            // try the next
        }
    }
    return 'the decrypted data is not a PKCS#8 private key';
}
/** A new random ECDSA P-256 key (Node's CSPRNG), what `cosign generate-key-pair` makes. */
function generateSigningKey() {
    const { privateKey } = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
    return fromKeyObject(privateKey, 'generated key');
}
/**
 * Reads an encrypted key file's structure without decrypting it (no password, no scrypt).
 *
 * @throws InputError `INVALID_KEY` / `UNSUPPORTED_KDF_PARAMS` naming `input`
 */
function parseEncryptedKey(data, input) {
    try {
        return parseEncryptedKeyFile(data);
    }
    catch (err) {
        throw asInputError(err, input);
    }
}
/**
 * Decrypts cosign key file contents into a signing key. Everything that can be checked without the password is
 * checked first; only then is `password` called.
 *
 * @param data - the key file's bytes (or text)
 * @param input - the input's name for messages
 * @param options - password source, optional KDF
 * @throws InputError `INVALID_KEY`, `UNSUPPORTED_KDF_PARAMS`, `KEY_DECRYPT_FAILED` (wrong password or damaged
 *   ciphertext), `UNSUPPORTED_KEY`; errors thrown by `password` pass through
 */
async function decryptSigningKey(data, input, options) {
    const file = parseEncryptedKey(data, input);
    const password = await options.password();
    let plaintext;
    try {
        plaintext = await decryptEnvelope(file.envelope, password, options.kdf);
    }
    catch (err) {
        throw asInputError(err, input);
    }
    finally {
        zeroize(password);
    }
    try {
        return signingKeyFromPkcs8(plaintext, input);
    }
    finally {
        zeroize(plaintext);
    }
}
/**
 * Loads a signing key from a path, `env://NAME` or PEM text: reads and checks the file, then asks for the password,
 * then decrypts. This is what `sign --key` and `public-key --key` use.
 *
 * @throws InputError from `readKeyRef` and {@link decryptSigningKey}
 */
async function loadSigningKey(ref, options) {
    const { input, bytes } = await readKeyRef(ref, options);
    return decryptSigningKey(bytes, input, options);
}
function asInputError(err, input) {
    if (err instanceof KeyFormatError)
        return new errors/* InputError */.dz(err.code, input, err.problem, { cause: err });
    return err;
}

;// CONCATENATED MODULE: ./src/keys/import.ts
/**
 * `import-key-pair`: reading an unencrypted PEM private key, as cosign's `ImportKeyPair` does
 * (`cosign/pkg/cosign/keys.go`): first PEM block, label `RSA PRIVATE KEY` (PKCS#1), `EC PRIVATE KEY` (SEC1) or
 * `PRIVATE KEY` (PKCS#8), key checked with sigstore's `goodkey` rules (RSA 2048/3072/4096, ECDSA P-256/P-384/P-521,
 * Ed25519). sigil signs with P-256 only for now, so keys cosign would accept but sigil cannot use are refused with
 * `UNSUPPORTED_KEY`; keys cosign refuses too are `INVALID_KEY` with cosign's reason.
 */






const DER_TYPE_BY_LABEL = {
    'RSA PRIVATE KEY': 'pkcs1',
    'EC PRIVATE KEY': 'sec1',
    'PRIVATE KEY': 'pkcs8',
};
const RSA_SIZES = [2048, 3072, 4096];
const COSIGN_CURVES = ['prime256v1', 'secp384r1', 'secp521r1'];
/**
 * Parses an unencrypted PEM private key for import.
 *
 * @param data - PEM text (first block counts, Go `pem.Decode` rules)
 * @param input - the input's name for messages
 * @returns a P-256 signing key
 * @throws InputError `INVALID_KEY` for what cosign refuses too (no PEM, PGP armour, public key, encrypted PKCS#8,
 *   P-224, secp256k1, RSA of a size other than 2048/3072/4096, damaged DER), `UNSUPPORTED_KEY` for keys cosign
 *   imports but sigil cannot sign with yet (RSA, P-384, P-521, Ed25519)
 */
function importPrivateKey(data, input) {
    const block = decodePem(data);
    if (!block)
        throw new errors/* InputError */.dz('INVALID_KEY', input, describeMissingPem(data));
    const derType = DER_TYPE_BY_LABEL[block.type];
    if (!derType)
        throw new errors/* InputError */.dz('INVALID_KEY', input, describeUnimportable(block.type));
    if (block.headers['Proc-Type']?.includes('ENCRYPTED')) {
        throw new errors/* InputError */.dz('INVALID_KEY', input, 'an OpenSSL-encrypted PEM (Proc-Type: 4,ENCRYPTED); decrypt it first, e.g. with "openssl pkey"');
    }
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)({ key: Buffer.from(block.bytes), format: 'der', type: derType });
    }
    catch (err) {
        throw new errors/* InputError */.dz('INVALID_KEY', input, `${block.type} block does not hold a valid or known private key`, { cause: err });
    }
    checkCosignAcceptsKey(key, input);
    return signingKeyFromKeyObject(key, input);
}
/** sigstore `goodkey` rules (`cryptoutils.ValidatePubKey`), then sigil's own P-256 restriction. */
function checkCosignAcceptsKey(key, input) {
    const type = key.asymmetricKeyType;
    const notYet = (what) => new errors/* InputError */.dz('UNSUPPORTED_KEY', input, `${what}; cosign accepts it, but sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`);
    if (type === 'ec') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'prime256v1')
            return;
        if (curve && COSIGN_CURVES.includes(curve))
            throw notYet(`an ECDSA ${curveName(curve)} key`);
        throw new errors/* InputError */.dz('INVALID_KEY', input, `ECDSA curve ${curveName(curve)} is not allowed (cosign accepts P-256, P-384, P-521; sigil signs with P-256)`);
    }
    if (type === 'rsa') {
        const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
        if (!RSA_SIZES.includes(bits)) {
            throw new errors/* InputError */.dz('INVALID_KEY', input, `RSA key size ${bits} is not allowed (cosign accepts 2048, 3072, 4096; sigil signs with ${SUPPORTED_KEY_TYPE})`);
        }
        throw notYet(`an RSA-${bits} key`);
    }
    if (type === 'ed25519')
        throw notYet('an Ed25519 key');
    throw new errors/* InputError */.dz('INVALID_KEY', input, `a ${type ?? 'unknown'} key, which cosign does not accept (sigil signs with ${SUPPORTED_KEY_TYPE})`);
}
function describeUnimportable(type) {
    if (type === 'PUBLIC KEY' || type === 'RSA PUBLIC KEY')
        return 'this is a public key; import-key-pair needs a private key';
    if (type === 'ENCRYPTED PRIVATE KEY')
        return 'an encrypted PKCS#8 key; decrypt it first, e.g. with "openssl pkcs8"';
    if (type === SIGSTORE_PRIVATE_KEY_PEM_TYPE || type === COSIGN_PRIVATE_KEY_PEM_TYPE) {
        return 'already an encrypted cosign key; use it as it is (import-key-pair takes an unencrypted PEM key)';
    }
    if (type === 'OPENSSH PRIVATE KEY')
        return 'an OpenSSH key, which cosign does not import (convert it to PKCS#8 PEM first)';
    return `PEM type "${type}" is not a supported private key (expected PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)`;
}
/**
 * Reads and parses the key to import from a path, `env://NAME` or PEM text.
 *
 * @throws InputError from `readKeyRef` and {@link importPrivateKey}
 */
async function loadImportKey(ref, options) {
    const { input, bytes } = await readKeyRef(ref, options);
    return importPrivateKey(bytes, input);
}

;// CONCATENATED MODULE: ./src/keys/write.ts
/**
 * Writing key pairs (`generate-key-pair`, `import-key-pair`) and public keys (`public-key --outfile`) without ever
 * leaving a partial result: every target is checked before anything is written, the contents go to temporary
 * files in the target directory first, and they are moved into place only when all of them are complete. Targets
 * that did not exist are created with `link()`, which fails if a file appeared meanwhile, so a file is only
 * replaced after `confirmOverwrite` said yes for it.
 */







/**
 * Checks that each target may be written: not a directory, and either absent or confirmed for overwrite.
 *
 * @returns for each path, whether it exists (and so will be replaced)
 * @throws InputError `FILE_EXISTS` when a file exists and `confirmOverwrite` declines, `IO` for a directory
 */
async function checkTargets(paths, options) {
    const exists = [];
    for (const path of paths) {
        const full = absolute(path, options.cwd);
        let stat;
        try {
            stat = await (0,promises_.lstat)(full);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                exists.push(false);
                continue;
            }
            throw new errors/* InputError */.dz('IO', `file ${JSON.stringify(path)}`, fsProblem(err), { cause: err });
        }
        if (stat.isDirectory())
            throw new errors/* InputError */.dz('IO', `file ${JSON.stringify(path)}`, 'is a directory');
        if (!(await options.confirmOverwrite(path)))
            throw new errors/* InputError */.dz('FILE_EXISTS', `file ${JSON.stringify(path)}`, 'already exists, not overwritten');
        exists.push(true);
    }
    return exists;
}
/**
 * Writes all `files` or none of them. Call {@link checkTargets} first (this function re-checks only that absent
 * targets are still absent).
 *
 * @param files - what to write
 * @param replace - per file, whether an existing file may be replaced (from {@link checkTargets})
 * @throws InputError `IO` / `FILE_EXISTS`; on error every temporary file is removed and every file this call
 *   created is removed again
 */
async function writeAll(files, replace, cwd) {
    const temps = [];
    const created = [];
    try {
        for (const file of files) {
            const full = absolute(file.path, cwd);
            const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(full), `.${(0,external_node_path_.basename)(full)}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
            let handle;
            try {
                handle = await (0,promises_.open)(temp, 'wx', file.mode);
            }
            catch (err) {
                throw new errors/* InputError */.dz('IO', `file ${JSON.stringify(file.path)}`, `cannot be created: ${fsProblem(err)}`, { cause: err });
            }
            temps.push(temp);
            try {
                await handle.writeFile(file.contents);
                await handle.sync();
            }
            finally {
                await handle.close();
            }
        }
        for (const [i, file] of files.entries()) {
            const full = absolute(file.path, cwd);
            const temp = temps[i];
            try {
                if (replace[i]) {
                    await (0,promises_.rename)(temp, full);
                }
                else {
                    await (0,promises_.link)(temp, full);
                    created.push(full);
                    await (0,promises_.unlink)(temp);
                }
            }
            catch (err) {
                throw new errors/* InputError */.dz(err.code === 'EEXIST' ? 'FILE_EXISTS' : 'IO', `file ${JSON.stringify(file.path)}`, fsProblem(err), {
                    cause: err,
                });
            }
        }
    }
    catch (err) {
        await Promise.all([...temps, ...created].map((p) => (0,promises_.unlink)(p).catch(() => undefined)));
        throw err;
    }
}
/**
 * Encrypts `key` and writes `<prefix>.key` (mode 0600) and `<prefix>.pub` (mode 0644), as `cosign
 * generate-key-pair` / `import-key-pair` do. Both targets are checked before the password is asked for; on any
 * error nothing is left behind.
 *
 * @throws InputError `FILE_EXISTS`, `IO`; `SigilError`s from `password` pass through
 */
async function writeKeyPair(key, options) {
    if (options.prefix === '')
        throw new errors/* SigilError */.XU('INVALID_INPUT', 'output key prefix must not be empty');
    const keyPath = `${options.prefix}.key`;
    const pubPath = `${options.prefix}.pub`;
    const replace = await checkTargets([keyPath, pubPath], options);
    const password = await options.password();
    const pkcs8 = key.exportPkcs8();
    let pem;
    try {
        pem = await encryptKeyFile(pkcs8, password, options.format ?? 'sigstore', options.encrypt);
    }
    finally {
        zeroize(pkcs8);
        zeroize(password);
    }
    await writeAll([
        { path: keyPath, contents: pem, mode: 0o600 },
        { path: pubPath, contents: key.publicKeyPem, mode: 0o644 },
    ], replace, options.cwd);
    return { keyPath, pubPath };
}
function absolute(path, cwd) {
    return cwd && !(0,external_node_path_.isAbsolute)(path) ? (0,external_node_path_.resolve)(cwd, path) : path;
}

;// CONCATENATED MODULE: ./src/keys/index.ts
/**
 * Key handling for signing and verification. Signing code needs only:
 *
 * ```ts
 * const key = await loadSigningKey(ref, { env, password })   // ref: path | PEM text | env://NAME
 * const sig = key.sign(payload)                              // DER, deterministic (RFC 6979)
 * key.verify(payload, existingSig)                           // does a stored signature belong to this key?
 * const pub = await loadVerificationKey(ref, { env })
 * pub.verify(payload, sig)                                   // DER or raw r‖s, high-S accepted
 * ```
 */







/***/ })

};

//# sourceMappingURL=230.index.js.map