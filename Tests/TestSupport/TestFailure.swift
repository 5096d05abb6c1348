/// A test's own precondition that did not hold (a fixture step that failed), with what happened.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
