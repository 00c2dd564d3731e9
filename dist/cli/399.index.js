export const id = 399;
export const ids = [399];
export const modules = {

/***/ 2399:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _keys_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3292);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7593);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3567);
/* harmony import */ var _password_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2437);





const SUMMARY = 'Encrypt an existing PEM private key into a cosign-compatible key pair';
const options = {
    key: { type: 'string', short: 'k', valueName: 'key', description: 'unencrypted PEM private key to import: a path, env://NAME or the PEM text' },
    'output-key-prefix': {
        type: 'string',
        short: 'o',
        default: 'import-cosign',
        valueName: 'prefix',
        description: 'name used for the written .key and .pub files (default "import-cosign")',
    },
    'legacy-format': {
        type: 'boolean',
        description: 'write the format cosign <= 2.1 and skopeo <= 1.13 read (ENCRYPTED COSIGN PRIVATE KEY, scrypt N=32768)',
    },
    yes: { type: 'boolean', short: 'y', description: 'overwrite existing files without asking' },
    ..._command_js__WEBPACK_IMPORTED_MODULE_3__/* .commonOptions */ .O,
};
const HELP_NOTES = `
Accepted keys: ECDSA P-256 as PRIVATE KEY (PKCS#8) or EC PRIVATE KEY (SEC1). RSA, P-384, P-521 and Ed25519 keys,
which cosign imports, are refused until sigil can sign with them. The password for the new key file comes from
COSIGN_PASSWORD, else standard input when it is not a terminal, else a prompt (asked twice).
`;
const command = {
    summary: SUMMARY,
    run: async (argv, io) => {
        const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseCommandArgs */ .Qx)('import-key-pair', argv, options);
        if (values.help) {
            io.stdout.write((0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .formatHelp */ .B2)('sigil import-key-pair --key FILE [--output-key-prefix prefix] [--legacy-format] [-y]', SUMMARY, options) + HELP_NOTES);
            return _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.OK;
        }
        if (positionals.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`import-key-pair: unexpected argument "${positionals[0]}"`);
        if (values.key === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('import-key-pair: required flag --key not set');
        const prefix = values['output-key-prefix'] ?? 'import-cosign';
        if (prefix === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('import-key-pair: --output-key-prefix must not be empty');
        const key = await (0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .loadImportKey */ .fC)(values.key, { env: io.env, cwd: io.cwd });
        const written = await (0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .writeKeyPair */ .r)(key, {
            prefix,
            cwd: io.cwd,
            format: values['legacy-format'] ? 'legacy' : 'sigstore',
            password: (0,_password_js__WEBPACK_IMPORTED_MODULE_4__/* .passwordSource */ .n)(io, { confirm: true }),
            confirmOverwrite: (0,_password_js__WEBPACK_IMPORTED_MODULE_4__/* .overwritePolicy */ .y)(io, values.yes === true),
        });
        io.stderr.write(`Private key written to ${written.keyPath}\n`);
        io.stderr.write(`Public key written to ${written.pubPath}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.OK;
    },
};


/***/ })

};

//# sourceMappingURL=399.index.js.map