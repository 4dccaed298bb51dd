import Foundation
import SharpApiWebhooks
import SharpApiWebhooksC
import XCTest

private let secret = "whsec_rules\u{0}after_nul"
private let rawBody = Data(#"{"id":"job-1","status":"success","type":"content_translate","result":null}"#.utf8)

/// The rules that the native library decides, reached through this package: it passes bytes and
/// maps errors, and never decides what is valid itself.
final class NativeRulesTests: XCTestCase {
    func testANulInASecretIsPartOfIt() throws {
        let full = try sign(body: rawBody, secret: secret)
        let cut = try sign(body: rawBody, secret: "whsec_rules")
        XCTAssertNotEqual(full, cut)
        XCTAssertEqual(try sign(body: rawBody, secretBytes: Data(secret.utf8)), full)
        let verifier = try Verifier(secrets: [secret])
        XCTAssertNoThrow(try verifier.verify(body: rawBody, signature: full))
        let error = webhookError { try verifier.verify(body: rawBody, signature: cut) }
        XCTAssertEqual(error, .invalidSignature(message: error?.message ?? ""))
        XCTAssertEqual(webhookError { try verify(body: rawBody, signature: cut, secret: secret) }?.code, 4)
    }

    func testANulOrAnythingAfterTheDigitsIsMalformed() throws {
        let verifier = try Verifier(secrets: [secret])
        let signature = try sign(body: rawBody, secret: secret)
        for bad in [signature + "\u{0}junk", signature + "\u{0}", "\u{0}" + signature, signature + "\u{A0}",
                    String(signature.dropLast()) + "\u{FF10}", " \(signature.prefix(32))\t\(signature.dropFirst(32))"] {
            let error = webhookError { try verifier.verify(body: rawBody, signature: bad) }
            XCTAssertEqual(error?.code, 3, bad.debugDescription)
            XCTAssertFalse(verifier.isValid(body: rawBody, signature: bad))
        }
        XCTAssertNoThrow(try verifier.verify(body: rawBody, signature: " \t\(signature)\r\n"), "ASCII whitespace around")
    }

    /// A lone surrogate cannot be in a Swift `String`; the bytes that a language whose strings
    /// can hold one passes (WTF-8) are refused as a secret, as any bytes that are not UTF-8.
    func testSecretBytesThatAreNotUTF8AreAnInvalidSecret() throws {
        let loneSurrogate = wtf8([0x77, 0xD800, 0x78]) // "w", U+D800 alone, "x"
        XCTAssertEqual(loneSurrogate, Data([0x77, 0xED, 0xA0, 0x80, 0x78]))
        for bytes in [loneSurrogate, wtf8([0xDFFF]), Data([0xFF]), Data([0xC3]), Data()] {
            let label = Array(bytes).description
            XCTAssertEqual(webhookError { try Verifier(secretBytes: [bytes]) }?.code, 1, label)
            XCTAssertEqual(webhookError { try Verifier(secretBytes: [Data("whsec_ok".utf8), bytes]) }?.code, 1, label)
            XCTAssertEqual(webhookError { try sign(body: rawBody, secretBytes: bytes) }?.code, 1, label)
            let signature = String(repeating: "0", count: 64)
            XCTAssertEqual(webhookError { try verify(body: rawBody, signature: signature, secretBytes: bytes) }?.code, 1)
            XCTAssertEqual(
                webhookError { try constructEvent(body: rawBody, signature: signature, secretBytes: bytes) }?.code, 1
            )
        }
        XCTAssertEqual(webhookError { try Verifier(secretBytes: []) }?.code, 1)
        // A well-formed pair is one character, and bytes are the same secret as the text.
        let pair = wtf8([0xD83D, 0xDE00])
        XCTAssertEqual(pair, Data("\u{1F600}".utf8))
        XCTAssertEqual(try sign(body: rawBody, secretBytes: pair), try sign(body: rawBody, secret: "\u{1F600}"))
        let fromBytes = try Verifier(secretBytes: [Data(secret.utf8)])
        XCTAssertNoThrow(try fromBytes.verify(body: rawBody, signature: sign(body: rawBody, secret: secret)))
    }

    func testTheSignatureIsFoundAmongTheHeaders() throws {
        let verifier = try Verifier(secrets: [secret])
        let signature = try sign(body: rawBody, secret: secret)
        let other = try sign(body: rawBody, secret: "whsec_other")
        let expected = try verifier.constructEvent(body: rawBody, signature: signature)
        let accepted: [[(name: String, value: String)]] = [
            [("X-Signature", signature)],
            [("x-sIGNATURE", signature)],
            [("Content-Type", "application/json"), ("x-signature", signature), ("X-Other", other)],
            [("X-Signature", signature), ("x-signature", " \(signature)\t")], // the same value twice
        ]
        for headers in accepted {
            XCTAssertEqual(try verifier.constructEventFromHeaders(body: rawBody, headers: headers), expected, "\(headers)")
        }
        let refused: [([(name: String, value: String)], Int)] = [
            ([], 2),
            ([("X-Signature", "")], 2),
            ([("X-Signature ", signature)], 2), // not the name: nothing around it
            ([("Signature", signature)], 2),
            ([("X-Signature", signature), ("x-signature", other)], 3),
            ([("X-Signature", signature), ("x-signature", signature.uppercased())], 3), // two texts
            ([("X-Signature", "\(signature), \(signature)")], 3), // joined: never do that
            ([("X-Signature", signature + "\u{0}")], 3),
            ([("X-Signature", other)], 4),
        ]
        for (headers, code) in refused {
            XCTAssertEqual(
                webhookError { try verifier.constructEventFromHeaders(body: rawBody, headers: headers) }?.code, code,
                "\(headers)"
            )
        }
        // Unlabelled pairs, a dictionary, or any sequence of pairs.
        let unlabelled: [(String, String)] = [("X-SIGNATURE", signature)]
        XCTAssertEqual(try verifier.constructEventFromHeaders(body: rawBody, headers: unlabelled), expected)
        let dictionary = ["Content-Type": "application/json", "x-signature": signature]
        XCTAssertEqual(try verifier.constructEventFromHeaders(body: rawBody, headers: dictionary), expected)
        XCTAssertEqual(
            webhookError { try verifier.constructEventFromHeaders(body: rawBody, headers: ["X-Signature": other]) }?.code, 4
        )
        let lazy = accepted[2].lazy.map { (name: $0.name, value: $0.value) }
        XCTAssertEqual(try verifier.constructEventFromHeaders(body: rawBody, headers: lazy), expected)
    }

    func testAnInvalidPayloadSaysWhereItIsWrong() throws {
        let verifier = try Verifier(secrets: [secret])
        let body = Data("{\n  \"id\": \"7\",\n  \"status\": success\n}".utf8)
        let error = webhookError { try verifier.constructEvent(body: body, signature: sign(body: body, secret: secret)) }
        XCTAssertEqual(error?.code, 5)
        let message = error?.message ?? ""
        XCTAssertTrue(message.contains("line 3") && message.contains("column"), message)
        XCTAssertEqual(webhookError { try parseEventUnverified(body: body) }?.message, message)
    }

    func testNestingIsLimited() throws {
        let vocabulary = try Vocabulary.load()
        let verifier = try Verifier(secrets: [secret])
        // The event object is level 1: `result` holds the other levels.
        func body(levels: Int) -> Data {
            let inner = String(repeating: "[", count: levels - 1) + String(repeating: "]", count: levels - 1)
            return Data(#"{"id":"deep","status":"success","type":"content_translate","result":\#(inner)}"#.utf8)
        }
        let deepest = body(levels: vocabulary.maxNestingDepth)
        let event = try verifier.constructEvent(body: deepest, signature: sign(body: deepest, secret: secret))
        XCTAssertEqual(event.resultJson?.count, 2 * (vocabulary.maxNestingDepth - 1))
        let tooDeep = body(levels: vocabulary.maxNestingDepth + 1)
        let error = webhookError { try verifier.constructEvent(body: tooDeep, signature: sign(body: tooDeep, secret: secret)) }
        XCTAssertEqual(error?.code, 5)
        let message = error?.message ?? ""
        XCTAssertTrue(message.contains("nested deeper than \(vocabulary.maxNestingDepth)"), message)
        XCTAssertTrue(message.contains("line 1 column"), message)
        XCTAssertEqual(webhookError { try parseEventUnverified(body: tooDeep) }?.code, 5)
    }

    /// No message holds a secret, whichever call failed and however the secret was given.
    func testNoMessageHoldsTheSecret() throws {
        let secrets = [secret, "whsec_\u{0}\u{1F600}"]
        let verifier = try Verifier(secrets: secrets)
        let signature = try sign(body: rawBody, secret: secrets[0])
        let notAnEvent = Data("[1]".utf8)
        let errors = [
            webhookError { try Verifier(secrets: secrets + [""]) },
            webhookError { try Verifier(secretBytes: secrets.map { Data($0.utf8) } + [Data([0xFF])]) },
            webhookError { try verifier.verify(body: rawBody, signature: nil) },
            webhookError { try verifier.verify(body: rawBody, signature: secrets[0]) },
            webhookError { try verifier.verify(body: rawBody, signature: signature.uppercased() + "0") },
            webhookError { try verifier.verify(body: Data(), signature: signature) },
            webhookError { try verifier.constructEventFromHeaders(body: rawBody, headers: [("X-Signature", secrets[1])]) },
            webhookError { try verifier.constructEvent(body: notAnEvent, signature: sign(body: notAnEvent, secret: secrets[1])) },
            webhookError { try verify(body: rawBody, signature: String(repeating: "a", count: 64), secret: secrets[1]) },
            webhookError { try sign(body: rawBody, secretBytes: Data(secrets[1].utf8) + Data([0xED, 0xA0, 0x80])) },
        ]
        XCTAssertEqual(errors.compactMap { $0?.code }, [1, 1, 2, 3, 3, 4, 3, 5, 4, 1])
        for error in errors.compactMap({ $0 }) {
            for secret in secrets + ["whsec_rules", "\u{1F600}"] {
                XCTAssertFalse(error.message.contains(secret), "\(error)")
                XCTAssertFalse("\(error)".contains(secret), "\(error)")
            }
        }
    }
}

/// The package's numbers and names against `bindings/vocabulary.json`, generated from the core.
final class VocabularyTests: XCTestCase {
    /// ``WebhookError/code`` is the only table that this package keeps: each case's code must be
    /// the vocabulary's code of the error of the same name.
    func testEachErrorCaseHasTheVocabularysCode() throws {
        let vocabulary = try Vocabulary.load()
        let cases: [WebhookError] = [
            .invalidSecret(message: ""), .missingSignature(message: ""), .malformedSignature(message: ""),
            .invalidSignature(message: ""), .invalidPayload(message: ""),
        ]
        XCTAssertEqual(cases.count, vocabulary.errors.count, "one case for each error of the vocabulary")
        for error in cases {
            // `.invalidSecret(message: "")` is named InvalidSecret in the vocabulary.
            let caseName = String(String(describing: error).prefix { $0 != "(" })
            let name = caseName.prefix(1).uppercased() + caseName.dropFirst()
            XCTAssertEqual(vocabulary.errors.first { $0.name == name }?.code, error.code, name)
        }
        XCTAssertEqual(Set(cases.map(\.code)).count, cases.count)
    }

    /// The native library knows each status and type of the vocabulary as its own case, and
    /// gives its exact text back.
    func testEveryKnownStatusAndTypeIsItsOwnCase() throws {
        let vocabulary = try Vocabulary.load()
        var types: [JobType] = []
        for status in vocabulary.jobStatuses {
            for type in vocabulary.jobTypes {
                let body = Data(#"{"id":"1","status":"\#(status.wire)","type":"\#(type.wire)"}"#.utf8)
                let event = try parseEventUnverified(body: body)
                XCTAssertEqual(event.status.wireText(), status.wire)
                XCTAssertEqual(event.status.rawValue, status.wire)
                XCTAssertNotEqual(event.status, .other(status.wire), status.name)
                XCTAssertEqual(event.type.rawValue, type.wire)
                XCTAssertNotEqual(event.type, .other(type.wire), type.name)
                types.append(event.type)
            }
        }
        XCTAssertEqual(Set(types).count, vocabulary.jobTypes.count, "each type its own case")
        XCTAssertEqual(JobType.other("content_new").rawValue, "content_new")
    }

    /// SwiftPM takes a package's version from its git tag; what the package runs is the native
    /// library, whose version must be the vocabulary's (the workspace's).
    func testTheNativeLibraryIsTheVocabularysVersion() throws {
        let vocabulary = try Vocabulary.load()
        XCTAssertEqual(String(cString: sharpapi_version()), vocabulary.version)
    }
}
