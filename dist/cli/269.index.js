export const id = 269;
export const ids = [269];
export const modules = {

/***/ 3269:
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





const SUMMARY = 'Generate an encrypted cosign-compatible key pair (cosign.key, cosign.pub)';
const options = {
    'output-key-prefix': { type: 'string', default: 'cosign', valueName: 'prefix', description: 'name used for the generated .key and .pub files (default "cosign")' },
    'legacy-format': {
        type: 'boolean',
        description: 'write the format cosign <= 2.1 and skopeo <= 1.13 read (ENCRYPTED COSIGN PRIVATE KEY, scrypt N=32768)',
    },
    yes: { type: 'boolean', short: 'y', description: 'overwrite existing files without asking' },
    ..._command_js__WEBPACK_IMPORTED_MODULE_3__/* .commonOptions */ .O,
};
const HELP_NOTES = `
The password comes from COSIGN_PASSWORD when it is set (even empty), else from all of standard input when it is
not a terminal (not trimmed), else from a prompt (asked twice). Existing files are replaced only after a "y" at the
terminal prompt or with -y.
`;
const command = {
    summary: SUMMARY,
    run: async (argv, io) => {
        const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseCommandArgs */ .Qx)('generate-key-pair', argv, options);
        if (values.help) {
            io.stdout.write((0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .formatHelp */ .B2)('sigil generate-key-pair [--output-key-prefix prefix] [--legacy-format] [-y]', SUMMARY, options) + HELP_NOTES);
            return _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.OK;
        }
        if (positionals.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`generate-key-pair: unexpected argument "${positionals[0]}"`);
        const prefix = values['output-key-prefix'] ?? 'cosign';
        if (prefix === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('generate-key-pair: --output-key-prefix must not be empty');
        const written = await (0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .writeKeyPair */ .r)((0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .generateSigningKey */ .ID)(), {
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

//# sourceMappingURL=269.index.js.map