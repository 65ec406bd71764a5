@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("Intake: reading, sniffing, refusing")
struct IntakeTests {
    let intake = Intake(maximumBytes: 1 << 20)

    @Test func documentIdIsTheSHA256OfTheRawBytes() async throws {
        let document = try #require(try intake.documents(from: Array("abc".utf8), name: "a.txt").first)
        #expect(document.id == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(document.source.bytes == 3)
        #expect(document.source.name == "a.txt")
    }

    @Test func sha256MatchesKnownVectors() async {
        #expect(SHA256.hexDigest(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hexDigest(of: long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(of: million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: ["", "   \n\t\n  ", "\u{FEFF}"])
    func emptyInputIsRefused(content: String) async {
        #expect(throws: IntakeError.empty) { try intake.documents(from: Array(content.utf8), name: "e.txt") }
    }

    @Test func oversizedInputIsRefused() async {
        let small = Intake(maximumBytes: 10)
        #expect(throws: IntakeError.tooLarge(bytes: 11, limit: 10)) {
            try small.documents(from: Array("01234567890".utf8), name: "big.txt")
        }
    }

    @Test func aMissingFileFailsAtIntake() async {
        guard case .failure(let failure) = intake.documents(atPath: "/nonexistent/story.txt") else {
            Issue.record("a missing file was read")
            return
        }
        #expect(failure.stage == "intake")
        #expect(failure.reason.contains("no such file"))
    }

    @Test(arguments: [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt", InputFormat.html),
        ("  <html lang=en><p>Story</p></html>", "x", .html),
        ("<div>One</div><p>Two</p><span>three</span>", "fragment", .html),
        ("<p>Only one tag</p>", "snippet.html", .html),
        ("Plain text that mentions <b> once.", "a.txt", .text),
        ("# Headline\n\nSome **bold** text.\n", "a.txt", .markdown),
        ("Just a story.\n\nWith paragraphs.", "a.md", .markdown),
        ("Just a story.\n\nWith paragraphs.", "a.txt", .text),
        ("Story text.\n\n---\n\n<https://example.org/story>", "a.txt", .markdown),
    ] as [(String, String, InputFormat)])
    func formatIsSniffedFromContentThenName(content: String, name: String, expected: InputFormat) {
        #expect(FormatSniffer.format(of: content, fileName: name) == expected)
    }
}
