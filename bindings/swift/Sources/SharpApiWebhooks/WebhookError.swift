import Foundation
import SharpApiWebhooksUniFFI

/// Why a delivery was refused. Each case carries the native library's message, which says what
/// to fix; ``code`` is the same number in every language of this project.
public enum WebhookError: Error, Equatable, Hashable, Sendable {
    /// A secret is empty (or, given as bytes, not UTF-8), or no secret was given (code 1).
    case invalidSecret(message: String)
    /// No `X-Signature` header, or an empty or whitespace-only one (code 2).
    case missingSignature(message: String)
    /// `X-Signature` is not 64 hex digits around ASCII whitespace, or two `X-Signature` headers
    /// disagree (code 3).
    case malformedSignature(message: String)
    /// Well formed, but no secret signed this body: pass the raw body bytes, not re-serialized
    /// JSON, and check the secret (code 4).
    case invalidSignature(message: String)
    /// Verified, but not a SharpAPI event (not JSON, not an event object, or arrays and objects
    /// nested deeper than 128 levels); the message says why, at which line and column (code 5).
    case invalidPayload(message: String)

    /// The error's permanent code, 1 to 5, as in the project's table of errors
    /// (`bindings/vocabulary.json`, against which the tests check these numbers).
    public var code: Int {
        switch self {
        case .invalidSecret: 1
        case .missingSignature: 2
        case .malformedSignature: 3
        case .invalidSignature: 4
        case .invalidPayload: 5
        }
    }

    /// What went wrong and what to fix; never a secret, nor where a signature differs.
    public var message: String {
        switch self {
        case let .invalidSecret(message), let .missingSignature(message),
             let .malformedSignature(message), let .invalidSignature(message),
             let .invalidPayload(message):
            message
        }
    }

    init(_ native: SharpApiWebhooksUniFFI.WebhookError) {
        switch native {
        case let .InvalidSecret(message): self = .invalidSecret(message: message)
        case let .MissingSignature(message): self = .missingSignature(message: message)
        case let .MalformedSignature(message): self = .malformedSignature(message: message)
        case let .InvalidSignature(message): self = .invalidSignature(message: message)
        case let .InvalidPayload(message): self = .invalidPayload(message: message)
        }
    }
}

// `localizedDescription` would otherwise be Foundation's generic "The operation could not be
// completed" on Linux.
extension WebhookError: LocalizedError {
    public var errorDescription: String? { message }
}
