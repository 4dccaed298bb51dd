import Foundation
import SharpApiWebhooksUniFFI

// Every text goes to the native library as its UTF-8 bytes, and the library alone decides what is
// valid: a Swift `String` is always valid Unicode, so its bytes always are UTF-8; `Data` secrets
// are passed exactly as they are, and bytes that are not UTF-8 are `invalidSecret` there.

/// Checks SharpAPI webhook deliveries against one or more secrets.
///
/// Build it once, with the secret from the SharpAPI dashboard (two while rotating), and share
/// it: it never changes once made, so any thread may use it. The secrets go straight to the
/// native library, which keeps only the keyed HMAC state; nothing in Swift holds them.
public final class Verifier: Sendable {
    private let native: SharpApiWebhooksUniFFI.Verifier

    /// A verifier that accepts signatures made with any of `secrets`, each used exactly as
    /// given (not trimmed; a NUL is a character like any other).
    ///
    /// - Throws: ``WebhookError/invalidSecret(message:)`` when `secrets` is empty or holds an
    ///   empty secret.
    public convenience init(secrets: [String]) throws {
        try self.init(secretBytes: secrets.map { utf8Bytes($0) })
    }

    /// A verifier for secrets held as bytes (read from a file or a keychain, say): each must be
    /// the UTF-8 text of the secret, and is used exactly as given.
    ///
    /// - Throws: ``WebhookError/invalidSecret(message:)`` when `secretBytes` is empty or holds
    ///   an empty secret or one that is not UTF-8.
    public init(secretBytes: [Data]) throws {
        native = try bridged { try SharpApiWebhooksUniFFI.Verifier(secrets: secretBytes) }
    }

    /// Checks that `signature`, the `X-Signature` header (`nil` when absent), signs `body`, the
    /// request body exactly as received.
    ///
    /// - Throws: ``WebhookError/missingSignature(message:)``,
    ///   ``WebhookError/malformedSignature(message:)`` or
    ///   ``WebhookError/invalidSignature(message:)``.
    public func verify(body: Data, signature: String?) throws {
        try bridged { try native.verify(rawBody: body, signature: utf8Bytes(signature)) }
    }

    /// Whether ``verify(body:signature:)`` would succeed.
    public func isValid(body: Data, signature: String?) -> Bool {
        native.isValid(rawBody: body, signature: utf8Bytes(signature))
    }

    /// Verifies the delivery, then parses the verified body.
    ///
    /// - Throws: the errors of ``verify(body:signature:)``, then
    ///   ``WebhookError/invalidPayload(message:)`` when the body is not a SharpAPI event.
    public func constructEvent(body: Data, signature: String?) throws -> WebhookEvent {
        WebhookEvent(try bridged {
            try native.constructEvent(rawBody: body, signature: utf8Bytes(signature))
        })
    }

    /// ``constructEvent(body:signature:)``, with the signature found among the request's headers:
    /// every header named `X-Signature` in any ASCII case. Pass a repeated header as several
    /// pairs, never joined with ", ": values that are the same (around ASCII whitespace) count
    /// once, different ones are ``WebhookError/malformedSignature(message:)``, and none is
    /// ``WebhookError/missingSignature(message:)``.
    ///
    /// `headers` is any sequence of `(name: String, value: String)` pairs, such as an array.
    public func constructEventFromHeaders(
        body: Data, headers: some Sequence<(name: String, value: String)>
    ) throws -> WebhookEvent {
        try constructEvent(body: body, nativeHeaders: headers.map {
            HttpHeader(name: utf8Bytes($0.name), value: utf8Bytes($0.value))
        })
    }

    /// ``constructEventFromHeaders(body:headers:)`` for headers kept as a dictionary, which holds
    /// each name once.
    public func constructEventFromHeaders(body: Data, headers: [String: String]) throws -> WebhookEvent {
        try constructEvent(body: body, nativeHeaders: headers.map {
            HttpHeader(name: utf8Bytes($0.key), value: utf8Bytes($0.value))
        })
    }

    /// The name of 0.1: ``constructEventFromHeaders(body:headers:)``.
    @available(*, deprecated, renamed: "constructEventFromHeaders(body:headers:)")
    public func constructEvent(body: Data, headers: [(name: String, value: String)]) throws -> WebhookEvent {
        try constructEventFromHeaders(body: body, headers: headers)
    }

    private func constructEvent(body: Data, nativeHeaders: [HttpHeader]) throws -> WebhookEvent {
        WebhookEvent(try bridged {
            try native.constructEventFromHeaders(rawBody: body, headers: nativeHeaders)
        })
    }
}

/// The lowercase hex HMAC-SHA256 of `body` under `secret`, as SharpAPI signs: for tests and for
/// simulating deliveries.
///
/// - Throws: ``WebhookError/invalidSecret(message:)`` when `secret` is empty.
public func sign(body: Data, secret: String) throws -> String {
    try sign(body: body, secretBytes: utf8Bytes(secret))
}

/// ``sign(body:secret:)`` with the secret as its UTF-8 bytes.
///
/// - Throws: ``WebhookError/invalidSecret(message:)`` when `secretBytes` is empty or not UTF-8.
public func sign(body: Data, secretBytes: Data) throws -> String {
    try bridged { try SharpApiWebhooksUniFFI.sign(payload: body, secret: secretBytes) }
}

/// ``Verifier/verify(body:signature:)`` under one secret.
public func verify(body: Data, signature: String?, secret: String) throws {
    try verify(body: body, signature: signature, secretBytes: utf8Bytes(secret))
}

/// ``verify(body:signature:secret:)`` with the secret as its UTF-8 bytes.
public func verify(body: Data, signature: String?, secretBytes: Data) throws {
    try bridged {
        try SharpApiWebhooksUniFFI.verify(rawBody: body, signature: utf8Bytes(signature), secret: secretBytes)
    }
}

/// ``Verifier/constructEvent(body:signature:)`` under one secret; it makes a verifier for the one
/// call, so a server keeps a ``Verifier`` instead.
public func constructEvent(body: Data, signature: String?, secret: String) throws -> WebhookEvent {
    try Verifier(secrets: [secret]).constructEvent(body: body, signature: signature)
}

/// ``constructEvent(body:signature:secret:)`` with the secret as its UTF-8 bytes.
public func constructEvent(body: Data, signature: String?, secretBytes: Data) throws -> WebhookEvent {
    try Verifier(secretBytes: [secretBytes]).constructEvent(body: body, signature: signature)
}

/// Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were
/// verified when they arrived.
///
/// - Throws: ``WebhookError/invalidPayload(message:)``.
public func parseEventUnverified(body: Data) throws -> WebhookEvent {
    WebhookEvent(try bridged { try SharpApiWebhooksUniFFI.parseEventUnverified(rawBody: body) })
}

/// A text's UTF-8 bytes, which the native library takes; `nil`, an absent header, is empty, as
/// an empty header is treated anyway. `withUTF8` copies the bytes in one go, where
/// `Data(text.utf8)` goes byte by byte: a tenth of a call's cost in the benchmark.
func utf8Bytes(_ text: String?) -> Data {
    var text = text ?? ""
    return text.withUTF8 { Data($0) }
}

/// Runs a call into the generated bindings, rethrowing their error as this module's.
func bridged<Result>(_ call: () throws -> Result) throws -> Result {
    do {
        return try call()
    } catch let error as SharpApiWebhooksUniFFI.WebhookError {
        throw WebhookError(error)
    }
}
