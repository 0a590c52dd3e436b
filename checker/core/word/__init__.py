"""Word primitives: the official document layout, safe reading of .docx zips, text
normalization and the parts of a package."""
