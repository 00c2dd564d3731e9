export const id = 2;
export const ids = [2];
export const modules = {

/***/ 6146:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bf: () => (/* binding */ commandTimeout),
  Rk: () => (/* binding */ registryClient),
  _A: () => (/* binding */ registryOptions),
  wj: () => (/* binding */ withTimeout)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(8825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(9217);
;// CONCATENATED MODULE: ./src/registry/errors.ts
/**
 * Registry errors: one line naming the operation, the reference, the HTTP status and the registry's OCI error
 * codes and messages (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes), e.g.
 * `GET manifest 127.0.0.1:5000/app:v1: 404 MANIFEST_UNKNOWN: manifest unknown`.
 */

const MAX_MESSAGE_PART = 300;
// Keeps registry-provided text short and on one line.
function oneLine(text) {
    // eslint-disable-next-line no-control-regex
    const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return flat.length > MAX_MESSAGE_PART ? `${flat.slice(0, MAX_MESSAGE_PART)}...` : flat;
}
/** A failed registry operation; `code` is one of the registry codes of ErrorCode. */
class RegistryError extends errors/* SigilError */.XU {
    operation;
    reference;
    status;
    ociErrors;
    constructor(code, details) {
        const parts = [];
        if (details.status !== undefined)
            parts.push(String(details.status));
        const oci = (details.ociErrors ?? []).map((e) => oneLine(e.message ? `${e.code}: ${e.message}` : e.code));
        if (oci.length > 0)
            parts.push(oci.join('; '));
        let message = `${details.operation} ${details.reference}:`;
        if (parts.length > 0)
            message += ` ${parts.join(' ')}`;
        if (details.detail)
            message += `${parts.length > 0 ? ';' : ''} ${oneLine(details.detail)}`;
        super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
        this.operation = details.operation;
        this.reference = details.reference;
        this.status = details.status;
        this.ociErrors = details.ociErrors ?? [];
    }
    /** True when the registry answered with one of these OCI error codes. */
    hasOciCode(...codes) {
        return this.ociErrors.some((e) => codes.includes(e.code));
    }
}
// Parses an OCI error body; anything else yields no entries.
function parseOciErrors(body) {
    if (body === undefined || body.length === 0 || body.length > 64 * 1024)
        return [];
    try {
        const doc = JSON.parse(Buffer.from(body).toString('utf8'));
        const errors = doc?.errors;
        if (!Array.isArray(errors))
            return [];
        return errors.slice(0, 5).flatMap((e) => {
            const entry = e;
            if (entry === null || typeof entry !== 'object')
                return [];
            const code = typeof entry.code === 'string' ? entry.code : 'UNKNOWN';
            const message = typeof entry.message === 'string' ? entry.message : '';
            return [{ code, message }];
        });
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/registry/hosts.ts
/**
 * Host classification for scheme and proxy decisions. Loopback is `localhost`, 127.0.0.0/8 and ::1, as in Go's
 * `net.IP.IsLoopback` and `golang.org/x/net/http/httpproxy` (which never proxies them).
 */
// The host part of `host[:port]` or `[v6][:port]`, lower-cased, IPv6 without brackets.
function hostOf(registry) {
    const r = registry.toLowerCase();
    if (r.startsWith('[')) {
        const end = r.indexOf(']');
        return end > 0 ? r.slice(1, end) : r;
    }
    const colon = r.lastIndexOf(':');
    return colon >= 0 && r.indexOf(':') === colon ? r.slice(0, colon) : r;
}
// True for localhost, 127.0.0.0/8 and ::1 (any spelling), with or without a port.
function isLoopbackRegistry(registry) {
    const host = hostOf(registry);
    if (host === 'localhost')
        return true;
    if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))
        return host.split('.').every((p) => Number(p) <= 255);
    if (host.includes(':')) {
        try {
            return new URL(`http://[${host}]/`).hostname === '[::1]';
        }
        catch {
            return false;
        }
    }
    return false;
}

;// CONCATENATED MODULE: ./src/registry/redact.ts
/**
 * Keeping secrets out of traces, logs and error messages: URLs lose their userinfo and the values of every query
 * parameter not known to be harmless (upload `_state`, pre-signed object-storage signatures, tokens), and a
 * Redactor replaces any credential or token the client holds, should a server echo one back.
 */
// Query parameters of the distribution and token APIs whose values are not secret.
const SAFE_QUERY_PARAMS = new Set(['digest', 'scope', 'service', 'n', 'last', 'mount', 'from', 'account', 'client_id']);
// A URL for traces and messages: no userinfo, no fragment, secret-looking query values replaced.
function sanitizeUrl(url) {
    let u;
    try {
        u = new URL(url.toString());
    }
    catch {
        return '(invalid URL)';
    }
    u.username = '';
    u.password = '';
    u.hash = '';
    const params = [...u.searchParams.entries()];
    if (params.length > 0) {
        const query = params
            .map(([name, value]) => `${encodeURIComponent(name)}=${SAFE_QUERY_PARAMS.has(name) ? encodeURIComponent(value) : 'REDACTED'}`)
            .join('&');
        u.search = `?${query}`;
    }
    return u.toString();
}
/** Replaces known secrets (passwords, tokens, Authorization values) in text with `REDACTED`. */
class Redactor {
    #secrets = new Set();
    // Registers a secret; short values (under 4 characters) are ignored to avoid mangling messages.
    add(secret) {
        if (secret === undefined || secret.length < 4)
            return;
        this.#secrets.add(secret);
        // Also the forms a server might echo: base64 of user:password is registered by the caller as a whole.
        const encoded = encodeURIComponent(secret);
        if (encoded !== secret)
            this.#secrets.add(encoded);
    }
    // The text with every registered secret replaced.
    redact(text) {
        let out = text;
        for (const secret of this.#secrets) {
            if (out.includes(secret))
                out = out.split(secret).join('REDACTED');
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/registry/auth.ts



const DEFAULT_TOKEN_LIFETIME_S = 60;
// True when scope `have` (`type:name:actions`) grants everything scope `want` asks for.
function scopeCovers(have, want) {
    const split = (s) => {
        const first = s.indexOf(':');
        const last = s.lastIndexOf(':');
        return first < 0 || last === first ? undefined : { resource: s.slice(0, last), actions: s.slice(last + 1).split(',') };
    };
    const h = split(have);
    const w = split(want);
    if (h === undefined || w === undefined)
        return have === want;
    return h.resource === w.resource && w.actions.every((a) => h.actions.includes(a) || h.actions.includes('*'));
}
// The Authorization header value for Basic.
function basicAuthorization(username, password) {
    return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
/** Registry auth state: schemes learnt, credentials found, tokens cached. */
class Authenticator {
    #opts;
    #registries = new Map();
    #tokens = new Map();
    #inflight = new Map();
    #credentials = new Map();
    constructor(opts) {
        this.#opts = opts;
    }
    // The registry's credential lookup, done once; its secrets are registered with the redactor.
    credentials(registry) {
        let p = this.#credentials.get(registry);
        if (p === undefined) {
            p = this.#opts.lookup(registry).then((found) => {
                const c = found.credential;
                if (c !== undefined) {
                    this.#opts.redactor.add(c.password);
                    this.#opts.redactor.add(c.identityToken);
                    this.#opts.redactor.add(c.registryToken);
                    if (c.username !== undefined && c.password !== undefined) {
                        this.#opts.redactor.add(basicAuthorization(c.username, c.password).slice('Basic '.length));
                    }
                    this.#opts.logger.debug(`registry ${registry}: using credentials from ${c.source}`);
                }
                else {
                    this.#opts.logger.debug(`registry ${registry}: no credentials found (looked in: ${found.tried.join(', ') || 'nothing'})`);
                }
                return found;
            });
            this.#credentials.set(registry, p);
        }
        return p;
    }
    // The Authorization header to send before any challenge: Basic, a cached token, or a token fetched now.
    async authorization(repo, actions, ctx) {
        const state = this.#registries.get(repo.registry);
        if (state === undefined || state.kind === 'unknown')
            return undefined;
        if (state.kind === 'basic') {
            const { credential } = await this.credentials(repo.registry);
            return credential?.username !== undefined && credential.password !== undefined
                ? basicAuthorization(credential.username, credential.password)
                : undefined;
        }
        const cached = this.#cachedToken(repo, actions);
        if (cached !== undefined)
            return `Bearer ${cached}`;
        return `Bearer ${await this.#token(repo, actions, state, undefined, ctx)}`;
    }
    /**
     * After a 401: learns the registry's scheme from the challenges and returns the Authorization header to retry
     * with. `sent` is what the rejected request carried.
     *
     * @throws RegistryError REGISTRY_AUTH when there is nothing better to send
     */
    async afterChallenge(repo, actions, challenges, sent, res, ctx) {
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        const basic = challenges.find((c) => c.scheme === 'basic');
        if (bearer !== undefined) {
            const realm = bearer.params.realm;
            if (realm === undefined || realm === '') {
                throw await this.failure(repo.registry, res, ctx, 'the registry asked for a Bearer token without naming a realm');
            }
            const state = { kind: 'bearer', realm, ...(bearer.params.service !== undefined ? { service: bearer.params.service } : {}) };
            this.#registries.set(repo.registry, state);
            if (sent?.startsWith('Bearer ')) {
                // The token was refused (expired, revoked, or missing a scope): drop it and ask once more.
                this.#dropTokens(repo, sent.slice('Bearer '.length));
            }
            const extra = bearer.params.scope;
            return `Bearer ${await this.#token(repo, actions, state, extra, ctx)}`;
        }
        if (basic !== undefined) {
            this.#registries.set(repo.registry, { kind: 'basic' });
            const { credential } = await this.credentials(repo.registry);
            if (credential?.username === undefined || credential.password === undefined) {
                throw await this.failure(repo.registry, res, ctx, '');
            }
            const value = basicAuthorization(credential.username, credential.password);
            if (sent === value)
                throw await this.failure(repo.registry, res, ctx, 'authentication failed');
            return value;
        }
        const schemes = challenges.map((c) => c.scheme).join(', ');
        throw await this.failure(repo.registry, res, ctx, schemes === '' ? 'authentication required but the registry sent no usable WWW-Authenticate challenge' : `unsupported authentication scheme (${schemes})`);
    }
    /** A REGISTRY_AUTH error for a 401/403 that says which credential source was tried, never its value. */
    async failure(registry, res, ctx, what) {
        const found = await this.credentials(registry);
        const c = found.credential;
        const whose = c !== undefined
            ? `credentials from ${c.source} were ${res.status === 403 ? 'not allowed this access' : 'rejected'}`
            : `no credentials found for ${registry} (looked in: ${found.tried.join(', ') || 'nothing'})`;
        const why = what === '' ? whose : `${what}; ${whose}`;
        return new RegistryError('REGISTRY_AUTH', {
            operation: ctx.operation,
            reference: ctx.reference,
            status: res.status,
            ociErrors: parseOciErrors(res.body).map((e) => ({ code: e.code, message: this.#opts.redactor.redact(e.message) })),
            detail: why,
        });
    }
    #key(repo, actions) {
        return `${repo.registry}\n${repo.repository}\n${actions}`;
    }
    #cachedToken(repo, actions) {
        const now = Date.now();
        for (const a of actions === 'pull' ? ['push,pull', 'pull'] : ['push,pull']) {
            const t = this.#tokens.get(this.#key(repo, a));
            if (t !== undefined && t.expiresAt > now)
                return t.value;
        }
        return undefined;
    }
    #dropTokens(repo, value) {
        for (const a of ['pull', 'push,pull']) {
            const key = this.#key(repo, a);
            if (this.#tokens.get(key)?.value === value)
                this.#tokens.delete(key);
        }
    }
    // A token for repo/actions: from the cache, from a request already in flight, or from the token server.
    async #token(repo, actions, state, extraScope, ctx) {
        const cached = this.#cachedToken(repo, actions);
        if (cached !== undefined)
            return cached;
        const key = this.#key(repo, actions);
        let p = this.#inflight.get(key);
        if (p === undefined) {
            p = this.#fetchToken(repo, actions, state, extraScope, ctx).finally(() => this.#inflight.delete(key));
            this.#inflight.set(key, p);
        }
        return p;
    }
    async #fetchToken(repo, actions, state, extraScope, ctx) {
        const { credential } = await this.credentials(repo.registry);
        if (credential?.registryToken !== undefined)
            return credential.registryToken;
        const realm = this.#realmUrl(state.realm ?? '', repo.registry, ctx);
        const scopes = [`repository:${repo.repository}:${actions}`];
        for (const s of (extraScope ?? '').split(' '))
            if (s !== '' && !scopes.some((have) => scopeCovers(have, s)))
                scopes.push(s);
        const mayCarryCredentials = realm.protocol === 'https:' || isLoopbackRegistry(realm.host) || this.#opts.allowHttp;
        let res;
        if (credential?.identityToken !== undefined && mayCarryCredentials) {
            const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.identityToken, client_id: this.#opts.clientId });
            if (state.service !== undefined)
                form.set('service', state.service);
            form.set('scope', scopes.join(' '));
            res = await this.#opts.http({
                method: 'POST',
                url: realm,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: form.toString(),
                ctx,
            });
            // Not every token server implements OAuth2; the spec's fallback is the GET form.
            if (res.status === 404 || res.status === 405)
                res = undefined;
        }
        if (res === undefined) {
            const url = new URL(realm);
            if (state.service !== undefined)
                url.searchParams.set('service', state.service);
            for (const s of scopes)
                url.searchParams.append('scope', s);
            const headers = {};
            if (credential?.username !== undefined && credential.password !== undefined && mayCarryCredentials) {
                headers.authorization = basicAuthorization(credential.username, credential.password);
            }
            res = await this.#opts.http({ method: 'GET', url, headers, ctx });
        }
        if (res.status !== 200) {
            const what = `the token server ${sanitizeUrl(realm)} answered ${res.status}`;
            if (res.status === 401 || res.status === 403)
                throw await this.failure(repo.registry, res, ctx, what);
            throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: what });
        }
        let doc;
        try {
            doc = JSON.parse(Buffer.from(res.body).toString('utf8'));
        }
        catch {
            throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `the token server ${sanitizeUrl(realm)} answered with something other than JSON` });
        }
        const token = typeof doc.token === 'string' && doc.token !== '' ? doc.token : typeof doc.access_token === 'string' && doc.access_token !== '' ? doc.access_token : undefined;
        if (token === undefined) {
            throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `the token server ${sanitizeUrl(realm)} answered without a token` });
        }
        this.#opts.redactor.add(token);
        const lifetime = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : DEFAULT_TOKEN_LIFETIME_S;
        // Renew a little early so that a token does not expire in flight.
        const margin = Math.min(10, lifetime / 4);
        this.#tokens.set(this.#key(repo, actions), { value: token, expiresAt: Date.now() + (lifetime - margin) * 1000 });
        this.#opts.logger.debug(`registry ${repo.registry}: token for ${repo.repository} (${actions}), valid ${lifetime} s`);
        return token;
    }
    // The realm as a URL; plain http only on loopback or with allowHttp (credentials would travel in clear).
    #realmUrl(realm, registry, ctx) {
        let url;
        try {
            url = new URL(realm);
        }
        catch {
            throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `registry ${registry} named an invalid token realm` });
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
            throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `registry ${registry} named a token realm that is not http(s)` });
        }
        if (url.protocol === 'http:' && !isLoopbackRegistry(url.host) && !this.#opts.allowHttp) {
            throw new RegistryError('INSECURE_TRANSPORT', {
                operation: ctx.operation,
                reference: ctx.reference,
                detail: `the token realm ${sanitizeUrl(url)} uses plain http; use --allow-http-registry to allow it`,
            });
        }
        return url;
    }
}

