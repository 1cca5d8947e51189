"""The built-in rule packs; importing this registers them."""

from gdprkit.rules.packs import (
    cnil,  # noqa: F401 - registers the cnil profile
    gdpr,  # noqa: F401 - registers the gdpr profile
)
