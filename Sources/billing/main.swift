import ArgumentParser
import BillingCLI

// Inside an async function the async `main()` overload is chosen; at top level the synchronous one would be.
func runBilling() async { await BillingCommand.main() }

await runBilling()
