@testable import Copydesk
import CopydeskCore
import Foundation
import Testing

@Suite("E-mail: MIME, encodings, quoting")
struct EmailTests {
    func mail(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    func documents(_ bytes: [UInt8]) throws -> [Document] { try Intake().documents(from: bytes, name: "mail.eml") }

    @Test func encodedWordsDecodeInEveryCharsetAndJoinAcrossWhiteSpace() async {
        #expect(EncodedWords.decode(Array("=?UTF-8?Q?Caf=C3=A9_au_lait?=".utf8)) == "Café au lait")
        #expect(EncodedWords.decode(Array("=?ISO-8859-1?B?Wvxy?= =?iso-8859-1?q?ich?= news".utf8)) == "Zürich news")
        #expect(EncodedWords.decode(Array("Re: =?utf-8?b?4oCTIGRhc2g=?=".utf8)) == "Re: – dash")
        #expect(EncodedWords.decode(Array("not =?encoded".utf8)) == "not =?encoded")
        #expect(EncodedWords.decode(Array("Gr\u{00FC}\u{00DF}e".utf8)) == "Grüße", "raw UTF-8 in a header (RFC 6532)")
    }

    @Test func transferEncodingsAndDatesDecode() async {
        #expect(QuotedPrintable.decode(ArraySlice(Array("soft=\r\nbreak and =C3=BC=3D".utf8))) == Array("softbreak and ü=".utf8))
        #expect(Base64.decode(Array("SGVs\r\nbG8=".utf8)) == Array("Hello".utf8))
        #expect(MailDate.iso8601("Fri, 4 Dec 2026 09:14:03 +0100") == "2026-12-04T09:14:03+01:00")
        #expect(MailDate.iso8601("4 Dec 26 09:14 GMT") == "2026-12-04T09:14:00+00:00")
        #expect(MailDate.iso8601("Thu, 3 Dec 2026 at 16:40") == nil)
    }

    @Test func parametersFollowRFC2231() async {
        let type = MediaType.parse("application/pdf; name*0*=UTF-8''Bericht%20; name*1=\"2026.pdf\"; x=\"a;b\"")
        #expect(type.full == "application/pdf")
        #expect(type.parameters["name"] == "Bericht 2026.pdf")
        #expect(type.parameters["x"] == "a;b")
        #expect(MediaType.parse(nil).full == "text/plain")
    }

    @Test func aPlainTextFileWithAColonIsNotAnEmail() async {
        #expect(!EmailMessage.looksLikeEmail(Array("Note: the meeting moved.\nSee you there.\n".utf8)))
        #expect(!EmailMessage.looksLikeEmail(Array("Subject: budget\n\nText.".utf8)))
        #expect(EmailMessage.looksLikeEmail(Array("From: a@example.org\nSubject: budget\n\nText.".utf8)))
    }

    @Test func anHTMLOnlyReleaseWithAStubPlainPartIsReadFromItsHTML() async throws {
        let html = "<html><body><h1>Museum opens</h1><p>The new city museum opens its doors on Saturday with an exhibition about the harbour.</p><p>Entry is free for the first month.</p></body></html>"
        let bytes = mail([
            "From: Museum <info@museum.example>", "Subject: Museum opens", "Date: Mon, 7 Dec 2026 08:00:00 +0000",
            "MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"x\"", "",
            "--x", "Content-Type: text/plain; charset=us-ascii", "", "View this e-mail in your browser.", "",
            "--x", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "",
            Data(html.utf8).base64EncodedString(options: .lineLength76Characters), "--x--", "",
        ])
        let document = try #require(try documents(bytes).first)
        let cleaned = Cleaner.clean(document.input!)
        #expect(cleaned.paragraphs == ["The new city museum opens its doors on Saturday with an exhibition about the harbour.",
                                       "Entry is free for the first month."])
        #expect(cleaned.meta.title == "Museum opens")
        #expect(cleaned.meta.published == "2026-12-07T08:00:00+00:00")
    }

    @Test func aReplyAboveAnOutlookOriginalKeepsOnlyTheReply() async throws {
        let bytes = mail([
            "From: Press <press@example.org>", "To: desk@example.org", "Subject: RE: Figures", "Date: Mon, 7 Dec 2026 08:00:00 +0000", "",
            "The figures for November are attached below and confirmed by the board.", "",
            "________________________________", "From: Desk <desk@example.org>", "Sent: Friday, December 4, 2026 5:00 PM",
            "To: Press <press@example.org>", "Subject: Figures", "", "Could you confirm the November figures?", "",
        ])
        let document = try #require(try documents(bytes).first)
        let cleaned = Cleaner.clean(document.input!)
        #expect(cleaned.paragraphs == ["The figures for November are attached below and confirmed by the board."])
        #expect(cleaned.meta.title == "Figures")
    }

    @Test func aMailWithNothingToReadIsRefusedNamingItsAttachments() async {
        let bytes = mail([
            "From: a@example.org", "Subject: Photos", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b", "",
            "--b", "Content-Type: image/jpeg", "Content-Disposition: attachment; filename=\"harbour.jpg\"",
            "Content-Transfer-Encoding: base64", "", "/9j/4AAQSkZJRg==", "--b--", "",
        ])
        #expect(throws: IntakeError.noText(format: "e-mail", held: "no text body, only attachments not read (harbour.jpg)")) {
            try documents(bytes)
        }
    }

    @Test func nestedMultipartsAndAnAttachedMessageAreWalked() async throws {
        let inner = [
            "From: Agency <news@agency.example>", "Subject: Attached story", "Date: Mon, 7 Dec 2026 07:00:00 +0000", "",
            "Northbridge (NWS) - The attached story's first paragraph is long enough to be a story.", "",
            "It has a second paragraph too.",
        ].joined(separator: "\r\n")
        let bytes = mail([
            "From: Desk <desk@example.org>", "Subject: Fwd: two things", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=outer", "",
            "--outer", "Content-Type: multipart/related; boundary=inner", "",
            "--inner", "Content-Type: text/plain; charset=utf-8", "", "See the attached message.", "", "And the picture.", "",
            "--inner", "Content-Type: image/png; name=logo.png", "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo=", "--inner--",
            "--outer", "Content-Type: message/rfc822", "Content-Disposition: attachment; filename=story.eml", "", inner, "--outer--", "",
        ])
        let found = try documents(bytes)
        #expect(found.count == 2)
        #expect(found[1].source.item?.kind == "attachment" && found[1].source.item?.name == "story.eml")
        #expect(Cleaner.clean(found[1].input!).meta.title == "Attached story")
        let attachments = Cleaner.clean(found[0].input!).meta.agency.attachments
        #expect(attachments.map(\.name) == ["logo.png", "story.eml"])
        #expect(attachments.map(\.read) == [false, true])
    }

    @Test(.timeLimit(.minutes(1)))
    func hostileHeadersAndBodiesStayLinear() async throws {
        // 200 KB of "=?" that never closes, and a 2 MB body of ">" lines and markers.
        let subject = String(repeating: "=?a?q?xx=", count: 25_000)
        let body = String(repeating: "> quoted\n---------- Forwarded message ---------\nFrom: x\n", count: 40_000)
        let started = ContinuousClock.now
        let documents = try? Intake().documents(from: Array("From: a@example.org\nSubject: \(subject)\n\n\(body)".utf8), name: "x.eml")
        #expect(ContinuousClock.now - started < .seconds(20))
        _ = documents
    }

    @Test func subjectsLoseTheirReplyAndForwardPrefixes() async {
        #expect(EmailQuoting.title(fromSubject: "Fwd: RE: [EXTERNAL] Budget vote") == "Budget vote")
        #expect(EmailQuoting.title(fromSubject: "AW: WG: Haushalt") == "Haushalt")
        #expect(EmailQuoting.isForward(subject: "Fw: x") && !EmailQuoting.isForward(subject: "Re: x"))
    }
}
