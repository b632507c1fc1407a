#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns `MultipartEvent`s into a `MultipartForm` under `FormLimits`: counts parts, keeps text
/// fields in memory up to `maxFormMemorySize`, and spools file parts to temporary files once
/// they pass `spoolThreshold`, writing in pieces so memory stays flat.
struct MultipartFormBuilder {
    let limits: FormLimits
    let temporaryFiles: TemporaryFiles
    private(set) var form = MultipartForm()

    private var partCount = 0
    /// Bytes of text fields kept, all fields together (`maxFormMemorySize`).
    private var fieldBytes = 0
    /// Bytes of file parts held in memory, all parts together (bounded by `spoolThreshold`).
    private var fileMemoryBytes = 0
    /// Bytes written to spool files, all parts together (`maxSpoolSize`).
    private var spooledBytes = 0

    private enum Sink {
        case field([UInt8])
        case memoryFile([UInt8])
        case spooled(descriptor: Int32, path: String, size: Int)
    }
    private var part: MultipartPart?
    private var sink: Sink = .field([])
    /// Small pieces collected before one `write(2)` to the spool file.
    private var writeBuffer: [UInt8] = []
    private static let writeSize = 64 * 1024
    /// Spool files created by this parse, removed again if it fails.
    private var created: [String] = []

    init(limits: FormLimits, temporaryFiles: TemporaryFiles) {
        self.limits = limits
        self.temporaryFiles = temporaryFiles
    }

    mutating func handle(_ event: MultipartEvent) throws(FormParseError) {
        switch event {
        case .partBegin(let head):
            partCount += 1
            if let max = limits.maxFormParts, partCount > max {
                throw .tooLarge("the body has more than \(max) parts (max_form_parts)")
            }
            part = head
            sink = head.isFile ? .memoryFile([]) : .field([])
        case .data(let bytes):
            try append(bytes)
        case .partEnd:
            try finishPart()
        case .end:
            break
        }
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) throws(FormParseError) {
        switch sink {
        case .field(var data):
            fieldBytes += bytes.count
            if let max = limits.maxFormMemorySize, fieldBytes > max {
                throw .tooLarge("the text fields pass \(max) bytes (max_form_memory_size) at field \(String(reflecting: part?.name ?? ""))")
            }
            sink = .field([])  // keep `data` uniquely referenced while appending
            data.append(contentsOf: bytes)
            sink = .field(data)
        case .memoryFile(var data):
            if data.count + bytes.count > limits.spoolThreshold
                || fileMemoryBytes + bytes.count > limits.spoolThreshold {
                fileMemoryBytes -= data.count
                let (descriptor, path) = try createSpoolFile()
                sink = .spooled(descriptor: descriptor, path: path, size: 0)
                let result = data.withUnsafeBytes { bytes in
                    Result { () throws(FormParseError) in try spool(bytes) }
                }
                try result.get()
                try spool(bytes)
            } else {
                fileMemoryBytes += bytes.count
                sink = .field([])
                data.append(contentsOf: bytes)
                sink = .memoryFile(data)
            }
        case .spooled:
            try spool(bytes)
        }
    }

    private mutating func createSpoolFile() throws(FormParseError) -> (Int32, String) {
        do {
            let (descriptor, path) = try temporaryFiles.create()
            created.append(path)
            return (descriptor, path)
        } catch {
            throw FormParseError(.storage, "cannot create a temporary file for an upload: \(error)",
                                 isResourceShortage: isResourceShortage(error.code))
        }
    }

    /// Appends to the spool file, through `writeBuffer` for small pieces.
    private mutating func spool(_ bytes: UnsafeRawBufferPointer) throws(FormParseError) {
        guard case .spooled(let descriptor, let path, let size) = sink else { return }
        spooledBytes += bytes.count
        if let max = limits.maxSpoolSize, spooledBytes > max {
            throw .tooLarge("the files pass \(max) bytes written to temporary files (max_spool_size)")
        }
        sink = .spooled(descriptor: descriptor, path: path, size: size + bytes.count)
        if writeBuffer.isEmpty && bytes.count >= Self.writeSize {
            try write(descriptor, bytes, path)
            return
        }
        writeBuffer.append(contentsOf: bytes)
        if writeBuffer.count >= Self.writeSize { try flush() }
    }

    private mutating func flush() throws(FormParseError) {
        guard case .spooled(let descriptor, let path, _) = sink, !writeBuffer.isEmpty else { return }
        let result = writeBuffer.withUnsafeBytes { bytes in
            Result { () throws(FormParseError) in try write(descriptor, bytes, path) }
        }
        writeBuffer.removeAll(keepingCapacity: true)
        try result.get()
    }

    private func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws(FormParseError) {
        do {
            try FileStorage.writeAll(descriptor, bytes, path: path)
        } catch {
            throw FormParseError(.storage, "cannot write an upload to its temporary file: \(error)")
        }
    }

    private mutating func finishPart() throws(FormParseError) {
        guard let head = part else { return }
        switch sink {
        case .field(let data):
            form.fields.append((head.name, Self.decodeText(data, contentType: head.contentType)))
        case .memoryFile(let data):
            form.files.append((head.name, FileStorage(part: head, data: data)))
        case .spooled(let descriptor, let path, let size):
            try flush()
            sink = .field([])
            if close(descriptor) != 0 {
                throw FormParseError(.storage, "cannot close an upload's temporary file: \(FileStorageError(operation: "close", path: path, code: errno))")
            }
            form.files.append((head.name, FileStorage(part: head, spooledAt: path, size: size, owner: temporaryFiles)))
        }
        part = nil
        sink = .field([])
    }

    /// Undoes a failed parse: closes an open spool file and deletes the files it created.
    mutating func discard() {
        if case .spooled(let descriptor, _, _) = sink { close(descriptor) }
        sink = .field([])
        for path in created { temporaryFiles.remove(path) }
        created = []
        form = MultipartForm()
    }

    /// A text field's value: UTF-8 (RFC 7578 s5.1.2), bad bytes as U+FFFD, or ISO-8859-1
    /// when the part's Content-Type says `charset=iso-8859-1` / `latin-1` (RFC 7578 s4.4).
    static func decodeText(_ data: [UInt8], contentType: String?) -> String {
        if let contentType, contentType.contains("=") {
            let charset = parseOptionsHeader(contentType).options["charset"]?.lowercased()
            if charset == "iso-8859-1" || charset == "latin-1" || charset == "latin1" || charset == "l1" {
                return String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
            }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
