"""The built-in rule packs: ``gdpr`` and ``cnil``, each a :class:`~gdprkit.rules.Profile`."""
