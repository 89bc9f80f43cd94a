"""Products: the catalogue resource."""
