"""The dossier domain: a branch's yearly standardization dossier, from its files to scores,
history, CI deltas, reports, site pages and the Word round trip."""
