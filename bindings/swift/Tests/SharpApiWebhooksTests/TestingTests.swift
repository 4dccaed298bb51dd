import Foundation
import SharpApiWebhooks
import SharpApiWebhooksC
import XCTest

private let secret = "whsec_test_delivery"

/// A file of `tests/vectors/explain/`: what `explain` must find for each changed delivery.
private struct ExplainFile: Decodable {
    struct Vector: Decodable {
        struct Expected: Decodable {
            let causes: [String]
        }

        let name: String
        let body: String
        let signature: String?
        let secrets: [String]
        let expected: Expected
    }

    let vectors: [Vector]
}

/// `tests/vectors/test_delivery/deliveries.json`: what `TestDelivery` must make of each set of
/// fields, byte for byte, or the error it must throw.
private struct DeliveryFile: Decodable {
    struct Vector: Decodable {
        struct Given: Decodable {
            let secret: String
            let id: String
            let status: String
            let type: String
            /// Absent for a delivery without a result; `""` is a result, and an invalid one.
            let resultJson: String?

            private enum CodingKeys: String, CodingKey {
                case secret, id, status, type
                case resultJson = "result_json"
            }
        }

        /// Either the delivery (`body`, `signature` and `headers`) or the `error`'s name.
        struct Expected: Decodable {
            let body: String?
            let signature: String?
            let headers: [[String]]?
            let error: String?
        }

        let name: String
        let given: Given
        let expected: Expected
    }

    let vectors: [Vector]
}

/// The causes of `bindings/vocabulary.json`.
private struct CauseVocabulary: Decodable {
    struct Cause: Decodable {
        let code: Int
        let name: String
        let wire: String
        let description: String
    }

    let explainCauses: [Cause]
    let userAgent: String

    private enum CodingKeys: String, CodingKey {
        case explainCauses = "explain_causes"
        case userAgent = "user_agent"
    }
}

