'use strict';
// The native engine: the C ABI of the project's one native library
// (bindings/c/include/sharpapi_webhooks.h), loaded with Koffi. Functions keep their C names; the
// `engine` at the end is what api.js calls (the contract is in wasm_engine.js, the other engine).
// Nothing here is exported from the package.

const koffi = require('koffi');
const { errorFor } = require('./errors');
const { OTHER, eventOf } = require('./event');
const { LIBRARY_ENV, currentPlatform, describe, libraryPath } = require('./platform');
const { maxUtf8Length, writeUtf8 } = require('./text');
const { VERSION } = require('./vocabulary');

/** The header version these declarations mirror; the loaded library must report the same. */
const SHARPAPI_VERSION = VERSION;
const SHARPAPI_SIGNATURE_BUFFER_LEN = 65;
const SHARPAPI_OK = 0;
/** The code of a status or type this version does not know; its text is then read. */
const SHARPAPI_JOB_STATUS_OTHER = OTHER;
const SHARPAPI_JOB_TYPE_OTHER = OTHER;

/** The library file loaded: the package's own for this platform, or SHARPAPI_WEBHOOKS_LIBRARY's. */
const libraryFile = libraryPath();

function load() {
  try {
    return koffi.load(libraryFile);
  } catch (error) {
    const platform = describe(currentPlatform());
    const chosen = process.env[LIBRARY_ENV] ? `${LIBRARY_ENV}'s` : `the package's ${platform}`;
    throw new Error(
      `sharpapi-webhooks: cannot load ${chosen} native library ${libraryFile}: ${error.message}`,
      { cause: error },
    );
  }
}

const lib = load();

// Every type is anonymous: Koffi's type names are global to the process, so a second copy of this
// module (another version of the package, a test runner's fresh module registry) would fail on
// a name that this one declared.
const status = 'uint32_t'; // sharpapi_status_t
const verifier = koffi.pointer(koffi.opaque()); // sharpapi_verifier_t *
const event = koffi.pointer(koffi.opaque()); // sharpapi_event_t *
const delivery = koffi.pointer(koffi.opaque()); // sharpapi_test_delivery_t *
// The body: a Buffer or any Uint8Array, whose own memory C reads during the call.
const bytes = 'const uint8_t *';
const text = 'const char *';
// Every other input (the signature's bytes, the secrets' and the headers' arrays of
// sharpapi_str_t and sharpapi_header_t) is written by this module into `arena`, native memory,
// and passed as its address (a BigInt). Koffi's own marshalling of an array of structs from JS
// objects would cost a conversion per field on every call.
const scratch = 'const void *';
// Out-parameters are `void *`, handed a Buffer that is read afterwards: Koffi's own marshalling
// (`_Out_ T **` into an array, an `_Out_` struct into an object) measured 3.1 µs per
// constructEvent at 1 KiB, against 1.7 µs this way.
const out = 'void *';
// Declared for their layouts only: they are written and read as bytes at these offsets.
const sharpapi_str_t = koffi.struct({ ptr: 'const uint8_t *', len: 'size_t' });
const sharpapi_header_t = koffi.struct({ name: sharpapi_str_t, value: sharpapi_str_t });
// sharpapi_str_t passed by value (sharpapi_test_delivery_new): its pointer as an integer of the
// same size, an address in the arena, which has the same layout and is passed the same way (two
// integer registers on x86-64 and arm64; by reference to a copy on Windows x64).
const sharpapi_str_t_value = koffi.struct({ ptr: 'uintptr_t', len: 'size_t' });
const sharpapi_event_fields_t = koffi.struct({
  id: 'const char *',
  id_len: 'size_t',
  status: 'const char *',
  status_len: 'size_t',
  status_code: 'uint32_t',
  job_type: 'const char *',
  job_type_len: 'size_t',
  type_code: 'uint32_t',
  result: 'const char *',
  result_len: 'size_t',
});

