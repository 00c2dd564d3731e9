export const id = 399;
export const ids = [399];
export const modules = {

/***/ 399:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(916);

// Placeholder until the command is implemented.
const command = {
    summary: 'import-key-pair',
    run: async () => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('UNSUPPORTED', 'import-key-pair is not implemented yet');
    },
};


/***/ })

};

//# sourceMappingURL=399.index.js.map