/// The test helpers: `TestDelivery`, checked by this package's own `Verifier` and byte for byte
/// through every vector of `tests/vectors/test_delivery/`, and `explain`, through every vector of
/// `tests/vectors/explain/`.
final class TestingTests: XCTestCase {
    func testATestDeliveryIsTheBodyAndHeadersSharpAPISends() throws {
        let delivery = try TestDelivery(secret: secret, id: "job-1", resultJson: #"{"content":"Hallo"}"#)
        XCTAssertEqual(
            delivery.body,
            Data(#"{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}"#.utf8)
        )
        let vocabulary = try JSONDecoder().decode(
            CauseVocabulary.self,
            from: Data(contentsOf: repositoryDirectory.appendingPathComponent("bindings/vocabulary.json"))
        )
        XCTAssertEqual(delivery.headers.map(\.name), ["Content-Type", "User-Agent", "X-Signature"])
        XCTAssertEqual(delivery.headers.map(\.value), ["application/json", vocabulary.userAgent, delivery.signature])
        XCTAssertEqual(delivery.signature, try sign(body: delivery.body, secret: secret))

        let verifier = try Verifier(secrets: ["whsec_previous", secret])
        let event = try verifier.constructEventFromHeaders(body: delivery.body, headers: delivery.headers)
        XCTAssertEqual(event.id, "job-1")
        XCTAssertEqual(event.status, .success)
        XCTAssertEqual(event.type, .contentTranslate)
        XCTAssertEqual(event.resultJson, #"{"content":"Hallo"}"#)

        let other = try Verifier(secrets: ["whsec_someone_else"])
        XCTAssertEqual(
            webhookError { try other.constructEventFromHeaders(body: delivery.body, headers: delivery.headers) }?.code, 4
        )
    }

    func testByDefaultATestDeliveryIsASuccessfulTranslationWithANewUUIDAndNoResult() throws {
        let first = try parseEventUnverified(body: TestDelivery(secret: secret).body)
        let second = try parseEventUnverified(body: TestDelivery(secret: secret).body)
        XCTAssertNotNil(
            first.id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression),
            first.id
        )
        XCTAssertNotEqual(first.id, second.id)
        XCTAssertEqual(first.status, .success)
        XCTAssertEqual(first.type, .contentTranslate)
        XCTAssertNil(first.resultJson)
    }

    func testATestDeliveryTakesAnyStatusTypeAndId() throws {
        let delivery = try TestDelivery(
            secret: secret, id: "quote \" backslash \\ nul \u{0} é", status: .other("archived"),
            type: .other("content_rhyme"), resultJson: " [1, 2] "
        )
        let event = try constructEvent(body: delivery.body, signature: delivery.signature, secret: secret)
        XCTAssertEqual(event.id, "quote \" backslash \\ nul \u{0} é")
        XCTAssertEqual(event.status, .other("archived"))
        XCTAssertEqual(event.type, .other("content_rhyme"))
        XCTAssertEqual(event.resultJson, "[1, 2]")
        let failed = try parseEventUnverified(body: TestDelivery(secret: secret, status: .failed, type: .hrParseResume).body)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.type, .hrParseResume)
    }

    func testATestDeliveryEncodesAResultValue() throws {
        struct Translation: Encodable {
            let content: String
        }
        let delivery = try TestDelivery(secret: secret, id: "job-2", result: Translation(content: "Hallo"))
        XCTAssertEqual(
            delivery.body,
            Data(#"{"id":"job-2","status":"success","type":"content_translate","result":{"content":"Hallo"}}"#.utf8)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .prettyPrinted
        let pretty = try TestDelivery(secret: secret, result: ["n": 1], encoder: encoder)
        XCTAssertEqual(try parseEventUnverified(body: pretty.body).resultJson, "{\n  \"n\" : 1\n}")
    }

    func testATestDeliveryRefusesWhatTheNativeLibraryRefuses() {
        XCTAssertEqual(webhookError { try TestDelivery(secret: "") }?.code, 1)
        XCTAssertEqual(webhookError { try TestDelivery(secret: secret, resultJson: "{nope") }?.code, 5)
        XCTAssertEqual(webhookError { try TestDelivery(secret: secret, resultJson: "") }?.code, 5)
        XCTAssertEqual(webhookError { try TestDelivery(secret: secret, resultJson: "1 2") }?.code, 5)
        XCTAssertTrue(
            webhookError { try TestDelivery(secret: secret, resultJson: "{nope") }?.message.hasPrefix("invalid payload: ") ?? false
        )
    }

    /// Status and type go in as `.other(...)`, whose wire text is the vector's text as given,
    /// known or not.
    func testEveryTestDeliveryVector() throws {
        let file = repositoryDirectory.appendingPathComponent("tests/vectors/test_delivery/deliveries.json")
        let vectors = try JSONDecoder().decode(DeliveryFile.self, from: Data(contentsOf: file)).vectors
        let vocabulary = try Vocabulary.load()
        for vector in vectors {
            let given = vector.given
            let made: TestDelivery
            do {
                made = try TestDelivery(
                    secret: given.secret, id: given.id, status: .other(given.status), type: .other(given.type),
                    resultJson: given.resultJson
                )
            } catch let error as WebhookError {
                XCTAssertEqual(vocabulary.errorName(code: error.code), vector.expected.error, vector.name)
                continue
            }
            guard let body = vector.expected.body, let signature = vector.expected.signature,
                  let headers = vector.expected.headers
            else {
                XCTFail("\(vector.name): made a delivery, expected \(vector.expected.error ?? "nothing")")
                continue
            }
            XCTAssertEqual(made.body, Data(body.utf8), vector.name)
            XCTAssertEqual(made.signature, signature, vector.name)
            XCTAssertEqual(made.headers.map { [$0.name, $0.value] }, headers, vector.name)
            let verifier = try Verifier(secrets: [given.secret])
            XCTAssertNoThrow(
                try verifier.constructEventFromHeaders(body: made.body, headers: made.headers), vector.name
            )
        }
        // A missing or emptied file must fail, not pass with nothing run.
        XCTAssertGreaterThanOrEqual(vectors.count, 17)
        XCTAssertGreaterThanOrEqual(vectors.filter { $0.expected.error != nil }.count, 5)
    }

    func testEveryExplainVector() throws {
        let files = try FileManager.default.contentsOfDirectory(
            at: repositoryDirectory.appendingPathComponent("tests/vectors/explain"), includingPropertiesForKeys: nil
        ).filter { $0.pathExtension == "json" }
        XCTAssertTrue(files.contains { $0.lastPathComponent == "transformations.json" })
        var count = 0
        for file in files {
            for vector in try JSONDecoder().decode(ExplainFile.self, from: Data(contentsOf: file)).vectors {
                let explanation = explain(body: Data(vector.body.utf8), signature: vector.signature, secrets: vector.secrets)
                XCTAssertEqual(explanation.causes.map { $0.wireText() }, vector.expected.causes, vector.name)
                XCTAssertEqual(explanation.causes.map(\.rawValue), vector.expected.causes, vector.name)
                XCTAssertEqual(explanation.isValid, vector.expected.causes == ["signature_matches"], vector.name)
                XCTAssertEqual(
                    explanation.summary, explanation.causes.map { $0.description() }.joined(separator: "; "), vector.name
                )
                XCTAssertEqual("\(explanation)", explanation.summary, vector.name)
                // The bytes path gives the same.
                XCTAssertEqual(
                    explain(body: Data(vector.body.utf8), signature: vector.signature,
                            secretBytes: vector.secrets.map { Data($0.utf8) }),
                    explanation, vector.name
                )
                count += 1
            }
        }
        XCTAssertGreaterThanOrEqual(count, 17)
    }

    func testExplainNamesWhatChangedATestDelivery() throws {
        let delivery = try TestDelivery(secret: secret, resultJson: #"{"content":"Hallo"}"#)
        let withNewline = delivery.body + Data("\n".utf8)
        let explanation = explain(body: withNewline, signature: delivery.signature, secrets: ["whsec_previous", secret])
        XCTAssertEqual(explanation.causes, [.trailingNewline])
        XCTAssertFalse(explanation.isValid)
        XCTAssertTrue(explanation.summary.contains("newline"))
        XCTAssertTrue(explain(body: delivery.body, signature: delivery.signature, secrets: [secret]).isValid)
        XCTAssertEqual(
            explain(body: delivery.body, signature: delivery.signature, secrets: ["", " \(secret)\n"]).causes,
            [.secretWhitespace]
        )
        XCTAssertEqual(explain(body: delivery.body, signature: delivery.signature, secrets: []).causes, [.unexplained])
        XCTAssertEqual(explain(body: delivery.body, signature: nil, secrets: [secret]).causes, [.missingSignature])
        XCTAssertEqual(explain(body: delivery.body, signature: "", secrets: [secret]).causes, [.missingSignature])
        XCTAssertEqual(
            explain(body: delivery.body, signature: "sha256=" + delivery.signature, secrets: [secret]).causes,
            [.signaturePrefix]
        )
        XCTAssertEqual(
            explain(body: delivery.body, signature: delivery.signature, secretBytes: [Data([0xFF]), Data(secret.utf8)]).causes,
            [.signatureMatches]
        )
    }

    /// Each cause is the vocabulary's, with the C ABI's number and description.
    func testTheCausesAreTheVocabularys() throws {
        let vocabulary = try JSONDecoder().decode(
            CauseVocabulary.self,
            from: Data(contentsOf: repositoryDirectory.appendingPathComponent("bindings/vocabulary.json"))
        )
        let all: [Cause] = [
            .signatureMatches, .missingSignature, .malformedSignature, .signaturePrefix, .secretWhitespace,
            .jsonWhitespace, .jsonKeyOrder, .jsonEscaping, .lineEndings, .trailingNewline, .byteOrderMark,
            .unexplained,
        ]
        XCTAssertEqual(all.map(\.rawValue), vocabulary.explainCauses.sorted { $0.code < $1.code }.map(\.wire))
        for (cause, entry) in zip(all, vocabulary.explainCauses.sorted { $0.code < $1.code }) {
            XCTAssertEqual(cause.description(), entry.description, entry.name)
            XCTAssertEqual(String(cString: sharpapi_cause_description(UInt32(entry.code))), entry.description, entry.name)
        }
        XCTAssertEqual(Int(SHARPAPI_CAUSE_UNEXPLAINED), vocabulary.explainCauses.count)
    }
}