// name: [result, ...parameters], in the header's order.
const declarations = {
  sharpapi_version: [text],
  sharpapi_error_message: [text, 'uint32_t'],
  // The message's address (a BigInt), decoded with the length it gives: it may hold a NUL.
  sharpapi_last_error_message: ['const void *', out],
  sharpapi_sign: [status, bytes, 'size_t', scratch, 'size_t', out, 'size_t'],
  sharpapi_verifier_new: [status, scratch, 'size_t', out],
  sharpapi_verifier_free: ['void', verifier],
  sharpapi_verifier_verify: [status, verifier, bytes, 'size_t', scratch, 'size_t'],
  sharpapi_verifier_construct_event: [status, verifier, bytes, 'size_t', scratch, 'size_t', out],
  sharpapi_verifier_construct_event_from_headers: [
    status,
    verifier,
    bytes,
    'size_t',
    scratch,
    'size_t',
    out,
  ],
  sharpapi_parse_event_unverified: [status, bytes, 'size_t', out],
  sharpapi_event_free: ['void', event],
  sharpapi_event_fields: [status, event, out],
  sharpapi_explain: [status, bytes, 'size_t', bytes, 'size_t', scratch, 'size_t', out],
  sharpapi_explain_from_headers: [
    status,
    bytes,
    'size_t',
    scratch,
    'size_t',
    scratch,
    'size_t',
    out,
  ],
  sharpapi_test_delivery_new: [
    status,
    sharpapi_str_t_value,
    sharpapi_str_t_value,
    sharpapi_str_t_value,
    sharpapi_str_t_value,
    sharpapi_str_t_value,
    out,
  ],
  sharpapi_test_delivery_body: [status, delivery, out, out],
  sharpapi_test_delivery_signature: [status, delivery, out, out],
  sharpapi_test_delivery_free: ['void', delivery],
};
const native = Object.fromEntries(
  Object.entries(declarations).map(([name, [result, ...parameters]]) => [
    name,
    lib.func(name, result, parameters),
  ]),
);

const libraryVersion = native.sharpapi_version();
if (libraryVersion !== SHARPAPI_VERSION) {
  // A stale library would be called with declarations that may no longer match it.
  throw new Error(
    `sharpapi-webhooks ${SHARPAPI_VERSION} needs the native library sharpapi_webhooks ${SHARPAPI_VERSION}, ` +
      `but ${libraryFile} is ${libraryVersion}`,
  );
}

const FIELDS = Object.fromEntries(
  Object.keys(sharpapi_event_fields_t.members).map((name) => [
    name,
    koffi.offsetof(sharpapi_event_fields_t, name),
  ]),
);
const STR_SIZE = koffi.sizeof(sharpapi_str_t);
const STR_LEN = koffi.offsetof(sharpapi_str_t, 'len');
const HEADER_SIZE = koffi.sizeof(sharpapi_header_t);
const HEADER_VALUE = koffi.offsetof(sharpapi_header_t, 'value');
// explainFromHeaders writes headers as pairs of strings, which is what C's layout makes them.
if (HEADER_SIZE !== 2 * STR_SIZE || HEADER_VALUE !== STR_SIZE) {
  throw new Error(
    'sharpapi-webhooks: sharpapi_header_t is not two sharpapi_str_t on this platform',
  );
}

// Reused by every call: JavaScript runs one call at a time per thread, and each worker thread
// loads its own copy of this module.
const pointerSlot = Buffer.alloc(8);
const fieldsSlot = Buffer.alloc(koffi.sizeof(sharpapi_event_fields_t));
const lengthSlot = Buffer.alloc(8);

/**
 * Native memory that each call fills with its text arguments before calling C: a Buffer over it,
 * and its address, as the BigInt that Koffi passes and as a Number for the pointers written into
 * it (exact below 2^53: user-space addresses of x86-64 and arm64, on Linux, macOS and Windows,
 * have 48 bits, 52 at most). Grown, never shrunk; one per copy of this module.
 */
