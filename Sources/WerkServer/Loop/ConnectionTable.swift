/// An event loop's connections, by token: the id epoll reports for each. A token is a slot and
/// the slot's generation, so an event that arrives for a connection after it closed (and its
/// slot was reused) finds nothing instead of a stranger. No sockets: it is tested on its own.
struct ConnectionTable<Element: AnyObject> {
    /// Tokens below this belong to the loop's wake-up fd (0) and its listeners (1...).
    static var firstToken: UInt64 { 1 << 16 }

    private var slots: [Element?] = []
    private var generations: [UInt32] = []
    private var free: [Int] = []

    /// Connections in the table.
    private(set) var count = 0

    init() {}

    /// The token the next `insert` uses.
    var nextToken: UInt64 {
        let slot = free.last ?? slots.count
        let generation = slot < generations.count ? generations[slot] : 0
        return Self.token(slot: slot, generation: generation)
    }

    /// Adds the element `make` builds for its token; returns the token.
    @discardableResult
    mutating func insert(_ make: (UInt64) -> Element) -> UInt64 {
        let token = nextToken
        let slot = Self.slot(of: token)
        let element = make(token)
        if slot == slots.count {
            slots.append(element)
            generations.append(0)
        } else {
            _ = free.popLast()
            slots[slot] = element
        }
        count += 1
        return token
    }

    /// The element for `token`, or nil when it left (or never was).
    subscript(token: UInt64) -> Element? {
        guard token >= Self.firstToken else { return nil }
        let slot = Self.slot(of: token)
        guard slot < slots.count, generations[slot] == Self.generation(of: token) else { return nil }
        return slots[slot]
    }

    /// Removes the element for `token`; its slot's next user gets a new generation.
    @discardableResult
    mutating func remove(_ token: UInt64) -> Element? {
        guard let element = self[token] else { return nil }
        let slot = Self.slot(of: token)
        slots[slot] = nil
        generations[slot] &+= 1
        free.append(slot)
        count -= 1
        return element
    }

    /// Every element, in slot order.
    var elements: [Element] { slots.compactMap { $0 } }

    /// Calls `body` with every element (which must not change the table).
    func forEach(_ body: (Element) -> Void) {
        for case let element? in slots { body(element) }
    }

    private static func token(slot: Int, generation: UInt32) -> UInt64 {
        firstToken + (UInt64(generation) << 32 | UInt64(slot))
    }

    private static func slot(of token: UInt64) -> Int { Int((token - firstToken) & 0xFFFF_FFFF) }

    private static func generation(of token: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: (token - firstToken) >> 32) }
}
