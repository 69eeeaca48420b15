import BillingCLI

await BillingCommand.main()
