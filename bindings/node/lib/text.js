'use strict';
// Texts as the bytes either engine hands the core: UTF-8, written into the engine's memory, with
// one rule for what UTF-8 cannot carry. No Node.js built-in is required here.

const encoder = new TextEncoder();

/**
 * The longest text that `writeUtf8` tries to write itself, as ASCII, one unit at a time: below
 * about 30 units that costs less than a call of TextEncoder.encodeInto (headers, mostly).
 */
const SHORT = 24;

/** The most bytes `writeUtf8` writes for a string: 3 per UTF-16 code unit. */
function maxUtf8Length(text) {
  return text.length * 3;
}

/** `text` as UTF-8 into `bytes` from `offset`; gives the number of bytes. */
function encodeAt(text, bytes, offset) {
  return encoder.encodeInto(text, offset === 0 ? bytes : bytes.subarray(offset)).written;
}

/**
 * Writes `text` into `bytes` (a Uint8Array) from `offset` as UTF-8 and gives the number of bytes.
 * A lone surrogate, which UTF-8 cannot carry, is written as the byte 0xFF, never part of UTF-8,
 * so that the core refuses the text as it refuses any bytes that are not UTF-8, instead of
 * receiving U+FFFD (for a secret, a different key, silently). `bytes` must hold
 * `maxUtf8Length(text)` bytes from `offset`.
 */
function writeUtf8(text, bytes, offset) {
  if (text.length <= SHORT) {
    let index = 0;
    for (; index < text.length; index += 1) {
      const unit = text.charCodeAt(index);
      if (unit > 0x7f) {
        break;
      }
      bytes[offset + index] = unit;
    }
    if (index === text.length) {
      return index;
    }
  }
  if (text.isWellFormed()) {
    return encodeAt(text, bytes, offset);
  }
  let at = offset;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0xd800 || unit > 0xdfff) {
      continue;
    }
    if (unit <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      index += 1; // a pair: one character, written with its neighbours
      continue;
    }
    at += encodeAt(text.slice(start, index), bytes, at);
    bytes[at] = 0xff;
    at += 1;
    start = index + 1;
  }
  return at + encodeAt(text.slice(start), bytes, at) - offset;
}

module.exports = { maxUtf8Length, writeUtf8 };
