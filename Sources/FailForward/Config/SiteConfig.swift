/// `.ff/site.yaml`: the repositories one learning site shows, committed in the repository the
/// site is built from.
///
///     title: Acme learning
///     sources:
///       - name: Payments
///         url: ../payments                        # a path, or any URL git can fetch
///       - name: Web
///         url: https://git.example.com/acme/web.git
public struct SiteConfig: Equatable, Sendable {
    public static let path = ".ff/site.yaml"

    public struct Source: Equatable, Sendable {
        public var name: String
        public var url: String
        public init(name: String, url: String) {
            self.name = name
            self.url = url
        }
    }

    public var title: String?
    public var sources: [Source] = []

    public init(title: String? = nil, sources: [Source] = []) {
        self.title = title
        self.sources = sources
    }

    public static func parse(_ text: String, path: String = SiteConfig.path) throws -> SiteConfig {
        var config = SiteConfig()
        guard let node = try YAMLComposer.compose(text, path: path) else { return config }
        func fail(_ n: YAMLNode, _ m: String) -> FileError {
            FileError(path: path, line: n.start.line, column: n.start.column, message: m)
        }
        guard case .mapping = node else { throw fail(node, "the site config must be a mapping with title: and sources:") }
        if let t = node["title"] {
            guard case let .scalar(s) = t, !s.string.trimmed().isEmpty else { throw fail(t, "title must be a line of text") }
            config.title = s.string.trimmed()
        }
        guard let list = node["sources"] else { return config }
        guard case let .sequence(items) = list else { throw fail(list, "sources must be a list of name: and url: pairs") }
        for item in items.items {
            guard case .mapping = item else { throw fail(item, "each source must be a mapping with name: and url:") }
            guard let u = item["url"], case let .scalar(url) = u, !url.string.trimmed().isEmpty else {
                throw fail(item, "a source needs url: (a path or a URL git can fetch)")
            }
            var name = Paths.last(url.string.trimmed(scalars: "/ "))
            if name.hasSuffix(".git") { name.removeLast(4) }
            if let n = item["name"] {
                guard case let .scalar(s) = n, !s.string.trimmed().isEmpty else { throw fail(n, "name must be a line of text") }
                name = s.string.trimmed()
            }
            config.sources.append(Source(name: SafeText.line(name), url: url.string.trimmed()))
        }
        return config
    }
}
