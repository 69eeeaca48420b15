/// Writes a minimal, valid one-page PDF 1.4 document of text lines in Helvetica.
///
/// Hand-written because no PDF package is available: a catalog, a page tree with one A4 page, a font and one
/// content stream, followed by an exact cross-reference table.
struct PDFWriter {
    /// A line of text at a position (points from the bottom-left corner).
    struct Line {
        var text: String
        var x: Int
        var y: Int
        var size: Int = 11
        var bold = false
    }

    var lines: [Line] = []

    mutating func add(_ text: String, x: Int, y: Int, size: Int = 11, bold: Bool = false) {
        lines.append(Line(text: text, x: x, y: y, size: size, bold: bold))
    }

    /// The PDF file bytes.
    func render() -> [UInt8] {
        var content = ""
        for line in lines {
            content +=
                "BT /\(line.bold ? "F2" : "F1") \(line.size) Tf \(line.x) \(line.y) Td (\(Self.escape(line.text))) Tj ET\n"
        }
        let contentBytes = Array(content.utf8)
        let objects: [String] = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
            "<< /Length \(contentBytes.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        ]
        var out: [UInt8] = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(index + 1) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out += Array(table.utf8)
        return out
    }

    /// PDF string escaping; characters outside printable ASCII become `?` (the fonts use WinAnsi).
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "(", ")", "\\": result += "\\" + String(scalar)
            case "€": result += "EUR "
            case "£": result += "GBP "
            case "×": result += "x"
            case " "..."~": result.unicodeScalars.append(scalar)
            default: result += "?"
            }
        }
        return result
    }
}
