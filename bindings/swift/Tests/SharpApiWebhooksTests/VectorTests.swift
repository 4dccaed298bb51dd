import Foundation
import SharpApiWebhooks
import XCTest

/// The shared vectors, `tests/vectors/`.
private let vectorsDirectory = repositoryDirectory.appendingPathComponent("tests/vectors")

// The schema of tests/vectors/README.md.
private struct VectorFile: Decodable {
    let vectors: [Vector]
}

private struct Vector: Decodable {
    let name: String
    let body: String?
    let bodyBase64: String?
    let secrets: [Secret]
    let signature: String?
    let headers: [[String]]?
    let expected: Outcomes

    private enum CodingKeys: String, CodingKey {
        case name, body, bodyBase64 = "body_base64", secrets, signature, headers, expected
    }
}

/// An entry of `secrets`: a string, or `{"utf16": [...]}`, UTF-16 code units that are not valid
/// Unicode. A Swift `String` cannot hold those: they go through the package's bytes path as their
/// WTF-8 bytes, what a language whose strings can hold them passes.
private enum Secret: Decodable {
    case text(String)
    case utf16([UInt16])

    private enum CodingKeys: String, CodingKey { case utf16 }

    init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .text(text)
        } else {
            self = try .utf16(decoder.container(keyedBy: CodingKeys.self).decode([UInt16].self, forKey: .utf16))
        }
    }

    var text: String? {
        if case let .text(text) = self { return text }
        return nil
    }

    var bytes: Data {
        switch self {
        case let .text(text): Data(text.utf8)
        case let .utf16(units): wtf8(units)
        }
    }
}

/// A vector's `expected`, and what this package did, in the same shape: the conformance file
/// holds the latter.
private struct Outcomes: Codable, Equatable {
    var sign: [String?] = []
    var verify: String?
    var constructEvent: Outcome = .error("not run")
    var parseEventUnverified: Outcome = .error("not run")

    private enum CodingKeys: String, CodingKey {
        case sign, verify, constructEvent = "construct_event", parseEventUnverified = "parse_event_unverified"
    }
}

private enum Outcome: Codable, Equatable {
    case event(Event)
    case error(String)

    private enum CodingKeys: String, CodingKey { case event, error }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let event = try container.decodeIfPresent(Event.self, forKey: .event) {
            self = .event(event)
        } else {
            self = try .error(container.decode(String.self, forKey: .error))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .event(event): try container.encode(event, forKey: .event)
        case let .error(name): try container.encode(name, forKey: .error)
        }
    }
}

private struct Event: Codable, Equatable {
    let id: String
    let status: String
    let type: String
    let result: String?
    let statusKnown: Bool
    let typeKnown: Bool

    private enum CodingKeys: String, CodingKey {
        case id, status, type, result, statusKnown = "status_known", typeKnown = "type_known"
    }

    init(_ event: WebhookEvent) {
        id = event.id
        status = event.status.rawValue
        type = event.type.rawValue
        result = event.resultJson
        if case .other = event.status { statusKnown = false } else { statusKnown = true }
        if case .other = event.type { typeKnown = false } else { typeKnown = true }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(type, forKey: .type)
        try container.encode(result, forKey: .result) // null when absent, as in the vectors
        try container.encode(statusKnown, forKey: .statusKnown)
        try container.encode(typeKnown, forKey: .typeKnown)
    }
}

/// What the conformance file holds.
private struct Conformance: Encodable {
    let language = "swift"
    let outcomes: [String: Outcomes]
}

final class VectorTests: XCTestCase {
    private var vocabulary: Vocabulary!

