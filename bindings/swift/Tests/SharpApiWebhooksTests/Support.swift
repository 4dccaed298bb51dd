import Foundation
import SharpApiWebhooks
import XCTest

/// The repository's root, from this file's place in it.
let repositoryDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent() // Tests/SharpApiWebhooksTests
    .deletingLastPathComponent() // Tests
    .deletingLastPathComponent() // bindings/swift
    .deletingLastPathComponent() // bindings
    .deletingLastPathComponent() // the repository

/// `bindings/vocabulary.json`, which the build generates from the core: the one source of the
/// error codes and names, the job statuses and types, the nesting limit and the version.
struct Vocabulary: Decodable {
    struct Error: Decodable {
        let code: Int
        let name: String
    }

    struct WireValue: Decodable {
        let name: String
        let wire: String
    }

    let errors: [Error]
    let jobStatuses: [WireValue]
    let jobTypes: [WireValue]
    let maxNestingDepth: Int
    let version: String

    private enum CodingKeys: String, CodingKey {
        case errors
        case jobStatuses = "job_statuses"
        case jobTypes = "job_types"
        case maxNestingDepth = "max_nesting_depth"
        case version
    }

    static func load() throws -> Vocabulary {
        let url = repositoryDirectory.appendingPathComponent("bindings/vocabulary.json")
        return try JSONDecoder().decode(Vocabulary.self, from: Data(contentsOf: url))
    }

    /// The name of the error with `code` (`"InvalidSecret"` for 1), or a name that says the code is
    /// unknown.
    func errorName(code: Int) -> String {
        errors.first { $0.code == code }?.name ?? "unknown error code \(code)"
    }
}

/// The error that `call` throws, failing the test when it throws none or another type.
func webhookError(
    _ call: () throws -> some Any, file: StaticString = #filePath, line: UInt = #line
) -> WebhookError? {
    do {
        _ = try call()
        XCTFail("no error thrown", file: file, line: line)
    } catch let error as WebhookError {
        return error
    } catch {
        XCTFail("\(error) is not a WebhookError", file: file, line: line)
    }
    return nil
}

/// The WTF-8 bytes of UTF-16 code units: UTF-8, except that a lone surrogate is encoded like a
/// scalar (ED A0..BF xx), which makes the bytes not UTF-8. What a language whose strings may hold
/// lone surrogates passes for one; a Swift `String` cannot hold one.
func wtf8(_ units: [UInt16]) -> Data {
    var bytes = Data()
    var index = 0
    while index < units.count {
        var scalar = UInt32(units[index])
        index += 1
        if (0xD800 ..< 0xDC00).contains(scalar), index < units.count,
           (0xDC00 ..< 0xE000).contains(units[index]) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(units[index]) - 0xDC00)
            index += 1
        }
        switch scalar {
        case ..<0x80:
            bytes.append(UInt8(scalar))
        case ..<0x800:
            bytes.append(contentsOf: [0xC0 | UInt8(scalar >> 6), 0x80 | UInt8(scalar & 0x3F)])
        case ..<0x10000: // a lone surrogate too
            bytes.append(contentsOf: [
                0xE0 | UInt8(scalar >> 12), 0x80 | UInt8((scalar >> 6) & 0x3F), 0x80 | UInt8(scalar & 0x3F),
            ])
        default:
            bytes.append(contentsOf: [
                0xF0 | UInt8(scalar >> 18), 0x80 | UInt8((scalar >> 12) & 0x3F),
                0x80 | UInt8((scalar >> 6) & 0x3F), 0x80 | UInt8(scalar & 0x3F),
            ])
        }
    }
    return bytes
}
