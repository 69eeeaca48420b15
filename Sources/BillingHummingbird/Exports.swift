// The adapter's public API names these view types; re-exporting them keeps `import BillingHummingbird` enough for
// a host that passes its own views or writes a layout.
@_exported public import struct BillingViews.BillingPageContent
@_exported public import struct BillingViews.BillingViews