const arena = { pointer: 0n, address: 0, buffer: Buffer.alloc(0), words: new Uint32Array(0) };

function allocateArena(size) {
  const pointer = koffi.alloc('uint8_t', size);
  const previous = arena.pointer;
  const memory = koffi.view(pointer, size);
  arena.pointer = pointer;
  arena.address = Number(koffi.address(pointer));
  arena.buffer = Buffer.from(memory);
  // The same memory as 32-bit words (little-endian on x86-64 and arm64), for the pointers and
  // lengths.
  arena.words = new Uint32Array(memory);
  if (previous !== 0n) {
    koffi.free(previous);
  }
}
allocateArena(4096);

/** Makes the arena hold at least `size` bytes; what it held is lost. */
function reserve(size) {
  if (size > arena.buffer.length) {
    allocateArena(2 ** Math.ceil(Math.log2(size)));
  }
}

/** Writes a sharpapi_str_t at `offset` (8-aligned): `length` bytes from `target` in the arena. */
function writeStr(offset, target, length) {
  const words = arena.words;
  const address = arena.address + target;
  const ptr = offset >> 2;
  const len = (offset + STR_LEN) >> 2;
  words[ptr] = address % 0x100000000;
  words[ptr + 1] = Math.floor(address / 0x100000000);
  words[len] = length % 0x100000000;
  words[len + 1] = Math.floor(length / 0x100000000);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `text` at the arena's start, for C at `arena.pointer`; gives its length in bytes. */
function putText(text) {
  reserve(maxUtf8Length(text));
  // TextEncoder: the fastest write of a short string (a signature), ~50 ns against ~70 ns.
  return text.isWellFormed()
    ? encoder.encodeInto(text, arena.buffer).written
    : writeUtf8(text, arena.buffer, 0);
}

/**
 * Writes `texts` as sharpapi_str_t at the arena's start, their bytes after them, for C at
 * `arena.pointer`: `count` elements of `stride` bytes each, with `perElement` (1 or 2) strings
 * each, the second `second` bytes into its element (a sharpapi_header_t's value). Gives the end
 * of all it wrote.
 */
function putStrings(texts, count, stride, perElement, second) {
  let size = count * stride;
  for (let index = 0; index < texts.length; index += 1) {
    size += maxUtf8Length(texts[index]);
  }
  reserve(size);
  const start = count * stride;
  // Most texts are ASCII: then one write of them all, and each one's length is its byte count.
  const all = texts.join('');
  const written = arena.buffer.write(all, start);
  const ascii = written === all.length;
  let at = start;
  let element = 0;
  for (let index = 0; index < texts.length; index += perElement) {
    for (let part = 0; part < perElement; part += 1) {
      const text = texts[index + part];
      const length = ascii ? text.length : writeUtf8(text, arena.buffer, at);
      writeStr(element + part * second, at, length);
      at += length;
    }
    element += stride;
  }
  // Past `at` when texts that are not ASCII were written again one by one, shorter.
  return Math.max(at, start + written);
}

/**
 * Writes `texts` as an array of sharpapi_str_t, for C at `arena.pointer`; gives the end of what it
 * wrote, for `wipe`.
 */
function putTexts(texts) {
  return putStrings(texts, texts.length, STR_SIZE, 1, 0);
}

/** Zeroes the arena's first `end` bytes: a secret is not left there once C has taken it. */
function wipe(end) {
  arena.buffer.fill(0, 0, end);
}

/**
 * Writes header pairs, given flat as [name, value, name, value, ...] strings, as an array of
 * sharpapi_header_t at the arena's start, their bytes after it, for C at `arena.pointer`.
 */
function putHeaders(flat) {
  putStrings(flat, flat.length / 2, HEADER_SIZE, 2, HEADER_VALUE);
}

/** The sharpapi_str_t that `putTexts` wrote at `offset` in the arena, to pass by value. */
function strValue(offset) {
  const words = arena.words;
  const ptr = offset >> 2;
  const len = (offset + STR_LEN) >> 2;
  return {
    ptr: words[ptr] + words[ptr + 1] * 0x100000000,
    len: words[len] + words[len + 1] * 0x100000000,
  };
}

/**
 * `text` as UTF-8 in a Buffer of its own, by text.js's rule; null for null (the header absent,
 * which explain() takes as it takes an empty value: no signature).
 */
function utf8Buffer(text) {
  if (text === null) {
    return null;
  }
  const buffer = Buffer.alloc(maxUtf8Length(text));
  return buffer.subarray(0, writeUtf8(text, buffer, 0));
}

/** The bytes at the pointer and size_t length that the last call wrote into the two slots. */
function slotBytes() {
  const length = Number(lengthSlot.readBigUInt64LE(0));
  return length === 0 ? new Uint8Array(0) : koffi.decode(takePointer(), 'uint8_t', length);
}

/** The pointer (a verifier, an event) that the last call wrote into `pointerSlot`. */
function takePointer() {
  return pointerSlot.readBigUInt64LE(0);
}

/** The text at the pointer and size_t length stored in `fieldsSlot` at these offsets. */
function fieldText(pointerOffset, lengthOffset) {
  // A size_t; no text of an event comes near 2^53 bytes.
  const length = Number(fieldsSlot.readBigUInt64LE(lengthOffset));
  // Decoded with its length, not up to a NUL: a JSON string may hold an escaped U+0000.
  return length === 0 ? '' : koffi.decode.string(fieldsSlot.readBigUInt64LE(pointerOffset), length);
}

/** The full message of the last failed call on this thread, copied (with line and column). */
function lastErrorMessage() {
  const pointer = native.sharpapi_last_error_message(lengthSlot);
  const length = Number(lengthSlot.readBigUInt64LE(0));
  return length === 0 ? '' : koffi.decode.string(pointer, length);
}

/** The error of the status that a call just returned, with the library's message. */
function lastError(status) {
  return errorFor(status, lastErrorMessage());
}

function throwIfError(status) {
  if (status !== SHARPAPI_OK) {
    throw lastError(status);
  }
}

/**
 * The event that the last constructing call stored, read in one call and then released. A status
 * or type text is read only when its code is OTHER, a value that the C numbering does not know.
 */
function takeEvent() {
  const event = takePointer();
  try {
    throwIfError(native.sharpapi_event_fields(event, fieldsSlot));
    const statusCode = fieldsSlot.readUInt32LE(FIELDS.status_code);
    const typeCode = fieldsSlot.readUInt32LE(FIELDS.type_code);
    return eventOf(
      fieldText(FIELDS.id, FIELDS.id_len),
      statusCode,
      statusCode === OTHER ? fieldText(FIELDS.status, FIELDS.status_len) : null,
      typeCode,
      typeCode === OTHER ? fieldText(FIELDS.job_type, FIELDS.job_type_len) : null,
      fieldsSlot.readBigUInt64LE(FIELDS.result) === 0n
        ? null
        : fieldText(FIELDS.result, FIELDS.result_len),
    );
  } finally {
    native.sharpapi_event_free(event);
  }
}

/** The signature's arguments for C: its address and length in the arena, or NULL when absent. */
function signatureArguments(signature) {
  return signature === null ? [null, 0] : [arena.pointer, putText(signature)];
}

/** The native engine, for api.js: the contract is wasm_engine.js's. */
const engine = {
  name: 'native',
  version: libraryVersion,
  lastError,
  newVerifier(secrets) {
    const end = putTexts(secrets);
    const status = native.sharpapi_verifier_new(arena.pointer, secrets.length, pointerSlot);
    wipe(end);
    throwIfError(status);
    return takePointer();
  },
  freeVerifier: native.sharpapi_verifier_free,
  verify(verifier, body, signature) {
    const [pointer, length] = signatureArguments(signature);
    return native.sharpapi_verifier_verify(verifier, body, body.length, pointer, length);
  },
  constructEvent(verifier, body, signature) {
    const [pointer, length] = signatureArguments(signature);
    throwIfError(
      native.sharpapi_verifier_construct_event(
        verifier,
        body,
        body.length,
        pointer,
        length,
        pointerSlot,
      ),
    );
    return takeEvent();
  },
  constructEventFromHeaders(verifier, body, flatHeaders) {
    putHeaders(flatHeaders);
    throwIfError(
      native.sharpapi_verifier_construct_event_from_headers(
        verifier,
        body,
        body.length,
        arena.pointer,
        flatHeaders.length / 2,
        pointerSlot,
      ),
    );
    return takeEvent();
  },
  parseEventUnverified(body) {
    throwIfError(native.sharpapi_parse_event_unverified(body, body.length, pointerSlot));
    return takeEvent();
  },
  sign(payload, secret) {
    const out = Buffer.alloc(SHARPAPI_SIGNATURE_BUFFER_LEN);
    const length = putText(secret);
    const status = native.sharpapi_sign(
      payload,
      payload.length,
      arena.pointer,
      length,
      out,
      out.length,
    );
    wipe(length);
    throwIfError(status);
    return out.toString('latin1', 0, SHARPAPI_SIGNATURE_BUFFER_LEN - 1);
  },
  explain(body, signature, secrets) {
    const signatureBytes = utf8Buffer(signature);
    const end = putTexts(secrets);
    const status = native.sharpapi_explain(
      body,
      body.length,
      signatureBytes,
      signatureBytes === null ? 0 : signatureBytes.length,
      arena.pointer,
      secrets.length,
      lengthSlot,
    );
    wipe(end);
    throwIfError(status);
    return lengthSlot.readUInt32LE(0);
  },
  explainFromHeaders(body, flatHeaders, secrets) {
    // A sharpapi_header_t is two sharpapi_str_t, its name's and its value's: the headers, then
    // the secrets, are written as one array of strings.
    const end = putTexts([...flatHeaders, ...secrets]);
    const status = native.sharpapi_explain_from_headers(
      body,
      body.length,
      arena.pointer,
      flatHeaders.length / 2,
      arena.pointer + BigInt(flatHeaders.length * STR_SIZE),
      secrets.length,
      lengthSlot,
    );
    wipe(end);
    throwIfError(status);
    return lengthSlot.readUInt32LE(0);
  },
  testDelivery(secret, id, status, jobType, resultJson) {
    const texts =
      resultJson === null
        ? [secret, id, status, jobType]
        : [secret, id, status, jobType, resultJson];
    const end = putTexts(texts);
    const args = texts.map((_, index) => strValue(index * STR_SIZE));
    if (resultJson === null) {
      args.push({ ptr: 0, len: 0 }); // NULL and 0: no result
    }
    const result = native.sharpapi_test_delivery_new(...args, pointerSlot);
    wipe(end);
    throwIfError(result);
    const made = takePointer();
    try {
      throwIfError(native.sharpapi_test_delivery_body(made, pointerSlot, lengthSlot));
      const body = slotBytes(); // a copy, the delivery's own memory being freed below
      throwIfError(native.sharpapi_test_delivery_signature(made, pointerSlot, lengthSlot));
      const signatureText = decoder.decode(slotBytes());
      return {
        body: Buffer.from(body.buffer, body.byteOffset, body.length),
        signature: signatureText,
      };
    } finally {
      native.sharpapi_test_delivery_free(made);
    }
  },
};

module.exports = {
  SHARPAPI_VERSION,
  SHARPAPI_SIGNATURE_BUFFER_LEN,
  SHARPAPI_OK,
  SHARPAPI_JOB_STATUS_OTHER,
  SHARPAPI_JOB_TYPE_OTHER,
  libraryFile,
  libraryVersion,
  native,
  arena,
  engine,
};
