/// Fixed slots written concurrently, one writer per slot. A raw buffer, not an array: an
/// array's `withUnsafeMutableBufferPointer` is a mutation of the whole array, which
/// ThreadSanitizer rightly reports as a race between two slots' writers.
public final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int
    public init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    public subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
}
