import Foundation
import SharpApiWebhooks
import XCTest

private let secret = "whsec_swift_tests"
private let rawBody = Data(
    #"{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"n":1.10}}"#.utf8
)

final class APITests: XCTestCase {
    func testAVerifiedDeliveryBecomesATypedEvent() throws {
        let signature = try sign(body: rawBody, secret: secret)
        let verifier = try Verifier(secrets: ["whsec_previous", secret])
        let event = try verifier.constructEvent(body: rawBody, signature: signature)
        XCTAssertEqual(event.id, "bf683177-3a48-47d1-9c4e-0b4de39517fa")
        XCTAssertEqual(event.status, .success)
        XCTAssertEqual(event.type, .contentTranslate)
        XCTAssertEqual(event.resultJson, #"{"n":1.10}"#, "the result's text, not a re-serialization")
        XCTAssertNoThrow(try verifier.verify(body: rawBody, signature: signature.uppercased()))
        let fromHeaders = try verifier.constructEventFromHeaders(body: rawBody, headers: [("x-SIGNATURE", signature)])
        XCTAssertEqual(fromHeaders, event)
    }

    func testUnknownValuesKeepTheirText() throws {
        let body = Data(#"{"id":"7","status":"queued","type":"content_new"}"#.utf8)
        let event = try parseEventUnverified(body: body)
        XCTAssertEqual(event.status, .other("queued"))
        XCTAssertEqual(event.type, .other("content_new"))
        XCTAssertEqual(event.type.rawValue, "content_new")
        XCTAssertNil(event.resultJson)
    }

    func testEachErrorHasItsCodeAndMessage() throws {
        let verifier = try Verifier(secrets: [secret])
        let wrong = try sign(body: rawBody, secret: "whsec_someone_else")
        let notAnEvent = Data("[1, 2]".utf8)
        let errors = [
            webhookError { try Verifier(secrets: []) },
            webhookError { try verifier.verify(body: rawBody, signature: nil) },
            webhookError { try verifier.verify(body: rawBody, signature: "not hex") },
            webhookError { try verifier.verify(body: rawBody, signature: wrong) },
            webhookError {
                try verifier.constructEvent(body: notAnEvent, signature: sign(body: notAnEvent, secret: secret))
            },
        ]
        XCTAssertEqual(errors.map { $0?.code }, [1, 2, 3, 4, 5])
        for error in errors.compactMap({ $0 }) {
            XCTAssertFalse(error.message.isEmpty)
            XCTAssertEqual(error.localizedDescription, error.message)
            XCTAssertFalse(error.message.contains(secret), "a message never holds the secret")
        }
        XCTAssertTrue(errors[3]?.message.contains("raw request body") ?? false, "says what to fix")
        XCTAssertTrue(errors[4]?.message.contains("at line 1 column") ?? false, errors[4]?.message ?? "")
    }

    func testSecretsMustBeGivenAndNotEmpty() {
        for secrets in [[], [""], [secret, ""]] {
            XCTAssertEqual(webhookError { try Verifier(secrets: secrets) }?.code, 1, "\(secrets)")
        }
        XCTAssertEqual(webhookError { try sign(body: rawBody, secret: "") }?.code, 1)
        XCTAssertEqual(webhookError { try verify(body: rawBody, signature: "a", secret: "") }?.code, 1)
    }

    func testBadSignaturesAreRefusedWithTheirOwnError() throws {
        let verifier = try Verifier(secrets: [secret])
        let signature = try sign(body: rawBody, secret: secret)
        let cases: [(String?, Int)] = [
            (nil, 2), ("", 2), (" \t ", 2),
            (String(signature.dropLast()), 3), (signature + "0", 3),
            (String(repeating: "g", count: 64), 3),
            (String(repeating: "é", count: 32), 3), // 64 bytes, none of them hex
            ("sha256=" + signature, 3),
            (String(signature.reversed()), 4),
        ]
        for (badSignature, code) in cases {
            let label = String(describing: badSignature)
            XCTAssertEqual(webhookError { try verifier.verify(body: rawBody, signature: badSignature) }?.code, code, label)
            XCTAssertFalse(verifier.isValid(body: rawBody, signature: badSignature), label)
            XCTAssertEqual(
                webhookError { try verify(body: rawBody, signature: badSignature, secret: secret) }?.code, code, label
            )
        }
    }

    func testTheBodyIsCheckedByteForByte() throws {
        let verifier = try Verifier(secrets: [secret])
        let signature = try sign(body: rawBody, secret: secret)
        var tampered = rawBody
        tampered.append(0x0A)
        XCTAssertEqual(webhookError { try verifier.verify(body: tampered, signature: signature) }?.code, 4)
        XCTAssertEqual(webhookError { try verifier.verify(body: Data(), signature: signature) }?.code, 4)
        // A slice keeps its parent's indices: only its own bytes must be read.
        let framed = Data("prefix".utf8) + rawBody + Data("suffix".utf8)
        let slice = framed[6 ..< 6 + rawBody.count]
        XCTAssertNotEqual(slice.startIndex, 0)
        XCTAssertNoThrow(try verifier.verify(body: slice, signature: signature))
        XCTAssertEqual(try verifier.constructEvent(body: slice, signature: signature).type, .contentTranslate)
    }

    func testVerifiedButNotAnEventIsAnInvalidPayload() throws {
        let verifier = try Verifier(secrets: [secret])
        for body in ["", "not json", #"{"status":"success","type":"content_translate"}"#, "\u{FEFF}{}"] {
            let payload = Data(body.utf8)
            let signature = try sign(body: payload, secret: secret)
            XCTAssertEqual(
                webhookError { try verifier.constructEvent(body: payload, signature: signature) }?.code, 5, body
            )
            XCTAssertNoThrow(try verifier.verify(body: payload, signature: signature), "verify does not parse")
            XCTAssertEqual(webhookError { try parseEventUnverified(body: payload) }?.code, 5, body)
        }
        let notUTF8 = Data([0x7B, 0xFF, 0x7D])
        XCTAssertEqual(webhookError { try parseEventUnverified(body: notUTF8) }?.code, 5)
    }
}