;// CONCATENATED MODULE: ./src/registry/challenge.ts
/**
 * `WWW-Authenticate` parsing per RFC 7235 section 4.1 (https://www.rfc-editor.org/rfc/rfc7235#section-4.1) and
 * RFC 9110 section 11.6.1: a header holds one or more challenges, each `auth-scheme [ token68 / #auth-param ]`,
 * with `auth-param = token BWS "=" BWS ( token / quoted-string )`; quoted strings may contain commas and
 * backslash escapes (RFC 9110 section 5.6.4). Scheme and parameter names are case-insensitive.
 * The registry token flow: https://distribution.github.io/distribution/spec/auth/token/.
 */
// RFC 9110 tchar.
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;
const AUTH_PARAM_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=[ \t]*["!#$%&'*+\-.^_`|~0-9A-Za-z]/;
class Cursor {
    text;
    pos = 0;
    constructor(text) {
        this.text = text;
    }
    get done() {
        return this.pos >= this.text.length;
    }
    peek() {
        return this.text[this.pos] ?? '';
    }
    skipSpaces() {
        while (this.peek() === ' ' || this.peek() === '\t')
            this.pos++;
    }
    // Skips whitespace and empty list elements (RFC 9110 section 5.6.1 allows `, ,`).
    skipSeparators() {
        while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',')
            this.pos++;
    }
    token() {
        const start = this.pos;
        while (!this.done && TCHAR.test(this.peek()))
            this.pos++;
        return this.text.slice(start, this.pos);
    }
    // An unquoted value: anything up to a comma, whitespace or quote.
    bare() {
        const start = this.pos;
        while (!this.done && !/[,\s"]/.test(this.peek()))
            this.pos++;
        return this.text.slice(start, this.pos);
    }
    // A quoted-string starting at the current `"`; undefined when it is not terminated.
    quoted() {
        this.pos++; // opening quote
        let out = '';
        while (!this.done) {
            const c = this.peek();
            if (c === '"') {
                this.pos++;
                return out;
            }
            if (c === '\\') {
                this.pos++;
                if (this.done)
                    return undefined;
            }
            out += this.peek();
            this.pos++;
        }
        return undefined;
    }
}
// Parses the auth-params or token68 after a scheme; stops before the next challenge's scheme.
function parseParams(cur) {
    const params = {};
    cur.skipSpaces();
    // token68 (e.g. `Negotiate abc==`): a run of token68 characters that is not the start of `name=value` and is
    // followed by the end or a comma.
    const rest = cur.text.slice(cur.pos);
    const t68 = TOKEN68.exec(rest);
    if (t68 && !AUTH_PARAM_START.test(rest)) {
        const after = rest.slice(t68[0].length).replace(/^[ \t]*/, '');
        if (after === '' || after.startsWith(',')) {
            cur.pos += t68[0].length;
            return { params, token68: t68[0] };
        }
    }
    for (;;) {
        cur.skipSeparators();
        if (cur.done)
            return { params };
        const save = cur.pos;
        const name = cur.token();
        if (name === '')
            return undefined;
        cur.skipSpaces();
        if (cur.peek() !== '=') {
            // `name` is the next challenge's scheme.
            cur.pos = save;
            return { params };
        }
        cur.pos++;
        cur.skipSpaces();
        let value;
        if (cur.peek() === '"')
            value = cur.quoted();
        else {
            // RFC 7235 wants a token here; registries that leave a URL unquoted are read up to the next separator.
            value = cur.bare();
            if (value === '')
                value = undefined;
        }
        if (value === undefined)
            return undefined;
        params[name.toLowerCase()] = value;
        cur.skipSpaces();
        if (!cur.done && cur.peek() !== ',')
            return undefined;
    }
}
/**
 * Parses every challenge of a `WWW-Authenticate` header (several headers may be joined with `, `). Returns the
 * challenges parsed before any malformed part; an empty list when nothing could be parsed.
 */
function parseWwwAuthenticate(header) {
    if (header === undefined)
        return [];
    const text = typeof header === 'string' ? header : header.join(', ');
    const cur = new Cursor(text);
    const out = [];
    for (;;) {
        cur.skipSeparators();
        if (cur.done)
            return out;
        const scheme = cur.token();
        if (scheme === '')
            return out;
        if (!cur.done && cur.peek() !== ' ' && cur.peek() !== '\t' && cur.peek() !== ',')
            return out;
        const parsed = parseParams(cur);
        if (parsed === undefined)
            return out;
        out.push({ scheme: scheme.toLowerCase(), params: parsed.params, ...(parsed.token68 !== undefined ? { token68: parsed.token68 } : {}) });
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/registry/credentials.ts
/**
 * Registry credentials, first match wins:
 *
 * 1. explicit username and password (cosign's `--registry-username`/`--registry-password`, the action's inputs);
 * 2. the docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; format:
 *    https://github.com/docker/cli/blob/v27.0.0/cli/config/configfile/file.go): a credential helper from
 *    `credHelpers` for this registry, else `credsStore`, run as `docker-credential-<name> get` with the server URL
 *    on stdin (https://github.com/docker/docker-credential-helpers#development); when the helper has nothing, the
 *    `auths` entry (`auth` = base64 `user:password`, or `username`/`password`, `identitytoken`, `registrytoken`);
 * 3. the containers auth file (`$REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`;
 *    https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md), host entries only.
 *
 * Registry names match exactly after normalisation (scheme and path of legacy keys dropped, lower case, Docker
 * Hub's aliases `docker.io`, `index.docker.io`, `registry-1.docker.io`, `https://index.docker.io/v1/` made
 * one), never by substring or suffix. Values never reach logs or messages; `source` says where they came from.
 */



const DOCKER_HUB = 'index.docker.io';
/** The server URL docker uses for Docker Hub in config files and with credential helpers. */
const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// A registry name in the form credentials are matched on: lower case, Docker Hub's aliases made one.
function canonicalRegistry(registry) {
    const r = registry.toLowerCase();
    return DOCKER_HUB_ALIASES.has(r) ? DOCKER_HUB : r;
}
/**
 * The registry a config key names, as docker/cli's `ConvertToHostname` reads it: `https://host/v1/` and
 * `host/path` are `host`. Returns the canonical form, or undefined for an empty key.
 */
function registryOfConfigKey(key) {
    let k = key.trim();
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(k);
    if (scheme)
        k = k.slice(scheme[0].length);
    const slash = k.indexOf('/');
    if (slash >= 0)
        k = k.slice(0, slash);
    return k === '' ? undefined : canonicalRegistry(k);
}
// The server URL given to credential helpers: docker's legacy URL for Docker Hub, else the registry name.
function helperServerUrl(registry) {
    return canonicalRegistry(registry) === DOCKER_HUB ? DOCKER_HUB_SERVER_URL : registry;
}
// Reads a JSON config file; undefined when it does not exist; a warning (no content) when it cannot be parsed.
async function readJson(path, logger) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (err) {
        const code = err.code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
            logger.warn(`cannot read ${path}: ${code ?? 'error'}`);
        return undefined;
    }
    try {
        const doc = JSON.parse(text);
        if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
            throw new Error('not an object');
        return doc;
    }
    catch {
        logger.warn(`ignoring ${path}: not valid JSON`);
        return undefined;
    }
}
// The entry of `map` whose key names `registry` exactly (after normalisation).
function findEntry(map, registry, keyFilter) {
    if (map === undefined || map === null || typeof map !== 'object')
        return undefined;
    const want = canonicalRegistry(registry);
    // An exact key wins over a normalised one (e.g. both `docker.io` and `https://index.docker.io/v1/` present).
    const direct = Object.prototype.hasOwnProperty.call(map, registry) ? map[registry] : undefined;
    if (direct !== undefined && (keyFilter?.(registry) ?? true))
        return direct;
    for (const [key, value] of Object.entries(map)) {
        if (keyFilter && !keyFilter(key))
            continue;
        if (registryOfConfigKey(key) === want)
            return value;
    }
    return undefined;
}
// Turns an `auths` entry into a credential; undefined when it holds nothing usable (e.g. `{}` next to a store).
function fromAuthEntry(entry, source) {
    if (entry === undefined || entry === null || typeof entry !== 'object')
        return undefined;
    const str = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
    let username = str(entry.username);
    let password = str(entry.password);
    const auth = str(entry.auth);
    if (auth !== undefined) {
        const decoded = Buffer.from(auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
            username = decoded.slice(0, colon);
            password = decoded.slice(colon + 1);
        }
    }
    const identityToken = str(entry.identitytoken);
    const registryToken = str(entry.registrytoken);
    if (username === undefined && identityToken === undefined && registryToken === undefined)
        return undefined;
    return {
        ...(username !== undefined ? { username } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(identityToken !== undefined ? { identityToken } : {}),
        ...(registryToken !== undefined ? { registryToken } : {}),
        source,
    };
}
/**
 * Runs `docker-credential-<name> get` with the server URL on stdin and reads `{ServerURL, Username, Secret}`.
 * Undefined when the helper knows no credentials for it; a missing or failing helper is logged as a warning.
 */
async function runCredentialHelper(name, serverUrl, env, logger, timeoutMs = 60_000) {
    const program = `docker-credential-${name}`;
    if (!HELPER_NAME.test(name)) {
        logger.warn(`ignoring credential helper "${program}": not a plain program name`);
        return undefined;
    }
    const result = await new Promise((resolve) => {
        let stdout = '';
        let settled = false;
        const child = (0,external_node_child_process_.spawn)(program, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            if (!settled) {
                settled = true;
                resolve({ code: null, stdout: '', error: `timed out after ${timeoutMs} ms` });
            }
        }, timeoutMs);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            if (stdout.length < 1024 * 1024)
                stdout += chunk;
        });
        child.on('error', (err) => {
            clearTimeout(timer);
            if (!settled) {
                settled = true;
                resolve({ code: null, stdout: '', error: err.code === 'ENOENT' ? 'not found on PATH' : (err.code ?? 'failed to start') });
            }
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            if (!settled) {
                settled = true;
                resolve({ code, stdout });
            }
        });
        child.stdin.on('error', () => { });
        child.stdin.end(serverUrl);
    });
    if (result.error !== undefined) {
        logger.warn(`credential helper ${program}: ${result.error}`);
        return undefined;
    }
    if (result.code !== 0) {
        // The protocol's "credentials not found in native keychain" is the normal miss; anything else is worth a word.
        if (!/credentials not found/i.test(result.stdout))
            logger.warn(`credential helper ${program} exited with ${result.code}`);
        else
            logger.debug(`credential helper ${program}: no credentials for ${serverUrl}`);
        return undefined;
    }
    try {
        const doc = JSON.parse(result.stdout);
        if (typeof doc.Secret !== 'string' || doc.Secret === '')
            return undefined;
        return { ...(typeof doc.Username === 'string' ? { username: doc.Username } : {}), secret: doc.Secret };
    }
    catch {
        logger.warn(`credential helper ${program} answered with something other than JSON`);
        return undefined;
    }
}
// The docker config path: $DOCKER_CONFIG/config.json when DOCKER_CONFIG is set, else ~/.docker/config.json.
function dockerConfigPath(env) {
    if (env.DOCKER_CONFIG)
        return (0,external_node_path_.join)(env.DOCKER_CONFIG, 'config.json');
    if (env.HOME)
        return (0,external_node_path_.join)(env.HOME, '.docker', 'config.json');
    return undefined;
}
// The containers auth file: $REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json.
function containersAuthPath(env) {
    if (env.REGISTRY_AUTH_FILE)
        return env.REGISTRY_AUTH_FILE;
    if (env.XDG_RUNTIME_DIR)
        return (0,external_node_path_.join)(env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
    return undefined;
}
/** Finds the credential for `registry` (first match wins, see the module comment). */
async function lookupCredential(registry, opts) {
    const tried = [];
    if (opts.explicit) {
        const source = opts.explicit.source ?? '--registry-username/--registry-password';
        return { credential: { username: opts.explicit.username, password: opts.explicit.password, source }, tried: [source] };
    }
    const dockerPath = dockerConfigPath(opts.env);
    if (dockerPath !== undefined) {
        tried.push(`docker config ${dockerPath}`);
        const config = await readJson(dockerPath, opts.logger);
        if (config !== undefined) {
            const helperEntry = findEntry(config.credHelpers, registry);
            const helper = typeof helperEntry === 'string' && helperEntry !== '' ? helperEntry : typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : undefined;
            if (helper !== undefined) {
                const program = `docker-credential-${helper}`;
                tried.push(`credential helper ${program}`);
                const got = await runCredentialHelper(helper, helperServerUrl(registry), opts.env, opts.logger, opts.helperTimeoutMs);
                if (got !== undefined) {
                    const source = `credential helper ${program} (from ${dockerPath})`;
                    // Docker's convention: Username `<token>` means the Secret is an identity (refresh) token.
                    const credential = got.username === '<token>' ? { identityToken: got.secret, source } : { ...(got.username !== undefined ? { username: got.username } : {}), password: got.secret, source };
                    return { credential, tried };
                }
            }
            const fromAuths = fromAuthEntry(findEntry(config.auths, registry), `docker config ${dockerPath} (auths)`);
            if (fromAuths !== undefined)
                return { credential: fromAuths, tried };
        }
    }
    const containersPath = containersAuthPath(opts.env);
    if (containersPath !== undefined) {
        tried.push(`containers auth file ${containersPath}`);
        const config = await readJson(containersPath, opts.logger);
        // Namespace-scoped keys (`quay.io/org`) are not supported: only host keys and legacy URLs match.
        const hostKeysOnly = (key) => !key.includes('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(key);
        const entry = config !== undefined ? findEntry(config.auths, registry, hostKeysOnly) : undefined;
        const fromAuths = fromAuthEntry(entry, `containers auth file ${containersPath}`);
        if (fromAuths !== undefined)
            return { credential: fromAuths, tried };
    }
    return { tried };
}

;// CONCATENATED MODULE: ./src/registry/retry.ts
/**
 * Retry policy: exponential backoff with full jitter (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/),
 * `Retry-After` honoured (RFC 9110 section 10.2.3: delay-seconds or an HTTP-date), bounded in attempts and in
 * total time.
 */
const DEFAULT_RETRY = { maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 250, maxDelayMs: 10_000 };
// Statuses worth another try: 408 request timeout, 429 too many requests, and server-side 5xx except 501 (not
// implemented) and 505 (version not supported), which will not change.
function isRetryableStatus(status) {
    if (status === 408 || status === 429)
        return true;
    return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}
/**
 * Parses `Retry-After` into milliseconds from `now`: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`); a date in the past is 0. Undefined when absent or malformed.
 */
function parseRetryAfter(value, now = Date.now()) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^[0-9]+$/.test(text)) {
        const seconds = Number(text);
        return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
    }
    // IMF-fixdate, and the obsolete RFC 850 and asctime forms, all of which Date.parse reads.
    if (!/^[A-Za-z]{3,9},? /.test(text))
        return undefined;
    // HTTP dates are GMT; asctime carries no zone, and Date.parse would read it as local time.
    const at = Date.parse(/\b(GMT|UTC)\b/.test(text) ? text : `${text} GMT`);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now);
}
// The full-jitter backoff before retry number `attempt` (1 = the wait after the first failure).
function backoffDelay(attempt, opts, random = Math.random) {
    const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
}
/**
 * Whether to try again after failed attempt number `attempt`, and after how long; `elapsedMs` is the time since
 * the first attempt started. A `Retry-After` longer than the remaining budget ends the retries at once.
 */
