'use strict';
// Reading the raw body of a Node.js request (http.IncomingMessage) for the Node-only integrations,
// with the limit kept as the contract asks: a Content-Length over it is refused before a byte is
// read, and a body without one (chunked) as soon as the count passes it. body-parser (express.raw)
// does neither: it reads a refused body to its end before it reports the error, so a client that
// waits for the answer before sending waits forever. Internal: not one of the package's entry points.

const { BodyAlreadyRead, PayloadTooLarge, declaredOver } = require('./answers.js');

/** The client went away, or sent a body that HTTP could not frame: answered 400. */
class UnreadableBody extends Error {
  constructor(cause) {
    super('the request body could not be read in full', { cause });
    this.name = 'UnreadableBody';
  }
}

/**
 * The body of `req` as one Buffer, read once, up to `limit` bytes. Rejects with PayloadTooLarge
 * (the rest left unread: answer with Connection: close), BodyAlreadyRead (a body parser read it
 * first: `alreadyRead` says how) or UnreadableBody.
 */
function readRawBody(req, limit, alreadyRead) {
  return new Promise((resolve, reject) => {
    if (req.readableEnded || req._body === true || req.body !== undefined) {
      reject(new BodyAlreadyRead(alreadyRead));
      return;
    }
    if (declaredOver(req.headers['content-length'], limit)) {
      reject(new PayloadTooLarge(limit));
      return;
    }
    const chunks = [];
    let total = 0;
    const settle = (outcome, value) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      outcome(value);
    };
    const onData = (chunk) => {
      total += chunk.length;
      if (total > limit) {
        req.pause();
        settle(reject, new PayloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      settle(resolve, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    const onError = (error) => settle(reject, new UnreadableBody(error));
    const onClose = () => settle(reject, new UnreadableBody(new Error('the connection closed')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

module.exports = { UnreadableBody, readRawBody };
