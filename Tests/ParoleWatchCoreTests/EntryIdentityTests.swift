import Foundation
import ParoleWatchCore
import Testing

@Suite("EntryIdentity")
struct EntryIdentityTests {
    @Test("the key prefers the guid, then the link, then a hash of title and text")
    func keyPreference() {
        #expect(EntryIdentity(FeedEntry(id: " g1 ", link: "https://x.example/1", text: "t")).key == "guid:g1")
        #expect(EntryIdentity(FeedEntry(id: "", link: "https://x.example/1", text: "t")).key == "link:https://x.example/1")
        let hashed = EntryIdentity(FeedEntry(title: "T", text: "body")).key
        #expect(hashed.hasPrefix("hash:") && hashed.count == 5 + 64)
    }

    @Test("the content hash changes with title, text or link, and only with them")
    func contentHash() {
        let base = FeedEntry(id: "g", link: "https://x.example/1", title: "T", published: Date(), text: "body")
        var later = base
        later.published = Date(timeIntervalSince1970: 0)
        #expect(EntryIdentity(base).contentHash == EntryIdentity(later).contentHash)
        var newText = base
        newText.text = "other"
        var newTitle = base
        newTitle.title = "other"
        var newLink = base
        newLink.link = "https://x.example/2"
        for edited in [newText, newTitle, newLink] {
            #expect(EntryIdentity(edited).contentHash != EntryIdentity(base).contentHash)
        }
    }
}
