// Bundled in place of node-fetch (src/bundle/build.mjs), which epub-gen-memory loads to
// download images and fonts by URL. samizdat hands it every file's bytes itself and never reads the
// network: a call here is a bug, and says so instead of fetching.
'use strict';
function noFetch(url) {
  return Promise.reject(new Error(`samizdat never fetches from the network (asked for ${url})`));
}
module.exports = noFetch;
module.exports.default = noFetch;
