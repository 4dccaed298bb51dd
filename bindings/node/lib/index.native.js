'use strict';
// sharpapi-webhooks/native in Node.js: the API over the native library through Koffi, whatever
// the platform (a platform the package carries no library for throws, naming it).

module.exports = require('./api').createApi(require('./native').engine);
