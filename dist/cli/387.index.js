export const id = 387;
export const ids = [387];
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

/***/ 5387:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(455);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2148);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1259);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7593);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3567);
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1604);
/* harmony import */ var _registry_flags_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6146);








const SUMMARY = 'Print the location of the signature tag of an image';
const options = {
    type: { type: 'string', valueName: 'kind', description: 'signature (default), attestation or sbom: the tag suffix .sig, .att or .sbom' },
    ..._registry_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .registryOptions */ ._A,
    ..._command_js__WEBPACK_IMPORTED_MODULE_5__/* .commonOptions */ .O,
};
const SUFFIX = { signature: 'sig', attestation: 'att', sbom: 'sbom' };
const command = {
    summary: SUMMARY,
    run: async (argv, io) => {
        const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCommandArgs */ .Qx)('triangulate', argv, options);
        if (values.help) {
            io.stdout.write((0,_args_js__WEBPACK_IMPORTED_MODULE_4__/* .formatHelp */ .B2)('sigil triangulate [--type signature|attestation|sbom] IMAGE', SUMMARY, options));
            return _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ExitCode */ .yU.OK;
        }
        if (positionals.length !== 1)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('triangulate: exactly one image reference is required');
        const timeout = (0,_registry_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .commandTimeout */ .bf)(values.timeout);
        const suffix = SUFFIX[values.type ?? 'signature'];
        if (!suffix)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`triangulate: invalid --type "${values.type}": expected signature, attestation or sbom`);
        const ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(positionals[0]);
        const target = io.env.COSIGN_REPOSITORY ? (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRepository */ .SU)(io.env.COSIGN_REPOSITORY, `COSIGN_REPOSITORY "${io.env.COSIGN_REPOSITORY}"`) : ref;
        const logger = (0,_io_js__WEBPACK_IMPORTED_MODULE_7__/* .stderrLogger */ .D7)(io, values.verbose === true);
        const registry = (0,_registry_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .registryClient */ .Rk)(values, io, logger);
        const digest = ref.digest ?? (await (0,_registry_flags_js__WEBPACK_IMPORTED_MODULE_6__/* .withTimeout */ .wj)(timeout, () => (0,_resolve_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveImage */ .AT)(registry, ref))).digest;
        io.stdout.write(`${(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .repositoryName */ .aR)(target)}:${(0,_cosign_signature_manifest_js__WEBPACK_IMPORTED_MODULE_0__/* .signatureTag */ .bG)(digest, suffix)}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ExitCode */ .yU.OK;
    },
};


/***/ })

};

//# sourceMappingURL=387.index.js.map