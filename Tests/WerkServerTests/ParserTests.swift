import Testing
@testable import WerkServer
