"""The generic core: loading, validation, findings, standards, writing, git, Word and site
primitives. It knows no kind of content and never imports a domain package."""
