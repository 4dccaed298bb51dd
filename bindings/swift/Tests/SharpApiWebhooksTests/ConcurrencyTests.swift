import Foundation
import SharpApiWebhooks
import XCTest

final class ConcurrencyTests: XCTestCase {
    /// One verifier shared by many threads, as a server shares it between requests: every
    /// delivery gets its own answer, whichever thread asks and whatever the others do meanwhile.
    func testOneVerifierServesManyThreadsAtOnce() throws {
        let secrets = ["whsec_current", "whsec_previous"]
        let verifier = try Verifier(secrets: secrets)
        // Signed by each secret in turn, and every third one by a secret the verifier lacks.
        let deliveries = try (0 ..< 48).map { index in
            let body = Data(#"{"id":"job-\#(index)","status":"success","type":"content_summarize"}"#.utf8)
            let signer = index % 3 == 0 ? "whsec_unknown" : secrets[index % 2]
            return (index: index, body: body, signature: try sign(body: body, secret: signer), valid: index % 3 != 0)
        }
        let threads = 8
        let rounds = 25
        let findings = Findings()

        let finished = DispatchGroup()
        // Threads of their own rather than a dispatch pool, which on a small machine would run
        // only as many at once as it has cores.
        for _ in 0 ..< threads {
            finished.enter()
            Thread {
                var localWrong: [String] = []
                for _ in 0 ..< rounds {
                    // In an order of its own, so that threads meet on different deliveries.
                    for delivery in deliveries.shuffled() {
                        do {
                            let event = try verifier.constructEvent(body: delivery.body, signature: delivery.signature)
                            if !delivery.valid || event.id != "job-\(delivery.index)" {
                                localWrong.append("delivery \(delivery.index) gave \(event.id)")
                            }
                        } catch let error as WebhookError where error.code == 4 && !delivery.valid {
                            // the answer expected for a delivery signed by an unknown secret
                        } catch {
                            localWrong.append("delivery \(delivery.index): \(error)")
                        }
                        if verifier.isValid(body: delivery.body, signature: delivery.signature) != delivery.valid {
                            localWrong.append("delivery \(delivery.index): isValid")
                        }
                    }
                }
                findings.record(localWrong)
                finished.leave()
            }.start()
        }
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success, "the threads finished in time")
        let (wrong, threadsDone) = findings.snapshot
        XCTAssertEqual(threadsDone, threads)
        XCTAssertEqual(wrong.count, 0, wrong.prefix(5).joined(separator: "; "))
    }
}

/// What each thread found wrong, gathered behind a lock.
private final class Findings: @unchecked Sendable {
    private let lock = NSLock()
    private var wrong: [String] = []
    private var threadsDone = 0

    func record(_ threadWrong: [String]) {
        lock.lock()
        defer { lock.unlock() }
        wrong += threadWrong
        threadsDone += 1
    }

    var snapshot: (wrong: [String], threadsDone: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (wrong, threadsDone)
    }
}
