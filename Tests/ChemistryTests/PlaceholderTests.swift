import Testing
@testable import Chemistry
