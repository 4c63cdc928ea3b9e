/// A value that did not parse, with the sentence to report; the caller adds file, position and key path.
struct ConfigValueError: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
