"""The built-in rule packs; importing this registers them."""
