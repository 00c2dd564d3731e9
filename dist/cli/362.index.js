export const id = 362;
export const ids = [362];
export const modules = {

/***/ 6362:
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





const SUMMARY = 'Print the public key of a private key';
const options = {
    key: { type: 'string', valueName: 'key', description: 'encrypted cosign private key: a path, env://NAME or the PEM text' },
    outfile: { type: 'string', valueName: 'file', description: 'write the public key to this file instead of standard output' },
    yes: { type: 'boolean', short: 'y', description: 'overwrite --outfile without asking when it exists' },
    ..._command_js__WEBPACK_IMPORTED_MODULE_3__/* .commonOptions */ .O,
};
const HELP_NOTES = `
The password comes from COSIGN_PASSWORD when it is set (even empty), else from all of standard input when it is
not a terminal, else from a prompt.
`;
const command = {
    summary: SUMMARY,
    run: async (argv, io) => {
        const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .parseCommandArgs */ .Qx)('public-key', argv, options);
        if (values.help) {
            io.stdout.write((0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .formatHelp */ .B2)('sigil public-key --key KEY [--outfile FILE]', SUMMARY, options) + HELP_NOTES);
            return _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.OK;
        }
        if (positionals.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`public-key: unexpected argument "${positionals[0]}"`);
        if (values.key === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('public-key: required flag --key not set');
        const outfile = values.outfile;
        if (outfile === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb('public-key: --outfile must not be empty');
        // Check the output before the password is asked for, so a refusal costs the user nothing.
        const replace = outfile === undefined ? [] : await (0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .checkTargets */ .VJ)([outfile], { cwd: io.cwd, confirmOverwrite: (0,_password_js__WEBPACK_IMPORTED_MODULE_4__/* .overwritePolicy */ .y)(io, values.yes === true) });
        const key = await (0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .loadSigningKey */ .fm)(values.key, { env: io.env, cwd: io.cwd, password: (0,_password_js__WEBPACK_IMPORTED_MODULE_4__/* .passwordSource */ .n)(io, { confirm: false }) });
        if (outfile === undefined) {
            io.stdout.write(key.publicKeyPem);
            return _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.OK;
        }
        await (0,_keys_index_js__WEBPACK_IMPORTED_MODULE_1__/* .writeAll */ .f4)([{ path: outfile, contents: key.publicKeyPem, mode: 0o644 }], replace, io.cwd);
        io.stderr.write(`Public key written to ${outfile}\n`);
        return _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ExitCode */ .yU.OK;
    },
};


/***/ })

};

//# sourceMappingURL=362.index.js.map