import SharpApiWebhooksUniFFI

/// A finished job, as SharpAPI reports it.
public struct WebhookEvent: Equatable, Hashable, Sendable {
    /// The job's id, as sent; never empty. SharpAPI retries deliveries: handle each id once.
    public let id: String
    /// Where the job stands: `.success` or `.failed` once it finished.
    public let status: JobStatus
    /// Which SharpAPI endpoint ran the job (the JSON member `"type"`).
    public let type: JobType
    /// The exact JSON text of `"result"`, or `nil` when it is absent or `null`: decode it with
    /// the `Decodable` type of the job's endpoint.
    public let resultJson: String?

    init(_ native: SharpApiWebhooksUniFFI.WebhookEvent) {
        id = native.id
        status = native.status
        type = native.jobType
        resultJson = native.result
    }
}

/// The job's status; `.other` keeps a value this version does not know, exactly as sent.
public typealias JobStatus = SharpApiWebhooksUniFFI.JobStatus

/// The job's type; `.other` keeps a value this version does not know, exactly as sent.
public typealias JobType = SharpApiWebhooksUniFFI.JobType

extension JobStatus {
    /// The status exactly as sent (`"success"`).
    public var rawValue: String {
        if case let .other(text) = self { return text }
        return wireValue(of: self)
    }
}

extension JobType {
    /// The type exactly as sent (`"content_translate"`).
    public var rawValue: String {
        if case let .other(text) = self { return text }
        return wireValue(of: self)
    }
}

/// UniFFI names each known case after the core's variant (`ContentTranslate` becomes
/// `.contentTranslate`), and the core's wire value is that variant's name in snake_case
/// (`content_translate`); so the value comes from the case's name rather than from a second copy
/// of the core's table. The shared vectors check every known value.
private func wireValue(of knownCase: some Hashable) -> String {
    String(describing: knownCase).reduce(into: "") { value, character in
        if character.isUppercase {
            value += "_" + character.lowercased()
        } else {
            value.append(character)
        }
    }
}
