// Bundled in place of @noble/ciphers/aes (src/bundle/build.mjs). pdfkit encrypts PDFs with it, which
// samizdat never asks for, and it builds its AES tables as it loads: 8 ms of every build. Loaded
// with the first encrypted PDF instead.
'use strict';
let aes;
const load = () => (aes ??= require('../../node_modules/@noble/ciphers/aes.js'));
exports.cbc = (...args) => load().cbc(...args);
exports.ecb = (...args) => load().ecb(...args);