function retryDecision(attempt, elapsedMs, retryAfterMs, opts, random = Math.random) {
    if (attempt >= opts.maxAttempts)
        return { retry: false, reason: `gave up after ${attempt} attempts` };
    const remaining = opts.maxElapsedMs - elapsedMs;
    const delayMs = retryAfterMs ?? backoffDelay(attempt, opts, random);
    if (retryAfterMs !== undefined && retryAfterMs >= remaining) {
        return { retry: false, reason: `the registry asked to retry after ${formatMs(retryAfterMs)}, beyond the retry budget (${formatMs(Math.max(0, remaining))} left)` };
    }
    if (delayMs >= remaining)
        return { retry: false, reason: `gave up after ${attempt} attempts in ${formatMs(elapsedMs)}` };
    return { retry: true, delayMs };
}
// `850 ms`, `2.5 s`.
function formatMs(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/registry/transport.ts
/**
 * One HTTP exchange at a time, on undici (https://undici.nodejs.org): a connection pool with a per-request
 * deadline, response headers up to 64 KiB (Node's default of 16 KiB is too small for Google Artifact Registry),
 * proxies from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` through undici's `EnvHttpProxyAgent` (loopback registries
 * are never proxied, as in Go's `httpproxy`), bodies read up to a cap, and a trace event plus a debug line per
 * exchange. Redirects, retries, schemes and auth are the client's business.
 */



/** No HTTP response arrived (or it could not be read). */
class TransportError extends Error {
    kind;
    constructor(kind, message, options) {
        super(message, options);
        this.name = 'TransportError';
        this.kind = kind;
    }
}
/** The response body is larger than the caller accepts. */
class BodyTooLargeError extends Error {
    limit;
    declared;
    status;
    constructor(limit, declared, status) {
        super(`response body larger than ${limit} bytes`);
        this.name = 'BodyTooLargeError';
        this.limit = limit;
        this.declared = declared;
        this.status = status;
    }
}
const TLS_UNTRUSTED = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
    'CERT_SIGNATURE_FAILURE',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'INVALID_CA',
]);
const ERROR_BODY_LIMIT = 64 * 1024;
// Every error in a cause chain (and inside AggregateErrors, which happy-eyeballs connects produce).
function errorChain(err) {
    const out = [];
    const seen = new Set();
    const visit = (e, depth) => {
        if (e === null || e === undefined || seen.has(e) || depth > 8)
            return;
        seen.add(e);
        if (e instanceof Error) {
            out.push({ code: e.code, message: e.message, name: e.name });
            if (e instanceof AggregateError)
                for (const inner of e.errors)
                    visit(inner, depth + 1);
            visit(e.cause, depth + 1);
        }
    };
    visit(err, 0);
    return out;
}
// Classifies a failed exchange into a short, secret-free TransportError.
function classifyError(err, timedOut, timeoutMs) {
    if (timedOut)
        return new TransportError('timeout', `no response within ${timeoutMs} ms`, { cause: err });
    const chain = errorChain(err);
    const codes = chain.map((e) => e.code ?? '');
    const has = (...c) => codes.some((code) => c.includes(code));
    const tls = codes.find((c) => TLS_UNTRUSTED.has(c));
    if (tls)
        return new TransportError('tls-untrusted', `TLS certificate not trusted (${tls})`, { cause: err });
    if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) {
        return new TransportError('timeout', `no response within ${timeoutMs} ms`, { cause: err });
    }
    if (has('UND_ERR_HEADERS_OVERFLOW'))
        return new TransportError('headers-too-large', 'response headers too large', { cause: err });
    if (has('ECONNREFUSED'))
        return new TransportError('refused', 'connection refused', { cause: err });
    if (has('EAI_AGAIN'))
        return new TransportError('dns-temporary', 'host name lookup failed for now', { cause: err });
    if (has('ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL'))
        return new TransportError('dns', 'host name not resolved', { cause: err });
    if (codes.some((c) => c.startsWith('ERR_SSL_') || c === 'EPROTO') || chain.some((e) => /wrong version number|packet length too long/i.test(e.message))) {
        return new TransportError('tls-protocol', 'TLS handshake failed (the server may not speak TLS)', { cause: err });
    }
    if (chain.some((e) => /proxy/i.test(e.message) && /tunnel|proxy response/i.test(e.message))) {
        return new TransportError('proxy', 'the proxy refused the connection', { cause: err });
    }
    if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN')) {
        return new TransportError('reset', 'connection reset or closed', { cause: err });
    }
    const first = chain[0];
    return new TransportError('other', `request failed (${first?.code ?? first?.name ?? 'error'})`, { cause: err });
}
// Reads a header that may have been sent more than once, as a single string.
function header(headers, name) {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
}
/** The HTTP layer of RegistryClient. */
class Transport {
    #direct;
    #proxied;
    #opts;
    constructor(opts) {
        this.#opts = opts;
        const tls = { rejectUnauthorized: !opts.allowInsecure };
        const base = {
            maxHeaderSize: opts.maxHeaderBytes,
            connect: tls,
            // Our own deadline (an AbortSignal) governs; these are backstops far beyond it.
            headersTimeout: 0,
            bodyTimeout: 0,
            keepAliveTimeout: 4_000,
        };
        this.#direct = new undici/* Agent */.g6(base);
        const env = opts.env;
        const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
        const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
        if (httpProxy !== '' || httpsProxy !== '') {
            // Passing every value explicitly keeps undici from reading process.env behind the caller's `env`.
            this.#proxied = new undici/* EnvHttpProxyAgent */.J2({
                ...base,
                httpProxy,
                httpsProxy,
                noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
                requestTls: tls,
            });
        }
    }
    /** Sends one request and reads the response; throws TransportError or BodyTooLargeError. */
    async exchange(req) {
        const started = performance.now();
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
        }, Math.max(1, req.timeoutMs));
        let status;
        let failure;
        try {
            const dispatcher = isLoopbackRegistry(req.url.host) || this.#proxied === undefined ? this.#direct : this.#proxied;
            const headers = { 'user-agent': this.#opts.userAgent, ...req.headers };
            const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
            if (body !== undefined)
                headers['content-length'] = String(Buffer.byteLength(body));
            let res;
            try {
                res = await (0,undici/* request */.Em)(req.url, { method: req.method, headers, body, dispatcher, signal: controller.signal });
            }
            catch (err) {
                const e = classifyError(err, timedOut, req.timeoutMs);
                failure = e.message;
                throw e;
            }
            status = res.statusCode;
            let bytes;
            try {
                bytes = await readBody(res, req.method === 'HEAD' ? 0 : req.maxBodyBytes, status);
            }
            catch (err) {
                if (err instanceof BodyTooLargeError) {
                    failure = err.message;
                    throw err;
                }
                const e = classifyError(err, timedOut, req.timeoutMs);
                failure = `${e.message} while reading the body`;
                throw new TransportError(e.kind, failure, { cause: err });
            }
            return { status, headers: res.headers, body: bytes, url: req.url };
        }
        finally {
            clearTimeout(timer);
            const durationMs = Math.round(performance.now() - started);
            const url = this.#opts.redactor.redact(sanitizeUrl(req.url));
            this.#opts.onTrace?.({
                method: req.method,
                url,
                status,
                durationMs,
                attempt: req.attempt,
                ...(failure !== undefined && status === undefined ? { error: failure } : {}),
            });
            const outcome = status !== undefined ? String(status) : `failed: ${failure ?? 'unknown error'}`;
            const retry = req.attempt > 1 ? ` (attempt ${req.attempt})` : '';
            this.#opts.logger.debug(`HTTP ${req.method} ${url} -> ${outcome} in ${durationMs} ms${retry}`);
        }
    }
    // Closes idle connections.
    async close() {
        await Promise.all([this.#direct.close(), this.#proxied?.close()]);
    }
}
// Drops a body mid-way; undici reports that as an abort error, which nobody needs to hear.
function discard(res) {
    res.body.on('error', () => { });
    res.body.destroy();
}
// Reads a response body up to `limit` bytes. Error responses are truncated rather than refused.
async function readBody(res, limit, status) {
    const isError = status >= 300;
    const cap = isError ? Math.min(limit, ERROR_BODY_LIMIT) : limit;
    const declaredText = res.headers['content-length'];
    const declared = typeof declaredText === 'string' && /^[0-9]+$/.test(declaredText) ? Number(declaredText) : undefined;
    if (cap === 0) {
        await res.body.dump();
        return new Uint8Array(0);
    }
    if (!isError && declared !== undefined && declared > cap) {
        discard(res);
        throw new BodyTooLargeError(cap, declared, status);
    }
    const chunks = [];
    let total = 0;
    for await (const chunk of res.body) {
        total += chunk.length;
        if (total > cap) {
            if (isError) {
                chunks.push(chunk.subarray(0, chunk.length - (total - cap)));
                discard(res);
                break;
            }
            discard(res);
            throw new BodyTooLargeError(cap, declared, status);
        }
        chunks.push(chunk);
    }
    const out = Buffer.concat(chunks);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * A client for the OCI distribution API (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md):
 * manifests and blobs, with the round trips go-containerregistry makes minus its `/v2/` pings (spec §7).
 *
 * - Scheme: https; loopback registries (localhost, 127.0.0.0/8, ::1) start with plain http and switch to https
 *   once if the server turns out to speak TLS; other registries use http only with `allowHttp` (https tried
 *   first) or `allowInsecure` (which also accepts untrusted certificates). The choice is made once per registry.
 * - Auth: see auth.ts; credentials: see credentials.ts.
 * - Redirects are followed by the client itself for GET and HEAD (up to 5); `Authorization` goes only to the
 *   registry's own origin, and https never turns into http unless plain http is allowed for the target.
 * - Retries (retry.ts): 408, 429, 5xx, resets, refusals and timeouts, for idempotent requests (GET, HEAD, PUT)
 *   and for the blob upload as a unit (POST then PUT), within a count and a time budget.
 * - Every exchange is reported to `onTrace` and as a `logger.debug` line, without secrets.
 */












const MiB = 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const SMALL_BODY = 64 * 1024;
const BLOB_UNKNOWN_RETRIES = 3;
/** A failure that the retry loop may try again. */
class Retryable extends Error {
    code;
    details;
    retryAfterMs;
    constructor(code, details, retryAfterMs) {
        super(details.detail ?? details.operation);
        this.code = code;
        this.details = details;
        this.retryAfterMs = retryAfterMs;
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
function mediaTypeOf(res, bytes) {
    const ct = header(res.headers, 'content-type')?.split(';')[0]?.trim();
    if (ct !== undefined && ct !== '' && ct !== 'application/json' && ct !== 'text/plain' && ct !== 'application/octet-stream')
        return ct;
    try {
        const doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
        if (typeof doc.mediaType === 'string')
            return doc.mediaType;
    }
    catch {
        // not JSON: keep the header
    }
    return ct ?? '';
}
/** The distribution API client used by sign and verify (one per process). */
class RegistryClient {
    #transport;
    #auth;
    #redactor = new Redactor();
    #logger;
    #retry;
    #timeoutMs;
    #allowHttp;
    #maxManifestBytes;
    #maxBlobBytes;
    #schemes = new Map();
    #pushRepos = new Set();
    constructor(opts = {}) {
        const env = opts.env ?? process.env;
        this.#logger = opts.logger ?? log/* silentLogger */.q;
        this.#retry = { ...DEFAULT_RETRY, ...opts.retry };
        this.#timeoutMs = opts.timeoutMs ?? 30_000;
        this.#allowHttp = opts.allowHttp === true || opts.allowInsecure === true;
        this.#maxManifestBytes = opts.maxManifestBytes ?? 4 * MiB;
        this.#maxBlobBytes = opts.maxBlobBytes ?? 64 * MiB;
        if (opts.credentials) {
            this.#redactor.add(opts.credentials.password);
        }
        this.#transport = new Transport({
            env,
            allowInsecure: opts.allowInsecure === true,
            maxHeaderBytes: opts.maxHeaderBytes ?? 64 * 1024,
            userAgent: opts.userAgent ?? 'sigil',
            logger: this.#logger,
            ...(opts.onTrace ? { onTrace: opts.onTrace } : {}),
            redactor: this.#redactor,
        });
        const explicit = opts.credentials;
        this.#auth = new Authenticator({
            lookup: (registry) => lookupCredential(registry, {
                ...(explicit ? { explicit } : {}),
                env,
                logger: this.#logger,
                ...(opts.credentialHelperTimeoutMs !== undefined ? { helperTimeoutMs: opts.credentialHelperTimeoutMs } : {}),
            }),
            http: (req) => this.#tokenRequest(req),
            redactor: this.#redactor,
            logger: this.#logger,
            allowHttp: this.#allowHttp,
            clientId: 'sigil',
        });
    }
    /** Later token requests for `repo` ask for `push,pull` at once (saves a second token round trip when signing). */
    expectPush(repo) {
        this.#pushRepos.add(`${repo.registry}/${repo.repository}`);
    }
    /**
     * GETs a manifest by tag or digest. The digest is the sha256 of the exact bytes; fetched by digest, the bytes
     * must match it.
     *
     * @throws RegistryError NOT_FOUND on 404, TOO_LARGE above maxManifestBytes, DIGEST_MISMATCH
     */
    async getManifest(repo, tagOrDigest) {
        const reference = this.#checkTarget(repo, tagOrDigest);
        const call = {
            operation: 'GET manifest',
            reference,
            repo,
            actions: this.#actions(repo, 'pull'),
            method: 'GET',
            target: `/v2/${repo.repository}/manifests/${tagOrDigest}`,
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY },
            maxBodyBytes: this.#maxManifestBytes,
            followRedirects: true,
        };
        const res = await this.#send(call);
        if (res.status !== 200)
            throw this.#statusError(call, res);
        const digest = (0,oci_digest/* sha256Digest */.sI)(res.body);
        if ((0,oci_digest/* isSha256Digest */.q9)(tagOrDigest) && digest !== tagOrDigest) {
            throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the registry served a manifest whose digest is ${digest}` });
        }
        const etag = header(res.headers, 'etag');
        return { digest, mediaType: mediaTypeOf(res, res.body), bytes: res.body, size: res.body.length, ...(etag ? { etag } : {}) };
    }
    /** HEADs a manifest; undefined on 404. Falls back to a GET when the registry omits Docker-Content-Digest. */
    async headManifest(repo, tagOrDigest) {
        const reference = this.#checkTarget(repo, tagOrDigest);
        const call = {
            operation: 'HEAD manifest',
            reference,
            repo,
            actions: this.#actions(repo, 'pull'),
            method: 'HEAD',
            target: `/v2/${repo.repository}/manifests/${tagOrDigest}`,
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY },
            maxBodyBytes: 0,
            followRedirects: true,
        };
        const res = await this.#send(call);
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw this.#statusError(call, res);
        const digest = header(res.headers, 'docker-content-digest');
        const size = Number(header(res.headers, 'content-length'));
        const mediaType = header(res.headers, 'content-type')?.split(';')[0]?.trim();
        if (digest === undefined || !(0,oci_digest/* isSha256Digest */.q9)(digest) || !Number.isSafeInteger(size) || !mediaType) {
            this.#logger.debug(`${call.operation} ${reference}: incomplete headers, falling back to GET`);
            try {
                const m = await this.getManifest(repo, tagOrDigest);
                return { digest: m.digest, mediaType: m.mediaType, size: m.size };
            }
            catch (err) {
                if (err instanceof errors/* SigilError */.XU && err.code === 'NOT_FOUND')
                    return undefined;
                throw err;
            }
        }
        if ((0,oci_digest/* isSha256Digest */.q9)(tagOrDigest) && digest !== tagOrDigest) {
            throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the registry reported digest ${digest}` });
        }
        return { digest, mediaType, size };
    }
    /**
     * PUTs a manifest under a tag or its digest, with its own media type as Content-Type. MANIFEST_BLOB_UNKNOWN
     * (a registry that has not caught up with an upload yet) is retried a few times.
     *
     * @throws RegistryError PRECONDITION_FAILED on 412 (with `ifMatch`), TOO_LARGE above maxManifestBytes
     */
    async putManifest(repo, tagOrDigest, bytes, mediaType, opts = {}) {
        const reference = this.#checkTarget(repo, tagOrDigest);
        const digest = (0,oci_digest/* sha256Digest */.sI)(bytes);
        if (bytes.length > this.#maxManifestBytes) {
            throw new RegistryError('TOO_LARGE', { operation: 'PUT manifest', reference, detail: `the manifest is ${bytes.length} bytes, above the ${this.#maxManifestBytes}-byte limit` });
        }
        if ((0,oci_digest/* isSha256Digest */.q9)(tagOrDigest) && tagOrDigest !== digest) {
            throw new RegistryError('DIGEST_MISMATCH', { operation: 'PUT manifest', reference, detail: `the manifest's digest is ${digest}` });
        }
        const call = {
            operation: 'PUT manifest',
            reference,
            repo,
            actions: 'push,pull',
            method: 'PUT',
            target: `/v2/${repo.repository}/manifests/${tagOrDigest}`,
            headers: { 'content-type': mediaType, ...(opts.ifMatch !== undefined ? { 'if-match': opts.ifMatch } : {}) },
            body: bytes,
            maxBodyBytes: SMALL_BODY,
            followRedirects: false,
        };
        for (let tries = 1;; tries++) {
            const res = await this.#send(call);
            if (res.status === 200 || res.status === 201 || res.status === 202) {
                const served = header(res.headers, 'docker-content-digest');
                if (served !== undefined && (0,oci_digest/* isSha256Digest */.q9)(served) && served !== digest) {
                    this.#logger.warn(`${call.operation} ${reference}: the registry reports digest ${served}, not ${digest}`);
                }
                return { digest };
            }
            if (res.status === 412)
                throw this.#statusError(call, res, 'PRECONDITION_FAILED', 'the tag changed since it was read');
            const codes = parseOciErrors(res.body).map((e) => e.code);
            if (tries < BLOB_UNKNOWN_RETRIES && (codes.includes('MANIFEST_BLOB_UNKNOWN') || codes.includes('BLOB_UNKNOWN'))) {
                const delay = 100 * 2 ** (tries - 1) + Math.floor(Math.random() * 50);
                this.#logger.debug(`${call.operation} ${reference}: ${codes.join(', ')}; retrying in ${delay} ms`);
                await sleep(delay);
                continue;
            }
            throw this.#statusError(call, res);
        }
    }
    /**
     * Uploads a blob monolithically: POST an upload session, then PUT the bytes with `?digest=` (2 requests, no
     * HEAD). The pair is retried as a unit, also on DIGEST_INVALID and BLOB_UPLOAD_UNKNOWN.
     *
     * @throws RegistryError DIGEST_MISMATCH when `digest` is not the bytes' sha256
     */
    async uploadBlob(repo, digest, bytes) {
        (0,oci_digest/* parseDigest */.m)(digest);
        const reference = this.#checkTarget(repo, digest);
        if ((0,oci_digest/* sha256Digest */.sI)(bytes) !== digest) {
            throw new RegistryError('DIGEST_MISMATCH', { operation: 'upload blob', reference, detail: `the bytes given hash to ${(0,oci_digest/* sha256Digest */.sI)(bytes)}` });
        }
        await this.#retrying({ operation: 'upload blob', reference }, async (attempt, deadline) => {
            const post = {
                operation: 'POST blob upload',
                reference,
                repo,
                actions: 'push,pull',
                method: 'POST',
                target: `/v2/${repo.repository}/blobs/uploads/`,
                body: '',
                maxBodyBytes: SMALL_BODY,
                followRedirects: false,
            };
            const started = await this.#sendOnce(post, attempt, deadline);
            if (started.status !== 202)
                throw this.#statusError(post, started);
            const location = header(started.headers, 'location');
            if (location === undefined || location === '') {
                throw new RegistryError('REGISTRY', { operation: post.operation, reference, status: started.status, detail: 'the registry sent no upload Location' });
            }
            const base = new URL(location, started.url).href;
            const url = new URL(`${base}${base.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`);
            const put = {
                operation: 'PUT blob upload',
                reference,
                repo,
                actions: 'push,pull',
                method: 'PUT',
                target: url,
                headers: { 'content-type': 'application/octet-stream' },
                body: bytes,
                maxBodyBytes: SMALL_BODY,
                followRedirects: false,
            };
            const done = await this.#sendOnce(put, attempt, deadline);
            if (done.status === 201 || done.status === 204)
                return;
            const errs = parseOciErrors(done.body);
            if (errs.some((e) => e.code === 'DIGEST_INVALID' || e.code === 'BLOB_UPLOAD_UNKNOWN' || e.code === 'BLOB_UPLOAD_INVALID')) {
                throw new Retryable('REGISTRY', { operation: put.operation, reference, status: done.status, ociErrors: errs });
            }
            throw this.#statusError(put, done);
        });
    }
    /** HEADs a blob: true on 200, false on 404. */
    async blobExists(repo, digest) {
        (0,oci_digest/* parseDigest */.m)(digest);
        const reference = this.#checkTarget(repo, digest);
        const call = {
            operation: 'HEAD blob',
            reference,
            repo,
            actions: this.#actions(repo, 'pull'),
            method: 'HEAD',
            target: `/v2/${repo.repository}/blobs/${digest}`,
            maxBodyBytes: 0,
            followRedirects: true,
        };
        const res = await this.#send(call);
        if (res.status === 200)
            return true;
        if (res.status === 404)
            return false;
        throw this.#statusError(call, res);
    }
    /**
     * GETs a blob, following redirects (Authorization only to the registry's origin), and checks its size and
     * digest.
     *
     * @throws RegistryError NOT_FOUND, TOO_LARGE, DIGEST_MISMATCH
     */
    async getBlob(repo, digest, opts = {}) {
        (0,oci_digest/* parseDigest */.m)(digest);
        const reference = this.#checkTarget(repo, digest);
        const limit = opts.maxBytes ?? this.#maxBlobBytes;
        if (opts.expectedSize !== undefined && opts.expectedSize > limit) {
            throw new RegistryError('TOO_LARGE', { operation: 'GET blob', reference, detail: `the blob is ${opts.expectedSize} bytes, above the ${limit}-byte limit` });
        }
        const call = {
            operation: 'GET blob',
            reference,
            repo,
            actions: this.#actions(repo, 'pull'),
            method: 'GET',
            target: `/v2/${repo.repository}/blobs/${digest}`,
            maxBodyBytes: limit,
            followRedirects: true,
        };
        const res = await this.#send(call);
        if (res.status !== 200)
            throw this.#statusError(call, res);
        if (opts.expectedSize !== undefined && res.body.length !== opts.expectedSize) {
            throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the blob is ${res.body.length} bytes, not the ${opts.expectedSize} its descriptor states` });
        }
        const got = (0,oci_digest/* sha256Digest */.sI)(res.body);
        if (got !== digest)
            throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the registry served bytes whose digest is ${got}` });
        return res.body;
    }
    /** Closes idle connections (the process can also just exit). */
    async close() {
        await this.#transport.close();
    }
    // ---------------------------------------------------------------------------------------------------------
    #actions(repo, need) {
        return need === 'push,pull' || this.#pushRepos.has(`${repo.registry}/${repo.repository}`) ? 'push,pull' : 'pull';
    }
    // Validates what goes into the URL and returns the reference for messages (`registry/repo:tag` or `@digest`).
    #checkTarget(repo, tagOrDigest) {
        const ref = `${repo.registry}/${repo.repository}${tagOrDigest.includes(':') ? '@' : ':'}${tagOrDigest}`;
        let host;
        try {
            const u = new URL(`https://${repo.registry}/`);
            host = u.username === '' && u.password === '' && u.pathname === '/' ? u.host : '';
        }
        catch {
            host = '';
        }
        if (host === '' || host !== repo.registry.toLowerCase().replace(/:443$/, '')) {
            throw new errors/* SigilError */.XU('INVALID_REFERENCE', `${ref}: "${repo.registry}" is not a registry host name`);
        }
        if (!REPOSITORY.test(repo.repository) || repo.repository.length > 255) {
            throw new errors/* SigilError */.XU('INVALID_REFERENCE', `${ref}: "${repo.repository}" is not a valid repository name`);
        }
        if (tagOrDigest.includes(':'))
            (0,oci_digest/* parseDigest */.m)(tagOrDigest, ref);
        else if (!TAG.test(tagOrDigest))
            throw new errors/* SigilError */.XU('INVALID_REFERENCE', `${ref}: "${tagOrDigest}" is not a valid tag`);
        return ref;
    }
    #schemeState(registry) {
        let s = this.#schemes.get(registry);
        if (s === undefined) {
            s = { scheme: isLoopbackRegistry(registry) ? 'http' : 'https', confirmed: false, probed: false };
            this.#schemes.set(registry, s);
        }
        return s;
    }
    // Sends a call with retries (idempotent methods only).
    #send(call) {
        if (call.method === 'POST')
            throw new Error('internal: POST is not retried blindly');
        return this.#retrying(call, (attempt, deadline) => this.#sendOnce(call, attempt, deadline));
    }
    // Runs `fn` until it succeeds, throws something other than Retryable, or the budget is spent.
    async #retrying(ctx, fn) {
        const start = Date.now();
        const deadline = Math.min(start + this.#retry.maxElapsedMs, ctx.deadline ?? Infinity);
        const budget = { ...this.#retry, maxElapsedMs: deadline - start };
        for (let attempt = 1;; attempt++) {
            try {
                return await fn(attempt, deadline);
            }
            catch (err) {
                if (!(err instanceof Retryable))
                    throw err;
                const decision = retryDecision(attempt, Date.now() - start, err.retryAfterMs, budget);
                if (!decision.retry) {
                    const detail = err.details.detail ? `${err.details.detail}; ${decision.reason}` : decision.reason;
                    throw new RegistryError(err.code, { ...err.details, detail });
                }
                this.#logger.debug(`${err.details.operation} ${err.details.reference}: ${new RegistryError(err.code, err.details).message}; retrying in ${formatMs(decision.delayMs)}`);
                await sleep(decision.delayMs);
            }
        }
    }
    // One try of a call: auth (one challenge round), redirects, scheme choice. Retryable failures throw Retryable.
    async #sendOnce(call, attempt, deadline) {
        const ctx = { operation: call.operation, reference: call.reference, deadline };
        let authz = await this.#auth.authorization(call.repo, call.actions, ctx);
        let res = await this.#fetch(call, authz, attempt, deadline);
        // Auth is the registry's business; a 401/403 from elsewhere (object storage after a redirect) is just an error.
        const fromRegistry = (r) => r.url.origin === new URL(`${this.#schemeState(call.repo.registry).scheme}://${call.repo.registry}/`).origin;
        if (res.status === 401 && fromRegistry(res)) {
            const challenges = parseWwwAuthenticate(header(res.headers, 'www-authenticate'));
            authz = await this.#auth.afterChallenge(call.repo, call.actions, challenges, authz, res, ctx);
            res = await this.#fetch(call, authz, attempt, deadline);
            if (res.status === 401) {
                const again = parseWwwAuthenticate(header(res.headers, 'www-authenticate')).find((c) => c.scheme === 'bearer');
                const what = again?.params.error === 'insufficient_scope' ? `the token does not grant ${call.actions} on ${call.repo.repository}` : 'authentication failed';
                throw await this.#auth.failure(call.repo.registry, res, ctx, what);
            }
        }
        if (res.status === 403 && fromRegistry(res))
            throw await this.#auth.failure(call.repo.registry, res, ctx, 'access denied');
        if (isRetryableStatus(res.status)) {
            const details = this.#details(call, res);
            throw new Retryable('REGISTRY', details, parseRetryAfter(header(res.headers, 'retry-after')));
        }
        return res;
    }
    // Sends a call's request and follows redirects; Authorization goes only to the registry's origin.
    async #fetch(call, authz, attempt, deadline) {
        const scheme = this.#schemeState(call.repo.registry);
        const onRegistry = typeof call.target === 'string';
        let url = onRegistry ? new URL(`${scheme.scheme}://${call.repo.registry}${call.target}`) : call.target;
        let method = call.method;
        let body = call.body;
        for (let hop = 0;; hop++) {
            const registryOrigin = new URL(`${scheme.scheme}://${call.repo.registry}/`).origin;
            const headers = { ...call.headers };
            if (authz !== undefined && url.origin === registryOrigin)
                headers.authorization = authz;
            const res = hop === 0 && onRegistry && !scheme.confirmed
                ? await this.#firstExchange(call, scheme, url, method, headers, body, attempt, deadline)
                : await this.#exchange(call, { method, url, headers, ...(body !== undefined ? { body } : {}), maxBodyBytes: call.maxBodyBytes, attempt, timeoutMs: 0 }, deadline);
            // The first exchange may have settled on the other scheme.
            url = res.url;
            if (!call.followRedirects || !REDIRECTS.has(res.status))
                return res;
            const location = header(res.headers, 'location');
            if (location === undefined || location === '')
                return res;
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryError('REGISTRY', { operation: call.operation, reference: call.reference, status: res.status, detail: `more than ${MAX_REDIRECTS} redirects` });
            }
            let next;
            try {
                next = new URL(location, res.url);
            }
            catch {
                throw new RegistryError('REGISTRY', { operation: call.operation, reference: call.reference, status: res.status, detail: 'redirected to an invalid URL' });
            }
            if (next.protocol !== 'https:' && next.protocol !== 'http:') {
                throw new RegistryError('REGISTRY', { operation: call.operation, reference: call.reference, status: res.status, detail: `redirected to a ${next.protocol} URL` });
            }
            if (next.protocol === 'http:' && url.protocol === 'https:' && !isLoopbackRegistry(next.host) && !this.#allowHttp) {
                throw new RegistryError('INSECURE_TRANSPORT', {
                    operation: call.operation,
                    reference: call.reference,
                    status: res.status,
                    detail: `redirected from https to plain http (${sanitizeUrl(next)}); use --allow-http-registry to allow it`,
                });
            }
            if (res.status === 303 && method !== 'HEAD') {
                method = 'GET';
                body = undefined;
            }
            this.#logger.debug(`${call.operation} ${call.reference}: redirected to ${sanitizeUrl(next)}${next.origin === registryOrigin ? '' : ' (another origin: no Authorization)'}`);
            url = next;
        }
    }
    // The first exchange with a registry whose scheme is not settled yet: falls back to the other scheme once.
    async #firstExchange(call, scheme, url, method, headers, body, attempt, deadline) {
        const registry = call.repo.registry;
        const loopback = isLoopbackRegistry(registry);
        const req = (u) => ({ method, url: u, headers, ...(body !== undefined ? { body } : {}), maxBodyBytes: call.maxBodyBytes, attempt, timeoutMs: 0 });
        const other = (u) => {
            const o = new URL(u.href);
            o.protocol = scheme.scheme === 'http' ? 'https:' : 'http:';
            return o;
        };
        const switchTo = (u) => {
            scheme.scheme = u.protocol === 'https:' ? 'https' : 'http';
            scheme.confirmed = true;
            this.#logger.debug(`registry ${registry}: using ${scheme.scheme}`);
        };
        let res;
        try {
            res = await this.#exchange(call, req(url), deadline, true);
        }
        catch (err) {
            if (!(err instanceof TransportError))
                throw err;
            const fallback = !scheme.probed &&
                ((loopback && scheme.scheme === 'http' && err.kind === 'reset') ||
                    (!loopback && scheme.scheme === 'https' && this.#allowHttp && (err.kind === 'tls-protocol' || err.kind === 'refused' || err.kind === 'reset')));
            if (!fallback)
                throw this.#transportFailure(call, err);
            scheme.probed = true;
            const alt = other(url);
            this.#logger.debug(`registry ${registry}: ${scheme.scheme} failed (${err.message}); trying ${alt.protocol.slice(0, -1)}`);
            let r;
            try {
                r = await this.#exchange(call, req(alt), deadline, true);
            }
            catch (altErr) {
                // Neither scheme answered: report the first failure (an untrusted certificate is worth saying, though).
                if (altErr instanceof TransportError && altErr.kind === 'tls-untrusted')
                    throw this.#transportFailure(call, altErr);
                throw this.#transportFailure(call, err);
            }
            switchTo(alt);
            return r;
        }
        // A TLS server on a loopback port answers plain http with 400 ("Client sent an HTTP request to an HTTPS server").
        if (loopback && scheme.scheme === 'http' && res.status === 400 && !scheme.probed) {
            scheme.probed = true;
            const alt = other(url);
            let r;
            try {
                r = await this.#exchange(call, req(alt), deadline, true);
            }
            catch (altErr) {
                if (altErr instanceof TransportError && altErr.kind === 'tls-untrusted')
                    throw this.#transportFailure(call, altErr);
                // not TLS either: keep the http answer
            }
            if (r !== undefined) {
                switchTo(alt);
                return r;
            }
        }
        scheme.confirmed = true;
        return res;
    }
    // One exchange within the deadline; transport failures become Retryable or RegistryError (unless `raw`).
    async #exchange(call, req, deadline, raw = false) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
            throw new RegistryError('REGISTRY_TIMEOUT', { operation: call.operation, reference: call.reference, detail: 'the retry time budget is spent' });
        }
        try {
            return await this.#transport.exchange({ ...req, timeoutMs: Math.min(this.#timeoutMs, remaining) });
        }
        catch (err) {
            if (err instanceof BodyTooLargeError) {
                const what = call.operation.includes('manifest') ? 'manifest' : call.operation.includes('blob') ? 'blob' : 'response';
                throw new RegistryError('TOO_LARGE', {
                    operation: call.operation,
                    reference: call.reference,
                    status: err.status,
                    detail: `the ${what} is ${err.declared !== undefined ? `${err.declared} bytes, ` : ''}larger than the ${err.limit}-byte limit`,
                });
            }
            if (err instanceof TransportError) {
                if (raw)
                    throw err;
                throw this.#transportFailure(call, err);
            }
            throw err;
        }
    }
    // Maps a TransportError to Retryable (resets, refusals, timeouts) or a final RegistryError.
    #transportFailure(call, err) {
        const base = { operation: call.operation, reference: call.reference, cause: err };
        switch (err.kind) {
            case 'tls-untrusted':
                return new RegistryError('INSECURE_TRANSPORT', { ...base, detail: `${err.message}; use --allow-insecure-registry to accept it` });
            case 'tls-protocol':
                return new RegistryError('INSECURE_TRANSPORT', {
                    ...base,
                    detail: `${err.message}${this.#allowHttp ? '' : '; if the registry only speaks plain http, use --allow-http-registry'}`,
                });
            case 'headers-too-large':
                return new RegistryError('REGISTRY', { ...base, detail: err.message });
            case 'dns':
                return new RegistryError('REGISTRY_UNREACHABLE', { ...base, detail: `${err.message} (${call.repo.registry})` });
            case 'timeout':
                return new Retryable('REGISTRY_TIMEOUT', { ...base, detail: err.message });
            default:
                return new Retryable('REGISTRY_UNREACHABLE', { ...base, detail: err.message });
        }
    }
    // Token server requests, through the same transport, with retries within the caller's deadline.
    async #tokenRequest(req) {
        const ctx = { operation: `${req.method} token`, reference: sanitizeUrl(req.url), ...(req.ctx.deadline !== undefined ? { deadline: req.ctx.deadline } : {}) };
        const call = {
            operation: ctx.operation,
            reference: `${req.ctx.operation} ${req.ctx.reference}`,
            repo: { registry: req.url.host, repository: '' },
            actions: 'pull',
            method: req.method,
            target: req.url,
            headers: req.headers,
            ...(req.body !== undefined ? { body: req.body } : {}),
            maxBodyBytes: SMALL_BODY * 4,
            followRedirects: false,
        };
        return this.#retrying(ctx, async (attempt, deadline) => {
            const res = await this.#exchange(call, { method: req.method, url: req.url, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}), maxBodyBytes: SMALL_BODY * 4, attempt, timeoutMs: 0 }, deadline);
            if (isRetryableStatus(res.status)) {
                throw new Retryable('REGISTRY_AUTH', { operation: req.ctx.operation, reference: req.ctx.reference, status: res.status, detail: `the token server ${sanitizeUrl(req.url)} is unavailable` }, parseRetryAfter(header(res.headers, 'retry-after')));
            }
            return res;
        });
    }
    #details(call, res) {
        const ociErrors = parseOciErrors(res.body).map((e) => ({ code: e.code, message: this.#redactor.redact(e.message) }));
        return { operation: call.operation, reference: call.reference, status: res.status, ociErrors };
    }
    // The error for an unexpected status: NOT_FOUND for 404, else REGISTRY (or `code`).
    #statusError(call, res, code, detail) {
        const c = code ?? (res.status === 404 ? 'NOT_FOUND' : 'REGISTRY');
        return new RegistryError(c, { ...this.#details(call, res), ...(detail !== undefined ? { detail } : {}) });
    }
}

;// CONCATENATED MODULE: ./src/registry/index.ts
// The registry client (distribution API over HTTP) and its errors; internals stay private to this folder.





// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/cli/duration.ts

const UNITS = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Go's time.ParseDuration (cosign's --timeout): "3m0s", "90s", "1h", "1.5m", "500ms". Returns milliseconds. */
function parseGoDuration(value, input) {
    const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
    if (value === '0')
        return 0;
    let total = 0;
    let matched = 0;
    let m;
    while ((m = re.exec(value)) !== null) {
        total += Number(m[1]) * UNITS[m[2]];
        matched = re.lastIndex;
    }
    if (value === '' || matched !== value.length) {
        throw new errors/* InputError */.dz('INVALID_INPUT', `${input} "${value}"`, 'not a duration (examples: 30s, 3m0s, 1h)');
    }
    return total;
}

;// CONCATENATED MODULE: ./src/cli/registry-flags.ts




/** Registry flags shared by sign, verify and triangulate (cosign's names). */
const registryOptions = {
    'registry-username': { type: 'string', valueName: 'user', description: 'registry user name (else SIGIL_REGISTRY_USERNAME, else the docker config)' },
    'registry-password': { type: 'string', valueName: 'password', description: 'registry password (prefer SIGIL_REGISTRY_PASSWORD: flags are visible to other processes)' },
    'allow-http-registry': { type: 'boolean', description: 'allow plain http to registries that are not on loopback' },
    'allow-insecure-registry': { type: 'boolean', description: 'accept self-signed or otherwise untrusted TLS certificates' },
    timeout: { type: 'string', short: 't', valueName: 'duration', description: 'time limit of the whole command (default 3m0s)' },
};
/**
 * The registry client for a command. Explicit credentials come from the flags, or from SIGIL_REGISTRY_USERNAME
 * and SIGIL_REGISTRY_PASSWORD (so that CI templates need not put a password on a command line).
 */
function registryClient(values, io, logger) {
    const username = values['registry-username'] ?? io.env.SIGIL_REGISTRY_USERNAME;
    const password = values['registry-password'] ?? io.env.SIGIL_REGISTRY_PASSWORD;
    if ((username === undefined) !== (password === undefined)) {
        throw new errors/* UsageError */.eb('--registry-username and --registry-password (or SIGIL_REGISTRY_USERNAME and SIGIL_REGISTRY_PASSWORD) go together');
    }
    return new RegistryClient({
        env: io.env,
        ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
        allowHttp: values['allow-http-registry'] === true,
        allowInsecure: values['allow-insecure-registry'] === true,
        logger,
        userAgent: `sigil/${version/* VERSION */.x}`,
    });
}
function commandTimeout(timeout) {
    const text = timeout ?? '3m0s';
    return { text, ms: parseGoDuration(text, '--timeout') };
}
/** Runs `work` under the command's --timeout. */
async function withTimeout(timeout, work) {
    if (timeout.ms <= 0)
        return work();
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CommandTimeoutError(timeout.text)), timeout.ms);
        timer.unref();
    });
    try {
        return await Promise.race([work(), expired]);
    }
    finally {
        clearTimeout(timer);
    }
}
class CommandTimeoutError extends errors/* SigilError */.XU {
    constructor(timeout) {
        super('REGISTRY_TIMEOUT', `the command did not finish within --timeout ${timeout}`);
    }
}


