extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func contains(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= count else { return false }
        return withUnsafeBufferPointer { hay in
            var i = 0
            let last = hay.count - needle.count
            while i <= last {
                if hay[i] == first && needle.indices.allSatisfy({ hay[i + $0] == needle[$0] }) { return true }
                i += 1
            }
            return false
        }
    }
}
