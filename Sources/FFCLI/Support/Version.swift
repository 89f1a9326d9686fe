/// The version `ff --version` prints.
enum FFVersion {
    static let current = "0.1.0"
}