    /// Every vector of every file in the folder, so that a new file runs without a change here.
    /// With `SHARPAPI_CONFORMANCE_DIR` set, what each did goes to `$SHARPAPI_CONFORMANCE_DIR/swift.json`.
    func testEveryVectorOfEveryFile() throws {
        vocabulary = try Vocabulary.load()
        let files = try FileManager.default.contentsOfDirectory(atPath: vectorsDirectory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        XCTAssertFalse(files.isEmpty, "no vector file in \(vectorsDirectory.path)")
        var outcomes: [String: Outcomes] = [:]
        var lonelySurrogateVectors = 0
        for file in files {
            let data = try Data(contentsOf: vectorsDirectory.appendingPathComponent(file))
            let vectors = try JSONDecoder().decode(VectorFile.self, from: data).vectors
            XCTAssertFalse(vectors.isEmpty, "\(file) holds no vector")
            for vector in vectors {
                let label = "\(file)/\(vector.name)"
                XCTAssertNil(outcomes[vector.name], "\(label): the name is not unique")
                let actual = try run(vector, label: label)
                XCTAssertEqual(actual, vector.expected, label)
                outcomes[vector.name] = actual
                if vector.secrets.contains(where: { $0.text == nil }) {
                    lonelySurrogateVectors += 1
                }
            }
        }
        print("vectors: ran \(outcomes.count) from \(files.count) files, \(lonelySurrogateVectors) with utf16 secrets")

        if let directory = ProcessInfo.processInfo.environment["SHARPAPI_CONFORMANCE_DIR"], !directory.isEmpty {
            let directoryURL = URL(fileURLWithPath: directory, isDirectory: true)
            try FileManager.default.createDirectory(at: directoryURL, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let file = directoryURL.appendingPathComponent("swift.json")
            try encoder.encode(Conformance(outcomes: outcomes)).write(to: file)
            print("vectors: wrote \(file.path)")
        }
    }

    /// What this package does with `vector`: each call of the schema, with its other ways of being
    /// called (bytes for text secrets, the free functions, `isValid`, headers as a dictionary)
    /// checked against it.
    private func run(_ vector: Vector, label: String) throws -> Outcomes {
        let body = try XCTUnwrap(
            vector.body.map { Data($0.utf8) } ?? vector.bodyBase64.flatMap { Data(base64Encoded: $0) },
            "\(label): no body"
        )
        // The secrets as `String`s when they can be, else (a lone surrogate) all as bytes.
        let texts = vector.secrets.compactMap(\.text)
        let asText = texts.count == vector.secrets.count
        let secretBytes = vector.secrets.map(\.bytes)
        var actual = Outcomes()

        for (index, bytes) in secretBytes.enumerated() {
            let signed = outcome { try sign(body: body, secretBytes: bytes) }
            if asText {
                XCTAssertEqual(outcome { try sign(body: body, secret: texts[index]) }, signed, "\(label): sign(secret:)")
            }
            switch signed {
            case let .success(signature): actual.sign.append(signature)
            case let .failure(error):
                XCTAssertEqual(error.name, "InvalidSecret", "\(label): sign")
                actual.sign.append(nil)
            }
        }

        actual.parseEventUnverified = eventOutcome { try parseEventUnverified(body: body) }

        let made = outcome { try Verifier(secretBytes: secretBytes) }
        if asText {
            XCTAssertEqual(
                outcome { try Verifier(secrets: texts) }.map { _ in "made" }, made.map { _ in "made" },
                "\(label): Verifier(secrets:)"
            )
        }
        let verifier: Verifier
        switch made {
        case let .success(made): verifier = made
        case let .failure(error):
            if vector.headers == nil {
                actual.verify = error.name
            }
            actual.constructEvent = .error(error.name)
            return actual
        }

        if let headers = vector.headers {
            let pairs = headers.map { (name: $0[0], value: $0.count > 1 ? $0[1] : "") }
            actual.constructEvent = eventOutcome { try verifier.constructEventFromHeaders(body: body, headers: pairs) }
            // A dictionary holds each name once: the same answer when the names are distinct.
            let dictionary = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
            if dictionary.count == pairs.count {
                XCTAssertEqual(
                    eventOutcome { try verifier.constructEventFromHeaders(body: body, headers: dictionary) },
                    actual.constructEvent, "\(label): constructEventFromHeaders([String: String])"
                )
            }
            return actual
        }

        let verified = outcome { try verifier.verify(body: body, signature: vector.signature) }.map { "ok" }
        actual.verify = name(of: verified)
        XCTAssertEqual(verifier.isValid(body: body, signature: vector.signature), actual.verify == "ok", "\(label): isValid")
        actual.constructEvent = eventOutcome { try verifier.constructEvent(body: body, signature: vector.signature) }

        // With one secret, the free functions must agree with the verifier.
        if secretBytes.count == 1 {
            let freeVerify = outcome { try verify(body: body, signature: vector.signature, secretBytes: secretBytes[0]) }
            XCTAssertEqual(name(of: freeVerify.map { "ok" }), actual.verify, "\(label): verify(secretBytes:)")
            XCTAssertEqual(
                eventOutcome { try constructEvent(body: body, signature: vector.signature, secretBytes: secretBytes[0]) },
                actual.constructEvent, "\(label): constructEvent(secretBytes:)"
            )
            if let secret = texts.first, asText {
                let textVerify = outcome { try verify(body: body, signature: vector.signature, secret: secret) }
                XCTAssertEqual(name(of: textVerify.map { "ok" }), actual.verify, "\(label): verify(secret:)")
                XCTAssertEqual(
                    eventOutcome { try constructEvent(body: body, signature: vector.signature, secret: secret) },
                    actual.constructEvent, "\(label): constructEvent(secret:)"
                )
            }
        }
        return actual
    }

    /// What `call` returned, or the name of the ``WebhookError`` it threw, by its code in the
    /// vocabulary; any other error fails the test.
    private func outcome<Value>(_ call: () throws -> Value) -> Result<Value, ErrorName> {
        do {
            return try .success(call())
        } catch let error as WebhookError {
            return .failure(ErrorName(vocabulary.errorName(code: error.code)))
        } catch {
            XCTFail("\(error) is not a WebhookError")
            return .failure(ErrorName("\(error)"))
        }
    }

    private func eventOutcome(_ call: () throws -> WebhookEvent) -> Outcome {
        switch outcome(call) {
        case let .success(event): .event(Event(event))
        case let .failure(error): .error(error.name)
        }
    }

    private func name(of result: Result<String, ErrorName>) -> String {
        switch result {
        case let .success(text): text
        case let .failure(error): error.name
        }
    }
}

/// An error's name, as the vectors spell it.
private struct ErrorName: Error, Equatable {
    let name: String

    init(_ name: String) {
        self.name = name
    }
}
