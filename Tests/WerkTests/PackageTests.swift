import Testing
@testable import Werk
