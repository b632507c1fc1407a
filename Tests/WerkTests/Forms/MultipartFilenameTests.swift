import Testing
@testable import Werk

@Suite struct MultipartFilenameTests {
    @Test(arguments: [
        ("My cool movie.mov", "My_cool_movie.mov"),
        ("../../../etc/passwd", "etc_passwd"),
        ("i contain cool \u{00FC}ml\u{00E4}uts.txt", "i_contain_cool_umlauts.txt"),
        ("résumé.pdf", "resume.pdf"),
        ("Ångström Œuvre ß.txt", "Angstrom_uvre_.txt"),
        ("e\u{0301}te\u{0301}.txt", "ete.txt"),
        ("ＡＢＣ.txt", "ABC.txt"),
        ("Łódź.jpg", "odz.jpg"),
        ("日本.txt", "txt"),
        ("日本", ""),
        ("../..", ""),
        ("...", ""),
        ("__init__.py", "init__.py"),
        (".bashrc", "bashrc"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("NUL.tar.gz", "_NUL.tar.gz"),
        ("COM1", "_COM1"),
        ("LPT9.doc", "_LPT9.doc"),
        ("COM10", "COM10"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("C:\\Users\\x\\a.txt", "C_Users_x_a.txt"),
        ("a\tb\n c", "a_b_c"),
        ("semi;colon'quote\"<>|?*.txt", "semicolonquote.txt"),
        ("  spaced  out  ", "spaced_out"),
        ("", ""),
    ])
    func secureFilenameCases(input: String, expected: String) {
        #expect(secureFilename(input) == expected)
    }

    @Test(arguments: [
        ("a.txt", "a.txt"),
        ("C:\\Users\\x\\a.txt", "a.txt"),
        ("../../etc/passwd", "passwd"),
        ("/abs/path/file.bin", "file.bin"),
        ("dir/", ""),
        ("..", ""),
        ("a/..", ""),
        (".", ""),
        ("say %22hi%22.txt", "say \"hi\".txt"),
        ("line%0Abreak.txt", "line%0Abreak.txt"),
        ("", ""),
    ])
    func uploadFilenameCases(input: String, expected: String) {
        #expect(uploadFilename(input) == expected)
    }

    @Test func filenameWithWindowsPathInHeader() throws {
        // IE sent the full path, backslashes unescaped inside the quoted string.
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\x\\a.txt\""], content: [1])
        #expect(try parseBody(multipartBody([part])).files[0].file.filename == "a.txt")
    }

    @Test func filenameWithTraversalInHeader() throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"f\"; filename=\"../../etc/passwd\""], content: [1])
        #expect(try parseBody(multipartBody([part])).files[0].file.filename == "passwd")
    }

    @Test func chromiumQuoteEscape() throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"f\"; filename=\"a%22b.txt\""], content: [1])
        #expect(try parseBody(multipartBody([part])).files[0].file.filename == "a\"b.txt")
    }

    @Test func extendedFilenameWins() throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"f\"; filename=\"naive.txt\"; filename*=UTF-8''na%C3%AFve.txt"],
                            content: [1])
        #expect(try parseBody(multipartBody([part])).files[0].file.filename == "naïve.txt")
    }

    @Test func extendedFilenameAlone() throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"f\"; filename*=utf-8'en'%E2%9C%93%20ok.txt"], content: [1])
        #expect(try parseBody(multipartBody([part])).files[0].file.filename == "✓ ok.txt")
    }

    @Test func escapedQuoteInQuotedName() throws {
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"say \\\"hi\\\"\""], content: [0x31])
        #expect(try parseBody(multipartBody([part])).fields[0].name == "say \"hi\"")
    }

    /// A `filename*` that breaks the syntax still makes the part a file, with the value read as
    /// Werkzeug reads it: the upload's bytes are never decoded as a text field.
    @Test(arguments: [
        ("filename*=UTF-8''a%2", "a%2"),
        ("filename*=UTF-8''%ZZ.bin", "%ZZ.bin"),
        ("filename*=x.txt", "x.txt"),
        ("filename*=UTF-8''%FF.txt", "\u{FFFD}.txt"),
    ])
    func aMalformedExtendedFilenameIsStillAFile(_ parameter: String, filename: String) throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let part = TestPart(headers: ["Content-Disposition: form-data; name=\"f\"; \(parameter)"], content: png)
        let form = try parseBody(multipartBody([part]))
        #expect(form.fields.isEmpty)
        let file = try #require(form.files.first).file
        #expect(file.filename == filename)
        #expect(try file.read() == png)
    }
}
