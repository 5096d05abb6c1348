import Foundation
import MinqingQR
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects character data and root attributes; records parse errors.
final class SVGCollector: NSObject, XMLParserDelegate {
    var text = ""
    var rootAttributes: [String: String] = [:]
    var elements: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        if elements.isEmpty { rootAttributes = attributeDict }
        elements.append(elementName)
        text += "\n"
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}

@Suite struct PosterRendererTests {
    static let url = "http://127.0.0.1:8080/c/abcdefgh2345k"

    static func parse(_ svg: String) throws -> SVGCollector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGCollector()
        parser.delegate = collector
        let ok = parser.parse()
        try #require(ok, "XML parse error: \(String(describing: parser.parserError))")
        return collector
    }

    static func content(name: String = "张伟", phone: String? = "0571-12345678") -> PosterContent {
        PosterContent(
            name: name, subtitle: "区人大代表 · 教育", stationName: "城关街道代表联络站",
            receptionText: "每月10日接待", phone: phone, url: url)
    }

    @Test func posterIsWellFormedA4WithAllTexts() throws {
        let svg = try PosterRenderer.render(Self.content())
        #expect(svg.contains("width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\""))
        #expect(svg.contains("Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"))

        let parsed = try Self.parse(svg)
        #expect(parsed.elements.first == "svg")
        #expect(parsed.rootAttributes["viewBox"] == "0 0 210 297")
        let lines = Set(parsed.text.components(separatedBy: "\n"))
        for expected in [
            "张伟", "区人大代表 · 教育", "城关街道代表联络站", "每月10日接待",
            "电话：0571-12345678", "扫码找代表 · 反映民情民意", Self.url,
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        #expect(parsed.elements.filter { $0 == "path" }.count == 1)
    }

    @Test func posterEmbedsTheURLsCode() throws {
        let matrix = try QRMatrix.encode(Self.url)
        let svg = PosterRenderer.render(Self.content(), matrix: matrix)
        #expect(svg.contains(QRSVGRenderer.pathData(matrix)))
        let scale = PosterRenderer.qrSide / Double(matrix.size + 8)
        #expect(svg.contains("translate(45 70) scale(\(scale))"))
    }

    @Test func phoneIsOptional() throws {
        let svg = try PosterRenderer.render(Self.content(phone: nil))
        #expect(!svg.contains("电话"))
        #expect(!(try PosterRenderer.render(Self.content(phone: "")).contains("电话")))
    }

    @Test func textIsEscaped() throws {
        let name = "王<&>\"'五"
        var content = Self.content(name: name)
        content.stationName = "A & B <站>"
        content.url = "http://127.0.0.1:8080/c/x?a=1&b=2"
        let svg = try PosterRenderer.render(content)
        #expect(svg.contains("王&lt;&amp;&gt;&quot;&apos;五"))
        #expect(!svg.contains("<&>"))
        #expect(svg.contains("A &amp; B &lt;站&gt;"))

        let parsed = try Self.parse(svg)
        let lines = Set(parsed.text.components(separatedBy: "\n"))
        #expect(lines.contains(name))
        #expect(lines.contains("A & B <站>"))
        #expect(lines.contains("http://127.0.0.1:8080/c/x?a=1&b=2"))
    }

    @Test func controlCharactersAreDroppedAndLongLinesShrink() throws {
        var content = Self.content(name: "张\u{1}伟")
        content.slogan = String(repeating: "很长的标语", count: 10)
        let svg = try PosterRenderer.render(content)
        _ = try Self.parse(svg)
        #expect(svg.contains(">张伟<"))
        #expect(svg.contains("font-size=\"3.8\" fill=\"#C8102E\" font-weight=\"bold\">很长的标语"))
        #expect(svg.contains("font-size=\"16\" fill=\"#ffffff\" font-weight=\"bold\">张伟<"))
    }
}
