// Bundled in place of brotli's decompress.js (src/bundle/build.mjs). fontkit loads brotli for
// WOFF2 fonts, and brotli decodes its dictionary as it is loaded: 8 ms of every start-up, for a font
// format samizdat's faces do not use. Loaded with the first WOFF2 font instead.
'use strict';
let decompress;
module.exports = (buffer, size) => (decompress ??= require('../../node_modules/brotli/decompress.js'))(buffer, size);