/***/ }),

/***/ 4680:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   On: () => (/* binding */ GoStruct),
/* harmony export */   Pl: () => (/* binding */ goJson),
/* harmony export */   Sd: () => (/* binding */ fromParsedJson),
/* harmony export */   tn: () => (/* binding */ GoMap)
/* harmony export */ });
/* unused harmony export goQuote */
/**
 * Go `encoding/json` output, byte for byte, for the values cosign marshals: compact, object keys in the order
 * given (structs) or sorted by byte order (maps), strings escaped as Go escapes them (HTML-safe: `<` `>` `&` as
 * `\u003c` `\u003e` `\u0026`, U+2028/U+2029 escaped, invalid UTF-16 as U+FFFD), numbers as Go prints float64.
 * Source: go/src/encoding/json/encode.go (`appendString`, `floatEncoder`, map key sorting).
 */
/** An object serialised with keys sorted by UTF-8 byte order, as Go serialises maps. */
class GoMap {
    entries;
    constructor(entries) {
        this.entries = new Map(entries);
    }
}
/** An object serialised in insertion order, as Go serialises struct fields. */
class GoStruct {
    fields;
    constructor(fields) {
        this.fields = fields;
    }
}
const HEX = '0123456789abcdef';
/** Go's `appendString` with `escapeHTML = true`. */
function goQuote(s) {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x80) {
            if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26) {
                out += s[i];
                continue;
            }
            switch (c) {
                case 0x22:
                    out += '\\"';
                    break;
                case 0x5c:
                    out += '\\\\';
                    break;
                case 0x08:
                    out += '\\b';
                    break;
                case 0x0c:
                    out += '\\f';
                    break;
                case 0x0a:
                    out += '\\n';
                    break;
                case 0x0d:
                    out += '\\r';
                    break;
                case 0x09:
                    out += '\\t';
                    break;
                default:
                    out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
            }
            continue;
        }
        if (c === 0x2028 || c === 0x2029) {
            out += `\\u202${HEX[c & 0xf]}`;
            continue;
        }
        if (c >= 0xd800 && c <= 0xdbff) {
            const next = s.charCodeAt(i + 1);
            if (next >= 0xdc00 && next <= 0xdfff) {
                out += s[i] + s[i + 1];
                i++;
                continue;
            }
            out += '\ufffd';
            continue;
        }
        if (c >= 0xdc00 && c <= 0xdfff) {
            out += '\ufffd';
            continue;
        }
        out += s[i];
    }
    return `${out}"`;
}
function compareUtf8(a, b) {
    const x = Buffer.from(a, 'utf8');
    const y = Buffer.from(b, 'utf8');
    return Buffer.compare(x, y);
}
function goNumber(n) {
    if (!Number.isFinite(n))
        throw new TypeError(`json: unsupported value: ${n}`);
    // JavaScript's shortest round-trip formatting matches Go's float64 encoding in encoding/json, including the
    // switch to exponent form below 1e-6 and from 1e21 and the cleaned exponent ("1e-7", "1e+21").
    return Object.is(n, -0) ? '-0' : String(n);
}
/** Serialises `value` as Go's json.Marshal would. */
function goJson(value) {
    if (value === null)
        return 'null';
    if (typeof value === 'boolean')
        return value ? 'true' : 'false';
    if (typeof value === 'number')
        return goNumber(value);
    if (typeof value === 'string')
        return goQuote(value);
    if (Array.isArray(value))
        return `[${value.map(goJson).join(',')}]`;
    if (value instanceof GoMap) {
        const keys = [...value.entries.keys()].sort(compareUtf8);
        return `{${keys.map((k) => `${goQuote(k)}:${goJson(value.entries.get(k))}`).join(',')}}`;
    }
    return `{${value.fields.map(([k, v]) => `${goQuote(k)}:${goJson(v)}`).join(',')}}`;
}
/**
 * Turns parsed JSON (from `JSON.parse`) into a Go value the way Go decodes into `interface{}` and re-encodes:
 * every object becomes a map (sorted keys).
 */
