import Foundation
import SharpApiWebhooksUniFFI

/// A delivery exactly as SharpAPI sends it, for the tests of an endpoint: the body and the
/// headers of the POST. The native library writes the body and signs it, so a test needs no
/// signing code of its own, and what it sends is what SharpAPI would.
public struct TestDelivery: Sendable {
    /// The body: the exact bytes that were signed, to send as they are.
    public let body: Data
    /// The headers SharpAPI sends: `Content-Type: application/json`, its `User-Agent`, and
    /// `X-Signature`; pass them to ``Verifier/constructEventFromHeaders(body:headers:)``, or set
    /// them on the request a test sends.
    public let headers: [(name: String, value: String)]

    /// The `X-Signature` value: 64 lowercase hex digits.
    public var signature: String {
        // The header the native library names, in the case it writes it.
        headers.first { $0.name == "X-Signature" }?.value ?? ""
    }

    /// The delivery of a job's outcome, signed with `secret`: the body
    /// `{"id", "status", "type", "result"}` in SharpAPI's order and escaping (`\/`, `\u00e9`).
    ///
    /// - Parameters:
    ///   - secret: the endpoint's secret (or another, to test a refusal).
    ///   - id: the job's id; a new random UUID unless given.
    ///   - status: the job's status; `.other("...")` for any text.
    ///   - type: the job's type; `.other("...")` for one this version does not know.
    ///   - resultJson: the `"result"` member as JSON text, written into the body as it is without
    ///     surrounding whitespace; `nil` for a delivery without one.
    /// - Throws: ``WebhookError/invalidSecret(message:)`` when `secret` is empty;
    ///   ``WebhookError/invalidPayload(message:)`` when `resultJson` is not one JSON value that a
    ///   ``Verifier`` accepts (an empty text is none).
    public init(
        secret: String,
        id: String = UUID().uuidString.lowercased(),
        status: JobStatus = .success,
        type: JobType = .contentTranslate,
        resultJson: String? = nil
    ) throws {
        let native = try bridged {
            try SharpApiWebhooksUniFFI.testDelivery(
                secret: utf8Bytes(secret), id: id, status: status.wireText(), jobType: type.wireText(),
                resultJson: resultJson
            )
        }
        body = native.body
        headers = native.headers.map {
            (name: String(decoding: $0.name, as: UTF8.self), value: String(decoding: $0.value, as: UTF8.self))
        }
    }

    /// ``init(secret:id:status:type:resultJson:)`` with the result as a value, encoded as JSON by
    /// `encoder` (a plain `JSONEncoder` unless given).
    ///
    /// - Throws: the errors of ``init(secret:id:status:type:resultJson:)``, and the encoder's
    ///   `EncodingError` when `result` cannot be encoded.
    public init(
        secret: String,
        id: String = UUID().uuidString.lowercased(),
        status: JobStatus = .success,
        type: JobType = .contentTranslate,
        result: some Encodable,
        encoder: JSONEncoder = JSONEncoder()
    ) throws {
        let resultJson = String(decoding: try encoder.encode(result), as: UTF8.self)
        try self.init(secret: secret, id: id, status: status, type: type, resultJson: resultJson)
    }
}

/// What ``explain(body:signature:secrets:)`` finds: one change between a delivery as SharpAPI
/// signed it and as it was verified. `wireText()` (or `rawValue`) is its name in data
/// (`"json_whitespace"`, the same in every language) and `description()` its sentence for the
/// endpoint's owner, both from the native library.
public typealias Cause = SharpApiWebhooksUniFFI.Cause

extension Cause {
    /// The cause's name as data spells it (`"json_whitespace"`); the same as `wireText()`.
    public var rawValue: String { wireText() }
}

/// What ``explain(body:signature:secrets:)`` found: the causes that, undone together, make the
/// signature match, or one of `.signatureMatches`, `.missingSignature`, `.malformedSignature`
/// and `.unexplained` alone. For the endpoint's owner (a log), never for the sender.
public struct Explanation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The causes, in the order of their numbers; never empty.
    public let causes: [Cause]

    /// Whether the signature matches the body as received: nothing to explain.
    public var isValid: Bool { causes == [.signatureMatches] }

    /// Each cause's description, joined with "; ": one line for a log.
    public var summary: String { causes.map { $0.description() }.joined(separator: "; ") }

    /// The ``summary``.
    public var description: String { summary }
}

/// Explains why `signature`, the `X-Signature` header (`nil` when absent), does or does not sign
/// `body` with any of `secrets`: the native library tries the usual changes between what SharpAPI
/// signed and what was verified (JSON decoded and encoded again with other spacing, key order or
/// escapes, CRLF and LF swapped, a trailing newline or a byte order mark, a `sha256=` prefix,
/// whitespace around a pasted secret) and names those that make the signature match.
///
/// A debugging aid for the endpoint's owner: it costs a few dozen HMACs, so call it after a
/// failure, never for every request, and log its finding, never put it in the HTTP answer. It
/// takes the secrets' text because a ``Verifier`` does not keep it; an empty secret is skipped.
public func explain(body: Data, signature: String?, secrets: [String]) -> Explanation {
    explain(body: body, signature: signature, secretBytes: secrets.map { utf8Bytes($0) })
}

/// ``explain(body:signature:secrets:)`` with the secrets as their UTF-8 bytes; bytes that are not
/// UTF-8 are skipped.
public func explain(body: Data, signature: String?, secretBytes: [Data]) -> Explanation {
    Explanation(causes: SharpApiWebhooksUniFFI.explain(
        rawBody: body, signature: utf8Bytes(signature), secrets: secretBytes
    ))
}
