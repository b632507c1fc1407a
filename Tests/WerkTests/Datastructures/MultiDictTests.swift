import Testing
@testable import Werk

@Suite("MultiDict")
struct MultiDictTests {
    @Test func keepsInsertionOrderAcrossKeys() {
        let d = MultiDict([("a", "1"), ("b", "2"), ("a", "3"), ("c", "4")])
        #expect(d.items.map(\.key) == ["a", "b", "a", "c"])
        #expect(d.items.map(\.value) == ["1", "2", "3", "4"])
        #expect(d.keys == ["a", "b", "c"])
        #expect(d.count == 4)
        #expect(!d.isEmpty)
        #expect(Array(d).map(\.value) == ["1", "2", "3", "4"])
    }

    @Test func dictionaryLiteralKeepsDuplicates() {
        let d: MultiDict = ["tag": "x", "page": "2", "tag": "y"]
        #expect(d["tag"] == "x")
        #expect(d.first("tag") == "x")
        #expect(d.getAll("tag") == ["x", "y"])
        #expect(d.getAll("missing") == [])
        #expect(d["missing"] == nil)
        #expect(d.contains("page"))
        #expect(!d.contains("nope"))
    }

    @Test func emptyDict() {
        let d = MultiDict<String, Int>()
        #expect(d.isEmpty)
        #expect(d.count == 0)
        #expect(d.keys.isEmpty)
        #expect(d.items.isEmpty)
        #expect(d.description == "MultiDict([])")
    }

    @Test func subscriptSetReplacesAllKeepingFirstPosition() {
        var d = MultiDict([("a", 1), ("b", 2), ("a", 3)])
        d["a"] = 9
        #expect(d.items.map(\.key) == ["a", "b"])
        #expect(d.getAll("a") == [9])
        d["c"] = 5
        #expect(d.items.map(\.key) == ["a", "b", "c"])
        d["a"] = nil
        #expect(d.items.map(\.key) == ["b", "c"])
        #expect(!d.contains("a"))
    }

    @Test func removalKeepsOrder() {
        var d = MultiDict([("a", 1), ("b", 2), ("a", 3), ("c", 4), ("b", 5)])
        let removed = d.removeAll("a")
        #expect(removed == [1, 3])
        #expect(d.items.map(\.key) == ["b", "c", "b"])
        #expect(d.items.map(\.value) == [2, 4, 5])
        #expect(d.count == 3)
        #expect(d.removeAll("zzz") == [])
        d.append(6, for: "a")
        #expect(d.items.map(\.value) == [2, 4, 5, 6])
        #expect(d.keys == ["b", "c", "a"])
    }

    @Test func manyRemovalsCompactAndStayConsistent() {
        var d = MultiDict<Int, Int>()
        for i in 0..<200 { d.append(i, for: i % 10) }
        for key in [3, 7, 1, 9, 5] { d.removeAll(key) }
        #expect(d.count == 100)
        #expect(d.keys == [0, 2, 4, 6, 8])
        #expect(d.getAll(4) == Array(stride(from: 4, to: 200, by: 10)))
        #expect(d.items.map(\.value) == (0..<200).filter { $0 % 2 == 0 })
        d.append(1000, for: 3)
        #expect(d.items.last?.value == 1000)
        #expect(d.getAll(3) == [1000])
    }

    @Test func indexedSetAndRemovalKeepPositionsRight() {
        // Over the index threshold, then shrunk below it: lookups stay right either way.
        var d = MultiDict<Int, Int>()
        for i in 0..<40 { d.append(i, for: i % 4) }
        d.set([100, 101], for: 2)
        #expect(d.getAll(2) == [100, 101])
        #expect(d.count == 32)
        #expect(d.first(3) == 3)
        #expect(d.items.prefix(8).map(\.value) == [0, 1, 100, 3, 4, 5, 101, 7])
        d.removeAll(0)
        d.removeAll(1)
        #expect(d.count == 12)
        #expect(d.first(3) == 3 && d.getAll(3).count == 10)
        #expect(d.first(0) == nil && !d.contains(1))
        d.append(7, for: 0)
        #expect(d.items.last! == (key: 0, value: 7))
        #expect(d.mapValues { $0 * 2 }.getAll(2) == [200, 202])
    }

    @Test(arguments: [
        ([1, 2, 3], [10], [("a", 10), ("b", 0)]),
        ([1, 2, 3], [10, 20, 30, 40], [("a", 10), ("b", 0), ("a", 20), ("a", 30), ("a", 40)]),
        ([1, 2, 3], [10, 20], [("a", 10), ("b", 0), ("a", 20)]),
        ([1, 2, 3], [], [("b", 0)]),
    ])
    func setValues(_ old: [Int], _ new: [Int], _ expected: [(String, Int)]) {
        var d = MultiDict<String, Int>()
        d.append(old[0], for: "a")
        d.append(0, for: "b")
        for v in old.dropFirst() { d.append(v, for: "a") }
        d.set(new, for: "a")
        #expect(d.items.map(\.key) == expected.map(\.0))
        #expect(d.items.map(\.value) == expected.map(\.1))
        #expect(d.getAll("a") == new)
    }

    @Test func equalityIsOrderSensitive() {
        let a: MultiDict = ["x": 1, "y": 2]
        let b: MultiDict = ["y": 2, "x": 1]
        var c: MultiDict = ["x": 1, "z": 0, "y": 2]
        c.removeAll("z")
        #expect(a != b)
        #expect(a == c)
        #expect(a.hashValue == c.hashValue)
        #expect(Set([a, c]).count == 1)
    }

    @Test func mapValuesKeepsKeysAndOrder() {
        let d: MultiDict = ["a": "xx", "b": "y", "a": "zzz"]
        let lengths = d.mapValues { $0.count }
        #expect(lengths.items.map(\.key) == ["a", "b", "a"])
        #expect(lengths.getAll("a") == [2, 3])
    }

    @Test func descriptionShowsPairs() {
        let d: MultiDict = ["a": "1", "a": "2"]
        #expect(d.description == #"MultiDict([("a", "1"), ("a", "2")])"#)
    }

    @Test(arguments: [
        ("page", Int?.some(3)),
        ("neg", -4),
        ("bad", nil),
        ("empty", nil),
        ("missing", nil),
        ("huge", nil),
    ] as [(String, Int?)])
    func typedGet(_ key: String, _ expected: Int?) {
        let args: MultiDict = ["page": "3", "neg": "-4", "bad": "3x", "empty": "", "huge": "99999999999999999999999"]
        #expect(args.get(key, as: Int.self) == expected)
    }

    @Test func typedGetOtherTypes() {
        let args: MultiDict = ["f": "1.5", "b": "true", "s": "hi"]
        #expect(args.get("f", as: Double.self) == 1.5)
        #expect(args.get("b", as: Bool.self) == true)
        #expect(args.get("s", as: String.self) == "hi")
        #expect(args.get("s", as: Bool.self) == nil)
    }
}
