export const id = 672;
export const ids = [672];
export const modules = {

/***/ 672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   command: () => (/* binding */ command)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(916);

// Placeholder until the command is implemented.
const command = {
    summary: 'sign',
    run: async () => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SigilError */ .XU('UNSUPPORTED', 'sign is not implemented yet');
    },
};


/***/ })

};

//# sourceMappingURL=672.index.js.map