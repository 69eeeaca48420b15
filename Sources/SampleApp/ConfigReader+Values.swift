public import Configuration

extension ConfigReader {
    /// A reader over fixed values named with dotted keys (`"http.port"`), for tests, tools and benchmarks that build
    /// the application without environment variables.
    public static func values(_ values: [String: ConfigValue]) -> ConfigReader {
        ConfigReader(
            providers: [
                InMemoryProvider(
                    values: Dictionary(
                        uniqueKeysWithValues: values.map {
                            (AbsoluteConfigKey(ConfigKey($0.key)), $0.value)
                        }
                    )
                )
            ]
        )
    }
}