function fromParsedJson(value) {
    if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
        return value;
    }
    if (Array.isArray(value))
        return value.map(fromParsedJson);
    if (typeof value === 'object') {
        return new GoMap(Object.entries(value).map(([k, v]) => [k, fromParsedJson(v)]));
    }
    throw new TypeError(`json: unsupported type: ${typeof value}`);
}


/***/ }),

/***/ 455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MU: () => (/* binding */ signatureLayer),
/* harmony export */   MZ: () => (/* binding */ serializeManifest),
/* harmony export */   WZ: () => (/* binding */ SIMPLESIGNING_MEDIA_TYPE),
/* harmony export */   XY: () => (/* binding */ parseSignatureManifest),
/* harmony export */   ZB: () => (/* binding */ SIGNATURE_ANNOTATION),
/* harmony export */   _H: () => (/* binding */ manifestWithLayers),
/* harmony export */   bG: () => (/* binding */ signatureTag),
/* harmony export */   zM: () => (/* binding */ MAX_SIGNATURE_LAYERS)
/* harmony export */ });
/* unused harmony export buildConfig */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9217);
/* harmony import */ var _go_json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4680);
/**
 * The classic cosign signature artifact: an OCI image manifest tagged `sha256-<hex>.sig` whose layers are
 * simple-signing payloads, one per signature, each carrying the base64 signature in the layer annotation
 * `dev.cosignproject.cosign/signature` (cosign `pkg/oci/static/signature.go`, `pkg/oci/mutate/signatures.go`).
 *
 * Bytes are produced as cosign >= 2.2 produces them with go-containerregistry: manifest fields in the order
 * `schemaVersion, mediaType, config, layers, annotations, subject`; descriptors `mediaType, size, digest, data,
 * urls, annotations, platform, artifactType` with empty ones omitted; annotation maps with sorted keys; the
 * config blob with the zero `created` time and one history entry and one diff_id per layer.
 */




