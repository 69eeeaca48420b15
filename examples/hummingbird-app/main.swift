import Configuration
import Hummingbird

// Reads STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRETS, APP_PUBLIC_URL, DATABASE_URL, HTTP_PORT … from the environment.
try await buildExampleApplication(reader: ConfigReader(providers: [EnvironmentVariablesProvider()])).runService()
