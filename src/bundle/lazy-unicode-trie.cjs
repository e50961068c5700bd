// Bundled in place of the unicode-trie package (src/bundle/build.mjs). fontkit, linebreak
// and unicode-properties each build tries of Unicode data when they are loaded; inflating them takes
// a fifth of samizdat's start-up, and most builds never read most of them (the Arabic, Indic and
// Universal shapers' tables, pdfkit's line breaking). The same trie, built on its first lookup.
'use strict';
const UnicodeTrie = require('../../node_modules/unicode-trie/index.js');

class LazyUnicodeTrie {
  constructor(data) {
    this.data = data;
    this.trie = null;
  }
  get(codePoint) {
    return (this.trie ??= new UnicodeTrie(this.data)).get(codePoint);
  }
}

module.exports = LazyUnicodeTrie;
