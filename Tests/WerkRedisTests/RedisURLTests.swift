import Testing
@testable import WerkRedis

/// Redis URLs: what they configure, and that an error about one never shows its password
/// (command lines' errors end up in service logs).
@Suite struct RedisURLTests {
    @Test func aURLGivesEndpointCredentialsAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:p%40ss:w@127.0.0.1:6380/2")
        #expect(configuration.endpoint == .tcp(host: "127.0.0.1", port: 6380))
        #expect(configuration.username == "alice" && configuration.password == "p@ss:w" && configuration.database == 2)
    }

    @Test(arguments: ["redis://:hunter2secret@127.0.0.1:99999/0", "redis://user:hunter2secret@127.0.0.1/x",
                      "redis://:hunter2secret@/0"])
    func errorsDoNotShowThePassword(_ url: String) {
        do {
            _ = try RedisConfiguration(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(!error.message.contains("hunter2secret"), "\(error.message)")
            #expect(error.message.contains("***@"), "\(error.message)")
        }
    }

    @Test func redactionLeavesURLsWithoutUserInfoAlone() {
        #expect(RedisConfiguration.redacted("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0")
        #expect(RedisConfiguration.redacted("redis://a:b@h/0?x=@") == "redis://***@h/0?x=@")
    }
}
