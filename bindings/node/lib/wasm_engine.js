'use strict';
// The WebAssembly engine: the core compiled to WebAssembly (bindings/wasm), called through the
// functions that wasm-bindgen generated for it. The loaders (wasm_node.js for Node.js's require,
// index.edge.mjs for every other runtime) instantiate the module and hand its functions here.
// No Node.js built-in is required here.
//
// An engine, native.js's or this one, is what api.js calls:
//   name, version                   "native" or "wasm"; the version of the core it runs
//   newVerifier(secrets)            a handle for a verifier of these texts; throws InvalidSecret
//   freeVerifier(handle)            releases it (a FinalizationRegistry's callback)
//   verify(handle, body, signature) a status: 0, or the code of the error (signature null when
//                                   the header is absent); lastError(status) is then its error
//   constructEvent(handle, body, signature), constructEventFromHeaders(handle, body, flat),
//   parseEventUnverified(body)      a WebhookEvent, or throws the WebhookError
//   sign(payload, secret)           the hex signature, or throws InvalidSecret
//   explain(body, signature, secrets)  the cause set that the core's explain finds: bit n - 1
//                                   for cause n (signature null when absent)
//   explainFromHeaders(body, flat, secrets)  the same, the signature found among the headers as
//                                   constructEventFromHeaders finds it
//   testDelivery(secret, id, status, type, resultJson)  { body, signature }: a delivery made and
//                                   signed by the core (resultJson null for none); a Buffer body
//                                   in Node.js, or throws InvalidSecret or InvalidPayload
// Bodies are Uint8Arrays; texts are strings, handed over as UTF-8 by text.js's rule.
//
// The module's API (bindings/wasm/src/lib.rs) is shaped like the C ABI: the arguments are written
// into its input buffer as length-prefixed bytes, each call returns a status, and the answer is
// read from its output table, words of 32 bits, as addresses and lengths of texts in its memory.

const { errorFor } = require('./errors');
const { OTHER, eventOf } = require('./event');
const { maxUtf8Length, writeUtf8 } = require('./text');
const { ABI_ERRORS, VERSION } = require('./vocabulary');

// The output table's words, as bindings/wasm/src/lib.rs numbers them.
const MESSAGE = 0; // a failure's message: address, length
const TEXT = 0; // sign's signature: address, length
const HANDLE = 0; // verifier_new's handle
const ID = 0; // an event's id: address, length
const STATUS = 2; // its status: number (OTHER when unknown), address, length
const TYPE = 5; // its type: number, address, length
const RESULT = 8; // its result: 1 when present, address, length
const BODY = 0; // a test delivery's body: address, length
const SIGNATURE = 2; // its X-Signature value: address, length
const CAUSES = 0; // explain's cause set

/** Each argument's length prefix: 32 bits, little-endian. */
const PREFIX = 4;

const INTERNAL_ERROR = ABI_ERRORS.find(({ name }) => name === 'InternalError');

/**
 * The engine over `wasm`, the functions of wasm-bindgen's generated module (either target's).
 * Checks that the module is this package's version. `copyBytes(view)` copies bytes out of the
 * module's memory (a test delivery's body): a Uint8Array by default, a Buffer in Node.js.
 */