const SIMPLESIGNING_MEDIA_TYPE = _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_COSIGN_SIMPLESIGNING */ ._w;
const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
/** cosign's limit on layers in one signature manifest (`pkg/oci/mutate`, maxLayers). */
const MAX_SIGNATURE_LAYERS = 1000;
const ZERO_TIME = '0001-01-01T00:00:00Z';
/** `sha256:<hex>` → `sha256-<hex>.sig` (cosign `pkg/oci/remote/remote.go` normalize). */
function signatureTag(digest, suffix = 'sig') {
    return `${digest.replace(':', '-')}.${suffix}`;
}
function descriptorValue(d) {
    const fields = [
        ['mediaType', d.mediaType],
        ['size', d.size],
        ['digest', d.digest],
    ];
    if (d.data)
        fields.push(['data', d.data]);
    if (d.urls && d.urls.length)
        fields.push(['urls', [...d.urls]]);
    if (d.annotations && Object.keys(d.annotations).length)
        fields.push(['annotations', new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoMap */ .tn(Object.entries(d.annotations))]);
    if (d.platform !== undefined && d.platform !== null)
        fields.push(['platform', platformValue(d.platform)]);
    if (d.artifactType)
        fields.push(['artifactType', d.artifactType]);
    return new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On(fields);
}
/** ggcr v1.Platform field order: architecture, os, os.version, os.features, variant, features. */
function platformValue(p) {
    const o = (p ?? {});
    const fields = [
        ['architecture', typeof o.architecture === 'string' ? o.architecture : ''],
        ['os', typeof o.os === 'string' ? o.os : ''],
    ];
    if (typeof o['os.version'] === 'string' && o['os.version'])
        fields.push(['os.version', o['os.version']]);
    if (Array.isArray(o['os.features']) && o['os.features'].length)
        fields.push(['os.features', o['os.features'].map(String)]);
    if (typeof o.variant === 'string' && o.variant)
        fields.push(['variant', o.variant]);
    if (Array.isArray(o.features) && o.features.length)
        fields.push(['features', o.features.map(String)]);
    return new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On(fields);
}
/** The manifest bytes go-containerregistry writes for this manifest. */
function serializeManifest(m) {
    const value = new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On([
        ['schemaVersion', 2],
        ['mediaType', m.mediaType],
        ['config', descriptorValue(m.config)],
        ['layers', m.layers.map(descriptorValue)],
    ]);
    return new TextEncoder().encode((0,_go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .goJson */ .Pl)(value));
}
/**
 * The config blob cosign >= 2.2 writes for a signature image with these layers (`created` zero unless
 * --record-creation-timestamp; one history entry and one diff_id per layer, layers being uncompressed).
 * Verifiers never read it; it is rebuilt from the layer list rather than fetched and re-serialised.
 */
