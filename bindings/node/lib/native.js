'use strict';
// The C ABI of the project's one native library (bindings/c/include/sharpapi_webhooks.h), loaded
// with Koffi. Functions keep their C names; nothing here is exported from the package.

const path = require('node:path');
const koffi = require('koffi');

/** The header version these declarations mirror; the loaded library must report the same. */
const SHARPAPI_VERSION = '0.1.0';
const SHARPAPI_SIGNATURE_BUFFER_LEN = 65;

function libraryPath() {
  const platform = `${process.platform}-${process.arch}`;
  if (platform !== 'linux-x64') {
    throw new Error(
      `sharpapi-webhooks ships its native library for linux-x64 only, and this is ${platform}`,
    );
  }
  return path.join(__dirname, '..', 'prebuilds', platform, 'libsharpapi_webhooks.so');
}

function load() {
  const file = libraryPath();
  try {
    return koffi.load(file);
  } catch (error) {
    throw new Error(`sharpapi-webhooks: cannot load its native library ${file}: ${error.message}`, {
      cause: error,
    });
  }
}

const lib = load();

// Every type is anonymous: Koffi's type names are global to the process, so a second copy of this
// module (another version of the package, a test runner's fresh module registry) would fail on
// a name that this one declared.
const status = 'uint32_t'; // sharpapi_status_t
const verifier = koffi.pointer(koffi.opaque()); // sharpapi_verifier_t *
const event = koffi.pointer(koffi.opaque()); // sharpapi_event_t *
const bytes = 'const uint8_t *';
const text = 'const char *';
// Out-parameters are `void *`, handed a Buffer that is read afterwards: Koffi's own marshalling
// (`_Out_ T **` into an array, an `_Out_` struct into an object) measured 3.1 µs per
// constructEvent at 1 KiB, against 1.7 µs this way.
const out = 'void *';
// Declared for its layout only: its fields are read from a Buffer at these offsets.
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
  sharpapi_sign: [status, bytes, 'size_t', text, out, 'size_t'],
  sharpapi_verifier_new: [status, 'const char **', 'size_t', out],
  sharpapi_verifier_free: ['void', verifier],
  sharpapi_verifier_verify: [status, verifier, bytes, 'size_t', text],
  sharpapi_verifier_construct_event: [status, verifier, bytes, 'size_t', text, out],
  sharpapi_parse_event_unverified: [status, bytes, 'size_t', out],
  sharpapi_event_free: ['void', event],
  sharpapi_event_fields: [status, event, out],
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
      `but ${libraryPath()} is ${libraryVersion}`,
  );
}

const FIELDS = Object.fromEntries(
  Object.keys(sharpapi_event_fields_t.members).map((name) => [
    name,
    koffi.offsetof(sharpapi_event_fields_t, name),
  ]),
);

// Reused by every call: JavaScript runs one call at a time per thread, and each worker thread
// loads its own copy of this module.
const pointerSlot = Buffer.alloc(8);
const fieldsSlot = Buffer.alloc(koffi.sizeof(sharpapi_event_fields_t));

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

module.exports = {
  SHARPAPI_VERSION,
  SHARPAPI_SIGNATURE_BUFFER_LEN,
  libraryVersion,
  native,
  FIELDS,
  pointerSlot,
  fieldsSlot,
  takePointer,
  fieldText,
};