function createWasmEngine(wasm, copyBytes = (view) => view.slice()) {
  const version = wasm.version();
  if (version !== VERSION) {
    throw new Error(
      `sharpapi-webhooks ${VERSION} needs its WebAssembly module at ${VERSION}, but the module is ${version}`,
    );
  }
  // ignoreBOM: a text that begins with U+FEFF keeps it (by default a TextDecoder drops it).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const memory = wasm.linear_memory();
  const output = wasm.output() >>> 2;
  let bytes = new Uint8Array(memory.buffer);
  let words = new Uint32Array(memory.buffer);
  /** What broke the instance: a call that did not return (a trap). Every later call fails. */
  let broken = null;

  /** Views of the memory as it is now: growing it detaches the old ones. */
  function refresh() {
    if (bytes.byteLength === 0) {
      bytes = new Uint8Array(memory.buffer);
      words = new Uint32Array(memory.buffer);
    }
  }

  /**
   * One call into the module. A call that throws instead of returning (a trap, the stack
   * exhausted) left the instance half-way, its state not to be trusted: it is not called again.
   */
  function enter(call, first, second) {
    if (broken === null) {
      try {
        const result = call(first, second);
        refresh();
        return result;
      } catch (error) {
        broken = error;
      }
    }
    return failed();
  }

  function failed() {
    throw errorFor(
      INTERNAL_ERROR.code,
      `${INTERNAL_ERROR.description}: the WebAssembly module stopped (${broken}), and this ` +
        'instance of it is not called again; restart the process',
    );
  }

  /** Makes the input buffer hold `size` bytes; gives its address. */
  function reserve(size) {
    // 0 when the memory cannot grow that far; past 4 GiB, a 32-bit memory has no room at all.
    const address = size <= 0xffffffff ? enter(wasm.input, size) : 0;
    if (address === 0) {
      throw new RangeError(
        `sharpapi-webhooks: the WebAssembly memory cannot hold ${size} bytes of arguments`,
      );
    }
    return address;
  }

  function putLength(at, length) {
    bytes[at] = length;
    bytes[at + 1] = length >>> 8;
    bytes[at + 2] = length >>> 16;
    bytes[at + 3] = length >>> 24;
  }

  /** Writes `data` (bytes) as an argument at `at`; gives where the next one goes. */
  function putBytes(at, data) {
    putLength(at, data.length);
    bytes.set(data, at + PREFIX);
    return at + PREFIX + data.length;
  }

  /** Writes `text` as an argument at `at`, as UTF-8; gives where the next one goes. */
  function putText(at, text) {
    const length = writeUtf8(text, bytes, at + PREFIX);
    putLength(at, length);
    return at + PREFIX + length;
  }

  /** The room that `texts` take as arguments, at most. */
  function textsSize(texts) {
    let size = texts.length * PREFIX;
    for (let index = 0; index < texts.length; index += 1) {
      size += maxUtf8Length(texts[index]);
    }
    return size;
  }

  /** Writes the body and the signature (unless null) as arguments. */
  function putDelivery(body, signature) {
    const size =
      PREFIX + body.length + (signature === null ? 0 : PREFIX + maxUtf8Length(signature));
    const at = putBytes(reserve(size), body);
    if (signature !== null) {
      putText(at, signature);
    }
  }

  /** The bytes at the address and length in the output table's words from `at`, in the memory. */
  function view(at) {
    const address = words[output + at];
    return bytes.subarray(address, address + words[output + at + 1]);
  }

  /** The text at the address and length in the output table's words from `at`. */
  function text(at) {
    return decoder.decode(view(at));
  }

  function lastError(status) {
    return errorFor(status, text(MESSAGE));
  }

  function throwIfError(status) {
    if (status !== 0) {
      throw lastError(status);
    }
  }

  /** The event that the last call stored; a status or type text is read only when OTHER. */
  function takeEvent(status) {
    throwIfError(status);
    const statusCode = words[output + STATUS];
    const typeCode = words[output + TYPE];
    return eventOf(
      text(ID),
      statusCode,
      statusCode === OTHER ? text(STATUS + 1) : null,
      typeCode,
      typeCode === OTHER ? text(TYPE + 1) : null,
      words[output + RESULT] === 0 ? null : text(RESULT + 1),
    );
  }

  return {
    name: 'wasm',
    version,
    lastError,
    newVerifier(secrets) {
      let at = reserve(textsSize(secrets));
      for (const secret of secrets) {
        at = putText(at, secret);
      }
      // The module zeroes the secrets' bytes once it has read them.
      throwIfError(enter(wasm.verifier_new, secrets.length));
      return words[output + HANDLE];
    },
    freeVerifier(handle) {
      // A FinalizationRegistry's callback: it must not throw.
      if (broken === null) {
        try {
          wasm.verifier_free(handle);
        } catch (error) {
          broken = error;
        }
      }
    },
    verify(handle, body, signature) {
      putDelivery(body, signature);
      return enter(wasm.verifier_verify, handle, signature !== null);
    },
    constructEvent(handle, body, signature) {
      putDelivery(body, signature);
      return takeEvent(enter(wasm.verifier_construct_event, handle, signature !== null));
    },
    constructEventFromHeaders(handle, body, flatHeaders) {
      let at = putBytes(reserve(PREFIX + body.length + textsSize(flatHeaders)), body);
      for (const header of flatHeaders) {
        at = putText(at, header);
      }
      const headers = flatHeaders.length / 2;
      return takeEvent(enter(wasm.verifier_construct_event_from_headers, handle, headers));
    },
    parseEventUnverified(body) {
      putBytes(reserve(PREFIX + body.length), body);
      return takeEvent(enter(wasm.parse_event_unverified));
    },
    sign(payload, secret) {
      putText(
        putBytes(reserve(PREFIX + payload.length + PREFIX + maxUtf8Length(secret)), payload),
        secret,
      );
      throwIfError(enter(wasm.sign));
      return text(TEXT);
    },
    explain(body, signature, secrets) {
      const size =
        PREFIX + body.length + textsSize(signature === null ? secrets : [signature, ...secrets]);
      let at = putBytes(reserve(size), body);
      if (signature !== null) {
        at = putText(at, signature);
      }
      for (const secret of secrets) {
        at = putText(at, secret);
      }
      // The module zeroes the secrets' bytes once it has read them.
      throwIfError(enter(wasm.explain, signature !== null, secrets.length));
      return words[output + CAUSES];
    },
    explainFromHeaders(body, flatHeaders, secrets) {
      const texts = [...flatHeaders, ...secrets];
      let at = putBytes(reserve(PREFIX + body.length + textsSize(texts)), body);
      for (const each of texts) {
        at = putText(at, each);
      }
      // The module zeroes the secrets' bytes once it has read them.
      throwIfError(enter(wasm.explain_from_headers, flatHeaders.length / 2, secrets.length));
      return words[output + CAUSES];
    },
    testDelivery(secret, id, status, type, resultJson) {
      const texts =
        resultJson === null ? [secret, id, status, type] : [secret, id, status, type, resultJson];
      let at = reserve(textsSize(texts));
      for (const each of texts) {
        at = putText(at, each);
      }
      throwIfError(enter(wasm.test_delivery, resultJson !== null));
      return { body: copyBytes(view(BODY)), signature: text(SIGNATURE) };
    },
  };
}

module.exports = { createWasmEngine };
