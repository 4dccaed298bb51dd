import Foundation
import SharpApiWebhooksUniFFI

/// Checks SharpAPI webhook deliveries against one or more secrets.
///
/// Build it once, with the secret from the SharpAPI dashboard (two while rotating), and share
/// it: it never changes once made, so any thread may use it. The secrets go straight to the
/// native library, which keeps only the keyed HMAC state; nothing in Swift holds them.
public final class Verifier: Sendable {
    private let native: SharpApiWebhooksUniFFI.Verifier

    /// A verifier that accepts signatures made with any of `secrets`.
    ///
    /// - Throws: ``WebhookError/invalidSecret(message:)`` when `secrets` is empty or holds an
    ///   empty secret.
    public init(secrets: [String]) throws {
        native = try bridged { try SharpApiWebhooksUniFFI.Verifier(secrets: secrets) }
    }

    /// Checks that `signature`, the `X-Signature` header (`nil` when absent), signs `body`, the
    /// request body exactly as received.
    ///
    /// - Throws: ``WebhookError/missingSignature(message:)``,
    ///   ``WebhookError/malformedSignature(message:)`` or
    ///   ``WebhookError/invalidSignature(message:)``.
    public func verify(body: Data, signature: String?) throws {
        try bridged { try native.verify(rawBody: body, signature: signatureBytes(signature)) }
    }

    /// Whether ``verify(body:signature:)`` would succeed.
    public func isValid(body: Data, signature: String?) -> Bool {
        native.isValid(rawBody: body, signature: signatureBytes(signature))
    }

    /// Verifies the delivery, then parses the verified body.
    ///
    /// - Throws: the errors of ``verify(body:signature:)``, then
    ///   ``WebhookError/invalidPayload(message:)`` when the body is not a SharpAPI event.
    public func constructEvent(body: Data, signature: String?) throws -> WebhookEvent {
        WebhookEvent(try bridged {
            try native.constructEvent(rawBody: body, signature: signatureBytes(signature))
        })
    }

    /// ``constructEvent(body:signature:)``, with `X-Signature` looked up among the request's
    /// headers in any case; two `X-Signature` headers that disagree are malformed.
    public func constructEvent(body: Data, headers: [(name: String, value: String)]) throws -> WebhookEvent {
        let nativeHeaders = headers.map { HttpHeader(name: $0.name, value: $0.value) }
        return WebhookEvent(try bridged {
            try native.constructEventFromHeaders(rawBody: body, headers: nativeHeaders)
        })
    }
}

/// The lowercase hex HMAC-SHA256 of `body` under `secret`, as SharpAPI signs: for tests and for
/// simulating deliveries.
///
/// - Throws: ``WebhookError/invalidSecret(message:)`` when `secret` is empty.
public func sign(body: Data, secret: String) throws -> String {
    try bridged { try SharpApiWebhooksUniFFI.sign(payload: body, secret: secret) }
}

/// ``Verifier/verify(body:signature:)`` under one secret.
public func verify(body: Data, signature: String?, secret: String) throws {
    try bridged {
        try SharpApiWebhooksUniFFI.verify(rawBody: body, signature: signatureBytes(signature), secret: secret)
    }
}

/// ``Verifier/constructEvent(body:signature:)`` under one secret; it makes a verifier for the one
/// call, so a server keeps a ``Verifier`` instead.
public func constructEvent(body: Data, signature: String?, secret: String) throws -> WebhookEvent {
    try Verifier(secrets: [secret]).constructEvent(body: body, signature: signature)
}

/// Parses a body WITHOUT verifying it: for tests, and for replaying deliveries that were
/// verified when they arrived.
///
/// - Throws: ``WebhookError/invalidPayload(message:)``.
public func parseEventUnverified(body: Data) throws -> WebhookEvent {
    WebhookEvent(try bridged { try SharpApiWebhooksUniFFI.parseEventUnverified(rawBody: body) })
}

/// The native library takes the header's bytes, where an empty value means an absent header (as
/// an empty header is treated anyway). `withUTF8` copies the text's bytes in one go, where
/// `Data(text.utf8)` goes byte by byte: a tenth of a call's cost in the benchmark.
private func signatureBytes(_ signature: String?) -> Data {
    var text = signature ?? ""
    return text.withUTF8 { Data($0) }
}

/// Runs a call into the generated bindings, rethrowing their error as this module's.
private func bridged<Result>(_ call: () throws -> Result) throws -> Result {
    do {
        return try call()
    } catch let error as SharpApiWebhooksUniFFI.WebhookError {
        throw WebhookError(error)
    }
}
