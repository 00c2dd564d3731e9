export const id = 412;
export const ids = [412];
export const modules = {

/***/ 412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(916);

// Placeholder until the command is implemented.
const command = {
    summary: 'verify',
    run: async () => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('UNSUPPORTED', 'verify is not implemented yet');
    },
};


/***/ })

};

//# sourceMappingURL=412.index.js.map