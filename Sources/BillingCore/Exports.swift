// The facade's public API names these template types (``Billing/templates``, ``MailDelivery/templates``);
// re-exporting them keeps `import BillingCore` enough for a host that overrides templates.
@_exported public import struct BillingTemplates.MailTemplates
@_exported public import struct BillingTemplates.RenderedMail
@_exported public import struct BillingTemplates.TemplateError
@_exported public import struct BillingTemplates.TemplateOverrides
