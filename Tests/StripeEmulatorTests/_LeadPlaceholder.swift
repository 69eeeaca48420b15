// Lead's transient build placeholder; removed once the module has content.