function buildConfig(layers) {
    const value = new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On([
        ['architecture', ''],
        ['created', ZERO_TIME],
        ['history', layers.map(() => new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On([['created', ZERO_TIME]]))],
        ['os', ''],
        [
            'rootfs',
            new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On([
                ['type', 'layers'],
                ['diff_ids', layers.map((l) => l.digest)],
            ]),
        ],
        ['config', new _go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .GoStruct */ .On([])],
    ]);
    return new TextEncoder().encode((0,_go_json_js__WEBPACK_IMPORTED_MODULE_3__/* .goJson */ .Pl)(value));
}
function str(o, key) {
    return typeof o[key] === 'string' ? o[key] : undefined;
}
function parseDescriptor(v, where, input) {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, `${where} is not an object`);
    const o = v;
    const mediaType = str(o, 'mediaType') ?? '';
    const digest = str(o, 'digest');
    const size = o.size;
    if (!digest || !(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isSha256Digest */ .q9)(digest))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, `${where} has no valid sha256 digest`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, `${where} has no valid size`);
    let annotations;
    if (o.annotations !== undefined && o.annotations !== null) {
        if (typeof o.annotations !== 'object' || Array.isArray(o.annotations))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, `${where} annotations are not an object`);
        annotations = {};
        for (const [k, val] of Object.entries(o.annotations)) {
            if (typeof val !== 'string')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, `${where} annotation "${k}" is not a string`);
            annotations[k] = val;
        }
    }
    const urls = Array.isArray(o.urls) ? o.urls.filter((u) => typeof u === 'string') : undefined;
    return {
        mediaType,
        size,
        digest,
        ...(str(o, 'data') ? { data: str(o, 'data') } : {}),
        ...(urls && urls.length ? { urls } : {}),
        ...(annotations ? { annotations } : {}),
        ...(o.platform !== undefined && o.platform !== null ? { platform: o.platform } : {}),
        ...(str(o, 'artifactType') ? { artifactType: str(o, 'artifactType') } : {}),
    };
}
/**
 * Parses a signature manifest (written by cosign, containers/image, Tekton Chains or sigil).
 * @throws InputError INVALID_MANIFEST when it is not a JSON image manifest with a config and a layer list.
 */
function parseSignatureManifest(bytes, input, contentType) {
    let doc;
    try {
        doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, 'signature manifest is not valid JSON');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, 'signature manifest is not a JSON object');
    const o = doc;
    const mediaType = str(o, 'mediaType') ?? contentType ?? '';
    if (mediaType !== _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_MANIFEST */ .yF && mediaType !== _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_MANIFEST */ .P) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, `signature manifest has media type "${mediaType}", expected an image manifest`);
    }
    if (!Array.isArray(o.layers))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', input, 'signature manifest has no layers list');
    const config = parseDescriptor(o.config, 'config', input);
    const layers = o.layers.map((l, i) => parseDescriptor(l, `layer ${i}`, input));
    return { mediaType, config, layers };
}
/** The descriptor of a new signature layer: the payload blob plus its annotations (signature first among them). */
function signatureLayer(payloadDigest, payloadSize, annotations) {
    return { mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_COSIGN_SIMPLESIGNING */ ._w, size: payloadSize, digest: payloadDigest, annotations };
}
/**
 * A new signature manifest holding `layers`, keeping the media types of `base` (an existing .sig) when there is
 * one, as cosign does when appending.
 */
function manifestWithLayers(base, layers) {
    const config = buildConfig(layers);
    return {
        config,
        manifest: {
            mediaType: base?.mediaType ?? _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_MANIFEST */ .yF,
            config: { mediaType: base?.config.mediaType || _oci_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_CONFIG */ .vv, size: config.length, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Digest */ .sI)(config) },
            layers,
        },
    };
}


/***/ }),

/***/ 5625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
const silentLogger = {
    debug() { },
    info() { },
    warn() { },
};


/***/ }),

/***/ 8825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   q9: () => (/* binding */ isSha256Digest),
/* harmony export */   sI: () => (/* binding */ sha256Digest)
/* harmony export */ });
/* unused harmony export digestToTagPrefix */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * Content digests (https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests). sigil, like
 * cosign's go-containerregistry, accepts only `sha256`: every digest it computes or compares is
 * `sha256:<64 lower-case hex>`.
 */


const SHA256_HEX = /^[a-f0-9]{64}$/;
// OCI digest grammar: algorithm-component ([a-z0-9]+) separated by [+._-], then ':' and an encoded part.
const ANY_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
// The sha256 digest of exactly these bytes, as registries and cosign compute it.
function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
// True for a well-formed `sha256:<64 lower-case hex>`.
function isSha256Digest(value) {
    return value.startsWith('sha256:') && SHA256_HEX.test(value.slice(7));
}
/**
 * Parses a digest, refusing other algorithms with a message that says so (go-containerregistry `name.NewDigest`:
 * "unsupported digest algorithm").
 *
 * @param value - e.g. `sha256:e3b0c442...`
 * @param input - how to name the value in the error, e.g. `digest "sha512:..."`
 * @throws InputError INVALID_REFERENCE when it is not a sha256 digest
 */
function parseDigest(value, input = `digest "${value}"`) {
    const colon = value.indexOf(':');
    if (colon < 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('INVALID_REFERENCE', input, 'a digest must look like sha256:<64 hex characters>');
    const algorithm = value.slice(0, colon);
    const hex = value.slice(colon + 1);
    if (algorithm !== 'sha256') {
        const known = ANY_DIGEST.test(value) ? `unsupported digest algorithm "${algorithm}"` : 'malformed digest';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('INVALID_REFERENCE', input, `${known}; only sha256 is supported`);
    }
    if (!SHA256_HEX.test(hex)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('INVALID_REFERENCE', input, 'a sha256 digest needs exactly 64 lower-case hex characters');
    }
    return { algorithm: 'sha256', hex, digest: value };
}
// The `sha256-<hex>` form cosign uses in tag names (`sha256-<hex>.sig`).
function digestToTagPrefix(digest) {
    return parseDigest(digest).digest.replace(':', '-');
}


/***/ }),

/***/ 9217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   P: () => (/* binding */ MEDIA_TYPE_DOCKER_MANIFEST),
/* harmony export */   _w: () => (/* binding */ MEDIA_TYPE_COSIGN_SIMPLESIGNING),
/* harmony export */   d6: () => (/* binding */ isImageManifestMediaType),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   vv: () => (/* binding */ MEDIA_TYPE_OCI_CONFIG),
/* harmony export */   yF: () => (/* binding */ MEDIA_TYPE_OCI_MANIFEST)
/* harmony export */ });
/* unused harmony exports MEDIA_TYPE_OCI_INDEX, MEDIA_TYPE_OCI_LAYER_GZIP, MEDIA_TYPE_OCI_EMPTY, MEDIA_TYPE_DOCKER_MANIFEST_LIST, MEDIA_TYPE_DOCKER_CONFIG, MEDIA_TYPE_DOCKER_LAYER_GZIP, MEDIA_TYPE_DOCKER_MANIFEST_V1, MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED */
/**
 * Media types of the OCI image spec (https://github.com/opencontainers/image-spec/blob/v1.1.0/media-types.md),
 * Docker's image manifest v2 schema 2 (https://distribution.github.io/distribution/spec/manifest-v2-2/) and
 * cosign's signature payload (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md).
 */
const MEDIA_TYPE_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MEDIA_TYPE_OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const MEDIA_TYPE_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const MEDIA_TYPE_OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const MEDIA_TYPE_OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
const MEDIA_TYPE_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const MEDIA_TYPE_DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MEDIA_TYPE_DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const MEDIA_TYPE_DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
/** Docker schema 1 (legacy; still in go-containerregistry's Accept list). */
const MEDIA_TYPE_DOCKER_MANIFEST_V1 = 'application/vnd.docker.distribution.manifest.v1+json';
const MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
/** cosign's simple-signing payload layer. */
const MEDIA_TYPE_COSIGN_SIMPLESIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
/**
 * The Accept header go-containerregistry sends for manifest GET and HEAD, in its order, comma-joined without
 * spaces (spec §7.1).
 */
