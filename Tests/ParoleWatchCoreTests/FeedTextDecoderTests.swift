import Testing

@testable import ParoleWatchCore

@Suite("FeedTextDecoder")
struct FeedTextDecoderTests {
    private func decode(_ bytes: [UInt8], contentType: String? = nil) -> (String, [String]) {
        let decoder = FeedTextDecoder(bytes, contentType: contentType)
        return (String(decoding: decoder.utf8, as: UTF8.self), decoder.warnings)
    }

    @Test("strips a UTF-8 BOM")
    func utf8BOM() {
        #expect(decode([0xEF, 0xBB, 0xBF] + Array("<a/>".utf8)).0 == "<a/>")
    }

    @Test("reads UTF-16 with either BOM, and without one from the '<?' pattern")
    func utf16() {
        let text = "<a>é😀</a>"
        let le = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(decode([0xFF, 0xFE] + le).0 == text)
        #expect(decode([0xFE, 0xFF] + be).0 == text)
        let declared = "<?xml version=\"1.0\"?><a/>"
        #expect(decode(Array(declared.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).0 == declared)
    }

    @Test("reads ISO-8859-1 as windows-1252, and windows-1252's 0x80-0x9F table")
    func singleByte() {
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".utf8) + [0xE9, 0x80, 0x93, 0x94, 0x81]
        #expect(decode(latin1).0.hasSuffix("é€“”\u{81}"))
        let cp1252 = Array("<?xml version='1.0' encoding='windows-1252'?>".utf8) + [0x85, 0x96, 0x97, 0x99]
        #expect(decode(cp1252).0.hasSuffix("…–—™"))
    }

    @Test("US-ASCII with high bytes warns and reads them as windows-1252")
    func asciiWithHighBytes() {
        let (text, warnings) = decode(Array("<?xml version=\"1.0\" encoding=\"us-ascii\"?>".utf8) + [0xE9])
        #expect(text.hasSuffix("é"))
        #expect(warnings == ["document declared US-ASCII contains bytes above 0x7F; read them as windows-1252"])
    }

    @Test("the HTTP charset beats the XML declaration; a BOM beats both")
    func precedence() {
        let body = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>".utf8) + [0xE9]
        #expect(decode(body, contentType: "text/xml; charset=\"iso-8859-1\"").0.hasSuffix("é"))
        #expect(decode([0xEF, 0xBB, 0xBF, 0xC3, 0xA9], contentType: "text/xml; charset=iso-8859-1").0 == "é")
    }

    @Test("invalid UTF-8 mixed with valid multi-byte text becomes U+FFFD with one warning")
    func invalidUTF8() {
        let (text, warnings) = decode(
            Array("a\n".utf8) + [0xFF, 0xE2, 0x82, 0x41, 0xE2, 0x82, 0xAC, 0xC0, 0xAF, 0xED, 0xA0, 0x80]
        )
        #expect(text == "a\n\u{FFFD}\u{FFFD}\u{FFFD}A€\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(warnings == ["invalid UTF-8: 8 bytes replaced with U+FFFD, first at line 2"])
    }

    @Test("8-bit text mislabeled as UTF-8 is read as windows-1252 with a warning")
    func mislabeledLatin1() {
        let (text, warnings) = decode(Array("caf".utf8) + [0xE9, 0x20, 0x96])
        #expect(text == "café –")
        #expect(warnings.count == 1)
    }

    @Test("an unknown charset falls back to UTF-8 with a warning")
    func unknownCharset() {
        let (text, warnings) = decode(Array("<?xml version=\"1.0\" encoding=\"x-klingon\"?><a/>".utf8))
        #expect(text.hasSuffix("<a/>"))
        #expect(warnings == ["unknown encoding \"x-klingon\" in the XML declaration at line 1; read as UTF-8"])
    }

    @Test("an odd-length UTF-16 body and lone surrogates do not crash")
    func brokenUTF16() {
        let (text, warnings) = decode([0xFF, 0xFE, 0x3C, 0x00, 0x00, 0xD8, 0x41])
        #expect(text == "<\u{FFFD}")
        #expect(warnings.count == 2)
    }

    @Test("a stale UTF-16 label on an 8-bit document is ignored with a warning")
    func staleUTF16Label() {
        let declared = decode(Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>é</a>".utf8))
        #expect(declared.0.hasSuffix("<a>é</a>"))
        #expect(declared.1 == ["the XML declaration says \"UTF-16\" but the document is 8-bit; read as UTF-8"])
        let hinted = decode(Array("<a>é</a>".utf8), contentType: "application/xml; charset=utf-16")
        #expect(hinted.0 == "<a>é</a>")
        #expect(hinted.1 == ["Content-Type says charset \"utf-16\" but the body is 8-bit; ignored the charset"])
    }
}
