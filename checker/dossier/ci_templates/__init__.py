"""Ready-made CI files for a dossier repository, written by `checker init-ci`."""
