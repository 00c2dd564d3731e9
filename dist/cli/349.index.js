export const id = 349;
export const ids = [349,265];
export const modules = {

/***/ 8265:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ sign_command),
  parseWorkers: () => (/* binding */ parseWorkers)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/cosign/payload.ts
var cosign_payload = __webpack_require__(6773);
// EXTERNAL MODULE: ./src/keys/index.ts + 10 modules
var keys = __webpack_require__(3292);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
// EXTERNAL MODULE: ./src/cosign/signature-manifest.ts
var signature_manifest = __webpack_require__(455);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/oci/digest.ts
var digest = __webpack_require__(8825);
// EXTERNAL MODULE: ./src/store/classic.ts
var classic = __webpack_require__(8981);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/resolve.ts
var resolve = __webpack_require__(1259);
;// CONCATENATED MODULE: ./src/sign.ts
/**
 * Signing: resolve each image to its manifest digest, build cosign's simple-signing payload, sign it, and attach
 * the signature to the image through a SignatureStore (the classic `.sig` tag today).
 */








function tagWarning(reference) {
    return (`Image reference ${reference} uses a tag, not a digest, to identify the image to sign.\n` +
        '    This can lead you to sign a different image than the intended one. Please use a\n' +
        '    digest (example.com/ubuntu@sha256:abc123...) rather than tag\n' +
        '    (example.com/ubuntu:latest) for the input to sigil.');
}
async function signImages(options) {
    const logger = options.logger ?? log/* silentLogger */.q;
    const store = options.store ?? new classic/* ClassicSignatureStore */._(options.registry, { logger });
    const inputs = options.images.map((image) => ({ image, ref: (0,reference/* parseReference */.F2)(image) }));
    const refs = inputs.map((i) => i.ref);
    const sigRepoOverride = options.signatureRepository ? (0,resolve/* parseSignatureRepository */.i3)(options.signatureRepository) : undefined;
    for (const ref of refs)
        options.registry.expectPush(sigRepoOverride ?? ref);
    const workers = options.maxWorkers ?? 4;
    // Resolve every image first: a bad reference or a missing image fails the command before anything is written.
    const resolved = await (0,concurrency/* mapLimit */.s)(inputs, workers, async ({ image: input, ref }) => {
        if (!ref.digest)
            logger.warn(tagWarning(input));
        const image = await (0,resolve/* resolveImage */.AT)(options.registry, ref, 'NOT_FOUND');
        const digests = [image.digest];
        if (options.recursive)
            digests.push(...(await (0,resolve/* childManifests */.BI)(options.registry, ref, image)));
        return digests.map((digest) => ({ ref, digest, sigRepo: sigRepoOverride ?? ref }));
    });
    const seen = new Set();
    const targets = [];
    for (const t of resolved.flat()) {
        const key = `${t.sigRepo.registry}/${t.sigRepo.repository}@${t.digest}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        targets.push(t);
    }
    const announced = new Set();
    return (0,concurrency/* mapLimit */.s)(targets, workers, async (t) => {
        const repoName = `${t.sigRepo.registry}/${t.sigRepo.repository}`;
        if (!announced.has(repoName)) {
            announced.add(repoName);
            logger.info(`Pushing signature to: ${sigRepoOverride ? t.sigRepo.repository : repoName}`);
        }
        const payload = (0,cosign_payload/* buildPayload */.nI)({
            dockerReference: options.containerIdentity ?? (0,reference/* repositoryName */.aR)(t.ref),
            manifestDigest: t.digest,
            ...(options.annotations ? { annotations: options.annotations } : {}),
        });
        const signature = options.signer.sign(payload);
        const payloadDigest = (0,digest/* sha256Digest */.sI)(payload);
        const layer = (0,signature_manifest/* signatureLayer */.MU)(payloadDigest, payload.length, { [signature_manifest/* SIGNATURE_ANNOTATION */.ZB]: Buffer.from(signature).toString('base64') });
        const result = await store.attach(t.sigRepo, t.digest, {
            layer,
            payload,
            isEquivalent: async (existing) => isEquivalent(existing, layer, payload, options.signer),
        });
        return {
            image: `${(0,reference/* repositoryName */.aR)(t.ref)}@${t.digest}`,
            digest: t.digest,
            signatureTag: result.location,
            written: result.written,
        };
    });
}
/**
 * cosign's duplicate test (`pkg/cosign/remote/remote.go` dd.Find): same media type and payload digest, every new
 * annotation other than the signature present with the same value, and the existing signature verifies over the
 * payload with our key. ECDSA signatures from other tools differ each time, hence the verification.
 */
function isEquivalent(existing, layer, payload, signer) {
    if (existing.mediaType !== layer.mediaType || existing.digest !== layer.digest)
        return false;
    for (const [k, v] of Object.entries(layer.annotations ?? {})) {
        if (k !== signature_manifest/* SIGNATURE_ANNOTATION */.ZB && existing.annotations?.[k] !== v)
            return false;
    }
    const b64 = existing.annotations?.[signature_manifest/* SIGNATURE_ANNOTATION */.ZB];
    if (!b64)
        return false;
    try {
        return signer.verify(payload, new Uint8Array(Buffer.from(b64, 'base64')));
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/command.ts
var command = __webpack_require__(3567);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/password.ts
var cli_password = __webpack_require__(2437);
// EXTERNAL MODULE: ./src/cli/registry-flags.ts + 11 modules
var registry_flags = __webpack_require__(6146);
;// CONCATENATED MODULE: ./src/cli/commands/sign.ts










const SUMMARY = 'Sign container images and push the signatures (cosign .sig format)';
const options = {
    key: { type: 'string', valueName: 'key', description: 'encrypted cosign private key: a path, env://NAME or the PEM text' },
    annotations: { type: 'string', short: 'a', multiple: true, valueName: 'key=value', description: 'extra key=value pairs to sign (repeatable; comma-separated)' },
    recursive: { type: 'boolean', short: 'r', description: 'for an image index, also sign every manifest it lists' },
    output: { type: 'string', valueName: 'format', description: '"json": print the signed manifests as a JSON array on standard output' },
    'sign-container-identity': { type: 'string', valueName: 'ref', description: 'docker-reference to sign instead of the image repository' },
    'max-workers': { type: 'string', valueName: 'n', description: 'images signed at once (default 4)' },
    yes: { type: 'boolean', short: 'y', description: 'accepted for cosign compatibility (sigil never prompts to confirm)' },
    'tlog-upload': { type: 'boolean', description: 'accepted for cosign compatibility: only false is supported (no transparency log upload)' },
    ...registry_flags/* registryOptions */._A,
    ...command/* commonOptions */.O,
};
const NOTES = `
The password comes from COSIGN_PASSWORD when it is set (even empty), else from all of standard input when it is
not a terminal, else from a prompt. COSIGN_REPOSITORY stores the signatures in another repository.
`;
function parseWorkers(value, flag, fallback) {
    if (value === undefined)
        return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > 64)
        throw new errors/* UsageError */.eb(`invalid argument "${value}" for "${flag}": expected a whole number from 1 to 64`);
    return n;
}
const sign_command = {
    summary: SUMMARY,
    run: async (argv, io) => {
        const { values, positionals } = (0,args/* parseCommandArgs */.Qx)('sign', argv, options);
        if (values.help) {
            io.stdout.write((0,args/* formatHelp */.B2)('sigil sign --key KEY [-a key=value]... [-r] [--output json] IMAGE...', SUMMARY, options) + NOTES);
            return errors/* ExitCode */.yU.OK;
        }
        if (values.key === undefined)
            throw new errors/* UsageError */.eb('sign: required flag --key not set (keyless signing is not supported)');
        if (positionals.length === 0)
            throw new errors/* UsageError */.eb('sign: at least one image reference is required');
        if (values.output !== undefined && values.output !== 'json')
            throw new errors/* UsageError */.eb(`sign: invalid --output "${values.output}": the only format is json`);
        if (values['tlog-upload'] === true) {
            throw new errors/* SigilError */.XU('UNSUPPORTED', '--tlog-upload=true: sigil does not upload to a transparency log yet; pass --tlog-upload=false');
        }
        const workers = parseWorkers(values['max-workers'], '--max-workers', 4);
        const timeout = (0,registry_flags/* commandTimeout */.bf)(values.timeout);
        const annotations = (0,cosign_payload/* parseAnnotationFlags */.mg)(values.annotations ?? []);
        // Every input is checked before the password is asked for.
        for (const image of positionals)
            (0,reference/* parseReference */.F2)(image);
        if (io.env.COSIGN_REPOSITORY)
            (0,reference/* parseRepository */.SU)(io.env.COSIGN_REPOSITORY, `COSIGN_REPOSITORY "${io.env.COSIGN_REPOSITORY}"`);
        const logger = (0,cli_io/* stderrLogger */.D7)(io, values.verbose === true);
        const registry = (0,registry_flags/* registryClient */.Rk)(values, io, logger);
        const key = await (0,keys/* loadSigningKey */.fm)(values.key, { env: io.env, cwd: io.cwd, password: (0,cli_password/* passwordSource */.n)(io, { confirm: false }) });
        const signed = await (0,registry_flags/* withTimeout */.wj)(timeout, () => signImages({
            images: positionals,
            signer: key,
            registry,
            annotations,
            recursive: values.recursive === true,
            ...(io.env.COSIGN_REPOSITORY ? { signatureRepository: io.env.COSIGN_REPOSITORY } : {}),
            ...(values['sign-container-identity'] ? { containerIdentity: values['sign-container-identity'] } : {}),
            maxWorkers: workers,
            logger,
        }));
        if (values.output === 'json') {
            io.stdout.write(`${JSON.stringify(signed.map(({ image, digest, signatureTag }) => ({ image, digest, signatureTag })))}\n`);
        }
        return errors/* ExitCode */.yU.OK;
    },
};


/***/ }),

/***/ 6349:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ verify_command)
});

// EXTERNAL MODULE: ./src/cosign/payload.ts
var cosign_payload = __webpack_require__(6773);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/keys/index.ts + 10 modules
var src_keys = __webpack_require__(3292);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __webpack_require__(2148);
// EXTERNAL MODULE: ./src/cosign/signature-manifest.ts
var signature_manifest = __webpack_require__(455);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/resolve.ts
var resolve = __webpack_require__(1259);
// EXTERNAL MODULE: ./src/store/classic.ts
var classic = __webpack_require__(8981);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/verify.ts
/**
 * Verification, as cosign's `verify --key` does it for the classic format (cosign `pkg/cosign/verify.go`), with
 * containers/image's rule of skipping layers that are not simple-signing payloads:
 * for each signature layer, the payload blob (digest and size checked by the store), the signature over the exact
 * payload bytes with any of the keys, the claim `docker-manifest-digest` equal to the image digest, and every
 * requested annotation present in `optional`. Any passing layer passes the image.
 */








function checksPerformed(annotations) {
    const checks = [];
    if (annotations)
        checks.push('The specified annotations were verified.');
    checks.push('The cosign claims were validated');
    checks.push('The signatures were verified against the specified public key');
    return checks;
}
async function checkLayer(sig, digest, options) {
    const { layer } = sig;
    if (layer.mediaType !== signature_manifest/* SIMPLESIGNING_MEDIA_TYPE */.WZ) {
        return { skipped: `not a signature layer (media type "${layer.mediaType}")` };
    }
    const b64 = layer.annotations?.[signature_manifest/* SIGNATURE_ANNOTATION */.ZB];
    if (!b64)
        return { reason: `no ${signature_manifest/* SIGNATURE_ANNOTATION */.ZB} annotation` };
    const signature = Buffer.from(b64, 'base64');
    if (signature.length === 0 || signature.toString('base64') !== b64.replace(/\s/g, '')) {
        return { reason: 'signature annotation is not valid base64' };
    }
    let raw;
    try {
        raw = await sig.payload();
    }
    catch (err) {
        if (err instanceof errors/* SigilError */.XU && (err.code === 'DIGEST_MISMATCH' || err.code === 'TOO_LARGE' || err.code === 'NOT_FOUND')) {
            return { reason: (0,errors/* errorMessage */.gJ)(err) };
        }
        throw err;
    }
    if (!options.keys.some((k) => k.verify(raw, signature))) {
        return { reason: 'invalid signature when validating ASN.1 encoded signature' };
    }
    let payload;
    try {
        payload = (0,cosign_payload/* parsePayload */.ex)(raw, 'payload');
    }
    catch (err) {
        return { reason: (0,errors/* errorMessage */.gJ)(err) };
    }
    if (payload.manifestDigest !== digest) {
        return { reason: `invalid or missing digest in claim: ${payload.manifestDigest ?? '(none)'}` };
    }
    for (const [k, v] of Object.entries(options.annotations ?? {})) {
        if (payload.optional?.[k] !== v)
            return { reason: `missing or incorrect annotation: ${k}` };
    }
    return { ok: { layerIndex: sig.index, raw, payload, json: (0,cosign_payload/* payloadForOutput */.JE)(payload) } };
}
async function verifyOne(input, ref, options, store, sigRepoOverride) {
    const image = await (0,resolve/* resolveImage */.AT)(options.registry, ref, 'IMAGE_NOT_FOUND');
    const sigRepo = sigRepoOverride ?? ref;
    const listing = await store.list(sigRepo, image.digest);
    if (!listing || listing.signatures.length === 0) {
        throw new errors/* SigilError */.XU('NO_SIGNATURES', `no signatures found for ${input} (${classic/* ClassicSignatureStore */._.location(sigRepo, image.digest)})`);
    }
    const outcomes = await (0,concurrency/* mapLimit */.s)(listing.signatures, options.maxWorkers ?? 10, (s) => checkLayer(s, image.digest, options));
    const verified = outcomes.flatMap((o) => (o.ok ? [o.ok] : []));
    if (verified.length === 0) {
        if (outcomes.every((o) => o.skipped)) {
            throw new errors/* SigilError */.XU('NO_SIGNATURES', `no signatures found for ${input}: ${listing.location} holds only other attachments (${outcomes[0]?.skipped})`);
        }
        // One line per layer, whatever the registry served (a media type or payload claim could hold a newline).
        const reasons = outcomes.map((o, i) => ` layer ${i} (${listing.signatures[i]?.layer.digest}): ${(0,errors/* printable */.g$)(o.reason ?? `skipped, ${o.skipped}`)}`);
        throw new errors/* SigilError */.XU('NO_MATCHING_SIGNATURES', `no matching signatures for ${input}:\n${reasons.join('\n')}`);
    }
    return {
        reference: (0,reference/* referenceName */.z$)(ref),
        image: `${(0,reference/* repositoryName */.aR)(ref)}@${image.digest}`,
        digest: image.digest,
        signatureTag: listing.location,
        signatures: verified,
        checks: checksPerformed(Object.keys(options.annotations ?? {}).length > 0),
    };
}
/**
 * Verifies each image in turn; the first failure is thrown (NO_SIGNATURES, IMAGE_NOT_FOUND or
 * NO_MATCHING_SIGNATURES with every layer's reason), as cosign stops at the first image that fails.
 * `onVerified` is called for each image that passed, in order, before a later one fails.
 */
async function verifyImages(options, onVerified) {
    const logger = options.logger ?? log/* silentLogger */.q;
    const store = options.store ?? new classic/* ClassicSignatureStore */._(options.registry, { logger });
    if (options.keys.length === 0)
        throw new errors/* SigilError */.XU('USAGE', 'verify: at least one public key is required');
    const inputs = options.images.map((image) => ({ image, ref: (0,reference/* parseReference */.F2)(image) }));
    // Every input is checked before the first request.
    const sigRepo = options.signatureRepository ? (0,resolve/* parseSignatureRepository */.i3)(options.signatureRepository) : undefined;
    const results = [];
    for (const { image, ref } of inputs) {
        const v = await verifyOne(image, ref, options, store, sigRepo);
        results.push(v);
        onVerified?.(v);
    }
    return results;
}

// EXTERNAL MODULE: ./src/cli/args.ts
var args = __webpack_require__(7593);
// EXTERNAL MODULE: ./src/cli/command.ts
var command = __webpack_require__(3567);
// EXTERNAL MODULE: ./src/cli/io.ts
var cli_io = __webpack_require__(1604);
// EXTERNAL MODULE: ./src/cli/registry-flags.ts + 11 modules
var registry_flags = __webpack_require__(6146);
// EXTERNAL MODULE: ./src/cli/commands/sign.ts + 1 modules
var sign = __webpack_require__(8265);
;// CONCATENATED MODULE: ./src/cli/commands/verify.ts










const SUMMARY = 'Verify the signatures of container images with public keys';
const options = {
    key: { type: 'string', multiple: true, valueName: 'key', description: 'public key (path, env://NAME or PEM text); repeat to accept any of several' },
    annotations: { type: 'string', short: 'a', multiple: true, valueName: 'key=value', description: 'require these key=value pairs in the signed payload' },
    output: { type: 'string', short: 'o', valueName: 'format', description: 'json (default): the verified payloads as a JSON array; text: the raw payloads' },
    'max-workers': { type: 'string', valueName: 'n', description: 'signatures checked at once (default 10)' },
    'insecure-ignore-tlog': { type: 'boolean', description: 'accepted for cosign compatibility: sigil does not check a transparency log yet' },
    'check-claims': { type: 'boolean', description: 'accepted for cosign compatibility; claims are always checked' },
    ...registry_flags/* registryOptions */._A,
    ...command/* commonOptions */.O,
};
const NOTES = `
Exit codes (as cosign): 0 verified, 10 no signatures found, 11 image not found, 12 no matching signatures,
1 anything else, 2 usage. COSIGN_REPOSITORY reads the signatures from another repository.
`;
const TLOG_SKIPPED_COSIGN = 'Skipping tlog verification is an insecure practice that lacks of transparency and auditability verification for the signature.';
const TLOG_NOT_CHECKED = 'sigil does not check transparency log entries: the signatures were verified with the public key only (as cosign --insecure-ignore-tlog).';
function report(v, io, format) {
    io.stderr.write(`\nVerification for ${v.reference} --\nThe following checks were performed on each of these signatures:\n`);
    for (const check of v.checks)
        io.stderr.write(`  - ${check}\n`);
    if (format === 'text') {
        for (const s of v.signatures)
            io.stdout.write(`${Buffer.from(s.raw).toString('utf8')}\n`);
    }
    else {
        io.stdout.write(`\n[${v.signatures.map((s) => s.json).join(',')}]\n`);
    }
}
const verify_command = {
    summary: SUMMARY,
    run: async (argv, io) => {
        const { values, positionals } = (0,args/* parseCommandArgs */.Qx)('verify', argv, options);
        if (values.help) {
            io.stdout.write((0,args/* formatHelp */.B2)('sigil verify --key KEY [--key KEY2]... [-a key=value]... [-o json|text] IMAGE...', SUMMARY, options) + NOTES);
            return errors/* ExitCode */.yU.OK;
        }
        const keyRefs = values.key ?? [];
        if (keyRefs.length === 0)
            throw new errors/* UsageError */.eb('verify: required flag --key not set (keyless verification is not supported)');
        if (positionals.length === 0)
            throw new errors/* UsageError */.eb('verify: at least one image reference is required');
        const format = values.output ?? 'json';
        if (format !== 'json' && format !== 'text')
            throw new errors/* UsageError */.eb(`verify: invalid --output "${format}": expected json or text`);
        const workers = (0,sign.parseWorkers)(values['max-workers'], '--max-workers', 10);
        const timeout = (0,registry_flags/* commandTimeout */.bf)(values.timeout);
        const annotations = (0,cosign_payload/* parseAnnotationFlags */.mg)(values.annotations ?? []);
        for (const image of positionals)
            (0,reference/* parseReference */.F2)(image);
        if (io.env.COSIGN_REPOSITORY)
            (0,reference/* parseRepository */.SU)(io.env.COSIGN_REPOSITORY, `COSIGN_REPOSITORY "${io.env.COSIGN_REPOSITORY}"`);
        const keys = await Promise.all(keyRefs.map((ref) => (0,src_keys/* loadVerificationKey */.LX)(ref, { env: io.env, cwd: io.cwd })));
        const logger = (0,cli_io/* stderrLogger */.D7)(io, values.verbose === true);
        const registry = (0,registry_flags/* registryClient */.Rk)(values, io, logger);
        logger.warn(values['insecure-ignore-tlog'] ? TLOG_SKIPPED_COSIGN : TLOG_NOT_CHECKED);
        await (0,registry_flags/* withTimeout */.wj)(timeout, () => verifyImages({
            images: positionals,
            keys,
            registry,
            annotations,
            ...(io.env.COSIGN_REPOSITORY ? { signatureRepository: io.env.COSIGN_REPOSITORY } : {}),
            maxWorkers: workers,
            logger,
        }, (v) => report(v, io, format)));
        return errors/* ExitCode */.yU.OK;
    },
};


/***/ }),

/***/ 6773:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JE: () => (/* binding */ payloadForOutput),
/* harmony export */   ex: () => (/* binding */ parsePayload),
/* harmony export */   mg: () => (/* binding */ parseAnnotationFlags),
/* harmony export */   nI: () => (/* binding */ buildPayload)
/* harmony export */ });
/* unused harmony export PAYLOAD_TYPE */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _go_json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4680);
/**
 * The simple-signing payload cosign signs (`sigstore/pkg/signature/payload/payload.go` SimpleContainerImage):
 *
 * `{"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":"cosign container image signature"},"optional":null|{...}}`
 *
 * Go JSON: fixed key order, `optional` always present (`null` without annotations, else a map with sorted keys
 * and string values), HTML escaping, no trailing newline. The signed bytes are exactly these bytes.
 */


const PAYLOAD_TYPE = 'cosign container image signature';
function payloadValue(critical, optional) {
    return new _go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .GoStruct */ .On([
        ['critical', critical],
        ['optional', optional],
    ]);
}
function criticalValue(dockerReference, manifestDigest, type) {
    return new _go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .GoStruct */ .On([
        ['identity', new _go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .GoStruct */ .On([['docker-reference', dockerReference]])],
        ['image', new _go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .GoStruct */ .On([['docker-manifest-digest', manifestDigest]])],
        ['type', type],
    ]);
}
/** The exact payload bytes cosign would sign for these claims. */
function buildPayload(claims) {
    const entries = Object.entries(claims.annotations ?? {});
    const optional = entries.length === 0 ? null : new _go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .GoMap */ .tn(entries);
    const json = (0,_go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .goJson */ .Pl)(payloadValue(criticalValue(claims.dockerReference, claims.manifestDigest, PAYLOAD_TYPE), optional));
    return new TextEncoder().encode(json);
}
function asObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}
/**
 * Parses a payload the way cosign's claim verifier does (`json.Unmarshal` into SimpleContainerImage): it must be
 * a JSON object; missing fields read as empty.
 * @throws InputError INVALID_INPUT when the bytes are not a JSON object.
 */
function parsePayload(bytes, input = 'payload') {
    let doc;
    try {
        doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_INPUT', input, 'not valid JSON');
    }
    const top = asObject(doc);
    if (!top)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_INPUT', input, 'not a JSON object');
    const critical = asObject(top.critical);
    const identity = asObject(critical?.identity);
    const image = asObject(critical?.image);
    const str = (v) => (typeof v === 'string' ? v : undefined);
    const optional = top.optional === null || top.optional === undefined ? null : asObject(top.optional);
    if (optional === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_INPUT', input, '"optional" is not an object');
    return {
        dockerReference: str(identity?.['docker-reference']),
        manifestDigest: str(image?.['docker-manifest-digest']),
        type: str(critical?.type),
        optional,
    };
}
/**
 * The payload as cosign's `verify` prints it: re-serialised through SimpleContainerImage, so fields outside
 * critical/optional are dropped and `optional` keys are sorted.
 */
function payloadForOutput(p) {
    const optional = p.optional === null ? null : (0,_go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .fromParsedJson */ .Sd)(p.optional);
    return (0,_go_json_js__WEBPACK_IMPORTED_MODULE_1__/* .goJson */ .Pl)(payloadValue(criticalValue(p.dockerReference ?? '', p.manifestDigest ?? '', p.type ?? ''), optional));
}
/**
 * Parses cosign's `-a/--annotations` values: each flag value is a comma-separated list of `key=value`; every
 * entry must split on `=` into exactly two parts; later keys overwrite earlier ones
 * (`cosign/cmd/cosign/cli/options/annotations.go`, pflag StringSlice).
 * @throws InputError INVALID_ANNOTATION naming the bad entry.
 */
function parseAnnotationFlags(values, input = '-a/--annotations') {
    const out = {};
    for (const value of values) {
        for (const entry of splitStringSlice(value, input)) {
            const parts = entry.split('=');
            if (parts.length !== 2) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_ANNOTATION', `${input} "${entry}"`, 'expected key=value (a value may not contain "=")');
            }
            const [key, val] = parts;
            if (key === '')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_ANNOTATION', `${input} "${entry}"`, 'empty key');
            out[key] = val;
        }
    }
    return out;
}
/**
 * pflag's StringSlice reads a flag value as one CSV record: commas separate entries, double quotes may enclose an
 * entry that contains commas.
 */
function splitStringSlice(value, input) {
    if (value === '')
        return [];
    const out = [];
    let cur = '';
    let quoted = false;
    let atStart = true;
    for (let i = 0; i < value.length; i++) {
        const ch = value[i];
        if (quoted) {
            if (ch === '"') {
                if (value[i + 1] === '"') {
                    cur += '"';
                    i++;
                }
                else {
                    quoted = false;
                }
            }
            else {
                cur += ch;
            }
            continue;
        }
        if (ch === '"' && atStart) {
            quoted = true;
            atStart = false;
            continue;
        }
        if (ch === ',') {
            out.push(cur);
            cur = '';
            atStart = true;
            continue;
        }
        if (ch === '"')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_ANNOTATION', `${input} "${value}"`, 'bare " in an unquoted entry');
        cur += ch;
        atStart = false;
    }
    if (quoted)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('INVALID_ANNOTATION', `${input} "${value}"`, 'unterminated quoted entry');
    out.push(cur);
    return out;
}


/***/ }),

/***/ 8981:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ ClassicSignatureStore)
/* harmony export */ });
/* harmony import */ var _cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(455);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5625);
/**
 * The classic cosign signature store: every signature of an image is a layer of the OCI manifest tagged
 * `sha256-<hex>.sig` in the image's repository (or COSIGN_REPOSITORY).
 *
 * Appending is a read-modify-write of one mutable tag, and registries offer no compare-and-swap on it (Distribution
 * ignores If-Match), so concurrent signers can overwrite each other (sigstore/cosign#2432). `attach` guards against
 * that, within bounds:
 *  1. read the `.sig` (GET); stop if an equivalent signature is already there;
 *  2. upload the payload and the new config blob (in parallel);
 *  3. just before the PUT, HEAD the tag: if its digest moved since the read, re-read, merge and go to 2;
 *  4. PUT the merged manifest (with If-Match on the ETag read, where the registry honours it);
 *  5. wait a settle delay longer than a writer's read-to-write time, then read the tag back: any writer whose read
 *     came before our PUT has written by then; if our layer is missing, merge what is there and go to 2.
 * A fresh signature costs 1 read + 4 blob requests + 1 HEAD + 1 PUT + 1 read-back.
 */



const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function sameLayer(a, b) {
    if (a.digest !== b.digest || a.mediaType !== b.mediaType || a.size !== b.size)
        return false;
    const ak = Object.keys(a.annotations ?? {});
    const bk = Object.keys(b.annotations ?? {});
    return ak.length === bk.length && ak.every((k) => a.annotations?.[k] === b.annotations?.[k]);
}
class ClassicSignatureStore {
    #client;
    #logger;
    #maxRounds;
    #minSettleMs;
    #maxSettleMs;
    #maxPayloadBytes;
    #sleep;
    constructor(client, options = {}) {
        this.#client = client;
        this.#logger = options.logger ?? _log_js__WEBPACK_IMPORTED_MODULE_2__/* .silentLogger */ .q;
        this.#maxRounds = options.maxRounds ?? 16;
        this.#minSettleMs = options.minSettleMs ?? 250;
        this.#maxSettleMs = options.maxSettleMs ?? 5000;
        this.#maxPayloadBytes = options.maxPayloadBytes ?? 4 * 1024 * 1024;
        this.#sleep = options.sleep ?? defaultSleep;
    }
    static location(repo, imageDigest) {
        return `${repo.registry}/${repo.repository}:${(0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .signatureTag */ .bG)(imageDigest)}`;
    }
    async #read(repo, tag, location) {
        try {
            const m = await this.#client.getManifest(repo, tag);
            return { manifest: (0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .parseSignatureManifest */ .XY)(m.bytes, location, m.mediaType), digest: m.digest, etag: m.etag };
        }
        catch (err) {
            if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SigilError */ .XU && err.code === 'NOT_FOUND')
                return { manifest: undefined, digest: undefined, etag: undefined };
            throw err;
        }
    }
    async #findEquivalent(state, sig) {
        for (const layer of state.manifest?.layers ?? []) {
            if (sameLayer(layer, sig.layer) || (await sig.isEquivalent(layer)))
                return true;
        }
        return false;
    }
    async attach(repo, imageDigest, sig) {
        const tag = (0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .signatureTag */ .bG)(imageDigest);
        const location = ClassicSignatureStore.location(repo, imageDigest);
        let state = await this.#read(repo, tag, location);
        if (await this.#findEquivalent(state, sig)) {
            this.#logger.debug(`${location}: an equivalent signature is already present; nothing to write`);
            return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 };
        }
        let payloadUploaded = false;
        // If-Match is sent while the registry's answers make sense: a 412 for a tag that did not move means its ETags
        // are not the manifest digests we read, and the HEAD check alone guards the write from then on.
        let useIfMatch = true;
        let readAt = Date.now();
        for (let round = 1; round <= this.#maxRounds; round++) {
            const layers = [...(state.manifest?.layers ?? []), sig.layer];
            if (layers.length > _cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_SIGNATURE_LAYERS */ .zM) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SigilError */ .XU('INVALID_MANIFEST', `${location}: would hold ${layers.length} signatures, more than cosign's limit of ${_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_SIGNATURE_LAYERS */ .zM}`);
            }
            const { manifest, config } = (0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .manifestWithLayers */ ._H)(state.manifest, layers);
            const bytes = (0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .serializeManifest */ .MZ)(manifest);
            await Promise.all([
                payloadUploaded ? undefined : this.#client.uploadBlob(repo, sig.layer.digest, sig.payload).then(() => (payloadUploaded = true)),
                this.#client.uploadBlob(repo, manifest.config.digest, config),
            ]);
            const head = await this.#client.headManifest(repo, tag);
            if (head?.digest !== state.digest) {
                this.#logger.debug(`${location}: changed by another writer since it was read; merging (round ${round})`);
                // A random pause de-synchronises writers that keep colliding.
                await this.#sleep(Math.floor(Math.random() * 50 * Math.min(round, 8)));
                state = await this.#read(repo, tag, location);
                readAt = Date.now();
                if (await this.#findEquivalent(state, sig))
                    return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 };
                continue;
            }
            try {
                await this.#client.putManifest(repo, tag, bytes, manifest.mediaType, useIfMatch && state.etag ? { ifMatch: state.etag } : {});
            }
            catch (err) {
                if (err instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SigilError */ .XU && err.code === 'PRECONDITION_FAILED') {
                    const before = state.digest;
                    state = await this.#read(repo, tag, location);
                    readAt = Date.now();
                    if (state.digest === before) {
                        useIfMatch = false;
                        this.#logger.debug(`${location}: the registry refused If-Match for an unchanged tag; writing without it`);
                    }
                    else if (await this.#findEquivalent(state, sig)) {
                        return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 };
                    }
                    continue;
                }
                throw err;
            }
            const readToWrite = Date.now() - readAt;
            const settle = Math.min(this.#maxSettleMs, Math.max(this.#minSettleMs, 2 * readToWrite));
            await this.#sleep(settle);
            state = await this.#read(repo, tag, location);
            readAt = Date.now();
            if (state.manifest?.layers.some((l) => sameLayer(l, sig.layer))) {
                return { location, written: true, layerCount: state.manifest.layers.length };
            }
            this.#logger.debug(`${location}: our signature was overwritten by a concurrent writer; merging (round ${round})`);
            if (await this.#findEquivalent(state, sig))
                return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 };
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SigilError */ .XU('SIGNATURE_NOT_PERSISTED', `${location}: the signature could not be kept after ${this.#maxRounds} rounds of concurrent updates; run the signing again`);
    }
    async list(repo, imageDigest) {
        const tag = (0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .signatureTag */ .bG)(imageDigest);
        const location = ClassicSignatureStore.location(repo, imageDigest);
        const state = await this.#read(repo, tag, location);
        if (!state.manifest)
            return undefined;
        return {
            location,
            signatures: state.manifest.layers.map((layer, index) => ({
                index,
                layer,
                payload: () => {
                    if (layer.size > this.#maxPayloadBytes) {
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SigilError */ .XU('TOO_LARGE', `${location}: layer ${index} payload is ${layer.size} bytes, over the ${this.#maxPayloadBytes}-byte limit`);
                    }
                    return this.#client.getBlob(repo, layer.digest, { maxBytes: this.#maxPayloadBytes, expectedSize: layer.size });
                },
            })),
        };
    }
}


/***/ }),

/***/ 3731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the order of `items`. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    let firstError;
    const worker = async () => {
        while (!failed && next < items.length) {
            const i = next++;
            try {
                results[i] = await fn(items[i], i);
            }
            catch (err) {
                if (!failed)
                    firstError = err;
                failed = true;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failed)
        throw firstError;
    return results;
}


/***/ })

};

//# sourceMappingURL=349.index.js.map