const MANIFEST_ACCEPT = [
    MEDIA_TYPE_DOCKER_MANIFEST_V1,
    MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED,
    MEDIA_TYPE_DOCKER_MANIFEST,
    MEDIA_TYPE_OCI_MANIFEST,
    MEDIA_TYPE_DOCKER_MANIFEST_LIST,
    MEDIA_TYPE_OCI_INDEX,
].join(',');
const INDEX_TYPES = new Set([MEDIA_TYPE_OCI_INDEX, MEDIA_TYPE_DOCKER_MANIFEST_LIST]);
const IMAGE_TYPES = new Set([
    MEDIA_TYPE_OCI_MANIFEST,
    MEDIA_TYPE_DOCKER_MANIFEST,
    MEDIA_TYPE_DOCKER_MANIFEST_V1,
    MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED,
]);
// True for an OCI image index or a Docker manifest list.
function isIndexMediaType(mediaType) {
    return INDEX_TYPES.has(mediaType);
}
// True for an image manifest (OCI, Docker schema 2 or legacy schema 1).
function isImageManifestMediaType(mediaType) {
    return IMAGE_TYPES.has(mediaType);
}


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   SU: () => (/* binding */ parseRepository),
/* harmony export */   aR: () => (/* binding */ repositoryName),
/* harmony export */   z$: () => (/* binding */ referenceName)
/* harmony export */ });
/* unused harmony exports DEFAULT_REGISTRY, DEFAULT_TAG, withDigest, withTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8825);
/**
 * Image references, parsed and normalised as go-containerregistry's `pkg/name` (v0.20) does, because cosign's
 * payload (`docker-reference` = `<registry>/<repository>`) and its `.sig` tags depend on that normalisation:
 *
 * - no registry, `docker.io` → `index.docker.io`; single-component names there get `library/`;
 * - the first path component is a registry when it is `localhost` or contains `.` or `:` (so `host:port`,
 *   `[::1]:5000` and `localhost` work); its case is kept;
 * - a tag defaults to `latest` when neither tag nor digest is given; `name:tag@digest` keeps both, and the digest
 *   is what identifies the image (ggcr's `Name()` then drops the tag);
 * - digests are sha256 only.
 *
 * Stricter than ggcr's "weak" validation where the registry would refuse the name anyway: repositories follow the
 * distribution grammar (https://github.com/distribution/reference/blob/v0.6.0/reference.go: lower-case
 * components of `[a-z0-9]` joined by `.`, `_`, `__` or dashes, at most 255 characters), tags
 * `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. Errors name the part that is wrong.
 */


const DEFAULT_REGISTRY = 'index.docker.io';
const DEFAULT_TAG = 'latest';
const DOCKER_HUB_ALIAS = 'docker.io';
const MAX_REFERENCE_LENGTH = 1024;
const MAX_REPOSITORY_LENGTH = 255;
const MAX_TAG_LENGTH = 128;
// Host names (letters, digits, `-`, `_`, dots), IPv4, or a bracketed IPv6 literal; then an optional port.
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$/;
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const REPOSITORY_CHARS = /^[a-z0-9._/-]+$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
function fail(input, problem) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_REFERENCE', input, problem);
}
// Checks a registry host[:port]; the message names the registry part.
function checkRegistry(registry, input) {
    let host = registry;
    let port;
    const portMatch = /:([^:\]]*)$/.exec(registry);
    if (portMatch && (!registry.startsWith('[') || registry.includes(']:'))) {
        host = registry.slice(0, portMatch.index);
        port = portMatch[1];
    }
    if (port !== undefined && !/^[0-9]{1,5}$/.test(port))
        fail(input, `registry "${registry}" has an invalid port "${port}"`);
    if (port !== undefined && Number(port) > 65535)
        fail(input, `registry "${registry}" has a port above 65535`);
    if (host.startsWith('[')) {
        let ok = IPV6_LITERAL.test(host);
        try {
            if (ok)
                new URL(`http://${host}/`);
        }
        catch {
            ok = false;
        }
        if (!ok)
            fail(input, `registry "${registry}" is not a valid IPv6 address`);
        return;
    }
    if (host.includes(':'))
        fail(input, `registry "${registry}" is not valid (IPv6 addresses need brackets, e.g. [::1]:5000)`);
    if (host.length > 253 || !HOST_NAME.test(host))
        fail(input, `registry "${registry}" is not a valid host name`);
}
// Checks a repository path (without registry); the message names the repository part.
function checkRepository(repository, input) {
    if (repository === '')
        fail(input, 'the repository name is empty');
    if (repository.length > MAX_REPOSITORY_LENGTH) {
        fail(input, `repository is ${repository.length} characters long; at most ${MAX_REPOSITORY_LENGTH} are allowed`);
    }
    if (/[A-Z]/.test(repository))
        fail(input, `repository "${repository}" must be lower case`);
    if (!REPOSITORY_CHARS.test(repository)) {
        fail(input, `repository "${repository}" may only contain a-z, 0-9 and the separators . _ - /`);
    }
    for (const component of repository.split('/')) {
        if (component === '')
            fail(input, `repository "${repository}" has an empty path component`);
        if (!PATH_COMPONENT.test(component)) {
            fail(input, `repository path component "${component}" must start and end with a letter or digit, with single . or _ (or __ or dashes) between`);
        }
    }
}
// Checks a tag; the message names the tag part.
function checkTag(tag, input) {
    if (tag.length > MAX_TAG_LENGTH)
        fail(input, `tag is ${tag.length} characters long; at most ${MAX_TAG_LENGTH} are allowed`);
    if (!TAG.test(tag))
        fail(input, `tag "${tag}" may only contain letters, digits, _ . - and must not start with . or -`);
}
// Splits `[registry/]repository` as ggcr's NewRepository does and applies Docker Hub's defaults.
function splitRepository(name, input) {
    if (name === '')
        fail(input, 'the repository name is empty');
    const slash = name.indexOf('/');
    let registry = '';
    let repository = name;
    if (slash >= 0) {
        const first = name.slice(0, slash);
        if (first === 'localhost' || /[.:]/.test(first) || first.startsWith('[')) {
            registry = first;
            repository = name.slice(slash + 1);
        }
    }
    if (registry !== '')
        checkRegistry(registry, input);
    checkRepository(repository, input);
    if (registry === '' || registry === DOCKER_HUB_ALIAS)
        registry = DEFAULT_REGISTRY;
    if (registry === DEFAULT_REGISTRY && !repository.includes('/'))
        repository = `library/${repository}`;
    return { registry, repository };
}
function checkText(s, input) {
    if (s.trim() === '')
        fail(input, 'the reference is empty');
    if (s.length > MAX_REFERENCE_LENGTH)
        fail(input, `the reference is ${s.length} characters long; at most ${MAX_REFERENCE_LENGTH} are allowed`);
    // eslint-disable-next-line no-control-regex
    if (/[\s\u0000-\u001f\u007f]/.test(s))
        fail(input, 'the reference contains whitespace or control characters');
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s))
        fail(input, 'a reference has no URL scheme; remove the "://" prefix');
}
/**
 * Parses an image reference as ggcr's `name.ParseReference` (weak validation, default registry
 * `index.docker.io`, default tag `latest`).
 *
 * @param s - e.g. `ubuntu`, `ghcr.io/o/r:v1`, `localhost:5000/a@sha256:<hex>`, `[::1]:5000/x:t@sha256:<hex>`
 * @param input - how errors name the value (default `image reference "<s>"`)
 * @throws InputError INVALID_REFERENCE naming the part that is wrong
 */
function parseReference(s, input = `image reference "${s}"`) {
    checkText(s, input);
    let name = s;
    let digest;
    const at = s.indexOf('@');
    if (at >= 0) {
        if (s.indexOf('@', at + 1) >= 0)
            fail(input, 'a reference may contain only one "@"');
        name = s.slice(0, at);
        const raw = s.slice(at + 1);
        if (raw === '')
            fail(input, 'the digest after "@" is empty');
        digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(raw, input).digest;
    }
    let tag;
    const colon = name.lastIndexOf(':');
    if (colon >= 0 && !name.slice(colon + 1).includes('/')) {
        tag = name.slice(colon + 1);
        name = name.slice(0, colon);
        if (tag === '')
            fail(input, 'the tag after ":" is empty');
        checkTag(tag, input);
    }
    const repo = splitRepository(name, input);
    const tagExplicit = tag !== undefined;
    if (tag === undefined && digest === undefined)
        tag = DEFAULT_TAG;
    return {
        ...repo,
        ...(tag !== undefined ? { tag } : {}),
        ...(digest !== undefined ? { digest } : {}),
        tagExplicit,
        original: s,
    };
}
/**
 * Parses a repository without tag or digest, as ggcr's `name.NewRepository` (used for `COSIGN_REPOSITORY`).
 *
 * @throws InputError INVALID_REFERENCE naming the part that is wrong
 */
function parseRepository(s, input = `repository "${s}"`) {
    checkText(s, input);
    if (s.includes('@'))
        fail(input, 'a repository has no digest ("@...")');
    const colon = s.lastIndexOf(':');
    if (colon >= 0 && !s.slice(colon + 1).includes('/'))
        fail(input, 'a repository has no tag (":...")');
    return splitRepository(s, input);
}
// `registry/repository`: ggcr's `Repository.Name()`, cosign's default docker-reference.
function repositoryName(ref) {
    return `${ref.registry}/${ref.repository}`;
}
// ggcr's `Reference.Name()`: `registry/repository@digest` when there is a digest (a tag is dropped), else `:tag`.
function referenceName(ref) {
    if (ref.digest !== undefined)
        return `${repositoryName(ref)}@${ref.digest}`;
    return `${repositoryName(ref)}:${ref.tag ?? DEFAULT_TAG}`;
}
// Everything known, for messages: `registry/repository[:tag][@digest]` (an implied `latest` is shown).
function formatReference(ref) {
    const tag = ref.tag !== undefined && (ref.tagExplicit || ref.digest === undefined) ? `:${ref.tag}` : '';
    const digest = ref.digest !== undefined ? `@${ref.digest}` : '';
    return `${repositoryName(ref)}${tag}${digest}`;
}
// The reference of `digest` in `repo`.
function withDigest(repo, digest) {
    const d = parseDigest(digest).digest;
    return { registry: repo.registry, repository: repo.repository, digest: d, tagExplicit: false, original: `${repositoryName(repo)}@${d}` };
}
// The reference of `tag` in `repo`.
function withTag(repo, tag) {
    checkTag(tag, `tag "${tag}"`);
    return { registry: repo.registry, repository: repo.repository, tag, tagExplicit: true, original: `${repositoryName(repo)}:${tag}` };
}


/***/ }),

/***/ 1259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ resolveImage),
/* harmony export */   BI: () => (/* binding */ childManifests),
/* harmony export */   i3: () => (/* binding */ parseSignatureRepository)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2148);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9217);
/** Resolving an image reference to the manifest it names, and walking the children of an index. */




/**
 * GETs the manifest a reference names (by digest when it has one, else by tag); the digest is the sha256 of the
 * bytes served, as cosign computes it. A 404 becomes `notFoundCode` (IMAGE_NOT_FOUND for verify, exit 11).
 */
async function resolveImage(client, ref, notFoundCode = 'IMAGE_NOT_FOUND') {
    try {
        const m = await client.getManifest(ref, ref.digest ?? ref.tag ?? 'latest');
        return { digest: m.digest, mediaType: m.mediaType, bytes: m.bytes };
    }
    catch (err) {
        if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU && err.code === 'NOT_FOUND') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU(notFoundCode, `image tag not found: ${(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .formatReference */ .FH)(ref)}: no such manifest in the registry`, { cause: err });
        }
        throw err;
    }
}
/** COSIGN_REPOSITORY, the only source of a signature repository in the fronts, named as such in messages. */
function parseSignatureRepository(value) {
    return (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRepository */ .SU)(value, `COSIGN_REPOSITORY ${JSON.stringify(value)}`);
}
function indexChildren(bytes, where) {
    let doc;
    try {
        doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', where, 'index is not valid JSON');
    }
    const manifests = doc.manifests;
    if (!Array.isArray(manifests))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', where, 'index has no manifests list');
    return manifests.map((m, i) => {
        const d = m;
        if (typeof d.digest !== 'string' || !(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .isSha256Digest */ .q9)(d.digest)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', where, `index entry ${i} has no valid sha256 digest`);
        }
        return { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest };
    });
}
/**
 * The digests of every manifest below an index, depth-first (each nested index before its own children), as
 * cosign's `sign -r` walks them. Unknown media types abort, as in cosign (`unknown mime type`).
 */
async function childManifests(client, ref, image) {
    if (!(0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .isIndexMediaType */ .$$)(image.mediaType))
        return [];
    const out = [];
    const walk = async (bytes, where, depth) => {
        if (depth > 8)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', where, 'indexes nested more than 8 deep');
        for (const child of indexChildren(bytes, where)) {
            if ((0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .isImageManifestMediaType */ .d6)(child.mediaType)) {
                out.push(child.digest);
            }
            else if ((0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .isIndexMediaType */ .$$)(child.mediaType)) {
                out.push(child.digest);
                const m = await client.getManifest(ref, child.digest);
                await walk(m.bytes, `${ref.registry}/${ref.repository}@${child.digest}`, depth + 1);
            }
            else {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_MANIFEST', `${ref.registry}/${ref.repository}@${child.digest}`, `unknown mime type "${child.mediaType}" in index`);
            }
        }
    };
    await walk(image.bytes, `${ref.registry}/${ref.repository}@${image.digest}`, 1);
    return out;
}


/***/ })

};

//# sourceMappingURL=2.index.js.map