/// Collects warnings for one parse, so every parser reports problems the same way.
struct FeedWarnings {
    private(set) var messages: [String] = []

    mutating func append(_ message: String) {
        if messages.count < XMLReader.maximumWarnings { messages.append(message) }
    }

    mutating func append(contentsOf messages: [String]) {
        for message in messages { append(message) }
    }
}
