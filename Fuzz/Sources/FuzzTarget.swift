/// The fuzz targets, by the name given on the command line.
enum FuzzTarget: String, CaseIterable {
    case feedXML = "feed-xml"
    case feedJSON = "feed-json"
    case config
    case model
    case scoreJSONL = "score-jsonl"

    /// Inputs longer than this are skipped: the interesting bugs fit in far less, and big inputs slow the search.
    static let maximumInputBytes = 1 << 20

    /// libFuzzer's callback for this target. Each returns 0, or -1 for an input outside the target's domain
    /// (libFuzzer then keeps it out of the corpus).
    var callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 {
        switch self {
        case .feedXML: { data, size in FeedTargets.xml(bytes(data, size)) }
        case .feedJSON: { data, size in FeedTargets.json(bytes(data, size)) }
        case .config: { data, size in ConfigTargets.config(bytes(data, size)) }
        case .model: { data, size in ConfigTargets.model(bytes(data, size)) }
        case .scoreJSONL: { data, size in ScoreTarget.jsonl(bytes(data, size)) }
        }
    }

    /// Work done once, before fuzzing: loading the model, making the scratch folder.
    func prepare() {
        switch self {
        case .feedXML, .feedJSON: break
        case .config, .model: _ = ConfigTargets.scratch
        case .scoreJSONL: _ = ScoreTarget.ruleSet
        }
    }
}

/// The input as an array, or nil when it is longer than ``FuzzTarget/maximumInputBytes``.
private func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8]? {
    guard size <= FuzzTarget.maximumInputBytes else { return nil }
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the process with `message` when an invariant fails: libFuzzer records the input as a crash.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant violated: \(message())") }
}
