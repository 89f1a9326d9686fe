import FailForward
import Testing

@Suite struct SiteRenderingTests {
    @Test(arguments: [
        ("git@github.com:acme/web.git", "https://github.com/acme/web/commit/"),
        ("https://github.com/acme/web", "https://github.com/acme/web/commit/"),
        ("ssh://git@gitlab.example.com:2222/group/sub/web.git", "https://gitlab.example.com/group/sub/web/-/commit/"),
        ("https://user:secret@codeberg.org/acme/web.git/", "https://codeberg.org/acme/web/commit/"),
        ("https://gitea.example.org/acme/web", "https://gitea.example.org/acme/web/commit/"),
    ])
    func forgeRemotesGiveCommitLinks(remote: String, link: String) {
        #expect(Site.commitLink(remote: remote) == link)
    }

    @Test(arguments: ["/srv/git/web.git", "../web", "https://example.com/acme/web", "git@github.com:web",
                      "https://github.com/acme/../../evil", "https://github.com/acme/web\"onmouseover=x",
                      "https://github.com/a/<b>", "file:///tmp/x/y"])
    func otherRemotesGiveNone(remote: String) {
        #expect(Site.commitLink(remote: remote) == nil)
    }

    @Test func slugsAreSafeFolderNames() {
        #expect(Site.slug("Payments Team") == "payments-team")
        #expect(Site.slug("../../etc") == "etc")
        #expect(Site.slug("週次") == "repository")
        #expect(Site.slug(String(repeating: "a", count: 100)).count == 40)
    }

    @Test func idsThatAreNotFileNamesGetNoPage() throws {
        var e = Experiment(id: "../../x", title: "t")
        e.status = .draft
        let good = Experiment(id: "ab12cd34", title: "<b>bold</b>")
        let source = Site.Source(name: "r", slug: "r", commitLink: nil,
                                 experiments: [StoredExperiment(experiment: e, path: "a.yaml"), StoredExperiment(experiment: good, path: "b.yaml")],
                                 baselines: [:], timeline: Timeline(events: [], experiments: [], head: nil))
        let pages = Site.render([source], title: "T", now: Timestamp.parse("2026-12-01T00:00:00Z")!, search: false)
        let paths = pages.map(\.path)
        #expect(paths.contains("experiments/r/ab12cd34.html"))
        #expect(!paths.contains { $0.contains("..") })
        let page = try #require(pages.first { $0.path == "experiments/r/ab12cd34.html" })
        #expect(String(decoding: page.bytes, as: UTF8.self).contains("&lt;b&gt;bold&lt;/b&gt;"))
    }
}
