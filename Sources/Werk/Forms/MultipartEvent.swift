/// What `MultipartDecoder` reports while it reads a body, in this order for each part:
/// `partBegin`, zero or more `data`, `partEnd`; then `end` once after the close delimiter.
public enum MultipartEvent {
    /// A part starts; its header block has been read and checked.
    case partBegin(MultipartPart)
    /// A piece of the current part's content. The bytes are valid only during the handler
    /// call that receives them: copy or write them before returning.
    case data(UnsafeRawBufferPointer)
    /// The current part's content is complete.
    case partEnd
    /// The close delimiter `--boundary--` was read; anything after it (the epilogue) is ignored.
    case end
}
