import Configuration
import Vapor

// Reads STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRETS, APP_PUBLIC_URL, DATABASE_URL … from the environment.
let app = try await Application.make(.detect())
do {
    try await configureExample(app, reader: ConfigReader(providers: [EnvironmentVariablesProvider()]))
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
