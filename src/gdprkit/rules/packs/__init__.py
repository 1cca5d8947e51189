"""The built-in rule packs; importing this registers them."""

from gdprkit.rules.packs import gdpr  # noqa: F401 - registers the gdpr profile
