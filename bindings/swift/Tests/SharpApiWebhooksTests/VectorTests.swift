import Foundation
import SharpApiWebhooks
import XCTest

/// The shared vectors, `tests/vectors/` from this file's place in the repository.
private let vectorsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent() // Tests/SharpApiWebhooksTests
    .deletingLastPathComponent() // Tests
    .deletingLastPathComponent() // bindings/swift
    .deletingLastPathComponent() // bindings
    .deletingLastPathComponent() // the repository
    .appendingPathComponent("tests/vectors")

/// The table of errors in the top-level README, by the names that the vectors use.
private let errorCodes = [
    "InvalidSecret": 1, "MissingSignature": 2, "MalformedSignature": 3,
    "InvalidSignature": 4, "InvalidPayload": 5,
]

// The schema of tests/vectors/README.md.
private struct VectorFile: Decodable {
    let vectors: [Vector]
}

private struct Vector: Decodable {
    let name: String
    let body: String?
    let bodyBase64: String?
    let secrets: [String]
    let signature: String?
    let headers: [[String]]?
    let expected: Expected
}

private struct Expected: Decodable {
    let sign: [String?]
    let verify: String?
    let constructEvent: Outcome
    let parseEventUnverified: Outcome
}

private struct Outcome: Decodable {
    let event: ExpectedEvent?
    let error: String?
}

private struct ExpectedEvent: Decodable {
    let id: String
    let status: String
    let type: String
    let result: String?
    let statusKnown: Bool
    let typeKnown: Bool
}

final class VectorTests: XCTestCase {
    /// Every vector of every file in the folder, so that a new file runs without a change here.
    func testEveryVectorOfEveryFile() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: vectorsDirectory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        XCTAssertFalse(files.isEmpty, "no vector file in \(vectorsDirectory.path)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var count = 0
        for file in files {
            let data = try Data(contentsOf: vectorsDirectory.appendingPathComponent(file))
            let vectors = try decoder.decode(VectorFile.self, from: data).vectors
            XCTAssertFalse(vectors.isEmpty, "\(file) holds no vector")
            for vector in vectors {
                try run(vector, label: "\(file)/\(vector.name)")
            }
            count += vectors.count
        }
        print("vectors: ran \(count) from \(files.count) files")
    }

    private func run(_ vector: Vector, label: String) throws {
        let body = try XCTUnwrap(
            vector.body.map { Data($0.utf8) } ?? vector.bodyBase64.flatMap { Data(base64Encoded: $0) },
            "\(label): no body"
        )
        let expected = vector.expected

        XCTAssertEqual(expected.sign.count, vector.secrets.count, "\(label): expected.sign")
        for (secret, expectedSignature) in zip(vector.secrets, expected.sign) {
            assertOutcome(expectedSignature == nil ? "InvalidSecret" : "ok", "\(label): sign") {
                let signature = try sign(body: body, secret: secret)
                XCTAssertEqual(signature, expectedSignature, "\(label): sign")
            }
        }

        assertEvent(expected.parseEventUnverified, "\(label): parseEventUnverified") {
            try parseEventUnverified(body: body)
        }

        let verifier: Verifier
        do {
            verifier = try Verifier(secrets: vector.secrets)
        } catch let error as WebhookError {
            XCTAssertEqual(error.code, errorCodes["InvalidSecret"], "\(label): Verifier(secrets:)")
            XCTAssertEqual(expected.verify ?? "InvalidSecret", "InvalidSecret", "\(label): verify")
            XCTAssertEqual(expected.constructEvent.error, "InvalidSecret", "\(label): constructEvent")
            return
        }

        if let headers = vector.headers {
            let pairs = headers.map { (name: $0[0], value: $0[1]) }
            assertEvent(expected.constructEvent, "\(label): constructEvent(headers:)") {
                try verifier.constructEvent(body: body, headers: pairs)
            }
            return
        }

        let expectedVerify = try XCTUnwrap(expected.verify, "\(label): expected.verify")
        assertOutcome(expectedVerify, "\(label): verify") {
            try verifier.verify(body: body, signature: vector.signature)
        }
        XCTAssertEqual(
            verifier.isValid(body: body, signature: vector.signature), expectedVerify == "ok",
            "\(label): isValid"
        )
        assertEvent(expected.constructEvent, "\(label): constructEvent") {
            try verifier.constructEvent(body: body, signature: vector.signature)
        }
        // With one secret, the free functions must agree with the verifier.
        if let secret = vector.secrets.first, vector.secrets.count == 1 {
            assertOutcome(expectedVerify, "\(label): verify(secret:)") {
                try verify(body: body, signature: vector.signature, secret: secret)
            }
            assertEvent(expected.constructEvent, "\(label): constructEvent(secret:)") {
                try constructEvent(body: body, signature: vector.signature, secret: secret)
            }
        }
    }

    /// Runs `call`, which must succeed when `expected` is "ok" and otherwise throw the named error.
    private func assertOutcome(_ expected: String, _ label: String, _ call: () throws -> Void) {
        do {
            try call()
            XCTAssertEqual("ok", expected, label)
        } catch let error as WebhookError {
            XCTAssertEqual(error.code, errorCodes[expected], "\(label): \(error.message)")
        } catch {
            XCTFail("\(label): \(error) is not a WebhookError")
        }
    }

    private func assertEvent(_ expected: Outcome, _ label: String, _ call: () throws -> WebhookEvent) {
        assertOutcome(expected.error ?? "ok", label) {
            let event = try call()
            guard let want = expected.event else { return }
            XCTAssertEqual(event.id, want.id, label)
            XCTAssertEqual(event.status.rawValue, want.status, label)
            XCTAssertEqual(event.type.rawValue, want.type, label)
            XCTAssertEqual(event.resultJson, want.result, label)
            // A known value is its own case, never `.other` with the same text.
            XCTAssertEqual(event.status != .other(want.status), want.statusKnown, "\(label): status known")
            XCTAssertEqual(event.type != .other(want.type), want.typeKnown, "\(label): type known")
        }
    }
}
