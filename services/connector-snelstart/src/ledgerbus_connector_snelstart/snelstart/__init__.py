"""SnelStart B2B API v2: client-key tokens, OData paging, one stream per entity type."""
