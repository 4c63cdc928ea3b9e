import Foundation

/// A labeled corpus line (`../shared/eval/README.md`): `claim` is positive, `debunk`/`news`/`other` negative.
public struct LabeledPost: Sendable, Equatable {
    public var id: String
    public var language: String
    public var label: String
    public var kind: String
    public var title: String
    public var text: String

    /// True when an alert must fire.
    public var isPositive: Bool { label == "claim" }

    public var post: ScoredPost { ScoredPost(title: title, text: text, language: language) }
}

/// Reading a corpus file, with line-numbered errors.
public enum LabeledCorpus {
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public static func load(from url: URL) throws(LoadError) -> [LabeledPost] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(file: url.relativePath, line: 0, reason: "cannot read the corpus: \(error.localizedDescription)")
        }
        var posts: [LabeledPost] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw LoadError(file: url.relativePath, line: index + 1, reason: "not a JSON object")
            }
            guard let label = object["label"] as? String, let text = object["text"] as? String else {
                throw LoadError(file: url.relativePath, line: index + 1, reason: "needs \"label\" and \"text\"")
            }
            let id = object["id"].map { "\($0)" } ?? "line-\(index + 1)"
            posts.append(
                LabeledPost(
                    id: id, language: object["lang"] as? String ?? "?", label: label, kind: object["kind"] as? String ?? "",
                    title: object["title"] as? String ?? "", text: text))
        }
        return posts
    }
}
